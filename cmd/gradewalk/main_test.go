package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/gen"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// runCase runs the command and returns what a golden file records.
func runCase(args []string, stdin string) (out, errOut string, code int) {
	var stdout, stderr bytes.Buffer
	code = run(args, strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// TestGolden runs each subcommand and compares its exit status, standard
// output and standard error with testdata/NAME.golden. Run with -update to
// rewrite the files after a deliberate change.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"help", []string{"-h"}, ""},
		{"scales", []string{"scales", "-format", "csv"}, ""},
		{"scales-custom-json", []string{"scales", "-format", "json", "-scales", "testdata/custom.json"}, ""},
		{"show-table", []string{"show", "hmic-peel-2014", "-format", "table"}, ""},
		{"show-csv", []string{"show", "-format", "csv", "hmicfrs-peel-2021"}, ""},
		{"show-json-crosswalk", []string{"show", "-format", "json", "-crosswalk", "testdata/crosswalk.json", "hmicfrs-peel-2021"}, ""},
		{"show-not-covered", []string{"show", "-format", "table", "-crosswalk", "testdata/crosswalk.json", "hmic-pledge-2009"}, ""},
		{"show-help", []string{"show", "-h"}, ""},
		{"compare-table", []string{"compare", "-format", "table", "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate"}, ""},
		{"compare-csv", []string{"compare", "-format", "csv", "hmicfrs-peel-2021:Adequate", "hmic-peel-2014:Good"}, ""},
		{"compare-json", []string{"compare", "-format", "json", "hmic-peel-2014:Outstanding", "hmic-pledge-2009:Good"}, ""},
		{"compare-json-crosswalk", []string{"compare", "-format", "json", "-crosswalk", "testdata/crosswalk.json", "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate"}, ""},
		{"compare-unknown", []string{"compare", "hmic-peel-2014:Great", "hmicfrs-peel-2021:Adequate"}, ""},
		{"normalize-csv", []string{"normalize", "testdata/leicestershire.csv"}, ""},
		{"normalize-json", []string{"normalize", "-format", "json", "testdata/leicestershire.csv"}, ""},
		{"normalize-table", []string{"normalize", "-format", "table", "testdata/leicestershire.csv"}, ""},
		{"normalize-json-input", []string{"normalize", "-format", "json", "testdata/leicestershire.json"}, ""},
		{"normalize-json-input-csv", []string{"normalize", "-format", "csv", "-"}, readFile("testdata/leicestershire.json")},
		{"normalize-stdin", []string{"normalize"}, readFile("testdata/forces.csv")},
		{"normalize-crosswalk", []string{"normalize", "-crosswalk", "testdata/crosswalk.json", "testdata/leicestershire.csv"}, ""},
		{"normalize-custom", []string{"normalize", "-scales", "testdata/custom.json", "testdata/custom.csv"}, ""},
		{"normalize-rejects", []string{"normalize", "testdata/bad.csv"}, ""},
		{"normalize-strict", []string{"normalize", "-strict", "testdata/bad.csv"}, ""},
		{"normalize-empty", []string{"normalize"}, ""},
		{"normalize-bom-only", []string{"normalize"}, "\uFEFF"},
		{"trend-bom-only", []string{"trend"}, "\uFEFF\n"},
		{"normalize-unterminated-quote", []string{"normalize"}, "subject,area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n\"s2,a,2019,hmic-peel-2014,Good\ns3,a,2019,hmic-peel-2014,Good\n\ns4,a,2019,hmic-peel-2014,Good\n"},
		{"trend", []string{"trend", "testdata/leicestershire.csv"}, ""},
		{"trend-table", []string{"trend", "-format", "table", "testdata/leicestershire.csv"}, ""},
		{"trend-json", []string{"trend", "-format", "json", "testdata/leicestershire.csv"}, ""},
		{"trend-summary", []string{"trend", "-summary", "testdata/leicestershire.csv"}, ""},
		{"trend-summary-json", []string{"trend", "-summary", "-format", "json", "testdata/forces.csv"}, ""},
		{"trend-by-period", []string{"trend", "-by-period", "testdata/forces.csv"}, ""},
		{"trend-by-period-periods", []string{"trend", "-by-period", "-periods", "2016,2022-01..2022-06", "-bins", "4", "-pool-areas", "-format", "json", "testdata/leicestershire.csv"}, ""},
		{"trend-order-month-first", []string{"trend", "testdata/order-month-first.csv"}, ""},
		{"trend-order-year-first", []string{"trend", "-format", "json", "testdata/order-year-first.csv"}, ""},
		{"trend-crosswalk-data", []string{"trend", "-crosswalk", "data", "-comments", "-summary", "testdata/illustrative-43.csv"}, ""},
		{"trend-crosswalk-data-few", []string{"trend", "-crosswalk", "data", "-format", "json", "testdata/forces.csv"}, ""},
		{"trend-crosswalk-data-once", []string{"trend", "-crosswalk", "data", "testdata/leicestershire.csv"}, ""},
		{"trend-comments-default", []string{"trend", "-comments", "-by-period", "testdata/forces.csv"}, ""},
		{"usage-crosswalk-data-normalize", []string{"normalize", "-crosswalk", "data", "testdata/forces.csv"}, ""},
		{"trend-crosswalk-not-covering", []string{"trend", "-crosswalk", "testdata/crosswalk.json", "testdata/leicestershire.csv"}, ""},
		{"trend-custom", []string{"trend", "-scales", "testdata/custom.json", "testdata/custom.csv"}, ""},
		{"trend-rejects", []string{"trend", "-summary", "testdata/bad.csv"}, ""},
		{"equate", []string{"equate", "-counts", "hmic-peel-2014=1,10,25,7", "-counts", "hmicfrs-peel-2021=1,5,15,17,5", "hmic-peel-2014", "hmicfrs-peel-2021"}, ""},
		{"equate-file-json", []string{"equate", "-format", "json", "-crosswalk", "testdata/crosswalk.json", "hmicfrs-peel-2021", "hmic-peel-2014"}, ""},
		{"equate-cuts-no-se", []string{"equate", "-crosswalk", "testdata/cuts.json", "hmic-peel-2014", "hmicfrs-peel-2021"}, ""},
		{"equate-counts-below-one", []string{"equate", "-format", "json", "-counts", "hmic-peel-2014=0.1,0.2,0.3,0.1", "-counts", "hmicfrs-peel-2021=1,5,15,17,5", "hmic-peel-2014", "hmicfrs-peel-2021"}, ""},
		{"compare-table-interval", []string{"compare", "-format", "table", "-crosswalk", "testdata/crosswalk.json", "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate"}, ""},
		{"equate-not-covered", []string{"equate", "-crosswalk", "testdata/crosswalk.json", "hmicfrs-peel-2021", "hmic-pledge-2009"}, ""},
		{"compare-observed", []string{"compare", "-format", "table", "-crosswalk", "observed", "hmicfrs-peel-2021:Adequate", "hmic-peel-2014:Good"}, ""},
		{"compare-observed-not-covered", []string{"compare", "-crosswalk", "observed", "ofsted-schools-2012:Good", "ofsted-schools-2005:Good"}, ""},
		{"equate-observed", []string{"equate", "-crosswalk", "observed", "hmic-peel-2014", "hmicfrs-peel-2021"}, ""},
		{"trend-observed", []string{"trend", "-crosswalk", "observed", "-format", "json", "-summary", "testdata/leicestershire.csv"}, ""},
		{"normalize-observed", []string{"normalize", "-crosswalk", "observed", "testdata/leicestershire.csv"}, ""},
		{"usage-none", nil, ""},
		{"usage-unknown-command", []string{"frobnicate"}, ""},
		{"usage-bad-flag", []string{"trend", "-nope"}, ""},
		{"usage-too-many", []string{"compare", "a:b", "c:d", "e:f"}, ""},
		{"usage-bad-format", []string{"scales", "-format", "xml"}, ""},
		{"usage-bad-crosswalk", []string{"trend", "-crosswalk", "testdata/badcrosswalk.json"}, ""},
		{"usage-missing-file", []string{"normalize", "testdata/no-such-file.csv"}, ""},
		{"usage-equate-no-counts", []string{"equate", "hmic-peel-2014", "hmicfrs-peel-2021"}, ""},
		{"usage-bad-period", []string{"trend", "-by-period", "-periods", "2016..2015"}, ""},
		// What every number rests on (issue 17) and references that fit the
		// data (issue 18).
		{"compare-sensitivity-table", []string{"compare", "-sensitivity", "-format", "table", "hmicfrs-peel-2021:Adequate", "hmic-peel-2014:Good"}, ""},
		{"compare-sensitivity-csv", []string{"compare", "-sensitivity", "-format", "csv", "-crosswalk", "testdata/crosswalk.json", "hmicfrs-peel-2021:Adequate", "hmic-peel-2014:Good"}, ""},
		{"compare-sensitivity-json", []string{"compare", "-sensitivity", "-format", "json", "hmicfrs-peel-2021:Good", "hmic-peel-2014:Requires improvement"}, ""},
		{"compare-equal-widths", []string{"compare", "-format", "csv", "ofsted-schools-2012:Requires improvement", "ofsted-schools-2005:Satisfactory"}, ""},
		{"compare-observed-sector", []string{"compare", "-format", "table", "-crosswalk", "observed", "-sector", "nhs-trusts", "cqc-ratings-2014:Good", "cqc-ratings-2014:Requires improvement"}, ""},
		{"compare-observed-reference-note", []string{"compare", "-format", "csv", "-crosswalk", "observed", "cqc-ratings-2014:Good", "cqc-ratings-2014:Requires improvement"}, ""},
		{"trend-summary-sensitivity", []string{"trend", "-summary", "-sensitivity", "testdata/forces.csv"}, ""},
		{"trend-summary-sensitivity-json", []string{"trend", "-summary", "-sensitivity", "-format", "json", "-crosswalk", "testdata/crosswalk.json", "testdata/forces.csv"}, ""},
		{"trend-summary-sensitivity-per-area", []string{"trend", "-summary", "-sensitivity", "-crosswalk", "data", "-per-area"}, "subject,area,date,scale,grade\n" +
			"A,effectiveness,2016,hmic-peel-2014,Good\nB,effectiveness,2016,hmic-peel-2014,Requires improvement\nA,effectiveness,2022,hmicfrs-peel-2021,Adequate\nB,effectiveness,2022,hmicfrs-peel-2021,Good\n" +
			"A,legitimacy,2016,hmic-peel-2014,Good\nB,legitimacy,2016,hmic-peel-2014,Outstanding\nA,legitimacy,2022,hmicfrs-peel-2021,Good\nB,legitimacy,2022,hmicfrs-peel-2021,Good\n"},
		{"trend-by-period-observed", []string{"trend", "-by-period", "-crosswalk", "observed", "-comments", "testdata/forces.csv"}, ""},
		{"trend-by-period-data", []string{"trend", "-by-period", "-crosswalk", "data", "-comments", "-format", "json", "testdata/illustrative-43.csv"}, ""},
		{"trend-by-period-merged", []string{"trend", "-by-period", "-bins", "3", "-periods", "2016..2022", "testdata/forces.csv"}, ""},
		{"trend-not-catalogued", []string{"trend"}, "subject,area,date,scale,grade\nLeicestershire,effectiveness,2022-01-20,hmicfrs-fire,Good\nLeicestershire,effectiveness,2026-05-01,hmicfrs-fire,Good\n"},
		{"trend-observed-not-covered", []string{"trend", "-crosswalk", "observed", "-"}, "subject,area,date,scale,grade\nA,overall,2014-05,ofsted-schools-2012,Good\nA,overall,2016-05,ofsted-schools-2012,Requires improvement\nB,overall,2014-05,ofsted-schools-2012,Good\n"},
		{"usage-sector-without-observed", []string{"compare", "-sector", "nhs-trusts", "cqc-ratings-2014:Good", "cqc-ratings-2014:Outstanding"}, ""},
		{"usage-unknown-sector", []string{"trend", "-crosswalk", "observed", "-sector", "hospitals", "testdata/forces.csv"}, ""},
		{"usage-bins-zero", []string{"trend", "-by-period", "-bins", "0", "testdata/forces.csv"}, ""},
		{"trend-sensitivity-steps", []string{"trend", "-sensitivity", "testdata/forces.csv"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCase(tc.args, tc.stdin)
			checkGolden(t, tc.name, tc.args, out, errOut, code)
		})
	}
}

func readFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"scales"}, exitOK},
		{[]string{"trend", "testdata/leicestershire.csv"}, exitOK},
		{[]string{"normalize", "testdata/bad.csv"}, exitRejected},
		{[]string{"trend", "testdata/bad.csv"}, exitRejected},
		{[]string{"show", "no-such-scale"}, exitRejected},
		{[]string{"normalize", "-h"}, exitOK},
		{[]string{"trend", "-format", "yaml"}, exitUsage},
		{[]string{"trend", "-summary", "-by-period"}, exitUsage},
		{[]string{"show"}, exitUsage},
		{[]string{"normalize", "a", "b"}, exitUsage},
		{[]string{"normalize", "-input", "xml"}, exitUsage},
		{[]string{"normalize", "-scales", "testdata/badcrosswalk.json"}, exitUsage},
		{[]string{"equate", "-counts", "x", "hmic-peel-2014", "hmicfrs-peel-2021"}, exitUsage},
	} {
		_, _, code := runCase(tc.args, "")
		assert.Equal(t, tc.want, code, "%v", tc.args)
	}
}

// TestRejectedRowsAccounted checks, for both commands that read rows, that
// every data row of bad.csv is either written or reported with its line.
func TestRejectedRowsAccounted(t *testing.T) {
	out, errOut, code := runCase([]string{"normalize", "testdata/bad.csv"}, "")
	assert.Equal(t, exitRejected, code)
	written := strings.Count(out, "\n") - 1
	reported := strings.Split(strings.TrimSpace(errOut), "\n")
	var lines []string
	for _, r := range reported {
		n, _, ok := strings.Cut(r, ":")
		require.True(t, ok, r)
		lines = append(lines, n)
	}
	assert.Equal(t, []string{"line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11", "line 12", "line 14"}, lines)
	assert.Equal(t, 2, written)
	// 14 records (a multi-line one included) after the header: 2 + 11 is 13
	// reports and rows, one record per line but for the two-line record.
	assert.Equal(t, 13, written+len(reported))
}

// TestRowsAccountedFor checks, over a file of good, missing and bad
// grades in good and bad records, that normalize writes, skips or reports
// every grade: rows in = rows out + rows skipped as missing + rows
// reported, each as many as the generator says.
func TestRowsAccountedFor(t *testing.T) {
	for seed := range uint64(3) {
		m := gen.MixedCSV(2000, seed)
		out, errOut, code := runCase([]string{"normalize", "-format", "csv", "-grades", "now", "-grades", "before"}, m.CSV)
		assert.Equal(t, exitRejected, code)
		written := strings.Count(out, "\n") - 1 // the header
		var skipped, rejected int
		for _, line := range strings.Split(errOut, "\n") {
			if n, ok := leadingCount(line, "gradewalk normalize: ", " rows skipped with no grade"); ok {
				skipped = n
			}
			if n, ok := leadingCount(line, "gradewalk normalize: ", " rows rejected"); ok {
				rejected = n
			}
		}
		assert.Equal(t, m.Read, written)
		assert.Equal(t, m.Skipped, skipped)
		assert.Equal(t, m.Rejected, rejected)
		assert.Equal(t, m.Records*m.GradesPerRecord, written+skipped+rejected)
	}
}

// leadingCount reads the number between prefix and what follows it in
// line, as "gradewalk normalize: 12 rows rejected for 3 reasons".
func leadingCount(line, prefix, then string) (int, bool) {
	rest, ok := strings.CutPrefix(line, prefix)
	if !ok {
		return 0, false
	}
	num, after, ok := strings.Cut(rest, " ")
	if !ok || !strings.HasPrefix(" "+after, then) {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	return n, err == nil
}

func TestJSONInputWrittenAsCSVRejectsNewKeys(t *testing.T) {
	in := `[{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good", "x": 1},
{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good", "y": 2},
{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"}]`
	out, errOut, code := runCase([]string{"normalize", "-format", "csv"}, in)
	assert.Equal(t, exitRejected, code)
	assert.Equal(t, "subject,area,date,scale,grade,x,label,rank,band_lo,band_hi,score\n"+
		"s,a,2019,hmic-peel-2014,Good,1,Good,3,0.5,0.75,0.625\n"+
		"s,a,2019,hmic-peel-2014,Good,,Good,3,0.5,0.75,0.625\n", out)
	assert.Equal(t, "line 2: y: key is not among the columns of the first record; use -format json to keep every key\n", errOut)
}

func TestIsTerminal(t *testing.T) {
	assert.False(t, isTerminal(&bytes.Buffer{}))
	f, err := os.CreateTemp(t.TempDir(), "out")
	require.NoError(t, err)
	defer f.Close()
	assert.False(t, isTerminal(f), "a regular file is not a terminal")
}

// peakWriter discards what it is given and samples the heap on each write,
// recording the largest heap in use seen.
type peakWriter struct {
	peak  uint64
	calls int
}

func (w *peakWriter) Write(p []byte) (int, error) {
	w.calls++
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	w.peak = max(w.peak, ms.HeapInuse)
	return len(p), nil
}

// normalizePeak normalizes n generated rows, streamed from the generator,
// and returns the peak heap in use and the bytes allocated per row.
func normalizePeak(t testing.TB, n int) (peak uint64, perRow float64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	w := &peakWriter{}
	code := run([]string{"normalize", "-format", "csv"}, gen.CSV(n, 1), w, io.Discard)
	require.Equal(t, exitOK, code)
	runtime.ReadMemStats(&after)
	return w.peak, float64(after.TotalAlloc-before.TotalAlloc) / float64(n)
}

// TestNormalizeFlatMemory shows that normalize streams: ten times the rows
// do not raise the peak heap.
func TestNormalizeFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 220,000 rows")
	}
	small, _ := normalizePeak(t, 20_000)
	large, perRow := normalizePeak(t, 200_000)
	t.Logf("peak heap in use: %d KB for 20k rows, %d KB for 200k rows; %.0f bytes allocated per row", small>>10, large>>10, perRow)
	assert.Less(t, large, small+small/2+(2<<20), "peak heap grew with the number of rows")
}

// BenchmarkNormalizeMemory reports the peak heap in use for 100k and 1M
// rows streamed through normalize.
func BenchmarkNormalizeMemory(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			var peak uint64
			var perRow float64
			for b.Loop() {
				p, r := normalizePeak(b, n)
				peak, perRow = max(peak, p), r
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(perRow, "alloc-B/row")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// checkGolden compares a run of the command with testdata/NAME.golden, which
// holds the command line, the exit status, stdout and stderr; with -update
// it rewrites the file instead.
func checkGolden(t *testing.T, name string, args []string, stdout, stderr string, code int) {
	t.Helper()
	got := fmt.Sprintf("$ gradewalk %s\nexit: %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(args, " "), code, stdout, stderr)
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	assert.Equal(t, string(want), got)
}

// chart -o and -write-crosswalk replace their file through a temporary
// file renamed over it (issue 20): the old file stays whole until then.
func TestWriteFileAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.svg")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	require.NoError(t, writeFileAtomic(path, []byte("new")))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(data))
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left")
	assert.Error(t, writeFileAtomic(filepath.Join(path, "x"), []byte("y")), "a directory that is a file")
}

func TestCSVSafe(t *testing.T) {
	in := "subject,area,date,scale,grade,note\n=cmd|' /C calc'!A0,a,2019,hmic-peel-2014,Good,@SUM(1)\n"
	out, _, code := runCase([]string{"normalize", "-csv-safe"}, in)
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "\n'=cmd")
	assert.Contains(t, out, "'@SUM(1)")
	out, _, _ = runCase([]string{"normalize"}, in)
	assert.Contains(t, out, "\n=cmd", "off by default")
}

// -bins beyond the cap is a usage error, not an out-of-memory crash.
func TestBinsCapped(t *testing.T) {
	_, errOut, code := runCase([]string{"trend", "-by-period", "-bins", "1000000000", "testdata/forces.csv"}, "")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "want 1 to 100")
}

// A crosswalk that does not cover a scale of the input is one error, not
// one per row (issue 16).
func TestNotCoveredOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("subject,area,date,scale,grade\n")
	for i := range 500 {
		fmt.Fprintf(&b, "s%d,a,2009-11,hmic-pledge-2009,Good\n", i)
	}
	_, errOut, code := runCase([]string{"trend", "-crosswalk", "testdata/crosswalk.json"}, b.String())
	assert.Equal(t, exitRejected, code)
	assert.Equal(t, 1, strings.Count(errOut, "\n"), errOut)
	_, errOut, _ = runCase([]string{"normalize", "-crosswalk", "testdata/crosswalk.json"}, b.String())
	assert.LessOrEqual(t, strings.Count(errOut, "\n"), 6, errOut)
}
