// The tests in this file check statistics with long fits; the race
// detector, which slows them tenfold, adds nothing to them that the
// shorter fits of the other files do not give it, so they are left out of
// race builds.

//go:build !race

package latent

import (
	"slices"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leicestershireCrossSections are the national distributions of the
// catalogue for the rounds in which Leicestershire was graded, dated as
// its own reports were: each is one cross-section of anonymous forces.
func leicestershireCrossSections(t testing.TB) []CrossSection {
	rounds := []struct {
		scale string
		round Round
		date  time.Time
	}{
		{"hmic-pledge-2009", Round{Period: "2009", Area: "overall"}, date(2009, 10, 1)},
		{"hmic-peel-2014", Round{Period: "2016", Area: "effectiveness"}, date(2017, 3, 1)},
		{"hmic-peel-2014", Round{Period: "2018/19", Area: "effectiveness"}, date(2019, 5, 2)},
		{"hmicfrs-peel-2021", Round{Period: "2021/22", Area: "investigating crime"}, date(2022, 1, 1)},
	}
	var out []CrossSection
	for _, r := range rounds {
		cs, err := CrossSectionFor(mustScale(r.scale), r.round, r.date)
		require.NoError(t, err)
		out = append(out, cs)
	}
	return out
}

// leicestershire fits the force's grades, areas pooled, with the national
// distributions, and returns the change from 2019's Good to 2022's
// Adequate.
func leicestershire(t testing.TB, lambda float64) (*Model, Change) {
	obs := readCSV(t, "testdata/leicestershire.csv")
	m, err := Fit(slices.Values(inOrder(obs)), &Options{PoolAreas: true, Lambda: lambda, Draws: 4000, CrossSections: leicestershireCrossSections(t)})
	require.NoError(t, err)
	ch, err := m.Change("Leicestershire", "", date(2019, 5, 2), date(2022, 1, 1))
	require.NoError(t, err)
	return m, ch
}

// TestLeicestershire answers "is 2022's Adequate a fall from 2019's Good?"
// on the model, for λ = 0.1, 0.25 and 0.5.
func TestLeicestershire(t *testing.T) {
	for _, lambda := range []float64{0.1, 0.25, 0.5} {
		m, ch := leicestershire(t, lambda)
		if lambda == DefaultLambda {
			t.Log(m)
			t.Log(m.Diagnostics())
			for p := range m.Series() {
				for pt := range p.Trajectory() {
					t.Logf("Leicestershire %s: %.3f [%.3f, %.3f]", day(pt.Date), pt.Mean, pt.Lo90, pt.Hi90)
				}
			}
			logCutPoints(t, m)
		}
		jump, err := m.PopulationChange(date(2019, 5, 2), date(2022, 1, 1))
		require.NoError(t, err)
		t.Logf("λ %.2f: 2019 Good to 2022 Adequate: P(improved) %.3f (se %.3f), change %.3f [%.3f, %.3f] on the ordinal, %s; national mean %.3f [%.3f, %.3f]; σ %.2f, ρ %.2f",
			lambda, ch.PImproved, ch.PImprovedSE, ch.Mean, ch.Lo90, ch.Hi90, ch.Direction, jump.Mean, jump.Lo90, jump.Hi90,
			m.means[m.nParams-2], m.means[m.nParams-1])
		assert.Equal(t, trend.Uncertain, ch.Direction, "one force and national counts cannot settle it")
		assert.Nil(t, m.Diagnostics().Warning(), "4,000 draws a chain are enough here")
	}
}
