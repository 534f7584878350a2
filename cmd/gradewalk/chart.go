package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

const chartHelp = `
Draw a picture, as SVG (the default) or PNG. Every kind but ladder reads
observations, as trend does.

-kind series (the default) draws one subject's grades through time on the
common ordinal: each grade's band as a bar, consecutive grades of an area
joined (dashed across a change of scale, with the probability that the later
grade stands higher; dotted when the bands overlap), each change of scale as
a labelled rule, and the issuers' caveats as numbered footnotes. -subject
picks the subject (needed when the input has several).

-kind grid draws every subject at once: small multiples, one panel per
subject on shared axes, with the same rules at each change of scale, in the
order of -order (name, or last: by latest grade, best first).

-kind slope -from PERIOD -to PERIOD draws every subject and area graded in
both periods (each YYYY[-MM[-DD]] or FROM..UNTIL): a line from the band of
its grade in the first to the band of its grade in the second, solid where
the change is certain under the crosswalk and dashed where the bands
overlap.

-kind transitions -from SCALE -to SCALE draws, for the subjects and areas
graded on both scales, how many went from each grade on the first to each
on the second (the table of trend -transitions FROM,TO), with the counts on
the flows. With -family F alone, the two scales are those of F that the
input has grades on.

-kind periods draws trend -by-period's summary as a stacked bar per period
and area, with the mean score marked: each level of a period's one scale in
a bar of its own, the legend naming the grades (-bins N: N equal bins); a
footnote says when the crosswalk places scales by counts, so that the means
cannot show change between eras.

-kind ladder takes no FILE: it draws the scales of -family, one column per
scale in era order, each level a box at its band, with the shares of
overlapping levels of adjacent scales and the issuers' published
equivalences.

-model latent fits the longitudinal model to every observation of the
input (as trend -model latent does, with the same flags: -seed, -chains,
-warmup, -draws, -lambda, -reference, -cross-section, -pool-areas) and
places the grades by its crosswalk. With -kind series it draws, behind the
subject's grades, the model's estimate of where the subject stood at each
date, with its 90% interval: one band per area, or one for the subject
with -pool-areas. -kind population draws the model's national mean
through time, at the first day of each year, with its 90% interval: what
a crosswalk counted from the grades cannot show.

-subject and -area, each repeatable, keep only those subjects and areas.
-audience public words the picture for readers rather than analysts;
-axis grades labels the vertical axis (series, grid, slope) by the grades of
the family drawn; -source adds a credit line; -width sets the width and
-height the height (by default as tall as the content needs).

Rows that are rejected are reported on standard error as trend reports them;
the rest are drawn, and the exit status is 1. A flag that does not apply to
the kind, or a -subject, -area, -from or -to that matches nothing, is a
usage error that says what there is.`

// chartKinds are the values of -kind.
var chartKinds = []string{"series", "grid", "slope", "transitions", "periods", "ladder", "population"}

// chartFlagKinds lists the kinds each of chart's own flags applies to;
// the picture's options (-axis, -order, …) are checked by the chart
// package, which knows which picture takes which.
var chartFlagKinds = map[string][]string{
	"subject": {"series", "grid", "slope", "transitions", "periods"},
	"area":    {"series", "grid", "slope", "transitions", "periods"},
	"family":  {"transitions", "ladder"},
	"from":    {"slope", "transitions"},
	"to":      {"slope", "transitions"},
	"periods": {"periods"},
	"bins":    {"periods"},
	// The model's flags: -model applies to the kinds that draw from it.
	"model":         {"series", "population"},
	"seed":          {"series", "population"},
	"chains":        {"series", "population"},
	"warmup":        {"series", "population"},
	"draws":         {"series", "population"},
	"lambda":        {"series", "population"},
	"reference":     {"series", "population"},
	"cross-section": {"series", "population"},
	"pool-areas":    {"series", "population"},
}

// chartFlags are chart's flags, beyond those of the input.
type chartFlags struct {
	kind, family, from, to, periods string
	subjects, areas                 stringList
	bins                            int
	format, audience, axis, order   string
	title, source, out              string
	width, height                   int
	model                           modelFlags
}

func (f *chartFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.kind, "kind", "series", "picture to draw: "+strings.Join(chartKinds, ", "))
	fs.Var(&f.subjects, "subject", "a `subject` to draw; repeat for several (series: one, needed when the input has several; default all)")
	fs.Var(&f.areas, "area", "an `area` to draw; repeat for several (default all)")
	fs.StringVar(&f.family, "family", "", "with -kind ladder: the `family` of scales to draw; with -kind transitions: the family whose change of scale to draw")
	fs.StringVar(&f.from, "from", "", "`PERIOD|SCALE`: with -kind slope, the first period, YYYY[-MM[-DD]] or FROM..UNTIL; with -kind transitions, the first scale's ID")
	fs.StringVar(&f.to, "to", "", "`PERIOD|SCALE`: with -kind slope, the second period; with -kind transitions, the second scale's ID")
	fs.StringVar(&f.periods, "periods", "", "with -kind periods: comma-separated `periods`, each YYYY[-MM[-DD]] or FROM..UNTIL (default: each calendar year in the data)")
	fs.IntVar(&f.bins, "bins", 0, "with -kind periods: count in `N` equal bins of the common ordinal, 1 to 100 (default: each level on its own where a period's grades are on one scale, else 5 bins)")
	fs.StringVar(&f.format, "format", "", "picture `format`: svg or png (default svg, or as -o's extension says)")
	fs.StringVar(&f.audience, "audience", "analysts", "`audience` the words are for: analysts (probabilities, the common ordinal) or public (plain words)")
	fs.StringVar(&f.axis, "axis", "ordinal", "vertical `axis` of series, grid and slope: ordinal (0 to 1) or grades (the family's grades)")
	fs.StringVar(&f.order, "order", "name", "with -kind grid: the panels' `order`, name or last (by latest grade, best first)")
	fs.StringVar(&f.title, "title", "", "the picture's `title` (default made from the data)")
	fs.StringVar(&f.source, "source", "", "a credit `line` at the bottom, e.g. \"Source: HMICFRS PEEL reports; gradewalk\"")
	fs.IntVar(&f.width, "width", 0, fmt.Sprintf("picture width in `units` (CSS pixels; a PNG has twice as many), %d to %d (default %d)", chart.MinWidth, chart.MaxWidth, chart.DefaultWidth))
	fs.IntVar(&f.height, "height", 0, fmt.Sprintf("picture height in `units`, up to %d (default as tall as the content needs)", chart.MaxHeight))
	fs.StringVar(&f.out, "o", "", "write the picture to `FILE`, replacing it (written to a temporary file and renamed over it); its extension, .svg or .png, picks the format (default standard output)")
	f.model.register(fs, nil)
}

func runChart(c *cli, args []string) int {
	var in input
	var f chartFlags
	fs := c.flags()
	in.flags(fs)
	f.register(fs)
	pos, code, ok := c.parse(args, 0, 1)
	if !ok {
		return code
	}
	if !slices.Contains(chartKinds, f.kind) {
		return c.usageError("-kind %q: want %s or %s", f.kind, strings.Join(chartKinds[:len(chartKinds)-1], ", "), chartKinds[len(chartKinds)-1])
	}
	var misplaced []string
	fs.Visit(func(fl *flag.Flag) {
		if kinds, ok := chartFlagKinds[fl.Name]; ok && !slices.Contains(kinds, f.kind) {
			misplaced = append(misplaced, fmt.Sprintf("-%s applies to -kind %s, not %s", fl.Name, strings.Join(kinds, " and "), f.kind))
		}
	})
	if len(misplaced) > 0 {
		return c.usageError("%s", misplaced[0])
	}
	if code, ok := f.model.check(c); !ok {
		return code
	}
	if f.kind == "population" && f.model.name == "" {
		return c.usageError("-kind population draws a fitted model's national mean: give -model latent")
	}
	opt, code, ok := f.options(c)
	if !ok {
		return code
	}
	var mopt *latent.Options
	if f.model.name != "" {
		if mopt, code, ok = f.model.options(c); !ok {
			return code
		}
	}
	if f.kind == "ladder" {
		return runLadder(c, &f, pos, opt)
	}
	popt, code, ok := c.periodOptions(f.bins, f.periods)
	if !ok {
		return code
	}
	// What -from and -to name is read before the input, so that a bad
	// value is reported at once.
	var from, to trend.Period
	var fromScale, toScale *scale.Scale
	switch f.kind {
	case "slope":
		if from, to, code, ok = slopePeriods(c, &f); !ok {
			return code
		}
	case "transitions":
		if fromScale, toScale, code, ok = transitionFlags(c, &f); !ok {
			return code
		}
	}
	closer, code, ok := in.open(c, pos)
	if !ok {
		return code
	}
	defer closer()
	obs := in.readAll(c)
	if _, _, err := c.dataCrosswalks(&in, obs, false, ""); err != nil {
		in.finish(c)
		return c.fail(err)
	}
	if err := c.checkCovers(distinctScales(obs)); err != nil {
		in.finish(c)
		return c.fail(err)
	}
	// The model is fitted to every observation, before any is left out:
	// the other subjects place the scales.
	var model *latent.Model
	if mopt != nil {
		if model, code, ok = fitModel(c, &in, &f.model, obs, mopt); !ok {
			return code
		}
	}
	opt.Crosswalk = c.cw
	if f.kind == "population" {
		code = in.finish(c)
		draw := func(b *bytes.Buffer) error {
			if opt.Title == "" {
				opt.Title = "The national mean through time, from the latent model"
			}
			return chart.Population(b, []chart.Ribbon{populationRibbon(model)}, opt)
		}
		return writeChart(c, &f, opt, obs, draw, code)
	}
	obs, code, ok = chartFilter(c, &in, obs, f.subjects, f.areas, f.kind == "series")
	if !ok {
		return code
	}
	var draw func(*bytes.Buffer) error
	switch f.kind {
	case "series":
		series := trend.Group(obs)
		if model != nil {
			ribbons, err := trajectoryRibbons(model, series, *f.model.pool)
			if err != nil {
				in.finish(c)
				return c.fail(err)
			}
			opt.Ribbons = ribbons
			for _, s := range series {
				steps, err := model.Steps(s)
				if err != nil {
					in.finish(c)
					return c.fail(err)
				}
				opt.Steps = append(opt.Steps, steps...)
			}
		}
		draw = func(b *bytes.Buffer) error { return chart.Series(b, series, opt) }
	case "grid":
		draw = func(b *bytes.Buffer) error { return chart.Grid(b, trend.Group(obs), opt) }
	case "slope":
		draw = func(b *bytes.Buffer) error { return chart.Slope(b, trend.Group(obs), from, to, opt) }
	case "transitions":
		if fromScale == nil {
			if fromScale, toScale, code, ok = familyScales(c, &in, obs, f.family); !ok {
				return code
			}
		}
		table, err := trend.Transitions(obs, fromScale, toScale)
		if err != nil {
			in.finish(c)
			return c.fail(err)
		}
		warnUnordered(c, &in, table)
		if table.Len() == 0 {
			in.finish(c)
			return c.usageError("-from %s -to %s: no subject and area of the input is graded on both, one before the other; its scales: %s",
				fromScale.ID(), toScale.ID(), scaleCounts(obs))
		}
		draw = func(b *bytes.Buffer) error { return chart.Transitions(b, table, opt) }
	case "periods":
		sums, err := trend.ByPeriod(c.cw, obs, popt)
		if err != nil {
			in.finish(c)
			return c.fail(err)
		}
		// The picture's footnote says what the means measure; standard
		// error says it too, as trend -by-period does.
		for _, w := range []string{trend.MeansNote(sums), mergeWarning(sums, popt.Bins)} {
			if w != "" {
				in.warn(c, "%s", w)
			}
		}
		draw = func(b *bytes.Buffer) error { return chart.Periods(b, sums, opt) }
	}
	code = in.finish(c)
	return writeChart(c, &f, opt, obs, draw, code)
}

// populationRibbon is the model's national mean at each knot, with its
// 90% interval, on the common ordinal.
func populationRibbon(m *latent.Model) chart.Ribbon {
	r := chart.Ribbon{Label: "national mean (90% interval) on the " + m.Crosswalk().Basis().Name()}
	for p := range m.Population() {
		r.Points = append(r.Points, chart.RibbonPoint{Date: p.Date, Mean: p.Mean, Lo: p.Lo90, Hi: p.Hi90})
	}
	return r
}

// trajectoryRibbons are the model's estimates of where the series stood at
// each of their dates, with their 90% intervals: one ribbon per series,
// or one per subject when the model pooled its areas.
func trajectoryRibbons(m *latent.Model, series []trend.Series, pooled bool) ([]chart.Ribbon, error) {
	var ribbons []chart.Ribbon
	seen := make(map[[2]string]bool)
	for _, s := range series {
		area, label := s.Area, "latent model: "+s.Area+" (90% interval)"
		if pooled {
			area, label = "", "latent model: "+s.Subject+", areas pooled (90% interval)"
		}
		if seen[[2]string{s.Subject, area}] {
			continue
		}
		seen[[2]string{s.Subject, area}] = true
		traj, err := m.Trajectory(s.Subject, area)
		if err != nil {
			return nil, err
		}
		r := chart.Ribbon{Label: label}
		for p := range traj {
			r.Points = append(r.Points, chart.RibbonPoint{Date: p.Date, Mean: p.Mean, Lo: p.Lo90, Hi: p.Hi90})
		}
		ribbons = append(ribbons, r)
	}
	return ribbons, nil
}

// options reads the flags that become chart.Options. The format comes
// from -format or from -o's extension; both given must agree.
func (f *chartFlags) options(c *cli) (chart.Options, int, bool) {
	opt := chart.Options{Crosswalk: c.cw, Title: f.title, Source: f.source, Width: f.width, Height: f.height}
	var err error
	if f.format != "" {
		if opt.Format, err = chart.ParseFormat(f.format); err != nil {
			return opt, chartFlagError(c, err, f), false
		}
	}
	if f.out != "" {
		byName, err := chart.FormatOf(f.out)
		if err != nil {
			return opt, c.usageError("-o %s: want a file name ending in .svg or .png", f.out), false
		}
		if f.format != "" && byName != opt.Format {
			return opt, c.usageError("-format %s and -o %s disagree: give one of them", f.format, f.out), false
		}
		opt.Format = byName
	}
	if opt.Audience, err = chart.ParseAudience(f.audience); err == nil {
		if opt.Axis, err = chart.ParseAxis(f.axis); err == nil {
			opt.Order, err = chart.ParseOrder(f.order)
		}
	}
	if err != nil {
		return opt, chartFlagError(c, err, f), false
	}
	// The sizes and texts are checked here, as -bins is, so that a bad
	// value is reported before the input is read; the chart package checks
	// them again, with the same bounds.
	switch {
	case f.width != 0 && (f.width < chart.MinWidth || f.width > chart.MaxWidth):
		return opt, c.usageError("-width %d: want %d to %d", f.width, chart.MinWidth, chart.MaxWidth), false
	case f.height < 0 || f.height > chart.MaxHeight:
		return opt, c.usageError("-height %d: want 0 (as tall as needed) to %d", f.height, chart.MaxHeight), false
	case len(f.title) > chart.MaxTextBytes:
		return opt, c.usageError("-title: %d bytes, more than %d", len(f.title), chart.MaxTextBytes), false
	case len(f.source) > chart.MaxTextBytes:
		return opt, c.usageError("-source: %d bytes, more than %d", len(f.source), chart.MaxTextBytes), false
	case opt.Format == chart.PNG && f.out == "" && isTerminal(c.stdout):
		return opt, c.usageError("-format png writes binary data: give -o FILE.png, or redirect standard output"), false
	}
	return opt, exitOK, true
}

// runLadder draws -kind ladder, which reads no input.
func runLadder(c *cli, f *chartFlags, pos []string, opt chart.Options) int {
	switch {
	case c.fromData:
		return c.usageError("-crosswalk data counts the grades of a FILE: -kind ladder reads none")
	case len(pos) > 0:
		return c.usageError("-kind ladder takes no FILE")
	case f.family == "":
		return c.usageError("-kind ladder needs -family; families: %s", strings.Join(families(c.reg), ", "))
	}
	scales := slices.Collect(c.reg.Family(f.family))
	if len(scales) == 0 {
		return c.usageError("-family %q: no such family; families: %s", f.family, strings.Join(families(c.reg), ", "))
	}
	// A data-driven crosswalk may cover only some of the family: draw
	// those, and say which were left out.
	covered := slices.DeleteFunc(slices.Clone(scales), func(s *scale.Scale) bool { return !c.cw.Covers(s) })
	if len(covered) == 0 {
		return c.fail(fmt.Errorf("%s covers no scale of family %s", c.crosswalkFlag(), f.family))
	}
	for _, s := range scales {
		if !c.cw.Covers(s) {
			fmt.Fprintf(c.stderr, "gradewalk chart: -crosswalk %s does not cover %s: left out of the ladder\n", c.crosswalkPath, s.ID())
		}
	}
	draw := func(b *bytes.Buffer) error { return chart.Ladder(b, covered, opt) }
	return writeChart(c, f, opt, nil, draw, exitOK)
}

// slopePeriods reads -from and -to as periods.
func slopePeriods(c *cli, f *chartFlags) (from, to trend.Period, code int, ok bool) {
	if f.from == "" || f.to == "" {
		return from, to, c.usageError("-kind slope needs -from PERIOD and -to PERIOD, e.g. -from 2019 -to 2022"), false
	}
	var err error
	if from, err = trend.ParsePeriod(f.from); err != nil {
		return from, to, c.usageError("-from: %v", err), false
	}
	if to, err = trend.ParsePeriod(f.to); err != nil {
		return from, to, c.usageError("-to: %v", err), false
	}
	return from, to, exitOK, true
}

// transitionFlags reads -from, -to and -family for -kind transitions: the
// two scales, both of the family when it is given, or none (both nil) when
// only the family is given, for familyScales to find in the input.
func transitionFlags(c *cli, f *chartFlags) (from, to *scale.Scale, code int, ok bool) {
	if f.family != "" && !slices.Contains(families(c.reg), f.family) {
		return nil, nil, c.usageError("-family %q: no such family; families: %s", f.family, strings.Join(families(c.reg), ", ")), false
	}
	switch {
	case f.from == "" && f.to == "" && f.family != "":
		return nil, nil, exitOK, true
	case f.from == "" || f.to == "":
		return nil, nil, c.usageError("-kind transitions needs -from SCALE and -to SCALE, or -family F when the input has grades on two of its scales"), false
	}
	if from, code, ok = findScaleFlag(c, "from", f.from); !ok {
		return nil, nil, code, false
	}
	if to, code, ok = findScaleFlag(c, "to", f.to); !ok {
		return nil, nil, code, false
	}
	for _, s := range []struct {
		flag string
		s    *scale.Scale
	}{{"from", from}, {"to", to}} {
		if f.family != "" && s.s.Family() != f.family {
			return nil, nil, c.usageError("-%s %s: a scale of family %s, not of -family %s", s.flag, s.s.ID(), s.s.Family(), f.family), false
		}
	}
	switch {
	case from == to:
		return nil, nil, c.usageError("-from and -to are both %s: give two scales", from.ID()), false
	case from.Family() != to.Family():
		return nil, nil, c.usageError("-from %s and -to %s are of different families (%s, %s): a transitions picture shows one family's change of scale",
			from.ID(), to.ID(), from.Family(), to.Family()), false
	}
	return from, to, exitOK, true
}

// familyScales finds the two scales of family that obs has grades on, in
// era order, for -kind transitions given -family alone.
func familyScales(c *cli, in *input, obs []trend.Observation, family string) (from, to *scale.Scale, code int, ok bool) {
	var found []*scale.Scale
	scales, _ := distinctScales(obs)
	for _, s := range scales {
		if s.Family() == family {
			found = append(found, s)
		}
	}
	if len(found) == 2 {
		slices.SortFunc(found, func(a, b *scale.Scale) int { return a.Era().From.Compare(b.Era().From) })
		return found[0], found[1], exitOK, true
	}
	in.finish(c)
	return nil, nil, c.usageError("-family %s: the input has grades on %d of its scales, and -family alone needs two: give -from SCALE and -to SCALE; the input's scales: %s",
		family, len(found), scaleCounts(obs)), false
}

// scaleCounts lists the scales of obs with their number of grades, for a
// usage error.
func scaleCounts(obs []trend.Observation) string {
	n := make(map[string]int)
	for _, o := range obs {
		n[o.Grade.Scale().ID()]++
	}
	var parts []string
	for _, id := range slices.Sorted(maps.Keys(n)) {
		parts = append(parts, fmt.Sprintf("%s (%d)", id, n[id]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// chartFilter keeps the observations of subjects and areas. A series needs
// one subject: when none is given, the input must have only one.
func chartFilter(c *cli, in *input, obs []trend.Observation, subjects, areas []string, oneSubject bool) ([]trend.Observation, int, bool) {
	have := distinct(obs, func(o trend.Observation) string { return o.Subject })
	switch {
	case oneSubject && len(subjects) > 1:
		in.finish(c)
		return nil, c.usageError("-kind series draws one subject: give one -subject, or -kind grid for several"), false
	case oneSubject && len(subjects) == 0 && len(have) > 1:
		in.finish(c)
		return nil, c.usageError("the input has %d subjects: give -subject, one of %s", len(have), listOrNone(have)), false
	}
	var code int
	var ok bool
	if obs, code, ok = keepOnly(c, in, obs, "subject", subjects, have, func(o trend.Observation) string { return o.Subject }); !ok {
		return nil, code, false
	}
	return keepOnly(c, in, obs, "area", areas, distinct(obs, func(o trend.Observation) string { return o.Area }), func(o trend.Observation) string { return o.Area })
}

// keepOnly keeps the observations whose key is one of want, each of which
// must be one of have; an empty want keeps them all.
func keepOnly(c *cli, in *input, obs []trend.Observation, flagName string, want, have []string, key func(trend.Observation) string) ([]trend.Observation, int, bool) {
	if len(want) == 0 {
		return obs, exitOK, true
	}
	for _, w := range want {
		if !slices.Contains(have, w) {
			in.finish(c)
			return nil, c.usageError("-%s %q matches nothing; %ss: %s", flagName, w, flagName, listOrNone(have)), false
		}
	}
	return slices.DeleteFunc(obs, func(o trend.Observation) bool { return !slices.Contains(want, key(o)) }), exitOK, true
}

func distinct(obs []trend.Observation, key func(trend.Observation) string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, o := range obs {
		if k := key(o); !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func listOrNone(s []string) string {
	if len(s) == 0 {
		return "none in the input"
	}
	quoted := make([]string, len(s))
	for i, v := range s {
		quoted[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(quoted, ", ")
}

// families returns the families of the registry, sorted.
func families(reg *scale.Registry) []string { return slices.Collect(reg.Families()) }

// writeChart draws the picture and writes it to -o's file, or to standard
// output, and returns code, or the code of a failure.
func writeChart(c *cli, f *chartFlags, opt chart.Options, obs []trend.Observation, draw func(*bytes.Buffer) error, code int) int {
	var buf bytes.Buffer
	if err := draw(&buf); err != nil {
		return max(chartError(c, err, f, opt, obs), code)
	}
	if f.out == "" {
		if _, err := c.stdout.Write(buf.Bytes()); err != nil {
			return c.fail(err)
		}
		return code
	}
	if err := writeFileAtomic(f.out, buf.Bytes()); err != nil {
		return c.fail(err)
	}
	return code
}

// chartError reports an error of the chart package: as a usage error that
// names the flag when a flag's value is at fault, and otherwise as a
// failure.
func chartError(c *cli, err error, f *chartFlags, opt chart.Options, obs []trend.Observation) int {
	switch {
	case errors.Is(err, chart.ErrPeriods):
		return c.usageError("-from %s -to %s: the first period must end before the second begins", f.from, f.to)
	case errors.Is(err, chart.ErrNoData) && f.kind == "slope":
		return c.usageError("-from %s -to %s: no subject and area has grades in both periods; the input's years: %s", f.from, f.to, years(obs))
	case errors.Is(err, chart.ErrFamilies) && opt.Axis == chart.Grades:
		return c.usageError("-axis grades: %s", strings.TrimPrefix(err.Error(), "chart: "))
	}
	return chartFlagError(c, err, f)
}

// chartFlagError reports an *chart.OptionError or *chart.SizeError as a
// usage error naming the flag, and any other error as a failure.
func chartFlagError(c *cli, err error, f *chartFlags) int {
	var oe *chart.OptionError
	var se *chart.SizeError
	switch {
	case errors.As(err, &oe) && oe.Option != "Ribbons":
		reason := oe.Reason
		if reason == "" {
			reason = oe.Err.Error()
		}
		return c.usageError("-%s %s: %s", strings.ToLower(oe.Option), oe.Value, reason)
	case errors.As(err, &se):
		given := f.width
		if se.Dimension == "height" {
			given = f.height
		}
		if se.Max > 0 {
			return c.usageError("-%s %d: want %g to %g", se.Dimension, given, se.Min, se.Max)
		}
		return c.usageError("-%s %d is too small for this picture: it needs at least %g", se.Dimension, given, se.Min)
	}
	return c.fail(err)
}

// years lists the calendar years of obs, for a usage error.
func years(obs []trend.Observation) string {
	var out []string
	for _, p := range trend.Years(obs) {
		out = append(out, p.String())
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}
