package crosswalk_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// hotPath is a crosswalk to measure, with two overlapping grades from
// different eras.
type hotPath struct {
	name string
	cw   *crosswalk.Crosswalk
	a, b grade.Grade
}

// hotPaths returns the crosswalks to measure, and two overlapping grades
// from different eras (Good 2014 and Adequate 2021) for each.
func hotPaths(tb testing.TB) []hotPath {
	tb.Helper()
	a, b := parse(tb, peel2014, "Good"), parse(tb, peel2021, "Adequate")
	return []hotPath{
		{"default", crosswalk.Default(), a, b},
		{"data-driven", dataCrosswalk(tb, a, b), a, b},
	}
}

// dataCrosswalk builds a new crosswalk, with nothing cached yet, from
// illustrative counts (not published figures) for the scales of a and b.
func dataCrosswalk(tb testing.TB, a, b grade.Grade) *crosswalk.Crosswalk {
	tb.Helper()
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		a.Scale(): {3, 60, 150, 10},
		b.Scale(): {2, 40, 90, 70, 5},
	})
	require.NoError(tb, err)
	return cw
}

var (
	sinkBand       crosswalk.Band
	sinkComparison crosswalk.Comparison
)

func BenchmarkBand(b *testing.B) {
	for _, hp := range hotPaths(b) {
		b.Run(hp.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkBand, _ = hp.cw.Band(hp.a)
			}
		})
	}
}

// BenchmarkBandCopy measures Band for a grade of a copy of a covered scale:
// another *Scale with the same ID and definition, found by ID.
func BenchmarkBandCopy(b *testing.B) {
	hp := hotPaths(b)[1]
	copied, err := scale.New(hp.a.Scale().Definition())
	require.NoError(b, err)
	g := fromRank(b, copied, hp.a.Rank())
	b.ReportAllocs()
	for b.Loop() {
		sinkBand, _ = hp.cw.Band(g)
	}
}

func BenchmarkCompare(b *testing.B) {
	for _, hp := range hotPaths(b) {
		b.Run(hp.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkComparison, _ = hp.cw.Compare(hp.a, hp.b)
			}
		})
	}
}

func TestNoAllocs(t *testing.T) {
	for _, hp := range hotPaths(t) {
		t.Run(hp.name, func(t *testing.T) {
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				sinkBand, _ = hp.cw.Band(hp.a)
			}), "Band")
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				sinkComparison, _ = hp.cw.Compare(hp.a, hp.b)
			}), "Compare")
		})
	}
}

// BenchmarkCompareFirstPair measures the first comparison of a pair of
// levels under a crosswalk built from counts: the draws behind its interval
// of PAbove. Later comparisons of the pair read the cached interval
// (BenchmarkCompare/data-driven).
func BenchmarkCompareFirstPair(b *testing.B) {
	hp := hotPaths(b)[1]
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		cw := dataCrosswalk(b, hp.a, hp.b)
		b.StartTimer()
		sinkComparison, _ = cw.Compare(hp.a, hp.b)
	}
}

// BenchmarkCompareNextPair measures the first comparison of a second pair
// of levels of the same two scales: the scales' draws are made by the first
// pair and reused, so only the pair's own interval is computed.
func BenchmarkCompareNextPair(b *testing.B) {
	hp := hotPaths(b)[1]
	a2, b2 := fromRank(b, hp.a.Scale(), 1), fromRank(b, hp.b.Scale(), 1)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		cw := dataCrosswalk(b, hp.a, hp.b)
		sinkComparison, _ = cw.Compare(hp.a, hp.b)
		b.StartTimer()
		sinkComparison, _ = cw.Compare(a2, b2)
	}
}

var sinkBandInterval crosswalk.BandInterval

// BenchmarkBandInterval measures BandInterval once a level's intervals are
// cached (data-driven) and for a crosswalk without counts (default).
func BenchmarkBandInterval(b *testing.B) {
	for _, hp := range hotPaths(b) {
		b.Run(hp.name, func(b *testing.B) {
			if _, err := hp.cw.BandInterval(hp.a); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				sinkBandInterval, _ = hp.cw.BandInterval(hp.a)
			}
		})
	}
}

// BenchmarkBandIntervalFirst measures the first call for a level: its
// draws.
func BenchmarkBandIntervalFirst(b *testing.B) {
	hp := hotPaths(b)[1]
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		cw := dataCrosswalk(b, hp.a, hp.b)
		b.StartTimer()
		sinkBandInterval, _ = cw.BandInterval(hp.a)
	}
}

// BenchmarkBandIntervalAfterCompare measures the first BandInterval of a
// level whose scale's draws a comparison has already made.
func BenchmarkBandIntervalAfterCompare(b *testing.B) {
	hp := hotPaths(b)[1]
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		cw := dataCrosswalk(b, hp.a, hp.b)
		sinkComparison, _ = cw.Compare(hp.a, hp.b)
		b.StartTimer()
		sinkBandInterval, _ = cw.BandInterval(hp.a)
	}
}

func TestBandIntervalNoAllocs(t *testing.T) {
	for _, hp := range hotPaths(t) {
		t.Run(hp.name, func(t *testing.T) {
			_, err := hp.cw.BandInterval(hp.a)
			require.NoError(t, err)
			assert.Zero(t, testing.AllocsPerRun(100, func() {
				sinkBandInterval, _ = hp.cw.BandInterval(hp.a)
			}))
		})
	}
}

var sinkCaveats int

// BenchmarkCaveats measures the caveats of a comparison across two changes
// of scale of one family, read from the default registry.
func BenchmarkCaveats(b *testing.B) {
	c, err := crosswalk.Default().Compare(parse(b, peel2014, "Good"), parse(b, peel2023, "Adequate"))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		sinkCaveats = 0
		for range c.Caveats() {
			sinkCaveats++
		}
	}
}

var sinkCrosswalk *crosswalk.Crosswalk

// BenchmarkObserved measures Observed once its crosswalk is built: the check
// that the default registry has not changed.
func BenchmarkObserved(b *testing.B) {
	crosswalk.Observed()
	b.ReportAllocs()
	for b.Loop() {
		sinkCrosswalk = crosswalk.Observed()
	}
}

// BenchmarkCompareNewPairBigScales measures the first comparison of a pair
// of levels of two scales of n levels, on a new crosswalk each time, at two
// sizes a factor of 10 apart: it draws the two bands, whatever n (it drew
// both scales whole, 4,000 times, before: 0.6 s a pair at 1,000 levels).
func BenchmarkCompareNewPairBigScales(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				cw, sa, sb := bigPair(b, n)
				ga, gb := fromRank(b, sa, n/2), fromRank(b, sb, n/2+1)
				b.StartTimer()
				sinkComparison, _ = cw.Compare(ga, gb)
			}
		})
	}
}

// BenchmarkCompareManyPairs asks for 30·n pairs of levels of two scales of
// n levels, at n = 30 and 300 (10 times as many pairs), and reports the
// heap the crosswalk holds afterwards: bounded by the caches' ceiling
// rather than growing with the pairs asked. Run it with -benchtime 1x.
func BenchmarkCompareManyPairs(b *testing.B) {
	for _, n := range []int{30, 300} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var held uint64
			for b.Loop() {
				cw, sa, sb := bigPair(b, n)
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				for ka := 1; ka <= n; ka += n / 30 {
					for kb := 1; kb <= n; kb++ {
						sinkComparison, _ = cw.Compare(fromRank(b, sa, ka), fromRank(b, sb, kb))
					}
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				held = after.HeapInuse - min(after.HeapInuse, before.HeapInuse)
				sinkCrosswalk = cw
			}
			b.ReportMetric(float64(held)/(1<<20), "MiB-held")
		})
	}
}
