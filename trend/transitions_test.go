package trend_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// transitionObs builds observations from subject, area, date and
// "scale-id:Label".
func transitionObs(t *testing.T, rows ...[4]string) []trend.Observation {
	t.Helper()
	var out []trend.Observation
	for _, r := range rows {
		id, label, _ := strings.Cut(r[3], ":")
		o, err := trend.NewObservation(scale.Default(), trend.Fields{Subject: r[0], Area: r[1], Date: r[2], Scale: id, Grade: label})
		require.NoError(t, err, "%v", r)
		out = append(out, o)
	}
	return out
}

func TestTransitions(t *testing.T) {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	obs := transitionObs(t,
		// A: two grades on PEEL 2014; the last counts.
		[4]string{"A", "overall", "2016", "hmic-peel-2014:Requires improvement"},
		[4]string{"A", "overall", "2019", "hmic-peel-2014:Good"},
		[4]string{"A", "overall", "2022", "hmicfrs-peel-2021:Adequate"},
		[4]string{"A", "overall", "2023", "hmicfrs-peel-2021:Good"},
		// B: the same transition, another area of its own.
		[4]string{"B", "effectiveness", "2018", "hmic-peel-2014:Good"},
		[4]string{"B", "effectiveness", "2022", "hmicfrs-peel-2021:Adequate"},
		// C: graded on PEEL 2014 only.
		[4]string{"C", "overall", "2018", "hmic-peel-2014:Good"},
		// D: a later scale in between plays no part.
		[4]string{"D", "overall", "2018", "hmic-peel-2014:Outstanding"},
		[4]string{"D", "overall", "2022", "hmicfrs-peel-2021:Inadequate"},
		[4]string{"D", "overall", "2024", "hmicfrs-peel-2023:Good"},
		// E: graded on the second scale before the first.
		[4]string{"E", "overall", "2022", "hmicfrs-peel-2021:Good"},
		[4]string{"E", "overall", "2023", "hmic-peel-2014:Good"},
	)
	tab, err := trend.Transitions(obs, peel14, peel21)
	require.NoError(t, err)
	assert.Same(t, peel14, tab.From())
	assert.Same(t, peel21, tab.To())
	assert.Equal(t, 3, tab.Len())
	rows := slices.Collect(tab.Rows())
	require.Len(t, rows, 3)
	assert.Equal(t, "A", rows[0].Subject)
	assert.Equal(t, "Good", rows[0].From.Grade.Label(), "the last grade on the first scale")
	assert.Equal(t, "2019", rows[0].From.DateString())
	assert.Equal(t, "Adequate", rows[0].To.Grade.Label(), "the first grade on the second")
	assert.Equal(t, []string{"A", "B", "D"}, []string{rows[0].Subject, rows[1].Subject, rows[2].Subject})

	good := grade.MustParse(peel14, "Good")
	adequate := grade.MustParse(peel21, "Adequate")
	assert.Equal(t, 2, tab.Count(good, adequate))
	assert.Equal(t, 1, tab.Count(grade.MustParse(peel14, "Outstanding"), grade.MustParse(peel21, "Inadequate")))
	assert.Zero(t, tab.Count(good, grade.MustParse(peel21, "Good")))
	assert.Zero(t, tab.Count(adequate, good), "grades the wrong way round are on neither side")
	assert.Zero(t, tab.Count(grade.Grade{}, adequate))

	flows := slices.Collect(tab.Flows())
	assert.Equal(t, []trend.Flow{
		{From: good, To: adequate, Count: 2},
		{From: grade.MustParse(peel14, "Outstanding"), To: grade.MustParse(peel21, "Inadequate"), Count: 1},
	}, flows, "worst first by the first scale's grade")
	total := 0
	for _, f := range flows {
		total += f.Count
	}
	assert.Equal(t, tab.Len(), total, "every row is in one flow")

	unordered := slices.Collect(tab.Unordered())
	require.Len(t, unordered, 1, "E is reported, not counted")
	assert.Equal(t, "E", unordered[0].Subject)
	assert.Equal(t, "2023", unordered[0].From.DateString())
}

// A transition and a flow write snake-case keys, grades qualified and
// dates with their precision, as the CLI's JSON shows them.
func TestTransitionsJSON(t *testing.T) {
	obs := transitionObs(t,
		[4]string{"A", "overall", "2019-05", "hmic-peel-2014:Good"},
		[4]string{"A", "overall", "2022", "hmicfrs-peel-2021:Adequate"},
	)
	tab, err := trend.Transitions(obs, obs[0].Grade.Scale(), obs[1].Grade.Scale())
	require.NoError(t, err)
	rows := slices.Collect(tab.Rows())
	require.Len(t, rows, 1)
	data, err := json.Marshal(rows[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"subject": "A", "area": "overall",
		"from": {"subject": "A", "area": "overall", "date": "2019-05", "precision": "month", "grade": "hmic-peel-2014:Good"},
		"to": {"subject": "A", "area": "overall", "date": "2022", "precision": "year", "grade": "hmicfrs-peel-2021:Adequate"}}`, string(data))
	data, err = json.Marshal(slices.Collect(tab.Flows()))
	require.NoError(t, err)
	assert.JSONEq(t, `[{"from": "hmic-peel-2014:Good", "to": "hmicfrs-peel-2021:Adequate", "count": 1}]`, string(data))
}

// A copy of a scale counts as the scale.
func TestTransitionsCopies(t *testing.T) {
	builtin, err := scale.Builtin()
	require.NoError(t, err)
	var peel14, peel21 *scale.Scale
	for _, s := range builtin {
		switch s.ID() {
		case "hmic-peel-2014":
			peel14 = s
		case "hmicfrs-peel-2021":
			peel21 = s
		}
	}
	obs := transitionObs(t,
		[4]string{"A", "overall", "2019", "hmic-peel-2014:Good"},
		[4]string{"A", "overall", "2022", "hmicfrs-peel-2021:Good"},
	)
	tab, err := trend.Transitions(obs, peel14, peel21)
	require.NoError(t, err)
	assert.Equal(t, 1, tab.Len())
	assert.Equal(t, 1, tab.Count(obs[0].Grade, obs[1].Grade))
}

func TestTransitionsErrors(t *testing.T) {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	for _, pair := range [][2]*scale.Scale{{nil, peel21}, {peel14, nil}, {peel14, peel14}} {
		_, err := trend.Transitions(nil, pair[0], pair[1])
		assert.ErrorIs(t, err, trend.ErrTransitionScales)
	}
	obs := transitionObs(t, [4]string{"A", "overall", "2019", "hmic-peel-2014:Good"})
	obs = append(obs, trend.Observation{Subject: "B", Grade: obs[0].Grade})
	_, err := trend.Transitions(obs, peel14, peel21)
	var oe *trend.ObservationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 1, oe.Index)
	assert.ErrorIs(t, err, trend.ErrZeroDate)

	var zero trend.TransitionTable
	assert.Zero(t, zero.Len())
	assert.Nil(t, zero.From())
	assert.Empty(t, slices.Collect(zero.Flows()))
	assert.Zero(t, zero.Count(obs[0].Grade, obs[0].Grade))
}

// BenchmarkTransitions counts transitions at two sizes a factor of ten
// apart.
func BenchmarkTransitions(b *testing.B) {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	for _, n := range []int{1_000, 10_000} {
		var obs []trend.Observation
		for i := range n {
			for _, r := range []struct {
				id, date, label string
			}{{"hmic-peel-2014", "2019", "Good"}, {"hmicfrs-peel-2021", "2022", "Adequate"}} {
				o, err := trend.NewObservation(scale.Default(), trend.Fields{Subject: fmt.Sprintf("S%d", i), Area: "overall", Date: r.date, Scale: r.id, Grade: r.label})
				require.NoError(b, err)
				obs = append(obs, o)
			}
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := trend.Transitions(obs, peel14, peel21); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The table behind a transitions picture: where the subjects graded on
// both sides of a change of scale went.
func ExampleTransitions() {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	var obs []trend.Observation
	for _, r := range [][4]string{
		{"Northshire", "2019", "hmic-peel-2014", "Good"},
		{"Northshire", "2022", "hmicfrs-peel-2021", "Adequate"},
		{"Southshire", "2019", "hmic-peel-2014", "Good"},
		{"Southshire", "2022", "hmicfrs-peel-2021", "Adequate"},
		{"Westshire", "2019", "hmic-peel-2014", "Requires improvement"},
		{"Westshire", "2022", "hmicfrs-peel-2021", "Good"},
	} {
		o, err := trend.NewObservation(scale.Default(), trend.Fields{Subject: r[0], Area: "overall", Date: r[1], Scale: r[2], Grade: r[3]})
		if err != nil {
			fmt.Println(err)
			return
		}
		obs = append(obs, o)
	}
	table, err := trend.Transitions(obs, peel14, peel21)
	if err != nil {
		fmt.Println(err)
		return
	}
	for f := range table.Flows() {
		fmt.Printf("%s → %s: %d\n", f.From.Label(), f.To.Label(), f.Count)
	}
	// Output:
	// Requires improvement → Good: 1
	// Good → Adequate: 2
}
