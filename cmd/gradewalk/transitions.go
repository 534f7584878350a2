package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// The transitions table (trend -transitions FROM,TO) lives in trend
// because it is one more view of the series trend builds: each row is the
// step from a series' last grade on FROM to its first on TO, written with
// the columns of trend's steps, under the same crosswalk; and chart -kind
// transitions draws it, as chart -kind periods draws trend -by-period.

// findScaleFlag finds the scale named by a flag's value; ok false means a
// usage error was reported.
func findScaleFlag(c *cli, flagName, id string) (*scale.Scale, int, bool) {
	s, err := c.reg.Find(strings.TrimSpace(id))
	if err != nil {
		return nil, c.usageError("-%s: %v", flagName, err), false
	}
	return s, exitOK, true
}

// parseTransitions reads the value of trend's -transitions flag, two scale
// IDs joined by a comma.
func parseTransitions(c *cli, v string) (from, to *scale.Scale, code int, ok bool) {
	a, b, found := strings.Cut(v, ",")
	if !found || strings.Contains(b, ",") {
		return nil, nil, c.usageError("-transitions %q: want FROM,TO, two scale IDs", v), false
	}
	if from, code, ok = findScaleFlag(c, "transitions", a); !ok {
		return nil, nil, code, false
	}
	if to, code, ok = findScaleFlag(c, "transitions", b); !ok {
		return nil, nil, code, false
	}
	if from == to {
		return nil, nil, c.usageError("-transitions %q: want two different scales", v), false
	}
	return from, to, exitOK, true
}

// maxUnorderedShown is how many of the series that a transitions table
// does not count a warning names.
const maxUnorderedShown = 3

// warnUnordered warns of the series graded on both scales that the table
// does not count, because every grade on the first scale came after the
// first on the second: nothing is left out unsaid.
func warnUnordered(c *cli, in *input, t trend.TransitionTable) {
	var names []string
	n := 0
	for tr := range t.Unordered() {
		if n++; n <= maxUnorderedShown {
			names = append(names, fmt.Sprintf("%s / %s (%s after %s)", tr.Subject, tr.Area, tr.From.DateString(), tr.To.DateString()))
		}
	}
	if n == 0 {
		return
	}
	more := ""
	if n > len(names) {
		more = fmt.Sprintf(" and %d more", n-len(names))
	}
	in.warn(c, "%d %s not counted in the transitions, every grade on %s after the first on %s: %s%s",
		n, plural(n, "subject and area", "subjects and areas"), t.From().ID(), t.To().ID(), strings.Join(names, ", "), more)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// transitions writes the table of what happened across the change from one
// scale to another: with flows false, a row per subject and area (the step
// from its last grade on the first scale to its first on the second), and
// with flows true, how many went from each grade to each, every pair of
// grades, worst first.
func (t trendOutput) transitions(table trend.TransitionTable, flows bool) error {
	if flows {
		return t.flows(table)
	}
	var series []trend.Series
	for tr := range table.Rows() {
		series = append(series, trend.Series{Subject: tr.Subject, Area: tr.Area, Observations: []trend.Observation{tr.From, tr.To}})
	}
	if t.c.format != "json" {
		return t.steps(series, nil)
	}
	if err := t.transitionsJSONStart(table, "transitions"); err != nil {
		return err
	}
	out := newRowWriter("json", t.c.stdout, nil)
	for _, s := range series {
		for st, err := range t.stepsOf(s) {
			if err != nil {
				return err
			}
			out.value(st)
		}
	}
	if err := out.close(); err != nil {
		return err
	}
	if _, err := fmt.Fprint(t.c.stdout, ", \"unordered\": "); err != nil {
		return err
	}
	return t.closeJSON(jsonArray(t.c, slices.Collect(table.Unordered())))
}

// jsonArray writes values as a JSON array and returns its writer, for
// closeJSON to close.
func jsonArray[T any](c *cli, values []T) *rowWriter {
	out := newRowWriter("json", c.stdout, nil)
	for _, v := range values {
		out.value(v)
	}
	return out
}

// transitionsJSONStart writes the start of a transitions object: the
// crosswalk, the two scales, and the key of the array that follows.
func (t trendOutput) transitionsJSONStart(table trend.TransitionTable, key string) error {
	if err := t.jsonStart("from"); err != nil {
		return err
	}
	_, err := fmt.Fprintf(t.c.stdout, "%q, \"to\": %q, %q: ", table.From().ID(), table.To().ID(), key)
	return err
}

func (t trendOutput) flows(table trend.TransitionTable) error {
	from, to := table.From(), table.To()
	var flows []trend.Flow
	for a := range from.Len() {
		ga, _ := grade.FromRank(from, a+1)
		for b := range to.Len() {
			gb, _ := grade.FromRank(to, b+1)
			flows = append(flows, trend.Flow{From: ga, To: gb, Count: table.Count(ga, gb)})
		}
	}
	if t.c.format == "json" {
		if err := t.transitionsJSONStart(table, "flows"); err != nil {
			return err
		}
		return t.closeJSON(jsonArray(t.c, flows))
	}
	out := t.writer([]string{"from_scale", "from_grade", "to_scale", "to_grade", "count"})
	for _, f := range flows {
		out.row(from.ID(), f.From.Label(), to.ID(), f.To.Label(), fmt.Sprint(f.Count))
	}
	return out.close()
}
