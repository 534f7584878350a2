package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

const compareHelp = `
Compare grade A with grade B on the common ordinal, each written as
"scale-id:label" (hmic-peel-2014:Good). Prints the relation of A to B
(above, below, equivalent or overlapping), the probability that A stands
above B, both bands, what the answer rests on, any equivalence the issuer
published and the issuers' caveats, as a sentence that can be quoted.
Grades of two scales are equivalent only where an issuer published that
they are: bands that are identical by the crosswalk's rule (equal widths)
are overlapping, with a probability of 0.5.

CSV has the columns a, b, relation, p_above, p_above_lo, p_above_hi,
band_a_lo, band_a_hi, band_b_lo, band_b_hi, cross_era, basis, equivalence
(the issuer's statement), caveat (the caveats joined), sentence. basis says
what the answer rests on: same-scale, published-equivalence: SOURCE,
equal-widths, counted: ROUNDS, model: NAME, cut-points or file: FILE.
p_above_lo and p_above_hi bound the central 90% interval of p_above over
the sampling variation in a data-driven crosswalk's counts; both are empty
where there is none (a crosswalk without counts, two grades of one
scale). JSON is the library's own form, as json.Marshal writes a
crosswalk.Comparison: a, b, band_a and band_b as {"lo", "hi"}, relation,
p_above, p_above_lo and p_above_hi (null without an interval), cross_era,
equivalence (an object, or null), basis and caveats (a list).

-sensitivity asks whether another reasonable linking of the eras would
change the answer: it compares the two grades under the default
crosswalk, the observed one (where it covers both scales) and the chosen
-crosswalk FILE, and gives a verdict: robust (every linking gives the
same definite answer), depends on the linking, or only one linking. CSV
adds one column per linking, named by it (default, observed, the file),
holding its relation and probability, and a column verdict; the table adds
a table of the linkings; JSON is the library's crosswalk.Sensitivity.`

func runCompare(c *cli, args []string) int {
	fs := c.flags()
	sensitivity := fs.Bool("sensitivity", false, "also compare under every linking available (default, observed, the -crosswalk FILE) and say whether the answer depends on it")
	pos, code, ok := c.parse(args, 2, 2)
	if !ok {
		return code
	}
	var gs [2]grade.Grade
	for i, arg := range pos {
		g, err := grade.ParseQualified(c.reg, arg)
		if err != nil {
			return c.fail(err)
		}
		gs[i] = g
	}
	if err := c.checkCovers([]*scale.Scale{gs[0].Scale(), gs[1].Scale()}, nil); err != nil {
		return c.fail(err)
	}
	c.warnReferences(gs[0].Scale(), gs[1].Scale())
	cmp, err := c.cw.Compare(gs[0], gs[1])
	if err != nil {
		return c.fail(err)
	}
	var sens crosswalk.Sensitivity
	var names []string
	if *sensitivity {
		set, err := c.linkings(nil)
		if err == nil {
			sens, err = crosswalk.CompareUnder(gs[0], gs[1], set...)
		}
		if err != nil {
			return c.fail(err)
		}
		names = linkingNames(set)
	}
	var caveats []string
	for cv := range cmp.Caveats() {
		caveats = append(caveats, cv)
	}
	equiv := ""
	if e := cmp.Equivalence; e != nil {
		equiv = e.Statement
	}
	relationWord := crosswalk.Relation.String
	switch c.format {
	case "csv":
		cols := []string{"a", "b", "relation", "p_above", "p_above_lo", "p_above_hi", "band_a_lo", "band_a_hi", "band_b_lo", "band_b_hi", "cross_era", "basis", "equivalence", "caveat", "sentence"}
		if *sensitivity {
			cols = append(append(cols, names...), "verdict")
		}
		out := newRowWriter("csv", c.stdout, cols)
		lo, hi := intervalCells(out, cmp.HasInterval(), cmp.PAboveLo, cmp.PAboveHi)
		row := []string{gs[0].String(), gs[1].String(), cmp.Relation.String(), out.number(cmp.PAbove), lo, hi,
			out.number(cmp.BandA.Lo), out.number(cmp.BandA.Hi), out.number(cmp.BandB.Lo), out.number(cmp.BandB.Hi), strconv.FormatBool(cmp.CrossEra),
			basisText(cmp.Basis), equiv, strings.Join(caveats, " "), cmp.String()}
		if *sensitivity {
			row = append(row, sensitivityCells(sens, nil, names, relationWord)...)
		}
		out.row(row...)
		if err := out.close(); err != nil {
			return c.fail(err)
		}
		return exitOK
	case "json":
		var v any = cmp
		if *sensitivity {
			v = sens
		}
		if err := writeJSON(c.stdout, v); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	w := bufio.NewWriter(c.stdout)
	fmt.Fprintf(w, "%s\n\n", wrap(cmp.String(), 78, ""))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "relation\t%s\n", cmp.Relation)
	fmt.Fprintf(tw, "P(A above B)\t%s (%s)\n", formatNumber(cmp.PAbove, numberDigits), crosswalk.Percent(cmp.PAbove))
	if cmp.HasInterval() {
		fmt.Fprintf(tw, "90%% interval\t%s to %s\n", formatNumber(cmp.PAboveLo, numberDigits), formatNumber(cmp.PAboveHi, numberDigits))
	}
	fmt.Fprintf(tw, "A\t%s\t%s\t%s\n", gs[0], formatBand(cmp.BandA), scaleName(gs[0].Scale()))
	fmt.Fprintf(tw, "B\t%s\t%s\t%s\n", gs[1], formatBand(cmp.BandB), scaleName(gs[1].Scale()))
	fmt.Fprintf(tw, "basis\t%s\n", cmp.Basis)
	fmt.Fprintf(tw, "crosswalk\t%s\n", c.cw)
	tw.Flush()
	if *sensitivity {
		fmt.Fprintln(w)
		out := newRowWriter("table", w, []string{"linking", "relation", "p_above", "p_above_lo", "p_above_hi", "basis"})
		for _, r := range sens.Readings {
			rc := r.Comparison
			lo, hi := intervalCells(out, rc.HasInterval(), rc.PAboveLo, rc.PAboveHi)
			out.row(r.Crosswalk, rc.Relation.String(), out.number(rc.PAbove), lo, hi, rc.Basis.String())
		}
		for _, name := range sens.Skipped {
			out.row(name, "(does not cover both scales)", "", "", "", "")
		}
		if err := out.close(); err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(w, "\nverdict: %s\n", sens.Verdict)
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// formatBand writes a band as "[0.5, 0.75]".
func formatBand(b crosswalk.Band) string {
	return "[" + formatNumber(b.Lo, numberDigits) + ", " + formatNumber(b.Hi, numberDigits) + "]"
}

func scaleName(s *scale.Scale) string { return s.Name() + ", " + s.Era().String() }

const equateHelp = `
Equate each level of scale FROM to scale TO under a data-driven crosswalk:
the equipercentile equivalent in TO's level units (level k spans k-0.5 to
k+0.5), the nearest level of TO, and the share of each TO level that the
FROM level's band overlaps.

The crosswalk comes from counts of how often each level was awarded, worst
level first, given with -counts for both scales:

  gradewalk equate -counts hmic-peel-2014=2,10,25,6 \
      -counts hmicfrs-peel-2021=1,8,15,15,4 hmic-peel-2014 hmicfrs-peel-2021

or from a JSON file of counts or cut points given with -crosswalk (see
docs/cli.md). The default equal-width crosswalk is not data-driven, and is
refused here.

Columns: from_scale, from_grade, from_band_lo, from_band_hi, to_scale,
equated, se, se_note, to_grade, to_shares, basis. se is the standard error
of equated under a random-groups design, the delta method's for discrete
grades (docs/crosswalk.md derives it), empty where the crosswalk has no
counts for a scale (cut points) or they sum to less than one graded unit;
se_note then says which. Otherwise se_note, empty where there is nothing to
say, names where analytic standard errors understate: near a cut point of
the target, next to a level nobody was awarded, or in a level held by few
units. to_shares lists "label share" pairs joined by "; ". basis says what
the bands rest on (counted: ROUNDS, cut-points, file: FILE). In JSON se and
se_note are null where the CSV cell is empty.`

// noSENote is the se_note of a grade without a standard error: why there
// is none (err wraps crosswalk.ErrNoSampleSize), so that the reason is not
// lost with the number.
func noSENote(err error) string {
	var se *crosswalk.ScaleError
	if errors.As(err, &se) && se.Detail != "" {
		return "no standard error for " + se.Scale + ": " + se.Detail
	}
	return "no standard error: " + crosswalk.ErrNoSampleSize.Error()
}

// countsFlag collects repeated -counts ID=n,n,… flags.
type countsFlag []string

func (f *countsFlag) String() string     { return strings.Join(*f, " ") }
func (f *countsFlag) Set(s string) error { *f = append(*f, s); return nil }

func runEquate(c *cli, args []string) int {
	fs := c.flags()
	var counts countsFlag
	fs.Var(&counts, "counts", "`ID=n,n,...`: how often each level of scale ID was awarded, worst first (repeat for each scale)")
	pos, code, ok := c.parse(args, 2, 2)
	if !ok {
		return code
	}
	switch {
	case len(counts) > 0 && c.crosswalkPath != "default":
		return c.usageError("give -counts or -crosswalk, not both")
	case len(counts) == 0 && c.crosswalkPath == "default":
		return c.usageError("equate needs a data-driven crosswalk: give -counts for both scales, -crosswalk observed, or -crosswalk FILE")
	}
	if len(counts) > 0 {
		m := make(map[*scale.Scale][]float64)
		for _, arg := range counts {
			id, nums, found := strings.Cut(arg, "=")
			s, ok := c.reg.Lookup(strings.TrimSpace(id))
			if !found || !ok {
				if !found {
					return c.usageError("-counts %q: want ID=n,n,...", arg)
				}
				return c.usageError("-counts %q: %v %q", arg, scale.ErrUnknownScale, id)
			}
			var vals []float64
			for _, n := range strings.Split(nums, ",") {
				v, err := strconv.ParseFloat(strings.TrimSpace(n), 64)
				if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
					return c.usageError("-counts %q: %q is not a number", arg, n)
				}
				vals = append(vals, v)
			}
			m[s] = vals
			if sum := sumOf(vals); sum == 1 || sum == 100 {
				fmt.Fprintf(c.stderr, "gradewalk equate: warning: -counts %s sum to %g: they look like proportions or percentages, which give the same bands but standard errors that mean nothing; give counts of graded units\n", id, sum)
			}
		}
		cw, err := crosswalk.FromDistributions(m)
		if err != nil {
			return c.usageError("-counts: %v", err)
		}
		c.cw = cw
	}
	var sc [2]*scale.Scale
	for i, id := range pos {
		s, ok := c.reg.Lookup(id)
		if !ok {
			return c.fail(fmt.Errorf("%w %q", scale.ErrUnknownScale, id))
		}
		sc[i] = s
	}
	from, to := sc[0], sc[1]
	if err := c.checkCovers([]*scale.Scale{from, to}, nil); err != nil {
		return c.fail(err)
	}
	c.warnReferences(from, to)
	bands, err := c.cw.Bands(from)
	if err != nil {
		return c.fail(err)
	}
	basis := basisText(c.cw.Basis())
	cols := []string{"from_scale", "from_grade", "from_band_lo", "from_band_hi", "to_scale", "equated", "se", "se_note", "to_grade", "to_shares", "basis"}
	out := newRowWriter(c.format, c.stdout, cols)
	for g, band := range bands {
		eq, err := c.cw.Equate(g, to)
		if err != nil {
			return c.fail(err)
		}
		var se *float64
		var note *string
		switch v, n, err := c.cw.EquateSENote(g, to); {
		case err == nil:
			se = &v
			if n != 0 {
				text := n.String()
				note = &text
			}
		case !errors.Is(err, crosswalk.ErrNoSampleSize):
			return c.fail(err)
		default:
			text := noSENote(err)
			note = &text
		}
		nearest, _ := to.Level(min(max(int(math.Round(eq)), 1), to.Len()))
		matches, err := c.cw.Convert(g, to)
		if err != nil {
			return c.fail(err)
		}
		shares := make([]string, len(matches))
		for i, m := range matches {
			shares[i] = m.Grade.Label() + " " + formatNumber(m.Share, numberDigits)
		}
		if c.format == "json" {
			out.value(equateRow{from.ID(), g.Label(), band.Lo, band.Hi, to.ID(), eq, se, note, nearest.Label(), strings.Join(shares, "; "), basis})
			continue
		}
		seText, noteText := "", ""
		if se != nil {
			seText = out.number(*se)
		}
		if note != nil {
			noteText = *note
		}
		out.row(from.ID(), g.Label(), out.number(band.Lo), out.number(band.Hi), to.ID(), out.number(eq), seText, noteText,
			nearest.Label(), strings.Join(shares, "; "), basis)
	}
	if err := out.close(); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// equateRow is one row of equate in JSON; se is null where the crosswalk
// has no counts for a scale, and se_note where there is no note.
type equateRow struct {
	FromScale  string   `json:"from_scale"`
	FromGrade  string   `json:"from_grade"`
	FromBandLo float64  `json:"from_band_lo"`
	FromBandHi float64  `json:"from_band_hi"`
	ToScale    string   `json:"to_scale"`
	Equated    float64  `json:"equated"`
	SE         *float64 `json:"se"`
	SENote     *string  `json:"se_note"`
	ToGrade    string   `json:"to_grade"`
	ToShares   string   `json:"to_shares"`
	Basis      string   `json:"basis"`
}

func sumOf(vals []float64) float64 {
	s := 0.0
	for _, v := range vals {
		s += v
	}
	return s
}
