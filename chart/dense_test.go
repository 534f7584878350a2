package chart_test

import (
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// dense returns n observations of one subject in two areas across three
// police scales, a day apart and wrapping round after 5,000 days, so that
// past 5,000 grades the scales interleave on the same days, the grades
// crowd together and most labels collide: the case where label placement
// was quadratic (issue 20: 20,000 grades took 14.5 s). many, by contrast,
// spaces its grades a month apart in scale order, so few labels collide
// and the old placement was already close to linear on it.
func dense(t testing.TB, n int) []trend.Observation {
	start := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC)
	return policeSeries(t, n, func(i int) time.Time { return start.AddDate(0, 0, i%5000) })
}

// policeSeries returns n observations of one subject, Northshire, in two
// areas in turn, the first third on the 2009 Policing Pledge scale, the
// second on PEEL 2014 and the last on PEEL 2021, cycling through each
// scale's levels, the i-th dated date(i).
func policeSeries(t testing.TB, n int, date func(i int) time.Time) []trend.Observation {
	ids := []string{"hmic-pledge-2009", "hmic-peel-2014", "hmicfrs-peel-2021"}
	out := make([]trend.Observation, n)
	for i := range out {
		s, ok := scale.Lookup(ids[i*len(ids)/n])
		require.True(t, ok)
		g, err := grade.FromRank(s, 1+i%s.Len())
		require.NoError(t, err)
		out[i] = trend.Observation{Subject: "Northshire", Area: []string{"overall", "effectiveness"}[i%2], Date: date(i), Grade: g}
	}
	return out
}

// A crowded series is drawn, and the picture says how many of its labels
// had no room rather than dropping them without a word.
func TestSeriesDenseLabelsLeftOut(t *testing.T) {
	const n = 5000
	data := draw(t, func(w io.Writer) error { return chart.Series(w, trend.Group(dense(t, n)), chart.Options{}) })
	_, _, texts := svgText(t, data)
	var grades, steps string
	for _, s := range texts {
		switch {
		case strings.Contains(s, "grade labels had no room"):
			grades = s
		case strings.Contains(s, "step labels had no room"):
			steps = s
		}
	}
	require.NotEmpty(t, grades, "the grade labels left out are counted")
	assert.Regexp(t, `^\d+ of \d+ grade labels had no room on the picture and are left out\.$`, grades)
	require.NotEmpty(t, steps, "the step labels left out are counted")
	assert.Regexp(t, `^\d+ of \d+ step labels had no room on the picture and are left out\.$`, steps)
}

// BenchmarkSeriesLabelsDense draws one crowded series at two sizes a
// factor of ten apart: the time grows with the number of grades, not its
// square. At 606517c, 2,000 and 20,000 grades took 0.11 s and 11.1 s (100
// times as long); see also BenchmarkSeriesLabels.
func BenchmarkSeriesLabelsDense(b *testing.B) { benchmarkSeries(b, dense) }

// benchmarkSeries draws the series of observations(b, n) at n = 2,000 and
// 20,000.
func benchmarkSeries(b *testing.B, observations func(testing.TB, int) []trend.Observation) {
	for _, n := range []int{2_000, 20_000} {
		series := trend.Group(observations(b, n))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := chart.Series(io.Discard, series, chart.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
