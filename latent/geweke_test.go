// The tests in this file check statistics with long fits; the race
// detector, which slows them tenfold, adds nothing to them that the
// shorter fits of the other files do not give it, so they are left out of
// race builds.

//go:build !race

package latent

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// resimulate draws new grades for every observation from the chain's
// current θ and cut points, and rearranges the data to hold them.
func (c *chain) resimulate(rng *rand.Rand) {
	dt := c.dt
	for o, n := range dt.obsNode {
		k := dt.obsScale[o]
		base, L := dt.cutBase[k], int32(dt.scales[k].Len())
		z := c.theta[n] + rng.NormFloat64()
		level := int32(1)
		for j := int32(1); j < L; j++ {
			if z > c.cut[base+j] {
				level++
			}
		}
		dt.obsLo[o] = base + level - 1
	}
	dt.setLevels()
}

// drawPrior sets the chain's state to a draw from the prior.
func (c *chain) drawPrior(rng *rand.Rand) {
	dt, set := c.dt, c.set
	c.sigma = math.Abs(set.sigmaScale * rng.NormFloat64())
	c.rho = rng.Float64()
	for k := 1; k < len(c.m); k++ {
		c.m[k] = c.m[k-1] + set.lambda*rng.NormFloat64()
	}
	unit := c.cutUnit(c.sigma)
	for k, s := range dt.scales {
		base := int(dt.cutBase[k])
		cuts := c.cut[base+1 : base+s.Len()]
		for i := range cuts {
			cuts[i] = unit * set.cutScale * rng.NormFloat64()
		}
		slices.Sort(cuts)
	}
	c.setMu()
	c.setPhi(c.rho, c.phi, c.omp)
	for s := 0; s+1 < len(dt.seriesStart); s++ {
		x := 0.0
		for n := dt.seriesStart[s]; n < dt.seriesStart[s+1]; n++ {
			if n == dt.seriesStart[s] {
				x = c.sigma * rng.NormFloat64()
			} else {
				g := dt.nodeGap[n]
				x = c.phi[g]*x + c.sigma*math.Sqrt(c.omp[g])*rng.NormFloat64()
			}
			c.theta[n] = c.mu[n] + x
		}
	}
}

// TestJointDistribution is Geweke's test of the sampler ("Getting it
// right: joint distribution tests of posterior simulators", JASA, 2004):
// alternating one iteration of the sampler with fresh grades simulated
// from its state leaves the parameters distributed as their prior, if and
// only if (with enough draws to tell) every update leaves the posterior
// invariant. A wrong Jacobian or a missing prior term shows as a prior
// that drifts. The cut points have a proper normal prior here
// (Options.CutScale), so that the prior can be drawn from.
func TestJointDistribution(t *testing.T) {
	obs := forcesPanel()[:60] // 5 subjects × 12 dates, one area: small, fast
	set, err := (&Options{CutScale: 1.5, Warmup: 1}).settings()
	require.NoError(t, err)
	dt, err := build(slices.Values(obs), set)
	require.NoError(t, err)
	for i, k := range dt.cutKinds {
		if k != cutFixed {
			dt.cutKinds[i] = cutFlat
		}
	}
	c := newChain(dt, set, buildShifts(dt), 3, 0)
	for i := range c.cutStep {
		c.cutStep[i] = math.Log(0.5)
	}
	c.spreadStep, c.spreadL = 0.5, [3]float64{1, 0, 1}
	rng := rand.New(rand.NewPCG(4, 4))
	c.drawPrior(rng)
	c.resimulate(rng)
	const draws = 40000
	var sigma, rho, knot, cut []float64
	lastKnot := len(c.m) - 1
	for range draws {
		c.iterate(-1)
		c.resimulate(rng)
		sigma = append(sigma, c.sigma)
		rho = append(rho, c.rho)
		knot = append(knot, c.m[lastKnot])
		cut = append(cut, c.cut[int(dt.cutBase[0])+1]/c.cutUnit(c.sigma))
	}
	// The prior's moments, and Monte Carlo errors from batch means.
	check := func(name string, xs []float64, mean, sd float64) {
		m, v := meanVar(xs)
		se := batchSE(xs)
		t.Logf("%s: mean %.3f (prior %.3f, MC se %.3f), sd %.3f (prior %.3f)", name, m, mean, se, math.Sqrt(v), sd)
		assert.InDelta(t, mean, m, 4*se+0.01, name+" mean")
		assert.InDelta(t, sd, math.Sqrt(v), 0.1*sd, name+" sd")
	}
	s := set.sigmaScale
	check("sigma", sigma, s*math.Sqrt(2/math.Pi), s*math.Sqrt(1-2/math.Pi))
	check("rho", rho, 0.5, math.Sqrt(1.0/12))
	kt := float64(lastKnot)
	check("last knot", knot, 0, set.lambda*math.Sqrt(kt))
	// In units of the spread, the lowest of three ordered N(0, 1.5²): mean
	// -1.5·0.846, sd 1.5·0.748.
	check("lowest cut", cut, -1.5*0.8463, 1.5*0.7480)
}

// batchSE is the Monte Carlo standard error of the mean of xs by 50 batch
// means.
func batchSE(xs []float64) float64 {
	const batches = 50
	size := len(xs) / batches
	means := make([]float64, batches)
	for b := range batches {
		means[b], _ = meanVar(xs[b*size : (b+1)*size])
	}
	_, v := meanVar(means)
	return math.Sqrt(v / batches)
}
