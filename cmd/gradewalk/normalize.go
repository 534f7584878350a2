package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

const normalizeHelp = `
Read observations from FILE, or standard input for "-" or no FILE, and
write each with the columns of its row, then subject, area, date (as
YYYY-MM-DD, YYYY-MM or YYYY), scale (the resolved scale ID, in place of the
scale or family given), grade (as read), label (the canonical label), rank
(1 = worst), band_lo, band_hi and score (the middle of the band) on the
common ordinal under the chosen crosswalk. An input column with one of
those names is overwritten in place; other columns pass through untouched,
in their order. A row of a wide file (-grades) gives one row per grade
column.

Every row is written, skipped as having no grade (-missing; counted on
standard error) or reported on standard error as "line N: reason", the
first three of each reason and then a count; the exit status is then 1.
normalize streams: memory stays the same however long the input. With JSON
input and CSV or table output, the columns are those of the first good
record; a later record with another key is rejected (-format json keeps
every key).

-csv-safe prefixes every cell that begins with =, +, -, @, a tab or a
carriage return with a single quote, so that a spreadsheet does not run it
as a formula (OWASP's advice on CSV injection). It is off by default, since
it changes the data; use it for files to be opened in Excel.`

// canonical are the columns normalize writes for every observation.
var canonical = []string{"subject", "area", "date", "scale", "grade", "label", "rank", "band_lo", "band_hi", "score"}

// layout maps output columns to input values: src[j] is the index of the
// input value for output column j, or -1-k for canonical column k. Input
// columns keep their positions, so that a row is the record's values with
// canon's positions set: output column canon[i].at is canonical column
// canon[i].k.
type layout struct {
	cols  []string
	src   []int
	canon []struct{ at, k int }
}

func newLayout(in []string) layout {
	l := layout{cols: append([]string(nil), in...)}
	for i := range in {
		l.src = append(l.src, i)
	}
	for k, name := range canonical {
		j := slices.IndexFunc(in, func(c string) bool { return sameName(c, name) })
		if j < 0 {
			j = len(l.cols)
			l.cols = append(l.cols, name)
			l.src = append(l.src, -1-k)
		}
		l.src[j] = -1 - k
		l.canon = append(l.canon, struct{ at, k int }{j, k})
	}
	return l
}

// sameName matches column names as the reader does: without regard to
// case or surrounding space.
func sameName(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// added holds the columns of a grade that depend on the grade alone
// (scale to score), made once per grade under the crosswalk.
type added struct {
	// text holds scale, label, rank, band_lo, band_hi and score; score is
	// made at its first row, as the output writes numbers.
	text  [6]string
	band  crosswalk.Band
	score float64
	// tail is label to score encoded for CSV, once encodedTail is set: the
	// last five columns of a row when the input has none of them.
	tail        trend.CSVFields
	encodedTail bool
}

// gradeTail returns where label, rank, band_lo, band_hi and score, the
// columns of a grade alone, stand at the end of the layout's columns, in
// that order, as they do when the input has none of them; -1 otherwise.
func (l *layout) gradeTail() int {
	from := len(l.cols) - (len(canonical) - 5)
	for i, c := range l.canon[5:] {
		if c.at != from+i {
			return -1
		}
	}
	return from
}

// perScale holds the added columns of a scale's grades, by rank less one,
// each made when first needed; err is set when the crosswalk does not
// cover the scale.
type perScale struct {
	grades []*added
	err    error
}

func runNormalize(c *cli, args []string) int {
	var in input
	fs := c.flags()
	in.flags(fs)
	safe := fs.Bool("csv-safe", false, "prefix cells that begin with =, +, -, @, tab or CR with ' (for files opened in a spreadsheet)")
	pos, code, ok := c.parse(args, 0, 1)
	if !ok {
		return code
	}
	closer, code, ok := in.open(c, pos)
	if !ok {
		return code
	}
	defer closer()
	if err := normalize(c, &in, *safe); err != nil {
		in.finish(c)
		return c.fail(err)
	}
	return in.finish(c)
}

// normalize copies the observations read to the output with the
// canonical columns.
func normalize(c *cli, in *input, safe bool) error {
	rd := in.rd
	var out *rowWriter
	var lay layout
	if h := rd.Header(); h != nil {
		lay = newLayout(h)
	}
	scales := make(map[*scale.Scale]*perScale)
	var row []string
	tail := -1 // see layout.gradeTail
	for rec := in.next(c); rec != nil; rec = in.next(c) {
		a, err := addedColumns(c, scales, rec.Observation.Grade)
		if err != nil {
			in.report(notCovered(c, rec, err))
			continue
		}
		if out == nil {
			if lay.cols == nil {
				lay = newLayout(rec.Columns)
			}
			out = newRowWriter(c.format, c.stdout, lay.cols)
			out.safe = safe
			tail = lay.gradeTail()
		}
		if a.text[5] == "" {
			a.text[5] = out.number(a.score)
		}
		if c.format == "json" {
			out.value(jsonRow(rec, a, out.date(&rec.Observation)))
			continue
		}
		vals := rec.Values
		if rd.IsJSON() {
			var bad string
			if vals, bad = inColumns(lay.cols, rec); bad != "" {
				in.report(&trend.RowError{Line: rec.Line, Field: bad, Err: trend.ErrMalformed,
					Detail: "key is not among the columns of the first record; use -format json to keep every key"})
				if in.strict {
					break
				}
				continue
			}
		}
		canon := canonicalTexts(rec, a, out.date(&rec.Observation))
		row = append(row[:0], vals...)
		row = append(row, make([]string, len(lay.cols)-len(row))...)
		for _, c := range lay.canon {
			row[c.at] = canon[c.k]
		}
		if tail >= 0 && out.encodes() {
			if !a.encodedTail {
				a.tail, a.encodedTail = out.encode(row[tail:]...), true
			}
			out.fields(row[:tail]...)
			out.encoded(a.tail)
			out.endRow()
		} else {
			out.row(row...)
		}
		if out.err != nil {
			return out.err
		}
	}
	if out == nil {
		if c.format == "json" {
			out = newRowWriter("json", c.stdout, nil)
		} else {
			if lay.cols == nil {
				lay = newLayout(trend.Columns())
			}
			out = newRowWriter(c.format, c.stdout, lay.cols)
		}
	}
	return out.close()
}

// addedColumns returns the added columns of g, made on its first use; the
// error is the crosswalk's when it does not cover g's scale, found on the
// first grade of the scale.
func addedColumns(c *cli, scales map[*scale.Scale]*perScale, g grade.Grade) (*added, error) {
	s := g.Scale()
	ps := scales[s]
	if ps == nil {
		ps = &perScale{grades: make([]*added, s.Len())}
		scales[s] = ps
	}
	if ps.err != nil {
		return nil, ps.err
	}
	if a := ps.grades[g.Rank()-1]; a != nil {
		return a, nil
	}
	band, err := c.cw.Band(g)
	if err != nil {
		ps.err = err
		return nil, err
	}
	a := &added{band: band, score: band.Mid()}
	a.text = [6]string{s.ID(), g.Label(), strconv.Itoa(g.Rank()),
		formatNumber(band.Lo, numberDigits), formatNumber(band.Hi, numberDigits), ""}
	ps.grades[g.Rank()-1] = a
	return a, nil
}

// canonicalTexts returns the canonical columns of the record, in the
// order of canonical, with its date as date.
func canonicalTexts(rec *trend.Record, a *added, date string) [10]string {
	o := &rec.Observation
	return [10]string{o.Subject, o.Area, date, a.text[0], rec.Grade, a.text[1], a.text[2], a.text[3], a.text[4], a.text[5]}
}

// notCovered reports a row whose scale the crosswalk does not cover, with
// the one message that says why and which crosswalks do cover it: the
// rows of one scale share it, so that they are summed up as one reason.
func notCovered(c *cli, rec *trend.Record, err error) *trend.RowError {
	s := rec.Observation.Grade.Scale()
	if c.uncovered == nil {
		c.uncovered = make(map[*scale.Scale]error)
	}
	cerr, ok := c.uncovered[s]
	if !ok {
		cerr = c.checkCovers([]*scale.Scale{s}, nil)
		c.uncovered[s] = cerr
	}
	if cerr != nil {
		err = cerr
	}
	return &trend.RowError{Line: rec.Line, Field: "scale", Value: s.ID(), Err: err, Detail: err.Error()}
}

// inColumns returns a JSON record's values in the columns of the first
// record's layout, or the name of a key outside them.
func inColumns(cols []string, rec *trend.Record) ([]string, string) {
	vals := make([]string, len(cols))
	for i, key := range rec.Columns {
		j := -1
		for k, c := range cols {
			if c == key {
				j = k
				break
			}
		}
		if j < 0 {
			return nil, key
		}
		vals[j] = rec.Values[i]
	}
	return vals, ""
}

// jsonRow is one normalized record as a JSON object: the record's own
// keys and values as read, then the canonical columns, in order.
func jsonRow(rec *trend.Record, a *added, date string) json.Marshaler {
	return orderedObject(func(add func(key string, value any)) {
		keys := newLayout(rec.Columns)
		canon := canonicalTexts(rec, a, date)
		for j, src := range keys.src {
			if src >= 0 && rec.Raw != nil {
				add(keys.cols[j], rec.Raw[src])
				continue
			}
			if src >= 0 {
				add(keys.cols[j], rec.Values[src])
				continue
			}
			k := -1 - src
			switch k {
			case 6:
				add(keys.cols[j], rec.Observation.Grade.Rank())
			case 7:
				add(keys.cols[j], a.band.Lo)
			case 8:
				add(keys.cols[j], a.band.Hi)
			case 9:
				add(keys.cols[j], a.score)
			default:
				add(keys.cols[j], canon[k])
			}
		}
	})
}

// orderedObject is a JSON object whose keys keep the order in which fill
// adds them.
type orderedObject func(add func(key string, value any))

// MarshalJSON writes the object.
func (f orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	var err error
	b.WriteByte('{')
	f(func(key string, value any) {
		if err != nil {
			return
		}
		if b.Len() > 1 {
			b.WriteString(",")
		}
		var k, v []byte
		if k, err = json.Marshal(key); err != nil {
			return
		}
		if raw, ok := value.(json.RawMessage); ok && raw == nil {
			value = json.RawMessage("null")
		}
		if v, err = json.Marshal(value); err != nil {
			return
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	})
	if err != nil {
		return nil, errors.Join(errors.New("normalize"), err)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
