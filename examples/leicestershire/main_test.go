package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/docpics"
	"github.com/gradewalk/gradewalk/internal/pinned"
)

// TestStory pins the verdicts the example prints, so that a change in the
// library or the catalogue that alters the story is noticed.
func TestStory(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	text := out.String()
	for _, want := range []string{
		"2009-10     overall (Policing Pledge)",
		"hmic-pledge-2009:Good                [0.5, 0.75]  0.625",
		"hmic-pledge-2009:Fair                [0.25, 0.5]  0.375",
		"hmic-peel-2014:Requires improvement  [0.25, 0.5]  0.375",
		"hmicfrs-peel-2021:Adequate           [0.4, 0.6]   0.500",
		"verdict:  better: the later band lies wholly above the earlier one",
		"rests on: the same scale",
		// Identical equal-width bands across scales are not an equivalence.
		"verdict:  cannot tell: the bands overlap; chance that the later grade stands higher: 50%",
		"rests on: equal-width bands, an assumption",
		"verdict:  cannot tell: the bands overlap; chance that the later grade stands higher: 10%",
		"verdict:  cannot tell: the bands overlap; chance that the later grade stands higher: 90%",
		"2019's Good spans: Adequate 40% Good 60%",
		"level 3.625 of 5",
		"verdict:  cannot tell: the bands overlap; chance that the later grade stands higher: 60% (90% interval 45% to 72%)",
		"rests on: counted distributions (hmicfrs-peel-2021 2021/22 investigating crime, 43 police-forces; hmic-peel-2014 2018/19 effectiveness, 43 police-forces)",
		// Question 3 under both linkings: they disagree.
		"linkings: depends on the linking: default overlapping 10%; observed overlapping 60% (90% interval 45–72%)",
	} {
		assert.Contains(t, text, want)
	}
	// The model's answer: its numbers are pinned on amd64 only (package
	// pinned), so they are compared masked elsewhere.
	for _, want := range []string{
		"Question 3 on the latent model",
		"   verdict:  cannot tell: chance that the force's quality rose: 52% (Monte Carlo standard error 0.017)",
		"   rests on: a fitted model (latent model, λ = 0.25, of 7 observations in 1 series and 4 national distributions, 2009-10-01 to 2022-01-01, reference 2009-10-01)",
		"   linkings: depends on the linking: default overlapping 10%; observed overlapping 60% (90% interval 45–72%); latent overlapping 52% (Monte Carlo standard error 0.017)",
		"   with λ    0.1: 48%; 0.25: 52%; 0.5: 58%",
	} {
		assert.Contains(t, pinned.Comparable(text), pinned.Comparable(want))
	}
	assert.Equal(t, 3, strings.Count(text, "caveat:   HMICFRS says"), "the 2021/22 caveat on each cross-era PEEL question")
	assert.Equal(t, 1, strings.Count(text, "linkings: robust"), "only question 1, on one scale, is robust")
}

var update = flag.Bool("update", false, "redraw the README's pictures in docs/img")

// TestChartsUpToDate fails when the pictures in docs/img, which the README
// shows, are not what -charts draws now. Redraw them with
// go run ./examples/leicestershire -charts docs/img, or go test -update.
func TestChartsUpToDate(t *testing.T) {
	docpics.Check(t, filepath.Join("..", "..", "docs", "img"), pictures, *update, "go run ./examples/leicestershire -charts docs/img")
}

// The example's copy of the illustrative forces is the CLI's test file,
// which docs/cli.md describes: one data set, in two places because each
// package embeds or reads its own.
func TestIllustrativeDataIsTheCLIs(t *testing.T) {
	cli, err := os.ReadFile(filepath.Join("..", "..", "cmd", "gradewalk", "testdata", "illustrative-43.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(cli), illustrative43)
}
