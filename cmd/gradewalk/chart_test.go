package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/internal/svgtest"
)

// parseSVG parses an SVG the command wrote, to the end (svgtest.Parse:
// well-formed, an <svg> root with a width and height, text as outlines, a
// <title> and a <desc>).
func parseSVG(t *testing.T, data string) svgDoc {
	t.Helper()
	doc, err := svgtest.Parse([]byte(data))
	require.NoError(t, err)
	return svgDoc(doc)
}

// svgDoc is what a picture says.
type svgDoc svgtest.Doc

// indexOf returns the index of the first text that is s, or -1.
func (d svgDoc) indexOf(s string) int { return slices.Index(d.Texts, s) }

// TestChartGolden runs gradewalk chart and compares its exit status,
// standard output and standard error with testdata/NAME.golden, as
// TestGolden does. Every SVG written is parsed, and check, where given,
// tests what it says.
func TestChartGolden(t *testing.T) {
	twoFamilies := "subject,area,date,scale,grade\nA,effectiveness,2019,hmic-peel-2014,Good\nA,effectiveness,2022,hmicfrs-peel-2021,Good\nB,effectiveness,2019,hmicfrs-fire-2018,Good\n"
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		check func(t *testing.T, d svgDoc)
	}{
		{"chart-series", []string{"chart", "testdata/leicestershire.csv"}, "", nil},
		{"chart-series-area", []string{"chart", "-subject", "B", "-area", "effectiveness", "-crosswalk", "testdata/crosswalk.json", "-"}, readFile("testdata/forces.csv"), nil},
		{"chart-series-public", []string{"chart", "-audience", "public", "-axis", "grades", "-source", "Source: HMIC and HMICFRS reports; gradewalk", "testdata/leicestershire.csv"}, "", func(t *testing.T, d svgDoc) {
			assert.Contains(t, d.Texts, "Source: HMIC and HMICFRS reports; gradewalk")
			assert.Contains(t, d.Texts, "Good (2022–23)", "the axis names the grades, with their scales' years where bands differ")
			for _, s := range d.Texts {
				assert.NotContains(t, strings.ToLower(s), "ordinal", "no jargon for the public")
			}
		}},
		{"chart-grid", []string{"chart", "-kind", "grid", "-order", "last", "-axis", "grades", "-source", "Source: invented forces; gradewalk", "testdata/forces.csv"}, "", func(t *testing.T, d svgDoc) {
			a, b, c := d.indexOf("A"), d.indexOf("B"), d.indexOf("C")
			require.True(t, a >= 0 && b >= 0 && c >= 0, "a panel per force: %q", d.Texts)
			assert.True(t, b < a && a < c, "by latest grade, best first: B (Good), A (Adequate), C (Inadequate)")
			assert.Contains(t, d.Texts, "Source: invented forces; gradewalk")
		}},
		{"chart-slope", []string{"chart", "-kind", "slope", "-from", "2016", "-to", "2022", "-width", "480", "-title", "Forces A to C, 2016 and 2022", "testdata/forces.csv"}, "", func(t *testing.T, d svgDoc) {
			assert.Equal(t, 480.0, d.Width)
			assert.Equal(t, "Forces A to C, 2016 and 2022", d.Title)
			assert.Contains(t, d.Texts, "2016")
			assert.Contains(t, d.Texts, "2022")
			assert.Contains(t, d.Desc, "C: Outstanding (2016-03) to Inadequate (2022-04), lower.")
		}},
		{"chart-transitions", []string{"chart", "-kind", "transitions", "-family", "hmicfrs-police", "testdata/forces.csv"}, "", func(t *testing.T, d svgDoc) {
			assert.Contains(t, d.Title, "PEEL assessments 2014 to 2018/19 → PEEL assessments 2021/22")
			assert.Contains(t, d.Texts, "Good · 1")
			assert.Contains(t, d.Texts, "Inadequate · 1")
		}},
		{"chart-transitions-data", []string{"chart", "-kind", "transitions", "-from", "hmic-peel-2014", "-to", "hmicfrs-peel-2021", "-crosswalk", "data", "-height", "700", "-audience", "public", "testdata/illustrative-43.csv"}, "", func(t *testing.T, d svgDoc) {
			assert.Equal(t, 700.0, d.Height)
			assert.Contains(t, d.Texts, "15", "Good to Good, 15 of the 43")
			assert.Contains(t, d.Texts, "Good · 25")
		}},
		{"chart-periods", []string{"chart", "-kind", "periods", "-bins", "4", "testdata/forces.csv"}, "", nil},
		{"chart-ladder", []string{"chart", "-kind", "ladder", "-family", "hmicfrs-police"}, "", nil},
		{"chart-ladder-crosswalk", []string{"chart", "-kind", "ladder", "-family", "hmicfrs-police", "-crosswalk", "testdata/crosswalk.json"}, "", nil},
		{"chart-format", []string{"chart", "-format", "json", "testdata/forces.csv"}, "", nil},
		{"chart-format-disagree", []string{"chart", "-format", "svg", "-o", "picture.png", "testdata/forces.csv"}, "", nil},
		{"chart-rejects", []string{"chart", "testdata/bad.csv"}, "", nil},
		{"chart-empty", []string{"chart"}, "subject,area,date,scale,grade\n", nil},
		{"chart-several-subjects", []string{"chart", "testdata/forces.csv"}, "", nil},
		{"chart-series-two-subjects", []string{"chart", "-subject", "A", "-subject", "B", "testdata/forces.csv"}, "", nil},
		{"chart-unknown-kind", []string{"chart", "-kind", "pie", "testdata/forces.csv"}, "", nil},
		{"chart-unknown-subject", []string{"chart", "-subject", "Leicester", "testdata/leicestershire.csv"}, "", nil},
		{"chart-unknown-area", []string{"chart", "-area", "overall", "-area", "efficiency!", "testdata/leicestershire.csv"}, "", nil},
		{"chart-unknown-family", []string{"chart", "-kind", "ladder", "-family", "police"}, "", nil},
		{"chart-ladder-file", []string{"chart", "-kind", "ladder", "-family", "hmicfrs-police", "testdata/forces.csv"}, "", nil},
		{"chart-bad-output", []string{"chart", "-o", "picture.pdf", "testdata/forces.csv"}, "", nil},
		{"chart-misplaced-flag", []string{"chart", "-kind", "grid", "-from", "2016", "testdata/forces.csv"}, "", nil},
		{"chart-order-slope", []string{"chart", "-kind", "slope", "-from", "2016", "-to", "2022", "-order", "last", "testdata/forces.csv"}, "", nil},
		{"chart-bad-audience", []string{"chart", "-audience", "children", "testdata/forces.csv"}, "", nil},
		{"chart-slope-needs-periods", []string{"chart", "-kind", "slope", "-from", "2016", "testdata/forces.csv"}, "", nil},
		{"chart-slope-bad-period", []string{"chart", "-kind", "slope", "-from", "2016-13", "-to", "2022", "testdata/forces.csv"}, "", nil},
		{"chart-slope-backwards", []string{"chart", "-kind", "slope", "-from", "2022", "-to", "2016", "testdata/forces.csv"}, "", nil},
		{"chart-slope-no-data", []string{"chart", "-kind", "slope", "-from", "2018", "-to", "2022", "testdata/forces.csv"}, "", nil},
		{"chart-transitions-needs-scales", []string{"chart", "-kind", "transitions", "testdata/forces.csv"}, "", nil},
		{"chart-transitions-unknown-scale", []string{"chart", "-kind", "transitions", "-from", "hmic-peel-201", "-to", "hmicfrs-peel-2021", "testdata/forces.csv"}, "", nil},
		{"chart-transitions-families", []string{"chart", "-kind", "transitions", "-from", "hmic-peel-2014", "-to", "hmicfrs-fire-2018", "testdata/forces.csv"}, "", nil},
		{"chart-transitions-not-of-family", []string{"chart", "-kind", "transitions", "-family", "hmicfrs-fire", "-from", "hmic-peel-2014", "-to", "hmicfrs-peel-2021", "testdata/forces.csv"}, "", nil},
		{"chart-transitions-nobody", []string{"chart", "-kind", "transitions", "-from", "hmic-pledge-2009", "-to", "hmicfrs-peel-2021", "testdata/forces.csv"}, "", nil},
		{"chart-transitions-three-scales", []string{"chart", "-kind", "transitions", "-family", "hmicfrs-police", "testdata/leicestershire.csv"}, "", nil},
		{"chart-height-too-small", []string{"chart", "-kind", "grid", "-height", "100", "testdata/forces.csv"}, "", nil},
		{"chart-width-out-of-range", []string{"chart", "-kind", "grid", "-width", "100", "testdata/forces.csv"}, "", nil},
		{"chart-axis-families", []string{"chart", "-kind", "grid", "-axis", "grades"}, twoFamilies, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCase(tc.args, tc.stdin)
			if strings.HasPrefix(out, "<?xml") {
				d := parseSVG(t, out)
				if tc.check != nil {
					tc.check(t, d)
				}
			} else {
				assert.Nil(t, tc.check, "a check needs a picture: %s", errOut)
			}
			checkGolden(t, tc.name, tc.args, out, errOut, code)
		})
	}
}

func TestChartFiles(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"series.png", "series.svg"} {
		path := filepath.Join(dir, name)
		out, errOut, code := runCase([]string{"chart", "-subject", "A", "-o", path, "testdata/forces.csv"}, "")
		require.Equal(t, exitOK, code, errOut)
		assert.Empty(t, out, "with -o nothing goes to standard output")
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		if strings.HasSuffix(name, ".png") {
			_, err := png.Decode(bytes.NewReader(data))
			assert.NoError(t, err)
		} else {
			assert.True(t, bytes.HasPrefix(data, []byte("<?xml")))
		}
	}
}

// -format png writes a PNG to standard output, twice the SVG's size in
// pixels, for every kind.
func TestChartPNGToStandardOutput(t *testing.T) {
	for _, args := range [][]string{
		{"-kind", "grid", "testdata/forces.csv"},
		{"-kind", "slope", "-from", "2016", "-to", "2022", "testdata/forces.csv"},
		{"-kind", "transitions", "-family", "hmicfrs-police", "testdata/forces.csv"},
		{"-kind", "ladder", "-family", "hmicfrs-police"},
	} {
		out, errOut, code := runCase(append([]string{"chart", "-format", "png", "-width", "400"}, args...), "")
		require.Equal(t, exitOK, code, errOut)
		img, err := png.Decode(strings.NewReader(out))
		require.NoError(t, err, "%v", args)
		assert.Equal(t, 800, img.Bounds().Dx(), "%v", args)
		svg, _, _ := runCase(append([]string{"chart", "-width", "400"}, args...), "")
		assert.Equal(t, 2*int(parseSVG(t, svg).Height), img.Bounds().Dy(), "%v", args)
	}
}

// The drawing's own errors name the flag at fault: every option the chart
// package refuses comes back as a usage error about its flag.
func TestChartOptionErrorsNameTheFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"-kind", "ladder", "-family", "hmicfrs-police", "-axis", "grades"}, "-axis grades"},
		{[]string{"-kind", "ladder", "-family", "hmicfrs-police", "-order", "last"}, "-order last"},
		{[]string{"-kind", "transitions", "-family", "hmicfrs-police", "-axis", "grades", "testdata/forces.csv"}, "-axis grades"},
		{[]string{"-kind", "periods", "-order", "last", "testdata/forces.csv"}, "-order last"},
		{[]string{"-order", "random", "testdata/leicestershire.csv"}, "-order \"random\""},
		{[]string{"-axis", "log", "testdata/leicestershire.csv"}, "-axis \"log\""},
		{[]string{"-height", "50", "testdata/leicestershire.csv"}, "-height 50"},
		{[]string{"-height", "-1", "testdata/leicestershire.csv"}, "-height -1"},
		{[]string{"-width", "5000", "testdata/leicestershire.csv"}, "-width 5000"},
		{[]string{"-title", strings.Repeat("x", chart.MaxTextBytes+1), "testdata/leicestershire.csv"}, "-title"},
		{[]string{"-source", strings.Repeat("x", chart.MaxTextBytes+1), "testdata/leicestershire.csv"}, "-source"},
		{[]string{"-kind", "ladder", "-family", "hmicfrs-police", "-periods", "2019"}, "-periods applies to -kind periods"},
		{[]string{"-kind", "series", "-family", "hmicfrs-police", "testdata/leicestershire.csv"}, "-family applies to -kind transitions and ladder"},
	} {
		_, errOut, code := runCase(append([]string{"chart"}, tc.args...), "")
		assert.Equal(t, exitUsage, code, "%v: %s", tc.args, errOut)
		assert.True(t, strings.HasPrefix(errOut, "gradewalk chart: "+tc.flag), "%v: %s", tc.args, errOut)
		assert.Equal(t, 2, strings.Count(errOut, "\n"), "one line and a hint: %s", errOut)
	}
}

// chart's -format is a picture's format, not the other commands' table,
// CSV or JSON.
func TestChartHelpFormat(t *testing.T) {
	out, _, code := runCase([]string{"chart", "-h"}, "")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "-o FILE")
	assert.Contains(t, out, "picture format: svg or png")
	assert.NotContains(t, out, "table, csv or json")
	out, _, code = runCase([]string{"normalize", "-h"}, "")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "table, csv or json", "the other commands keep theirs")
}
