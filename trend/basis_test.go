package trend_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// oneStep returns the step between two grades of one subject and area.
func oneStep(t *testing.T, cw *crosswalk.Crosswalk, from, to string) trend.Step {
	t.Helper()
	s := trend.Group([]trend.Observation{obs("f", "a", "2010-01-01", from), obs("f", "a", "2020-01-01", to)})[0]
	steps, err := s.Steps(cw)
	require.NoError(t, err)
	require.Len(t, steps, 1)
	return steps[0]
}

// Across two scales a step is unchanged only where an issuer published
// the equivalence: identical equal-width bands are uncertain, at 0.5.
func TestNoEquivalenceByAssumption(t *testing.T) {
	for _, tc := range []struct {
		name, from, to string
		dir            trend.Direction
		p              float64
		basis          crosswalk.BasisKind
	}{
		// Ofsted set Requires improvement as a higher bar than Satisfactory;
		// equal widths give both [0.25, 0.5].
		{"equal widths", "ofsted-schools-2005:Satisfactory", "ofsted-schools-2012:Requires improvement", trend.Uncertain, 0.5, crosswalk.EqualWidths},
		{"same scale", "hmic-peel-2014:Good", "hmic-peel-2014:Good", trend.Unchanged, 0.5, crosswalk.SameScale},
		{"published equivalence", "estyn-inspection-2010:Good", "estyn-inspection-2017:Good", trend.Unchanged, 0.5, crosswalk.PublishedEquivalence},
	} {
		st := oneStep(t, nil, tc.from, tc.to)
		assert.Equal(t, tc.dir, st.Direction, tc.name)
		assert.Equal(t, tc.p, st.PImproved(), tc.name)
		assert.Equal(t, tc.basis, st.Basis().Kind(), tc.name)
		assert.False(t, st.HasInterval(), tc.name)
	}
}

// A step or summary without an interval says so, and its bounds exclude
// nothing: a filter on the low end cannot pass on a point value, even one
// of 1.
func TestAbsentInterval(t *testing.T) {
	st := oneStep(t, nil, "hmic-peel-2014:Requires improvement", "hmicfrs-peel-2021:Good")
	require.Equal(t, trend.Improved, st.Direction)
	require.Equal(t, 1.0, st.PImproved())
	assert.False(t, st.HasInterval())
	lo, hi := st.PImprovedInterval()
	assert.Equal(t, 0.0, lo)
	assert.Equal(t, 1.0, hi)
	assert.False(t, lo >= 0.9, "a filter on the low end passes on a point value")

	data, err := json.Marshal(st)
	require.NoError(t, err)
	var back struct{ Comparison map[string]any }
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Contains(t, back.Comparison, "p_above_lo")
	assert.Nil(t, back.Comparison["p_above_lo"], "JSON writes null for an absent interval")
	assert.Nil(t, back.Comparison["p_above_hi"])

	sum, err := trend.Group([]trend.Observation{st.From, st.To})[0].Summary(nil)
	require.NoError(t, err)
	assert.False(t, sum.HasInterval())
	lo, _ = sum.PImprovedInterval()
	assert.False(t, lo >= 0.9)

	// Under a crosswalk counted from data there is an interval.
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	cw, err := trend.CrosswalkFrom(slices.Values(in))
	require.NoError(t, err)
	st = oneStep(t, cw, "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate")
	assert.True(t, st.HasInterval())
	lo, hi = st.PImprovedInterval()
	assert.Less(t, lo, st.PImproved())
	assert.Greater(t, hi, st.PImproved())
}

func TestStepAndSummaryString(t *testing.T) {
	s := trend.Group(leicestershire())
	var eff trend.Series
	for _, x := range s {
		if x.Area == "effectiveness" {
			eff = x
		}
	}
	require.NotEmpty(t, eff.Observations)
	steps, err := eff.Steps(nil)
	require.NoError(t, err)
	require.NotEmpty(t, steps)
	text := steps[0].String()
	assert.True(t, strings.HasPrefix(text, "Leicestershire, effectiveness, "), text)
	assert.Contains(t, text, steps[0].Direction.String())
	assert.Contains(t, text, steps[0].Comparison.String(), "the comparison's own sentence, which names the basis")

	cross := oneStep(t, nil, "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate")
	assert.Contains(t, cross.String(), "uncertain. Adequate (PEEL assessments 2021/22) cannot be ranked against Good")
	assert.Contains(t, cross.String(), "on equal-width bands, an assumption, and with the two positions treated as unrelated, the chance that the first stands higher is 10%")

	sum, err := eff.Summary(nil)
	require.NoError(t, err)
	assert.Contains(t, sum.String(), "Leicestershire, effectiveness: ")
	assert.Contains(t, sum.String(), sum.Overall.String())

	two, err := trend.Group([]trend.Observation{cross.From, cross.To})[0].Summary(nil)
	require.NoError(t, err)
	assert.Contains(t, two.String(), "f, a: 2 grades from 2010-01-01 to 2020-01-01, uncertain from first to last, across 1 change of scale. ")

	single, err := trend.Series{Subject: "f", Area: "a", Observations: []trend.Observation{cross.From}}.Summary(nil)
	require.NoError(t, err)
	assert.Equal(t, "f, a: one grade, Good (2010-01-01); nothing to compare.", single.String())
	assert.Equal(t, crosswalk.Basis{}, single.Basis())
	assert.True(t, strings.HasSuffix(trend.Step{}.String(), ": invalid step"), "the zero Step")
}

// The crosswalk counted from the input says so in every comparison.
func TestCrosswalkFromIsNamed(t *testing.T) {
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	cw, err := trend.CrosswalkFrom(slices.Values(in))
	require.NoError(t, err)
	assert.Equal(t, trend.DataCrosswalkName, cw.Name())
	assert.Equal(t, crosswalk.NewBasis(crosswalk.CountedDistributions, trend.DataSource), cw.Basis())
	st := oneStep(t, cw, "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate")
	text, err := st.Basis().MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "counted: the input's observations", string(text))
	assert.Contains(t, st.String(), "on counted distributions (the input's observations)")
}

func TestLinkings(t *testing.T) {
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	in = append(in, obs("lone", "effectiveness", "2009-01-01", "hmic-pledge-2009:Good")) // seen once: no data linking for it
	set, err := trend.Linkings(in)
	require.NoError(t, err)
	var names []string
	for _, cw := range set {
		names = append(names, cw.Name())
	}
	assert.Equal(t, []string{"default", "observed", "data"}, names)
	pledge, _ := scale.Lookup("hmic-pledge-2009")
	assert.False(t, set[2].Covers(pledge), "a scale seen once is left out of the data linking")

	// No observations: no data linking. An extra crosswalk comes last, one
	// with the name of a linking replaces it, and nil is left out.
	nhs, err := crosswalk.ObservedFor("nhs-trusts")
	require.NoError(t, err)
	peel, _ := scale.Lookup("hmic-peel-2014")
	model, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{peel: {0, 0.1, 0.3, 0.8, 1}})
	require.NoError(t, err)
	model = model.Named("model", "a test")
	set, err = trend.Linkings(nil, nil, nhs, model)
	require.NoError(t, err)
	require.Len(t, set, 3)
	assert.Equal(t, crosswalk.Default().Name(), set[0].Name())
	assert.Same(t, nhs, set[1], "the observed crosswalk for a sector stands in the observed one's place")
	assert.Same(t, model, set[2])

	_, err = trend.Linkings([]trend.Observation{{Subject: "x"}})
	var oe *trend.ObservationError
	assert.ErrorAs(t, err, &oe)
}

func TestSensitivity(t *testing.T) {
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	set, err := trend.Linkings(in)
	require.NoError(t, err)

	// Good to Adequate: the linkings disagree.
	st := oneStep(t, nil, "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate")
	sens, err := st.Sensitivity(set...)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.DependsOnLinking, sens.Verdict)
	assert.Equal(t, st.To.Grade, sens.A, "the later grade first")
	require.Len(t, sens.Readings, 3)
	assert.Equal(t, "data", sens.Readings[2].Crosswalk)

	// Requires improvement to Outstanding is better under every linking.
	sum, err := trend.Group([]trend.Observation{
		obs("f", "a", "2017-01-01", "hmic-peel-2014:Requires improvement"),
		obs("f", "a", "2022-01-01", "hmicfrs-peel-2021:Outstanding"),
	})[0].Summary(nil)
	require.NoError(t, err)
	sens, err = sum.Sensitivity(set...)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Robust, sens.Verdict)

	// A single grade has nothing to compare.
	single, err := trend.Series{Subject: "f", Area: "a", Observations: in[:1]}.Summary(nil)
	require.NoError(t, err)
	sens, err = single.Sensitivity(set...)
	require.NoError(t, err)
	assert.Equal(t, trend.Sensitivity{}, sens)

	// A crosswalk set that covers neither grade is CompareUnder's error.
	peel, _ := scale.Lookup("hmic-peel-2014")
	only, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel: {1, 2, 3, 4}})
	require.NoError(t, err)
	_, err = oneStep(t, nil, "hmicfrs-peel-2021:Good", "hmicfrs-peel-2021:Adequate").Sensitivity(only)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
}

// By default each period on one scale is counted level by level, each bin
// labelled by its grade; with several scales, or bins forced, the labels
// list the levels each bin holds, and a bin that counts two levels of one
// scale together says so.
func TestByPeriodBinsFollowGrades(t *testing.T) {
	in := []trend.Observation{
		obs("a", "x", "2016-03-01", "hmic-peel-2014:Good"),
		obs("b", "x", "2016-03-01", "hmic-peel-2014:Requires improvement"),
		obs("a", "x", "2022-03-01", "hmicfrs-peel-2021:Adequate"),
		obs("b", "x", "2022-04-01", "hmic-peel-2014:Good"), // a late 2014-scale grade: two scales in 2022
	}
	sums, err := trend.ByPeriod(nil, in, trend.PeriodOptions{})
	require.NoError(t, err)
	require.Len(t, sums, 2)
	s := sums[0]
	assert.True(t, s.ByLevel)
	assert.Equal(t, []int{0, 1, 1, 0}, s.Bins)
	var labels []string
	for i := range s.Bins {
		labels = append(labels, s.Label(i))
	}
	assert.Equal(t, []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}, labels)
	assert.Equal(t, crosswalk.Band{Lo: 0.25, Hi: 0.5}, s.BinLabels[1].Band, "a level's bin spans its band")
	assert.Equal(t, "", s.Label(9))

	mixed := sums[1]
	assert.False(t, mixed.ByLevel)
	require.Len(t, mixed.Bins, trend.DefaultBins)
	assert.Equal(t, []int{0, 0, 1, 1, 0}, mixed.Bins)
	assert.Equal(t, "hmicfrs-peel-2021:Adequate", mixed.Label(2), "0.5 of 5 bins")
	assert.Equal(t, "hmic-peel-2014:Good, hmicfrs-peel-2021:Good", mixed.Label(3), "by score: 0.625, then 0.7")
	assert.Equal(t, crosswalk.Band{Lo: 0.6, Hi: 0.8}, mixed.BinLabels[3].Band)
	for _, b := range mixed.BinLabels {
		assert.False(t, b.MergesLevels)
	}

	// The Care Inspectorate's six grades in five bins: Adequate and Good
	// share the middle bin.
	care := func(subject, g string) trend.Observation {
		return obs(subject, "leadership", "2019-01-01", "care-inspectorate-grades-2011:"+g)
	}
	sums, err = trend.ByPeriod(nil, []trend.Observation{care("a", "Adequate"), care("b", "Good"), care("c", "Excellent")}, trend.PeriodOptions{Bins: 5})
	require.NoError(t, err)
	require.Len(t, sums, 1)
	assert.Equal(t, []int{0, 0, 2, 0, 1}, sums[0].Bins)
	assert.Equal(t, "Adequate, Good", sums[0].Label(2))
	assert.True(t, sums[0].BinLabels[2].MergesLevels)
	assert.Equal(t, "Excellent", sums[0].Label(4))
	assert.False(t, sums[0].BinLabels[4].MergesLevels)

	// A bin that holds two levels but counted grades of one merges nothing.
	sums, err = trend.ByPeriod(nil, []trend.Observation{care("a", "Adequate"), care("b", "Adequate")}, trend.PeriodOptions{Bins: 5})
	require.NoError(t, err)
	assert.Equal(t, "Adequate, Good", sums[0].Label(2))
	assert.False(t, sums[0].BinLabels[2].MergesLevels)

	// Level by level, nothing is merged.
	sums, err = trend.ByPeriod(nil, []trend.Observation{care("a", "Adequate"), care("b", "Good")}, trend.PeriodOptions{})
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 1, 1, 0, 0}, sums[0].Bins)

	data, err := json.Marshal(sums[0])
	require.NoError(t, err)
	for _, key := range []string{`"by_level":true`, `"bin_labels":[{"band":{"lo":0,"hi":0.16666666666666666},"grades":["care-inspectorate-grades-2011:Unsatisfactory"],"merges_levels":false}`, `"straddling":0`, `"norm_referenced":false`, `"counted_from_input":false`} {
		assert.Contains(t, string(data), key)
	}
}

// Under a crosswalk placed by counts, means measure standing within each
// scale's reference population; counted from the very grades summarised,
// each scale's mean is 0.5 whatever the grades.
func TestByPeriodNormReferenced(t *testing.T) {
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	sums, err := trend.ByPeriod(nil, in, trend.PeriodOptions{})
	require.NoError(t, err)
	for _, s := range sums {
		assert.False(t, s.NormReferenced)
		assert.False(t, s.CountedFromInput)
	}
	assert.Empty(t, trend.MeansNote(sums))

	sums, err = trend.ByPeriod(crosswalk.Observed(), in, trend.PeriodOptions{})
	require.NoError(t, err)
	for _, s := range sums {
		assert.True(t, s.NormReferenced)
		assert.False(t, s.CountedFromInput)
	}
	assert.Contains(t, trend.MeansNote(sums), "measures standing within its scale's reference population, not change between eras")

	cw, err := trend.CrosswalkFrom(slices.Values(in))
	require.NoError(t, err)
	sums, err = trend.ByPeriod(cw, in, trend.PeriodOptions{})
	require.NoError(t, err)
	require.Len(t, sums, 2)
	for _, s := range sums {
		assert.True(t, s.NormReferenced)
		assert.True(t, s.CountedFromInput)
		assert.InDelta(t, 0.5, s.Mean, 1e-12, "0.5 by construction")
	}
	assert.Contains(t, trend.MeansNote(sums), "every scale's mean score over them is 0.5 by construction")

	// The same crosswalk over a subset: its means are not 0.5 by
	// construction, only norm-referenced.
	sums, err = trend.ByPeriod(cw, in[:20], trend.PeriodOptions{})
	require.NoError(t, err)
	require.Len(t, sums, 1)
	assert.True(t, sums[0].NormReferenced)
	assert.False(t, sums[0].CountedFromInput)
	assert.NotContains(t, trend.MeansNote(sums), "by construction")

	// Counts in the same proportions are the same bands: 0.5 again.
	peel, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	doubled, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel: {4, 20, 50, 12}, peel21: {2, 16, 30, 30, 8}})
	require.NoError(t, err)
	sums, err = trend.ByPeriod(doubled, in, trend.PeriodOptions{})
	require.NoError(t, err)
	assert.True(t, sums[0].CountedFromInput)
}

// A date after the last catalogued era of a family with a known successor
// is reported in the scale package's own words: what the successor is and
// how to register it.
func TestNotCataloguedRowError(t *testing.T) {
	_, err := trend.NewObservation(nil, trend.Fields{Subject: "Leicestershire", Area: "effectiveness", Date: "2026-05-01", Scale: "hmicfrs-fire", Grade: "Good"})
	require.ErrorIs(t, err, scale.ErrNotCatalogued)
	var re *trend.RowError
	require.ErrorAs(t, err, &re)
	var ife *scale.InForceError
	require.True(t, errors.As(err, &ife))
	reason := re.Reason()
	assert.Contains(t, reason, ife.Successor.Name)
	assert.Contains(t, reason, "register it with scale.Register, or pass it to gradewalk with -scales FILE")
	assert.NotContains(t, reason, "scale: ", "the scale package's prefix is dropped inside a row's reason")
}
