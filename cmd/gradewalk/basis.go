package main

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// This file says, for the commands, what the numbers rest on: the basis of
// each answer, the crosswalks that cover a scale, the rounds behind the
// observed crosswalk and the answer under other linkings.

// basisText writes a basis as the JSON does ("equal-widths", "counted: the
// input's observations"), or "" for none.
func basisText(b crosswalk.Basis) string {
	text, err := b.MarshalText()
	if err != nil {
		return ""
	}
	return string(text)
}

// intervalCells returns the cells of a 90% interval: the two bounds, or two
// empty cells where there is none, so that a filter on either end never
// passes on a point value.
func intervalCells(out *rowWriter, has bool, lo, hi float64) (string, string) {
	if !has {
		return "", ""
	}
	return out.number(lo), out.number(hi)
}

// cliWords puts the command's flags where the library's messages name its
// functions, so that a message tells a user of the command what to type.
// A message without those names passes unchanged.
var cliWords = strings.NewReplacer(
	"crosswalk.ObservedFor", "-sector",
	"crosswalk.Default", "-crosswalk default",
	"trend.CrosswalkFrom", "trend -crosswalk data",
)

// notCoveredError is the one error for an input's scales that the chosen
// crosswalk does not cover. It wraps the library's [*crosswalk.ScaleError].
type notCoveredError struct {
	msg   string
	cause error
}

func (e *notCoveredError) Error() string { return e.msg }
func (e *notCoveredError) Unwrap() error { return e.cause }

// checkCovers returns nil when the crosswalk covers every scale, else one
// error naming the first scale not covered, why, the crosswalks that do
// cover it, and how many other scales are not covered. counted holds how
// often the input grades each scale, for the commands that can count the
// input (-crosswalk data); nil for the others.
func (c *cli) checkCovers(scales []*scale.Scale, counted map[*scale.Scale]int) error {
	err := c.cw.CheckCovers(slices.Values(scales))
	if err == nil {
		return nil
	}
	var se *crosswalk.ScaleError
	var first *scale.Scale
	if errors.As(err, &se) {
		first = scaleByID(scales, se.Scale)
	}
	if first == nil {
		return err
	}
	others := 0
	for _, s := range scales {
		if s != first && !c.cw.Covers(s) {
			others++
		}
	}
	// The library's reason comes first in its detail, before its advice,
	// which names Go functions; the advice here is the command's.
	reason, _, _ := strings.Cut(se.Detail, "; ")
	msg := fmt.Sprintf("%s does not cover scale %s", c.crosswalkFlag(), first.ID())
	if reason != "" {
		msg += " (" + cliWords.Replace(reason) + ")"
	}
	if cover := c.coverers(first, counted[first]); len(cover) > 0 {
		msg += "; " + strings.Join(cover, ", ") + " " + map[bool]string{true: "covers", false: "cover"}[len(cover) == 1] + " it"
	}
	switch others {
	case 0:
	case 1:
		msg += "; 1 other scale of the input is not covered either"
	default:
		msg += fmt.Sprintf("; %d other scales of the input are not covered either", others)
	}
	return &notCoveredError{msg: msg, cause: err}
}

// crosswalkFlag writes the crosswalk chosen as the flags that chose it.
func (c *cli) crosswalkFlag() string {
	f := "-crosswalk " + c.crosswalkPath
	for _, s := range c.sectorList() {
		f += " -sector " + s
	}
	return f
}

// coverers lists, as flags, the crosswalks other than the chosen one that
// cover s: the default always; the observed one, and the observed one for
// each sector s has a published round for, where they do; and the one
// counted from the input, for trend and chart, when the input grades s at
// least twice (n times).
func (c *cli) coverers(s *scale.Scale, n int) []string {
	out := []string{"-crosswalk default (equal-width bands)"}
	if crosswalk.Observed().Covers(s) {
		out = append(out, "-crosswalk observed")
	} else {
		seen := map[string]bool{}
		for d := range s.Distributions() {
			if d.Sector == "" || seen[d.Sector] {
				continue
			}
			seen[d.Sector] = true
			if cw, err := crosswalk.ObservedFor(d.Sector); err == nil && cw.Covers(s) {
				out = append(out, "-crosswalk observed -sector "+d.Sector)
			}
		}
	}
	if (c.cmd.name == "trend" || c.cmd.name == "chart") && !c.fromData && n >= 2 {
		out = append(out, "-crosswalk data (counted from the input's grades)")
	}
	return out
}

func scaleByID(scales []*scale.Scale, id string) *scale.Scale {
	for _, s := range scales {
		if s != nil && s.ID() == id {
			return s
		}
	}
	return nil
}

// referenceWarnings returns one warning per scale whose published round,
// behind -crosswalk observed, grades another area than the data, or has
// rounds for other sectors when none was named (crosswalk.ReferenceNotes);
// none for another crosswalk. data yields each grade's scale and area ("" for
// a grade given without one, as compare's and equate's are).
func (c *cli) referenceWarnings(data iter.Seq2[*scale.Scale, string]) []string {
	if c.crosswalkPath != "observed" {
		return nil
	}
	var out []string
	for _, n := range c.cw.ReferenceNotes(data) {
		out = append(out, "-crosswalk observed: "+cliWords.Replace(n.String()))
	}
	return out
}

// warnReferences writes referenceWarnings to standard error, for the
// commands that do not read observations.
func (c *cli) warnReferences(scales ...*scale.Scale) {
	for _, w := range c.referenceWarnings(func(yield func(*scale.Scale, string) bool) {
		for _, s := range scales {
			if !yield(s, "") {
				return
			}
		}
	}) {
		fmt.Fprintf(c.stderr, "gradewalk %s: warning: %s\n", c.cmd.name, w)
	}
}

// linkings returns the linkings of the eras that -sensitivity compares
// under (trend.Linkings): the default, the observed one (for the sectors
// named), the one counted from obs when there are observations, the
// chosen crosswalk when it is a file, and extra (a fitted model's).
func (c *cli) linkings(obs []trend.Observation, extra ...*crosswalk.Crosswalk) ([]*crosswalk.Crosswalk, error) {
	if c.crosswalkPath == "observed" || c.crosswalkFile() {
		extra = append(extra, c.cw)
	}
	return trend.Linkings(obs, extra...)
}

// linkingNames returns the names of the linkings, the columns -sensitivity
// adds before its verdict.
func linkingNames(sets ...[]*crosswalk.Crosswalk) []string {
	var names []string
	for _, set := range sets {
		for _, cw := range set {
			if !slices.Contains(names, cw.Name()) {
				names = append(names, cw.Name())
			}
		}
	}
	return names
}

// sensitivityCells returns one cell per linking named, in order, and the
// verdict: each the answer under that linking, in words (word turns a
// relation into the command's word for it) with its probability and, where
// there is one, its 90% interval, as "uncertain 60% (90% interval 45% to
// 72%)"; empty where the linking does not cover the two grades, and all
// empty for the zero Sensitivity (nothing to compare). A model's reading,
// when there is one, fills the column of its name, with its Monte Carlo
// standard error: "uncertain 52% (Monte Carlo standard error 0.017)".
func sensitivityCells(s crosswalk.Sensitivity, model *trend.ModelChange, names []string, word func(crosswalk.Relation) string) []string {
	cells := make([]string, len(names)+1)
	for _, r := range s.Readings {
		i := slices.Index(names, r.Crosswalk)
		if i < 0 {
			continue
		}
		cmp := r.Comparison
		cells[i] = word(cmp.Relation) + " " + crosswalk.Percent(cmp.PAbove)
		if cmp.HasInterval() {
			cells[i] += " (90% interval " + crosswalk.Percent(cmp.PAboveLo) + " to " + crosswalk.Percent(cmp.PAboveHi) + ")"
		}
	}
	if model != nil {
		if i := slices.Index(names, model.Name); i >= 0 {
			cells[i] = model.Direction.String() + " " + crosswalk.Percent(model.PImproved) +
				" (Monte Carlo standard error " + strconv.FormatFloat(model.PImprovedSE, 'f', 3, 64) + ")"
		}
	}
	if s.Verdict != 0 {
		cells[len(names)] = s.Verdict.String()
	}
	return cells
}
