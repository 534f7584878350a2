package trend_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/trend"
)

// written builds an observation of Leicestershire's overall grade with the
// date written as "2017", "2017-03" or "2017-03-01".
func written(date, g string) trend.Observation {
	p := trend.Day
	switch len(date) {
	case 4:
		p, date = trend.Year, date+"-01-01"
	case 7:
		p, date = trend.Month, date+"-01"
	}
	return trend.Observation{Subject: "Leicestershire", Area: "overall", Date: day(date), Precision: p, Grade: grade.MustParseQualified(g)}
}

// TestOrderMixedPrecision is issue 11's example: a year-only date no longer
// counts as 1 January, so a month inside the year keeps its given place,
// both ways round.
func TestOrderMixedPrecision(t *testing.T) {
	good15 := written("2015", "hmic-peel-2014:Good")
	ri17 := written("2017-03", "hmic-peel-2014:Requires improvement")
	good17 := written("2017", "hmic-peel-2014:Good")
	adequate22 := written("2022", "hmicfrs-peel-2021:Adequate")
	for _, tc := range []struct {
		name  string
		in    []trend.Observation
		dirs  []trend.Direction
		input []bool
	}{
		{"month first", []trend.Observation{adequate22, ri17, good15, good17},
			[]trend.Direction{trend.Declined, trend.Improved, trend.Uncertain}, []bool{false, true, false}},
		{"year first", []trend.Observation{good15, good17, ri17, adequate22},
			[]trend.Direction{trend.Unchanged, trend.Declined, trend.Uncertain}, []bool{false, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			series := trend.Group(tc.in)
			require.Len(t, series, 1)
			var got []string
			for _, o := range series[0].Observations {
				got = append(got, o.DateString())
			}
			// adequate22 comes first in the "month first" input but its
			// span lies after the others, so it goes last.
			want := []string{"2015", "2017-03", "2017", "2022"}
			if tc.name == "year first" {
				want = []string{"2015", "2017", "2017-03", "2022"}
			}
			assert.Equal(t, want, got)
			steps, err := series[0].Steps(crosswalk.Default())
			require.NoError(t, err)
			var dirs []trend.Direction
			var input []bool
			for _, st := range steps {
				dirs = append(dirs, st.Direction)
				input = append(input, st.OrderFromInput)
			}
			assert.Equal(t, tc.dirs, dirs)
			assert.Equal(t, tc.input, input)
		})
	}
}

func TestOrderFromInputSameDay(t *testing.T) {
	s := trend.Series{Observations: []trend.Observation{
		written("2019-05-02", "hmic-peel-2014:Good"),
		written("2019-05-02", "hmic-peel-2014:Outstanding"),
		written("2019-05-03", "hmic-peel-2014:Good"),
	}}
	steps, err := s.Steps(crosswalk.Default())
	require.NoError(t, err)
	require.Len(t, steps, 2)
	assert.True(t, steps[0].OrderFromInput, "same day")
	assert.False(t, steps[1].OrderFromInput, "next day")
}

// TestOrderChained: a year overlaps two months that do not overlap each
// other. The months keep their date order, and the year, given first, comes
// as early as the months allow.
func TestOrderChained(t *testing.T) {
	in := []trend.Observation{
		written("2017-09", "hmic-peel-2014:Good"),
		written("2017", "hmic-peel-2014:Outstanding"),
		written("2017-03", "hmic-peel-2014:Inadequate"),
		written("2016-12-31", "hmic-peel-2014:Requires improvement"),
	}
	var got []string
	for _, o := range trend.Group(in)[0].Observations {
		got = append(got, o.DateString())
	}
	assert.Equal(t, []string{"2016-12-31", "2017", "2017-03", "2017-09"}, got)
}

// spanOf is the reference: the first and last day of an observation's span.
func spanOf(o trend.Observation) (time.Time, time.Time) {
	y, m, _ := o.Date.Date()
	switch o.Precision {
	case trend.Year:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	case trend.Month:
		f := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return f, f.AddDate(0, 1, -1)
	}
	return o.Date, o.Date
}

// referenceOrder is the rule of the package documentation, written
// directly: repeatedly take the earliest-given remaining observation that
// no remaining observation wholly precedes.
func referenceOrder(in []trend.Observation) []trend.Observation {
	left := append([]trend.Observation(nil), in...)
	var out []trend.Observation
	for len(left) > 0 {
		for i, o := range left {
			first, _ := spanOf(o)
			preceded := false
			for _, p := range left {
				if _, last := spanOf(p); last.Before(first) {
					preceded = true
					break
				}
			}
			if !preceded {
				out = append(out, o)
				left = append(left[:i], left[i+1:]...)
				break
			}
		}
	}
	return out
}

func TestOrderAgreesWithReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	labels := []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}
	// Over three years spans overlap often; over thirty they mostly do not,
	// the case Group orders by the first day alone.
	for n := range 600 {
		years := 3
		if n >= 300 {
			years = 30
		}
		var in []trend.Observation
		for range 1 + n%12 {
			d := time.Date(2015+r.IntN(years), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
			p := trend.Precision(r.IntN(3))
			switch p {
			case trend.Year:
				d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
			case trend.Month:
				d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
			}
			in = append(in, trend.Observation{Subject: "s", Area: "a", Date: d, Precision: p,
				Grade: grade.MustParseQualified("hmic-peel-2014:" + labels[r.IntN(4)])})
		}
		assert.Equal(t, referenceOrder(in), trend.Group(in)[0].Observations, "case %d", n)
	}
}

// TestOrderFarApart checks the order of spans too far apart to be numbered
// by their distance from the first (order then ranks them), against the
// reference.
func TestOrderFarApart(t *testing.T) {
	g := grade.MustParseQualified("hmic-peel-2014:Good")
	in := []trend.Observation{
		{Date: time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Month, Grade: g},
		{Date: time.Date(900_000_000, 1, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Year, Grade: g},
		{Date: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Year, Grade: g},
		{Date: time.Date(-900_000_000, 5, 2, 0, 0, 0, 0, time.UTC), Grade: g},
		{Date: time.Date(2016, 12, 31, 0, 0, 0, 0, time.UTC), Grade: g},
		{Date: time.Date(2017, 3, 9, 0, 0, 0, 0, time.UTC), Grade: g},
	}
	want := referenceOrder(in)
	require.Equal(t, time.Date(-900_000_000, 5, 2, 0, 0, 0, 0, time.UTC), want[0].Date)
	assert.Equal(t, want, trend.Group(in)[0].Observations)
}
