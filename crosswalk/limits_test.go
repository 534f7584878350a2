package crosswalk_test

import (
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// bigPair builds a counted crosswalk of two scales of n levels each.
func bigPair(t testing.TB, n int) (*crosswalk.Crosswalk, *scale.Scale, *scale.Scale) {
	t.Helper()
	a, b := newScale(t, fmt.Sprintf("big-a-%d", n), n), newScale(t, fmt.Sprintf("big-b-%d", n), n)
	ca, cb := make([]float64, n), make([]float64, n)
	for k := range ca {
		ca[k], cb[k] = float64(k%7+1), float64(k%5+1)
	}
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: ca, b: cb})
	require.NoError(t, err)
	return cw, a, b
}

// A new pair of levels draws its two bands and nothing more, whatever the
// scales' sizes: a scale of more than 64 levels used to be drawn whole,
// 4,000 times, for each pair (0.6 s per pair at 1,000 levels).
func TestNewPairDrawsTwoBands(t *testing.T) {
	cw, a, b := bigPair(t, scale.MaxLevels)
	before := crosswalk.BandsDrawn()
	c, err := cw.Compare(fromRank(t, a, 500), fromRank(t, b, 501))
	require.NoError(t, err)
	assert.True(t, c.HasInterval())
	assert.Equal(t, int64(2), crosswalk.BandsDrawn()-before)
	// Another level of a: one band more.
	_, err = cw.Compare(fromRank(t, a, 7), fromRank(t, b, 501))
	require.NoError(t, err)
	assert.Equal(t, int64(3), crosswalk.BandsDrawn()-before)
}

// The caches are bounded: asking for many more pairs than they hold keeps
// them at their bounds, retains little memory, and an evicted interval
// comes back the same. The old cache kept a row for each level asked,
// growing with the square of the levels (3 to 5 GB from a 1.1 MB input).
func TestIntervalCachesBounded(t *testing.T) {
	smallCaches(t, 16)
	cw, a, b := bigPair(t, 300)
	first, err := cw.Compare(fromRank(t, a, 1), fromRank(t, b, 2))
	require.NoError(t, err)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for k := 1; k <= 300; k++ {
		_, err := cw.Compare(fromRank(t, a, k), fromRank(t, b, 301-k))
		require.NoError(t, err)
		_, err = cw.BandInterval(fromRank(t, a, k))
		require.NoError(t, err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	pairs, bands, cuts := crosswalk.CacheLens(cw)
	assert.LessOrEqual(t, pairs, 16)
	assert.LessOrEqual(t, bands, 16)
	assert.LessOrEqual(t, cuts, 16)
	// 16 bands of draws are 16 × 64 KB; the old cache held 300 rows of 300.
	assert.Less(t, int64(after.HeapInuse)-int64(before.HeapInuse), int64(4<<20), "heap retained")
	again, err := cw.Compare(fromRank(t, a, 1), fromRank(t, b, 2))
	require.NoError(t, err)
	assert.Equal(t, first, again, "evicted and computed again, to the same bits")
}

// Tiny counts are not a sample: EquateSE says so instead of returning +Inf.
func TestEquateSETinyCounts(t *testing.T) {
	from, to := newScale(t, "tiny-from", 3), newScale(t, "tiny-to", 3)
	for _, counts := range [][]float64{{1e-200, 2e-200, 1e-200}, {0.2, 0.5, 0.2}, {5e-324, 5e-324, 0}} {
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: counts, to: {10, 20, 10}})
		require.NoError(t, err)
		for k := 1; k <= 3; k++ {
			se, err := cw.EquateSE(fromRank(t, from, k), to)
			require.ErrorIs(t, err, crosswalk.ErrNoSampleSize, "%v", counts)
			assert.Contains(t, err.Error(), "less than one graded unit")
			assert.Zero(t, se)
		}
	}
	// From one graded unit up, the standard error is finite.
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: {1, 0, 0}, to: {1, 0, 0}})
	require.NoError(t, err)
	for k := 1; k <= 3; k++ {
		se, err := cw.EquateSE(fromRank(t, from, k), to)
		require.NoError(t, err)
		assert.False(t, math.IsInf(se, 0) || math.IsNaN(se))
	}
}

// FuzzFromDistributions gives FromDistributions arbitrary counts (NaN,
// ±Inf, negative, huge, subnormal, all zero): it either fails with a
// ScaleError wrapping ErrInvalidCounts, or builds a crosswalk whose bands
// tile [0, 1], whose comparisons are finite and mirror, whose intervals
// hold, and whose standard errors are finite or ErrNoSampleSize.
func FuzzFromDistributions(f *testing.F) {
	f.Add(1.0, 10.0, 25.0, 7.0, 1.0, 5.0, 15.0)
	f.Add(0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0)
	f.Add(math.NaN(), 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(math.Inf(1), 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(1e308, 1e308, 1.0, 1.0, 1.0, 1.0, 1.0)
	f.Add(5e-324, 0.0, 0.0, 5e-324, 1e-200, 0.0, 1e-200)
	a, b := newScale(t0(f), "fuzz-a", 4), newScale(t0(f), "fuzz-b", 3)
	f.Fuzz(func(t *testing.T, a1, a2, a3, a4, b1, b2, b3 float64) {
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: {a1, a2, a3, a4}, b: {b1, b2, b3}})
		if err != nil {
			require.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
			var se *crosswalk.ScaleError
			require.ErrorAs(t, err, &se)
			return
		}
		assert.True(t, cw.NormReferenced())
		for _, s := range []*scale.Scale{a, b} {
			cuts, err := cw.CutPoints(s)
			require.NoError(t, err)
			assert.Equal(t, 0.0, cuts[0])
			assert.Equal(t, 1.0, cuts[len(cuts)-1])
			assert.True(t, slices.IsSorted(cuts), "%v", cuts)
		}
		for ka := 1; ka <= 4; ka++ {
			for kb := 1; kb <= 3; kb++ {
				ga, gb := fromRank(t, a, ka), fromRank(t, b, kb)
				ab, err := cw.Compare(ga, gb)
				require.NoError(t, err)
				ba, err := cw.Compare(gb, ga)
				require.NoError(t, err)
				require.False(t, math.IsNaN(ab.PAbove))
				assert.InDelta(t, 1, ab.PAbove+ba.PAbove, 1e-12)
				require.True(t, ab.HasInterval())
				assert.True(t, 0 <= ab.PAboveLo && ab.PAboveLo <= ab.PAboveHi && ab.PAboveHi <= 1, "%v %v", ab.PAboveLo, ab.PAboveHi)
				_, err = json.Marshal(ab)
				require.NoError(t, err, "every comparison marshals")
				se, err := cw.EquateSE(ga, b)
				if err != nil {
					require.ErrorIs(t, err, crosswalk.ErrNoSampleSize)
				} else {
					assert.False(t, math.IsInf(se, 0) || math.IsNaN(se), "SE %v", se)
				}
			}
			bi, err := cw.BandInterval(fromRank(t, a, ka))
			require.NoError(t, err)
			assert.True(t, bi.Lo.Lo <= bi.Lo.Hi && bi.Hi.Lo <= bi.Hi.Hi, "%+v", bi)
		}
	})
}

// t0 gives a testing.TB to helpers used while the fuzz target is set up.
func t0(f *testing.F) testing.TB { return f }

// The zero Relation and the zero Comparison marshal, as null where a value
// is absent.
func TestZeroValuesMarshal(t *testing.T) {
	data, err := json.Marshal(crosswalk.Relation(0))
	require.NoError(t, err)
	assert.Equal(t, "null", string(data))
	var r crosswalk.Relation = crosswalk.Above
	require.NoError(t, json.Unmarshal([]byte("null"), &r))
	assert.Zero(t, r)
	require.NoError(t, json.Unmarshal([]byte(`"overlapping"`), &r))
	assert.Equal(t, crosswalk.Overlapping, r)
	assert.ErrorIs(t, json.Unmarshal([]byte(`"sideways"`), &r), crosswalk.ErrUnknownRelation)

	data, err = json.Marshal(crosswalk.Comparison{})
	require.NoError(t, err)
	var got map[string]any
	require.NoError(t, json.Unmarshal(data, &got))
	assert.Nil(t, got["relation"])
	assert.Nil(t, got["basis"])
	assert.Nil(t, got["p_above_lo"])
	assert.Equal(t, "", got["a"])
}

// Basis and Verdict round-trip through text and JSON.
func TestBasisAndVerdictText(t *testing.T) {
	for _, b := range []crosswalk.Basis{
		crosswalk.NewBasis(crosswalk.SameScale, ""),
		crosswalk.NewBasis(crosswalk.PublishedEquivalence, "Estyn, FAQs (2017)"),
		crosswalk.NewBasis(crosswalk.EqualWidths, "ignored"),
		crosswalk.NewBasis(crosswalk.CountedDistributions, "the input's observations"),
		crosswalk.NewBasis(crosswalk.FittedModel, "latent: 4 chains"),
		crosswalk.NewBasis(crosswalk.CutPoints, ""),
		crosswalk.NewBasis(crosswalk.File, "cw.json"),
		{},
	} {
		text, err := b.MarshalText()
		require.NoError(t, err)
		var back crosswalk.Basis
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, b, back, "%q", text)
		data, err := json.Marshal(b)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, b, back, "%s", data)
	}
	assert.Equal(t, "", crosswalk.NewBasis(crosswalk.EqualWidths, "ignored").Name())
	assert.Equal(t, "invalid basis", crosswalk.Basis{}.String())
	var b crosswalk.Basis
	assert.ErrorIs(t, b.UnmarshalText([]byte("hunch")), crosswalk.ErrUnknownBasis)

	for _, v := range []crosswalk.Verdict{crosswalk.Robust, crosswalk.DependsOnLinking, crosswalk.OneLinking} {
		data, err := json.Marshal(v)
		require.NoError(t, err)
		var back crosswalk.Verdict
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, v, back)
	}
	data, err := json.Marshal(crosswalk.Verdict(0))
	require.NoError(t, err)
	assert.Equal(t, "null", string(data))
	assert.Equal(t, "invalid verdict", crosswalk.Verdict(9).String())
}

// Counts, CheckCovers and Name, which tools call before they read a file.
func TestCountsCheckCoversName(t *testing.T) {
	cw := pinnedCrosswalk(t)
	s2014, s2021, s2023 := lookup(t, peel2014), lookup(t, peel2021), lookup(t, peel2023)
	counts, ok := cw.Counts(s2014)
	require.True(t, ok)
	assert.Equal(t, []float64{1, 10, 25, 7}, counts)
	counts[0] = 99 // a copy
	again, _ := cw.Counts(s2014)
	assert.Equal(t, 1.0, again[0])
	_, ok = cw.Counts(s2023)
	assert.False(t, ok, "not covered")
	_, ok = crosswalk.Default().Counts(s2014)
	assert.False(t, ok, "equal widths have no counts")
	cuts, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{s2014: {0, .25, .5, .75, 1}})
	require.NoError(t, err)
	_, ok = cuts.Counts(s2014)
	assert.False(t, ok, "cut points have no counts")

	assert.NoError(t, cw.CheckCovers(slices.Values([]*scale.Scale{s2014, s2021, s2014})))
	assert.NoError(t, crosswalk.Default().CheckCovers(slices.Values([]*scale.Scale{s2023})))
	other := newScale(t, "check-other", 3)
	err = cw.CheckCovers(slices.Values([]*scale.Scale{s2014, s2023, other, s2023, nil}))
	require.ErrorIs(t, err, crosswalk.ErrNotCovered)
	var se *crosswalk.ScaleError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, peel2023, se.Scale, "the first not covered")
	assert.Contains(t, err.Error(), "2 other scales of the input are not covered either")
	assert.Contains(t, err.Error(), "the from distributions crosswalk")
	assert.NotContains(t, err.Error(), "data-driven (from distributions)", "named in a few words")
	d := s2014.Definition()
	d.Notes = "another definition"
	changed, err := scale.New(d)
	require.NoError(t, err)
	assert.ErrorIs(t, cw.CheckCovers(slices.Values([]*scale.Scale{changed})), crosswalk.ErrOtherDefinition)

	assert.Equal(t, "default", crosswalk.Default().Name())
	assert.Equal(t, "from distributions", cw.Name())
	assert.Equal(t, "from cut points", cuts.Name())
	assert.Equal(t, "observed", crosswalk.Observed().Name())
	named := cw.Named("data", "the input's observations")
	assert.Equal(t, "data", named.Name())
	assert.Equal(t, "data (counted distributions (the input's observations))", named.String())
	assert.Equal(t, crosswalk.NewBasis(crosswalk.CountedDistributions, "the input's observations"), named.Basis())
	c, err := named.Compare(grade.MustParse(s2014, "Good"), grade.MustParse(s2021, "Good"))
	require.NoError(t, err)
	assert.Equal(t, "counted: the input's observations", mustText(t, c.Basis))
	assert.True(t, cw.NormReferenced())
	assert.False(t, crosswalk.Default().NormReferenced())
	assert.False(t, cuts.NormReferenced())
	assert.True(t, crosswalk.Observed().NormReferenced())
}

func mustText(t *testing.T, b crosswalk.Basis) string {
	t.Helper()
	text, err := b.MarshalText()
	require.NoError(t, err)
	return string(text)
}
