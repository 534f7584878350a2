package trend

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/require"
)

// compareReuse reads in with and without reuse of the input's memory, a
// byte at a time when chunk is set, and checks that the records and errors
// are the same, each taken as read.
func compareReuse(t *testing.T, in string, comma rune, chunk bool) {
	t.Helper()
	read := func(reuse bool) []string {
		var r io.Reader = strings.NewReader(in)
		if chunk {
			r = iotest.OneByteReader(r)
		}
		src := newCSVSource(r, comma)
		src.lines.reuse = reuse
		return csvEvents(src.read)
	}
	require.Equal(t, read(false), read(true), "input %q", in)
}

func TestCSVSourceReuse(t *testing.T) {
	long := strings.Repeat("x", 3*blockSize+17)
	inputs := append([]string{
		strings.Repeat("a,b,c\n", blockSize/2) + "d,e,f",
		"h\n" + long + "\n" + long + ",y\nlast",
		strings.Repeat("row,1\r\n", blockSize/3) + "\"q\nq\",2\nz,3\n",
	}, trickyCSV...)
	for _, in := range inputs {
		for _, chunk := range []bool{false, true} {
			compareReuse(t, in, ',', chunk)
			compareReuse(t, in, ';', chunk)
		}
	}
}

// FuzzCSVSourceReuse checks that reading into the same memory again and
// again gives the same records and errors as copying each block.
func FuzzCSVSourceReuse(f *testing.F) {
	for _, in := range trickyCSV {
		f.Add(in, false)
	}
	f.Add("a,b\nc,d\n", true)
	f.Fuzz(func(t *testing.T, in string, chunk bool) {
		compareReuse(t, in, ',', chunk)
	})
}
