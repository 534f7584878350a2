package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/pinned"
)

// leicestershireModel are the flags that fit Leicestershire's grades as
// docs/model.md does: areas pooled, its 2022 grade's area counted as
// effectiveness, and the national distributions of the rounds it was
// graded in.
var leicestershireModel = []string{"-model", "latent", "-pool-areas", "-map-area", "responding to the public=effectiveness",
	"-cross-section", "hmic-pledge-2009:2009:overall=2009-10-01",
	"-cross-section", "hmic-peel-2014:2016:effectiveness=2017-03-01",
	"-cross-section", "hmic-peel-2014:2018/19:effectiveness=2019-05-02",
	"-cross-section", "hmicfrs-peel-2021:2021/22:investigating crime=2022-01-01"}

// TestModelGolden runs trend and chart with -model latent and compares
// them with their golden files. The fits are small and short (few draws;
// most of them warn that the chains are too short, which the goldens
// show), and seeded: the same numbers every run. On architectures other
// than amd64 the numbers are compared masked (package pinned).
func TestModelGolden(t *testing.T) {
	short := []string{"-chains", "2", "-warmup", "100", "-draws", "100"}
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
	}{
		{"trend-model", []string{"trend", "-model", "latent", "testdata/illustrative-43.csv"}, ""},
		{"trend-model-summary-sensitivity", append(append([]string{"trend", "-summary", "-sensitivity", "-draws", "1000"}, leicestershireModel...), "testdata/leicestershire.csv"), ""},
		{"trend-model-sensitivity-json", append(append(append([]string{"trend", "-sensitivity", "-format", "json"}, short...), leicestershireModel...), "testdata/leicestershire.csv"), ""},
		{"trend-model-table", append(append([]string{"trend", "-format", "table", "-model", "latent", "-seed", "7", "-lambda", "0.5"}, short...), "testdata/forces.csv"), ""},
		{"trend-model-by-period", append(append([]string{"trend", "-by-period", "-comments", "-model", "latent"}, short...), "testdata/illustrative-43.csv"), ""},
		{"trend-model-by-period-json", append(append([]string{"trend", "-by-period", "-periods", "2016,2017..2021,2030", "-format", "json", "-model", "latent", "-reference", "2022"}, short...), "testdata/illustrative-43.csv"), ""},
		{"trend-model-transitions", append(append([]string{"trend", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "-format", "json", "-model", "latent"}, short...), "testdata/forces.csv"), ""},
		{"trend-model-one-level", []string{"trend", "-model", "latent"}, "subject,area,date,scale,grade\nA,x,2019,hmic-peel-2014,Good\nA,x,2020,hmic-peel-2014,Good\n"},
		{"chart-model-population", append(append([]string{"chart", "-kind", "population", "-model", "latent"}, short...), "testdata/illustrative-43.csv"), ""},
		{"chart-model-series", append(append(append([]string{"chart", "-audience", "public"}, short...), leicestershireModel...), "testdata/leicestershire.csv"), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCase(tc.args, tc.stdin)
			if strings.HasPrefix(out, "<?xml") {
				d := parseSVG(t, out)
				assert.Contains(t, d.Desc, "latent")
			}
			checkPinnedGolden(t, tc.name, tc.args, out, errOut, code)
		})
	}
}

// checkPinnedGolden is checkGolden for the output of a model's fit, whose
// numbers are compared where they are pinned (package pinned).
func checkPinnedGolden(t *testing.T, name string, args []string, stdout, stderr string, code int) {
	t.Helper()
	got := fmt.Sprintf("$ gradewalk %s\nexit: %d\n-- stdout --\n%s-- stderr --\n%s", strings.Join(args, " "), code, stdout, stderr)
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.True(t, pinned.Exact(), "the goldens of a model's fit are written where its numbers are pinned, on amd64")
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	assert.Equal(t, comparableGolden(t, string(want), pinned.Exact()), comparableGolden(t, got, pinned.Exact()))
}

// comparableGolden returns a golden file's text as it should be compared
// on this architecture: whole where the model's numbers are pinned, and
// elsewhere with its numbers masked and an SVG picture replaced by what it
// says (its title, description and texts), since the places of its shapes
// are numbers glued to the path's commands.
func comparableGolden(t *testing.T, golden string, exact bool) string {
	if exact {
		return golden
	}
	head, rest, ok := strings.Cut(golden, "-- stdout --\n")
	if svg, tail, found := strings.Cut(rest, "-- stderr --\n"); ok && found && strings.HasPrefix(svg, "<?xml") {
		d := parseSVG(t, svg)
		rest = strings.Join(append([]string{d.Title, d.Desc}, d.Texts...), "\n") + "\n-- stderr --\n" + tail
	}
	return pinned.Mask(head + "-- stdout --\n" + rest)
}

// Usage errors of -model and its flags, each one line and a hint.
func TestModelUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"trend", "-seed", "3", "testdata/forces.csv"}, "-seed applies to the model's fit: give it with -model latent"},
		{[]string{"trend", "-cross-section", "x", "testdata/forces.csv"}, "-cross-section applies to the model's fit"},
		{[]string{"trend", "-model", "irt", "testdata/forces.csv"}, `-model "irt": want latent`},
		{[]string{"trend", "-model", "latent", "-crosswalk", "observed", "testdata/forces.csv"}, "-model latent places the grades by its own crosswalk"},
		{[]string{"trend", "-model", "latent", "-transitions", "hmic-peel-2014,hmicfrs-peel-2021", "-flows", "testdata/forces.csv"}, "-flows counts grades"},
		{[]string{"trend", "-model", "latent", "-draws", "-5", "testdata/forces.csv"}, "-draws -5: want 1 or more"},
		{[]string{"trend", "-model", "latent", "-lambda", "-1", "testdata/forces.csv"}, "-lambda -1: want more than 0"},
		{[]string{"trend", "-model", "latent", "-reference", "2030", "testdata/forces.csv"}, "-reference: 2030-01-01 lies outside the span fitted, 2016-01-01 to 2023-01-01"},
		{[]string{"trend", "-model", "latent", "-reference", "soon", "testdata/forces.csv"}, "-reference: "},
		{[]string{"trend", "-model", "latent", "-cross-section", "hmic-peel-2014:2018/19", "testdata/forces.csv"}, `-cross-section "hmic-peel-2014:2018/19": want SCALE:PERIOD:AREA[:SECTOR]=DATE`},
		{[]string{"trend", "-model", "latent", "-cross-section", "peel:2018/19:effectiveness=2019", "testdata/forces.csv"}, `no scale "peel"`},
		{[]string{"trend", "-model", "latent", "-cross-section", "hmic-peel-2014:2018/19:people=2019", "testdata/forces.csv"},
			"hmic-peel-2014 round 2018/19:people: no such distribution in the catalogue; it has (PERIOD:AREA:SECTOR) 2014:efficiency:police-forces, "},
		{[]string{"trend", "-model", "latent", "-cross-section", "cqc-ratings-2014:2016-04:overall=2016-04", "testdata/forces.csv"},
			"3 distributions match, for the sectors nhs-acute-trusts, nhs-mental-health-trusts, nhs-trusts: add :SECTOR"},
		{[]string{"trend", "-model", "latent", "-cross-section", "hmic-peel-2014:2018/19:effectiveness=May", "testdata/forces.csv"}, `-cross-section "hmic-peel-2014:2018/19:effectiveness=May": trend: "May": date is not`},
		{[]string{"chart", "-kind", "population", "testdata/forces.csv"}, "-kind population draws a fitted model's national mean: give -model latent"},
		{[]string{"chart", "-kind", "grid", "-model", "latent", "testdata/forces.csv"}, "-model applies to -kind series and population, not grid"},
		{[]string{"chart", "-kind", "series", "-pool-areas", "testdata/forces.csv"}, "-pool-areas applies to the model's fit: give it with -model latent"},
	} {
		_, errOut, code := runCase(tc.args, "")
		assert.Equal(t, exitUsage, code, "%v: %s", tc.args, errOut)
		assert.Contains(t, errOut, tc.want, "%v", tc.args)
		assert.Equal(t, 2, strings.Count(errOut, "\n"), "one line and a hint: %s", errOut)
	}
}

// The model's reading is the answer of each step and summary, in every
// format: the JSON's model objects hold what the CSV's columns say, and
// there is no interval of the probability.
func TestModelCSVAndJSONAgree(t *testing.T) {
	args := append([]string{"trend", "-summary", "-chains", "2", "-warmup", "100", "-draws", "200"}, leicestershireModel...)
	csvOut, _, code := runCase(append(append([]string{}, args...), "-format", "csv", "testdata/leicestershire.csv"), "")
	require.Equal(t, exitOK, code)
	jsonOut, _, code := runCase(append(append([]string{}, args...), "-format", "json", "testdata/leicestershire.csv"), "")
	require.Equal(t, exitOK, code)
	var doc struct {
		Crosswalk string `json:"crosswalk"`
		Model     string `json:"model"`
		Summaries []struct {
			Subject string                     `json:"subject"`
			Area    string                     `json:"area"`
			Model   map[string]json.RawMessage `json:"model"`
		} `json:"summaries"`
	}
	require.NoError(t, json.Unmarshal([]byte(jsonOut), &doc))
	assert.True(t, strings.HasPrefix(doc.Crosswalk, "latent (a fitted model (latent model, λ = 0.25, of 6 observations in 1 series and 4 national distributions"), doc.Crosswalk)
	assert.Contains(t, doc.Model, "latent: ordered-probit model")
	rows := strings.Split(strings.TrimSpace(csvOut), "\n")
	header := strings.Split(rows[0], ",")
	col := func(row []string, name string) string {
		for i, h := range header {
			if h == name {
				return row[i]
			}
		}
		t.Fatalf("no column %s in %v", name, header)
		return ""
	}
	found := 0
	for _, s := range doc.Summaries {
		if s.Area != "effectiveness" {
			continue
		}
		found++
		require.NotNil(t, s.Model)
		assert.Equal(t, "null", string(s.Model["p_improved_lo"]))
		assert.Equal(t, "null", string(s.Model["p_improved_hi"]))
		for _, r := range rows[1:] {
			cells := strings.Split(r, ",")
			if cells[1] != "effectiveness" {
				continue
			}
			var p float64
			require.NoError(t, json.Unmarshal(s.Model["p_improved"], &p))
			assert.Equal(t, fmt.Sprintf("%.12g", p), col(cells, "p_improved"))
			assert.Empty(t, col(cells, "p_improved_lo"), "no interval: an empty cell")
			assert.NotEmpty(t, col(cells, "latent_change_lo"))
		}
	}
	assert.Equal(t, 1, found)
}

// The progress of a fit is shown on a terminal, and only after two
// seconds: one line, redrawn.
func TestProgress(t *testing.T) {
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	var b strings.Builder
	p := newProgress(&b, "gradewalk chart", now)
	p.update(100, 1000)
	assert.Empty(t, b.String(), "nothing in the first two seconds")
	clock = clock.Add(3 * time.Second)
	p.update(500, 1000)
	p.update(1000, 1000)
	p.finish()
	assert.Equal(t, "\rgradewalk chart: fitting the latent model: 50% (500 of 1000 iterations, 3s)"+
		"\rgradewalk chart: fitting the latent model: 100% (1000 of 1000 iterations, 3s)\n", b.String())

	b.Reset()
	p = newProgress(&b, "gradewalk trend", now)
	p.update(1000, 1000)
	p.finish()
	assert.Empty(t, b.String(), "a quick fit shows nothing, not even a line end")
	var none *progress
	none.finish() // no terminal, no progress
}

// testdata/leicestershire-all.csv, which the README's model examples fit,
// is the file of the latent package's tests: one data set, so that the
// command, the example and docs/model.md give the same numbers.
func TestLeicestershireAllIsTheModels(t *testing.T) {
	cli, err := os.ReadFile(filepath.Join("testdata", "leicestershire-all.csv"))
	require.NoError(t, err)
	lib, err := os.ReadFile(filepath.Join("..", "..", "latent", "testdata", "leicestershire.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(lib), string(cli))
}
