package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/trend"
)

// numberDigits is the number of significant digits CSV and the table's
// long form write a float with: enough for any count or probability
// gradewalk computes, and few enough that float noise
// (0.30000000000000004) never shows. tableDigits is the table's.
const (
	numberDigits = 12
	tableDigits  = 4
)

// errNotFinite is the error for a number that CSV cannot hold: gradewalk
// never writes NaN or an infinity.
var errNotFinite = errors.New("a computed number is not finite (NaN or an infinity), which gradewalk does not write")

// formatNumber rounds f to digits significant digits and writes the
// shortest form that reads back as the rounded value: 0.1, not
// 0.09999999999999998. -0 is written as 0.
func formatNumber(f float64, digits int) string {
	if f == 0 {
		return "0"
	}
	rounded, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'e', digits-1, 64), 64)
	return strconv.FormatFloat(rounded, 'g', -1, 64)
}

// rowWriter writes rows of text under a header as CSV or a table, or, for
// JSON, values as an array. It is the command's one writer of output.
type rowWriter struct {
	format string
	w      io.Writer
	csv    *trend.CSVWriter
	table  *tabwriter.Writer
	safe   bool // prefix cells that a spreadsheet would run as formulas
	n      int
	err    error
	cells  []string
	// numbers holds the text of each number written, since rows repeat
	// few distinct ones (a step's probabilities depend only on its two
	// grades) and rounding one costs more than looking it up.
	numbers map[float64]string
	// dates holds the text of each date written, by its day, for each
	// precision, since a file has far fewer distinct dates than rows.
	dates [3]date.DayTable[string]
}

// tableBlock is how many rows the table aligns at a time, so that long
// output streams; and maxTableCell the longest cell it shows whole.
const (
	tableBlock   = 1000
	maxTableCell = 60
)

func newRowWriter(format string, w io.Writer, header []string) *rowWriter {
	rw := &rowWriter{format: format, w: w}
	switch format {
	case "csv":
		rw.csv = trend.NewCSVWriter(w)
	case "table":
		rw.table = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	case "json":
		return rw
	}
	upper := header
	if rw.table != nil {
		upper = make([]string, len(header))
		for i, h := range header {
			upper[i] = strings.ToUpper(h)
		}
	}
	rw.writeRow(upper)
	return rw
}

// number returns the text of a float for CSV or the table; a number that
// is not finite is an error.
func (rw *rowWriter) number(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		rw.err = cmpErr(rw.err, errNotFinite)
		return ""
	}
	if s, ok := rw.numbers[f]; ok {
		return s
	}
	digits := numberDigits
	if rw.table != nil {
		digits = tableDigits
	}
	s := formatNumber(f, digits)
	if rw.numbers == nil || len(rw.numbers) >= maxNumbers {
		rw.numbers = make(map[float64]string)
	}
	rw.numbers[f] = s
	return s
}

// date returns the text of an observation's date as DateString writes it,
// or "" for none.
func (rw *rowWriter) date(o *trend.Observation) string {
	if o.Date.IsZero() {
		return ""
	}
	unix := o.Date.Unix()
	if o.Date.Location() != time.UTC || unix%86400 != 0 || o.Precision > trend.Year {
		return o.DateString() // not a calendar day as the readers make them
	}
	day, t := unix/86400, &rw.dates[o.Precision]
	if s := t.At(day); s != "" {
		return s
	}
	s := o.DateString()
	t.Set(day, s)
	return s
}

// maxNumbers bounds rowWriter.numbers.
const maxNumbers = 1 << 12

func cmpErr(old, err error) error {
	if old != nil {
		return old
	}
	return err
}

// row writes one row of CSV or the table.
func (rw *rowWriter) row(cells ...string) { rw.writeRow(cells) }

func (rw *rowWriter) writeRow(cells []string) {
	if rw.err != nil {
		return
	}
	switch {
	case rw.csv != nil:
		if rw.safe {
			rw.cells = append(rw.cells[:0], cells...)
			for i, c := range rw.cells {
				rw.cells[i] = csvSafe(c)
			}
			cells = rw.cells
		}
		rw.err = rw.csv.Write(cells)
	case rw.table != nil:
		var b strings.Builder
		for i, c := range cells {
			if i > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(tableCell(c))
		}
		b.WriteByte('\n')
		_, rw.err = io.WriteString(rw.table, b.String())
		if rw.n++; rw.n%tableBlock == 0 {
			rw.err = cmpErr(rw.err, rw.table.Flush())
		}
	}
}

// encodes reports whether rows can be written in parts, some of them
// encoded once for many rows (encode, fields, encoded and endRow): CSV
// without -csv-safe, whose rows are written as their cells stand.
func (rw *rowWriter) encodes() bool { return rw.csv != nil && !rw.safe }

// encode returns cells encoded once, to be written in many rows.
func (rw *rowWriter) encode(cells ...string) trend.CSVFields { return rw.csv.Encode(cells...) }

// fields and encoded add cells to the row under way, which endRow writes.
func (rw *rowWriter) fields(cells ...string)      { rw.csv.AppendFields(cells...) }
func (rw *rowWriter) encoded(run trend.CSVFields) { rw.csv.AppendEncoded(run) }

func (rw *rowWriter) endRow() {
	if err := rw.csv.EndRecord(); rw.err == nil {
		rw.err = err
	}
}

// value writes one JSON value as an element of the array.
func (rw *rowWriter) value(v any) {
	if rw.err != nil {
		return
	}
	data, err := json.Marshal(v)
	if err != nil {
		rw.err = fmt.Errorf("writing JSON: %w", err)
		return
	}
	sep := ",\n"
	if rw.n == 0 {
		sep = "[\n"
	}
	rw.n++
	_, rw.err = io.WriteString(rw.w, sep+string(data))
}

func (rw *rowWriter) close() error {
	if rw.err != nil {
		return rw.err
	}
	switch {
	case rw.csv != nil:
		rw.csv.Flush()
		return rw.csv.Error()
	case rw.table != nil:
		return rw.table.Flush()
	case rw.n == 0:
		_, err := io.WriteString(rw.w, "[]\n")
		return err
	}
	_, err := io.WriteString(rw.w, "\n]\n")
	return err
}

// tableCell makes a value fit the table: tabs and line breaks become
// spaces, and a value longer than maxTableCell characters is cut, with
// "…" to show it, since the table is for reading (CSV and JSON keep it
// whole).
func tableCell(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= maxTableCell {
		return s
	}
	return string([]rune(s)[:maxTableCell-1]) + "…"
}

// csvSafe prefixes a cell that begins with '=', '+', '-', '@', a tab or a
// carriage return with a single quote, so that a spreadsheet shows it as
// text instead of running it as a formula (OWASP's advice on CSV
// injection).
func csvSafe(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// writeJSON writes one JSON value, indented.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
