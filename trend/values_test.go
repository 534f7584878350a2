package trend_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/trend"
)

// TestZeroObservationsReported: an observation with a zero date or grade,
// built by hand, is an error naming it in every function that reads
// observations, never silently dropped.
func TestZeroObservationsReported(t *testing.T) {
	good := obs("A", "overall", "2016-01-01", "hmic-peel-2014:Good")
	noDate := good
	noDate.Date = time.Time{}
	noGrade := obs("B", "overall", "2017-01-01", "hmic-peel-2014:Good")
	noGrade.Grade = grade.Grade{}
	for _, tc := range []struct {
		bad  trend.Observation
		want error
	}{{noDate, trend.ErrZeroDate}, {noGrade, trend.ErrZeroGrade}} {
		in := []trend.Observation{good, tc.bad}
		check := func(what string, err error) {
			t.Helper()
			var oe *trend.ObservationError
			require.ErrorAs(t, err, &oe, what)
			assert.ErrorIs(t, err, tc.want, what)
			assert.Equal(t, 1, oe.Index, what)
			assert.Equal(t, tc.bad, oe.Observation, what)
			assert.Contains(t, err.Error(), `subject "`+tc.bad.Subject+`"`, what)
		}
		_, err := trend.ByPeriod(nil, in, trend.PeriodOptions{})
		check("ByPeriod", err)
		_, err = trend.ByPeriod(nil, in, trend.PeriodOptions{Periods: []trend.Period{trend.YearPeriod(2030)}})
		check("ByPeriod, outside every period", err)
		s := trend.Series{Subject: "A", Area: "overall", Observations: in}
		_, err = s.Steps(nil)
		check("Steps", err)
		for _, err = range s.StepSeq(nil) {
		}
		check("StepSeq", err)
		_, err = s.Summary(nil)
		check("Summary", err)
		one := trend.Series{Observations: []trend.Observation{tc.bad}}
		_, err = one.Steps(nil)
		assert.ErrorIs(t, err, tc.want, "Steps of one")
		_, err = one.Summary(nil)
		assert.ErrorIs(t, err, tc.want, "Summary of one")
		n := 0
		for _, s := range trend.Group(in) {
			n += len(s.Observations)
		}
		assert.Equal(t, 2, n, "Group keeps it")
	}
}

// TestStepSeqChecksFirst: StepSeq checks every observation before the
// first step, so that a bad observation late in a series, or the first of
// two, is the one error yielded, with no steps before it.
func TestStepSeqChecksFirst(t *testing.T) {
	good := obs("A", "overall", "2016-01-01", "hmic-peel-2014:Good")
	noDate, noGrade := good, good
	noDate.Date = time.Time{}
	noGrade.Grade = grade.Grade{}
	for _, tc := range []struct {
		in    []trend.Observation
		index int
		want  error
	}{
		{[]trend.Observation{noDate}, 0, trend.ErrZeroDate},
		{[]trend.Observation{noGrade, noDate}, 0, trend.ErrZeroGrade},
		{[]trend.Observation{good, noDate, noGrade}, 1, trend.ErrZeroDate},
		{[]trend.Observation{good, good, good, noGrade}, 3, trend.ErrZeroGrade},
	} {
		s := trend.Series{Subject: "A", Area: "overall", Observations: tc.in}
		var errs []error
		for st, err := range s.StepSeq(nil) {
			assert.Equal(t, trend.Step{}, st)
			errs = append(errs, err)
		}
		require.Len(t, errs, 1, "%d observations", len(tc.in))
		var oe *trend.ObservationError
		require.ErrorAs(t, errs[0], &oe)
		assert.Equal(t, tc.index, oe.Index)
		assert.ErrorIs(t, errs[0], tc.want)
		steps, err := s.Steps(nil)
		assert.Nil(t, steps)
		assert.Equal(t, errs[0], err)
	}
}

// TestNilCrosswalkIsDefault: nil means crosswalk.Default() everywhere.
func TestNilCrosswalkIsDefault(t *testing.T) {
	s := trend.Group(leicestershire())[0] // effectiveness: two grades
	withNil, err := s.Steps(nil)
	require.NoError(t, err)
	withDefault, err := s.Steps(crosswalk.Default())
	require.NoError(t, err)
	assert.Equal(t, withDefault, withNil)
	sumNil, err := s.Summary(nil)
	require.NoError(t, err)
	sumDefault, err := s.Summary(crosswalk.Default())
	require.NoError(t, err)
	assert.Equal(t, sumDefault, sumNil)
	byNil, err := trend.ByPeriod(nil, leicestershire(), trend.PeriodOptions{})
	require.NoError(t, err)
	byDefault, err := trend.ByPeriod(crosswalk.Default(), leicestershire(), trend.PeriodOptions{})
	require.NoError(t, err)
	assert.Equal(t, byDefault, byNil)
}

func TestPrecisionText(t *testing.T) {
	for p, name := range map[trend.Precision]string{trend.Day: "day", trend.Month: "month", trend.Year: "year"} {
		assert.Equal(t, name, p.String())
		text, err := p.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, name, string(text))
		var back trend.Precision
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, p, back)
	}
	assert.Equal(t, "invalid precision", trend.Precision(7).String())
	_, err := trend.Precision(7).MarshalText()
	assert.Error(t, err)
	var p trend.Precision
	assert.Error(t, p.UnmarshalText([]byte("week")))
}

func TestObservationJSON(t *testing.T) {
	o := leicestershire()[1] // 2017-03
	data, err := json.Marshal(o)
	require.NoError(t, err)
	assert.JSONEq(t, `{"subject": "Leicestershire", "area": "effectiveness", "date": "2017-03", "precision": "month", "grade": "hmic-peel-2014:Requires improvement"}`, string(data))
	var back trend.Observation
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, o, back)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"date": "2017-13"}`), &back), trend.ErrBadDate)
}

// TestStepJSONKeys: the library's keys are the CLI's snake_case names.
func TestStepJSONKeys(t *testing.T) {
	steps, err := trend.Group(leicestershire())[0].Steps(nil)
	require.NoError(t, err)
	require.Len(t, steps, 1)
	var keys map[string]json.RawMessage
	data, err := json.Marshal(steps[0])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &keys))
	for _, k := range []string{"from", "to", "comparison", "direction", "order_from_input", "model"} {
		assert.Contains(t, keys, k)
	}
	assert.Len(t, keys, 6, "nothing of the comparison is copied beside it")
	assert.Equal(t, "null", string(keys["model"]), "no model made the step")
	assert.Equal(t, `"improved"`, string(keys["direction"]))

	sum, err := trend.Group(leicestershire())[0].Summary(nil)
	require.NoError(t, err)
	data, err = json.Marshal(sum)
	require.NoError(t, err)
	clear(keys)
	require.NoError(t, json.Unmarshal(data, &keys))
	for _, k := range []string{"subject", "area", "observations", "first", "last", "best", "worst", "first_score",
		"last_score", "best_score", "worst_score", "overall", "direction", "cross_era_steps", "model"} {
		assert.Contains(t, keys, k)
	}
}

func TestEmptySeriesNamed(t *testing.T) {
	_, err := trend.Series{Subject: "Leicestershire", Area: "overall"}.Summary(nil)
	require.ErrorIs(t, err, trend.ErrEmptySeries)
	assert.Equal(t, `trend: summary of series "Leicestershire", "overall": empty series`, err.Error())
	_, err = trend.Series{}.Summary(nil)
	require.ErrorIs(t, err, trend.ErrEmptySeries)
	assert.Equal(t, "trend: summary of a series with no subject or area: empty series", err.Error())
}
