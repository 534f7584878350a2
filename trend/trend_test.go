package trend_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func obs(subject, area, date, g string) trend.Observation {
	return trend.Observation{Subject: subject, Area: area, Date: day(date), Grade: grade.MustParseQualified(g)}
}

func TestDirectionOf(t *testing.T) {
	assert.Equal(t, trend.Improved, trend.DirectionOf(crosswalk.Above))
	assert.Equal(t, trend.Declined, trend.DirectionOf(crosswalk.Below))
	assert.Equal(t, trend.Unchanged, trend.DirectionOf(crosswalk.Equivalent))
	assert.Equal(t, trend.Uncertain, trend.DirectionOf(crosswalk.Overlapping))
	assert.Equal(t, trend.Direction(0), trend.DirectionOf(0))
}

func TestDirectionText(t *testing.T) {
	for _, d := range []trend.Direction{trend.Declined, trend.Uncertain, trend.Unchanged, trend.Improved} {
		text, err := d.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, d.String(), string(text))
		var back trend.Direction
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, d, back)
	}
	assert.Equal(t, "invalid direction", trend.Direction(0).String())
	assert.Equal(t, "invalid direction", trend.Direction(9).String())
	text, err := trend.Direction(0).MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	_, err = trend.Direction(9).MarshalText()
	assert.Error(t, err)
	var d trend.Direction
	assert.Error(t, d.UnmarshalText([]byte("better")))
}

func TestDateString(t *testing.T) {
	o := obs("s", "a", "2019-05-02", "hmic-peel-2014:Good")
	assert.Equal(t, "2019-05-02", o.DateString())
	o.Precision = trend.Month
	assert.Equal(t, "2019-05", o.DateString())
	o.Precision = trend.Year
	assert.Equal(t, "2019", o.DateString())
	assert.Equal(t, "s, a, 2019: hmic-peel-2014:Good", o.String())
}

func TestGroup(t *testing.T) {
	in := []trend.Observation{
		obs("b", "x", "2019-01-01", "hmic-peel-2014:Good"),
		obs("a", "y", "2018-01-01", "hmic-peel-2014:Good"),
		obs("a", "x", "2019-01-01", "hmic-peel-2014:Outstanding"),
		obs("a", "x", "2015-01-01", "hmic-peel-2014:Inadequate"),
		obs("a", "x", "2019-01-01", "hmic-peel-2014:Good"), // same date: input order kept
	}
	orig := slices.Clone(in)
	series := trend.Group(in)
	assert.Equal(t, orig, in, "Group must not change its input")
	require.Len(t, series, 3)
	assert.Equal(t, [][2]string{{"a", "x"}, {"a", "y"}, {"b", "x"}},
		[][2]string{{series[0].Subject, series[0].Area}, {series[1].Subject, series[1].Area}, {series[2].Subject, series[2].Area}})
	var labels []string
	for _, o := range series[0].Observations {
		labels = append(labels, o.Grade.Label())
	}
	assert.Equal(t, []string{"Inadequate", "Outstanding", "Good"}, labels)
	assert.Empty(t, trend.Group(nil))
}

// The worked example of the seeds: Leicestershire's grades from 2009 to
// 2022 (docs/research-police.md).
func leicestershire() []trend.Observation {
	return []trend.Observation{
		{Subject: "Leicestershire", Area: "overall", Date: day("2009-10-01"), Precision: trend.Month, Grade: grade.MustParseQualified("hmic-pledge-2009:Good")},
		{Subject: "Leicestershire", Area: "effectiveness", Date: day("2017-03-01"), Precision: trend.Month, Grade: grade.MustParseQualified("hmic-peel-2014:Requires improvement")},
		obs("Leicestershire", "effectiveness", "2019-05-02", "hmic-peel-2014:Good"),
		obs("Leicestershire", "efficiency", "2019-05-02", "hmic-peel-2014:Good"),
		obs("Leicestershire", "legitimacy", "2019-05-02", "hmic-peel-2014:Good"),
		{Subject: "Leicestershire", Area: "responding to the public", Date: day("2022-01-01"), Precision: trend.Year, Grade: grade.MustParseQualified("hmicfrs-peel-2021:Adequate")},
	}
}

func TestStepsDirections(t *testing.T) {
	cw := crosswalk.Default()
	// One series through every direction, ordered by date.
	s := trend.Series{Subject: "f", Area: "overall", Observations: []trend.Observation{
		obs("f", "overall", "2015-01-01", "hmic-peel-2014:Requires improvement"),
		obs("f", "overall", "2016-01-01", "hmic-peel-2014:Good"),                    // improved
		obs("f", "overall", "2017-01-01", "hmic-peel-2014:Good"),                    // unchanged
		obs("f", "overall", "2018-01-01", "hmic-peel-2014:Inadequate"),              // declined
		obs("f", "overall", "2022-01-01", "hmicfrs-peel-2021:Requires improvement"), // cross-era, overlapping
	}}
	steps, err := s.Steps(cw)
	require.NoError(t, err)
	require.Len(t, steps, 4)
	var dirs []trend.Direction
	for _, st := range steps {
		dirs = append(dirs, st.Direction)
	}
	assert.Equal(t, []trend.Direction{trend.Improved, trend.Unchanged, trend.Declined, trend.Uncertain}, dirs)
	assert.Equal(t, []float64{1, 0.5, 0}, []float64{steps[0].PImproved(), steps[1].PImproved(), steps[2].PImproved()})
	// Inadequate [0, 0.25] then Requires improvement [0.2, 0.4] on five levels.
	assert.InDelta(t, 0.975, steps[3].PImproved(), 1e-12)
	assert.False(t, steps[2].CrossEra())
	assert.Empty(t, steps[2].Caveat())
	assert.True(t, steps[3].CrossEra())
	caveats := slices.Collect(steps[3].Caveats())
	require.NotEmpty(t, caveats)
	assert.Equal(t, strings.Join(caveats, " "), steps[3].Caveat())
	assert.Equal(t, steps[3].To.Grade, steps[3].Comparison.A, "the later grade is compared with the earlier")

	var seq []trend.Step
	for st, err := range s.StepSeq(cw) {
		require.NoError(t, err)
		seq = append(seq, st)
	}
	assert.Equal(t, steps, seq)
}

func TestStepsNotCovered(t *testing.T) {
	peel, _ := scale.Lookup("hmic-peel-2014")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel: {1, 2, 3, 4}})
	require.NoError(t, err)
	s := trend.Series{Observations: []trend.Observation{
		obs("f", "a", "2019-01-01", "hmic-peel-2014:Good"),
		obs("f", "a", "2022-01-01", "hmicfrs-peel-2021:Good"),
	}}
	_, err = s.Steps(cw)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	for _, err := range s.StepSeq(cw) {
		assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	}
	_, err = s.Summary(cw)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	_, err = trend.ByPeriod(cw, s.Observations, trend.PeriodOptions{})
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
}

func TestStepsDataDriven(t *testing.T) {
	peel, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	// With these counts Good on 2014 is [0.3, 0.9] and Adequate on 2021 is
	// [0.1, 0.5]: the step from Good to Adequate is uncertain.
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		peel:   {1, 2, 6, 1},
		peel21: {0, 1, 4, 4, 1},
	})
	require.NoError(t, err)
	s := trend.Group([]trend.Observation{
		obs("f", "a", "2019-01-01", "hmic-peel-2014:Good"),
		obs("f", "a", "2022-01-01", "hmicfrs-peel-2021:Adequate"),
	})[0]
	steps, err := s.Steps(cw)
	require.NoError(t, err)
	assert.Equal(t, trend.Uncertain, steps[0].Direction)
	assert.Equal(t, crosswalk.Band{Lo: 0.1, Hi: 0.5}, steps[0].Comparison.BandA)
	assert.Less(t, steps[0].PImproved(), 0.5)
}

func TestSummary(t *testing.T) {
	cw := crosswalk.Default()
	s := trend.Series{Subject: "f", Area: "a", Observations: []trend.Observation{
		obs("f", "a", "2015-01-01", "hmic-peel-2014:Good"),
		obs("f", "a", "2016-01-01", "hmic-peel-2014:Inadequate"),
		obs("f", "a", "2017-01-01", "hmic-peel-2014:Outstanding"),
		obs("f", "a", "2018-01-01", "hmic-peel-2014:Outstanding"),
		obs("f", "a", "2022-01-01", "hmicfrs-peel-2021:Adequate"),
	}}
	sum, err := s.Summary(cw)
	require.NoError(t, err)
	assert.Equal(t, 5, sum.Observations)
	assert.Equal(t, s.Observations[0], sum.First)
	assert.Equal(t, s.Observations[4], sum.Last)
	assert.Equal(t, s.Observations[2], sum.Best, "the earliest of equal scores")
	assert.Equal(t, s.Observations[1], sum.Worst)
	assert.Equal(t, 0.875, sum.BestScore)
	assert.Equal(t, 0.125, sum.WorstScore)
	assert.Equal(t, 0.625, sum.FirstScore)
	assert.Equal(t, 0.5, sum.LastScore)
	assert.Equal(t, 1, sum.CrossEraSteps)
	// Adequate [0.4, 0.6] after Good [0.5, 0.75]: uncertain.
	assert.Equal(t, trend.Uncertain, sum.Direction)
	assert.Equal(t, sum.Overall.PAbove, sum.PImproved())
	assert.NotEmpty(t, sum.Caveat())

	one, err := trend.Series{Observations: s.Observations[:1]}.Summary(cw)
	require.NoError(t, err)
	assert.Equal(t, trend.Direction(0), one.Direction, "nothing to compare")
	assert.Equal(t, one.First, one.Last)
	assert.Empty(t, one.Caveat())

	_, err = trend.Series{}.Summary(cw)
	assert.Error(t, err)
}

func TestLeicestershireSeries(t *testing.T) {
	series := trend.Group(leicestershire())
	var areas []string
	for _, s := range series {
		areas = append(areas, s.Area)
	}
	// Areas differ across eras, so each era's areas make their own series.
	assert.Equal(t, []string{"effectiveness", "efficiency", "legitimacy", "overall", "responding to the public"}, areas)
	steps, err := series[0].Steps(crosswalk.Default())
	require.NoError(t, err)
	require.Len(t, steps, 1)
	assert.Equal(t, trend.Improved, steps[0].Direction)
	assert.False(t, steps[0].CrossEra())
}

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct{ in, from, until, str string }{
		{"2016", "2016-01-01", "2016-12-31", "2016"},
		{"2016-04", "2016-04-01", "2016-04-30", "2016-04"},
		{"2016-04-05", "2016-04-05", "2016-04-05", "2016-04-05"},
		{"2016-04..2017-03", "2016-04-01", "2017-03-31", "2016-04..2017-03"},
		{"2016..2022", "2016-01-01", "2022-12-31", "2016..2022"},
		{"2016-04-02..2016-05-01", "2016-04-02", "2016-05-01", "2016-04-02..2016-05-01"},
	} {
		p, err := trend.ParsePeriod(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, day(tc.from), p.From, tc.in)
		assert.Equal(t, day(tc.until), p.Until, tc.in)
		assert.Equal(t, tc.str, p.String(), tc.in)
		back, err := trend.ParsePeriod(p.String())
		require.NoError(t, err)
		assert.Equal(t, p, back)
	}
	for _, bad := range []string{"", "16", "2016-13", "2017..2016", "2016..", "x..2016"} {
		_, err := trend.ParsePeriod(bad)
		assert.ErrorIs(t, err, trend.ErrBadPeriod, bad)
	}
	assert.Equal(t, "empty period", trend.Period{}.String())
	assert.False(t, trend.Period{}.Contains(day("2016-01-01")))
	assert.True(t, trend.YearPeriod(2016).Contains(day("2016-12-31")))
	assert.False(t, trend.YearPeriod(2016).Contains(day("2017-01-01")))
}

func TestByPeriod(t *testing.T) {
	cw := crosswalk.Default()
	in := []trend.Observation{
		obs("a", "eff", "2016-03-01", "hmic-peel-2014:Good"),        // 0.625: bin 4 of 5
		obs("b", "eff", "2016-03-01", "hmic-peel-2014:Inadequate"),  // 0.125: bin 1
		obs("b", "eff", "2016-09-01", "hmic-peel-2014:Outstanding"), // 0.875: bin 5
		obs("a", "leg", "2016-03-01", "hmic-peel-2014:Good"),
		obs("a", "eff", "2022-04-01", "hmicfrs-peel-2021:Adequate"), // 0.5: bin 3 (an edge goes up)
		obs("b", "eff", "2022-04-01", "hmicfrs-peel-2021:Good"),     // 0.7: bin 4
	}
	sums, err := trend.ByPeriod(cw, in, trend.PeriodOptions{Bins: trend.DefaultBins})
	require.NoError(t, err)
	require.Len(t, sums, 3)
	s := sums[0]
	s.BinLabels = nil
	assert.Equal(t, trend.PeriodSummary{Period: trend.YearPeriod(2016), Area: "eff", Observations: 3, Subjects: 2,
		Scales: []string{"hmic-peel-2014"}, Bins: []int{1, 0, 0, 1, 1}, Mean: (0.625 + 0.125 + 0.875) / 3}, s)
	assert.Equal(t, "leg", sums[1].Area)
	assert.Equal(t, trend.YearPeriod(2022), sums[2].Period)
	assert.Equal(t, []int{0, 0, 1, 1, 0}, sums[2].Bins)
	assert.InDelta(t, 0.6, sums[2].Mean, 1e-12)

	// By default a period on one scale is counted level by level.
	sums, err = trend.ByPeriod(cw, in, trend.PeriodOptions{})
	require.NoError(t, err)
	require.Len(t, sums, 3)
	assert.True(t, sums[0].ByLevel)
	assert.Equal(t, []int{1, 0, 1, 1}, sums[0].Bins, "Inadequate, Requires improvement, Good, Outstanding")
	assert.Equal(t, []int{0, 0, 1, 1, 0}, sums[2].Bins, "PEEL 2021/22's five levels")

	// Periods given by the caller, in their order, pooled, with 2 bins.
	p1, _ := trend.ParsePeriod("2022")
	p2, _ := trend.ParsePeriod("2016-01..2016-06")
	sums, err = trend.ByPeriod(cw, in, trend.PeriodOptions{Periods: []trend.Period{p1, p2, trend.YearPeriod(2030)}, Bins: 2, PoolAreas: true})
	require.NoError(t, err)
	require.Len(t, sums, 2, "a period without observations is left out")
	assert.Equal(t, p1, sums[0].Period)
	assert.Equal(t, "", sums[0].Area)
	assert.Equal(t, []int{0, 2}, sums[0].Bins)
	assert.Equal(t, p2, sums[1].Period)
	assert.Equal(t, 3, sums[1].Observations)
	assert.Equal(t, []int{1, 2}, sums[1].Bins)

	_, err = trend.ByPeriod(cw, in, trend.PeriodOptions{Bins: -1})
	assert.Error(t, err)
	sums, err = trend.ByPeriod(cw, nil, trend.PeriodOptions{})
	require.NoError(t, err)
	assert.Empty(t, sums)
}

func TestBinEdges(t *testing.T) {
	lo, hi := trend.BinEdges(2, 5)
	assert.InDelta(t, 0.4, lo, 1e-15)
	assert.InDelta(t, 0.6, hi, 1e-15)
}

func TestCustomScale(t *testing.T) {
	reg := new(scale.Registry)
	s, err := scale.New(scale.Definition{
		ID: "test-stars", Name: "Stars", Issuer: "Test", Family: "test",
		Era:    mustEra(t, `{"from": "2000"}`),
		Levels: []scale.LevelDefinition{{Label: "One"}, {Label: "Two"}, {Label: "Three"}},
	})
	require.NoError(t, err)
	require.NoError(t, reg.Register(s))
	rd, err := trend.NewReader(strings.NewReader("subject,area,date,scale,grade\nx,y,2001,test,One\nx,y,2002,test-stars,three\n"), &trend.ReadOptions{Format: trend.FormatCSV, Registry: reg})
	require.NoError(t, err)
	var got []trend.Observation
	for rec, err := range rd.All() {
		require.NoError(t, err)
		got = append(got, rec.Observation)
	}
	steps, err := trend.Group(got)[0].Steps(crosswalk.Default())
	require.NoError(t, err)
	assert.Equal(t, trend.Improved, steps[0].Direction)
}

func mustEra(t *testing.T, js string) scale.Era {
	var e scale.Era
	require.NoError(t, e.UnmarshalJSON([]byte(js)))
	return e
}

func BenchmarkGroupSteps(b *testing.B) {
	in := make([]trend.Observation, 0, 100_000)
	grades := []string{"hmic-peel-2014:Good", "hmic-peel-2014:Inadequate", "hmicfrs-peel-2021:Adequate", "hmicfrs-peel-2021:Good"}
	for i := range cap(in) {
		o := obs("f"+string(rune('a'+i%40)), "a", "2019-01-01", grades[i%len(grades)])
		o.Date = o.Date.AddDate(0, 0, i%1000)
		in = append(in, o)
	}
	cw := crosswalk.Default()
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range trend.Group(in) {
			for _, err := range s.StepSeq(cw) {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	}
}

func TestSummaryOfEmptySeries(t *testing.T) {
	_, err := trend.Series{Subject: "A", Area: "overall"}.Summary(crosswalk.Default())
	assert.ErrorIs(t, err, trend.ErrEmptySeries)
}

// A year counts in the period that holds it, not in the one its first day
// falls in, and a year across two periods is counted apart (issue 16).
func TestByPeriodSpans(t *testing.T) {
	g := grade.MustParseQualified("hmic-peel-2014:Good")
	obs := []trend.Observation{
		{Subject: "a", Area: "x", Date: ymd(2016, 1, 1), Precision: trend.Year, Grade: g},
		{Subject: "b", Area: "x", Date: ymd(2016, 5, 1), Precision: trend.Month, Grade: g},
	}
	fy, err := trend.ParsePeriod("2016-04..2017-03")
	require.NoError(t, err)
	sums, err := trend.ByPeriod(nil, obs, trend.PeriodOptions{Periods: []trend.Period{trend.YearPeriod(2016), fy}})
	require.NoError(t, err)
	require.Len(t, sums, 2)
	assert.Equal(t, 2, sums[0].Observations)
	assert.Equal(t, 1, sums[1].Observations)
	assert.Equal(t, 1, sums[1].Straddling)
	_, err = trend.ByPeriod(nil, obs, trend.PeriodOptions{Bins: 1_000_000_000})
	assert.ErrorIs(t, err, trend.ErrBins)
	_, err = trend.ByPeriod(nil, obs, trend.PeriodOptions{Bins: -1})
	assert.ErrorIs(t, err, trend.ErrBins)
}
