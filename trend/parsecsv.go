package trend

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"
	"unsafe"
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
	comma rune
	lines lineReader
	full  *csv.Reader // nil while on the fast path
	base  int         // lines read before full's first line
	// baseOffset is the offset of full's first byte in the input.
	baseOffset int64
	fields     []string
	// valid reports that the last record read is valid UTF-8 as a whole,
	// and short that it is no longer than MaxFieldBytes as a whole (so
	// that no field of it is longer), when it came through the fast path.
	valid, short bool
	// quote is the offset in the current block of its first quote at or
	// after the current line, or the block's length for none; less than
	// the current line's offset when not yet looked for.
	quote int
}

func newCSVSource(r io.Reader, comma rune) *csvSource {
	s := &csvSource{comma: comma, lines: lineReader{r: r}, quote: -1}
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
		if s.lines.pos == len(s.lines.block) {
			if !s.lines.fill() {
				return nil, 0, s.lines.err
			}
			s.quote = -1
		}
		start := s.lines.pos
		if s.quote < start {
			// Where the next quote of the block is, or -1 at its end.
			s.quote = len(s.lines.block)
			if q := strings.IndexByte(s.lines.block[start:], '"'); q >= 0 {
				s.quote = start + q
			}
		}
		q := s.quote - start
		if q == len(s.lines.block)-start {
			q = -1
		}
		fields, n, quote := splitBefore(s.fields[:0], s.lines.block[start:], byte(s.comma), q)
		s.fields = fields
		s.lines.pos += n
		s.lines.line++
		l := strings.TrimSuffix(s.lines.block[start:start+n], "\n")
		cr := strings.HasSuffix(l, "\r")
		if cr {
			l = l[:len(l)-1]
		}
		if l == "" {
			continue // encoding/csv skips empty lines
		}
		if quote {
			s.lines.line--
			s.fallback(start)
			return s.readFull()
		}
		if cr {
			// The "\r" of a "\r\n", or of the end of the input, ends the
			// line, not the last field.
			last := len(fields) - 1
			fields[last] = fields[last][:len(fields[last])-1]
		}
		s.valid = s.lines.valid || utf8.ValidString(l)
		s.short = len(l) <= MaxFieldBytes
		return fields, s.lines.line, nil
	}
}

// splitRecord reads the first line of text, up to and including its "\n"
// or to the end, and appends its fields, split at every comma, to dst; a
// "\r" before the "\n" stays in the last field. n is the length of the
// line with its "\n". It reports, instead of fields, whether the line holds
// a quote.
func splitRecord(dst []string, text string, comma byte) (fields []string, n int, quote bool) {
	return splitBefore(dst, text, comma, strings.IndexByte(text, '"'))
}

// splitBefore is splitRecord for a text whose first quote is at q, or
// nowhere for q < 0, so that a caller splitting many lines of one block
// looks for the quote once.
func splitBefore(dst []string, text string, comma byte, q int) (fields []string, n int, quote bool) {
	if q < 0 {
		fields, n, _ = splitLine(dst, text, comma)
		return fields, n, false
	}
	fields, n, nl := splitLine(dst, text[:q], comma)
	if nl {
		return fields, n, false
	}
	// The line holds the quote: it runs to the next "\n" after it.
	if k := strings.IndexByte(text[q:], '\n'); k >= 0 {
		return dst, q + k + 1, true
	}
	return dst, len(text), true
}

// splitLine is splitRecord for a text without quotes; nl reports whether
// the line ends with a "\n" (else it runs to the end of text). It finds
// the end of the line first, then the delimiters in it eight bytes at a
// time.
func splitLine(dst []string, text string, comma byte) (fields []string, n int, nl bool) {
	line := text
	if end := strings.IndexByte(text, '\n'); end >= 0 {
		line, n, nl = text[:end], end+1, true
	} else {
		n = len(text)
	}
	commas := 0x0101010101010101 * uint64(comma)
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		for m := zeroBytes(load64(line[i:]) ^ commas); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)/8
			dst = append(dst, line[start:j])
			start = j + 1
		}
	}
	if i < len(line) && len(line) >= 8 {
		// The last bytes, as the last eight of the line with those already
		// looked at masked off.
		k := len(line) - 8
		m := zeroBytes(load64(line[k:])^commas) &^ (1<<(8*(i-k)) - 1)
		for ; m != 0; m &= m - 1 {
			j := k + bits.TrailingZeros64(m)/8
			dst = append(dst, line[start:j])
			start = j + 1
		}
	} else {
		for ; i < len(line); i++ {
			if line[i] == comma {
				dst = append(dst, line[start:i])
				start = i + 1
			}
		}
	}
	return append(dst, line[start:]), n, nl
}

// zeroBytes returns x with the high bit set in each byte that is zero, and
// every other bit clear.
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	return ^(((x & low7) + low7) | x | low7)
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
	s.baseOffset = s.lines.offset + int64(start)
	s.lines = lineReader{}
}

// offset returns how many bytes of the input the records read so far
// took up.
func (s *csvSource) offset() int64 {
	if s.full != nil {
		return s.baseOffset + s.full.InputOffset()
	}
	return s.lines.offset + int64(s.lines.pos)
}

func (s *csvSource) readFull() ([]string, int, error) {
	s.valid, s.short = false, false
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

// lineReader reads input a block of complete lines at a time. It copies
// each block into one string, so that the lines in it, and any substrings
// of them, stay valid without a copy of their own; or, when reuse is set,
// makes the block a view of its buffer, valid only until the next fill.
type lineReader struct {
	r     io.Reader
	buf   []byte // from head on, bytes read but not yet in a block: a partial line
	head  int    // with reuse, buf[:head] is the block
	block string // complete lines
	pos   int    // offset in block of the next line
	line  int    // lines read so far
	err   error  // from r, returned once block is used up
	// reuse makes each block a view of buf rather than a copy, for a
	// caller that keeps nothing of a block past the next fill (see
	// ReadAllFunc): no string of it may reach a caller of the package.
	reuse bool
	// valid reports that the block is valid UTF-8, and so every line of
	// it, since lines and fields end at ASCII bytes.
	valid bool
	// offset is the offset of the block in the input.
	offset int64
}

// blockSize is how much input a lineReader reads at a time; a line longer
// than that grows the buffer. At 32 KiB a block is still a small object
// for the allocator.
const blockSize = 32 << 10

// fill reads the next block: up to the last '\n' read, or everything at
// the end of the input.
func (lr *lineReader) fill() bool {
	if lr.head > 0 {
		// The block, a view of buf, is done with: its room is reused.
		lr.buf = lr.buf[:copy(lr.buf, lr.buf[lr.head:])]
		lr.head = 0
	}
	if lr.err != nil {
		if len(lr.buf) == 0 || lr.err != io.EOF {
			return false
		}
		lr.setBlock(len(lr.buf))
		return true
	}
	if lr.buf == nil {
		lr.buf = make([]byte, 0, blockSize)
	}
	for empty := 0; ; {
		if len(lr.buf) == cap(lr.buf) {
			lr.buf = append(lr.buf, 0)[:len(lr.buf)]
		}
		n, err := lr.r.Read(lr.buf[len(lr.buf):cap(lr.buf)])
		if n == 0 && err == nil {
			if empty++; empty == 100 { // as bufio.Reader gives up
				err = io.ErrNoProgress
			}
		}
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
	lr.setBlock(bytes.LastIndexByte(lr.buf, '\n') + 1)
	return true
}

// setBlock makes the first k bytes of buf, k > 0, the block.
func (lr *lineReader) setBlock(k int) {
	lr.offset += int64(len(lr.block))
	lr.pos = 0
	if lr.reuse {
		lr.block = unsafe.String(unsafe.SliceData(lr.buf), k)
		lr.head = k
	} else {
		lr.block = string(lr.buf[:k])
		lr.buf = lr.buf[:copy(lr.buf, lr.buf[k:])]
	}
	lr.valid = utf8.ValidString(lr.block)
}

// keep ends reuse: the block becomes a copy of its own, so that the
// lines not yet read from it stay valid as a caller reads them.
func (lr *lineReader) keep() {
	if lr.reuse {
		lr.reuse = false
		lr.block = strings.Clone(lr.block)
	}
}

// pending returns the bytes read but not yet in a block.
func (lr *lineReader) pending() []byte { return lr.buf[lr.head:] }
