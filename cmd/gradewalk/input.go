package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// input holds the flags and the report of the commands that read
// observations: normalize, trend and chart. It is flags around a
// trend.Reader, and the writing of what the reader rejected and skipped.
type input struct {
	format, delimiter, encoding, dateOrder, dated, missing string
	skip                                                   int
	strict, foldCase                                       bool
	cols, consts, grades, recode, areas                    stringList

	errw  *bufio.Writer
	tally trend.ErrorTally
	shown int  // rejected rows written in full
	final bool // a final error was reported
	rd    *trend.Reader
	// seenAreas holds each scale's areas as read, for -crosswalk observed,
	// whose rounds finish checks against them once; nil otherwise.
	seenAreas map[*scale.Scale]map[string]bool
	lastScale *scale.Scale
	lastArea  string
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func (in *input) flags(fs *flag.FlagSet) {
	fs.StringVar(&in.format, "input", "auto", "input `format`: auto (JSON if the input starts with '[' or '{', else CSV), csv or json")
	fs.StringVar(&in.delimiter, "delimiter", "", "CSV field `delimiter`: one character, or tab (default: a \"sep=X\" first line, or detected from the header)")
	fs.IntVar(&in.skip, "skip", 0, "skip `N` lines before the CSV header (a title, notes)")
	fs.StringVar(&in.encoding, "encoding", "utf-8", "input `encoding`: utf-8, windows-1252 or iso-8859-1")
	fs.Var(&in.cols, "col", "`FIELD=COLUMN`: read FIELD (subject, area, date, scale or grade) from COLUMN; repeat for each field")
	fs.Var(&in.consts, "const", "`FIELD=VALUE`: give FIELD one VALUE for every row, e.g. scale=ofsted-schools; repeat for each field")
	fs.Var(&in.grades, "grades", "`COLUMN[=AREA][@DATECOLUMN]`: a grade column of a wide file, its area (default its name) and its own date column; repeat for each")
	fs.StringVar(&in.dateOrder, "date-order", "dmy", "how dates with slashes are written: `dmy` (15/08/2019) or mdy (08/15/2019)")
	fs.StringVar(&in.dated, "dated", "publication", "what the dates are: `publication` (of the report) or inspection (the visit); decides a family's scale")
	fs.StringVar(&in.missing, "missing", strings.Join(trend.DefaultMissing()[1:], ","), "comma-separated grade `values` that mean no grade (besides empty): such rows are skipped and counted")
	fs.Var(&in.recode, "recode", "`TEXT=LABEL`: read the grade TEXT as LABEL (\"School remains Good=Good\"); repeat for each")
	fs.Var(&in.areas, "map-area", "`FROM=TO`: count area FROM as area TO, so that series cross a change of scale where areas were renamed; repeat for each")
	fs.BoolVar(&in.foldCase, "fold-case", false, "make subjects and areas that differ only in case or spacing one")
	fs.BoolVar(&in.strict, "strict", false, "stop at the first rejected row")
}

// options turns the flags into trend.ReadOptions; a bad flag gives the
// message of a usage error.
func (in *input) options(c *cli) (*trend.ReadOptions, error) {
	o := &trend.ReadOptions{Registry: c.reg, SkipLines: in.skip, FoldCase: in.foldCase}
	switch in.format {
	case "auto":
	case "csv":
		o.Format = trend.FormatCSV
	case "json":
		o.Format = trend.FormatJSON
	default:
		return nil, fmt.Errorf("-input %q: want auto, csv or json", in.format)
	}
	if in.delimiter != "" {
		d, ok := parseDelimiter(in.delimiter)
		if !ok {
			return nil, fmt.Errorf("-delimiter %q: want one character other than '\"', or tab", in.delimiter)
		}
		o.Delimiter = d
	}
	if in.skip < 0 {
		return nil, fmt.Errorf("-skip %d: want 0 or more", in.skip)
	}
	enc, err := trend.ParseEncoding(in.encoding)
	if err != nil {
		return nil, fmt.Errorf("-encoding: %v", err)
	}
	o.Encoding = enc
	for flagName, list := range map[string]stringList{"col": in.cols, "const": in.consts} {
		target := &o.Columns
		if flagName == "const" {
			target = &o.Constants
		}
		for _, kv := range list {
			field, value, ok := strings.Cut(kv, "=")
			p := fieldOf(target, strings.TrimSpace(field))
			if !ok || p == nil || strings.TrimSpace(value) == "" {
				return nil, fmt.Errorf("-%s %q: want FIELD=VALUE, FIELD one of subject, area, date, scale, grade", flagName, kv)
			}
			*p = strings.TrimSpace(value)
		}
	}
	for _, g := range in.grades {
		var gc trend.GradeColumn
		rest, dateCol, _ := strings.Cut(g, "@")
		gc.Column, gc.Area, _ = strings.Cut(rest, "=")
		gc.Date = dateCol
		if strings.TrimSpace(gc.Column) == "" {
			return nil, fmt.Errorf("-grades %q: want COLUMN[=AREA][@DATECOLUMN]", g)
		}
		o.Grades = append(o.Grades, gc)
	}
	switch in.dateOrder {
	case "dmy":
	case "mdy":
		o.DateOrder = trend.MonthDayYear
	default:
		return nil, fmt.Errorf("-date-order %q: want dmy or mdy", in.dateOrder)
	}
	switch in.dated {
	case "publication":
	case "inspection":
		o.Dated = trend.Inspection
	default:
		return nil, fmt.Errorf("-dated %q: want publication or inspection", in.dated)
	}
	o.Missing = []string{""}
	for _, m := range strings.Split(in.missing, ",") {
		if m = strings.TrimSpace(m); m != "" {
			o.Missing = append(o.Missing, m)
		}
	}
	if len(in.recode) > 0 {
		o.Recode = make(map[string]string)
		for _, kv := range in.recode {
			from, to, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(from) == "" || strings.TrimSpace(to) == "" {
				return nil, fmt.Errorf("-recode %q: want TEXT=LABEL", kv)
			}
			o.Recode[from] = to
		}
	}
	if len(in.areas) > 0 {
		if o.Areas, err = trend.ParseAreaMap(in.areas); err != nil {
			return nil, fmt.Errorf("-map-area: %v", err)
		}
	}
	return o, nil
}

// fieldOf returns the named field of f, or nil.
func fieldOf(f *trend.Fields, name string) *string {
	switch name {
	case "subject":
		return &f.Subject
	case "area":
		return &f.Area
	case "date":
		return &f.Date
	case "scale":
		return &f.Scale
	case "grade":
		return &f.Grade
	}
	return nil
}

// parseDelimiter reads the -delimiter flag: one character, or "tab" or
// `\t` for a tab.
func parseDelimiter(s string) (rune, bool) {
	switch s {
	case "tab", `\t`:
		return '\t', true
	}
	d, n := utf8.DecodeRuneInString(s)
	if n == 0 || n != len(s) || d == utf8.RuneError || d == '"' || d == '\r' || d == '\n' {
		return 0, false
	}
	return d, true
}

// delimiterFlag writes d as the -delimiter flag takes it.
func delimiterFlag(d string) string {
	if d == "\t" {
		return "tab"
	}
	return "'" + d + "'"
}

// open returns a reader of FILE, or of standard input for "-" or no
// argument. ok false means the run should stop with code.
func (in *input) open(c *cli, pos []string) (closer func(), code int, ok bool) {
	opt, err := in.options(c)
	if err != nil {
		return nil, c.usageError("%v", err), false
	}
	in.errw = bufio.NewWriter(c.stderr)
	if c.crosswalkPath == "observed" {
		in.seenAreas = make(map[*scale.Scale]map[string]bool)
	}
	var r io.Reader = c.stdin
	closer = func() {}
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			fmt.Fprintf(c.stderr, "gradewalk %s: %v\n", c.cmd.name, err)
			return nil, exitUsage, false
		}
		r, closer = f, func() { f.Close() }
	}
	in.rd, err = trend.NewReader(r, opt)
	if err != nil {
		closer()
		var re *trend.RowError
		if !errors.As(err, &re) {
			return nil, c.fail(err), false
		}
		if errors.Is(re, trend.ErrDelimiter) {
			fmt.Fprintf(in.errw, "line %d: %s: use -delimiter %s\n", re.Line, re.Reason(), delimiterFlag(re.Value))
		} else {
			in.report(re)
		}
		in.errw.Flush()
		return nil, exitRejected, false
	}
	return closer, exitOK, true
}

// report writes a rejected row to standard error as "line N: reason",
// the first few of each reason only; finish sums up the rest.
func (in *input) report(e *trend.RowError) {
	if in.tally.Add(e) {
		in.shown++
		fmt.Fprintf(in.errw, "line %d: %s\n", e.Line, e.Reason())
	}
}

// next returns the next good record, reporting each rejected one. It
// returns nil at the end of the input, after a final error, or, with
// -strict, after the first rejected row.
func (in *input) next(c *cli) *trend.Record {
	for {
		rec, err := in.rd.Next()
		if err == io.EOF {
			return nil
		}
		if err == nil {
			in.noteArea(rec.Observation)
			return rec
		}
		var re *trend.RowError
		if !errors.As(err, &re) {
			in.fatal(c, err)
			return nil
		}
		in.report(re)
		if in.strict {
			return nil
		}
	}
}

// fatal reports an error after which nothing more can be read.
func (in *input) fatal(c *cli, err error) {
	in.errw.Flush()
	fmt.Fprintf(c.stderr, "gradewalk %s: %v\n", c.cmd.name, err)
	in.final = true
}

// noteArea records the observation's scale and area for the check of the
// observed crosswalk's rounds, when there is one to make.
func (in *input) noteArea(o trend.Observation) {
	s := o.Grade.Scale()
	if in.seenAreas == nil || (s == in.lastScale && o.Area == in.lastArea) {
		return
	}
	in.lastScale, in.lastArea = s, o.Area
	if in.seenAreas[s] == nil {
		in.seenAreas[s] = make(map[string]bool)
	}
	in.seenAreas[s][o.Area] = true
}

// readAll reads every good observation, reporting the rest.
func (in *input) readAll(c *cli) []trend.Observation {
	obs, err := trend.ReadAllFunc(in.rd, func(re *trend.RowError) bool {
		in.report(re)
		return !in.strict
	})
	if err != nil {
		in.fatal(c, err)
	}
	if in.seenAreas != nil {
		for _, o := range obs {
			in.noteArea(o)
		}
	}
	return obs
}

// warn writes a warning to standard error.
func (in *input) warn(c *cli, format string, a ...any) {
	fmt.Fprintf(in.errw, "gradewalk %s: warning: %s\n", c.cmd.name, fmt.Sprintf(format, a...))
}

// finish writes the summary of what was rejected and skipped, and the
// reader's warnings, and returns the exit code.
func (in *input) finish(c *cli) int {
	if in.rd != nil {
		st := in.rd.Stats()
		if n := st.SkippedTotal(); n > 0 {
			var parts []string
			for _, v := range slices.Sorted(maps.Keys(st.Skipped)) {
				name := v
				if name == "" {
					name = "empty"
				}
				parts = append(parts, fmt.Sprintf("%s %d", name, st.Skipped[v]))
			}
			fmt.Fprintf(in.errw, "gradewalk %s: %d %s skipped with no grade (%s); -missing lists such values\n", c.cmd.name, n, rows(n), strings.Join(parts, ", "))
		}
		for _, id := range slices.Sorted(maps.Keys(st.OutOfEra)) {
			in.warn(c, "%d %s of scale %s dated outside its era (%s), the first on line %d: check the date and the scale", st.OutOfEra[id], rows(st.OutOfEra[id]), id, eraOf(c, id), st.FirstOutOfEra[id])
		}
		for _, pair := range st.CaseVariants {
			in.warn(c, "%q and %q differ only in case or spacing and are kept apart; -fold-case makes them one", pair[0], pair[1])
		}
	}
	if in.seenAreas != nil {
		data := func(yield func(*scale.Scale, string) bool) {
			for s, areas := range in.seenAreas {
				for a := range areas {
					if !yield(s, a) {
						return
					}
				}
			}
		}
		for _, w := range c.referenceWarnings(data) {
			in.warn(c, "%s", w)
		}
		in.seenAreas = nil
	}
	if in.tally.Len() > in.shown {
		fmt.Fprintf(in.errw, "gradewalk %s: %s\n", c.cmd.name, in.tally.Summary())
	}
	in.errw.Flush()
	if in.tally.Len() > 0 || in.final {
		return exitRejected
	}
	return exitOK
}

func rows(n int) string { return map[bool]string{true: "row", false: "rows"}[n == 1] }

func eraOf(c *cli, id string) string {
	if s, ok := c.reg.Lookup(id); ok {
		return s.Era().String()
	}
	return "unknown"
}
