package main

import (
	"bufio"
	"bytes"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/trend"
)

// cell is one typed value of an output row. JSON writes it with its type;
// CSV and the table write it as text.
type cell struct {
	kind cellKind
	prec trend.Precision // of a date cell
	s    string
	f    float64
	i    int
	b    bool
	list []string
}

type cellKind uint8

const (
	kindText cellKind = iota
	kindFloat
	kindInt
	kindBool
	kindList
	kindNull // an empty cell; null in JSON
	kindDate // an observation's date, i in Unix seconds, written as trend writes it
)

func text(s string) cell   { return cell{kind: kindText, s: s} }
func float(f float64) cell { return cell{kind: kindFloat, f: f} }
func integer(i int) cell   { return cell{kind: kindInt, i: i} }
func boolean(b bool) cell  { return cell{kind: kindBool, b: b} }
func list(l []string) cell { return cell{kind: kindList, list: l} }
func null() cell           { return cell{kind: kindNull} }

// date is the cell of an observation's date, written with its precision
// as Observation.DateString writes it, without building a string.
func date(o trend.Observation) cell {
	return cell{kind: kindDate, i: int(o.Date.Unix()), prec: o.Precision}
}
func optText(s string) cell { // "" as null in JSON
	if s == "" {
		return null()
	}
	return text(s)
}

// listSep joins a list cell in CSV and in the table.
const listSep = " < "

// sink writes rows of cells under a header, in one of the formats.
type sink interface {
	row(cells ...cell)
	close() error
}

func newSink(format string, w io.Writer, cols []string) sink {
	switch format {
	case "json":
		return &jsonSink{w: bufio.NewWriter(w), cols: cols}
	case "table":
		return newTableSink(w, cols)
	}
	s := &csvSink{w: bufio.NewWriter(w)}
	s.writeHeader(cols)
	return s
}

// numberDigits is the number of significant digits the CLI writes a float
// with: enough for any count or probability it computes, and few enough
// that float noise (0.30000000000000004) never shows.
const numberDigits = 12

// tableDigits is the shorter precision of the table format, for people.
const tableDigits = 4

// appendNumber is the one formatter of every float the CLI writes, in CSV,
// JSON and the table. It rounds f to digits significant digits and appends
// the shortest form that reads back as the rounded value: 0.1, not
// 0.09999999999999998; 3.64705882353, not 3.647058823529412. It does not
// allocate. -0 is written as 0; NaN and infinities as strconv writes them.
func appendNumber(dst []byte, f float64, digits int) []byte {
	if f == 0 {
		return append(dst, '0')
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	}
	// Fast path: 'g' with the precision rounds to digits significant digits
	// and drops trailing zeros, and two different decimals of at most 12
	// digits never read back as one float64, so where neither it nor the
	// shortest form of the rounded value uses an exponent (below 1e6 and
	// not below 1e-4) it is already that shortest form.
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'g', digits, 64)
	if math.Abs(f) < 999999.5 && bytes.IndexByte(dst[start:], 'e') < 0 {
		return dst
	}
	return appendRounded(dst[:start], f, digits)
}

// appendRounded is appendNumber's general path: round f to digits
// significant digits, read the rounded value back, and append its shortest
// form.
func appendRounded(dst []byte, f float64, digits int) []byte {
	var buf [32]byte
	rounded, err := strconv.ParseFloat(string(strconv.AppendFloat(buf[:0], f, 'e', digits-1, 64)), 64)
	if err != nil { // cannot happen: AppendFloat wrote a finite number
		rounded = f
	}
	return strconv.AppendFloat(dst, rounded, 'g', -1, 64)
}

// formatNumber returns appendNumber(nil, f, numberDigits) as a string.
func formatNumber(f float64) string {
	var buf [32]byte
	return string(appendNumber(buf[:0], f, numberDigits))
}

// number is a float64 that encoding/json writes through appendNumber.
type number float64

// MarshalJSON writes n as appendNumber does.
func (n number) MarshalJSON() ([]byte, error) {
	return appendNumber(nil, float64(n), numberDigits), nil
}

// formatBand writes a band as crosswalk.Band.String does, "[0.5, 0.75]",
// with its ends formatted by appendNumber.
func formatBand(b crosswalk.Band) string {
	var buf [64]byte
	out := append(buf[:0], '[')
	out = appendNumber(out, b.Lo, numberDigits)
	out = append(out, ", "...)
	out = appendNumber(out, b.Hi, numberDigits)
	return string(append(out, ']'))
}

// appendCSV appends one CSV field, quoted when it must be (as
// encoding/csv's Writer does).
func appendCSV(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// csvNeedsQuotes reports whether s needs quotes in CSV output: for what
// it starts with or is (csvLeadNeedsQuotes) or for a byte it holds
// (csvSpecial).
func csvNeedsQuotes(s string) bool {
	if csvLeadNeedsQuotes(s) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if csvSpecial[s[i]] {
			return true
		}
	}
	return false
}

// csvLeadNeedsQuotes reports whether s needs quotes in CSV output whatever
// bytes it holds: it starts with a space or tab (which readers may trim),
// or is \. (which ends data in PostgreSQL's COPY).
func csvLeadNeedsQuotes(s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == '\t' || s == `\.`)
}

// csvSpecial marks the bytes that make a CSV field need quotes wherever
// they are; one table lookup per byte keeps normalize's pass-through
// columns cheap.
var csvSpecial = [256]bool{',': true, '"': true, '\n': true, '\r': true}

// appendJSONString appends s as a JSON string. s is valid UTF-8.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == '\u2028' || r == '\u2029' || r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func (c cell) appendText(b []byte, forTable bool) []byte {
	switch c.kind {
	case kindFloat:
		if forTable {
			return appendNumber(b, c.f, tableDigits)
		}
		return appendNumber(b, c.f, numberDigits)
	case kindInt:
		return strconv.AppendInt(b, int64(c.i), 10)
	case kindBool:
		return strconv.AppendBool(b, c.b)
	case kindList:
		return append(b, strings.Join(c.list, listSep)...)
	case kindNull:
		return b
	case kindDate:
		o := trend.Observation{Date: time.Unix(int64(c.i), 0).UTC(), Precision: c.prec}
		return o.AppendDate(b)
	}
	return append(b, c.s...)
}

func (c cell) appendJSON(b []byte) []byte {
	switch c.kind {
	case kindFloat:
		return appendNumber(b, c.f, numberDigits)
	case kindInt, kindBool:
		return c.appendText(b, false)
	case kindList:
		b = append(b, '[')
		for i, s := range c.list {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']')
	case kindNull:
		return append(b, "null"...)
	case kindDate: // digits and dashes: nothing to escape
		b = append(b, '"')
		return append(c.appendText(b, false), '"')
	}
	return appendJSONString(b, c.s)
}

type csvSink struct {
	w   *bufio.Writer
	buf []byte
	// numbers holds appendNumber's text of the floats written so far: a
	// file of a million steps has few distinct probabilities, and
	// formatting one costs several times a lookup.
	numbers map[float64][]byte
}

// maxNumbers bounds csvSink.numbers.
const maxNumbers = 1 << 12

func (s *csvSink) writeHeader(cols []string) {
	s.buf = s.buf[:0]
	for i, c := range cols {
		if i > 0 {
			s.buf = append(s.buf, ',')
		}
		s.buf = appendCSV(s.buf, c)
	}
	s.w.Write(append(s.buf, '\n'))
}

func (s *csvSink) row(cells ...cell) {
	s.buf = s.buf[:0]
	var tmp [64]byte
	for i, c := range cells {
		if i > 0 {
			s.buf = append(s.buf, ',')
		}
		switch c.kind {
		case kindText:
			s.buf = appendCSV(s.buf, c.s)
		case kindList:
			s.buf = appendCSV(s.buf, string(c.appendText(tmp[:0], false)))
		case kindFloat:
			text, ok := s.numbers[c.f]
			if !ok {
				text = c.appendText(nil, false)
				if c.f == c.f { // NaN is never found again
					if len(s.numbers) >= maxNumbers {
						clear(s.numbers)
					}
					if s.numbers == nil {
						s.numbers = make(map[float64][]byte)
					}
					s.numbers[c.f] = text
				}
			}
			s.buf = append(s.buf, text...)
		default: // integers, booleans, dates and empty cells never need quotes
			s.buf = c.appendText(s.buf, false)
		}
	}
	s.w.Write(append(s.buf, '\n'))
}

func (s *csvSink) close() error { return s.w.Flush() }

// jsonSink writes an array of objects, one per line.
type jsonSink struct {
	w    *bufio.Writer
	cols []string
	buf  []byte
	n    int
}

func (s *jsonSink) row(cells ...cell) {
	b := s.buf[:0]
	if s.n == 0 {
		b = append(b, "[\n"...)
	} else {
		b = append(b, ",\n"...)
	}
	s.n++
	b = append(b, '{')
	for i, c := range cells {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendJSONString(b, s.cols[i])
		b = append(b, ": "...)
		b = c.appendJSON(b)
	}
	b = append(b, '}')
	s.buf = b
	s.w.Write(b)
}

func (s *jsonSink) close() error {
	if s.n == 0 {
		s.w.WriteString("[]\n")
	} else {
		s.w.WriteString("\n]\n")
	}
	return s.w.Flush()
}

// tableSink aligns columns for people. It flushes every tableBlock rows,
// so that long output streams; columns may then shift between blocks.
type tableSink struct {
	w   *bufio.Writer
	tw  *tabwriter.Writer
	buf []byte
	n   int
}

const tableBlock = 1000

func newTableSink(w io.Writer, cols []string) *tableSink {
	bw := bufio.NewWriter(w)
	s := &tableSink{w: bw, tw: tabwriter.NewWriter(bw, 0, 4, 2, ' ', 0)}
	upper := make([]cell, len(cols))
	for i, c := range cols {
		upper[i] = text(strings.ToUpper(c))
	}
	s.row(upper...)
	return s
}

func (s *tableSink) row(cells ...cell) {
	b := s.buf[:0]
	for i, c := range cells {
		if i > 0 {
			b = append(b, '\t')
		}
		start := len(b)
		b = c.appendText(b, true)
		// Tabs and newlines inside a value would break the alignment.
		for j := start; j < len(b); j++ {
			if b[j] == '\t' || b[j] == '\n' || b[j] == '\r' {
				b[j] = ' '
			}
		}
	}
	b = append(b, '\n')
	s.buf = b
	s.tw.Write(b)
	s.n++
	if s.n%tableBlock == 0 {
		s.tw.Flush()
	}
}

func (s *tableSink) close() error {
	if err := s.tw.Flush(); err != nil {
		return err
	}
	return s.w.Flush()
}
