package trend

import (
	"bytes"
	"errors"
	"io"
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
// field by field only when it finds one; it appends each record to one
// buffer, which it writes out once it holds 64 KiB. As with csv.Writer,
// call Flush at the end and check Error.
type CSVWriter struct {
	Comma   rune // field delimiter, set to ',' by NewCSVWriter
	UseCRLF bool // end each line with \r\n instead of \n

	w   io.Writer
	buf []byte
	err error
	// quoted and encoded are the last field that needed quotes and its
	// encoding, under the settings in quotedFor: rows often repeat one (a
	// caveat, say).
	quoted    string
	encoded   []byte
	quotedFor struct {
		comma rune
		crlf  bool
	}
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
// is returned by this or a later call to Write, Flush or Error.
func (w *CSVWriter) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	if !validCSVDelimiter(w.Comma) {
		return errCSVDelimiter
	}
	b, ok := w.buf, false
	if w.Comma < utf8.RuneSelf {
		if b, ok = appendPlain(b, record, byte(w.Comma)); !ok {
			b = b[:len(w.buf)]
		}
	}
	if !ok {
		b = w.appendQuoting(b, record)
	}
	if w.UseCRLF {
		b = append(b, "\r\n"...)
	} else {
		b = append(b, '\n')
	}
	w.buf = b
	if len(b) >= csvWriterBuffer {
		w.Flush()
	}
	return w.err
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
func (w *CSVWriter) Flush() {
	if w.err != nil || len(w.buf) == 0 {
		return
	}
	n, err := w.w.Write(w.buf)
	if err == nil && n < len(w.buf) {
		err = io.ErrShortWrite
	}
	w.err = err
	w.buf = w.buf[:0]
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
		if field == w.quoted && field != "" && w.quotedFor.comma == w.Comma && w.quotedFor.crlf == w.UseCRLF {
			b = append(b, w.encoded...)
			continue
		}
		if !w.needsQuotes(field) {
			b = append(b, field...)
			continue
		}
		at := len(b)
		w.quoted = field
		w.quotedFor.comma, w.quotedFor.crlf = w.Comma, w.UseCRLF
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
		w.encoded = append(w.encoded[:0], b[at:]...)
	}
	return b
}

// appendPlain appends the record to b as it stands, the fields separated
// by comma, and reports whether no field needed quotes; if one did, b's
// extension is to be dropped. It checks the whole record at once, which
// costs less than checking each field on its own: a field may need quotes
// when its first byte is white space, another control byte, a backslash
// (for `\.`) or not ASCII, which is looked at field by field (and left to
// the careful path), or when it holds comma, a quote or a line break, which
// is so for some field exactly when the record as appended holds more than
// one comma fewer than its fields, or any of the others.
func appendPlain(b []byte, record []string, comma byte) ([]byte, bool) {
	start := len(b)
	for i, f := range record {
		if i > 0 {
			b = append(b, comma)
		}
		if f != "" && csvLead[f[0]] {
			return b, false
		}
		b = append(b, f...)
	}
	text := b[start:]
	if bytes.Count(text, []byte{comma}) != max(len(record)-1, 0) ||
		bytes.IndexByte(text, '"') >= 0 || bytes.IndexByte(text, '\n') >= 0 || bytes.IndexByte(text, '\r') >= 0 {
		return b, false
	}
	return b, true
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
