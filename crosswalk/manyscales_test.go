package crosswalk_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// A counted crosswalk of many scales, at the caches' real bounds, holds no
// more than their documented ceiling (about 40 MiB) however many scales
// its comparisons touch. Issue 20: each scale of up to 64 levels kept its
// draws, 2 MiB, for the crosswalk's life, and the cache of intervals
// allocated a row as long as the crosswalk's levels for each level asked;
// at 606517c this test's 300 scales of 64 levels (19,200 levels) kept
// 787 MiB.
func TestManyScalesHeapBounded(t *testing.T) {
	const n, levels = 300, 64
	scales := make([]*scale.Scale, n)
	counts := make(map[*scale.Scale][]float64, n)
	for i := range scales {
		scales[i] = newScale(t, fmt.Sprintf("many-%03d", i), levels)
		c := make([]float64, levels)
		for k := range c {
			c[k] = float64((k+i)%5 + 1)
		}
		counts[scales[i]] = c
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cw, err := crosswalk.FromDistributions(counts)
	require.NoError(t, err)
	for i := 1; i < n; i++ {
		for _, k := range []int{1, levels / 2, levels} {
			c, err := cw.Compare(fromRank(t, scales[i-1], k), fromRank(t, scales[i], k))
			require.NoError(t, err)
			require.True(t, c.HasInterval(), "%v", c)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("heap held by the crosswalk: %.1f MiB", float64(held)/(1<<20))
	assert.Less(t, held, int64(40<<20), "heap held by the crosswalk: %d MiB", held>>20)
	runtime.KeepAlive(cw)
}
