package latent

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMuPrecision checks the precision and linear term of μ's knots, which
// muPrecision assembles from terms summed per gap, against the plain sum
// over the nodes of a aᵀ/var and a·r/var with the random walk added.
func TestMuPrecision(t *testing.T) {
	set, err := (&Options{}).settings()
	require.NoError(t, err)
	dt, err := build(slices.Values(forcesPanel()[:700]), set)
	require.NoError(t, err)
	c := newChain(dt, set, buildShifts(dt), 1, 0)
	rng := rand.New(rand.NewPCG(9, 9))
	for n := range c.theta {
		c.theta[n] = rng.NormFloat64()
	}
	c.sigma, c.rho = 1.3, 0.7
	c.setPhi(c.rho, c.phi, c.omp)
	c.muPrecision()

	nk := len(dt.knotDay)
	free := nk - 1
	want := make([]float64, free*free)
	wantB := make([]float64, free)
	lambda2 := set.lambda * set.lambda
	for k := 1; k < nk; k++ { // (m_k - m_{k-1})²/λ²
		i, j := k-1, k-2
		want[i*free+i] += 1 / lambda2
		if j >= 0 {
			want[j*free+j] += 1 / lambda2
			want[i*free+j] -= 1 / lambda2
			want[j*free+i] -= 1 / lambda2
		}
	}
	weights := func(n int) []float64 {
		w := make([]float64, nk)
		w[dt.nodeKnot[n]] += 1 - dt.nodeW[n]
		if dt.nodeW[n] != 0 {
			w[dt.nodeKnot[n]+1] += dt.nodeW[n]
		}
		return w
	}
	v := c.sigma * c.sigma
	for s := 0; s+1 < len(dt.seriesStart); s++ {
		for n := int(dt.seriesStart[s]); n < int(dt.seriesStart[s+1]); n++ {
			a, r, vr := weights(n), c.theta[n], v
			if n > int(dt.seriesStart[s]) {
				g := dt.nodeGap[n]
				f := c.phi[g]
				for k, x := range weights(n - 1) {
					a[k] -= f * x
				}
				r, vr = c.theta[n]-f*c.theta[n-1], v*c.omp[g]
			}
			for i := 1; i < nk; i++ {
				wantB[i-1] += a[i] * r / vr
				for j := 1; j < nk; j++ {
					want[(i-1)*free+j-1] += a[i] * a[j] / vr
				}
			}
		}
	}
	for i := range want {
		assert.InDelta(t, want[i], c.q[i], 1e-9*math.Max(1, math.Abs(want[i])), "Q entry %d", i)
	}
	for i := range wantB {
		assert.InDelta(t, wantB[i], c.qb[i], 1e-9*math.Max(1, math.Abs(wantB[i])), "b entry %d", i)
	}
}

// TestZLogLik checks the Kalman filter's log density of the z, θ
// integrated out, against the multivariate normal density computed
// directly: per series, z ~ N(μ, σ²R + I) with R_ij = ρ^|t_i - t_j|, where
// z holds every observation (several on a node share its θ).
func TestZLogLik(t *testing.T) {
	set, err := (&Options{PoolAreas: true}).settings()
	require.NoError(t, err)
	obs := forcesPanel()
	dt, err := build(slices.Values(obs[:40]), set) // a few subjects, pooled: several z per node
	require.NoError(t, err)
	c := newChain(dt, set, buildShifts(dt), 1, 0)
	rng := rand.New(rand.NewPCG(2, 2))
	c.sigma, c.rho = 1.7, 0.6
	c.setPhi(c.rho, c.phi, c.omp)
	for k := 1; k < len(c.m); k++ {
		c.m[k] = rng.NormFloat64()
	}
	c.setMu()
	// Draw z freely (their cells do not matter to the density).
	z := make([]float64, len(dt.obsNode))
	for o := range z {
		z[o] = rng.NormFloat64() * 2
	}
	within := 0.0
	for n := range c.zbar {
		o0, o1 := dt.nodeObs[n], dt.nodeObs[n+1]
		s := 0.0
		for o := o0; o < o1; o++ {
			s += z[o]
		}
		c.zbar[n] = s / float64(o1-o0)
		for o := o0; o < o1; o++ {
			within += (z[o] - c.zbar[n]) * (z[o] - c.zbar[n])
		}
	}
	c.within = within
	days := func(n int) float64 { return float64(dt.knotDay[0]) + dt.knotT[0] } // unused
	_ = days
	direct := func(scale float64) float64 {
		total := 0.0
		for s := 0; s+1 < len(dt.seriesStart); s++ {
			a, b := int(dt.seriesStart[s]), int(dt.seriesStart[s+1])
			var idx []int
			var node []int
			for n := a; n < b; n++ {
				for o := dt.nodeObs[n]; o < dt.nodeObs[n+1]; o++ {
					idx = append(idx, int(o))
					node = append(node, n)
				}
			}
			k := len(idx)
			// time of each node, in years, from the gaps
			tn := make([]float64, b-a)
			for n := a + 1; n < b; n++ {
				tn[n-a] = tn[n-a-1] + dt.gapYears[dt.nodeGap[n]]
			}
			cov := make([]float64, k*k)
			for i := range k {
				for j := range k {
					d := math.Abs(tn[node[i]-a] - tn[node[j]-a])
					cov[i*k+j] = c.sigma * c.sigma * math.Pow(c.rho, d)
					if i == j {
						cov[i*k+j]++
					}
				}
			}
			l := make([]float64, k*k)
			require.True(t, cholesky(l, cov, k))
			e := make([]float64, k)
			for i := range k {
				e[i] = scale * (z[idx[i]] - c.mu[node[i]])
			}
			solveLower(l, e, k)
			for i := range k {
				total -= e[i]*e[i]/2 + math.Log(l[i*k+i])
			}
		}
		return total
	}
	for _, scale := range []float64{1, 1.3} {
		// zLogLik drops the constant -½ log(n) of each node of n z: compare
		// differences between two states.
		got := c.zLogLik(c.sigma*c.sigma, c.phi, c.omp, scale) - c.zLogLik(c.sigma*c.sigma, c.phi, c.omp, 1)
		want := direct(scale) - direct(1)
		assert.InDelta(t, want, got, 1e-8, "scale %g", scale)
	}
	// And across σ and ρ.
	ref := c.zLogLik(c.sigma*c.sigma, c.phi, c.omp, 1)
	refDirect := direct(1)
	c.sigma, c.rho = 0.8, 0.9
	phi, omp := make([]float64, len(c.phi)), make([]float64, len(c.omp))
	c.setPhi(c.rho, phi, omp)
	got := c.zLogLik(c.sigma*c.sigma, phi, omp, 1) - ref
	want := direct(1) - refDirect
	assert.InDelta(t, want, got, 1e-8)
}
