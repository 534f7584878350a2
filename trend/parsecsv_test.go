package trend

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// csvEvents reads all of in with next and describes each record or error
// with the line it starts on.
func csvEvents(next func() ([]string, int, error)) []string {
	var out []string
	for range 10_000 {
		fields, line, err := next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return append(out, "error: "+err.Error())
			}
			out = append(out, fmt.Sprintf("%d-%d: %v", pe.StartLine, pe.Line, pe.Err))
			continue
		}
		out = append(out, fmt.Sprintf("%d: %q", line, fields))
	}
	return append(out, "too many records")
}

// compareWithFull reads in with the fast path, copying blocks and reusing
// them (as ReadAllFunc does), and with encoding/csv alone, and reports
// whether they agree.
func compareWithFull(t *testing.T, in string, comma rune, chunk bool) {
	t.Helper()
	fast := func(reuse bool) []string {
		var r io.Reader = strings.NewReader(in)
		if chunk {
			r = iotest.OneByteReader(r) // blocks end anywhere
		}
		src := newCSVSource(r, comma)
		src.lines.reuse = reuse
		return csvEvents(src.read) // each record described before the next is read
	}
	got := fast(false)
	require.Equal(t, got, fast(true), "reusing blocks, input %q", in)

	full := csv.NewReader(strings.NewReader(in))
	full.Comma = comma
	full.FieldsPerRecord = -1
	want := csvEvents(func() ([]string, int, error) {
		f, err := full.Read()
		if err != nil {
			return nil, 0, err
		}
		line, _ := full.FieldPos(0)
		return f, line, nil
	})
	require.Equal(t, want, got, "input %q", in)
}

var trickyCSV = []string{
	"",
	"\n",
	"a,b\n",
	"a,b",
	"a,b\r\n",
	"a,b\r",
	"a,b\r\r\n",
	"a\rb,c\n",
	"\r\n\r\na,b\r\n\r\n",
	"\r",
	"h1,h2\n\n\nx,y\n",
	"h1,h2\n  \nx,y\n",
	"h1,h2\nx,\"y\"\nz,w\n",
	"h1,h2\nx,\"y\nstill y\"\nz,w\n",
	"h1,h2\nx,y\"z\nz,w\n",
	"h1,h2\nx,\"y\"z\nz,w\n",
	"h1,h2\nx,\"unterminated\nz,w\n",
	"\"h1\",h2\nx,y\n",
	"\uFEFFh1,h2\nx,y\n",
	"\uFEFF\"h1\",h2\nx,y\n",
	"h1,h2\nx,y,z\na\n,\n,,\n",
	"h1,h2\nx\xff,y\n",
	"h1;h2\nx;y\nx,y;z\n",
	"h1\th2\nx\ty\n",
	"a,b\nc,d\n\"e\r\nf\",g\r\nh,i\r\n",
}

func TestCSVSourceMatchesEncodingCSV(t *testing.T) {
	for _, in := range trickyCSV {
		for _, comma := range []rune{',', ';', '\t', '§'} {
			compareWithFull(t, in, comma, false)
			compareWithFull(t, in, comma, true)
		}
	}
}

func TestCSVSourceLongLines(t *testing.T) {
	long := strings.Repeat("x", 3*blockSize+17)
	in := "h1,h2\n" + long + "," + long + "\n" + "a,b\n" + long
	compareWithFull(t, in, ',', false)
	quoted := "h1,h2\n" + strings.Repeat("a,b\n", blockSize/4) + "\"q\nq\"," + long + "\nc,d\n"
	compareWithFull(t, quoted, ',', false)
}

// TestCSVSourceStringsStay checks that the fields of a fast-path record
// stay valid after later records are read, as Observation's strings must.
func TestCSVSourceStringsStay(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "row%d,%d\n", i, i)
	}
	src := newCSVSource(strings.NewReader(b.String()), ',')
	var kept []string
	for {
		f, _, err := src.read()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		kept = append(kept, f[0])
	}
	require.Len(t, kept, 5000)
	for i, k := range kept {
		assert.Equal(t, fmt.Sprintf("row%d", i), k)
	}
}

// FuzzCSVSource checks that the fast path and encoding/csv read any input
// alike: the same fields, line numbers and errors.
func FuzzCSVSource(f *testing.F) {
	for _, in := range trickyCSV {
		f.Add(in, false)
	}
	f.Add("a,b\nc,d\n", true)
	f.Fuzz(func(t *testing.T, in string, chunk bool) {
		compareWithFull(t, in, ',', chunk)
		compareWithFull(t, in, ';', chunk)
	})
}

func TestSplitRecord(t *testing.T) {
	for _, l := range []string{"", ",", "a", "a,b", ",,,,,,,,,,,,,,,,,", "force-1,effectiveness,2019-05-02,hmic-peel-2014,Good,r1",
		"0123456,89abcdef,", "é,ü,ß,long field with no comma at all", "abcdefgh\\\"ij,kl", "abcdefghijklmnop\"", "\x80", "a,b\r"} {
		for _, after := range []string{"", "\n", "\nnext,line\n", "\n\"q\",\xff,,,,,,,,,"} {
			text := l + after
			got, n, quote := splitRecord(nil, text, ',')
			assert.Equal(t, len(l)+min(len(after), 1), n, "%q", text)
			assert.Equal(t, strings.Contains(l, `"`), quote, "%q", text)
			if !quote {
				assert.Equal(t, strings.Split(l, ","), got, "%q", text)
			}
		}
	}
}

// emptyReader returns no bytes and no error, forever.
type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

func TestCSVSourceNoProgress(t *testing.T) {
	src := newCSVSource(emptyReader{}, ',')
	_, _, err := src.read()
	assert.ErrorIs(t, err, io.ErrNoProgress)
}

// TestCSVSourceReadError checks that an error from the reader, other than
// io.EOF, comes after the complete lines read before it and is final.
func TestCSVSourceReadError(t *testing.T) {
	boom := errors.New("boom")
	src := newCSVSource(io.MultiReader(strings.NewReader("a,b\nc,d\npartial"), iotest.ErrReader(boom)), ',')
	for _, want := range [][]string{{"a", "b"}, {"c", "d"}} {
		f, _, err := src.read()
		require.NoError(t, err)
		assert.Equal(t, want, f)
	}
	_, _, err := src.read()
	assert.ErrorIs(t, err, boom)
	_, _, err = src.read()
	assert.ErrorIs(t, err, boom)
}
