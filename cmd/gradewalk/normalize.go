package main

import (
	"bufio"
	"encoding/json"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

const normalizeHelp = `
Read observations from FILE, or standard input for "-" or no FILE, and
write each row with the columns scale (the resolved scale ID, in place of
the scale or family given), label (the canonical label), rank (1 = worst),
band_lo, band_hi and score (the middle of the band) on the common ordinal
under the chosen crosswalk. Other columns pass through untouched, in their
order; the added columns follow them, except that an input column with an
added column's name is overwritten in place.

The input is CSV with a header naming the columns subject, area, date,
scale and grade in any order, or a JSON array of objects with those keys.
Every row is either written or reported on standard error as
"line N: reason"; the exit status is then 1.

normalize streams: memory stays the same however long the input. With JSON
input and CSV or table output, the columns are those of the first good
record; a later record with a key outside them is rejected (use -format
json to keep every key).`

var addedColumns = []string{"scale", "label", "rank", "band_lo", "band_hi", "score"}

// layout maps output columns to input values: src[j] is the index of the
// input value for output column j, or -1-k for added column k.
type layout struct {
	cols []string
	src  []int
	// runs groups src for copying a record's text: each run is input
	// columns from to until-1, in order, or with added set, added columns
	// from to until-1, in order.
	runs []colRun
}

type colRun struct {
	from, until int
	added       bool
}

func (l *layout) build(in []string, scaleIdx int) {
	l.cols = append(l.cols[:0], in...)
	l.src = l.src[:0]
	for i := range in {
		l.src = append(l.src, i)
	}
	for k, name := range addedColumns {
		j := -1
		if name == "scale" {
			j = scaleIdx
		} else {
			j = slices.IndexFunc(in, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), name) })
		}
		if j < 0 {
			l.cols = append(l.cols, name)
			l.src = append(l.src, -1-k)
			continue
		}
		l.src[j] = -1 - k
	}
	l.runs = l.runs[:0]
	for _, src := range l.src {
		n := len(l.runs)
		if src < 0 {
			if k := -1 - src; n > 0 && l.runs[n-1].added && l.runs[n-1].until == k {
				l.runs[n-1].until++
			} else {
				l.runs = append(l.runs, colRun{k, k + 1, true})
			}
			continue
		}
		if n > 0 && !l.runs[n-1].added && l.runs[n-1].until == src {
			l.runs[n-1].until++
		} else {
			l.runs = append(l.runs, colRun{src, src + 1, false})
		}
	}
}

func runNormalize(c *cli, args []string) int {
	in := input{reuse: true} // normalize writes each record before it reads the next
	in.flags(c.flags())
	pos, code, ok := c.parse(args, 0, 1)
	if !ok {
		return code
	}
	rd, closer, code, ok := in.open(c, pos)
	if !ok {
		return code
	}
	defer closer()
	nw := &normWriter{format: c.format, w: bufio.NewWriterSize(c.stdout, 64<<10), copyText: in.delimiter == ","}
	if err := normalize(c, &in, rd, nw); err != nil {
		in.errw.Flush()
		return c.fail(err)
	}
	return in.finish()
}

// normalize copies the records of rd to nw with the added columns.
func normalize(c *cli, in *input, rd *trend.Reader, nw *normWriter) error {
	var lay layout
	var lastCols []string // JSON input: the columns lay was built for
	var vals []string     // JSON input written as CSV or a table: values in the first record's columns
	fixed := false
	if h := rd.Header(); h != nil {
		lay.build(h, slices.IndexFunc(h, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), "scale") }))
		nw.header(lay.cols)
		fixed = true
	}
	for {
		rec, band, done := in.next(c, rd)
		if done {
			break
		}
		switch {
		case !in.isJSON:
			nw.row(&lay, rec.Values, nil, rec, band)
		case c.format == "json":
			if lastCols == nil || !slices.Equal(lastCols, rec.Columns) {
				lastCols = append(lastCols[:0], rec.Columns...)
				lay.build(rec.Columns, rec.Index("scale"))
			}
			nw.row(&lay, rec.Values, rec.Raw, rec, band)
		default:
			if !fixed {
				lay.build(slices.Clone(rec.Columns), rec.Index("scale"))
				nw.header(lay.cols)
				fixed = true
			}
			vals = vals[:0]
			for range lay.src {
				vals = append(vals, "")
			}
			bad := ""
			for i, key := range rec.Columns {
				j := slices.Index(lay.cols, key)
				switch {
				case j < 0:
					bad = key
				case lay.src[j] >= 0:
					vals[lay.src[j]] = rec.Values[i]
				}
			}
			if bad == "" {
				nw.row(&lay, vals, nil, rec, band)
				continue
			}
			in.report(&trend.RowError{Line: rec.Line, Field: bad, Err: trend.ErrMalformed,
				Detail: "key is not among the columns of the first record; use -format json to keep every key"})
			if in.strict {
				return nw.close()
			}
		}
	}
	if !fixed && c.format != "json" {
		lay.build(trend.Columns(), 3)
		nw.header(lay.cols)
	}
	return nw.close()
}

// normWriter writes normalized rows as CSV, JSON or a table, reusing its
// buffers so that a row costs no allocation.
type normWriter struct {
	format string
	// copyText allows copying runs of input columns from the record's text
	// (see trend.Record.Text) when none of them needs quotes: the input is
	// comma-delimited, as the output is.
	copyText bool
	offsets  []int
	w        *bufio.Writer
	buf      []byte // rows not yet written (see pendingSize)
	table    *tableSink
	cells    []cell
	n        int
	// The added columns of each grade met so far, encoded for CSV and for
	// JSON: they depend only on the grade, under one crosswalk. They are
	// kept by scale, and by rank within a scale; the first scales met are
	// searched in order, which costs less than a map lookup for the few
	// scales a file usually has.
	scales []scaleEncoded
	more   map[*scale.Scale][]*encoded
}

// scalesSearched is how many scales normWriter searches in order before it
// keeps the rest in a map.
const scalesSearched = 16

type scaleEncoded struct {
	scale  *scale.Scale
	byRank []*encoded // index rank-1
}

// encoded holds the added columns of a grade as JSON and as CSV, and the
// CSV joined by commas, column k starting at at[k] (and at[6] one past the
// end), for copying several at once.
type encoded struct {
	csv, json [6][]byte
	joined    []byte
	at        [7]int
}

func (nw *normWriter) encoded(rec *trend.Record, band crosswalk.Band) *encoded {
	g := rec.Observation.Grade
	s := g.Scale()
	var byRank []*encoded
	found := false
	for i := range nw.scales {
		if nw.scales[i].scale == s {
			byRank, found = nw.scales[i].byRank, true
			break
		}
	}
	if !found {
		if byRank, found = nw.more[s]; !found {
			byRank = make([]*encoded, s.Len())
			if len(nw.scales) < scalesSearched {
				nw.scales = append(nw.scales, scaleEncoded{s, byRank})
			} else {
				if nw.more == nil {
					nw.more = make(map[*scale.Scale][]*encoded)
				}
				nw.more[s] = byRank
			}
		}
	}
	if e := byRank[g.Rank()-1]; e != nil {
		return e
	}
	e := new(encoded)
	for k := range addedColumns {
		c := added(k, rec, band)
		e.json[k] = c.appendJSON(nil)
		if c.kind == kindText {
			e.csv[k] = appendCSV(nil, c.s)
		} else {
			e.csv[k] = c.appendText(nil, false)
		}
		e.at[k] = len(e.joined)
		e.joined = append(append(e.joined, e.csv[k]...), ',')
	}
	e.at[len(addedColumns)] = len(e.joined)
	byRank[g.Rank()-1] = e
	return e
}

func (nw *normWriter) header(cols []string) {
	nw.flushRows()
	switch nw.format {
	case "csv":
		b := nw.buf[:0]
		for i, col := range cols {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendCSV(b, col)
		}
		b = append(b, '\n')
		nw.w.Write(b)
		nw.buf = b[:0]
	case "table":
		nw.table = newTableSink(nw.w, cols)
	}
}

// added returns added column k of the record as a cell.
func added(k int, rec *trend.Record, band crosswalk.Band) cell {
	g := rec.Observation.Grade
	switch k {
	case 0:
		return text(g.Scale().ID())
	case 1:
		return text(g.Label())
	case 2:
		return integer(g.Rank())
	case 3:
		return float(band.Lo)
	case 4:
		return float(band.Hi)
	}
	return float(band.Mid())
}

// pendingSize is how many bytes of rows normWriter gathers in buf before
// it writes them, so that a row costs no call and no copy of its own.
const pendingSize = 32 << 10

// flushRows writes the rows gathered in buf.
func (nw *normWriter) flushRows() {
	if len(nw.buf) > 0 {
		nw.w.Write(nw.buf)
		nw.buf = nw.buf[:0]
	}
}

func (nw *normWriter) row(lay *layout, vals []string, raw []json.RawMessage, rec *trend.Record, band crosswalk.Band) {
	b := nw.buf
	switch nw.format {
	case "csv":
		enc := nw.encoded(rec, band)
		if text, ok := rec.Text(); ok && nw.copyText && len(vals) == len(rec.Values) && plainCSV(text, vals) {
			// The fields are substrings of text separated by single commas:
			// field i starts at off[i].
			if cap(nw.offsets) <= len(vals) {
				nw.offsets = make([]int, len(vals)+1)
			}
			off := nw.offsets[:len(vals)+1]
			at := 0
			for i, v := range vals {
				off[i] = at
				at += len(v) + 1
			}
			off[len(vals)] = at
			for i, r := range lay.runs {
				if i > 0 {
					b = append(b, ',')
				}
				if r.added {
					b = append(b, enc.joined[enc.at[r.from]:enc.at[r.until]-1]...)
				} else {
					b = append(b, text[off[r.from]:off[r.until]-1]...)
				}
			}
			b = append(b, '\n')
			break
		}
		for j, src := range lay.src {
			if j > 0 {
				b = append(b, ',')
			}
			if src < 0 {
				b = append(b, enc.csv[-1-src]...)
			} else {
				b = appendCSV(b, vals[src])
			}
		}
		b = append(b, '\n')
	case "json":
		enc := nw.encoded(rec, band)
		if nw.n == 0 {
			b = append(b, "[\n{"...)
		} else {
			b = append(b, ",\n{"...)
		}
		for j, src := range lay.src {
			if j > 0 {
				b = append(b, ", "...)
			}
			b = appendJSONString(b, lay.cols[j])
			b = append(b, ": "...)
			switch {
			case src < 0:
				b = append(b, enc.json[-1-src]...)
			case raw != nil:
				b = append(b, raw[src]...)
			default:
				b = appendJSONString(b, vals[src])
			}
		}
		b = append(b, '}')
	case "table":
		nw.cells = nw.cells[:0]
		for _, src := range lay.src {
			if src < 0 {
				nw.cells = append(nw.cells, added(-1-src, rec, band))
			} else {
				nw.cells = append(nw.cells, text(vals[src]))
			}
		}
		nw.table.row(nw.cells...)
	}
	nw.n++
	nw.buf = b
	if len(b) >= pendingSize {
		nw.flushRows()
	}
}

// plainCSV reports whether none of the fields of a comma-delimited line
// without quotes needs quotes in CSV output (see csvNeedsQuotes): no field
// needs them for how it starts (csvLeadNeedsQuotes), and the line has no
// carriage return, the one byte of csvSpecial other than commas, quotes
// and newlines, which cannot be in such fields. One search of the line for
// it costs less than a look at every byte of every field.
func plainCSV(text string, fields []string) bool {
	for _, f := range fields {
		if csvLeadNeedsQuotes(f) {
			return false
		}
	}
	return strings.IndexByte(text, '\r') < 0
}

func (nw *normWriter) close() error {
	nw.flushRows()
	switch nw.format {
	case "json":
		if nw.n == 0 {
			nw.w.WriteString("[]\n")
		} else {
			nw.w.WriteString("\n]\n")
		}
	case "table":
		if nw.table != nil {
			if err := nw.table.close(); err != nil {
				return err
			}
		}
	}
	return nw.w.Flush()
}
