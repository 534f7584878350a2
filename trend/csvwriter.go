package trend

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSVWriter writes CSV records exactly as encoding/csv's Writer writes
// them, byte for byte, for the same Comma and UseCRLF: a field is quoted
// when it holds the delimiter, a quote, a carriage return or a line feed,
// when it begins with white space, or when it is `\.`; a quote inside is
// doubled. It has the same methods, so it can stand in for a csv.Writer.
//
// It costs less per field than csv.Writer, which matters when every row of
// a long input is written (the CLI's normalize and trend write their CSV
// through it): with a delimiter that is ASCII it appends a record whole and
// then looks for the bytes that need quoting in all of it at once, going
// field by field only from the first field that needs them; it appends
// each record to one buffer, which it writes out once it holds 64 KiB. As
// with csv.Writer, call Flush at the end and check Error.
type CSVWriter struct {
	Comma   rune // field delimiter, set to ',' by NewCSVWriter
	UseCRLF bool // end each line with \r\n instead of \n

	w   io.Writer
	buf []byte
	err error
	// quoted holds the last fields that needed quotes, with their
	// encodings, under the settings of quotedFor: rows often repeat a few
	// (caveats, say).
	quoted    [4]quotedField
	nextQuote int
	quotedFor struct {
		comma rune
		crlf  bool
	}
	ends []int // appendPlain's
	// The record under way (AppendFields, AppendEncoded): where it starts
	// in buf, how many fields it has so far.
	recStart, recFields int
}

// CSVFields is a run of fields encoded once by [CSVWriter.Encode], to be
// added to many records with [CSVWriter.AppendEncoded]: columns that
// depend on a few values alone (a grade's scale, label and score, say)
// cost a copy of their bytes, not a check of each field, on every row.
type CSVFields struct {
	fields []string
	text   string // the fields as Write writes them, without a line end
	comma  rune   // the settings text was encoded under
	crlf   bool
}

// Len returns the number of fields in the run.
func (f CSVFields) Len() int { return len(f.fields) }

type quotedField struct {
	field   string
	encoded []byte
}

// csvWriterBuffer is how much a CSVWriter holds before it writes it out.
const csvWriterBuffer = 64 << 10

// errCSVDelimiter is the error of Write for a Comma that cannot separate
// fields, with encoding/csv's text.
var errCSVDelimiter = errors.New("csv: invalid field or comment delimiter")

// NewCSVWriter returns a writer of CSV to w, with Comma ','.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{Comma: ',', w: w}
}

// Write writes one record, as csv.Writer does. The record may be written
// out only in part until Flush; an error writing to the underlying writer
// is returned by this or a later call to Write, Flush or Error. It is
// AppendFields(record...) followed by EndRecord: after fields appended by
// AppendFields or AppendEncoded, it ends that record with its own.
func (w *CSVWriter) Write(record []string) error {
	w.AppendFields(record...)
	return w.EndRecord()
}

// AppendFields adds fields to the record under way, which [CSVWriter.EndRecord]
// ends: a record written in parts is the same as one written whole by
// Write, and so the same as encoding/csv writes.
func (w *CSVWriter) AppendFields(fields ...string) {
	if w.recFields == 0 {
		w.recStart = len(w.buf)
	}
	if len(fields) == 0 {
		return
	}
	b := w.buf
	if w.recFields > 0 {
		b = utf8.AppendRune(b, w.Comma)
	}
	w.buf = w.appendFields(b, fields)
	w.recFields += len(fields)
}

// Encode returns the fields encoded as Write would write them, as a run
// to add to records with AppendEncoded. It writes nothing.
func (w *CSVWriter) Encode(fields ...string) CSVFields {
	f := CSVFields{fields: slices.Clone(fields), comma: w.Comma, crlf: w.UseCRLF}
	if validCSVDelimiter(w.Comma) {
		f.text = string(w.appendFields(nil, fields))
	}
	return f
}

// AppendEncoded adds the run of fields f to the record under way, as
// AppendFields(the fields of f...) would. A run encoded under another
// Comma or UseCRLF is encoded again.
func (w *CSVWriter) AppendEncoded(f CSVFields) {
	if f.comma != w.Comma || f.crlf != w.UseCRLF || !validCSVDelimiter(w.Comma) {
		w.AppendFields(f.fields...)
		return
	}
	if len(f.fields) == 0 {
		return
	}
	if w.recFields == 0 {
		w.recStart = len(w.buf)
	} else {
		w.buf = utf8.AppendRune(w.buf, w.Comma)
	}
	w.buf = append(w.buf, f.text...)
	w.recFields += len(f.fields)
}

// EndRecord ends the record begun by AppendFields or AppendEncoded (an
// empty one if none was) and writes it as Write does, with its error.
func (w *CSVWriter) EndRecord() error {
	start := w.recStart
	if w.recFields == 0 {
		start = len(w.buf)
	}
	w.recFields = 0
	if w.err != nil {
		w.buf = w.buf[:start]
		return w.err
	}
	if !validCSVDelimiter(w.Comma) {
		w.buf = w.buf[:start]
		return errCSVDelimiter
	}
	if w.UseCRLF {
		w.buf = append(w.buf, "\r\n"...)
	} else {
		w.buf = append(w.buf, '\n')
	}
	if len(w.buf) >= csvWriterBuffer {
		w.Flush()
	}
	return w.err
}

// appendFields appends the fields to b, separated by Comma, each quoted
// where encoding/csv would quote it.
func (w *CSVWriter) appendFields(b []byte, fields []string) []byte {
	if !validCSVDelimiter(w.Comma) {
		return b
	}
	if w.Comma >= utf8.RuneSelf {
		return w.appendQuoting(b, fields)
	}
	b, n := w.appendPlain(b, fields, byte(w.Comma))
	if n < len(fields) {
		if n > 0 {
			b = append(b, byte(w.Comma))
		}
		b = w.appendQuoting(b, fields[n:])
	}
	return b
}

// WriteAll writes the records and flushes, as csv.Writer does.
func (w *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := w.Write(r); err != nil {
			return err
		}
	}
	w.Flush()
	return w.err
}

// Flush writes what the writer holds to the underlying writer; see Error.
// A record under way is kept for EndRecord, not written.
func (w *CSVWriter) Flush() {
	end := len(w.buf)
	if w.recFields > 0 {
		end = w.recStart
	}
	if w.err != nil || end == 0 {
		return
	}
	n, err := w.w.Write(w.buf[:end])
	if err == nil && n < end {
		err = io.ErrShortWrite
	}
	w.err = err
	w.buf = w.buf[:copy(w.buf, w.buf[end:])]
	w.recStart = 0
}

// Error returns the first error met writing to the underlying writer.
func (w *CSVWriter) Error() error { return w.err }

// validCSVDelimiter is the test encoding/csv applies to a delimiter.
func validCSVDelimiter(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && utf8.ValidRune(r) && r != utf8.RuneError
}

// appendQuoting appends the record to b field by field, quoting each field
// that needs it.
func (w *CSVWriter) appendQuoting(b []byte, record []string) []byte {
	for n, field := range record {
		if n > 0 {
			b = utf8.AppendRune(b, w.Comma)
		}
		if q := w.quotedAs(field); q != nil {
			b = append(b, q...)
			continue
		}
		if !w.needsQuotes(field) {
			b = append(b, field...)
			continue
		}
		at, whole := len(b), field
		b = append(b, '"')
		for len(field) > 0 {
			i := strings.IndexAny(field, "\"\r\n")
			if i < 0 {
				i = len(field)
			}
			b = append(b, field[:i]...)
			field = field[i:]
			if len(field) > 0 {
				switch field[0] {
				case '"':
					b = append(b, `""`...)
				case '\r':
					if !w.UseCRLF {
						b = append(b, '\r')
					}
				case '\n':
					if w.UseCRLF {
						b = append(b, "\r\n"...)
					} else {
						b = append(b, '\n')
					}
				}
				field = field[1:]
			}
		}
		b = append(b, '"')
		q := &w.quoted[w.nextQuote]
		w.nextQuote = (w.nextQuote + 1) % len(w.quoted)
		q.field, q.encoded = whole, append(q.encoded[:0], b[at:]...)
	}
	return b
}

// quotedAs returns the encoding of field if it is one of the last fields
// quoted, or nil.
func (w *CSVWriter) quotedAs(field string) []byte {
	if w.quotedFor.comma != w.Comma || w.quotedFor.crlf != w.UseCRLF {
		w.quoted, w.quotedFor.comma, w.quotedFor.crlf = [4]quotedField{}, w.Comma, w.UseCRLF
		return nil
	}
	if field == "" {
		return nil
	}
	for i := range w.quoted {
		if q := &w.quoted[i]; q.field == field {
			return q.encoded
		}
	}
	return nil
}

// appendPlain appends to b as many of the record's first fields as need
// no quotes, as they stand, separated by comma, and returns how many; the
// rest are for appendQuoting. It checks the fields together, which costs
// less than checking each on its own: a field may need quotes when its
// first byte is white space, another control byte, a backslash (for `\.`)
// or not ASCII, which is looked at field by field, and the fields before
// the first such one are appended; or when it holds comma, a quote or a
// line break, which is so for some of those fields exactly when what was
// appended holds more commas than separators, or any of the others. Then
// the first field that holds one is found, and only the fields before it
// are kept.
func (w *CSVWriter) appendPlain(b []byte, record []string, comma byte) ([]byte, int) {
	start := len(b)
	n := len(record)
	for i, f := range record {
		if f != "" && csvLead[f[0]] {
			n = i
			break
		}
		if i > 0 {
			b = append(b, comma)
		}
		b = append(b, f...)
	}
	text := b[start:]
	if n == 0 || bytes.Count(text, []byte{comma}) == n-1 &&
		bytes.IndexByte(text, '"') < 0 && bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') < 0 {
		return b, n
	}
	// Where each field ends in text.
	ends := w.ends[:0]
	at := -1
	for _, f := range record[:n] {
		at += 1 + len(f)
		ends = append(ends, at)
	}
	w.ends = ends
	// The first field with a comma: the first whose text, with what comes
	// before it, holds more commas than the separators before it.
	bad := sort.Search(n, func(j int) bool { return bytes.Count(text[:ends[j]], []byte{comma}) > j })
	for _, c := range []byte{'"', '\n', '\r'} {
		if at := bytes.IndexByte(text, c); at >= 0 {
			bad = min(bad, sort.Search(n, func(j int) bool { return ends[j] > at }))
		}
	}
	if bad == 0 {
		return b[:start], 0
	}
	return b[:start+ends[bad-1]], bad
}

// csvLead marks the first bytes of a field that appendPlain leaves to
// appendQuoting: those up to ' ', '\\' and those of characters beyond
// ASCII, among which are the ones that make encoding/csv quote a field.
var csvLead = func() (t [256]bool) {
	for c := range t {
		t[c] = c <= ' ' || c == '\\' || c >= utf8.RuneSelf
	}
	return t
}()

// needsQuotes reports whether encoding/csv would quote the field.
func (w *CSVWriter) needsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	if w.Comma < utf8.RuneSelf {
		for i := 0; i < len(field); i++ {
			switch field[i] {
			case byte(w.Comma), '"', '\r', '\n':
				return true
			}
		}
	} else if strings.ContainsRune(field, w.Comma) || strings.ContainsAny(field, "\"\r\n") {
		return true
	}
	if c := field[0]; c < utf8.RuneSelf {
		return c == ' ' || c >= '\t' && c <= '\r'
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}
