package trend_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/trend"
)

// csvBoth writes the records with encoding/csv and with trend.CSVWriter,
// under the same settings, and returns both outputs and errors. The
// CSVWriter's output is also written a second way, each record in runs of
// fields, by turns appended and encoded before (some under other
// settings): where the two ways differ, got says so.
func csvBoth(records [][]string, comma rune, crlf bool) (want, got string, wantErr, gotErr error) {
	var a, b, c bytes.Buffer
	cw := csv.NewWriter(&a)
	cw.Comma, cw.UseCRLF = comma, crlf
	tw := trend.NewCSVWriter(&b)
	tw.Comma, tw.UseCRLF = comma, crlf
	pw := trend.NewCSVWriter(&c)
	pw.Comma, pw.UseCRLF = comma, crlf
	var partsErr error
	for i, r := range records {
		if err := cw.Write(r); err != nil && wantErr == nil {
			wantErr = err
		}
		if err := tw.Write(r); err != nil && gotErr == nil {
			gotErr = err
		}
		if err := writeInParts(pw, r, i); err != nil && partsErr == nil {
			partsErr = err
		}
	}
	cw.Flush()
	tw.Flush()
	pw.Flush()
	got = b.String()
	if parts := c.String(); parts != got || (cmpOr(partsErr, pw.Error()) == nil) != (cmpOr(gotErr, tw.Error()) == nil) {
		got = fmt.Sprintf("%s\nwritten in parts (error %v):\n%s", got, cmpOr(partsErr, pw.Error()), parts)
	}
	return a.String(), got, cmpOr(wantErr, cw.Error()), cmpOr(gotErr, tw.Error())
}

// writeInParts writes record with w in runs of 1, 2, 3... fields, by turns
// appended and encoded, the encoded ones of every other record under
// another line end or delimiter than w's.
func writeInParts(w *trend.CSVWriter, record []string, i int) error {
	enc := trend.NewCSVWriter(nil)
	enc.Comma, enc.UseCRLF = w.Comma, w.UseCRLF
	switch i % 4 {
	case 1:
		enc.UseCRLF = !w.UseCRLF
	case 3:
		enc.Comma = ';'
		if w.Comma == ';' {
			enc.Comma = ','
		}
	}
	for k, n := 0, 1; k < len(record); n++ {
		run := record[k:min(k+n, len(record))]
		if n%2 == 1 {
			w.AppendFields(run...)
		} else {
			w.AppendEncoded(enc.Encode(run...))
		}
		k += len(run)
	}
	return w.EndRecord()
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func TestCSVWriterAsEncodingCSV(t *testing.T) {
	records := [][]string{
		{"subject", "area", "date"},
		{"Leicestershire", "overall", "2019-05-02"},
		{""},
		{},
		{"", ""},
		{`\.`, `\.x`, `x\.`},
		{" leading space", "trailing space ", "\tleading tab", "\u00a0no-break space first", "\u2003em space first", "in side"},
		{"a,b", "a;b", "a\tb", `say "hi"`, "two\nlines", "cr\rhere", "crlf\r\nthere", `"`},
		{"twelve bytes", "exactly8", "1234567,", ",2345678", "12345678901234567\"", "é,", "日本,語"},
		{"=cmd", "+1", "-1", "@x"},
	}
	for _, comma := range []rune{',', ';', '\t', '|', 'é', '日'} {
		for _, crlf := range []bool{false, true} {
			want, got, wantErr, gotErr := csvBoth(records, comma, crlf)
			require.NoError(t, wantErr)
			require.NoError(t, gotErr)
			assert.Equal(t, want, got, "comma %q, crlf %v", comma, crlf)
		}
	}
	long := strings.Repeat("x", 100<<10) + ",y"
	want, got, _, _ := csvBoth([][]string{{long, "z"}, {"a"}}, ',', false)
	assert.Equal(t, want, got, "a record longer than the buffer")
}

// TestCSVWriterSettingsChanged checks that a field written again after
// Comma or UseCRLF changed is written for the new settings.
func TestCSVWriterSettingsChanged(t *testing.T) {
	var a, b bytes.Buffer
	cw, tw := csv.NewWriter(&a), trend.NewCSVWriter(&b)
	for _, s := range []struct {
		comma rune
		crlf  bool
	}{{',', false}, {',', true}, {';', true}, {';', false}, {',', false}} {
		cw.Comma, cw.UseCRLF = s.comma, s.crlf
		tw.Comma, tw.UseCRLF = s.comma, s.crlf
		for _, r := range [][]string{{"a,b", "two\nlines"}, {"a,b", "two\nlines"}} {
			require.NoError(t, cw.Write(r))
			require.NoError(t, tw.Write(r))
		}
	}
	cw.Flush()
	tw.Flush()
	assert.Equal(t, a.String(), b.String())
}

// TestCSVWriterRepeatsQuoted checks that fields written again, as rows
// repeat a few that need quotes, come out as encoding/csv writes them.
func TestCSVWriterRepeatsQuoted(t *testing.T) {
	var records [][]string
	for i := range 50 {
		records = append(records, []string{"x", fmt.Sprintf("caveat %d, with a comma", i%6), "y", "say \"so\"", "two\nlines"})
	}
	want, got, _, _ := csvBoth(records, ',', false)
	assert.Equal(t, want, got)
}

func TestCSVWriterBadDelimiter(t *testing.T) {
	for _, comma := range []rune{0, '"', '\r', '\n', utf8.RuneError, -1} {
		_, _, wantErr, gotErr := csvBoth([][]string{{"a", "b"}}, comma, false)
		require.Error(t, wantErr)
		require.Error(t, gotErr, "comma %q", comma)
		assert.Equal(t, wantErr.Error(), gotErr.Error())
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

var errDiskFull = errors.New("disk full")

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errDiskFull
	}
	f.n -= len(p)
	return len(p), nil
}

func TestCSVWriterErrorsStick(t *testing.T) {
	w := trend.NewCSVWriter(&failingWriter{n: 10})
	require.NoError(t, w.Write([]string{"a", "b"}), "held in the buffer")
	w.Flush()
	require.NoError(t, w.Error())
	row := []string{strings.Repeat("x", 70<<10)}
	assert.ErrorIs(t, w.Write(row), errDiskFull, "a full buffer is written out")
	assert.ErrorIs(t, w.Write([]string{"c"}), errDiskFull, "the error sticks")
	w.Flush()
	assert.ErrorIs(t, w.Error(), errDiskFull)
	assert.ErrorIs(t, w.WriteAll([][]string{{"d"}}), errDiskFull)
}

func TestCSVWriterWriteAll(t *testing.T) {
	var b bytes.Buffer
	w := trend.NewCSVWriter(&b)
	require.NoError(t, w.WriteAll([][]string{{"a", "b c"}, {" d"}}))
	assert.Equal(t, "a,b c\n\" d\"\n", b.String(), "WriteAll flushes")
}

// FuzzCSVWriter checks that CSVWriter writes what encoding/csv writes for
// any fields, delimiter and line ending. The input is split into records
// at '\x00' and into fields at '\x01'.
func FuzzCSVWriter(f *testing.F) {
	for _, seed := range []struct {
		in    string
		comma rune
		crlf  bool
	}{
		{"a\x01b\x00c", ',', false},
		{"\"quoted\"\x01 space\x01\\.\x00\r\n", ',', true},
		{"x;y\x01z", ';', false},
		{"\t\x01a\tb\x01\u00a0", '\t', false},
		{"é\x01日本\x00\xff\xfe", 'é', false},
		{"12345678,\x01abcdefgh\x01\x00\x00", ',', false},
		{"", ',', false},
	} {
		f.Add(seed.in, seed.comma, seed.crlf)
	}
	f.Fuzz(func(t *testing.T, in string, comma rune, crlf bool) {
		var records [][]string
		for _, r := range strings.Split(in, "\x00") {
			records = append(records, strings.Split(r, "\x01"))
		}
		want, got, wantErr, gotErr := csvBoth(records, comma, crlf)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("errors differ: encoding/csv %v, CSVWriter %v", wantErr, gotErr)
		}
		if want != got {
			t.Fatalf("comma %q, crlf %v, records %q:\nencoding/csv %q\nCSVWriter    %q", comma, crlf, records, want, got)
		}
	})
}

// TestCSVWriterParts checks records written in parts: a run encoded once
// and added to many records, a Flush while a record is under way, which
// keeps it, and Write after AppendFields, which ends that record.
func TestCSVWriterParts(t *testing.T) {
	var b bytes.Buffer
	w := trend.NewCSVWriter(&b)
	run := w.Encode("Good", "caveat, with a comma", "3")
	assert.Equal(t, 3, run.Len())
	w.AppendFields("force 1", " spaced")
	w.AppendEncoded(run)
	w.Flush()
	assert.Empty(t, b.String(), "a record under way is not written")
	require.NoError(t, w.EndRecord())
	w.AppendEncoded(w.Encode())
	require.NoError(t, w.EndRecord())
	w.AppendFields("a")
	require.NoError(t, w.Write([]string{"b", "c"}))
	lines := w.Encode("two\nlines")
	w.UseCRLF = true
	w.AppendEncoded(lines)
	require.NoError(t, w.EndRecord())
	w.Flush()
	assert.Equal(t, "force 1,\" spaced\",Good,\"caveat, with a comma\",3\n\na,b,c\n\"two\r\nlines\"\r\n", b.String(),
		"a run encoded before UseCRLF changed is encoded again")
}
