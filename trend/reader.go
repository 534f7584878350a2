package trend

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/gradewalk/gradewalk/scale"
)

// Columns lists the fields every record must have, in the order gradewalk
// writes them: subject, area, date, scale and grade.
//
//   - date is YYYY-MM-DD, YYYY-MM or YYYY, or one of the forms publishers
//     use (see [ParseDate]).
//   - scale is a scale ID ("hmic-peel-2014") or a family ID
//     ("hmicfrs-police"); a family stands for its scale in force on the
//     date.
//   - grade is a label or alias of a level of that scale or, where the
//     scale publishes numeric codes and no label is that number, a code
//     written as a bare integer: "1" is Outstanding on Ofsted's scales,
//     whose codes run from 1 = best to 4 = worst, and Unsatisfactory on the
//     Care Inspectorate's, whose codes run from 1 = worst to 6 = best (see
//     [grade.FromCode]).
func Columns() []string { return []string{"subject", "area", "date", "scale", "grade"} }

const (
	colSubject = iota
	colArea
	colDate
	colScale
	colGrade
	numColumns
)

var columnNames = [numColumns]string{"subject", "area", "date", "scale", "grade"}

// Errors wrapped by a [*RowError]. A label that is not on the scale wraps
// [grade.ErrUnknownLabel], and a bare integer that is no code of it a
// [*grade.CodeError]; a date on which no scale, or more than one, of the
// family was in force wraps [scale.ErrNotInForce] or [scale.ErrOverlap].
//
// ErrMissingField, ErrUnknownScale and ErrBadDate are package scale's
// sentinels of the same names, so that errors.Is(err,
// scale.ErrUnknownScale) holds for a row naming an unknown scale.
var (
	ErrMissingField  = scale.ErrMissingField
	ErrUnknownScale  = scale.ErrUnknownScale
	ErrBadDate       = scale.ErrBadDate
	ErrMalformed     = errors.New("malformed record")
	ErrInvalidUTF8   = errors.New("invalid UTF-8")
	ErrHeader        = errors.New("bad header")
	ErrRecordTooLong = errors.New("record too long")
	ErrFieldTooLong  = errors.New("field too long")
)

// ErrBadDelimiter is wrapped by the error for a delimiter that cannot
// separate CSV fields.
var ErrBadDelimiter = errors.New("want a character other than '\"', '\\r', '\\n' and U+FFFD")

// RowError reports a record that was rejected, and where it starts.
type RowError struct {
	// Line is the input line on which the record starts, counted from 1;
	// in CSV the header is line 1 (after any lines skipped). It is 0 for
	// [NewObservation], which reads no input.
	Line int
	// Field names the column at fault, or is "" when the record as a whole
	// is at fault (malformed).
	Field string
	// Value is the field's text as read, when it helps to show it.
	Value string
	// Err is one of the errors above, or an error that wraps one from
	// package grade or scale.
	Err error
	// Detail says in words what is wrong, where Err alone does not.
	Detail string
}

// Reason says what is wrong without the line: `grade "Great": not a label
// of scale hmic-peel-2014 (labels: …)`.
func (e *RowError) Reason() string {
	var b strings.Builder
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Value != "" {
			b.WriteString(" " + strconv.Quote(e.Value))
		}
		b.WriteString(": ")
	}
	b.WriteString(e.what())
	return b.String()
}

// Kind is the reason without the value: rows rejected for the same kind
// of fault share it, and [ErrorTally] counts them together.
func (e *RowError) Kind() string {
	if e.Field == "" {
		return e.what()
	}
	return e.Field + ": " + e.what()
}

func (e *RowError) what() string {
	if e.Detail != "" {
		return e.Detail
	}
	if e.Err == nil {
		return "rejected"
	}
	return e.Err.Error()
}

// Error describes the problem and where it is.
func (e *RowError) Error() string {
	if e.Line == 0 {
		return "trend: " + e.Reason()
	}
	return "trend: line " + strconv.Itoa(e.Line) + ": " + e.Reason()
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *RowError) Unwrap() error { return e.Err }

// Record is one observation read by a [Reader] and the record it came
// from, so that a caller can pass the other columns through. A record of
// a wide file ([ReadOptions].Grades) gives one Record per grade column,
// each with the same Line, Columns and Values.
//
// A Reader reuses its Record and the slices in it: Columns, Values and Raw
// are valid until the next call to Next. Strings never change: the
// Observation, and each string in Values, stay valid.
type Record struct {
	// Line is the input line on which the record starts.
	Line        int
	Observation Observation
	// Grade is the grade's text as read, before [ReadOptions].Recode.
	Grade string
	// Columns names the record's fields in input order: the header in CSV,
	// the object's keys in JSON.
	Columns []string
	// Values holds the text of each field, as read. A JSON string is
	// decoded; any other JSON value is its JSON text (null is "").
	Values []string
	// Raw holds each field as JSON text, for JSON input only.
	Raw []json.RawMessage
}

// Index returns the position of the named column in Columns, matched
// without regard to case or surrounding space, or -1.
func (rec *Record) Index(column string) int {
	return slices.IndexFunc(rec.Columns, func(c string) bool { return sameColumn(c, column) })
}

func sameColumn(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// source says where a field of an observation comes from: a column, or a
// constant.
type source struct {
	col   int    // index in the record's values; -1 for a constant
	value string // the constant
}

func (s source) of(vals []string) string {
	if s.col < 0 {
		return s.value
	}
	return vals[s.col]
}

// item is one grade column of a record: where its grade, area and date
// come from.
type item struct {
	grade, area, date source
}

// Reader reads observations from CSV or JSON one at a time, in input
// order, without holding more than one record in memory.
type Reader struct {
	resolver
	opt ReadOptions
	rec Record

	csv    *csvSource
	header []string
	// lineBase is the number of lines before the CSV source's first: the
	// lines skipped and a "sep=" line.
	lineBase int
	subject  source
	scale    source
	items    []item
	// pending is the position in items of the next observation of the
	// current record, or len(items) when the record is done.
	pending int
	vals    []string

	json    bool
	dec     *json.Decoder
	lc      *lineCounter
	keys    []string // the JSON keys sought, per field: Columns or the names
	done    bool
	limited *limitReader
	// size is how many bytes the input holds, or -1 when it does not say.
	size int64
}

// NewReader returns a reader of the observations in r, read as opt says
// (nil means the zero ReadOptions). See [ReadOptions] for what can be
// read; each record gives one observation, or one per grade column of a
// wide file.
//
// CSV needs a header row naming the columns (matched without regard to
// case or surrounding space; a UTF-8 byte order mark is skipped). It is
// read at once: a header without the columns sought, or with one twice,
// is a [*RowError] wrapping [ErrHeader] whose message lists the file's
// own columns. JSON must be an array of objects whose keys are matched as
// the header is; a single object, or anything else, is a [*RowError]
// wrapping [ErrMalformed]. Empty input has no records. Old Mac files whose
// lines end in a carriage return alone are read as if they ended in a
// newline.
//
// Strings in the records are copied out of the input a block of about 32
// KiB at a time; a record's Values are substrings of such a block, while
// the subjects and areas of observations are interned, each kept once
// however often it recurs (the first 32,768 distinct ones; each one after
// them is copied on its own), so that observations kept hold no block.
func NewReader(r io.Reader, opt *ReadOptions) (*Reader, error) {
	if r == nil {
		return nil, errors.New("trend: NewReader: nil io.Reader")
	}
	var o ReadOptions
	if opt != nil {
		o = *opt
	}
	if o.Delimiter != 0 {
		if err := checkDelimiter(o.Delimiter); err != nil {
			return nil, err
		}
	}
	if o.SkipLines < 0 || o.MaxRecordBytes < 0 {
		return nil, fmt.Errorf("trend: NewReader: negative SkipLines or MaxRecordBytes")
	}
	if o.MaxRecordBytes == 0 {
		o.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if o.Missing == nil {
		o.Missing = DefaultMissing()
	}
	rd := &Reader{opt: o, resolver: newResolver(&o), size: inputSize(r)}
	br, err := rd.decode(r)
	if err != nil {
		return nil, err
	}
	format := o.Format
	if format == FormatAuto {
		format = FormatCSV
		if c, ok := firstByte(br); ok && (c == '[' || c == '{') {
			format = FormatJSON
		}
	}
	if format == FormatJSON {
		return rd.startJSON(br)
	}
	return rd.startCSV(br)
}

// decode returns a buffered reader of r in UTF-8, without a byte order
// mark, with CR-only line endings made newlines.
func (rd *Reader) decode(r io.Reader) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	switch rd.opt.Encoding {
	case UTF8:
		if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
			br.Discard(3)
		}
	case Windows1252:
		br = bufio.NewReaderSize(charmap.Windows1252.NewDecoder().Reader(br), 64<<10)
	case ISO88591:
		br = bufio.NewReaderSize(charmap.ISO8859_1.NewDecoder().Reader(br), 64<<10)
	default:
		return nil, fmt.Errorf("trend: NewReader: %v", rd.opt.Encoding)
	}
	head, err := br.Peek(br.Size())
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		// Peek hands the error over once: keep it for after what was read.
		if len(head) == 0 {
			return nil, err
		}
		head = bytes.Clone(head)
		br = bufio.NewReaderSize(io.MultiReader(bytes.NewReader(head), &errReader{err}), 64<<10)
	}
	if bytes.IndexByte(head, '\r') >= 0 && bytes.IndexByte(head, '\n') < 0 {
		br = bufio.NewReaderSize(&crReader{r: br}, 64<<10)
	}
	return br, nil
}

// firstByte returns the first byte of br that is not white space, without
// consuming anything.
func firstByte(br *bufio.Reader) (byte, bool) {
	for n := 1; n <= br.Size(); n++ {
		b, _ := br.Peek(n)
		if len(b) < n {
			return 0, false
		}
		switch c := b[n-1]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c, true
		}
	}
	return 0, false
}

// errReader fails every read with err.
type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

// crReader turns carriage returns into newlines, for files whose lines end
// in a carriage return alone.
type crReader struct{ r io.Reader }

func (c *crReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// wanted returns the name of the column sought for field c.
func (o *ReadOptions) wanted(c int) string {
	if name := *o.Columns.at(c); name != "" {
		return name
	}
	return columnNames[c]
}

// constant returns the constant given for field c, if any.
func (o *ReadOptions) constant(c int) (string, bool) {
	v := *o.Constants.at(c)
	return v, v != ""
}

func (rd *Reader) startCSV(br *bufio.Reader) (*Reader, error) {
	o := &rd.opt
	for range o.SkipLines {
		if _, err := readLine(br, o.MaxRecordBytes); err != nil {
			if err == io.EOF {
				rd.done = true
				return rd, nil
			}
			return nil, rd.tooLong(err, rd.lineBase+1)
		}
		rd.lineBase++
	}
	comma := o.Delimiter
	if line, err := peekLine(br); err == nil {
		if d, ok := sepLine(line); ok {
			br.Discard(len(line))
			rd.lineBase++
			if comma == 0 {
				comma = d
			}
		}
	}
	if comma == 0 {
		line, _ := peekLine(br)
		comma = rd.detectDelimiter(strings.TrimRight(string(line), "\r\n"))
	}
	rd.limited = &limitReader{r: br, max: o.MaxRecordBytes}
	src := newCSVSource(rd.limited, comma)
	rd.csv = src
	fields, line, err := src.read()
	switch {
	case err == io.EOF:
		rd.done = true
		return rd, nil
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &RowError{Line: pe.StartLine + rd.lineBase, Err: fmt.Errorf("%w: %w", ErrHeader, pe.Err), Detail: "malformed CSV header: " + pe.Err.Error()}
		}
		return nil, rd.tooLong(err, rd.lineBase+1)
	}
	line += rd.lineBase
	rd.header = slices.Clone(fields)
	for _, name := range rd.header {
		if !utf8.ValidString(name) {
			return nil, &RowError{Line: line, Err: fmt.Errorf("%w: %w", ErrHeader, ErrInvalidUTF8), Detail: "header: invalid UTF-8"}
		}
	}
	find := func(name string) (int, error) {
		at := -1
		for i, h := range rd.header {
			if sameColumn(h, name) {
				if at >= 0 {
					return -1, &RowError{Line: line, Err: ErrHeader, Detail: "header: column " + strconv.Quote(strings.TrimSpace(name)) + " appears twice"}
				}
				at = i
			}
		}
		return at, nil
	}
	var missing []string
	sourceOf := func(c int, column string) (source, error) {
		if v, ok := o.constant(c); ok && column == "" {
			return source{col: -1, value: v}, nil
		}
		name := column
		if name == "" {
			name = o.wanted(c)
		}
		i, err := find(name)
		if err != nil {
			return source{}, err
		}
		if i < 0 {
			missing = append(missing, describeWanted(c, name))
		}
		return source{col: i}, nil
	}
	// In the order of the fields, so that the header error lists them so.
	var err2 error
	if rd.subject, err2 = sourceOf(colSubject, ""); err2 != nil {
		return nil, err2
	}
	var area source
	if len(o.Grades) == 0 {
		if area, err2 = sourceOf(colArea, ""); err2 != nil {
			return nil, err2
		}
	}
	var date source
	ownDates := len(o.Grades) > 0 && !slices.ContainsFunc(o.Grades, func(g GradeColumn) bool { return g.Date == "" })
	if !ownDates { // else each grade column has a date column of its own
		if date, err2 = rd.dateSource(sourceOf); err2 != nil {
			return nil, err2
		}
	}
	if rd.scale, err2 = sourceOf(colScale, ""); err2 != nil {
		return nil, err2
	}
	if len(o.Grades) == 0 {
		g, err := sourceOf(colGrade, "")
		if err != nil {
			return nil, err
		}
		rd.items = []item{{grade: g, area: area, date: date}}
	} else {
		for _, gc := range o.Grades {
			g, err := sourceOf(colGrade, gc.Column)
			if err != nil {
				return nil, err
			}
			it := item{grade: g, area: source{col: -1, value: gc.Area}, date: date}
			if gc.Area == "" {
				it.area.value = strings.TrimSpace(gc.Column)
			}
			if gc.Date != "" {
				if it.date, err = sourceOf(colDate, gc.Date); err != nil {
					return nil, err
				}
			}
			rd.items = append(rd.items, it)
		}
	}
	if missing != nil {
		re := &RowError{Line: line, Err: ErrHeader, Detail: "header: missing column(s) " + strings.Join(missing, ", ") +
			"; the file's columns are " + listColumns(rd.header)}
		if d, ok := rd.betterDelimiter(comma); ok {
			re.Err = fmt.Errorf("%w: %w", ErrHeader, ErrDelimiter)
			re.Value = string(d)
			re.Detail += "; it looks delimited by " + delimiterName(d) + ", not " + delimiterName(comma)
		}
		return nil, re
	}
	rd.pending = len(rd.items)
	rd.rec.Columns = rd.header
	return rd, nil
}

// dateSource returns where dates come from: the constant, the column, or,
// when no date column is needed (the scale is a constant scale ID), none.
func (rd *Reader) dateSource(sourceOf func(int, string) (source, error)) (source, error) {
	o := &rd.opt
	if v, ok := o.constant(colDate); ok {
		return source{col: -1, value: v}, nil
	}
	if v, ok := o.constant(colScale); ok && o.Columns.Date == "" {
		if _, isScale := rd.reg.Lookup(v); isScale {
			// A date is optional with a scale ID: use the column if there is one.
			for i, h := range rd.header {
				if sameColumn(h, "date") {
					return source{col: i}, nil
				}
			}
			return source{col: -1}, nil
		}
	}
	return sourceOf(colDate, "")
}

// describeWanted names a column sought for field c, for the header error.
func describeWanted(c int, name string) string {
	if sameColumn(name, columnNames[c]) {
		return columnNames[c]
	}
	return strconv.Quote(strings.TrimSpace(name)) + " (" + columnNames[c] + ")"
}

// listColumns lists a header's columns for a message, at most 30 of them.
func listColumns(header []string) string {
	const most = 30
	quoted := make([]string, 0, min(len(header), most))
	for _, h := range header[:min(len(header), most)] {
		quoted = append(quoted, strconv.Quote(h))
	}
	s := strings.Join(quoted, ", ")
	if len(header) > most {
		s += fmt.Sprintf(" … and %d more", len(header)-most)
	}
	return s
}

// sought returns the names of the columns the options look for.
func (o *ReadOptions) sought() []string {
	var names []string
	for c := range numColumns {
		if _, ok := o.constant(c); ok {
			continue
		}
		if len(o.Grades) > 0 && (c == colGrade || c == colArea) {
			continue
		}
		names = append(names, o.wanted(c))
	}
	for _, g := range o.Grades {
		names = append(names, g.Column)
		if g.Date != "" {
			names = append(names, g.Date)
		}
	}
	return names
}

// delimiters are the ones detected, in the order preferred on a tie.
var delimiters = [...]rune{',', ';', '\t', '|'}

// detectDelimiter returns the delimiter at which the header line splits
// into the most of the columns sought; on a tie, the one that splits it
// into the most fields; ',' when no delimiter occurs.
func (rd *Reader) detectDelimiter(line string) rune {
	best, bestFound, bestFields := ',', -1, 0
	for _, d := range delimiters {
		found, fields := rd.countSought(line, d)
		if found > bestFound || found == bestFound && fields > bestFields {
			best, bestFound, bestFields = d, found, fields
		}
	}
	return best
}

// betterDelimiter returns a delimiter other than comma at which the header
// splits into more of the columns sought, if there is one.
func (rd *Reader) betterDelimiter(comma rune) (rune, bool) {
	line := strings.Join(rd.header, string(comma))
	found, _ := rd.countSought(line, comma)
	best := rune(0)
	for _, d := range delimiters {
		if n, _ := rd.countSought(line, d); d != comma && n > max(found, 1) {
			best, found = d, n
		}
	}
	return best, best != 0
}

func (rd *Reader) countSought(line string, d rune) (found, fields int) {
	names := strings.Split(line, string(d))
	for _, want := range rd.opt.sought() {
		if slices.ContainsFunc(names, func(n string) bool { return sameColumn(strings.Trim(n, `"`), want) }) {
			found++
		}
	}
	return found, len(names)
}

// delimiterName names a delimiter in words, for messages.
func delimiterName(d rune) string {
	switch d {
	case ',':
		return "commas"
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	case '|':
		return "vertical bars"
	}
	return strconv.QuoteRune(d)
}

// ErrDelimiter is wrapped, beside [ErrHeader], by the error for a header
// that lacks the columns sought when split at the delimiter given but has
// them when split at another: the [*RowError]'s Value is then that other
// delimiter, such as ";" or "\t".
var ErrDelimiter = errors.New("the header looks delimited by another character")

// sepLine reads Excel's "sep=X" first line.
func sepLine(line []byte) (rune, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	rest, ok := strings.CutPrefix(strings.ToLower(s), "sep=")
	if !ok {
		return 0, false
	}
	d, n := utf8.DecodeRuneInString(rest)
	if n == 0 || n != len(rest) || checkDelimiter(d) != nil {
		return 0, false
	}
	return d, true
}

// peekLine returns the next line of br, with its line ending, without
// consuming it; at most the buffer's size.
func peekLine(br *bufio.Reader) ([]byte, error) {
	for n := 1; ; n *= 2 {
		n = min(n*64, br.Size())
		b, err := br.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[:i+1], nil
		}
		if err != nil || n == br.Size() {
			if len(b) > 0 && (err == io.EOF || err == nil || err == bufio.ErrBufferFull) {
				return b, nil
			}
			return nil, io.EOF
		}
	}
}

// readLine consumes one line of br, of at most max bytes.
func readLine(br *bufio.Reader, max int) (int, error) {
	n := 0
	for {
		b, err := br.ReadSlice('\n')
		n += len(b)
		if n > max {
			return n, errLineTooLong
		}
		switch err {
		case nil:
			return n, nil
		case bufio.ErrBufferFull:
			continue
		case io.EOF:
			if n > 0 {
				return n, nil
			}
		}
		return n, err
	}
}

var errLineTooLong = errors.New("line too long")

// tooLong turns the error of the limit on record length into a
// [*RowError] on the given line; other errors are returned as they are.
func (rd *Reader) tooLong(err error, line int) error {
	var le *limitError
	if errors.As(err, &le) {
		line = le.line + rd.lineBase
	}
	if errors.Is(err, errLineTooLong) || le != nil {
		rd.done = true
		return &RowError{Line: line, Err: ErrRecordTooLong,
			Detail: fmt.Sprintf("a line or record (or an unclosed quote) longer than %d bytes, the reader's MaxRecordBytes; the rest of the input cannot be read", rd.opt.MaxRecordBytes)}
	}
	return err
}

// Header returns the CSV header as read, nil for JSON input.
func (r *Reader) Header() []string { return r.header }

// IsJSON reports whether the input is read as JSON.
func (r *Reader) IsJSON() bool { return r.json }

// Next returns the next observation and its record. A record that cannot
// be read or holds a bad observation gives a [*RowError], and Next can be
// called again for the records after it; at the end of the input the
// error is io.EOF. Any other error (from reading r) is final. A record
// whose grade is missing ([ReadOptions].Missing) is skipped and counted
// in [Reader.Skipped].
//
// JSON that is not well formed cannot be read past, nor can a record
// longer than [ReadOptions].MaxRecordBytes: the [*RowError] that reports
// it is followed by io.EOF.
func (r *Reader) Next() (*Record, error) {
	for {
		if r.pending < len(r.items) {
			it := &r.items[r.pending]
			r.pending++
			rec, err, skip := r.observe(it)
			if skip {
				continue
			}
			return rec, err
		}
		if r.done {
			return nil, io.EOF
		}
		var err error
		if r.json {
			err = r.nextJSON()
		} else {
			err = r.nextCSV()
		}
		if err != nil {
			return nil, err
		}
	}
}

// All yields each record or error from Next until the end of the input or
// a final error, which it yields before stopping.
func (r *Reader) All() iter.Seq2[*Record, error] {
	return func(yield func(*Record, error) bool) {
		for {
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			if !yield(rec, err) || err != nil && !isRowError(err) {
				return
			}
		}
	}
}

// isRowError reports whether err is a [*RowError], after which a reader
// can go on.
func isRowError(err error) bool {
	var re *RowError
	return errors.As(err, &re)
}

// ReadAll reads every observation of r: the observations read, in input
// order, and the records rejected, each as a [*RowError]. err is a final
// error from reading the input, after which nothing more was read.
// Records skipped as missing are in neither; see [Reader.Skipped].
//
// When r's input says how long it is (a file, or a reader with a Len
// method such as bytes.Reader), the slice is made about the size needed
// once the first records show how long a record is, so that a million
// observations are neither copied again as the slice grows nor given room
// for many more.
func ReadAll(r *Reader) (obs []Observation, rejected []*RowError, err error) {
	obs, err = ReadAllFunc(r, func(re *RowError) bool {
		rejected = append(rejected, re)
		return true
	})
	return obs, rejected, err
}

// ReadAllFunc is [ReadAll] for a caller that deals with each rejected
// record as it comes: it calls reject for each, in input order, and, when
// reject returns false, stops reading and returns the observations read so
// far.
func ReadAllFunc(r *Reader, reject func(*RowError) bool) ([]Observation, error) {
	if r == nil {
		return nil, errors.New("trend: ReadAll: nil Reader")
	}
	c := collector{expect: r.expect}
	if r.csv != nil {
		// Nothing of a record outlives it here but its observation, whose
		// strings are interned, and its error, which observe makes of
		// copies: the input's blocks need not be copied into strings.
		r.csv.lines.reuse = true
		defer r.keepStrings()
	}
	for rec, err := range r.All() {
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) {
				return c.result(), err
			}
			if !reject(re) {
				break
			}
			continue
		}
		c.add(rec.Observation)
	}
	return c.result(), nil
}

// keepStrings ends the reuse of the input's blocks that ReadAllFunc
// starts, for a caller that goes on with Next: the current block and
// the fields of the current record become copies of their own.
func (r *Reader) keepStrings() {
	r.csv.lines.keep()
	if r.pending < len(r.items) {
		for i, v := range r.vals {
			r.vals[i] = strings.Clone(v)
		}
	}
}

// collector gathers observations in one slice made, after the first
// probeObservations, as long as expect says, and in chunks beyond that.
type collector struct {
	obs    []Observation
	chunks [][]Observation // full chunks beyond obs, then the last one
	n      int
	probed bool
	// expect returns how many observations the input will give, having
	// given n, or 0 when it cannot tell.
	expect func(n int) int
}

// probeObservations is how many observations a collector gathers before it
// asks how many there will be; collectChunk is the most a chunk holds (5
// MiB).
const (
	probeObservations = 1 << 10
	collectChunk      = 1 << 16
)

func (c *collector) add(o Observation) {
	c.n++
	if c.chunks == nil {
		if len(c.obs) < cap(c.obs) {
			c.obs = append(c.obs, o)
			return
		}
		if c.obs == nil {
			c.obs = make([]Observation, 0, probeObservations)
			c.obs = append(c.obs, o)
			return
		}
		if !c.probed {
			c.probed = true
			if want := c.expect(len(c.obs)); want > len(c.obs) {
				// A little more than expected, so that a file whose later
				// rows are a little shorter still fits.
				obs := make([]Observation, len(c.obs), want+want/32+64)
				copy(obs, c.obs)
				c.obs = append(obs, o)
				return
			}
		}
		c.chunks = [][]Observation{nil}
	}
	last := &c.chunks[len(c.chunks)-1]
	if len(*last) == cap(*last) {
		next := make([]Observation, 0, min(max(2*cap(*last), probeObservations), collectChunk))
		if *last == nil {
			*last = next
		} else {
			c.chunks = append(c.chunks, next)
			last = &c.chunks[len(c.chunks)-1]
		}
	}
	*last = append(*last, o)
}

// result returns the observations gathered, in one slice.
func (c *collector) result() []Observation {
	if c.chunks == nil {
		return c.obs
	}
	obs := make([]Observation, 0, c.n)
	obs = append(obs, c.obs...)
	for _, ch := range c.chunks {
		obs = append(obs, ch...)
	}
	return obs
}

// expect returns how many observations r's input will give in all, having
// given n, from the share of the input read: 0 when the input does not
// say how long it is.
func (r *Reader) expect(n int) int {
	var read int64
	switch {
	case r.json && r.dec != nil:
		read = r.dec.InputOffset()
	case r.csv != nil:
		read = r.csv.offset()
	}
	if r.size <= 0 || read <= 0 {
		return 0
	}
	return int(min(float64(n)*float64(r.size)/float64(read), 1<<31))
}

// inputSize returns how many bytes r holds, when it says so: the length of
// a regular file from its current offset, or the Len of a bytes.Reader,
// strings.Reader or bytes.Buffer. It is -1 otherwise.
func inputSize(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		fi, err := v.Stat()
		if err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		at, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		return fi.Size() - at
	}
	return -1
}

// nextCSV reads the next CSV record into r.vals and starts its items.
func (r *Reader) nextCSV() error {
	fields, line, err := r.csv.read()
	if err != nil {
		if err == io.EOF {
			r.done = true
			return io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			detail := "malformed CSV record: " + pe.Err.Error()
			if pe.Line != pe.StartLine {
				// An unterminated quote runs to the end of the input: say how
				// much of it the one error stands for.
				detail += fmt.Sprintf(" (on line %d; %d lines, %d to %d, were not read as rows)",
					pe.Line+r.lineBase, pe.Line-pe.StartLine+1, pe.StartLine+r.lineBase, pe.Line+r.lineBase)
			}
			return &RowError{Line: pe.StartLine + r.lineBase, Err: fmt.Errorf("%w: %w", ErrMalformed, pe.Err), Detail: detail}
		}
		err = r.tooLong(err, line)
		r.done = true
		return err
	}
	line += r.lineBase
	if len(fields) == 1 && len(r.header) > 1 && strings.TrimSpace(fields[0]) == "" {
		return &RowError{Line: line, Err: ErrMalformed, Detail: "blank line (only white space)"}
	}
	if len(fields) != len(r.header) {
		return &RowError{Line: line, Err: ErrMalformed,
			Detail: fmt.Sprintf("malformed CSV record: %d fields, the header has %d", len(fields), len(r.header))}
	}
	for i, f := range fields {
		if r.csv.short {
			break
		}
		if len(f) > MaxFieldBytes {
			return &RowError{Line: line, Field: r.header[i], Err: ErrFieldTooLong,
				Detail: fmt.Sprintf("%d bytes, more than MaxFieldBytes (%d)", len(f), MaxFieldBytes)}
		}
	}
	if !r.csv.valid {
		for i, f := range fields {
			if !utf8.ValidString(f) {
				return &RowError{Line: line, Field: r.header[i], Err: ErrInvalidUTF8}
			}
		}
	}
	r.rec.Line = line
	r.rec.Values = fields
	r.vals = fields
	r.pending = 0
	return nil
}

// observe reads the observation of one item of the current record; skip
// reports a missing grade.
func (r *Reader) observe(it *item) (rec *Record, err error, skip bool) {
	var f Fields
	f.Subject = r.subject.of(r.vals)
	f.Scale = r.scale.of(r.vals)
	f.Grade = it.grade.of(r.vals)
	f.Area = it.area.of(r.vals)
	if it.date.col >= 0 || it.date.value != "" {
		f.Date = it.date.of(r.vals)
	}
	r.rec.Grade = f.Grade
	o, re, missing := r.resolve(r.rec.Line, &f)
	if re != nil && r.csv != nil && r.csv.lines.reuse {
		// The fields are views of a block whose room is reused: the error,
		// which the caller keeps, is made again from copies of them.
		f = Fields{strings.Clone(f.Subject), strings.Clone(f.Area), strings.Clone(f.Date), strings.Clone(f.Scale), strings.Clone(f.Grade)}
		o, re, missing = r.resolve(r.rec.Line, &f)
	}
	switch {
	case missing:
		return nil, nil, true
	case re != nil:
		if it.grade.col >= 0 && re.Field == "grade" && len(r.items) > 1 {
			re.Field = r.header[it.grade.col]
		}
		return nil, re, false
	}
	r.rec.Observation = o
	return &r.rec, nil, false
}

func (r *Reader) startJSON(br *bufio.Reader) (*Reader, error) {
	r.json = true
	lc := &lineCounter{r: br, max: r.opt.MaxRecordBytes}
	r.lc = lc
	r.dec = json.NewDecoder(lc)
	for c := range numColumns {
		r.keys = append(r.keys, r.opt.wanted(c))
	}
	r.pending = 0
	r.items = nil
	tok, err := r.dec.Token()
	switch {
	case err == io.EOF:
		r.done = true
		return r, nil
	case err == nil && tok == json.Delim('['):
		return r, nil
	}
	if err != nil && !isSyntax(err) {
		return nil, r.jsonLimit(err)
	}
	return nil, &RowError{Line: lc.lineAt(r.dec.InputOffset()), Err: ErrMalformed, Detail: "JSON input must be an array of objects"}
}

// isSyntax reports an error of the JSON itself, rather than of reading it:
// a syntax error, an early end, or a number too big for a float64 where
// the decoder reads one as a token (1E700).
func isSyntax(err error) bool {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &syn) || errors.As(err, &typ) || errors.Is(err, io.ErrUnexpectedEOF)
}

// jsonLimit reports the limit on element length as a [*RowError].
func (r *Reader) jsonLimit(err error) error {
	if errors.Is(err, errLineTooLong) {
		r.done = true
		return &RowError{Line: r.lc.lineAt(r.lc.mark), Err: ErrRecordTooLong,
			Detail: fmt.Sprintf("a JSON element longer than %d bytes, the reader's MaxRecordBytes; the rest of the input cannot be read", r.opt.MaxRecordBytes)}
	}
	return err
}

// nextJSON reads the next element of the array and sets up its items.
func (r *Reader) nextJSON() error {
	fail := func(err error) error {
		r.done = true
		if !isSyntax(err) {
			return r.jsonLimit(err)
		}
		// A syntax error is reported on the line where the element it is
		// in starts; a number too big for a float64 read as a token (after
		// the array), on its own line, which the decoder has just passed;
		// an unexpected end, on the last line.
		at := r.lc.end()
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			at = r.lc.next(r.dec.InputOffset())
		case errors.As(err, &typ):
			at = r.dec.InputOffset() - 1
		}
		return &RowError{Line: r.lc.lineAt(at), Err: ErrMalformed,
			Detail: "malformed JSON: " + err.Error() + "; the rest of the input cannot be read"}
	}
	if !r.dec.More() {
		_, err := r.dec.Token() // the closing ']'
		if err == io.EOF {
			err = fmt.Errorf("%w: the array is not closed", io.ErrUnexpectedEOF)
		}
		if err != nil {
			return fail(err)
		}
		if _, err := r.dec.Token(); err != io.EOF {
			if err == nil {
				err = fmt.Errorf("%w: data after the array", io.ErrUnexpectedEOF)
			}
			return fail(err)
		}
		r.done = true
		return io.EOF
	}
	var raw json.RawMessage
	if err := r.dec.Decode(&raw); err != nil {
		return fail(err)
	}
	r.lc.mark = r.dec.InputOffset()
	line := r.lc.lineAt(r.dec.InputOffset() - int64(len(raw)))
	if !utf8.Valid(raw) {
		return &RowError{Line: line, Err: ErrInvalidUTF8, Detail: "invalid UTF-8"}
	}
	if raw[0] != '{' {
		return &RowError{Line: line, Err: ErrMalformed, Detail: "malformed record: want a JSON object, got " + jsonKind(raw[0])}
	}
	rec := &r.rec
	rec.Line = line
	rec.Columns, rec.Values, rec.Raw = rec.Columns[:0], rec.Values[:0], rec.Raw[:0]
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // '{'
	for dec.More() {
		tok, _ := dec.Token()
		key, _ := tok.(string)
		var val json.RawMessage
		dec.Decode(&val) // raw is a well-formed object
		if slices.Contains(rec.Columns, key) {
			return &RowError{Line: line, Field: key, Err: ErrMalformed, Detail: "key appears twice"}
		}
		text := string(val)
		switch val[0] {
		case '"':
			json.Unmarshal(val, &text)
		case 'n':
			text = ""
		}
		if len(text) > MaxFieldBytes {
			return &RowError{Line: line, Field: key, Err: ErrFieldTooLong,
				Detail: fmt.Sprintf("%d bytes, more than MaxFieldBytes (%d)", len(text), MaxFieldBytes)}
		}
		rec.Columns = append(rec.Columns, key)
		rec.Values = append(rec.Values, text)
		rec.Raw = append(rec.Raw, val)
	}
	if err := r.jsonItems(line); err != nil {
		return err
	}
	r.vals = rec.Values
	r.pending = 0
	return nil
}

func jsonKind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// jsonItems finds the fields of the current JSON object, whose keys may
// differ from object to object, and sets r.items.
func (r *Reader) jsonItems(line int) error {
	rec := &r.rec
	find := func(name string) (int, error) {
		at := -1
		for i, k := range rec.Columns {
			if sameColumn(k, name) {
				if at >= 0 {
					return -1, &RowError{Line: line, Field: k, Err: ErrMalformed,
						Detail: "column " + strings.TrimSpace(name) + " appears twice (as " + strconv.Quote(rec.Columns[at]) + " and " + strconv.Quote(k) + ")"}
				}
				at = i
			}
		}
		if at >= 0 {
			if c := rec.Raw[at][0]; c == '{' || c == '[' || c == 't' || c == 'f' {
				return -1, &RowError{Line: line, Field: rec.Columns[at], Err: ErrMalformed, Detail: "want a string, got " + string(rec.Raw[at])}
			}
		}
		return at, nil
	}
	o := &r.opt
	src := func(c int, column string) (source, error) {
		if v, ok := o.constant(c); ok && column == "" {
			return source{col: -1, value: v}, nil
		}
		if column == "" {
			column = r.keys[c]
		}
		i, err := find(column)
		if err != nil {
			return source{}, err
		}
		if i < 0 {
			return source{col: -1}, nil // missing: an empty value
		}
		return source{col: i}, nil
	}
	var err error
	if r.subject, err = src(colSubject, ""); err != nil {
		return err
	}
	if r.scale, err = src(colScale, ""); err != nil {
		return err
	}
	date, err := src(colDate, "")
	if err != nil {
		return err
	}
	if date.col < 0 && date.value == "" {
		date.value = "\x00" // no date key: a date is needed unless the scale is an ID
	}
	r.items = r.items[:0]
	if len(o.Grades) == 0 {
		g, err := src(colGrade, "")
		if err != nil {
			return err
		}
		a, err := src(colArea, "")
		if err != nil {
			return err
		}
		r.items = append(r.items, item{grade: g, area: a, date: date})
		return nil
	}
	for _, gc := range o.Grades {
		g, err := src(colGrade, gc.Column)
		if err != nil {
			return err
		}
		it := item{grade: g, area: source{col: -1, value: gc.Area}, date: date}
		if gc.Area == "" {
			it.area.value = strings.TrimSpace(gc.Column)
		}
		if gc.Date != "" {
			if it.date, err = src(colDate, gc.Date); err != nil {
				return err
			}
		}
		r.items = append(r.items, it)
	}
	return nil
}

// lineCounter passes reads through and keeps the bytes not yet passed,
// so that it can say on which line an offset is. It forgets what lies
// before the offsets already asked about, so that it holds no more than
// the decoder has buffered. It fails a read once more than max bytes
// follow mark, the end of the last element read.
type lineCounter struct {
	r    io.Reader
	buf  []byte // the bytes from base on
	base int64
	line int // line of the byte at base, less one
	max  int
	mark int64
}

func (c *lineCounter) Read(p []byte) (int, error) {
	if c.max > 0 && c.end()-c.mark > int64(c.max) {
		return 0, errLineTooLong
	}
	n, err := c.r.Read(p)
	c.buf = append(c.buf, p[:n]...)
	return n, err
}

// end returns the offset after the last byte read.
func (c *lineCounter) end() int64 { return c.base + int64(len(c.buf)) }

// lineAt returns the line of the byte at offset; offsets must not decrease
// from one call to the next.
func (c *lineCounter) lineAt(offset int64) int {
	k := int(min(max(offset-c.base, 0), int64(len(c.buf))))
	c.line += bytes.Count(c.buf[:k], []byte{'\n'})
	c.buf = append(c.buf[:0], c.buf[k:]...)
	c.base += int64(k)
	return c.line + 1
}

// next returns the offset of the first byte at or after offset that is
// not white space or a comma: where the next value starts.
func (c *lineCounter) next(offset int64) int64 {
	for i := max(offset-c.base, 0); i < int64(len(c.buf)); i++ {
		switch c.buf[i] {
		case ' ', '\t', '\r', '\n', ',':
		default:
			return c.base + i
		}
	}
	return c.end()
}

// limitReader passes CSV input through and fails once a record runs past
// max bytes: it counts the bytes since the last newline outside quotes,
// telling quotes by their parity, as CSV doubles a quote inside a quoted
// field. It hands on the bytes before the record at fault, so that no
// part of it is read as a record of its own.
type limitReader struct {
	r       io.Reader
	max     int
	run     int  // bytes of the current record so far
	quoted  bool // inside a quoted field
	line    int  // lines passed so far
	recLine int  // the line the current record starts on, less one
	err     error
}

// limitError is the error of a record longer than the limit.
type limitError struct{ line int }

func (e *limitError) Error() string { return "record too long" }

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	b := p[:n]
	start := 0 // where the current record starts in b
	for i := 0; i < len(b); {
		if l.run+(len(b)-i) <= l.max && !l.quoted && bytes.IndexByte(b[i:], '"') < 0 {
			// No quote: only the last newline matters, and the lines.
			nl := bytes.LastIndexByte(b[i:], '\n')
			if nl < 0 {
				l.run += len(b) - i
				break
			}
			l.line += bytes.Count(b[i:], []byte{'\n'})
			l.recLine = l.line
			start = i + nl + 1
			l.run = len(b) - start
			break
		}
		switch b[i] {
		case '"':
			l.quoted = !l.quoted
		case '\n':
			l.line++
			if !l.quoted {
				l.recLine = l.line
				l.run = -1
				start = i + 1
			}
		}
		l.run++
		i++
		if l.run > l.max {
			l.err = &limitError{line: l.recLine + 1}
			return start, l.err
		}
	}
	return n, err
}
