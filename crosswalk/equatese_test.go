package crosswalk_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// multinomial draws n units into len(p) cells with probabilities p.
func multinomial(rng *rand.Rand, n int, p []float64) []float64 {
	cum := make([]float64, len(p))
	s := 0.0
	for i, x := range p {
		s += x
		cum[i] = s
	}
	out := make([]float64, len(p))
	for range n {
		u := rng.Float64() * s
		i, _ := slices.BinarySearch(cum, u)
		out[min(i, len(p)-1)]++
	}
	return out
}

// bootstrapSE returns the standard deviation of Equate(level k of from, to)
// over reps resamplings of both tables' counts (random groups: each table
// resampled from its own proportions, with its own size).
func bootstrapSE(t testing.TB, rng *rand.Rand, from, to *scale.Scale, cx, cy []float64, k, reps int) float64 {
	t.Helper()
	nx, ny := int(sum(cx)), int(sum(cy))
	var xs []float64
	for range reps {
		bx, by := multinomial(rng, nx, cx), multinomial(rng, ny, cy)
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: bx, to: by})
		require.NoError(t, err)
		e, err := cw.Equate(fromRank(t, from, k), to)
		require.NoError(t, err)
		xs = append(xs, e)
	}
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return math.Sqrt(v / float64(len(xs)-1))
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// TestEquateSEMatchesBootstrap checks EquateSE against a bootstrap of 2,000
// replications on random grade tables of 2 to 7 levels (fixed seed):
// wherever EquateSENote gives no note, the standard error is within 10% of
// the bootstrap's, on at least 20 tables. Kolen and Brennan's formula,
// without the source's discreteness term, overstates on such tables.
func TestEquateSEMatchesBootstrap(t *testing.T) {
	const reps = 2000
	rng := rand.New(rand.NewPCG(7, 11))
	tables, cases := 0, 0
	var ratios, kbRatios []float64
	for table := 0; tables < 20 && table < 100; table++ {
		lx, ly := 2+rng.IntN(6), 2+rng.IntN(6)
		from, to := newScale(t, fmt.Sprintf("boot-x-%d", table), lx), newScale(t, fmt.Sprintf("boot-y-%d", table), ly)
		cx, cy := make([]float64, lx), make([]float64, ly)
		nx, ny := 40+rng.IntN(400), 40+rng.IntN(400)
		for i := range cx {
			cx[i] = float64(1 + rng.IntN(nx/lx+1))
		}
		for i := range cy {
			cy[i] = float64(1 + rng.IntN(ny/ly+1))
		}
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: cx, to: cy})
		require.NoError(t, err)
		counted := false
		for k := 1; k <= lx; k++ {
			se, note, err := cw.EquateSENote(fromRank(t, from, k), to)
			require.NoError(t, err)
			if note != 0 {
				continue
			}
			boot := bootstrapSE(t, rng, from, to, cx, cy, k, reps)
			ratio := se / boot
			assert.InDelta(t, 1, ratio, 0.10, "table %v against %v, level %d: SE %.4f, bootstrap %.4f", cx, cy, k, se, boot)
			ratios = append(ratios, ratio)
			kbRatios = append(kbRatios, kolenBrennanSE(cw, cx, cy, k)/boot)
			counted = true
			cases++
		}
		if counted {
			tables++
		}
	}
	require.GreaterOrEqual(t, tables, 20, "tables with a level no note applies to")
	slices.Sort(ratios)
	slices.Sort(kbRatios)
	t.Logf("%d levels of %d tables: SE / bootstrap from %.3f to %.3f, median %.3f; Kolen and Brennan's, median %.3f",
		cases, tables, ratios[0], ratios[len(ratios)-1], ratios[len(ratios)/2], kbRatios[len(kbRatios)/2])
	assert.Greater(t, kbRatios[len(kbRatios)/2], 1.1, "the continuous formula overstates on coarse scales")
}

// kolenBrennanSE is Kolen and Brennan's p. 248 formula, which treats the
// source's percentile rank as continuous: EquateSE's without −f/4.
func kolenBrennanSE(cw *crosswalk.Crosswalk, cx, cy []float64, k int) float64 {
	nx, ny := sum(cx), sum(cy)
	lo, hi := cumulative(cx, k-1)/nx, cumulative(cx, k)/nx
	p := (lo + hi) / 2
	i := 1
	for cumulative(cy, i)/ny <= p+1e-12 {
		i++
	}
	gi, gi1 := cumulative(cy, i)/ny, cumulative(cy, i-1)/ny
	q := gi - gi1
	se2 := (p*(1-p)*(nx+ny)/(nx*ny) - (gi-p)*(p-gi1)/(ny*q)) / (q * q)
	return math.Sqrt(se2)
}

func cumulative(xs []float64, k int) float64 { return sum(xs[:k]) }

// Where a level next to the equivalent was never awarded, resampled counts
// make the equating jump, and the analytic standard error understates: the
// note says so.
func TestEquateSENoteNextToEmptyLevel(t *testing.T) {
	from, to := newScale(t, "jump-from", 3), newScale(t, "jump-to", 4)
	cx, cy := []float64{20, 30, 50}, []float64{15, 30, 0, 55}
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: cx, to: cy})
	require.NoError(t, err)
	// Level 2 of from: P = 0.35, in level 2 of to ([0.15, 0.45]), whose
	// neighbour level 3 was never awarded.
	se, note, err := cw.EquateSENote(fromRank(t, from, 2), to)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.NextToEmptyLevel, note)
	assert.Equal(t, "next to a level never awarded", note.String())
	boot := bootstrapSE(t, rand.New(rand.NewPCG(3, 4)), from, to, cx, cy, 2, 2000)
	assert.Greater(t, boot, 1.3*se, "the analytic SE %.4f understates the bootstrap's %.4f", se, boot)

	// A percentile rank on a cut point of the target, and one far from it.
	two := newScale(t, "jump-two", 2)
	on, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: {5000, 5000, 10000}, two: {5000, 5000}})
	require.NoError(t, err)
	_, note, err = on.EquateSENote(fromRank(t, from, 1), two) // P = 0.125, far below the cut 0.5
	require.NoError(t, err)
	assert.Zero(t, note)
	_, note, err = on.EquateSENote(fromRank(t, from, 3), two) // P = 0.75: far above it
	require.NoError(t, err)
	assert.Zero(t, note)
	at, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{from: {2500, 5000, 2500}, two: {5000, 5000}})
	require.NoError(t, err)
	_, note, err = at.EquateSENote(fromRank(t, from, 2), two) // P = 0.5, on the cut
	require.NoError(t, err)
	assert.Equal(t, crosswalk.NearCut, note)
	assert.Equal(t, "near a cut point of the target", note.String())
}

// With many score points, each rare, the source's discreteness term
// vanishes and EquateSE tends to Kolen and Brennan's formula.
func TestEquateSELargeScaleLimit(t *testing.T) {
	x, y := readACTmath(t)
	formX, formY := newScale(t, "limit-x", 41), newScale(t, "limit-y", 41)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{formX: x, formY: y})
	require.NoError(t, err)
	for _, score := range []int{10, 20, 30} {
		se, err := cw.EquateSE(fromRank(t, formX, score+1), formY)
		require.NoError(t, err)
		assert.InEpsilon(t, kolenBrennanSE(cw, x, y, score+1), se, 0.03, "score %d", score)
	}
}
