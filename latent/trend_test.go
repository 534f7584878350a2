package latent

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The model's steps are trend's steps under its crosswalk, with the
// model's reading of each change: its direction, probability and basis,
// and no interval of the probability.
func TestModelSteps(t *testing.T) {
	obs := twoDates()
	m, err := Fit(slices.Values(obs), quick)
	require.NoError(t, err)
	series := trend.Group(obs)
	require.Len(t, series, 30)
	plain, err := series[3].Steps(m.Crosswalk())
	require.NoError(t, err)
	steps, err := m.Steps(series[3])
	require.NoError(t, err)
	require.Len(t, steps, 1)
	st := steps[0]
	assert.Equal(t, plain[0].Comparison, st.Comparison, "the comparison is the crosswalk's")
	ch, err := m.Change(series[3].Subject, series[3].Area, st.From.Date, st.To.Date)
	require.NoError(t, err)
	require.NotNil(t, st.Model)
	assert.Equal(t, ch.ModelChange, *st.Model)
	assert.Equal(t, ch.PImproved, st.PImproved())
	assert.Equal(t, ch.Direction, st.Direction)
	assert.Equal(t, crosswalk.FittedModel, st.Basis().Kind())
	assert.Equal(t, m.Crosswalk().Basis(), st.Basis())
	assert.Equal(t, CrosswalkName, st.Model.Name)
	assert.False(t, st.HasInterval(), "the model's probability has no interval of its own")
	lo, hi := st.PImprovedInterval()
	assert.Equal(t, [2]float64{0, 1}, [2]float64{lo, hi})
	assert.Contains(t, st.String(), "the chance that the later latent quality stands higher is")
	assert.Contains(t, st.String(), "Under the model's crosswalk: ")

	// In JSON the step says that there is no interval: null, not a
	// zero-width one.
	data, err := json.Marshal(st)
	require.NoError(t, err)
	var back struct {
		Model map[string]any `json:"model"`
	}
	require.NoError(t, json.Unmarshal(data, &back))
	require.NotNil(t, back.Model)
	for _, k := range []string{"p_improved_lo", "p_improved_hi"} {
		v, ok := back.Model[k]
		assert.True(t, ok, k)
		assert.Nil(t, v, k)
	}
	assert.InDelta(t, ch.PImproved, back.Model["p_improved"], 1e-12)
	assert.InDelta(t, ch.Mean, back.Model["latent_change"], 1e-12)
	var round trend.Step
	require.NoError(t, json.Unmarshal(data, &round))
	assert.Equal(t, *st.Model, *round.Model)

	sum, err := m.Summary(series[3])
	require.NoError(t, err)
	require.NotNil(t, sum.Model)
	assert.Equal(t, *st.Model, *sum.Model, "one step: the summary's change is the step's")
	assert.Equal(t, st.Direction, sum.Direction)
	assert.False(t, sum.HasInterval())
	assert.Equal(t, st.Basis(), sum.Basis())

	_, err = m.Steps(trend.Series{Subject: "Nobody", Area: "overall", Observations: obs[:2]})
	require.ErrorIs(t, err, ErrUnknownSeries)
	moved := series[3]
	moved.Observations = slices.Clone(moved.Observations)
	moved.Observations[1].Date = moved.Observations[1].Date.AddDate(0, 0, 1)
	_, err = m.Steps(moved)
	require.ErrorIs(t, err, ErrUnknownDate)
	_, err = m.Summary(moved)
	require.ErrorIs(t, err, ErrUnknownDate)
	one, err := m.Summary(trend.Series{Subject: "Nobody", Area: "overall", Observations: obs[:1]})
	require.NoError(t, err, "one grade has nothing to read")
	assert.Nil(t, one.Model)
}

// With pooled areas, each area's series is read on its subject's one
// series; the sensitivity check puts the model's reading in the place of
// its crosswalk.
func TestModelStepsPooled(t *testing.T) {
	s := mustScale("hmic-peel-2014")
	var obs []trend.Observation
	for i := range 20 {
		name := subjectName(i)
		obs = append(obs,
			trend.Observation{Subject: name, Area: "effectiveness", Date: date(2018, 5, 1), Grade: gradeOf(s, 1+i%4)},
			trend.Observation{Subject: name, Area: "efficiency", Date: date(2018, 5, 1), Grade: gradeOf(s, 1+(i+1)%4)},
			trend.Observation{Subject: name, Area: "effectiveness", Date: date(2019, 5, 1), Grade: gradeOf(s, 1+(i+i/5)%4)},
			trend.Observation{Subject: name, Area: "efficiency", Date: date(2019, 5, 1), Grade: gradeOf(s, 1+(i+2)%4)})
	}
	m, err := Fit(slices.Values(inOrder(obs)), &Options{PoolAreas: true, Chains: 2, Warmup: 60, Draws: 60})
	require.NoError(t, err)
	series := trend.Group(obs)
	a, err := m.Summary(series[0])
	require.NoError(t, err)
	b, err := m.Summary(series[1])
	require.NoError(t, err)
	require.Equal(t, series[0].Subject, series[1].Subject)
	assert.Equal(t, *a.Model, *b.Model, "two areas of one subject read one pooled series")

	linkings, err := trend.Linkings(obs, m.Crosswalk())
	require.NoError(t, err)
	sens, err := a.Sensitivity(linkings...)
	require.NoError(t, err)
	require.NotNil(t, sens.Model)
	for _, r := range sens.Readings {
		assert.NotEqual(t, CrosswalkName, r.Crosswalk, "the model's reading stands in its crosswalk's place")
	}
	assert.Equal(t, *a.Model, *sens.Model)
	assert.Contains(t, sens.String(), "; latent ")
}

func TestPopulationOver(t *testing.T) {
	obs := twoDates()
	m, err := Fit(slices.Values(obs), quick)
	require.NoError(t, err)
	// μ is linear within a year: its mean over 2018 is the mean of its
	// values at the year's two knots.
	year, err := m.PopulationOver(date(2018, 1, 1), date(2018, 12, 31))
	require.NoError(t, err)
	jan, err := m.PopulationAt(date(2018, 1, 1))
	require.NoError(t, err)
	next, err := m.PopulationAt(date(2019, 1, 1))
	require.NoError(t, err)
	assert.InDelta(t, (jan.Latent.Mean+next.Latent.Mean)/2, year.Latent.Mean, 1e-9)
	assert.Equal(t, date(2018, 7, 2).Add(12*time.Hour), year.Date)
	assert.LessOrEqual(t, year.Lo90, year.Mean)
	assert.LessOrEqual(t, year.Mean, year.Hi90)

	// One day is μ on that day; a span partly outside the knots is cut to
	// them.
	day1, err := m.PopulationOver(date(2018, 6, 1), date(2018, 6, 1))
	require.NoError(t, err)
	at, err := m.PopulationAt(date(2018, 6, 1))
	require.NoError(t, err)
	assert.InDelta(t, at.Latent.Mean, day1.Latent.Mean, 0.002, "a day's mean is μ over that day")
	wide, err := m.PopulationOver(date(2010, 1, 1), date(2018, 12, 31))
	require.NoError(t, err)
	assert.InDelta(t, year.Latent.Mean, wide.Latent.Mean, 1e-9)

	// Across a knot the mean is the integral of a broken line: near the
	// mean of μ over the days.
	across, err := m.PopulationOver(date(2018, 7, 1), date(2019, 6, 30))
	require.NoError(t, err)
	sum, days := 0.0, 0
	for d := date(2018, 7, 1); !d.After(date(2019, 6, 30)); d = d.AddDate(0, 0, 1) {
		p, err := m.PopulationAt(d)
		require.NoError(t, err)
		sum += p.Latent.Mean
		days++
	}
	assert.InDelta(t, sum/float64(days), across.Latent.Mean, 1e-3)

	_, err = m.PopulationOver(date(2010, 1, 1), date(2010, 12, 31))
	require.ErrorIs(t, err, ErrOutOfRange)
	_, err = m.PopulationOver(date(2019, 1, 1), date(2018, 1, 1))
	require.ErrorIs(t, err, ErrOutOfRange)
}
