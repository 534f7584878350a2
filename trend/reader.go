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
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
)

// Columns lists the fields every record must have, in the order gradewalk
// writes them: subject, area, date, scale and grade.
//
//   - date is YYYY-MM-DD, YYYY-MM or YYYY.
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
	ErrMissingField = scale.ErrMissingField
	ErrUnknownScale = scale.ErrUnknownScale
	ErrBadDate      = scale.ErrBadDate
	ErrMalformed    = errors.New("malformed record")
	ErrInvalidUTF8  = errors.New("invalid UTF-8")
	ErrHeader       = errors.New("bad header")
)

// RowError reports a record that was rejected, and where it starts.
type RowError struct {
	// Line is the input line on which the record starts, counted from 1;
	// in CSV the header is line 1. It is 0 for [NewObservation], which
	// reads no input.
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
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
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

// Record is one record read by a [Reader]: the observation it holds and all
// of its fields, so that a caller can pass the other columns through.
//
// A Reader reuses its Record: Columns, Values and Raw are valid until the
// next call to Next. The Observation, and the strings in it, stay valid.
type Record struct {
	// Line is the input line on which the record starts.
	Line        int
	Observation Observation
	// Columns names the record's fields in input order: the header in CSV,
	// the object's keys in JSON.
	Columns []string
	// Values holds the text of each field, as read. A JSON string is
	// decoded; any other JSON value is its JSON text (null is "").
	Values []string
	// Raw holds each field as JSON text, for JSON input only.
	Raw []json.RawMessage

	index [numColumns]int
	text  string
}

// Text returns the record as read, without its line ending, when it is one
// line of CSV without quotes: its Values joined by the delimiter. ok is
// false for any other record.
func (rec *Record) Text() (text string, ok bool) { return rec.text, rec.text != "" }

// Index returns the position of the named column in Columns, or -1.
func (rec *Record) Index(column string) int {
	for i, name := range columnNames {
		if name == column {
			return rec.index[i]
		}
	}
	return slices.Index(rec.Columns, column)
}

// Reader reads records from CSV or JSON one at a time, in input order,
// without holding more than one in memory.
type Reader struct {
	resolver
	rec Record

	csv     *csvSource
	header  []string
	columns [numColumns]int

	dec  *json.Decoder
	lc   *lineCounter
	done bool
}

// NewCSVReader returns a reader of CSV with a header row that names the
// columns subject, area, date, scale and grade in any order (matched
// without regard to case or surrounding space; a UTF-8 byte order mark at
// the start of the input is ignored) and any others. Scales and families are looked up in reg, or in
// the default registry when reg is nil.
//
// It reads the header at once. A header without the required columns, or
// with one twice, is a [*RowError] wrapping [ErrHeader]. Empty input, or
// input of only a byte order mark and blank lines, has no header and no
// records.
//
// A record costs no allocation: the reader copies the input into strings
// of about 32 KiB, and a record's Values and the strings of its
// Observation are substrings of them. Keeping such a string keeps its
// block; to keep a few strings out of a large input, clone them
// ([strings.Clone]); or, to copy nothing at all, see [CSVOptions].Reuse.
// Records with quotes are read as encoding/csv reads them, and so is the
// rest of the input after the first.
func NewCSVReader(r io.Reader, reg *scale.Registry) (*Reader, error) {
	return NewCSVReaderWith(r, reg, CSVOptions{})
}

// CSVOptions change how [NewCSVReaderWith] reads CSV.
type CSVOptions struct {
	// Delimiter separates the fields: ',' when zero. It may be any
	// character but '"', '\r', '\n' and U+FFFD; ';' and '\t' are the
	// common others.
	Delimiter rune
	// Reuse lets the reader read its input into the same memory again and
	// again instead of copying each block of it into strings of their own:
	// the strings of a record, of its Observation and of a [*RowError] are
	// then valid only until the next call to Next, and a record costs no
	// allocation at all. Clone a string to keep it ([strings.Clone]).
	Reuse bool
}

// ErrDelimiter is wrapped, beside [ErrHeader], by the error for a header
// that lacks the required columns when split at the delimiter but has them
// when split at another: the [*RowError]'s Value is then that other
// delimiter, such as ";" or "\t".
var ErrDelimiter = errors.New("the header looks delimited by another character")

// NewCSVReaderWith is [NewCSVReader] with options.
func NewCSVReaderWith(r io.Reader, reg *scale.Registry, opt CSVOptions) (*Reader, error) {
	comma := ','
	if opt.Delimiter != 0 {
		if err := CheckDelimiter(opt.Delimiter); err != nil {
			return nil, err
		}
		comma = opt.Delimiter
	}
	src := newCSVSource(skipBOM(r), comma)
	src.lines.reuse = opt.Reuse
	rd := &Reader{resolver: newResolver(reg), csv: src}
	fields, line, err := src.read()
	switch {
	case err == io.EOF:
		rd.done = true
		return rd, nil
	case err != nil:
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &RowError{Line: pe.StartLine, Err: fmt.Errorf("%w: %w", ErrHeader, pe.Err), Detail: "malformed CSV header: " + pe.Err.Error()}
		}
		return nil, err
	}
	rd.header = slices.Clone(fields)
	for i, f := range rd.header {
		rd.header[i] = strings.Clone(f) // the input's memory may be used again
	}
	for i := range rd.columns {
		rd.columns[i] = -1
	}
	for i, name := range rd.header {
		if !utf8.ValidString(name) {
			return nil, &RowError{Line: line, Err: fmt.Errorf("%w: %w", ErrHeader, ErrInvalidUTF8), Detail: "header: invalid UTF-8"}
		}
		for c, want := range columnNames {
			if strings.EqualFold(strings.TrimSpace(name), want) {
				if rd.columns[c] >= 0 {
					return nil, &RowError{Line: line, Err: ErrHeader, Detail: "header: column " + want + " appears twice"}
				}
				rd.columns[c] = i
			}
		}
	}
	var missing []string
	for c, i := range rd.columns {
		if i < 0 {
			missing = append(missing, columnNames[c])
		}
	}
	if missing != nil {
		re := &RowError{Line: line, Err: ErrHeader, Detail: "header: missing column(s) " + strings.Join(missing, ", ")}
		if d, ok := guessDelimiter(rd.header, comma); ok {
			re.Err = fmt.Errorf("%w: %w", ErrHeader, ErrDelimiter)
			re.Value = string(d)
			re.Detail += "; it looks delimited by " + delimiterName(d) + ", not " + delimiterName(comma)
		}
		return nil, re
	}
	rd.rec.Columns = rd.header
	rd.rec.index = rd.columns
	return rd, nil
}

// skipBOM returns a reader of r without the UTF-8 byte order mark that
// some programs write at the start of a file, so that a file of only a
// byte order mark reads as empty. Reads into slices larger than its buffer
// go straight to r, and a large enough *bufio.Reader is used as it is.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); string(bom) == "\uFEFF" {
		br.Discard(3)
	}
	return br
}

// NewJSONReader returns a reader of a JSON array of objects, each with the
// keys subject, area, date, scale and grade (matched without regard to case
// or surrounding space, as CSV headers are) and any others. Scales and families are looked up in reg, or in the default
// registry when reg is nil. The array is read one element at a time.
//
// Input that is not an array is a [*RowError] wrapping [ErrMalformed].
// Empty input has no records.
func NewJSONReader(r io.Reader, reg *scale.Registry) (*Reader, error) {
	lc := &lineCounter{r: skipBOM(r)}
	rd := &Reader{resolver: newResolver(reg), lc: lc, dec: json.NewDecoder(lc)}
	tok, err := rd.dec.Token()
	switch {
	case err == io.EOF:
		rd.done = true
		return rd, nil
	case err == nil && tok == json.Delim('['):
		return rd, nil
	}
	if err != nil && !isSyntax(err) {
		return nil, err
	}
	return nil, &RowError{Line: lc.lineAt(rd.dec.InputOffset()), Err: ErrMalformed, Detail: "JSON input must be an array of objects"}
}

func newResolver(reg *scale.Registry) resolver {
	return resolver{reg: registryOr(reg), cache: true}
}

func registryOr(reg *scale.Registry) *scale.Registry {
	if reg == nil {
		return scale.Default()
	}
	return reg
}

func isSyntax(err error) bool {
	var syn *json.SyntaxError
	return errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF)
}

// Header returns the CSV header as read, nil for JSON input.
func (r *Reader) Header() []string { return r.header }

// Next returns the next record. A record that cannot be read or holds a bad
// observation gives a [*RowError], and Next can be called again for the
// records after it; at the end of the input the error is io.EOF. Any other
// error (from reading r) is final.
//
// JSON that is not well formed cannot be read past: the [*RowError] that
// reports it is followed by io.EOF.
func (r *Reader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	if r.csv != nil {
		return r.nextCSV()
	}
	return r.nextJSON()
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
			if !yield(rec, err) {
				return
			}
			var re *RowError
			if err != nil && !errors.As(err, &re) {
				return
			}
		}
	}
}

func (r *Reader) nextCSV() (*Record, error) {
	fields, line, err := r.csv.read()
	if err != nil {
		if err == io.EOF {
			r.done = true
			return nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			detail := "malformed CSV record: " + pe.Err.Error()
			if pe.Line != pe.StartLine {
				// An unterminated quote runs to the end of the input: say how
				// much of it the one error stands for.
				detail += fmt.Sprintf(" (on line %d; %d lines, %d to %d, were not read as rows)",
					pe.Line, pe.Line-pe.StartLine+1, pe.StartLine, pe.Line)
			}
			return nil, &RowError{Line: pe.StartLine, Err: fmt.Errorf("%w: %w", ErrMalformed, pe.Err), Detail: detail}
		}
		r.done = true
		return nil, err
	}
	if len(fields) == 1 && len(r.header) > 1 && strings.TrimSpace(fields[0]) == "" {
		return nil, &RowError{Line: line, Err: ErrMalformed, Detail: "blank line (only white space)"}
	}
	if len(fields) != len(r.header) {
		return nil, &RowError{Line: line, Err: ErrMalformed,
			Detail: fmt.Sprintf("malformed CSV record: %d fields, the header has %d", len(fields), len(r.header))}
	}
	if !r.csv.valid {
		for i, f := range fields {
			if !utf8.ValidString(f) {
				return nil, &RowError{Line: line, Field: r.header[i], Err: ErrInvalidUTF8}
			}
		}
	}
	var vals [numColumns]string
	for c, i := range r.columns {
		vals[c] = fields[i]
	}
	r.rec.Line = line
	r.rec.Values = fields
	r.rec.text = r.csv.text
	if err := r.observation(&r.rec, &vals); err != nil {
		return nil, err
	}
	return &r.rec, nil
}

func (r *Reader) nextJSON() (*Record, error) {
	fail := func(err error) (*Record, error) {
		r.done = true
		if !isSyntax(err) {
			return nil, err
		}
		// A syntax error is reported on the line where the element it is
		// in starts; an unexpected end, on the last line.
		at := r.lc.end()
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			at = r.lc.next(r.dec.InputOffset())
		}
		return nil, &RowError{Line: r.lc.lineAt(at), Err: ErrMalformed,
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
		return nil, io.EOF
	}
	var raw json.RawMessage
	if err := r.dec.Decode(&raw); err != nil {
		return fail(err)
	}
	line := r.lc.lineAt(r.dec.InputOffset() - int64(len(raw)))
	if !utf8.Valid(raw) {
		return nil, &RowError{Line: line, Err: ErrInvalidUTF8, Detail: "invalid UTF-8"}
	}
	if raw[0] != '{' {
		return nil, &RowError{Line: line, Err: ErrMalformed, Detail: "malformed record: want a JSON object"}
	}
	rec := &r.rec
	rec.Line = line
	rec.Columns, rec.Values, rec.Raw = rec.Columns[:0], rec.Values[:0], rec.Raw[:0]
	for i := range rec.index {
		rec.index[i] = -1
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.Token() // '{'
	for dec.More() {
		tok, _ := dec.Token()
		key, _ := tok.(string)
		var val json.RawMessage
		dec.Decode(&val) // raw is a well-formed object
		if slices.Contains(rec.Columns, key) {
			return nil, &RowError{Line: line, Field: key, Err: ErrMalformed, Detail: "key appears twice"}
		}
		text := string(val)
		switch val[0] {
		case '"':
			json.Unmarshal(val, &text)
		case 'n':
			text = ""
		}
		if c := columnOf(key); c >= 0 {
			if j := rec.index[c]; j >= 0 {
				return nil, &RowError{Line: line, Field: key, Err: ErrMalformed,
					Detail: "column " + columnNames[c] + " appears twice (as " + strconv.Quote(rec.Columns[j]) + " and " + strconv.Quote(key) + ")"}
			}
			rec.index[c] = len(rec.Columns)
			if val[0] == '{' || val[0] == '[' || val[0] == 't' || val[0] == 'f' {
				return nil, &RowError{Line: line, Field: key, Err: ErrMalformed, Detail: "want a string, got " + string(val)}
			}
		}
		rec.Columns = append(rec.Columns, key)
		rec.Values = append(rec.Values, text)
		rec.Raw = append(rec.Raw, val)
	}
	var vals [numColumns]string
	for c, i := range rec.index {
		if i >= 0 {
			vals[c] = rec.Values[i]
		}
	}
	if err := r.observation(rec, &vals); err != nil {
		return nil, err
	}
	return rec, nil
}

// columnOf returns the required column that name is, matched without regard
// to case or surrounding space, or -1.
func columnOf(name string) int {
	name = strings.TrimSpace(name)
	for c, want := range columnNames {
		if strings.EqualFold(name, want) {
			return c
		}
	}
	return -1
}

// ErrBadDelimiter is wrapped by the error for a delimiter that cannot
// separate CSV fields.
var ErrBadDelimiter = errors.New("want a character other than '\"', '\\r', '\\n' and U+FFFD")

// CheckDelimiter returns nil if d can separate the fields of CSV input
// (see [CSVOptions]), and else an error wrapping [ErrBadDelimiter] that
// names it.
func CheckDelimiter(d rune) error {
	if d != '"' && d != '\r' && d != '\n' && d != utf8.RuneError && utf8.ValidRune(d) {
		return nil
	}
	return fmt.Errorf("trend: delimiter %q: %w", d, ErrBadDelimiter)
}

// guessDelimiter returns the delimiter, other than comma, at which the
// header splits into the most required columns, if that is more than one
// and more than at comma. The header as read was split at comma; it is
// joined back first.
func guessDelimiter(header []string, comma rune) (rune, bool) {
	line := strings.Join(header, string(comma))
	found := 0
	for _, name := range header {
		if columnOf(name) >= 0 {
			found++
		}
	}
	best := rune(0)
	found = max(found, 1)
	for _, d := range []rune{';', '\t', '|', ','} {
		if d == comma {
			continue
		}
		n := 0
		for _, name := range strings.Split(line, string(d)) {
			if columnOf(name) >= 0 {
				n++
			}
		}
		if n > found {
			best, found = d, n
		}
	}
	return best, best != 0
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

// resolver turns the five fields of a record into an observation, looking
// scales and grades up in a registry. A Reader keeps one with caches;
// NewObservation uses one without.
type resolver struct {
	reg *scale.Registry

	// What the registry answered for each scale or family as written,
	// since the same ones recur from row to row; emptied when it grows too
	// big. Used only when cache is true.
	cache bool
	ids   map[string]*idCache
	// recent holds the last IDs looked up, searched in order before ids:
	// a file names few, and comparing a word and then a short string costs
	// less than hashing it.
	recent  [recentIDs]recentID
	nRecent int
}

// idCache holds what a scale ID or family ID stands for: one scale, or
// the scales of the family, each with the grades of its labels as written,
// and which of them [resolver.inForce] found in force for each date span
// asked about.
type idCache struct {
	id     string // as written
	scale  *scale.Scale
	labels *labelCache
	family []familyScale
	// spans holds answers of resolver.inForce by spanKey, as spanAnswer
	// packs them, in the slot of the key's low bits: the recent ones, and
	// for the dates of the last dozen years or so, all of them. more holds
	// them all (emptied when it grows too big).
	spans []uint64
	more  map[uint32]int32
}

type familyScale struct {
	scale  *scale.Scale
	labels *labelCache
}

// spanKey identifies a span as date.Parse makes it: its first day, at
// midnight UTC, counted from 1970, and its precision, which together fix
// its last day. Years 1000 to 9999 give distinct keys.
func spanKey(span date.Span) uint32 {
	return uint32(span.First.Unix()/86400)<<2 | uint32(span.Precision)
}

// spanAnswer packs a span's key and the position in family of the scale
// in force in it (-1 for none) into a slot of idCache.spans; 0 is empty.
func spanAnswer(key uint32, i int32) uint64 { return uint64(key)<<32 | uint64(uint32(i+2)) }

// spanSlots is the number of slots of idCache.spans, and maxCachedSpans
// how many answers its map keeps.
const (
	spanSlots      = 1 << 14
	maxCachedSpans = 1 << 16
)

// labelCache holds the grades of the labels of one scale as written, at
// most maxCachedLabel of them. slots is a hash table of their positions
// (plus one; 0 is empty) by labelKey, probed in order from the key's slot.
type labelCache struct {
	keys   []uint64
	labels []string
	grades []grade.Grade
	slots  [2 * maxCachedLabel]uint8
}

// find returns the grade of label, whose labelKey is key.
func (lc *labelCache) find(key uint64, label string) (grade.Grade, bool) {
	for h := slotOf(key); ; h = (h + 1) % len(lc.slots) {
		i := int(lc.slots[h]) - 1
		if i < 0 {
			return grade.Grade{}, false
		}
		if lc.keys[i] == key && lc.labels[i] == label {
			return lc.grades[i], true
		}
	}
}

// add keeps the grade of a label not yet kept, if there is room.
func (lc *labelCache) add(key uint64, label string, g grade.Grade) {
	if len(lc.labels) == maxCachedLabel {
		return
	}
	h := slotOf(key)
	for lc.slots[h] != 0 {
		h = (h + 1) % len(lc.slots)
	}
	lc.keys = append(lc.keys, key)
	lc.labels = append(lc.labels, strings.Clone(label))
	lc.grades = append(lc.grades, g)
	lc.slots[h] = uint8(len(lc.labels))
}

// slotOf returns the first slot of labelCache.slots to look at for key.
func slotOf(key uint64) int { return int((key * 0x9E3779B97F4A7C15) >> 58) } // 6 bits: 64 slots

// labelKey sums up a label in one word: its length and its first seven
// bytes, or for a longer label its first eight bytes and its length. Two
// labels with different keys differ; two with the same key are compared.
func labelKey(s string) uint64 {
	if len(s) >= 8 {
		return load64(s) ^ uint64(len(s))
	}
	k := uint64(len(s)) << 56
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	return k
}

// maxCached bounds the number of scale and family IDs, and of labels per
// scale, that a Reader keeps.
const (
	maxCached      = 1 << 10
	maxCachedLabel = 32
)

// trimmed reports whether a field that starts or ends with c has nothing
// there for strings.TrimSpace to remove: c is ASCII and not white space.
func trimmed(c byte) bool { return c > ' ' && c < utf8.RuneSelf }

// recentIDs is the size of resolver.recent.
const recentIDs = 8

type recentID struct {
	key uint64 // labelKey(id)
	id  string
	ic  *idCache
}

// lookupID returns the cache entry for a scale or family ID, making it on
// first use; nil when caching is off or id is neither.
func (r *resolver) lookupID(id string) *idCache {
	if !r.cache {
		return nil
	}
	key := labelKey(id)
	for i := range r.nRecent {
		if e := &r.recent[i]; e.key == key && e.id == id {
			return e.ic
		}
	}
	if ic, ok := r.ids[id]; ok {
		r.remember(key, ic)
		return ic
	}
	ic := &idCache{id: strings.Clone(id)}
	if s, ok := r.reg.Lookup(id); ok {
		ic.scale, ic.labels = s, new(labelCache)
	} else {
		for s := range r.reg.Family(id) {
			ic.family = append(ic.family, familyScale{scale: s, labels: new(labelCache)})
		}
		if ic.family == nil {
			return nil
		}
	}
	if r.ids == nil || len(r.ids) >= maxCached {
		r.ids = make(map[string]*idCache)
	}
	r.ids[ic.id] = ic
	r.remember(key, ic)
	return ic
}

// remember puts ic, the cache entry of an ID with the given labelKey, in
// recent, in place of the oldest.
func (r *resolver) remember(key uint64, ic *idCache) {
	if r.nRecent < recentIDs {
		r.nRecent++
	}
	copy(r.recent[1:r.nRecent], r.recent[:r.nRecent-1])
	r.recent[0] = recentID{key, ic.id, ic}
}

// inForce returns the scale of the family in force in the span, and its
// labels, or nil when there is none or the date is ambiguous (then the
// slow path says why): the answer of [resolver.inForce], the one rule,
// asked once per family and span and kept.
func (ic *idCache) inForce(r *resolver, span date.Span) (*scale.Scale, *labelCache) {
	key := spanKey(span)
	if ic.spans == nil {
		ic.spans = make([]uint64, spanSlots)
	}
	slot := &ic.spans[key%spanSlots]
	var i int32
	if e := *slot; e>>32 == uint64(key) && e != 0 {
		i = int32(uint32(e)) - 2
	} else {
		var ok bool
		if i, ok = ic.more[key]; !ok {
			i = ic.ask(r, span)
			if ic.more == nil || len(ic.more) >= maxCachedSpans {
				ic.more = make(map[uint32]int32)
			}
			ic.more[key] = i
		}
		*slot = spanAnswer(key, i)
	}
	if i < 0 {
		return nil, nil
	}
	return ic.family[i].scale, ic.family[i].labels
}

// ask returns the position in family of the scale resolver.inForce finds
// in force in the span, or -1 for an error.
func (ic *idCache) ask(r *resolver, span date.Span) int32 {
	s, err := r.inForce(ic.id, span)
	if err != nil {
		return -1
	}
	for j := range ic.family {
		if ic.family[j].scale == s {
			return int32(j)
		}
	}
	return -1
}

// observation checks the five fields of a record and fills in its
// observation.
func (r *resolver) observation(rec *Record, vals *[numColumns]string) *RowError {
	return r.observe(rec.Line, vals, &rec.Observation)
}

// observe checks the five fields of the record on the line and sets *o to
// its observation; on error *o is unchanged.
func (r *resolver) observe(line int, vals *[numColumns]string, o *Observation) *RowError {
	for c := range vals {
		if v := vals[c]; v == "" || !trimmed(v[0]) || !trimmed(v[len(v)-1]) {
			vals[c] = strings.TrimSpace(v)
		}
		if vals[c] == "" {
			return &RowError{Line: line, Field: columnNames[c], Err: ErrMissingField, Detail: "missing"}
		}
	}
	dateText, id := vals[colDate], vals[colScale]
	span, err := date.Parse(dateText)
	if err != nil {
		return &RowError{Line: line, Field: "date", Value: dateText, Err: ErrBadDate}
	}
	if ic := r.lookupID(id); ic != nil {
		if ic.scale != nil {
			return r.finish(line, vals, ic.scale, span, ic.labels, o)
		}
		if s, lc := ic.inForce(r, span); s != nil {
			return r.finish(line, vals, s, span, lc, o)
		}
	}
	s, ok := r.reg.Lookup(id)
	if !ok {
		if s, err = r.inForce(id, span); err != nil {
			if errors.Is(err, scale.ErrUnknownFamily) {
				return &RowError{Line: line, Field: "scale", Value: id, Err: fmt.Errorf("%w: %w", ErrUnknownScale, err),
					Detail: "not a known scale or family"}
			}
			re := &RowError{Line: line, Field: "date", Value: dateText, Err: err}
			re.Detail = r.inForceDetail(id, span, err)
			return re
		}
	}
	return r.finish(line, vals, s, span, nil, o)
}

// finish reads the grade on the resolved scale and returns the observation.
func (r *resolver) finish(line int, vals *[numColumns]string, s *scale.Scale, span date.Span, lc *labelCache, o *Observation) *RowError {
	label := vals[colGrade]
	g, found := grade.Grade{}, false
	var key uint64
	if lc != nil {
		key = labelKey(label)
		g, found = lc.find(key, label)
	}
	if !found {
		var re *RowError
		if g, re = parseGrade(line, s, label); re != nil {
			return re
		}
		if lc != nil {
			lc.add(key, label, g)
		}
	}
	*o = Observation{Subject: vals[colSubject], Area: vals[colArea], Date: span.First,
		Precision: precisionOf(span.Precision), Grade: g}
	return nil
}

// parseGrade reads the grade field: a label or alias of s, or, when it is
// a bare integer that is no label of s, the issuer's numeric code (see
// [grade.FromCode]).
func parseGrade(line int, s *scale.Scale, label string) (grade.Grade, *RowError) {
	g, err := grade.Parse(s, label)
	if err == nil {
		return g, nil
	}
	if code, ok := bareInteger(label); ok {
		g, err := grade.FromCode(s, code)
		if err == nil {
			return g, nil
		}
		var ce *grade.CodeError
		errors.As(err, &ce)
		re := &RowError{Line: line, Field: "grade", Value: label, Err: err}
		if errors.Is(err, grade.ErrNoCodes) {
			re.Detail = "not a label of scale " + s.ID() + ", which has no numeric codes (labels: " + strings.Join(ce.Labels, ", ") + ")"
		} else {
			re.Detail = "not a label or code of scale " + s.ID() + " (codes, " + ce.Direction + ": " + strings.Join(ce.Codes, ", ") + ")"
		}
		return grade.Grade{}, re
	}
	return grade.Grade{}, &RowError{Line: line, Field: "grade", Value: label, Err: err,
		Detail: "not a label of scale " + s.ID() + " (labels: " + strings.Join(slices.Collect(s.Labels()), ", ") + ")"}
}

// bareInteger reads s as a code: one to nine decimal digits and nothing
// else.
func bareInteger(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// inForce returns the scale of the family in force on the date. A date
// written as a year or a month stands for the whole period: it resolves to
// the one scale of the family in force at some time in that period, even if
// that scale began after its first day (a report dated "2022" of a scale
// whose first report came in March 2022). If two scales were in force in
// the period the date is ambiguous and the error wraps [scale.ErrOverlap];
// if none was, it wraps [scale.ErrNotInForce].
func (r *resolver) inForce(family string, span date.Span) (*scale.Scale, error) {
	s, err := r.reg.InForce(family, span.First)
	if span.Precision == date.Day || errors.Is(err, scale.ErrUnknownFamily) {
		return s, err
	}
	during := r.scalesDuring(family, span)
	switch len(during) {
	case 0:
		return nil, err
	case 1:
		return during[0], nil
	}
	ids := make([]string, len(during))
	for i, d := range during {
		ids[i] = d.ID()
	}
	return nil, &scale.InForceError{Family: family, Date: span.First, Scales: ids, Err: scale.ErrOverlap}
}

// scalesDuring returns the scales of the family in force at some time in
// the span.
func (r *resolver) scalesDuring(family string, span date.Span) []*scale.Scale {
	var out []*scale.Scale
	for s := range r.reg.Family(family) {
		era := s.Era()
		if !era.From.After(span.Last) && (era.IsOpen() || !era.Until.Before(span.First)) {
			out = append(out, s)
		}
	}
	return out
}

func (r *resolver) inForceDetail(family string, span date.Span, err error) string {
	var ife *scale.InForceError
	errors.As(err, &ife)
	var b strings.Builder
	day := date.Format(span.First, date.Day)
	switch {
	case errors.Is(err, scale.ErrOverlap) && span.Precision != date.Day:
		fmt.Fprintf(&b, "more than one scale of family %s was in force during %s (%s); give the scale ID or a fuller date",
			family, date.Format(span.First, span.Precision), strings.Join(ife.Scales, ", "))
	case errors.Is(err, scale.ErrOverlap):
		fmt.Fprintf(&b, "more than one scale of family %s was in force on %s (%s); give the scale ID",
			family, day, strings.Join(ife.Scales, ", "))
	default:
		if span.Precision != date.Day {
			fmt.Fprintf(&b, "no scale of family %s was in force at any time in %s", family, date.Format(span.First, span.Precision))
		} else {
			fmt.Fprintf(&b, "no scale of family %s was in force on %s", family, day)
		}
	}
	return b.String()
}

// lineCounter passes reads through and keeps the bytes not yet passed,
// so that it can say on which line an offset is. It forgets what lies
// before the offsets already asked about, so that it holds no more than
// the decoder has buffered.
type lineCounter struct {
	r    io.Reader
	buf  []byte // the bytes from base on
	base int64
	line int // line of the byte at base, less one
}

func (c *lineCounter) Read(p []byte) (int, error) {
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
