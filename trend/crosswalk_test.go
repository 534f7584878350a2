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

// TestCrosswalkFromCounts: counts already made give the crosswalk that
// CrosswalkFrom makes of the observations, with the same errors.
func TestCrosswalkFromCounts(t *testing.T) {
	peel, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	obs := append(forces("hmic-peel-2014", "2017", 1, 10, 25, 7), forces("hmicfrs-peel-2021", "2022", 1, 5, 15, 17, 5)...)
	want, err := trend.CrosswalkFrom(slices.Values(obs))
	require.NoError(t, err)
	got, err := trend.CrosswalkFromCounts(map[*scale.Scale][]float64{peel: {1, 10, 25, 7}, peel21: {1, 5, 15, 17, 5}})
	require.NoError(t, err)
	assert.Equal(t, want.String(), got.String())
	for _, s := range []*scale.Scale{peel, peel21} {
		exp, err := want.CutPoints(s)
		require.NoError(t, err)
		cut, err := got.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, exp, cut, s.ID())
	}

	_, err = trend.CrosswalkFromCounts(nil)
	_, errFrom := trend.CrosswalkFrom(slices.Values([]trend.Observation(nil)))
	require.ErrorIs(t, err, trend.ErrTooFewObservations)
	assert.Equal(t, errFrom.Error(), err.Error())

	_, err = trend.CrosswalkFromCounts(map[*scale.Scale][]float64{peel: {1, 10, 25, 7}, peel21: {0, 0, 1, 0, 0}})
	_, errFrom = trend.CrosswalkFrom(slices.Values(append(forces("hmic-peel-2014", "2017", 1, 10, 25, 7), forces("hmicfrs-peel-2021", "2022", 0, 0, 1, 0, 0)...)))
	require.ErrorIs(t, err, trend.ErrTooFewObservations)
	assert.Equal(t, errFrom.Error(), err.Error())

	_, err = trend.CrosswalkFromCounts(map[*scale.Scale][]float64{peel: {1, -1, 2, 0}})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
}

// TestIntervalsFromData: a step and a summary carry the 90% interval of
// the comparison under a crosswalk from counts; issue 7 pins PAbove of
// 2014 Good against 2021 Adequate at 0.866667 with an interval of about
// [0.68, 0.99], so the step from Good down to Adequate has the complement.
func TestIntervalsFromData(t *testing.T) {
	obs := append(forces("hmic-peel-2014", "2017", 1, 10, 25, 7), forces("hmicfrs-peel-2021", "2022", 1, 5, 15, 17, 5)...)
	cw, err := trend.CrosswalkFrom(slices.Values(obs))
	require.NoError(t, err)
	s := trend.Series{Subject: "F", Area: "effectiveness", Observations: []trend.Observation{
		written("2019", "hmic-peel-2014:Good"), written("2022", "hmicfrs-peel-2021:Adequate"),
	}}
	steps, err := s.Steps(cw)
	require.NoError(t, err)
	st := steps[0]
	assert.InDelta(t, 1-0.866667, st.PImproved(), 1e-6)
	assert.InDelta(t, 1-0.99, lo(st.PImprovedInterval()), 0.02)
	assert.InDelta(t, 1-0.68, hi(st.PImprovedInterval()), 0.02)
	assert.Equal(t, st.Comparison.PAboveLo, lo(st.PImprovedInterval()))
	assert.Equal(t, st.Comparison.PAboveHi, hi(st.PImprovedInterval()))
	sum, err := s.Summary(cw)
	require.NoError(t, err)
	assert.Equal(t, [3]float64{st.PImproved(), lo(st.PImprovedInterval()), hi(st.PImprovedInterval())}, [3]float64{sum.PImproved(), lo(sum.PImprovedInterval()), hi(sum.PImprovedInterval())})

	// Without counts there is no interval: the bounds exclude nothing.
	steps, err = s.Steps(nil)
	require.NoError(t, err)
	assert.False(t, steps[0].Comparison.HasInterval())
	assert.Equal(t, [2]float64{0, 1}, [2]float64{lo(steps[0].PImprovedInterval()), hi(steps[0].PImprovedInterval())})
}

// lo and hi pick one end of an interval.
func lo(l, _ float64) float64 { return l }
func hi(_, h float64) float64 { return h }
