package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChartGolden runs gradewalk chart and compares its exit status,
// standard output and standard error with testdata/NAME.golden, as
// TestGolden does; every SVG written must parse as XML.
func TestChartGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"chart-series", []string{"chart", "testdata/leicestershire.csv"}, ""},
		{"chart-series-area", []string{"chart", "-subject", "B", "-area", "effectiveness", "-crosswalk", "testdata/crosswalk.json", "-"}, readFile("testdata/forces.csv")},
		{"chart-periods", []string{"chart", "-kind", "periods", "-bins", "4", "testdata/forces.csv"}, ""},
		{"chart-ladder", []string{"chart", "-kind", "ladder", "-family", "hmicfrs-police"}, ""},
		{"chart-ladder-crosswalk", []string{"chart", "-kind", "ladder", "-family", "hmicfrs-police", "-crosswalk", "testdata/crosswalk.json"}, ""},
		{"chart-format", []string{"chart", "-format", "json", "testdata/forces.csv"}, ""},
		{"chart-rejects", []string{"chart", "testdata/bad.csv"}, ""},
		{"chart-empty", []string{"chart"}, "subject,area,date,scale,grade\n"},
		{"chart-several-subjects", []string{"chart", "testdata/forces.csv"}, ""},
		{"chart-unknown-subject", []string{"chart", "-subject", "Leicester", "testdata/leicestershire.csv"}, ""},
		{"chart-unknown-area", []string{"chart", "-area", "overall", "-area", "efficiency!", "testdata/leicestershire.csv"}, ""},
		{"chart-unknown-family", []string{"chart", "-kind", "ladder", "-family", "police"}, ""},
		{"chart-ladder-file", []string{"chart", "-kind", "ladder", "-family", "hmicfrs-police", "testdata/forces.csv"}, ""},
		{"chart-bad-output", []string{"chart", "-o", "picture.pdf", "testdata/forces.csv"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCase(tc.args, tc.stdin)
			if strings.HasPrefix(out, "<?xml") {
				dec := xml.NewDecoder(strings.NewReader(out))
				for {
					_, err := dec.Token()
					if err == io.EOF {
						break
					}
					require.NoError(t, err)
				}
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

// chart picks its format from -o's extension, so its help does not list
// -format, which the other commands share.
func TestChartHelpHasNoFormat(t *testing.T) {
	out, _, code := runCase([]string{"chart", "-h"}, "")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "-o FILE")
	assert.NotContains(t, out, "-format")
	out, _, code = runCase([]string{"normalize", "-h"}, "")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "-format", "the other commands still have it")
}
