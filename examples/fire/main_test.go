package main

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/docpics"
	"github.com/gradewalk/gradewalk/internal/pinned"
	"github.com/gradewalk/gradewalk/trend"
)

var update = flag.Bool("update", false, "redraw the README's pictures of the panel in docs/img")

// TestChartsUpToDate fails when the pictures of the panel in docs/img,
// which the README shows, are not what -charts draws now.
func TestChartsUpToDate(t *testing.T) {
	docpics.Check(t, filepath.Join("..", "..", "docs", "img"), pictures, *update, "go run ./examples/fire -charts docs/img")
}

// TestRun checks the story the example tells: the panel's national counts
// are the catalogue's (run fails otherwise), Leicestershire's grades are
// those the README prints, and a round 4 grade is reported, not placed.
func TestRun(t *testing.T) {
	var b strings.Builder
	require.NoError(t, run(&b))
	out := b.String()
	for _, want := range []string{
		"our tally of the issuer's pages, 267 grades",
		"2018/19  effectiveness  0 / 16 / 29 / 0  45        same",
		"2021/22  efficiency     2 / 21 / 18 / 3  44        same",
		"effectiveness Requires improvement (2018/19) -> Good (2021/22): improved; the model: chance its quality rose",
		"efficiency    Requires improvement (2018/19) -> Requires improvement (2021/22): unchanged; the model:",
		"people        Requires improvement (2018/19) -> Good (2021/22): improved; the model:",
		"round 3 (11 areas, published 2023-25): 6 Good, 1 Adequate, 4 Requires improvement",
		"not yet in the catalogue",
		"Note (observed crosswalk): hmicfrs-fire-2018 is placed by its 2021/22 round for effectiveness",
	} {
		assert.Contains(t, out, want)
	}
	// The model's figures are pinned on amd64 only (package pinned).
	for _, want := range []string{
		"The latent model of the panel (latent: 4 chains × 2000 draws (after 500 warm-up): largest R̂ 1.006, smallest bulk ESS 660 over 8 parameters):",
		"  national mean, round 1 to round 2: +0.01 on the common ordinal (90% interval -0.04 to +0.07), chance it rose 65%",
		"  effectiveness  6           0                43         0",
		"effectiveness Requires improvement (2018/19) -> Good (2021/22): improved; the model: chance its quality rose 88% (uncertain)",
	} {
		assert.Contains(t, pinned.Comparable(out), pinned.Comparable(want))
	}
}

func TestReadPanelRejectsBadInput(t *testing.T) {
	_, err := readPanel("service,area,date,scale,grade\n")
	assert.ErrorContains(t, err, "header")
	_, err = readPanel("subject,area,date,scale,grade\nAvon,people,2019,hmicfrs-fire-2018,Fair\n")
	var rowErr *trend.RowError
	if assert.ErrorAs(t, err, &rowErr) {
		assert.Equal(t, 2, rowErr.Line)
		assert.Equal(t, "grade", rowErr.Field)
	}
	_, err = readPanel("subject,area,date,scale,grade\nAvon,people,2019,hmicfrs-fire-2018,\n")
	assert.ErrorContains(t, err, "1 row(s) have no grade")
	_, err = readRound3("service,outstanding,good,adequate,requires_improvement,inadequate,seen_at_source\nX,1,1,1,1,1,no\n")
	assert.ErrorContains(t, err, "5 grades, not 11")
}

// Every service of round 1 and round 2 is in the panel once per pillar.
func TestPanelIsComplete(t *testing.T) {
	obs, err := readPanel(panelCSV)
	require.NoError(t, err)
	per := map[string]int{}
	for _, o := range obs {
		per[o.DateString()+" "+o.Area]++
	}
	for _, p := range pillars {
		assert.Equal(t, 45, per["2019 "+p], "round 1 %s", p)
		assert.Equal(t, 44, per["2022 "+p], "round 2 %s", p)
	}
}
