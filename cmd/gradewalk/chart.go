package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

const chartHelp = `
Draw a picture, as SVG (the default) or PNG.

-kind series (the default) reads observations, as trend does, and draws one
subject's grades through time on the common ordinal: each grade's band as a
bar, consecutive grades of an area joined (dashed across a change of scale,
with the probability that the later grade stands higher; dotted when the
bands overlap), each change of scale as a labelled rule, and the issuers'
caveats as numbered footnotes. -subject picks the subject (needed when the
input has several) and -area the areas (all by default).

-kind periods reads observations and draws trend -by-period's summary as a
stacked bar per period and area, with the mean score marked: each level of
a period's one scale in a bar of its own, the legend naming the grades
(-bins N: N equal bins); a footnote says when the crosswalk places scales
by counts, so that the means cannot show change between eras.

-kind ladder takes no FILE: it draws the scales of -family, one column per
scale in era order, each level a box at its band, with the shares of
overlapping levels of adjacent scales and the issuers' published
equivalences.

Rows that are rejected are reported on standard error as trend reports them;
the rest are drawn, and the exit status is 1. A -subject or -area that
matches nothing is a usage error that lists what there is.`

func runChart(c *cli, args []string) int {
	var in input
	fs := c.flags()
	in.flags(fs)
	kind := fs.String("kind", "series", "picture to draw: series, periods or ladder")
	subject := fs.String("subject", "", "with -kind series or periods: the `subject` to draw (needed when the input has several)")
	var areas stringList
	fs.Var(&areas, "area", "with -kind series or periods: an `area` to draw; repeat for several (default all)")
	family := fs.String("family", "", "with -kind ladder: the `family` of scales to draw")
	periods := fs.String("periods", "", "with -kind periods: comma-separated `periods`, each YYYY[-MM[-DD]] or FROM..UNTIL (default: each calendar year in the data)")
	bins := fs.Int("bins", 0, "with -kind periods: count in `N` equal bins of the common ordinal, 1 to 100 (default: each level on its own where a period's grades are on one scale, else 5 bins)")
	outPath := fs.String("o", "", "write the picture to `FILE`, replacing it (written to a temporary file and renamed over it); its extension, .svg or .png, picks the format (default SVG on standard output)")
	pos, code, ok := c.parse(args, 0, 1)
	if !ok {
		return code
	}
	if c.fromData && *kind == "ladder" {
		return c.usageError("-crosswalk data counts the grades of a FILE: -kind ladder reads none")
	}
	opt := chart.Options{Crosswalk: c.cw}
	if *outPath != "" {
		f, err := chart.FormatOf(*outPath)
		if err != nil {
			return c.usageError("-o %s: want a file name ending in .svg or .png", *outPath)
		}
		opt.Format = f
	}
	var draw func(*bytes.Buffer) error
	switch *kind {
	case "ladder":
		if len(pos) > 0 {
			return c.usageError("-kind ladder takes no FILE")
		}
		if *family == "" {
			return c.usageError("-kind ladder needs -family; families: %s", strings.Join(families(c.reg), ", "))
		}
		scales := slices.Collect(c.reg.Family(*family))
		if len(scales) == 0 {
			return c.usageError("-family %q: no such family; families: %s", *family, strings.Join(families(c.reg), ", "))
		}
		// A data-driven crosswalk may cover only some of the family: draw
		// those, and say which were left out.
		covered := slices.DeleteFunc(slices.Clone(scales), func(s *scale.Scale) bool { return !c.cw.Covers(s) })
		if len(covered) == 0 {
			return c.fail(fmt.Errorf("%s covers no scale of family %s", c.crosswalkFlag(), *family))
		}
		for _, s := range scales {
			if !c.cw.Covers(s) {
				fmt.Fprintf(c.stderr, "gradewalk chart: -crosswalk %s does not cover %s: left out of the ladder\n", c.crosswalkPath, s.ID())
			}
		}
		draw = func(b *bytes.Buffer) error { return chart.Ladder(b, covered, opt) }
		return writeChart(c, *outPath, draw, exitOK)
	case "series", "periods":
	default:
		return c.usageError("-kind %q: want series, periods or ladder", *kind)
	}
	popt, code, ok := c.periodOptions(*bins, *periods)
	if !ok {
		return code
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
	opt.Crosswalk = c.cw
	if err := c.checkCovers(distinctScales(obs)); err != nil {
		in.finish(c)
		return c.fail(err)
	}
	obs, code, ok = chartFilter(c, &in, obs, *subject, areas, *kind == "series")
	if !ok {
		return code
	}
	if *kind == "series" {
		draw = func(b *bytes.Buffer) error { return chart.Series(b, trend.Group(obs), opt) }
	} else {
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
	return writeChart(c, *outPath, draw, in.finish(c))
}

// chartFilter keeps the observations of subject and areas. A series needs
// one subject: when none is given, the input must have only one.
func chartFilter(c *cli, in *input, obs []trend.Observation, subject string, areas []string, oneSubject bool) ([]trend.Observation, int, bool) {
	subjects := distinct(obs, func(o trend.Observation) string { return o.Subject })
	if subject == "" && oneSubject && len(subjects) > 1 {
		in.errw.Flush()
		return nil, c.usageError("the input has %d subjects: give -subject, one of %s", len(subjects), listOrNone(subjects)), false
	}
	if subject != "" {
		if !slices.Contains(subjects, subject) {
			in.errw.Flush()
			return nil, c.usageError("-subject %q matches nothing; subjects: %s", subject, listOrNone(subjects)), false
		}
		obs = slices.DeleteFunc(obs, func(o trend.Observation) bool { return o.Subject != subject })
	}
	if len(areas) > 0 {
		have := distinct(obs, func(o trend.Observation) string { return o.Area })
		for _, a := range areas {
			if !slices.Contains(have, a) {
				in.errw.Flush()
				return nil, c.usageError("-area %q matches nothing; areas: %s", a, listOrNone(have)), false
			}
		}
		obs = slices.DeleteFunc(obs, func(o trend.Observation) bool { return !slices.Contains(areas, o.Area) })
	}
	return obs, exitOK, true
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

// writeChart draws the picture and writes it to path, or to standard output
// when path is "", and returns code, or the code of a failure.
func writeChart(c *cli, path string, draw func(*bytes.Buffer) error, code int) int {
	var buf bytes.Buffer
	if err := draw(&buf); err != nil {
		return max(c.fail(err), code)
	}
	if path == "" {
		if _, err := c.stdout.Write(buf.Bytes()); err != nil {
			return c.fail(err)
		}
		return code
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return c.fail(err)
	}
	return code
}
