package crosswalk_test

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// The counts pinned by issue 7: peel-2014 = 1, 10, 25, 7 and
// peel-2021 = 1, 5, 15, 17, 5.
func pinnedCrosswalk(t testing.TB) *crosswalk.Crosswalk {
	t.Helper()
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		lookup(t, peel2014): {1, 10, 25, 7},
		lookup(t, peel2021): {1, 5, 15, 17, 5},
	})
	require.NoError(t, err)
	return cw
}

func TestEquateSEPinned(t *testing.T) {
	cw := pinnedCrosswalk(t)
	to := lookup(t, peel2021)
	want := []struct {
		se   float64
		note crosswalk.SENote
	}{
		// Kolen and Brennan's continuous formula gave 0.859286, 0.214223,
		// 0.257628 and 0.463907.
		// With 43 forces every grade's percentile rank is within reach of
		// a cut of the five-level scale: each SE is an estimate to read
		// with its note.
		{0.698836, crosswalk.NearCut},
		{0.186495, crosswalk.NearCut},
		{0.211533, crosswalk.NearCut},
		{0.381063, crosswalk.NearCut},
	}
	for k, w := range want {
		se, note, err := cw.EquateSENote(fromRank(t, lookup(t, peel2014), k+1), to)
		require.NoError(t, err)
		assert.InDelta(t, w.se, se, 1e-6, "level %d", k+1)
		assert.Equal(t, w.note, note, "level %d", k+1)
		plain, err := cw.EquateSE(fromRank(t, lookup(t, peel2014), k+1), to)
		require.NoError(t, err)
		assert.Equal(t, se, plain)
	}
}

// TestEquateSEFormula checks EquateSE against the formula written out by
// hand for a small case, including a percentile rank on a cut point, where
// the level above the cut is the one used.
func TestEquateSEFormula(t *testing.T) {
	from, to := newScale(t, "se-from", 2), newScale(t, "se-to", 2)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: {4, 4}, to: {1, 3}})
	require.NoError(t, err)
	// Level 1 of from: P = 0.25, f = 0.5, on to's cut G(1) = 0.25, so
	// i = 2 and q = 0.75:
	// SE² = [(0.25·0.75 − 0.5/4)/8 + (0.25·0.75 − 0.75·0/0.75)/4] / 0.75².
	se, note, err := cw.EquateSENote(fromRank(t, from, 1), to)
	require.NoError(t, err)
	assert.InDelta(t, math.Sqrt(((0.25*0.75-0.125)/8+0.25*0.75/4)/0.5625), se, 1e-12)
	assert.Equal(t, crosswalk.NearCut, note, "on a cut point")
	// Level 2: P = 0.75, f = 0.5, i = 2:
	// SE² = [(0.75·0.25 − 0.5/4)/8 + (0.75·0.25 − 0.25·0.5/0.75)/4] / 0.75².
	se, err = cw.EquateSE(fromRank(t, from, 2), to)
	require.NoError(t, err)
	assert.InDelta(t, math.Sqrt(((0.75*0.25-0.125)/8+(0.75*0.25-0.25*0.5/0.75)/4)/0.5625), se, 1e-12)

	// P = 1: the top level, all of whose units are at the top.
	top, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: {4, 0}, to: {1, 3}})
	require.NoError(t, err)
	se, err = top.EquateSE(fromRank(t, from, 2), to)
	require.NoError(t, err)
	assert.Equal(t, 0.0, se)
}

func TestEquateSEErrors(t *testing.T) {
	g := parse(t, peel2014, "Good")
	to := lookup(t, peel2021)

	_, err := crosswalk.Default().EquateSE(g, to)
	assert.ErrorIs(t, err, crosswalk.ErrNoSampleSize)
	var nilCW *crosswalk.Crosswalk
	_, err = nilCW.EquateSE(g, to)
	assert.ErrorIs(t, err, crosswalk.ErrNoSampleSize, "nil means Default")

	cuts, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
		g.Scale(): {0, 0.1, 0.3, 0.8, 1},
		to:        {0, 0.1, 0.2, 0.5, 0.9, 1},
	})
	require.NoError(t, err)
	_, err = cuts.EquateSE(g, to)
	assert.ErrorIs(t, err, crosswalk.ErrNoSampleSize)

	mixed, err := crosswalk.ParseJSON([]byte(`{"counts": {"hmic-peel-2014": [1, 10, 25, 7]}, "cuts": {"hmicfrs-peel-2021": [0, 0.1, 0.2, 0.5, 0.9, 1]}}`), nil)
	require.NoError(t, err)
	_, err = mixed.EquateSE(g, to)
	assert.ErrorIs(t, err, crosswalk.ErrNoSampleSize)
	var se *crosswalk.ScaleError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, peel2021, se.Scale, "names the scale without counts")

	cw := pinnedCrosswalk(t)
	_, err = cw.EquateSE(grade.Grade{}, to)
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = cw.EquateSE(g, lookup(t, peel2023))
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	_, err = cw.EquateSE(g, nil)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
}

func TestPAboveIntervalPinned(t *testing.T) {
	cw := pinnedCrosswalk(t)
	good, adequate := parse(t, peel2014, "Good"), parse(t, peel2021, "Adequate")
	c, err := cw.Compare(good, adequate)
	require.NoError(t, err)
	assert.InDelta(t, 0.866667, c.PAbove, 1e-6)
	assert.True(t, c.HasInterval())
	assert.InDelta(t, 0.68, c.PAboveLo, 0.02)
	assert.InDelta(t, 0.99, c.PAboveHi, 0.02)
	assert.Contains(t, c.String(), "the chance that the first stands higher is 87% (90% interval 69–99%).")
	// The draws are reproducible: these exact ends, on every run and
	// platform. A change here changes every interval users have reported.
	assert.Equal(t, 0.689009951, c.PAboveLo)
	assert.Equal(t, 0.986896337, c.PAboveHi)

	// The same numbers every time, from a new crosswalk too.
	again, err := pinnedCrosswalk(t).Compare(good, adequate)
	require.NoError(t, err)
	assert.Equal(t, c, again)

	// The other way round, the interval is mirrored.
	r, err := cw.Compare(adequate, good)
	require.NoError(t, err)
	assert.InDelta(t, 1-c.PAbove, r.PAbove, 1e-12)
	assert.InDelta(t, 1-c.PAboveHi, r.PAboveLo, 1e-12)
	assert.InDelta(t, 1-c.PAboveLo, r.PAboveHi, 1e-12)
}

// Without counts, and within one scale, there is no interval: HasInterval
// is false, and the bounds are 0 and 1, so that no filter on an end passes
// on a point value.
func TestPAboveIntervalAbsent(t *testing.T) {
	good, adequate := parse(t, peel2014, "Good"), parse(t, peel2021, "Adequate")
	cuts, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
		good.Scale():     {0, 0.1, 0.3, 0.8, 1},
		adequate.Scale(): {0, 0.1, 0.2, 0.5, 0.9, 1},
	})
	require.NoError(t, err)
	mixed, err := crosswalk.ParseJSON([]byte(`{"counts": {"hmic-peel-2014": [1, 10, 25, 7]}, "cuts": {"hmicfrs-peel-2021": [0, 0.1, 0.2, 0.5, 0.9, 1]}}`), nil)
	require.NoError(t, err)
	for _, cw := range []*crosswalk.Crosswalk{crosswalk.Default(), cuts, mixed} {
		c, err := cw.Compare(good, adequate)
		require.NoError(t, err)
		assert.False(t, c.HasInterval(), cw.String())
		assert.Equal(t, [2]float64{0, 1}, [2]float64{c.PAboveLo, c.PAboveHi}, cw.String())
		assert.False(t, c.PAboveLo >= 0.5, "a filter on the low end does not pass")
		assert.NotContains(t, c.String(), "interval")
	}
	c, err := pinnedCrosswalk(t).Compare(good, parse(t, peel2014, "Requires improvement"))
	require.NoError(t, err)
	assert.False(t, c.HasInterval(), "one scale")
	assert.Equal(t, [3]float64{1, 0, 1}, [3]float64{c.PAbove, c.PAboveLo, c.PAboveHi})
}

// A level that nobody was awarded gets a small share under the Jeffreys
// prior, so its interval is not a single point.
func TestPAboveIntervalSparseLevel(t *testing.T) {
	a, b := newScale(t, "sparse-a", 3), newScale(t, "sparse-b", 3)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: {0, 10, 10}, b: {5, 10, 5}})
	require.NoError(t, err)
	c, err := cw.Compare(fromRank(t, a, 1), fromRank(t, b, 1))
	require.NoError(t, err)
	assert.Equal(t, 0.0, c.PAbove, "a point at 0 against [0, 0.25]")
	assert.GreaterOrEqual(t, c.PAboveLo, 0.0)
	assert.Less(t, c.PAboveLo, 0.01)
	assert.Greater(t, c.PAboveHi, c.PAboveLo)
	assert.Less(t, c.PAboveHi, 0.5)
	for _, p := range []float64{c.PAboveLo, c.PAboveHi} {
		assert.False(t, math.IsNaN(p))
	}
}

// Intervals are computed once per pair, safely under concurrent use; run
// with -race.
func TestPAboveIntervalConcurrent(t *testing.T) {
	cw := pinnedCrosswalk(t)
	want := map[[2]grade.Grade]crosswalk.Comparison{}
	var pairs [][2]grade.Grade
	for _, a := range []string{"Inadequate", "Requires improvement", "Good", "Outstanding"} {
		for _, b := range []string{"Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"} {
			pair := [2]grade.Grade{parse(t, peel2014, a), parse(t, peel2021, b)}
			pairs = append(pairs, pair, [2]grade.Grade{pair[1], pair[0]})
		}
	}
	// Expected values from a crosswalk used by one goroutine.
	serial := pinnedCrosswalk(t)
	for _, p := range pairs {
		c, err := serial.Compare(p[0], p[1])
		require.NoError(t, err)
		want[p] = c
		assert.LessOrEqual(t, c.PAboveLo, c.PAboveHi)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range pairs {
				p := pairs[(i+w*7)%len(pairs)]
				c, err := cw.Compare(p[0], p[1])
				assert.NoError(t, err)
				assert.Equal(t, want[p], c)
			}
		}()
	}
	wg.Wait()
}

// String gives the interval for every relation when there is one, and
// writes ends that are not whole percents in words.
func TestComparisonStringInterval(t *testing.T) {
	a, b := newScale(t, "str-a", 3), newScale(t, "str-b", 3)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: {0, 10, 10}, b: {5, 10, 5}})
	require.NoError(t, err)

	c, err := cw.Compare(fromRank(t, a, 1), fromRank(t, b, 1))
	require.NoError(t, err)
	require.Equal(t, crosswalk.Below, c.Relation)
	assert.Contains(t, c.String(), "With the variation in the crosswalk's bands, the chance that the first stands higher has the 90% interval under 1% to 20%.")

	c, err = cw.Compare(fromRank(t, a, 3), fromRank(t, b, 1))
	require.NoError(t, err)
	require.Equal(t, crosswalk.Above, c.Relation)
	if c.HasInterval() {
		assert.Contains(t, c.String(), "90% interval")
	} else {
		assert.NotContains(t, c.String(), "interval")
	}
}

// An interval evicted from the caches is computed again to the same bits.
func TestIntervalsAfterEviction(t *testing.T) {
	results := func() (out []any) {
		cw := pinnedCrosswalk(t)
		for _, s := range []*scale.Scale{lookup(t, peel2014), lookup(t, peel2021)} {
			for k := 1; k <= s.Len(); k++ {
				bi, err := cw.BandInterval(fromRank(t, s, k))
				require.NoError(t, err)
				out = append(out, bi)
			}
		}
		for ka := 1; ka <= 4; ka++ {
			for kb := 1; kb <= 5; kb++ {
				a, b := fromRank(t, lookup(t, peel2014), ka), fromRank(t, lookup(t, peel2021), kb)
				for _, p := range [][2]grade.Grade{{a, b}, {b, a}} {
					c, err := cw.Compare(p[0], p[1])
					require.NoError(t, err)
					out = append(out, [2]float64{c.PAboveLo, c.PAboveHi})
				}
			}
		}
		return out
	}
	cached := results()
	smallCaches(t, 1)
	assert.Equal(t, cached, results())
}

// The cache of intervals grows with the pairs asked for, not with the
// square of the number of levels: one comparison of two scales of 300
// levels used to allocate a table of 180,300 entries (7 MiB).
func TestIntervalCacheSizedByUse(t *testing.T) {
	a, b := newScale(t, "big-a", 300), newScale(t, "big-b", 300)
	ca, cb := make([]float64, 300), make([]float64, 300)
	for k := range ca {
		ca[k], cb[k] = float64(k%7+1), float64(k%5+1)
	}
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: ca, b: cb})
	require.NoError(t, err)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	c, err := cw.Compare(fromRank(t, a, 150), fromRank(t, b, 150))
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	assert.Less(t, c.PAboveLo, c.PAboveHi)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(256<<10), "bytes allocated by the first comparison")
}

// The same counts give the same bits whichever way round a pair is asked
// and in whichever order the scales were given: a mirrored interval is
// rounded as the forward one is.
func TestPAboveIntervalOrderIndependent(t *testing.T) {
	good, adequate := parse(t, peel2014, "Good"), parse(t, peel2021, "Adequate")
	fileOrder, err := crosswalk.ParseJSON([]byte(`{"counts": {"hmicfrs-peel-2021": [1, 5, 15, 17, 5], "hmic-peel-2014": [1, 10, 25, 7]}}`), nil)
	require.NoError(t, err)
	for _, cw := range []*crosswalk.Crosswalk{pinnedCrosswalk(t), fileOrder} {
		c, err := cw.Compare(good, adequate)
		require.NoError(t, err)
		assert.Equal(t, [2]float64{0.689009951, 0.986896337}, [2]float64{c.PAboveLo, c.PAboveHi})
		r, err := cw.Compare(adequate, good)
		require.NoError(t, err)
		assert.Equal(t, [2]float64{0.013103663, 0.310990049}, [2]float64{r.PAboveLo, r.PAboveHi})
	}
}

// Quantile selects the order statistics it needs instead of sorting: the
// result is the type 7 quantile of the sorted values, to the bit, with runs
// of equal values, one value, or all values equal.
func TestQuantileBySelection(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		n := 1 + rng.IntN(60)
		xs := make([]float64, n)
		for i := range xs {
			switch trial % 3 {
			case 0:
				xs[i] = rng.Float64()
			case 1:
				xs[i] = float64(rng.IntN(4)) / 4 // many ties
			default:
				xs[i] = 0.5 // all equal
			}
		}
		sorted := slices.Sorted(slices.Values(xs))
		for _, q := range []float64{0, 0.05, 0.5, 0.95, 1} {
			h := q * float64(n-1)
			i := int(h)
			want := sorted[n-1]
			if i < n-1 {
				want = sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
			}
			assert.Equal(t, want, crosswalk.Quantile(slices.Clone(xs), q), "trial %d, q %v", trial, q)
		}
	}
}

// smallCaches bounds every cache of intervals to n entries for the rest of
// the test.
func smallCaches(t *testing.T, n int) {
	t.Helper()
	for _, p := range []*int{crosswalk.MaxCachedPairs, crosswalk.MaxCachedBands, crosswalk.MaxCachedCuts} {
		old := *p
		t.Cleanup(func() { *p = old })
		*p = n
	}
}
