package trend

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// csvSource yields the records of CSV input. Lines without a quote are
// split by a fast path that copies each block of input into one string
// and hands out substrings of it, so that a record costs no allocation.
// From the first line with a quote on, the rest of the input goes through
// encoding/csv, which handles quoted fields and fields that span lines.
// Both give the same fields, line numbers and errors: a fast-path record is
// one line, with its line ending ("\n", "\r\n", or none at the end) removed,
// split at every delimiter, which is what encoding/csv makes of a line
// without quotes.
type csvSource struct {
	comma  rune
	lines  lineReader
	full   *csv.Reader // nil while on the fast path
	base   int         // lines read before full's first line
	fields []string
	// valid reports that the last record read is valid UTF-8 as a whole,
	// when it came through the fast path.
	valid bool
}

func newCSVSource(r io.Reader, comma rune) *csvSource {
	s := &csvSource{comma: comma, lines: lineReader{r: r}}
	if comma >= utf8.RuneSelf {
		s.fallback(0)
	}
	return s
}

// read returns the fields of the next record and the line on which it
// starts. The fields are valid until the next call; the strings in them
// stay valid. Errors are as from [csv.Reader.Read], with line numbers
// counted from the start of the input.
func (s *csvSource) read() (fields []string, line int, err error) {
	if s.full != nil {
		return s.readFull()
	}
	for {
		l, ok := s.lines.next()
		if !ok {
			return nil, 0, s.lines.err
		}
		l0 := l
		l = trimLineEnd(l)
		if l == "" {
			continue // encoding/csv skips empty lines
		}
		if strings.IndexByte(l, '"') >= 0 {
			s.lines.line--
			s.fallback(s.lines.pos - len(l0))
			return s.readFull()
		}
		s.fields = splitLine(s.fields[:0], l, byte(s.comma))
		s.valid = utf8.ValidString(l)
		return s.fields, s.lines.line, nil
	}
}

// trimLineEnd removes "\n" and then one "\r": encoding/csv reads "\r\n" as
// "\n", and drops a "\r" before the end of the input.
func trimLineEnd(l string) string {
	l = strings.TrimSuffix(l, "\n")
	return strings.TrimSuffix(l, "\r")
}

// splitLine appends the fields of l, split at every comma, to dst.
func splitLine(dst []string, l string, comma byte) []string {
	start := 0
	for i := 0; i < len(l); i++ {
		if l[i] == comma {
			dst = append(dst, l[start:i])
			start = i + 1
		}
	}
	return append(dst, l[start:])
}

// fallback hands the input from offset start of the current block on to
// encoding/csv.
func (s *csvSource) fallback(start int) {
	rest := io.MultiReader(strings.NewReader(s.lines.block[start:]), bytes.NewReader(s.lines.pending()), s.lines.r)
	s.full = csv.NewReader(rest)
	s.full.Comma = s.comma
	s.full.FieldsPerRecord = -1
	s.full.ReuseRecord = true
	s.base = s.lines.line
	s.lines = lineReader{}
}

func (s *csvSource) readFull() ([]string, int, error) {
	s.valid = false
	fields, err := s.full.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			moved := *pe
			moved.StartLine += s.base
			moved.Line += s.base
			err = &moved
		}
		return nil, 0, err
	}
	line, _ := s.full.FieldPos(0)
	return fields, line + s.base, nil
}

// lineReader reads lines. It copies each block of complete lines into one
// string, so that the lines it returns, and any substrings of them, stay
// valid without a copy of their own.
type lineReader struct {
	r     io.Reader
	buf   []byte // bytes read but not yet in a block: a partial line
	block string // complete lines
	pos   int    // offset in block of the next line
	line  int    // lines returned so far
	err   error  // from r, returned once block is used up
}

// blockSize is how much input a lineReader reads at a time; a line longer
// than that grows the buffer. At 32 KiB a block is still a small object
// for the allocator.
const blockSize = 32 << 10

// next returns the next line with its "\n", if it has one, or ok false at
// the end of the input or on an error (see err).
func (lr *lineReader) next() (line string, ok bool) {
	if lr.pos == len(lr.block) && !lr.fill() {
		return "", false
	}
	rest := lr.block[lr.pos:]
	if i := strings.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i+1]
	}
	lr.pos += len(rest)
	lr.line++
	return rest, true
}

// fill reads the next block: up to the last '\n' read, or everything at
// the end of the input.
func (lr *lineReader) fill() bool {
	if lr.err != nil {
		if len(lr.buf) == 0 || lr.err != io.EOF {
			return false
		}
		lr.block, lr.pos, lr.buf = string(lr.buf), 0, lr.buf[:0]
		return true
	}
	if lr.buf == nil {
		lr.buf = make([]byte, 0, blockSize)
	}
	for {
		if len(lr.buf) == cap(lr.buf) {
			lr.buf = append(lr.buf, 0)[:len(lr.buf)]
		}
		n, err := lr.r.Read(lr.buf[len(lr.buf):cap(lr.buf)])
		read := lr.buf[len(lr.buf) : len(lr.buf)+n]
		lr.buf = lr.buf[:len(lr.buf)+n]
		if err != nil {
			lr.err = err
			if bytes.IndexByte(read, '\n') < 0 {
				return lr.fill()
			}
		}
		if bytes.IndexByte(read, '\n') >= 0 {
			break
		}
	}
	k := bytes.LastIndexByte(lr.buf, '\n') + 1
	lr.block, lr.pos = string(lr.buf[:k]), 0
	lr.buf = lr.buf[:copy(lr.buf, lr.buf[k:])]
	return true
}

// pending returns the bytes read but not yet in a block.
func (lr *lineReader) pending() []byte { return lr.buf }
