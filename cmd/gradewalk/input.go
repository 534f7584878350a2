package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// input holds the flags and state shared by the commands that read
// observations: normalize and trend.
type input struct {
	format    string // -input: auto, csv or json
	delimiter string // -delimiter
	strict    bool

	// reuse reads CSV with trend.CSVOptions.Reuse: for a command that
	// keeps no string of a record after the next is read.
	reuse bool

	errw     *bufio.Writer
	rejected int
	isJSON   bool
	bands    bandCache
}

// bandCache keeps the bands of the grades met under one crosswalk, by scale
// and rank: the first scales met are searched in order, which costs less
// than working a band out again.
type bandCache struct {
	scales []*scale.Scale
	bands  [][]crosswalk.Band // by scale, then rank-1
	known  [][]bool
}

// maxBandScales is how many scales a bandCache keeps.
const maxBandScales = 16

// band returns the band of g under cw.
func (bc *bandCache) band(cw *crosswalk.Crosswalk, g grade.Grade) (crosswalk.Band, error) {
	s, r := g.Scale(), g.Rank()-1
	i := slices.Index(bc.scales, s)
	if i >= 0 && bc.known[i][r] {
		return bc.bands[i][r], nil
	}
	b, err := cw.Band(g)
	if err != nil {
		return b, err
	}
	if i < 0 {
		if len(bc.scales) == maxBandScales {
			return b, nil
		}
		i = len(bc.scales)
		bc.scales = append(bc.scales, s)
		bc.bands = append(bc.bands, make([]crosswalk.Band, s.Len()))
		bc.known = append(bc.known, make([]bool, s.Len()))
	}
	bc.bands[i][r], bc.known[i][r] = b, true
	return b, nil
}

func (in *input) flags(fs *flag.FlagSet) {
	fs.StringVar(&in.format, "input", "auto", "input `format`: auto (JSON if the input starts with '[', else CSV), csv or json")
	fs.StringVar(&in.delimiter, "delimiter", ",", "CSV field `delimiter`: one character, or tab")
	fs.BoolVar(&in.strict, "strict", false, "stop at the first rejected row")
}

// parseDelimiter reads the -delimiter flag: one character that
// [trend.CheckDelimiter] accepts, or "tab" or `\t` for a tab.
func parseDelimiter(s string) (rune, bool) {
	switch s {
	case "tab", `\t`:
		return '\t', true
	}
	d, n := utf8.DecodeRuneInString(s)
	if n == 0 || n != len(s) || trend.CheckDelimiter(d) != nil {
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

// open returns a reader of the records in FILE, or in standard input for
// "-" or no argument. ok false means the run should stop with code.
func (in *input) open(c *cli, pos []string) (rd *trend.Reader, closer func(), code int, ok bool) {
	switch in.format {
	case "auto", "csv", "json":
	default:
		return nil, nil, c.usageError("-input %q: want auto, csv or json", in.format), false
	}
	delim, ok := parseDelimiter(in.delimiter)
	if !ok {
		return nil, nil, c.usageError("-delimiter %q: want one character other than '\"', or tab", in.delimiter), false
	}
	in.errw = bufio.NewWriter(c.stderr)
	var r io.Reader = c.stdin
	closer = func() {}
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			fmt.Fprintf(c.stderr, "gradewalk %s: %v\n", c.cmd.name, err)
			return nil, nil, exitUsage, false
		}
		r, closer = f, func() { f.Close() }
	}
	br := bufio.NewReaderSize(r, 64<<10)
	in.isJSON = in.format == "json" || in.format == "auto" && startsWithBracket(br)
	var err error
	if in.isJSON {
		rd, err = trend.NewJSONReader(br, c.reg)
	} else {
		rd, err = trend.NewCSVReaderWith(br, c.reg, trend.CSVOptions{Delimiter: delim, Reuse: in.reuse})
	}
	if err != nil {
		closer()
		var re *trend.RowError
		if errors.As(err, &re) {
			if errors.Is(re, trend.ErrDelimiter) {
				in.rejected++
				fmt.Fprintf(in.errw, "line %d: %s: use -delimiter %s\n", re.Line, re.Reason(), delimiterFlag(re.Value))
			} else {
				in.report(re)
			}
			in.errw.Flush()
			return nil, nil, exitRejected, false
		}
		return nil, nil, c.fail(err), false
	}
	return rd, closer, exitOK, true
}

// startsWithBracket reports whether the first byte of br other than white
// space and a byte order mark is '[', without consuming anything.
func startsWithBracket(br *bufio.Reader) bool {
	for n := 1; n <= br.Size(); n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return false
		}
		switch ch := b[n-1]; {
		case ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n':
		case n <= 3 && bytes.HasPrefix([]byte("\uFEFF"), b):
		default:
			return ch == '['
		}
	}
	return false
}

// report writes a rejected row to standard error as "line N: reason".
func (in *input) report(e *trend.RowError) {
	in.rejected++
	fmt.Fprintf(in.errw, "line %d: %s\n", e.Line, e.Reason())
}

// next returns the next good record with the band of its grade, reporting
// each rejected one. done is true at the end of the input, after a final
// error, or, with -strict, after the first rejected row.
func (in *input) next(c *cli, rd *trend.Reader) (rec *trend.Record, band crosswalk.Band, done bool) {
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return nil, band, true
		}
		// The reader returns a *RowError itself; a type assertion, unlike
		// errors.As, costs no allocation per row.
		re, isRow := err.(*trend.RowError)
		if err != nil && !isRow {
			in.errw.Flush()
			fmt.Fprintf(c.stderr, "gradewalk %s: %v\n", c.cmd.name, err)
			in.rejected++
			return nil, band, true
		}
		if err == nil {
			if band, err = in.bands.band(c.cw, rec.Observation.Grade); err == nil {
				return rec, band, false
			}
			id := rec.Observation.Grade.Scale().ID()
			re = &trend.RowError{Line: rec.Line, Field: "scale", Value: id, Err: err,
				Detail: "the crosswalk (" + c.cw.String() + ") does not cover scale " + id}
		}
		in.report(re)
		if in.strict {
			return nil, band, true
		}
	}
}

// finish flushes the report and returns the exit code.
func (in *input) finish() int {
	in.errw.Flush()
	if in.rejected > 0 {
		return exitRejected
	}
	return exitOK
}
