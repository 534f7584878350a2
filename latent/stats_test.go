package latent

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

// ar1Chains draws chains of a stationary AR(1) with coefficient phi, the
// c-th shifted by offset·c.
func ar1Chains(rng *rand.Rand, chains, n int, phi, offset float64) [][]float64 {
	out := make([][]float64, chains)
	for c := range out {
		x := rng.NormFloat64()
		for range n {
			out[c] = append(out[c], x+offset*float64(c))
			x = phi*x + math.Sqrt(1-phi*phi)*rng.NormFloat64()
		}
	}
	return out
}

// TestDiagnosticsOfKnownChains checks R̂ and the bulk ESS on chains whose
// answer is known: for an AR(1) with coefficient φ the effective sample
// size of n draws is n(1-φ)/(1+φ).
func TestDiagnosticsOfKnownChains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, phi := range []float64{0, 0.5, 0.9} {
		chains := ar1Chains(rng, 4, 5000, phi, 0)
		rhat, ess := rankDiagnostics(chains)
		want := 20000 * (1 - phi) / (1 + phi)
		t.Logf("φ %.1f: R̂ %.4f, ESS %.0f (theory %.0f)", phi, rhat, ess, want)
		assert.InDelta(t, 1, rhat, 0.01)
		assert.InEpsilon(t, want, ess, 0.15)
	}
	// Chains that disagree: R̂ well above 1.
	rhat, _ := rankDiagnostics(ar1Chains(rng, 4, 1000, 0.5, 0.5))
	assert.Greater(t, rhat, 1.1)
	// Chains that differ in spread only: the folded R̂ catches them.
	chains := ar1Chains(rng, 4, 1000, 0, 0)
	for i := range chains[0] {
		chains[0][i] *= 3
	}
	rhat, _ = rankDiagnostics(chains)
	assert.Greater(t, rhat, 1.05)
	// Constant draws give NaN, which the warning counts as not converged.
	rhat, ess := rankDiagnostics([][]float64{{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}})
	assert.True(t, math.IsNaN(rhat) && math.IsNaN(ess))
}

func TestQuantileMatchesR(t *testing.T) {
	xs := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	// R: quantile(c(3,1,4,1,5,9,2,6), c(0.05, 0.5, 0.95)) = 1, 3.5, 7.95
	assert.InDelta(t, 1, quantile(append([]float64(nil), xs...), 0.05), 1e-12)
	assert.InDelta(t, 3.5, quantile(append([]float64(nil), xs...), 0.5), 1e-12)
	assert.InDelta(t, 7.95, quantile(append([]float64(nil), xs...), 0.95), 1e-12)
}
