package chart

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// FuzzLayout lays out series of arbitrary grades, dates, names and
// options, and checks every picture's promises on the scene itself (texts
// inside the picture, none overlapping, abridged ones kept whole): the
// layout is fuzzed, not the SVG or PNG writer, so that it runs thousands of
// times a second. Each input draws, as its flags say, a series of one
// subject, a grid of up to eight or a slope.
func FuzzLayout(f *testing.F) {
	// name, area, seed, count, width, options
	f.Add("Northshire", "overall", uint64(1), uint8(8), uint16(0), uint8(0))
	f.Add("", "", uint64(0), uint8(1), uint16(320), uint8(1))                                                          // empty names, one grade, narrowest
	f.Add(strings.Repeat("verylongword ", 25), strings.Repeat("W", 300), uint64(99), uint8(40), uint16(700), uint8(3)) // 300-character names
	f.Add("A<&>\"'\uFFFE", "a\x00b\tc\xff", uint64(7), uint8(200), uint16(4000), uint8(2))                             // markup, control bytes, invalid UTF-8, widest
	f.Add("Force", "x", uint64(12345), uint8(255), uint16(333), uint8(7))                                              // many grades on a narrow picture
	ids := []string{"hmic-pledge-2009", "hmic-peel-2014", "hmicfrs-peel-2021", "hmicfrs-peel-2023", "cqc-ratings-2014", "ofsted-schools-2012"}
	var scales []*scale.Scale
	for _, id := range ids {
		s, ok := scale.Lookup(id)
		if !ok {
			f.Fatal(id)
		}
		scales = append(scales, s)
	}
	f.Fuzz(func(t *testing.T, name, area string, seed uint64, count uint8, width uint16, flags uint8) {
		// Names beyond MaxTextBytes are refused (TestLimits checks that):
		// keep them within it, so that the layout is what is fuzzed. A name
		// of its own ending in "…" would pass for an abridged one.
		name = strings.ReplaceAll(strings.TrimSuffix(truncate(name, 600), ellipsis), ellipsis, "...")
		area = strings.ReplaceAll(strings.TrimSuffix(truncate(area, 600), ellipsis), ellipsis, "...")
		next := func(n int) int {
			seed = seed*6364136223846793005 + 1442695040888963407
			return int((seed >> 33) % uint64(n))
		}
		opt := Options{Audience: Audience(flags & 1)}
		if w := int(width); w >= MinWidth && w <= MaxWidth {
			opt.Width = w
		}
		family := flags&4 == 0 // police scales only, so that a grades axis can be drawn
		if family && flags&2 != 0 {
			opt.Axis = Grades
		}
		var obs []trend.Observation
		for i := range int(count)%32 + 1 {
			s := scales[next(4)]
			if !family {
				s = scales[next(len(scales))]
			}
			g, err := grade.FromRank(s, 1+next(s.Len()))
			if err != nil {
				t.Fatal(err)
			}
			subject := name
			if i%3 > 0 {
				subject = name + string(rune('a'+next(7)))
			}
			obs = append(obs, trend.Observation{Subject: subject, Area: area + string(rune('0'+next(2))),
				Date: time.Date(1990+next(50), time.Month(1+next(12)), 1+next(28), 0, 0, 0, 0, time.UTC), Precision: trend.Precision(next(3)), Grade: g})
		}
		series := trend.Group(obs)
		var one []trend.Series
		for _, s := range series {
			if s.Subject == series[0].Subject {
				one = append(one, s)
			}
		}
		from := trend.Period{From: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2014, 12, 31, 0, 0, 0, 0, time.UTC)}
		to := trend.Period{From: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2040, 12, 31, 0, 0, 0, 0, time.UTC)}
		var sc *scene
		var err error
		kind := []string{"series", "grid", "slope"}[int(flags>>3)%3]
		switch kind {
		case "series":
			sc, err = layoutSeries(one, opt)
		case "grid":
			sc, err = layoutGrid(series, opt)
		case "slope":
			if sc, err = layoutSlope(series, from, to, opt); errors.Is(err, ErrNoData) {
				return
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		for _, p := range checkScene(sc) {
			t.Errorf("%s: %s", kind, p)
		}
	})
}
