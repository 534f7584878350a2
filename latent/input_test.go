package latent

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quick are options for tests that need a fit, not a precise one.
var quick = &Options{Chains: 2, Warmup: 60, Draws: 60}

// twoDates is a small panel: 30 subjects graded in 2018 and 2019 on PEEL
// 2014–19's scale, every level used.
func twoDates() []trend.Observation {
	s := mustScale("hmic-peel-2014")
	var obs []trend.Observation
	for i := range 30 {
		name := subjectName(i)
		obs = append(obs, obsOf(name, date(2018, 6, 1), gradeOf(s, 1+i%4)), obsOf(name, date(2019, 6, 1), gradeOf(s, 1+(i+i/8)%4)))
	}
	return obs
}

func TestFitEmpty(t *testing.T) {
	_, err := Fit(slices.Values([]trend.Observation(nil)), nil)
	require.ErrorIs(t, err, ErrEmpty)
	assert.Contains(t, err.Error(), "latent:")
}

func TestFitBadObservations(t *testing.T) {
	obs := twoDates()
	noDate := slices.Clone(obs)
	noDate[3].Date = time.Time{}
	_, err := Fit(slices.Values(noDate), quick)
	require.ErrorIs(t, err, trend.ErrZeroDate)
	var oe *ObservationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 3, oe.Index)

	noGrade := slices.Clone(obs)
	noGrade[5].Grade = grade.Grade{}
	_, err = Fit(slices.Values(noGrade), quick)
	require.ErrorIs(t, err, trend.ErrZeroGrade)
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 5, oe.Index)
}

func TestFitUnknownScale(t *testing.T) {
	def := scale.Definition{ID: "test-three", Name: "A test scale", Issuer: "Test inspectorate", Family: "test",
		Era:    scale.Era{From: date(2020, 1, 1)},
		Source: scale.Source{Publisher: "Test inspectorate", Title: "Handbook", Year: 2020, URL: "https://example.org/handbook"},
		Levels: []scale.LevelDefinition{{Label: "Low"}, {Label: "Mid"}, {Label: "High"}}}
	custom, err := scale.New(def)
	require.NoError(t, err)
	var obs []trend.Observation
	for i := range 20 {
		obs = append(obs, obsOf(subjectName(i), date(2020, 3, 1), gradeOf(custom, 1+i%3)))
	}
	_, err = Fit(slices.Values(obs), quick)
	require.ErrorIs(t, err, ErrUnknownScale)
	var oe *ObservationError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, 0, oe.Index)
	assert.Contains(t, err.Error(), "test-three")

	var reg scale.Registry
	require.NoError(t, reg.Register(custom))
	o := *quick
	o.Registry = &reg
	m, err := Fit(slices.Values(obs), &o)
	require.NoError(t, err)
	assert.True(t, m.Crosswalk().Covers(custom))
}

func TestFitOutOfOrder(t *testing.T) {
	obs := twoDates()
	obs[2], obs[3] = obs[3], obs[2] // subject 1's 2019 grade before its 2018 one
	_, err := Fit(slices.Values(obs), quick)
	require.ErrorIs(t, err, ErrOutOfOrder)
	var oe *OrderError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, subjectName(1), oe.Subject)
	assert.Equal(t, "overall", oe.Area)
	assert.Equal(t, 3, oe.Index)
	assert.Contains(t, err.Error(), `series "S0001", "overall"`)
	assert.Contains(t, err.Error(), "2018-06-01")
	assert.Contains(t, err.Error(), "2019-06-01")
}

func TestFitOneLevel(t *testing.T) {
	s := mustScale("hmic-peel-2014")
	var obs []trend.Observation
	for i := range 10 {
		obs = append(obs, obsOf(subjectName(i), date(2020, 3, 1), gradeOf(s, 3)))
	}
	_, err := Fit(slices.Values(obs), quick)
	require.ErrorIs(t, err, ErrOneLevel)
	var se *ScaleError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "hmic-peel-2014", se.Scale)
	assert.Equal(t, []string{"Good"}, se.Observed)
	assert.Equal(t, []string{"Inadequate", "Requires improvement", "Outstanding"}, se.Missing)
}

// TestUnobservedLevels: a level nobody was given leaves its cut point
// bounded only by the prior when it is at an end of the scale (the
// exponential gap of EndGap), and by the levels either side when it is in
// the middle; either way every band is finite and in order.
func TestUnobservedLevels(t *testing.T) {
	s := mustScale("hmicfrs-peel-2021")
	var obs []trend.Observation
	counts := []int{0, 20, 0, 50, 30} // no Inadequate, no Adequate
	for l, n := range counts {
		for range n {
			obs = append(obs, obsOf(subjectName(len(obs)), date(2022, 3, 1), gradeOf(s, l+1)))
		}
	}
	tops := map[float64]float64{}
	for _, gap := range []float64{0.25, 3} {
		m, err := Fit(slices.Values(obs), &Options{EndGap: gap, Chains: 2, Warmup: 300, Draws: 300})
		require.NoError(t, err)
		cuts, err := m.Crosswalk().CutPoints(s)
		require.NoError(t, err)
		t.Logf("EndGap %g: cut points %.3g", gap, cuts)
		for i, c := range cuts {
			require.False(t, math.IsNaN(c), "cut %d", i)
			if i > 0 {
				assert.GreaterOrEqual(t, c, cuts[i-1])
			}
		}
		assert.Equal(t, 0.0, cuts[0])
		assert.Equal(t, 1.0, cuts[5])
		// Inadequate, never given, takes a small band at the bottom.
		assert.Less(t, cuts[1], 0.1)
		tops[gap] = cuts[1]
		for _, d := range m.edgeDraws[s] {
			for _, e := range d {
				require.False(t, math.IsNaN(e))
			}
		}
	}
	// The prior places it: a larger mean gap pushes the cut point further
	// out, and the band narrows.
	assert.Less(t, tops[3], tops[0.25])
}

// TestOneObservationSeries: subjects graded once count towards the cut
// points, as the cross-sections of national distributions do.
func TestOneObservationSeries(t *testing.T) {
	s := mustScale("hmic-peel-2014")
	var obs []trend.Observation
	for l, n := range []int{10, 30, 40, 20} {
		for range n {
			obs = append(obs, obsOf(subjectName(len(obs)), date(2020, 1, 1), gradeOf(s, l+1)))
		}
	}
	m, err := Fit(slices.Values(obs), &Options{Chains: 2, Warmup: 300, Draws: 300})
	require.NoError(t, err)
	cuts, err := m.Crosswalk().CutPoints(s)
	require.NoError(t, err)
	// With nothing but one grade each, the bands are the shares given.
	for i, want := range []float64{0, 0.1, 0.4, 0.8, 1} {
		assert.InDelta(t, want, cuts[i], 0.04, "cut %d", i)
	}
	series, err := m.Lookup(subjectName(0), "overall")
	require.NoError(t, err)
	assert.Len(t, slices.Collect(series.Trajectory()), 1)
	assert.Empty(t, slices.Collect(series.Steps()))
	_, ok := series.Overall()
	assert.False(t, ok)
	assert.Equal(t, 100, len(slices.Collect(m.Series())))
}

func TestFitOptions(t *testing.T) {
	obs := twoDates()
	for _, c := range []struct {
		opt   Options
		field string
	}{
		{Options{Chains: -1}, "Chains"},
		{Options{Draws: 1}, "Draws"},
		{Options{Lambda: -0.1}, "Lambda"},
		{Options{SigmaScale: math.Inf(1)}, "SigmaScale"},
		{Options{RhoPrior: [2]float64{-1, 1}}, "RhoPrior[0]"},
		{Options{CutScale: math.NaN()}, "CutScale"},
		{Options{ImprovedAt: 0.4}, "ImprovedAt"},
		{Options{DeclinedAt: 0.6}, "DeclinedAt"},
		{Options{Reference: date(2030, 1, 1)}, "Reference"},
		{Options{CrossSections: []CrossSection{{Scale: mustScale("hmic-peel-2014"), Date: date(2018, 1, 1), Counts: []float64{1, 2}}}}, "CrossSections[0].Counts"},
		{Options{CrossSections: []CrossSection{{Scale: mustScale("hmic-peel-2014"), Counts: []float64{1, 2, 3, 4}}}}, "CrossSections[0].Date"},
		{Options{CrossSections: []CrossSection{{Scale: mustScale("hmic-peel-2014"), Date: date(2018, 1, 1), Counts: []float64{0, 0.2, 0, 0}}}}, "CrossSections[0].Counts"},
	} {
		_, err := Fit(slices.Values(obs), &c.opt)
		require.ErrorIs(t, err, ErrInvalidOption, c.field)
		var oe *OptionError
		require.ErrorAs(t, err, &oe)
		assert.Equal(t, c.field, oe.Field)
	}
}

func TestFitContext(t *testing.T) {
	obs := twoDates()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := FitContext(ctx, slices.Values(obs), quick)
	require.ErrorIs(t, err, context.Canceled)

	// Cancelled while the chains run, from the progress callback.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	opt := Options{Draws: 1_000_000, Context: ctx, Progress: func(done, total int) {
		calls++
		assert.Equal(t, 4*(500+1_000_000), total)
		cancel()
	}}
	_, err = Fit(slices.Values(obs), &opt)
	require.ErrorIs(t, err, context.Canceled)
	assert.Positive(t, calls)
}

func TestModelQueries(t *testing.T) {
	obs := twoDates()
	m, err := Fit(slices.Values(obs), quick)
	require.NoError(t, err)
	from, to := date(2018, 6, 1), date(2019, 6, 1)

	_, err = m.Change("Nobody", "overall", from, to)
	require.ErrorIs(t, err, ErrUnknownSeries)
	_, err = m.Trajectory("S0001", "effectiveness")
	require.ErrorIs(t, err, ErrUnknownSeries)

	_, err = m.Change("S0001", "overall", from, date(2019, 6, 2))
	require.ErrorIs(t, err, ErrUnknownDate)
	var se *SeriesError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []time.Time{from, to}, se.Dates)
	assert.Contains(t, err.Error(), "2019-06-02")
	assert.Contains(t, err.Error(), "it was observed on 2018-06-01, 2019-06-01")

	ch, err := m.Change("S0001", "overall", from, to)
	require.NoError(t, err)
	back, err := m.Change("S0001", "overall", to, from)
	require.NoError(t, err)
	assert.InDelta(t, 1-ch.PImproved, back.PImproved, 1e-12)
	assert.InDelta(t, -ch.Mean, back.Mean, 1e-12)
	same, err := m.Change("S0001", "overall", to, to.Add(3*time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 0.5, same.PImproved)
	assert.Equal(t, trend.Unchanged, same.Direction)
	assert.Equal(t, 0.0, same.Mean)

	_, err = m.PopulationAt(date(2000, 1, 1))
	require.ErrorIs(t, err, ErrOutOfRange)
	p, err := m.PopulationAt(m.Reference())
	require.NoError(t, err)
	assert.InDelta(t, 0.5, p.Mean, 1e-9, "the reference population is at 0.5")

	series, err := m.Lookup("S0001", "overall")
	require.NoError(t, err)
	steps := slices.Collect(series.Steps())
	require.Len(t, steps, 1)
	overall, ok := series.Overall()
	require.True(t, ok)
	assert.Equal(t, steps[0], overall)
	assert.Equal(t, ch, overall)
	assert.Equal(t, []time.Time{from, to}, slices.Collect(series.Dates()))

	assert.Contains(t, m.String(), "60 observations in 30 series")
	assert.Contains(t, m.String(), "hmic-peel-2014")
	assert.Contains(t, m.String(), "2018-06-01")
}

func TestPoolAreas(t *testing.T) {
	s := mustScale("hmic-peel-2014")
	var obs []trend.Observation
	for i := range 20 {
		name := subjectName(i)
		for _, area := range []string{"effectiveness", "efficiency"} {
			obs = append(obs, trend.Observation{Subject: name, Area: area, Date: date(2018, 5, 1), Grade: gradeOf(s, 1+(i+len(area))%4)})
		}
		obs = append(obs, trend.Observation{Subject: name, Area: "legitimacy", Date: date(2019, 5, 1), Grade: gradeOf(s, 1+i%4)})
	}
	m, err := Fit(slices.Values(obs), &Options{PoolAreas: true, Chains: 2, Warmup: 60, Draws: 60})
	require.NoError(t, err)
	series, err := m.Lookup("S0003", "")
	require.NoError(t, err)
	// Two grades on one day share one latent quality: two dates, one step.
	assert.Len(t, slices.Collect(series.Trajectory()), 2)
	assert.Len(t, slices.Collect(series.Steps()), 1)
	_, err = m.Lookup("S0003", "effectiveness")
	require.ErrorIs(t, err, ErrUnknownSeries)
	assert.Contains(t, err.Error(), "areas are pooled")
	assert.Contains(t, m.String(), "areas pooled")
}

func TestConvergenceWarning(t *testing.T) {
	m, err := Fit(slices.Values(twoDates()), &Options{Chains: 2, Warmup: 10, Draws: 20})
	require.NoError(t, err, "a fit that has not converged is not an error")
	w := m.Diagnostics().Warning()
	require.NotNil(t, w)
	var cw *ConvergenceWarning
	require.ErrorAs(t, error(w), &cw)
	assert.Equal(t, 40, cw.Draws)
	assert.True(t, strings.HasPrefix(w.Error(), "latent: warning:"))
	names := map[string]bool{}
	for p := range m.Diagnostics().Params() {
		names[p.Name] = true
	}
	assert.True(t, names["sigma"] && names["rho"] && names["cut hmic-peel-2014 Good|Outstanding"] && names["mu 2019-01-01"], "%v", names)
	assert.False(t, names["mu 2018-01-01"], "the first knot is fixed at 0")
}

func TestCrossSections(t *testing.T) {
	p14 := mustScale("hmic-peel-2014")
	// One subject, graded twice, and a national distribution on each date.
	obs := []trend.Observation{obsOf("Alone", date(2018, 5, 1), gradeOf(p14, 3)), obsOf("Alone", date(2019, 5, 1), gradeOf(p14, 2))}
	_, err := Fit(slices.Values(obs), quick)
	require.NoError(t, err, "two levels observed are enough to fit")
	opt := Options{Chains: 2, Warmup: 200, Draws: 200, CrossSections: []CrossSection{
		{Scale: p14, Date: date(2018, 5, 1), Counts: []float64{1, 10, 28, 4}, Name: "2018"},
		CrossSectionOf(p14, scale.Distribution{Period: "2019", Area: "effectiveness", Counts: []float64{2, 12, 26.4, 3}}, date(2019, 5, 1)),
	}}
	m, err := Fit(slices.Values(obs), &opt)
	require.NoError(t, err)
	assert.Len(t, slices.Collect(m.Series()), 1, "anonymous subjects are not series")
	assert.Contains(t, m.String(), "86 anonymous subjects from 2018; hmic-peel-2014 2019 effectiveness")
	cuts, err := m.Crosswalk().CutPoints(p14)
	require.NoError(t, err)
	assert.InDelta(t, 1.0/43, cuts[1], 0.05)
	assert.InDelta(t, 39.0/43, cuts[3], 0.06)
}

func TestCrossSectionFor(t *testing.T) {
	p14 := mustScale("hmic-peel-2014")
	cs, err := CrossSectionFor(p14, Round{Period: "2018/19", Area: "effectiveness"}, date(2019, 5, 2))
	require.NoError(t, err)
	assert.Equal(t, []float64{1, 6, 35, 1}, cs.Counts)
	assert.Equal(t, "hmic-peel-2014 2018/19 effectiveness (2019-05-02)", cs.Name)
	assert.Equal(t, date(2019, 5, 2), cs.Date)

	_, err = CrossSectionFor(p14, Round{Period: "2018/19", Area: "people"}, date(2019, 5, 2))
	require.ErrorIs(t, err, ErrNoDistribution)
	assert.Contains(t, err.Error(), "2018/19:effectiveness:police-forces")
	cqc := mustScale("cqc-ratings-2014")
	_, err = CrossSectionFor(cqc, Round{Period: "2016-04", Area: "overall"}, date(2016, 4, 1))
	require.ErrorIs(t, err, ErrAmbiguousRound)
	cs, err = CrossSectionFor(cqc, Round{Period: "2016-04", Area: "overall", Sector: "nhs-trusts"}, date(2016, 4, 1))
	require.NoError(t, err)
	assert.Equal(t, []float64{12, 109, 53, 5}, cs.Counts)
	_, err = CrossSectionFor(mustScale("hmicfrs-peel-2023"), Round{Period: "2023", Area: "x"}, date(2023, 1, 1))
	require.ErrorIs(t, err, ErrNoDistribution)
	assert.Equal(t, "2023:x", Round{Period: "2023", Area: "x"}.String())
}
