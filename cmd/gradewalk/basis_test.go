package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
)

// readCSV runs the command and returns its CSV output as records keyed by
// the header.
func readCSV(t *testing.T, args ...string) []map[string]string {
	t.Helper()
	out, errOut, code := runCase(args, "")
	require.Equal(t, exitOK, code, errOut)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	var rows []map[string]string
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = r[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// A filter on the low end of the interval ("p_improved_lo >= 0.9") cannot
// pass on a point value: without an interval the cells are empty, even
// where p_improved is 1 (issue 17, item 3).
func TestFilterCannotPassOnPointValue(t *testing.T) {
	passesAt := func(rows []map[string]string, col string, at float64) (n int) {
		for _, r := range rows {
			if v, err := strconv.ParseFloat(r[col], 64); err == nil && v >= at {
				n++
			}
		}
		return n
	}
	passes := func(rows []map[string]string, col string) int { return passesAt(rows, col, 0.9) }
	for _, args := range [][]string{
		{"trend", "testdata/forces.csv"},
		{"trend", "-summary", "testdata/forces.csv"},
		{"trend", "-format", "csv", "testdata/leicestershire.csv"},
	} {
		rows := readCSV(t, args...)
		certain := 0
		for _, r := range rows {
			assert.Empty(t, r["p_improved_lo"], "%v", args)
			assert.Empty(t, r["p_improved_hi"], "%v", args)
			if r["p_improved"] == "1" {
				certain++
			}
		}
		assert.Equal(t, 0, passes(rows, "p_improved_lo"), "%v", args)
		if args[1] != "-format" {
			assert.Positive(t, certain, "%v: some step has p_improved 1", args)
		}
	}
	rows := readCSV(t, "compare", "hmicfrs-peel-2021:Good", "hmic-peel-2014:Requires improvement")
	require.Len(t, rows, 1)
	assert.Equal(t, "1", rows[0]["p_above"])
	assert.Empty(t, rows[0]["p_above_lo"])
	assert.Equal(t, 0, passes(rows, "p_above_lo"))

	// Under a crosswalk with counts the interval is there, and a filter
	// reads it.
	rows = readCSV(t, "trend", "-crosswalk", "data", "testdata/illustrative-43.csv")
	for _, r := range rows {
		require.NotEmpty(t, r["p_improved_lo"])
	}
	assert.Equal(t, 5, passesAt(rows, "p_improved_lo", 0.6), "Forces 07 to 11, Requires improvement to Adequate, whose interval is 0.69 to 1")
}

// The basis column of trend is what the library's step says it rests on.
func TestBasisColumn(t *testing.T) {
	for _, args := range [][]string{
		{"trend", "testdata/leicestershire.csv"},
		{"trend", "-crosswalk", "data", "testdata/illustrative-43.csv"},
		{"trend", "-crosswalk", "testdata/crosswalk.json", "testdata/forces.csv"},
	} {
		for _, r := range readCSV(t, args...) {
			switch {
			case r["from_scale"] == r["to_scale"]:
				assert.Equal(t, "same-scale", r["basis"], "%v", args)
			case args[1] == "-crosswalk" && args[2] == "data":
				assert.Equal(t, "counted: the input's observations", r["basis"])
			case args[1] == "-crosswalk":
				assert.Equal(t, "file: testdata/crosswalk.json", r["basis"])
			default:
				assert.Equal(t, "equal-widths", r["basis"])
			}
		}
	}
	rows := readCSV(t, "equate", "-crosswalk", "observed", "hmic-peel-2014", "hmicfrs-peel-2021")
	for _, r := range rows {
		assert.Equal(t, basisText(crosswalk.Observed().Basis()), r["basis"])
		assert.NotEmpty(t, r["se_note"], "with 43 forces every level is near a jump")
	}
}

// compare -sensitivity -format json is the library's crosswalk.Sensitivity.
func TestSensitivityJSONIsTheLibrarys(t *testing.T) {
	a, b := "hmicfrs-peel-2021:Adequate", "hmic-peel-2014:Good"
	var stdout, stderr bytes.Buffer
	require.Equal(t, exitOK, run([]string{"compare", "-sensitivity", "-format", "json", a, b}, nil, &stdout, &stderr), stderr.String())
	var fromCLI map[string]any
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &fromCLI))
	s, err := crosswalk.CompareUnder(grade.MustParseQualified(a), grade.MustParseQualified(b), crosswalk.Default(), crosswalk.Observed())
	require.NoError(t, err)
	lib, err := json.Marshal(s)
	require.NoError(t, err)
	var fromLibrary map[string]any
	require.NoError(t, json.Unmarshal(lib, &fromLibrary))
	assert.Equal(t, fromLibrary, fromCLI)
	assert.Equal(t, "depends on the linking", fromCLI["verdict"])
}

// Each period's bin rows account for its observations, and a period on
// one scale has one row per level, named by its grade.
func TestByPeriodRows(t *testing.T) {
	rows := readCSV(t, "trend", "-by-period", "testdata/forces.csv")
	counts := map[string]int{}
	var grades []string
	for _, r := range rows {
		n, err := strconv.Atoi(r["count"])
		require.NoError(t, err)
		counts[r["period"]] += n
		assert.Equal(t, "3", r["observations"])
		if r["period"] == "2022" {
			grades = append(grades, r["grades"])
		}
	}
	assert.Equal(t, map[string]int{"2016": 3, "2022": 3}, counts)
	assert.Equal(t, []string{"Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"}, grades)
}
