package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
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
above B, both bands, any equivalence the issuer published and the issuers'
caveats, as a sentence that can be quoted.

CSV has the columns a, b, relation, p_above, p_above_lo, p_above_hi,
band_a_lo, band_a_hi, band_b_lo, band_b_hi, cross_era, equivalence (the
issuer's statement), caveat (the caveats joined), sentence. JSON is one
object in the library's form (crosswalk.Comparison): a, b, band_a and band_b
as {"lo", "hi"}, relation, p_above, p_above_lo, p_above_hi, cross_era,
equivalence (an object, or null), caveats (a list), and sentence. p_above_lo and p_above_hi bound the central 90% interval of p_above
over the sampling variation in a data-driven crosswalk's counts; both equal
p_above for a crosswalk without counts.`

func runCompare(c *cli, args []string) int {
	c.flags()
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
	cmp, err := c.cw.Compare(gs[0], gs[1])
	if err != nil {
		return c.fail(err)
	}
	var caveats []string
	for cv := range cmp.Caveats() {
		caveats = append(caveats, cv)
	}
	equiv := ""
	if e := cmp.Equivalence; e != nil {
		equiv = e.Statement
	}
	cols := []string{"a", "b", "relation", "p_above", "p_above_lo", "p_above_hi", "band_a_lo", "band_a_hi", "band_b_lo", "band_b_hi", "cross_era", "equivalence", "caveat", "sentence"}
	cells := []cell{text(gs[0].String()), text(gs[1].String()), text(cmp.Relation.String()), float(cmp.PAbove), float(cmp.PAboveLo), float(cmp.PAboveHi),
		float(cmp.BandA.Lo), float(cmp.BandA.Hi), float(cmp.BandB.Lo), float(cmp.BandB.Hi), boolean(cmp.CrossEra),
		optText(equiv), optText(strings.Join(caveats, " ")), text(cmp.String())}
	switch c.format {
	case "csv":
		out := newSink("csv", c.stdout, cols)
		out.row(cells...)
		if err := out.close(); err != nil {
			return c.fail(err)
		}
		return exitOK
	case "json":
		data, err := json.MarshalIndent(newComparisonJSON(cmp), "", "  ")
		if err != nil {
			return c.fail(err)
		}
		if _, err := c.stdout.Write(append(data, '\n')); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	w := bufio.NewWriter(c.stdout)
	fmt.Fprintf(w, "%s\n\n", wrap(cmp.String(), 78, ""))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "relation\t%s\n", cmp.Relation)
	fmt.Fprintf(tw, "P(A above B)\t%s (%s)\n", formatNumber(cmp.PAbove), crosswalk.Percent(cmp.PAbove))
	if cmp.HasInterval() {
		fmt.Fprintf(tw, "90%% interval\t%s to %s\n", formatNumber(cmp.PAboveLo), formatNumber(cmp.PAboveHi))
	}
	fmt.Fprintf(tw, "A\t%s\t%s\t%s\n", gs[0], formatBand(cmp.BandA), scaleName(gs[0].Scale()))
	fmt.Fprintf(tw, "B\t%s\t%s\t%s\n", gs[1], formatBand(cmp.BandB), scaleName(gs[1].Scale()))
	fmt.Fprintf(tw, "crosswalk\t%s\n", c.cw)
	tw.Flush()
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return exitOK
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
equated, se, to_grade, to_shares. se is the standard error of equated under
a random-groups design (Kolen and Brennan 2004, p. 248), empty where the
crosswalk has no counts for a scale (cut points); to_shares lists
"label share" pairs joined by "; ".`

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
	bands, err := c.cw.Bands(from)
	if err == nil && !c.cw.Covers(to) {
		_, err = c.cw.Bands(to)
	}
	if err != nil {
		return c.fail(err)
	}
	out := newSink(c.format, c.stdout, []string{"from_scale", "from_grade", "from_band_lo", "from_band_hi", "to_scale", "equated", "se", "to_grade", "to_shares"})
	for g, band := range bands {
		eq, err := c.cw.Equate(g, to)
		if err != nil {
			return c.fail(err)
		}
		se := null()
		switch v, err := c.cw.EquateSE(g, to); {
		case err == nil:
			se = float(v)
		case !errors.Is(err, crosswalk.ErrNoSampleSize):
			return c.fail(err)
		}
		nearest, _ := to.Level(min(max(int(math.Round(eq)), 1), to.Len()))
		matches, err := c.cw.Convert(g, to)
		if err != nil {
			return c.fail(err)
		}
		shares := make([]string, len(matches))
		for i, m := range matches {
			shares[i] = m.Grade.Label() + " " + formatNumber(m.Share)
		}
		out.row(text(from.ID()), text(g.Label()), float(band.Lo), float(band.Hi), text(to.ID()), float(eq), se,
			text(nearest.Label()), text(strings.Join(shares, "; ")))
	}
	if err := out.close(); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// comparisonJSON is crosswalk.Comparison's JSON form, with numbers written
// by appendNumber and the quotable sentence added, so that the command and
// the library write the same keys.
type comparisonJSON struct {
	A           string                 `json:"a"`
	B           string                 `json:"b"`
	BandA       bandJSON               `json:"band_a"`
	BandB       bandJSON               `json:"band_b"`
	Relation    string                 `json:"relation"`
	PAbove      number                 `json:"p_above"`
	PAboveLo    number                 `json:"p_above_lo"`
	PAboveHi    number                 `json:"p_above_hi"`
	CrossEra    bool                   `json:"cross_era"`
	Equivalence *crosswalk.Equivalence `json:"equivalence"`
	Caveats     []string               `json:"caveats"`
	Sentence    string                 `json:"sentence"`
}

type bandJSON struct {
	Lo number `json:"lo"`
	Hi number `json:"hi"`
}

func newComparisonJSON(cmp crosswalk.Comparison) comparisonJSON {
	caveats := slices.Collect(cmp.Caveats())
	if caveats == nil {
		caveats = []string{}
	}
	return comparisonJSON{
		A: cmp.A.String(), B: cmp.B.String(),
		BandA:    bandJSON{number(cmp.BandA.Lo), number(cmp.BandA.Hi)},
		BandB:    bandJSON{number(cmp.BandB.Lo), number(cmp.BandB.Hi)},
		Relation: cmp.Relation.String(),
		PAbove:   number(cmp.PAbove), PAboveLo: number(cmp.PAboveLo), PAboveHi: number(cmp.PAboveHi),
		CrossEra: cmp.CrossEra, Equivalence: cmp.Equivalence, Caveats: caveats,
		Sentence: cmp.String(),
	}
}
