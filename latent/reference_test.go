// The tests in this file check statistics with long fits; the race
// detector, which slows them tenfold, adds nothing to them that the
// shorter fits of the other files do not give it, so they are left out of
// race builds.

//go:build !race

package latent

import (
	"math"
	"slices"
	"testing"

	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAgreementWithR fits one scale on one date, 1,000 subjects each graded
// once, and compares the standardised cut points α = (τ - μ)/√(σ²+1), all
// that such data place, with R (testdata/oprobit.R): ordinal::clm's
// maximum-likelihood thresholds and MCMCpack::MCMCoprobit's posterior
// under flat priors, which is the model's posterior of α here (its cut
// points are flat in units of the spread, and σ's prior then leaves α
// alone).
func TestAgreementWithR(t *testing.T) {
	counts := []int{80, 270, 480, 170}
	s := mustScale("hmic-peel-2014")
	var obs []trend.Observation
	for l, n := range counts {
		for range n {
			obs = append(obs, obsOf(subjectName(len(obs)), date(2020, 1, 1), gradeOf(s, l+1)))
		}
	}
	// R 4.2.2, ordinal 2022.11.16, MCMCpack 1.6.3 (200,000 draws; Monte Carlo
	// standard errors about 0.0012, 0.0003 and 0.0006).
	clm := []float64{-1.405072, -0.385320, 0.954165}
	clmSE := []float64{0.057707, 0.040721, 0.046941}
	rMean := []float64{-1.406746, -0.385539, 0.955360}
	rSD := []float64{0.057903, 0.040547, 0.046961}

	m, err := Fit(slices.Values(obs), &Options{Draws: 1000})
	require.NoError(t, err)
	alphas := make([][]float64, 3)
	for _, ps := range m.params {
		for d := 0; d < len(ps); d += m.nParams {
			spread := math.Hypot(ps[d+m.nParams-2], 1)
			for i := range alphas {
				alphas[i] = append(alphas[i], ps[d+i]/spread)
			}
		}
	}
	d := m.Diagnostics()
	var ess []float64
	for p := range d.Params() {
		ess = append(ess, p.ESS)
	}
	for i, a := range alphas {
		mean, v := meanVar(a)
		sd := math.Sqrt(v)
		se := sd / math.Sqrt(ess[i]) // the cut's ESS; α's is no smaller here
		t.Logf("α%d: latent %.4f (sd %.4f, MC se %.4f); MCMCoprobit %.4f (sd %.4f); clm %.4f (se %.4f)",
			i+1, mean, sd, se, rMean[i], rSD[i], clm[i], clmSE[i])
		assert.InDelta(t, rMean[i], mean, 4*math.Hypot(se, 0.0012), "posterior mean of α%d", i+1)
		assert.InDelta(t, rSD[i], sd, 0.08*rSD[i], "posterior sd of α%d", i+1)
		assert.InDelta(t, clm[i], mean, 0.1*clmSE[i]+4*se, "α%d against clm", i+1)
	}
}
