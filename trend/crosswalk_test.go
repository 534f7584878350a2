package trend_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// forces builds one observation per force for each count of each level.
func forces(id string, year string, counts ...int) []trend.Observation {
	s, ok := scale.Lookup(id)
	if !ok {
		panic(id)
	}
	var out []trend.Observation
	n := 0
	for rank, c := range counts {
		for range c {
			g, err := grade.FromRank(s, rank+1)
			if err != nil {
				panic(err)
			}
			out = append(out, trend.Observation{Subject: "force " + string(rune('A'+n%26)) + string(rune('a'+n/26)),
				Area: "effectiveness", Date: day(year + "-01-01"), Precision: trend.Year, Grade: g})
			n++
		}
	}
	return out
}

// TestCrosswalkFrom: counting the observations gives the same crosswalk as
// giving FromDistributions the counts.
func TestCrosswalkFrom(t *testing.T) {
	obs := append(forces("hmic-peel-2014", "2017", 1, 10, 25, 7), forces("hmicfrs-peel-2021", "2022", 1, 5, 15, 17, 5)...)
	cw, err := trend.CrosswalkFrom(slices.Values(obs))
	require.NoError(t, err)
	peel, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	want, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel: {1, 10, 25, 7}, peel21: {1, 5, 15, 17, 5}})
	require.NoError(t, err)
	for _, s := range []*scale.Scale{peel, peel21} {
		got, err := cw.CutPoints(s)
		require.NoError(t, err)
		exp, err := want.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, exp, got, s.ID())
	}
	pledge, _ := scale.Lookup("hmic-pledge-2009")
	assert.False(t, cw.Covers(pledge), "a scale not seen is not covered")
	c, err := cw.Compare(grade.MustParseQualified("hmic-peel-2014:Good"), grade.MustParseQualified("hmicfrs-peel-2021:Adequate"))
	require.NoError(t, err)
	assert.InDelta(t, 0.866667, c.PAbove, 1e-6, "issue 7's pinned value")
}

func TestCrosswalkFromBadInput(t *testing.T) {
	_, err := trend.CrosswalkFrom(slices.Values([]trend.Observation(nil)))
	assert.ErrorIs(t, err, trend.ErrTooFewObservations)

	once := append(forces("hmic-peel-2014", "2017", 1, 10, 25, 7), forces("hmicfrs-peel-2021", "2022", 0, 0, 1, 0, 0)...)
	_, err = trend.CrosswalkFrom(slices.Values(once))
	require.ErrorIs(t, err, trend.ErrTooFewObservations)
	assert.Contains(t, err.Error(), "hmicfrs-peel-2021 is seen once")

	// Two grades, both on one level, are enough: the other levels get
	// zero-width bands.
	twice := forces("hmicfrs-peel-2021", "2022", 0, 0, 2, 0, 0)
	_, err = trend.CrosswalkFrom(slices.Values(twice))
	assert.NoError(t, err)

	bad := forces("hmic-peel-2014", "2017", 1, 1)
	bad[1].Grade = grade.Grade{}
	_, err = trend.CrosswalkFrom(slices.Values(bad))
	var oe *trend.ObservationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 1, oe.Index)
	assert.ErrorIs(t, err, trend.ErrZeroGrade)
}
