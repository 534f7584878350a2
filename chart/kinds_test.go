package chart_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

func lookupScale(t testing.TB, id string) *scale.Scale {
	t.Helper()
	s, ok := scale.Lookup(id)
	require.True(t, ok, id)
	return s
}

// forceNames are illustrative names for a grid of many subjects.
func forceName(i int) string { return fmt.Sprintf("Force %02d", i+1) }

// rounds are the police rounds the illustrative forces are graded in.
var rounds = []struct {
	id, date string
}{
	{"hmic-pledge-2009", "2010-03"},
	{"hmic-peel-2014", "2016"},
	{"hmic-peel-2014", "2017-03"},
	{"hmic-peel-2014", "2019-05-02"},
	{"hmicfrs-peel-2021", "2022-06"},
	{"hmicfrs-peel-2023", "2024"},
}

// illustrative returns n forces' overall grades in each round, made up
// (a fixed pseudo-random sequence), not any force's real grades.
func illustrative(t testing.TB, n int) []trend.Observation {
	seed := uint32(11)
	var out []trend.Observation
	for i := range n {
		for _, r := range rounds {
			seed = seed*1664525 + 1013904223
			s := lookupScale(t, r.id)
			g, err := grade.FromRank(s, 1+int(seed>>24)%s.Len())
			require.NoError(t, err)
			o, err := trend.NewObservation(scale.Default(), trend.Fields{Subject: forceName(i), Area: "overall", Date: r.date, Scale: r.id, Grade: g.Label()})
			require.NoError(t, err)
			out = append(out, o)
		}
	}
	return out
}

func draw(t testing.TB, f func(w io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, f(&buf))
	return buf.Bytes()
}

// every returns a drawing of each kind of picture with the options.
func every(t testing.TB, opt chart.Options) map[string]func(w io.Writer) error {
	obs := illustrative(t, 12)
	peel14, peel21 := lookupScale(t, "hmic-peel-2014"), lookupScale(t, "hmicfrs-peel-2021")
	tr, err := trend.Transitions(obs, peel14, peel21)
	require.NoError(t, err)
	sums, err := trend.ByPeriod(opt.Crosswalk, obs, trend.PeriodOptions{})
	require.NoError(t, err)
	plain := opt
	plain.Axis = chart.Ordinal
	return map[string]func(w io.Writer) error{
		"series": func(w io.Writer) error { return chart.Series(w, trend.Group(story(t)), opt) },
		"grid":   func(w io.Writer) error { return chart.Grid(w, trend.Group(obs), opt) },
		"slope": func(w io.Writer) error {
			return chart.Slope(w, trend.Group(obs), trend.YearPeriod(2019), trend.YearPeriod(2022), opt)
		},
		"transitions": func(w io.Writer) error { return chart.Transitions(w, tr, plain) },
		"periods":     func(w io.Writer) error { return chart.Periods(w, sums, plain) },
		"ladder": func(w io.Writer) error {
			return chart.Ladder(w, slices.Collect(scale.Default().Family("hmicfrs-police")), plain)
		},
		"population": func(w io.Writer) error { return chart.Population(w, []chart.Ribbon{ribbon()}, plain) },
	}
}

func ribbon() chart.Ribbon {
	r := chart.Ribbon{Label: "estimate (90% interval)"}
	for i := range 10 {
		v := 0.35 + 0.02*float64(i)
		r.Points = append(r.Points, chart.RibbonPoint{Date: time.Date(2014+i, 7, 1, 0, 0, 0, 0, time.UTC), Mean: v, Lo: v - 0.12, Hi: v + 0.1})
	}
	return r
}

// Every kind gives the same bytes for the same input, and its SVG parses,
// with a title and a description. Every kind draws as a PNG too, at the
// narrowest width to keep the test quick under the race detector, and a
// PNG is the same bytes each time.
func TestEveryKindDeterministic(t *testing.T) {
	for kind, f := range every(t, chart.Options{}) {
		a, b := draw(t, f), draw(t, f)
		assert.Equal(t, a, b, "%s: the same input gives the same bytes", kind)
		svgText(t, a)
	}
	for kind, f := range every(t, chart.Options{Format: chart.PNG, Width: chart.MinWidth}) {
		a := draw(t, f)
		img, err := png.Decode(bytes.NewReader(a))
		require.NoError(t, err, kind)
		assert.Equal(t, 2*chart.MinWidth, img.Bounds().Dx(), kind)
		if kind == "series" || kind == "transitions" {
			assert.Equal(t, a, draw(t, f), "%s: the same PNG each time", kind)
		}
	}
}

// glyphBounds parses the path data of a glyph, in font units, and returns
// the box of its points (the control points of a curve bound it too).
func glyphBounds(t *testing.T, d string) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	fields := strings.FieldsFunc(d, func(r rune) bool { return r == ' ' || r == 'M' || r == 'L' || r == 'Q' || r == 'C' || r == 'Z' })
	require.Zero(t, len(fields)%2, "pairs of numbers: %s", d)
	for i := 0; i < len(fields); i += 2 {
		x, err := strconv.ParseFloat(fields[i], 64)
		require.NoError(t, err)
		y, err := strconv.ParseFloat(fields[i+1], 64)
		require.NoError(t, err)
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	return x0, y0, x1, y1
}

// TestNoFontsNeeded proves in pure Go what a renderer with no fonts
// installed would draw: every SVG draws its text from glyph outlines
// defined in the file itself, names no font, and every glyph's ink,
// placed by its text's transform, lies within the picture. So the
// pictures need no rsvg-convert or font to check, in CI or anywhere.
func TestNoFontsNeeded(t *testing.T) {
	for _, width := range []int{chart.MinWidth, 0} {
		for kind, f := range every(t, chart.Options{Width: width, Audience: chart.Public, Source: "Source: illustrative data; gradewalk"}) {
			data := draw(t, f)
			assert.NotContains(t, string(data), "font-family", kind)
			assert.NotContains(t, string(data), "@font-face", kind)
			glyphs := map[string][4]float64{}
			var vw, vh float64
			type group struct {
				x, y, k float64
				up      bool
			}
			var cur *group
			dec := xml.NewDecoder(bytes.NewReader(data))
			inks := 0
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				require.NoError(t, err)
				switch tok := tok.(type) {
				case xml.StartElement:
					attrs := map[string]string{}
					for _, a := range tok.Attr {
						attrs[a.Name.Local] = a.Value
					}
					switch tok.Name.Local {
					case "text", "tspan", "font", "font-face":
						t.Fatalf("%s: a <%s> element depends on the reader's fonts", kind, tok.Name.Local)
					case "svg":
						_, err := fmt.Sscanf(attrs["viewBox"], "0 0 %g %g", &vw, &vh)
						require.NoError(t, err)
					case "path":
						if id := attrs["id"]; id != "" {
							x0, y0, x1, y1 := glyphBounds(t, attrs["d"])
							glyphs[id] = [4]float64{x0, y0, x1, y1}
						}
					case "g":
						if tr := attrs["transform"]; tr != "" {
							g := &group{}
							if strings.Contains(tr, "rotate(-90)") {
								g.up = true
								_, err = fmt.Sscanf(tr, "translate(%g %g) rotate(-90) scale(%g)", &g.x, &g.y, &g.k)
							} else {
								_, err = fmt.Sscanf(tr, "translate(%g %g) scale(%g)", &g.x, &g.y, &g.k)
							}
							require.NoError(t, err, tr)
							cur = g
						}
					case "use":
						require.NotNil(t, cur, "%s: a glyph outside a text", kind)
						id := strings.TrimPrefix(attrs["href"], "#")
						b, ok := glyphs[id]
						require.True(t, ok, "%s: glyph %s is defined before it is used", kind, id)
						dx := 0.0
						if v := attrs["x"]; v != "" {
							dx, err = strconv.ParseFloat(v, 64)
							require.NoError(t, err)
						}
						// The glyph's box in the picture.
						gx0, gx1 := (b[0]+dx)*cur.k, (b[2]+dx)*cur.k
						gy0, gy1 := b[1]*cur.k, b[3]*cur.k
						var x0, y0, x1, y1 float64
						if cur.up { // rotate(-90): (x, y) -> (y, -x)
							x0, x1, y0, y1 = cur.x+gy0, cur.x+gy1, cur.y-gx1, cur.y-gx0
						} else {
							x0, x1, y0, y1 = cur.x+gx0, cur.x+gx1, cur.y+gy0, cur.y+gy1
						}
						const slack = 0.01
						assert.True(t, x0 >= -slack && y0 >= -slack && x1 <= vw+slack && y1 <= vh+slack,
							"%s at width %d: glyph %s at [%g, %g]-[%g, %g] runs off the %gx%g picture", kind, width, id, x0, y0, x1, y1, vw, vh)
						inks++
					}
				}
			}
			assert.Positive(t, inks, kind)
		}
	}
}

// The words of each audience: the public get no jargon.
func TestAudience(t *testing.T) {
	_, desc, texts := svgText(t, draw(t, func(w io.Writer) error {
		return chart.Series(w, trend.Group(story(t)), chart.Options{Audience: chart.Public})
	}))
	joined := strings.Join(texts, "\n")
	assert.Contains(t, joined, "Grades placed on one scale from worst to best")
	assert.Contains(t, joined, "chance it is higher: ")
	for _, word := range []string{"ordinal", "?", "whisker", "P(higher)"} {
		assert.NotContains(t, joined, word)
		assert.NotContains(t, desc, word)
	}
	assert.NotContains(t, desc, "0.25", "positions are percentages for the public")
	assert.Contains(t, desc, "of the way from worst to best")

	_, desc, texts = svgText(t, draw(t, func(w io.Writer) error {
		return chart.Series(w, trend.Group(story(t)), chart.Options{})
	}))
	assert.Contains(t, strings.Join(texts, "\n"), "common ordinal (0 = worst, 1 = best)")
	assert.Contains(t, desc, "band [0.25, 0.5]")

	// Numbers at three significant digits in the <desc>, never raw floats.
	_, desc, _ = svgText(t, draw(t, func(w io.Writer) error {
		return chart.Series(w, trend.Group(dataStory(t)), chart.Options{Crosswalk: pinnedCounts(t)})
	}))
	for _, f := range strings.FieldsFunc(desc, func(r rune) bool { return strings.ContainsRune(" ,[]()–", r) }) {
		if strings.HasPrefix(f, "0.") {
			digits := strings.TrimLeft(strings.TrimRight(strings.TrimPrefix(f, "0."), "."), "0")
			assert.LessOrEqual(t, len(digits), 3, "%q in the desc has more than three significant digits", f)
		}
	}
}

// Every picture names each scale it draws with its era, and the family in
// its issuer's words.
func TestNamesScales(t *testing.T) {
	for kind, f := range every(t, chart.Options{}) {
		title, desc, texts := svgText(t, draw(t, f))
		all := title + "\n" + desc + "\n" + strings.Join(texts, " ")
		if kind == "population" {
			continue // draws no grades
		}
		assert.NotContains(t, all, "hmicfrs-police", "%s: no family ID", kind)
		assert.Contains(t, all, "PEEL assessments 2014 to 2018/19", kind)
		peel := lookupScale(t, "hmic-peel-2014")
		assert.Contains(t, all, peel.Era().String(), "%s: the scale's era", kind)
	}
	// A series on one scale names it.
	one := []trend.Observation{obs(t, "A", "overall", "2016", "hmic-peel-2014:Good"), obs(t, "A", "overall", "2018", "hmic-peel-2014:Good")}
	_, _, texts := svgText(t, draw(t, func(w io.Writer) error { return chart.Series(w, trend.Group(one), chart.Options{}) }))
	assert.Contains(t, strings.Join(texts, " "), "PEEL assessments 2014 to 2018/19 (2014-11-27 to 2020-02-07)")
}

// With Axis = Grades the axis names the family's grades, and both eras
// where a grade stands at two places.
func TestGradesAxis(t *testing.T) {
	_, _, texts := svgText(t, draw(t, func(w io.Writer) error {
		return chart.Series(w, trend.Group(story(t)), chart.Options{Axis: chart.Grades})
	}))
	assert.Contains(t, texts, "Good (2009–20)", "Pledge and PEEL 2014 share Good's band")
	assert.Contains(t, texts, "Good (2022–)")
	assert.Contains(t, texts, "Adequate")
	mixed := []trend.Observation{obs(t, "A", "x", "2016", "hmic-peel-2014:Good"), obs(t, "A", "x", "2019", "cqc-ratings-2014:Good")}
	err := chart.Series(io.Discard, trend.Group(mixed), chart.Options{Axis: chart.Grades})
	assert.ErrorIs(t, err, chart.ErrFamilies)
}

func TestSource(t *testing.T) {
	_, _, texts := svgText(t, draw(t, func(w io.Writer) error {
		return chart.Ladder(w, slices.Collect(scale.Default().Family("hmicfrs-police")), chart.Options{Source: "Source: HMICFRS PEEL reports; gradewalk"})
	}))
	assert.Contains(t, texts, "Source: HMICFRS PEEL reports; gradewalk")
}

// Width and height: the layout adapts to the width; a height is kept.
func TestSize(t *testing.T) {
	root := func(data []byte) (w, h string) {
		attrs, _, _ := svgRoot(t, data)
		return attrs["width"], attrs["height"]
	}
	for kind, f := range every(t, chart.Options{Width: 1000, Height: 1500}) {
		w, h := root(draw(t, f))
		assert.Equal(t, "1000", w, kind)
		assert.Equal(t, "1500", h, kind)
	}
	var se *chart.SizeError
	err := chart.Series(io.Discard, trend.Group(story(t)), chart.Options{Width: 100})
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "width", se.Dimension)
	require.ErrorIs(t, err, chart.ErrSize)
	err = chart.Series(io.Discard, trend.Group(story(t)), chart.Options{Height: 100})
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "height", se.Dimension)
	assert.Greater(t, se.Min, 100.0)
}

// Bad options are typed errors that name the option.
func TestOptionErrors(t *testing.T) {
	series := trend.Group(story(t))
	var oe *chart.OptionError
	err := chart.Series(io.Discard, series, chart.Options{Format: 7})
	require.ErrorIs(t, err, chart.ErrUnknownFormat)
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "Format", oe.Option)
	for _, opt := range []chart.Options{{Audience: 9}, {Axis: 9}, {Order: 9}} {
		assert.ErrorIs(t, chart.Series(io.Discard, series, opt), chart.ErrOption, "%+v", opt)
	}
	police := slices.Collect(scale.Default().Family("hmicfrs-police"))
	err = chart.Ladder(io.Discard, police, chart.Options{Axis: chart.Grades})
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "Axis", oe.Option)
	assert.ErrorIs(t, chart.Series(io.Discard, series, chart.Options{Order: chart.ByLastGrade}), chart.ErrOption, "only a grid has an order")
	assert.ErrorIs(t, chart.Grid(io.Discard, series, chart.Options{Ribbons: []chart.Ribbon{ribbon()}}), chart.ErrOption)
	assert.ErrorIs(t, chart.Population(io.Discard, []chart.Ribbon{ribbon()}, chart.Options{Ribbons: []chart.Ribbon{ribbon()}}), chart.ErrOption)

	for _, s := range []string{"svg", "PNG"} {
		_, err := chart.ParseFormat(s)
		assert.NoError(t, err, s)
	}
	_, err = chart.ParseFormat("pdf")
	assert.ErrorIs(t, err, chart.ErrUnknownFormat)
	a, err := chart.ParseAudience("public")
	require.NoError(t, err)
	assert.Equal(t, chart.Public, a)
	ax, err := chart.ParseAxis("grades")
	require.NoError(t, err)
	assert.Equal(t, chart.Grades, ax)
	o, err := chart.ParseOrder("last")
	require.NoError(t, err)
	assert.Equal(t, chart.ByLastGrade, o)
	for _, s := range []string{"", "everyone"} {
		_, err = chart.ParseAudience(s)
		assert.ErrorIs(t, err, chart.ErrOption)
	}
	assert.Equal(t, "invalid audience 9", chart.Audience(9).String())
}

// Input beyond a limit is a typed error naming the limit.
func TestLimits(t *testing.T) {
	var le *chart.LimitError
	long := strings.Repeat("x", chart.MaxTextBytes+1)
	err := chart.Series(io.Discard, trend.Group(story(t)), chart.Options{Title: long})
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "MaxTextBytes", le.Limit)
	require.ErrorIs(t, err, chart.ErrLimit)

	g := obs(t, "A", "x", "2019", "hmic-peel-2014:Good").Grade
	big := make([]trend.Observation, chart.MaxObservations+1)
	for i := range big {
		big[i] = trend.Observation{Subject: "A", Area: "x", Date: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1500), Grade: g}
	}
	err = chart.Series(io.Discard, []trend.Series{{Subject: "A", Area: "x", Observations: big}}, chart.Options{})
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "MaxObservations", le.Limit)
	assert.Equal(t, chart.MaxObservations+1, le.Got)

	var many []trend.Observation
	for i := range chart.MaxPanels + 1 {
		many = append(many, trend.Observation{Subject: forceName(i), Area: "x", Date: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC), Grade: g})
	}
	err = chart.Grid(io.Discard, trend.Group(many), chart.Options{})
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "MaxPanels", le.Limit)
}

// A grid draws one panel per subject, in the order asked for.
func TestGrid(t *testing.T) {
	golden(t, "grid.svg", draw(t, func(w io.Writer) error { return chart.Grid(w, trend.Group(illustrative(t, 9)), chart.Options{}) }))
	obs := illustrative(t, 43)
	data := draw(t, func(w io.Writer) error { return chart.Grid(w, trend.Group(obs), chart.Options{}) })
	title, desc, texts := svgText(t, data)
	assert.Equal(t, "Grades through time", title)
	var panels []string
	for _, s := range texts {
		if strings.HasPrefix(s, "Force ") {
			panels = append(panels, s)
		}
	}
	require.Len(t, panels, 43, "a panel per subject")
	assert.True(t, slices.IsSorted(panels), "by name")
	assert.Contains(t, desc, "Force 01: 6 grades; latest ")
	for _, letter := range []string{"A", "B", "C"} {
		assert.Contains(t, texts, letter, "each change of scale lettered")
	}

	// By last grade: the best latest grades first.
	data = draw(t, func(w io.Writer) error {
		return chart.Grid(w, trend.Group(obs), chart.Options{Order: chart.ByLastGrade})
	})
	_, _, texts = svgText(t, data)
	last := map[string]float64{}
	for _, s := range trend.Group(obs) {
		o := s.Observations[len(s.Observations)-1]
		sc, err := crosswalk.Default().Score(o.Grade)
		require.NoError(t, err)
		last[s.Subject] = sc
	}
	prev := math.Inf(1)
	for _, s := range texts {
		if v, ok := last[s]; ok {
			assert.LessOrEqual(t, v, prev, "%s comes after a subject with a lower latest grade", s)
			prev = v
		}
	}
	assert.ErrorIs(t, chart.Grid(io.Discard, nil, chart.Options{}), chart.ErrNoData)
}

// A slope's line is solid when the change is certain and dashed when the
// bands overlap.
func TestSlope(t *testing.T) {
	obs := []trend.Observation{
		// Outstanding to Inadequate: certainly lower.
		obs(t, "A", "overall", "2019", "hmic-peel-2014:Outstanding"),
		obs(t, "A", "overall", "2022", "hmicfrs-peel-2021:Inadequate"),
		// Good to Good: the bands overlap.
		obs(t, "B", "overall", "2019", "hmic-peel-2014:Good"),
		obs(t, "B", "overall", "2022", "hmicfrs-peel-2021:Good"),
		// Graded in 2019 only: not drawn, and said.
		obs(t, "C", "overall", "2019", "hmic-peel-2014:Good"),
	}
	from, to := trend.YearPeriod(2019), trend.YearPeriod(2022)
	data := draw(t, func(w io.Writer) error { return chart.Slope(w, trend.Group(obs), from, to, chart.Options{}) })
	golden(t, "slope.svg", data)
	_, desc, texts := svgText(t, data)
	assert.Contains(t, texts, "A")
	assert.Contains(t, texts, "B")
	assert.NotContains(t, texts, "C")
	assert.Contains(t, strings.Join(texts, " "), "1 series with a grade in only one of the periods are not drawn.")
	assert.Contains(t, desc, "A: Outstanding (2019) to Inadequate (2022), lower.")
	assert.Contains(t, desc, "B: Good (2019) to Good (2022), bands overlap, P(higher) ")
	solid, dashedLines := 0, 0
	for _, s := range svgPaths(t, data) {
		switch {
		case s == "fill=none stroke=#d55e00 stroke-width=1.3":
			solid++
		case s == "fill=none stroke=#8c8c8c stroke-width=1.3 stroke-dasharray=6,3.5":
			dashedLines++
		}
	}
	assert.Equal(t, 1, solid, "the certain fall: solid, vermilion")
	assert.Equal(t, 1, dashedLines, "the overlap: dashed")

	err := chart.Slope(io.Discard, trend.Group(obs), to, from, chart.Options{})
	assert.ErrorIs(t, err, chart.ErrPeriods)
	err = chart.Slope(io.Discard, trend.Group(obs), trend.YearPeriod(2000), trend.YearPeriod(2001), chart.Options{})
	assert.ErrorIs(t, err, chart.ErrNoData)
}

// A transitions picture writes each flow's count on it.
func TestTransitions(t *testing.T) {
	obs := illustrative(t, 43)
	peel14, peel21 := lookupScale(t, "hmic-peel-2014"), lookupScale(t, "hmicfrs-peel-2021")
	tr, err := trend.Transitions(obs, peel14, peel21)
	require.NoError(t, err)
	require.Equal(t, 43, tr.Len())
	data := draw(t, func(w io.Writer) error { return chart.Transitions(w, tr, chart.Options{}) })
	golden(t, "transitions.svg", data)
	_, desc, texts := svgText(t, data)
	sum := 0
	for f := range tr.Flows() {
		assert.Contains(t, desc, fmt.Sprintf(" %d from %s to %s.", f.Count, f.From.Label(), f.To.Label()))
		sum += f.Count
	}
	assert.Equal(t, 43, sum)
	// Each block is labelled with its grade and count.
	good, err := grade.Parse(peel14, "Good")
	require.NoError(t, err)
	n := 0
	for f := range tr.Flows() {
		if f.From == good {
			n += f.Count
		}
	}
	assert.Contains(t, texts, "Good · "+strconv.Itoa(n))
	assert.ErrorIs(t, chart.Transitions(io.Discard, trend.TransitionTable{}, chart.Options{}), chart.ErrNoData)
}

// Ribbons: alone in Population, or behind a series' grades.
func TestRibbons(t *testing.T) {
	data := draw(t, func(w io.Writer) error { return chart.Population(w, []chart.Ribbon{ribbon()}, chart.Options{}) })
	golden(t, "population.svg", data)
	_, desc, texts := svgText(t, data)
	assert.Contains(t, texts, "estimate (90% interval)")
	assert.Contains(t, desc, "2014-07-01 0.35 (0.23 to 0.45);")

	data = draw(t, func(w io.Writer) error {
		return chart.Series(w, trend.Group(story(t)), chart.Options{Ribbons: []chart.Ribbon{ribbon()}})
	})
	_, _, texts = svgText(t, data)
	assert.Contains(t, texts, "estimate (90% interval)", "the ribbon is in the legend")

	bad := ribbon()
	bad.Points[3].Lo = 0.9
	assert.ErrorIs(t, chart.Population(io.Discard, []chart.Ribbon{bad}, chart.Options{}), chart.ErrRibbon)
	bad = ribbon()
	bad.Points[3].Date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	assert.ErrorIs(t, chart.Population(io.Discard, []chart.Ribbon{bad}, chart.Options{}), chart.ErrRibbon)
	assert.ErrorIs(t, chart.Population(io.Discard, nil, chart.Options{}), chart.ErrNoData)
}

// A label cut to fit ends in "…" and keeps its whole text in a <title>.
func TestAbridgedLabelsKeepTheirText(t *testing.T) {
	long := "Force with a name far too long for a panel of a grid of many subjects"
	o := []trend.Observation{obs(t, long, "overall", "2016", "hmic-peel-2014:Good"), obs(t, "B", "overall", "2016", "hmic-peel-2014:Good")}
	for i := range 8 {
		o = append(o, obs(t, forceName(i), "overall", "2018", "hmic-peel-2014:Good"))
	}
	data := draw(t, func(w io.Writer) error { return chart.Grid(w, trend.Group(o), chart.Options{}) })
	_, _, texts := svgText(t, data)
	i := slices.IndexFunc(texts, func(s string) bool {
		return strings.HasSuffix(s, "…") && strings.HasPrefix(long, strings.TrimSuffix(s, "…"))
	})
	require.GreaterOrEqual(t, i, 0, "the long name is abridged")
	assert.Contains(t, string(data), "<title>"+long+"</title>", "with its whole text in a <title>")
}

func BenchmarkGrid43(b *testing.B) {
	series := trend.Group(illustrative(b, 43))
	b.ReportAllocs()
	for b.Loop() {
		if err := chart.Grid(io.Discard, series, chart.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSlope43(b *testing.B) {
	series := trend.Group(illustrative(b, 43))
	b.ReportAllocs()
	for b.Loop() {
		if err := chart.Slope(io.Discard, series, trend.YearPeriod(2019), trend.YearPeriod(2022), chart.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTransitions43(b *testing.B) {
	tr, err := trend.Transitions(illustrative(b, 43), lookupScale(b, "hmic-peel-2014"), lookupScale(b, "hmicfrs-peel-2021"))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if err := chart.Transitions(io.Discard, tr, chart.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeriesLabels draws one subject's series at two sizes a factor of
// ten apart: the label placement's cost grows with the number of grades,
// not its square.
func BenchmarkSeriesLabels(b *testing.B) { benchmarkSeries(b, many) }
