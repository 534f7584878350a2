// The tests in this file check statistics with long fits; the race
// detector, which slows them tenfold, adds nothing to them that the
// shorter fits of the other files do not give it, so they are left out of
// race builds.

//go:build !race

package latent

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSymmetry: on one scale, with grades that barely move, a subject
// graded Good twice and nothing else is as likely to have improved as
// declined.
func TestSymmetry(t *testing.T) {
	s := mustScale("hmic-peel-2014")
	t1, t2 := date(2015, 7, 1), date(2016, 7, 1)
	var obs []trend.Observation
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	add := func(a, b int) {
		name := subjectName(n)
		n++
		obs = append(obs, obsOf(name, t1, gradeOf(s, a)), obsOf(name, t2, gradeOf(s, b)))
	}
	for range 80 {
		// Mostly the same grade twice; each change is matched by its
		// reverse, so that the data look the same backwards in time.
		a := 1 + rng.IntN(4)
		add(a, a)
		if rng.Float64() < 0.2 {
			b := min(max(a+1-2*rng.IntN(2), 1), 4)
			add(a, b)
			add(b, a)
		}
	}
	obs = append(obs, obsOf("Target", t1, gradeOf(s, 3)), obsOf("Target", t2, gradeOf(s, 3)))
	m, err := Fit(slices.Values(obs), &Options{Draws: 1000, Keep: 4000})
	require.NoError(t, err)
	ch, err := m.Change("Target", "overall", t1, t2)
	require.NoError(t, err)
	t.Logf("Good then Good: PImproved %.3f (Monte Carlo se %.3f), latent change %.3f [%.3f, %.3f]; ρ %.3f",
		ch.PImproved, ch.PImprovedSE, ch.Latent.Mean, ch.Latent.Lo90, ch.Latent.Hi90, m.means[m.nParams-1])
	assert.InDelta(t, 0.5, ch.PImproved, 0.05)
	assert.Equal(t, trend.Uncertain, ch.Direction)
	assert.Greater(t, m.means[m.nParams-1], 0.8, "persistence is high")
}

// declineSim: μ falls by 0.25 noise SD a year over eight yearly rounds,
// PEEL 2014–19's scale for the first four and PEEL 2021/22's for the last
// four; fall is added to μ at once between the fourth round and the fifth.
func declineSim(subjects int, perYear, fall float64) simulation {
	p14, p21 := mustScale("hmic-peel-2014"), mustScale("hmicfrs-peel-2021")
	knots := make([]float64, 9)
	for k := range knots {
		knots[k] = -perYear * float64(k)
	}
	sim := simulation{subjects: subjects, dates: 8, start: 2015,
		scaleAt: func(j int) *scale.Scale {
			if j < 4 {
				return p14
			}
			return p21
		},
		cuts:  map[*scale.Scale][]float64{p14: {-1.5, -0.3, 1.2}, p21: {-1.6, -0.6, 0.3, 1.4}},
		sigma: 1, rho: 0.8, knots: knots, jitter: 30,
	}
	if fall != 0 {
		for k := 5; k < len(knots); k++ { // from 2020-01-01; the fifth round is mid-2019
			knots[k] -= fall
		}
		knots[4] -= fall / 2 // 2019-01-01: μ falls from the fourth round to the fifth
	}
	return sim
}

// TestNationalDecline: a crosswalk counted from the grades gives each
// scale a mean of 0.5, whatever the population did; the model's population
// trend shows the fall within each era, and carries it across the change
// of scale only as far as μ's smoothness allows.
func TestNationalDecline(t *testing.T) {
	sim := declineSim(200, 0.25, 0)
	data := sim.run(rand.New(rand.NewPCG(11, 12)))

	cw, err := trend.CrosswalkFrom(slices.Values(data.obs))
	require.NoError(t, err)
	sums, counts := map[*scale.Scale]float64{}, map[*scale.Scale]float64{}
	for _, o := range data.obs {
		score, err := cw.Score(o.Grade)
		require.NoError(t, err)
		sums[o.Grade.Scale()] += score
		counts[o.Grade.Scale()]++
	}
	for s, sum := range sums {
		assert.InDelta(t, 0.5, sum/counts[s], 1e-12, "%s: mean score under the counted crosswalk", s.ID())
	}

	m, err := Fit(slices.Values(data.obs), nil)
	require.NoError(t, err)
	for p := range m.Population() {
		t.Logf("population %s: latent %.3f [%.3f, %.3f] (true %.3f), ordinal %.3f [%.3f, %.3f]",
			day(p.Date), p.Latent.Mean, p.Latent.Lo90, p.Latent.Hi90, sim.muAt(p.Date), p.Mean, p.Lo90, p.Hi90)
	}
	first, change, last := date(2015, 7, 1), date(2018, 7, 1), date(2022, 7, 1)
	after := date(2019, 7, 1)
	era1, err := m.PopulationChange(first, change)
	require.NoError(t, err)
	across, err := m.PopulationChange(change, after)
	require.NoError(t, err)
	era2, err := m.PopulationChange(after, last)
	require.NoError(t, err)
	total, err := m.PopulationChange(first, last)
	require.NoError(t, err)
	for _, c := range []struct {
		name  string
		ch    Change
		truth float64
	}{{"first era", era1, -0.75}, {"across the change", across, -0.25}, {"second era", era2, -0.75}, {"all eight years", total, -1.75}} {
		t.Logf("%s: μ changed %.3f [%.3f, %.3f] (true %.2f); P(rise) %.3f", c.name, c.ch.Latent.Mean, c.ch.Latent.Lo90, c.ch.Latent.Hi90, c.truth, c.ch.PImproved)
	}
	assert.Less(t, era1.Latent.Hi90, 0.0, "the fall within the first era")
	assert.Less(t, era2.Latent.Hi90, 0.0, "the fall within the second era")
	assert.Less(t, total.Latent.Hi90, 0.0, "the fall over all eight years")
	// Across the change, only μ's smoothness links the eras: μ is linear
	// between knots, so the knot between the last round on the old scale
	// and the first on the new carries the slopes either side across. The
	// year across the change is read, but less surely than a year within
	// an era.
	year, err := m.PopulationChange(date(2016, 7, 1), date(2017, 7, 1))
	require.NoError(t, err)
	t.Logf("a year within the first era: μ changed %.3f [%.3f, %.3f] (true -0.25)", year.Latent.Mean, year.Latent.Lo90, year.Latent.Hi90)
	assert.Greater(t, across.Latent.Hi90-across.Latent.Lo90, 1.3*(year.Latent.Hi90-year.Latent.Lo90),
		"the year across the change is less sure than a year within an era")
}

// TestFallAtChangeOfScale: a fall of the whole population exactly when the
// scale changes gives the same grades as a harsher new scale, grade for
// grade, so no method can tell the two apart, and the model gives the
// same answer to both.
func TestFallAtChangeOfScale(t *testing.T) {
	p21 := mustScale("hmicfrs-peel-2021")
	fall := declineSim(60, 0, 0)
	fall.step, fall.stepFrom = -0.5, 4 // with the first round on the new scale
	harsh := declineSim(60, 0, 0)
	harsh.cuts[p21] = slices.Clone(harsh.cuts[p21])
	for i := range harsh.cuts[p21] {
		harsh.cuts[p21][i] += 0.5
	}
	a := fall.run(rand.New(rand.NewPCG(5, 5)))
	b := harsh.run(rand.New(rand.NewPCG(5, 5)))
	require.Equal(t, len(a.obs), len(b.obs))
	for i := range a.obs {
		require.Equal(t, a.obs[i].Grade, b.obs[i].Grade, "observation %d", i)
	}
	fits := make([]Change, 2)
	for i, data := range []simulated{a, b} {
		m, err := Fit(slices.Values(data.obs), &Options{Chains: 2, Warmup: 300, Draws: 300})
		require.NoError(t, err)
		fits[i], err = m.PopulationChange(date(2018, 7, 1), date(2019, 7, 1))
		require.NoError(t, err)
	}
	assert.Equal(t, fits[0], fits[1])
	t.Logf("a fall of 0.5 at the change, or a new scale harsher by 0.5: the same grades; μ across the change %.3f [%.3f, %.3f] for both",
		fits[0].Latent.Mean, fits[0].Latent.Lo90, fits[0].Latent.Hi90)
}
