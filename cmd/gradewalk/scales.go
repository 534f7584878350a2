package main

import (
	"bufio"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

const scalesHelp = `
List the scales gradewalk knows, built-in and from -scales, in ID order:
ID, issuer, family, era and levels (worst first).

Columns: id, name, issuer, family, era, levels. In CSV and the table the
levels are joined by " < "; in JSON "levels" is an array.`

func runScales(c *cli, args []string) int {
	c.flags()
	if _, code, ok := c.parse(args, 0, 0); !ok {
		return code
	}
	out := newRowWriter(c.format, c.stdout, []string{"id", "name", "issuer", "family", "era", "levels"})
	for s := range c.reg.All() {
		levels := slices.Collect(s.Labels())
		if c.format == "json" {
			out.value(scaleRow{s.ID(), s.Name(), s.Issuer(), s.Family(), s.Era().String(), levels})
			continue
		}
		out.row(s.ID(), s.Name(), s.Issuer(), s.Family(), s.Era().String(), strings.Join(levels, " < "))
	}
	if err := out.close(); err != nil {
		return c.fail(err)
	}
	return exitOK
}

// scaleRow is one row of scales in JSON.
type scaleRow struct {
	ID     string   `json:"id"`
	Name   string   `json:"name"`
	Issuer string   `json:"issuer"`
	Family string   `json:"family"`
	Era    string   `json:"era"`
	Levels []string `json:"levels"`
}

const showHelp = `
Show one scale in full: its name, issuer, family, era, source, caveat and
notes, and each level (worst first) with its aliases, meaning, numeric code
and band on the common ordinal under the chosen crosswalk.

CSV has one row per level, with the columns scale, rank, label, aliases,
code, meaning, band_lo, band_hi, score (aliases joined by "; "; code and the
band empty where there is none). JSON is one object: the scale's definition
(keys as in the catalogue: id, name, issuer, family, era, source, caveat,
notes) with "crosswalk" and "levels": [{rank, label, aliases, meaning, code,
band_lo, band_hi, score}]. A crosswalk that does not cover the scale leaves
the bands out (null in JSON).`

type levelJSON struct {
	Rank    int      `json:"rank"`
	Label   string   `json:"label"`
	Aliases []string `json:"aliases"`
	Meaning string   `json:"meaning"`
	Code    *int     `json:"code"`
	BandLo  *float64 `json:"band_lo"`
	BandHi  *float64 `json:"band_hi"`
	Score   *float64 `json:"score"`
}

type showJSON struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Issuer    string       `json:"issuer"`
	Family    string       `json:"family"`
	Era       scale.Era    `json:"era"`
	Source    scale.Source `json:"source"`
	Caveat    string       `json:"caveat"`
	Notes     string       `json:"notes"`
	Crosswalk string       `json:"crosswalk"`
	Covered   bool         `json:"covered"`
	Levels    []levelJSON  `json:"levels"`
}

func runShow(c *cli, args []string) int {
	c.flags()
	pos, code, ok := c.parse(args, 1, 1)
	if !ok {
		return code
	}
	s, found := c.reg.Lookup(pos[0])
	if !found {
		return c.fail(fmt.Errorf("%w %q (run \"gradewalk scales\" for the list)", scale.ErrUnknownScale, pos[0]))
	}
	covered := c.cw.Covers(s)
	var levels []levelJSON
	for l := range s.Levels() {
		lj := levelJSON{Rank: l.Rank(), Label: l.Label(), Aliases: slices.Collect(l.Aliases()), Meaning: l.Meaning()}
		if lj.Aliases == nil {
			lj.Aliases = []string{}
		}
		if code, ok := l.Code(); ok {
			lj.Code = &code
		}
		if covered {
			cuts, _ := c.cw.CutPoints(s)
			lo, hi := cuts[l.Rank()-1], cuts[l.Rank()]
			mid := crosswalk.Band{Lo: lo, Hi: hi}.Mid()
			lj.BandLo, lj.BandHi, lj.Score = &lo, &hi, &mid
		}
		levels = append(levels, lj)
	}
	switch c.format {
	case "json":
		v := showJSON{ID: s.ID(), Name: s.Name(), Issuer: s.Issuer(), Family: s.Family(), Era: s.Era(), Source: s.Source(),
			Caveat: s.Caveat(), Notes: s.Notes(), Crosswalk: c.cw.String(), Covered: covered, Levels: levels}
		if err := writeJSON(c.stdout, v); err != nil {
			return c.fail(err)
		}
		return exitOK
	case "csv":
		out := newRowWriter("csv", c.stdout, []string{"scale", "rank", "label", "aliases", "code", "meaning", "band_lo", "band_hi", "score"})
		for _, l := range levels {
			out.row(append([]string{s.ID(), strconv.Itoa(l.Rank), l.Label, strings.Join(l.Aliases, "; "),
				optInt(l.Code), l.Meaning}, optFloats(out, l.BandLo, l.BandHi, l.Score)...)...)
		}
		if err := out.close(); err != nil {
			return c.fail(err)
		}
		return exitOK
	}
	w := bufio.NewWriter(c.stdout)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	src := s.Source()
	source := strings.Join(nonEmpty(src.Publisher, src.Title, yearText(src.Year), src.URL), ", ")
	for _, kv := range [][2]string{
		{"ID", s.ID()}, {"Name", s.Name()}, {"Issuer", s.Issuer()}, {"Family", s.Family()},
		{"Era", s.Era().String()}, {"Source", source}, {"Crosswalk", c.cw.String()},
	} {
		fmt.Fprintf(tw, "%s\t%s\n", kv[0], kv[1])
	}
	tw.Flush()
	for _, kv := range [][2]string{{"Caveat", s.Caveat()}, {"Notes", s.Notes()}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "\n%s:\n%s\n", kv[0], wrap(kv[1], 78, "  "))
		}
	}
	if !covered {
		fmt.Fprintf(w, "\nThe crosswalk does not cover %s: no bands.\n", s.ID())
	}
	fmt.Fprintln(w)
	w.Flush()
	out := newRowWriter("table", c.stdout, []string{"rank", "label", "aliases", "code", "band", "score", "meaning"})
	for _, l := range levels {
		band, score := "", ""
		if covered {
			band = "[" + out.number(*l.BandLo) + ", " + out.number(*l.BandHi) + "]"
			score = out.number(*l.Score)
		}
		out.row(strconv.Itoa(l.Rank), l.Label, strings.Join(l.Aliases, "; "), optInt(l.Code), band, score, l.Meaning)
	}
	if err := out.close(); err != nil {
		return c.fail(err)
	}
	return exitOK
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func optFloats(out *rowWriter, ps ...*float64) []string {
	cells := make([]string, len(ps))
	for i, p := range ps {
		if p != nil {
			cells[i] = out.number(*p)
		}
	}
	return cells
}

func yearText(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// wrap breaks text into lines of at most width bytes where it can, each
// starting with indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := 0
	for i, word := range strings.Fields(text) {
		switch {
		case i == 0:
			b.WriteString(indent)
			line = len(indent)
		case line+1+len(word) > width:
			b.WriteString("\n" + indent)
			line = len(indent)
		default:
			b.WriteByte(' ')
			line++
		}
		b.WriteString(word)
		line += len(word)
	}
	return b.String()
}
