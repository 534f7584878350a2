package chart_test

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"image/png"
	"io"
	"os"
	"path/filepath"
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
	"github.com/gradewalk/gradewalk/internal/svgtest"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// obs builds an observation from "scale-id:Label" and a date written as
// YYYY, YYYY-MM or YYYY-MM-DD.
func obs(t testing.TB, subject, area, date, qualified string) trend.Observation {
	t.Helper()
	layouts := map[int]struct {
		layout string
		p      trend.Precision
	}{4: {"2006", trend.Year}, 7: {"2006-01", trend.Month}, 10: {"2006-01-02", trend.Day}}
	l := layouts[len(date)]
	d, err := time.Parse(l.layout, date)
	require.NoError(t, err)
	g, err := grade.ParseQualified(scale.Default(), qualified)
	require.NoError(t, err)
	return trend.Observation{Subject: subject, Area: area, Date: d, Precision: l.p, Grade: g}
}

// story is a force's grades across three police scales, with steps on one
// scale, across a change of scale, and with overlapping bands.
func story(t testing.TB) []trend.Observation {
	return []trend.Observation{
		obs(t, "Northshire", "overall", "2009-10", "hmic-pledge-2009:Fair"),
		obs(t, "Northshire", "overall", "2016", "hmic-peel-2014:Requires improvement"),
		obs(t, "Northshire", "overall", "2018-03-22", "hmic-peel-2014:Good"),
		obs(t, "Northshire", "overall", "2022", "hmicfrs-peel-2021:Adequate"),
		obs(t, "Northshire", "overall", "2024-05", "hmicfrs-peel-2023:Good"),
		obs(t, "Northshire", "effectiveness", "2017-03", "hmic-peel-2014:Requires improvement"),
		obs(t, "Northshire", "effectiveness", "2019-05-02", "hmic-peel-2014:Good"),
		obs(t, "Northshire", "effectiveness", "2022-06", "hmicfrs-peel-2021:Good"),
	}
}

// svgText parses an SVG (svgtest.Parse: well-formed, an <svg> root, text
// as outlines, a <title> and a <desc>) and returns its title, its desc and
// the words of every text drawn.
func svgText(t *testing.T, data []byte) (title, desc string, texts []string) {
	t.Helper()
	doc, err := svgtest.Parse(data)
	require.NoError(t, err)
	return doc.Title, doc.Desc, doc.Texts
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	assert.Equal(t, string(want), string(got), "%s differs from its golden file; run go test -update after a deliberate change", name)
}

func containsPrefix(texts []string, prefix string) bool {
	return slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, prefix) })
}

func TestSeriesGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, chart.Series(&buf, trend.Group(story(t)), chart.Options{}))
	golden(t, "series.svg", buf.Bytes())
	title, desc, texts := svgText(t, buf.Bytes())
	assert.Equal(t, "Northshire: grades through time", title)
	assert.Contains(t, desc, "Northshire")
	for _, label := range []string{"Fair", "Requires improvement", "Good", "Adequate"} {
		assert.Contains(t, texts, label, "each grade label is written")
	}
	for _, id := range []string{"hmic-peel-2014", "hmicfrs-peel-2021", "hmicfrs-peel-2023"} {
		s, _ := scale.Lookup(id)
		assert.True(t, containsPrefix(texts, s.Name()), "a rule for the change to %s", id)
	}
	// PEEL 2014, 2021 and 2023 each carry the caveat of the change into
	// them: three footnotes, each marked.
	assert.True(t, containsPrefix(texts, "[1] PEEL did not replace"))
	assert.True(t, containsPrefix(texts, "[2] HMICFRS says"))
	assert.True(t, containsPrefix(texts, "[3] HMICFRS says"))
	assert.True(t, containsPrefix(texts, "P(higher) "), "a cross-era step says how likely the later grade stands higher")
	assert.True(t, slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, "P(higher)") && strings.Contains(s, "?") }),
		"an overlapping step is marked uncertain")

	var again bytes.Buffer
	require.NoError(t, chart.Series(&again, trend.Group(story(t)), chart.Options{}))
	assert.Equal(t, buf.Bytes(), again.Bytes(), "the same input gives the same bytes")
}

func TestPeriodsGolden(t *testing.T) {
	sums, err := trend.ByPeriod(crosswalk.Default(), story(t), trend.PeriodOptions{PoolAreas: true, Bins: trend.DefaultBins})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, chart.Periods(&buf, sums, chart.Options{}))
	golden(t, "periods.svg", buf.Bytes())
	title, desc, texts := svgText(t, buf.Bytes())
	assert.Equal(t, "Grades by period", title)
	assert.Contains(t, desc, "2022: 2 grades")
	for _, s := range sums {
		assert.Contains(t, texts, s.Period.String())
	}
	assert.Contains(t, texts, "[0, 0.2) worst: Poor / Inadequate", "equal bins are named by their span and the grades they hold")
	assert.Contains(t, texts, "[0.8, 1] best: Excellent / Outstanding")
	assert.Contains(t, texts, "mean score")
}

// The legend names the grades each bin holds, and a crosswalk counted
// from the grades drawn puts the warning about its means in a footnote.
func TestPeriodsLegendAndFootnote(t *testing.T) {
	var obs []trend.Observation
	for i, g := range []string{"Inadequate", "Requires improvement", "Good", "Good", "Outstanding"} {
		for _, year := range []string{"2016", "2018"} {
			o, err := trend.NewObservation(nil, trend.Fields{Subject: strconv.Itoa(i), Area: "effectiveness", Date: year, Scale: "hmic-peel-2014", Grade: g})
			require.NoError(t, err)
			obs = append(obs, o)
		}
	}
	cw, err := trend.CrosswalkFrom(slices.Values(obs))
	require.NoError(t, err)
	sums, err := trend.ByPeriod(cw, obs, trend.PeriodOptions{})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, chart.Periods(&buf, sums, chart.Options{Crosswalk: cw}))
	_, _, texts := svgText(t, buf.Bytes())
	for _, label := range []string{"Inadequate", "Requires improvement", "Good", "Outstanding"} {
		assert.Contains(t, texts, label, "the legend names the grades")
	}
	assert.True(t, containsPrefix(texts, "The crosswalk was counted from these very grades"), "the footnote: %q", texts)

	sums, err = trend.ByPeriod(crosswalk.Default(), obs, trend.PeriodOptions{})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, chart.Periods(&buf, sums, chart.Options{}))
	_, _, texts = svgText(t, buf.Bytes())
	assert.False(t, containsPrefix(texts, "The crosswalk"), "no footnote under equal widths")
}

func TestLadderGolden(t *testing.T) {
	police := slices.Collect(scale.Default().Family("hmicfrs-police"))
	var buf bytes.Buffer
	require.NoError(t, chart.Ladder(&buf, police, chart.Options{}))
	golden(t, "ladder.svg", buf.Bytes())
	_, desc, texts := svgText(t, buf.Bytes())
	assert.NotContains(t, desc, "hmicfrs-police", "a family is named in its issuer's words, not by its ID")
	assert.Contains(t, desc, "HM Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS)")
	for _, s := range police {
		for l := range s.Levels() {
			assert.True(t, slices.ContainsFunc(texts, func(t string) bool { return strings.Contains(l.Label(), t) }), "level %s of %s", l.Label(), s.ID())
		}
	}
	assert.Contains(t, texts, "60%", "Convert's shares are written on the connectors")
	assert.True(t, containsPrefix(texts, "[2] HMICFRS says"))

	// Estyn's published equivalences are solid connectors marked "=".
	estyn := slices.Collect(scale.Default().Family("estyn-inspection"))
	buf.Reset()
	require.NoError(t, chart.Ladder(&buf, estyn, chart.Options{}))
	_, desc, texts = svgText(t, buf.Bytes())
	assert.Contains(t, texts, "100% =")
	e10, e17 := lookupScale(t, "estyn-inspection-2010"), lookupScale(t, "estyn-inspection-2017")
	assert.Contains(t, desc, "Published equivalence: Good ("+e10.Name()+") = Good ("+e17.Name()+")")
}

func TestLadderDataDriven(t *testing.T) {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel14: {1, 10, 25, 7}, peel21: {0, 5, 15, 17, 5}})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, chart.Ladder(&buf, []*scale.Scale{peel21, peel14}, chart.Options{Crosswalk: cw, Title: "PEEL, from counts"}))
	title, _, texts := svgText(t, buf.Bytes())
	assert.Equal(t, "PEEL, from counts", title)
	assert.Contains(t, texts, "Inadequate", "a level never awarded is drawn as a line, still labelled")

	pledge, _ := scale.Lookup("hmic-pledge-2009")
	err = chart.Ladder(io.Discard, []*scale.Scale{pledge, peel14}, chart.Options{Crosswalk: cw})
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
}

func TestBadInput(t *testing.T) {
	assert.ErrorIs(t, chart.Series(io.Discard, nil, chart.Options{}), chart.ErrNoData)
	assert.ErrorIs(t, chart.Series(io.Discard, []trend.Series{{Subject: "A", Area: "x"}}, chart.Options{}), chart.ErrNoData)
	assert.ErrorIs(t, chart.Periods(io.Discard, nil, chart.Options{}), chart.ErrNoData)
	assert.ErrorIs(t, chart.Ladder(io.Discard, nil, chart.Options{}), chart.ErrNoData)
	two := []trend.Observation{obs(t, "A", "x", "2019", "cqc-ratings-2014:Good"), obs(t, "B", "x", "2019", "cqc-ratings-2014:Good")}
	assert.ErrorIs(t, chart.Series(io.Discard, trend.Group(two), chart.Options{}), chart.ErrSubjects)

	t.Run("one observation", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, chart.Series(&buf, trend.Group(two[:1]), chart.Options{}))
		_, _, texts := svgText(t, buf.Bytes())
		assert.Contains(t, texts, "Good")
		assert.Contains(t, texts, "2019")
	})
	t.Run("200 observations", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, chart.Series(&buf, trend.Group(many(t, 200)), chart.Options{}))
		svgText(t, buf.Bytes())
		buf.Reset()
		require.NoError(t, chart.Series(&buf, trend.Group(many(t, 200)), chart.Options{Format: chart.PNG}))
		_, err := png.Decode(&buf)
		require.NoError(t, err)
	})
	t.Run("300-character label", func(t *testing.T) {
		long := strings.Repeat("very ", 60)
		defs := fmt.Sprintf(`[{"id": "long-labels", "name": %q, "issuer": "Test", "family": "long", "era": {"from": "2000"},
			"levels": [{"label": "Bad"}, {"label": %q}]}]`, long, long)
		scales, err := scale.Load([]byte(defs))
		require.NoError(t, err)
		g, err := grade.FromRank(scales[0], 2)
		require.NoError(t, err)
		o := trend.Observation{Subject: long, Area: long, Date: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Year, Grade: g}
		for _, draw := range []func(w io.Writer) error{
			func(w io.Writer) error {
				return chart.Series(w, trend.Group([]trend.Observation{o}), chart.Options{})
			},
			func(w io.Writer) error { return chart.Ladder(w, scales, chart.Options{}) },
		} {
			var buf bytes.Buffer
			require.NoError(t, draw(&buf))
			_, _, texts := svgText(t, buf.Bytes())
			cut := 0
			for _, s := range texts {
				assert.Less(t, len(s), 200, "no text runs on for 300 characters")
				if strings.HasSuffix(s, "…") {
					cut++
				}
			}
			assert.Positive(t, cut, "long text is cut with an ellipsis")
		}
	})
	t.Run("control characters", func(t *testing.T) {
		o := two[0]
		o.Area = "a\x00b\x1bc<&>"
		var buf bytes.Buffer
		require.NoError(t, chart.Series(&buf, trend.Group([]trend.Observation{o}), chart.Options{}))
		svgText(t, buf.Bytes())
	})
}

// many returns n observations of one subject in two areas across three
// police scales, one a month from 2009.
func many(t testing.TB, n int) []trend.Observation {
	return policeSeries(t, n, func(i int) time.Time { return time.Date(2009, time.Month(1+i), 15, 0, 0, 0, 0, time.UTC) })
}

func TestPNG(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, chart.Ladder(&buf, slices.Collect(scale.Default().Family("hmicfrs-police")), chart.Options{Format: chart.PNG}))
	img, err := png.Decode(&buf)
	require.NoError(t, err)
	assert.Equal(t, 1280, img.Bounds().Dx(), "PNGs are drawn at twice the SVG's 640 units")
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]chart.Format{"a.svg": chart.SVG, "b.PNG": chart.PNG, "dir/c.png": chart.PNG} {
		got, err := chart.FormatOf(name)
		require.NoError(t, err)
		assert.Equal(t, want, got, name)
	}
	_, err := chart.FormatOf("d.pdf")
	assert.ErrorIs(t, err, chart.ErrUnknownFormat)
	assert.Equal(t, "svg", chart.SVG.String())
	assert.Equal(t, "png", chart.PNG.String())
}

func BenchmarkSeries100(b *testing.B) {
	series := trend.Group(many(b, 100))
	b.ReportAllocs()
	for b.Loop() {
		if err := chart.Series(io.Discard, series, chart.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSeriesIntervals(t *testing.T) {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel14: {1, 10, 25, 7}, peel21: {1, 5, 15, 17, 5}})
	require.NoError(t, err)
	series := trend.Group([]trend.Observation{
		obs(t, "B", "effectiveness", "2016-03", "hmic-peel-2014:Good"),
		obs(t, "B", "effectiveness", "2022-04", "hmicfrs-peel-2021:Good"),
	})
	c, err := cw.Compare(series[0].Observations[1].Grade, series[0].Observations[0].Grade)
	require.NoError(t, err)
	require.Less(t, c.PAboveLo, c.PAboveHi, "a data-driven crosswalk gives the step an interval")
	var buf bytes.Buffer
	require.NoError(t, chart.Series(&buf, series, chart.Options{Crosswalk: cw}))
	_, _, texts := svgText(t, buf.Bytes())
	want := "P(higher) " + crosswalk.Percent(c.PAbove) + "? (" + strings.TrimSuffix(crosswalk.Percent(c.PAboveLo), "%") + "–" + crosswalk.Percent(c.PAboveHi) + ") [1]"
	assert.Contains(t, texts, want)
	assert.True(t, containsPrefix(texts, "P(higher) (a–b): with its 90% interval"))
}

// dataStory is a force's grades on the two police scales that the pinned
// counts cover, in two areas.
func dataStory(t testing.TB) []trend.Observation {
	return []trend.Observation{
		obs(t, "Northshire", "overall", "2015", "hmic-peel-2014:Requires improvement"),
		obs(t, "Northshire", "overall", "2017-03", "hmic-peel-2014:Good"),
		obs(t, "Northshire", "overall", "2019-05-02", "hmic-peel-2014:Good"),
		obs(t, "Northshire", "overall", "2022", "hmicfrs-peel-2021:Adequate"),
		obs(t, "Northshire", "effectiveness", "2016-03", "hmic-peel-2014:Outstanding"),
		obs(t, "Northshire", "effectiveness", "2018", "hmic-peel-2014:Good"),
		obs(t, "Northshire", "effectiveness", "2022-06", "hmicfrs-peel-2021:Good"),
	}
}

// pinnedCounts is the data-driven crosswalk from the counts of issue 7:
// peel-2014 = 1, 10, 25, 7 and peel-2021 = 1, 5, 15, 17, 5.
func pinnedCounts(t testing.TB) *crosswalk.Crosswalk {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel14: {1, 10, 25, 7}, peel21: {1, 5, 15, 17, 5}})
	require.NoError(t, err)
	return cw
}

// svgPaths parses an SVG with encoding/xml and returns the paint of every
// <path>, as "fill=… fill-opacity=… stroke=… stroke-width=…
// stroke-dasharray=…" with the attributes it has, in that order.
func svgPaths(t *testing.T, data []byte) []string {
	t.Helper()
	var styles []string
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "path" {
			attrs := map[string]string{}
			for _, a := range se.Attr {
				attrs[a.Name.Local] = a.Value
			}
			if attrs["id"] != "" {
				continue // a glyph
			}
			var parts []string
			for _, k := range []string{"fill", "fill-opacity", "stroke", "stroke-width", "stroke-dasharray"} {
				if v, ok := attrs[k]; ok {
					parts = append(parts, k+"="+v)
				}
			}
			styles = append(styles, strings.Join(parts, " "))
		}
	}
	return styles
}

// isWhisker reports whether a path's paint is the light fill of a whisker
// box.
func isWhisker(style string) bool { return strings.Contains(style, "fill-opacity=0.2 ") }

// With a data-driven crosswalk each grade's bar gets whiskers: light boxes
// over the 90% intervals of its band's edges, as BandInterval gives them.
func TestSeriesWhiskers(t *testing.T) {
	cw := pinnedCounts(t)
	obs := dataStory(t)
	var buf bytes.Buffer
	require.NoError(t, chart.Series(&buf, trend.Group(obs), chart.Options{Crosswalk: cw}))
	golden(t, "series-data.svg", buf.Bytes())
	_, desc, texts := svgText(t, buf.Bytes())
	assert.Contains(t, texts, "whiskers: 90% interval of the band's edges", "the legend says what the whiskers are")

	// One box per edge whose interval has width: every edge but the
	// bottom of the worst level and the top of the best.
	boxes := 0
	for _, o := range obs {
		iv, err := cw.BandInterval(o.Grade)
		require.NoError(t, err)
		for _, e := range []crosswalk.Band{iv.Lo, iv.Hi} {
			if e.Width() > 0 {
				boxes++
			}
		}
		assert.Contains(t, desc, fmt.Sprintf("edges %.3g–%.3g and ", iv.Lo.Lo, iv.Lo.Hi))
	}
	require.Equal(t, 13, boxes, "Outstanding's top edge is fixed at 1")
	whiskers := 0
	for _, s := range svgPaths(t, buf.Bytes()) {
		if isWhisker(s) {
			whiskers++
		}
	}
	assert.Equal(t, boxes+2, whiskers, "a box per edge, and two in the legend's key")

	// Two hundred grades, with whiskers, still draw, in SVG and PNG.
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	pledge, _ := scale.Lookup("hmic-pledge-2009")
	dense, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{ // illustrative counts
		pledge: {2, 10, 25, 6}, peel14: {1, 10, 25, 7}, peel21: {1, 5, 15, 17, 5},
	})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, chart.Series(&buf, trend.Group(many(t, 200)), chart.Options{Crosswalk: dense}))
	_, _, texts = svgText(t, buf.Bytes())
	assert.Contains(t, texts, "whiskers: 90% interval of the band's edges")
	buf.Reset()
	require.NoError(t, chart.Series(&buf, trend.Group(many(t, 200)), chart.Options{Crosswalk: dense, Format: chart.PNG}))
	_, err = png.Decode(&buf)
	require.NoError(t, err)

	// The default crosswalk draws no whiskers and says nothing of them.
	buf.Reset()
	require.NoError(t, chart.Series(&buf, trend.Group(obs), chart.Options{}))
	_, desc, texts = svgText(t, buf.Bytes())
	assert.NotContains(t, texts, "whiskers: 90% interval of the band's edges")
	assert.NotContains(t, desc, "90% intervals")
	assert.NotContains(t, desc, "edges")
	for _, s := range svgPaths(t, buf.Bytes()) {
		assert.False(t, isWhisker(s), s)
	}
}

// A ladder shows one family: scales of two families are an error that
// names both.
func TestLadderFamilies(t *testing.T) {
	peel, _ := scale.Lookup("hmic-peel-2014")
	cqc, _ := scale.Lookup("cqc-ratings-2014")
	err := chart.Ladder(io.Discard, []*scale.Scale{peel, cqc}, chart.Options{})
	require.ErrorIs(t, err, chart.ErrFamilies)
	assert.Contains(t, err.Error(), peel.ID())
	assert.Contains(t, err.Error(), cqc.ID())
}

// A counts crosswalk that records an equivalence still draws it as a solid
// connector marked "=", found without comparing every pair.
func TestLadderEquivalenceWithCounts(t *testing.T) {
	estyn := slices.Collect(scale.Default().Family("estyn-inspection"))
	require.Len(t, estyn, 2)
	var eqs []crosswalk.Equivalence
	for e := range crosswalk.Default().Equivalences() {
		if e.From.Scale().Family() == "estyn-inspection" {
			eqs = append(eqs, e)
		}
	}
	require.NotEmpty(t, eqs)
	// Equal counts on each scale give the linked levels the same bands.
	counts := map[*scale.Scale][]float64{}
	for _, s := range estyn {
		c := make([]float64, s.Len())
		for i := range c {
			c[i] = 10
		}
		counts[s] = c
	}
	cw, err := crosswalk.FromDistributions(counts)
	require.NoError(t, err)
	cw, err = cw.WithEquivalences(eqs...)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, chart.Ladder(&buf, estyn, chart.Options{Crosswalk: cw}))
	_, _, texts := svgText(t, buf.Bytes())
	assert.True(t, slices.ContainsFunc(texts, func(s string) bool { return strings.HasSuffix(s, " =") }), "an equivalence is marked =")
}

// svgRoot returns the attributes of an SVG's root element and the ids of
// its <title> and <desc>.
func svgRoot(t *testing.T, data []byte) (attrs map[string]string, titleID, descID string) {
	t.Helper()
	attrs = map[string]string{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			switch {
			case se.Name.Local == "svg":
				attrs[a.Name.Local] = a.Value
			case se.Name.Local == "title" && a.Name.Local == "id":
				titleID = a.Value
			case se.Name.Local == "desc" && a.Name.Local == "id":
				descID = a.Value
			}
		}
	}
	return attrs, titleID, descID
}

// The <svg> is labelled by its <title> and described by its <desc>, whose
// ids differ between pictures, so that two pictures inlined in one page
// do not collide, and stay the same for the same picture.
func TestAccessibleNames(t *testing.T) {
	draw := func(opt chart.Options) []byte {
		var buf bytes.Buffer
		require.NoError(t, chart.Series(&buf, trend.Group(story(t)), opt))
		return buf.Bytes()
	}
	a, b := draw(chart.Options{}), draw(chart.Options{Title: "Another picture"})
	attrs, titleID, descID := svgRoot(t, a)
	assert.Equal(t, "img", attrs["role"])
	assert.Equal(t, titleID, attrs["aria-labelledby"])
	assert.Equal(t, descID, attrs["aria-describedby"])
	assert.NotEqual(t, titleID, descID)
	_, titleB, descB := svgRoot(t, b)
	assert.NotEqual(t, titleID, titleB, "two pictures have different ids")
	assert.NotEqual(t, descID, descB)
	_, again, _ := svgRoot(t, draw(chart.Options{}))
	assert.Equal(t, titleID, again, "the same picture has the same ids")

	// Screen readers skip the text drawn under role=img: the footnotes'
	// caveats are in the <desc>, after the marks that point to them.
	_, desc, _ := svgText(t, a)
	peel, _ := scale.Lookup("hmic-peel-2014")
	assert.Contains(t, desc, "Change of scale: "+peel.Name()+" [1].")
	assert.Contains(t, desc, " Notes: [1] "+peel.Caveat())
	var buf bytes.Buffer
	require.NoError(t, chart.Ladder(&buf, slices.Collect(scale.Default().Family("hmicfrs-police")), chart.Options{}))
	_, desc, _ = svgText(t, buf.Bytes())
	assert.Contains(t, desc, " Notes: [1] "+peel.Caveat())
	assert.Contains(t, desc, peel.Name()+" ("+peel.Era().String()+" [1]): ", "the ladder's desc marks the scale the note is on")
}

// A title too long for one line wraps onto more, and is kept whole in the
// <title>.
func TestLongTitle(t *testing.T) {
	long := "Northshire Constabulary: every inspection grade it has been given, in every area, on every scale, since 2009"
	peel, _ := scale.Lookup("hmic-peel-2014")
	sums := []trend.PeriodSummary{{Period: trend.YearPeriod(2016), Observations: 1, Subjects: 1, Scales: []string{peel.ID()}, Bins: []int{0, 1}, Mean: 0.6}}
	for name, draw := range map[string]func(w io.Writer) error{
		"series":  func(w io.Writer) error { return chart.Series(w, trend.Group(story(t)), chart.Options{Title: long}) },
		"ladder":  func(w io.Writer) error { return chart.Ladder(w, []*scale.Scale{peel}, chart.Options{Title: long}) },
		"periods": func(w io.Writer) error { return chart.Periods(w, sums, chart.Options{Title: long}) },
	} {
		var buf bytes.Buffer
		require.NoError(t, draw(&buf), name)
		title, _, texts := svgText(t, buf.Bytes())
		assert.Equal(t, long, title, name)
		require.GreaterOrEqual(t, len(texts), 2)
		assert.NotContains(t, texts, long, "%s: the drawn title wraps", name)
		assert.Equal(t, long, texts[0]+" "+texts[1], "%s: the title's two lines say it all", name)
	}
}

// A period with no grades is described as such, and has no mean to mark
// or join; a period with one grade has "1 grade".
func TestPeriodsEmptyPeriod(t *testing.T) {
	peel, _ := scale.Lookup("hmic-peel-2014")
	sums := []trend.PeriodSummary{
		{Period: trend.YearPeriod(2016), Observations: 1, Subjects: 1, Scales: []string{peel.ID()}, Bins: []int{0, 1, 0, 0, 0}, Mean: 0.375},
		{Period: trend.YearPeriod(2017)},
		{Period: trend.YearPeriod(2018), Observations: 2, Subjects: 2, Scales: []string{peel.ID()}, Bins: []int{0, 0, 0, 2, 0}, Mean: 0.625},
	}
	var buf bytes.Buffer
	require.NoError(t, chart.Periods(&buf, sums, chart.Options{}))
	_, desc, _ := svgText(t, buf.Bytes())
	assert.Contains(t, desc, " 2016: 1 grade (0, 1, 0, 0, 0), mean score 0.375.")
	assert.Contains(t, desc, " 2017: no grades.")
	assert.Contains(t, desc, " 2018: 2 grades (0, 0, 0, 2, 0), mean score 0.625.")
	assert.Equal(t, strings.Count(desc, "("), strings.Count(desc, ")"), "brackets balance")
	means, joins := 0, 0
	for _, s := range svgPaths(t, buf.Bytes()) {
		switch s {
		case "fill=none stroke=#000000 stroke-width=2":
			means++
		case "fill=none stroke=#000000 stroke-width=1.2 stroke-dasharray=6,3.5":
			joins++
		}
	}
	assert.Equal(t, 2, means, "a mean marked for each period with grades")
	assert.Zero(t, joins, "no mean is joined to a period without one")
}

// A time axis over thousands of years gets ticks at its labelled years
// only, not one for each year.
func TestSeriesLongTimeAxis(t *testing.T) {
	peel, _ := scale.Lookup("hmic-peel-2014")
	g, err := grade.FromRank(peel, 2)
	require.NoError(t, err)
	obs := []trend.Observation{
		{Subject: "A", Date: time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Day, Grade: g},
		{Subject: "A", Date: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Day, Grade: g},
	}
	var buf bytes.Buffer
	require.NoError(t, chart.Series(&buf, trend.Group(obs), chart.Options{}))
	assert.Less(t, len(svgPaths(t, buf.Bytes())), 100, "not a path for each of 9,000 years")
	_, _, texts := svgText(t, buf.Bytes())
	assert.Contains(t, texts, "2000")
	assert.Contains(t, texts, "8000")

	// Over a few years every year still gets a tick.
	buf.Reset()
	require.NoError(t, chart.Series(&buf, trend.Group(story(t)), chart.Options{}))
	ticks := 0
	for _, s := range svgPaths(t, buf.Bytes()) {
		if s == "fill=none stroke=#d9d9d9 stroke-width=0.8" {
			ticks++
		}
	}
	assert.Equal(t, 5+17, ticks, "five grid lines and a tick for each year from 2009 to 2025")
}

// BenchmarkLadderCounts draws the police ladder with a crosswalk built from
// counts, where comparing two levels costs random draws: the published
// equivalences are looked up, not compared.
func BenchmarkLadderCounts(b *testing.B) {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel14: {1, 10, 25, 7}, peel21: {1, 5, 15, 17, 5}})
	require.NoError(b, err)
	scales := []*scale.Scale{peel14, peel21}
	b.ReportAllocs()
	for b.Loop() {
		if err := chart.Ladder(io.Discard, scales, chart.Options{Crosswalk: cw}); err != nil {
			b.Fatal(err)
		}
	}
}
