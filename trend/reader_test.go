package trend_test

import (
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// result is what a reader gave for one record: an observation or an error.
type result struct {
	line int
	obs  trend.Observation
	vals []string
	err  error
}

func readAll(t *testing.T, rd *trend.Reader) []result {
	t.Helper()
	var out []result
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var re *trend.RowError
			require.ErrorAs(t, err, &re)
			out = append(out, result{line: re.Line, err: err})
			continue
		}
		out = append(out, result{line: rec.Line, obs: rec.Observation, vals: append([]string(nil), rec.Values...)})
	}
}

// testRegistry holds the built-in scales and two of a family whose eras
// overlap from 2005 to 2010.
var testRegistry = sync.OnceValue(func() *scale.Registry {
	reg := new(scale.Registry)
	if err := reg.Register(slices.Collect(scale.All())...); err != nil {
		panic(err)
	}
	for _, era := range []struct{ id, from, until string }{{"test-overlap-a", "2000", "2010"}, {"test-overlap-b", "2005", ""}} {
		var e scale.Era
		if err := e.UnmarshalJSON([]byte(`{"from": "` + era.from + `", "until": "` + era.until + `"}`)); err != nil {
			panic(err)
		}
		s, err := scale.New(scale.Definition{ID: era.id, Name: era.id, Issuer: "Test", Family: "test-overlap", Era: e,
			Levels: []scale.LevelDefinition{{Label: "Poor"}, {Label: "Good"}}})
		if err == nil {
			err = reg.Register(s)
		}
		if err != nil {
			panic(err)
		}
	}
	return reg
})

func readCSV(t *testing.T, text string) []result {
	t.Helper()
	rd, err := trend.NewReader(strings.NewReader(text), &trend.ReadOptions{Format: trend.FormatCSV, Registry: testRegistry()})
	require.NoError(t, err)
	return readAll(t, rd)
}

func TestCSVReader(t *testing.T) {
	in := "\uFEFFNote, Grade ,SCALE,date,area,subject\n" +
		"seed 003,Good,hmic-pledge-2009,2009-10,overall,Leicestershire\n" +
		"\n" + // blank lines are not records
		"\"two\nlines\",requiring improvement,hmic-peel-2014,2017-03,effectiveness,Leicestershire\n" +
		"seed 001,  good ,hmicfrs-police,2019-05-02, effectiveness ,Leicestershire\n"
	rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatCSV})
	require.NoError(t, err)
	assert.Equal(t, []string{"Note", " Grade ", "SCALE", "date", "area", "subject"}, rd.Header())
	got := readAll(t, rd)
	require.Len(t, got, 3)
	assert.Equal(t, []int{2, 4, 6}, []int{got[0].line, got[1].line, got[2].line})
	for _, r := range got {
		require.NoError(t, r.err)
		assert.Equal(t, "Leicestershire", r.obs.Subject)
	}
	assert.Equal(t, grade.MustParseQualified("hmic-pledge-2009:Good"), got[0].obs.Grade)
	assert.Equal(t, trend.Month, got[0].obs.Precision)
	assert.Equal(t, day("2009-10-01"), got[0].obs.Date)
	assert.Equal(t, "two\nlines", got[1].vals[0], "other columns are carried through untouched")
	assert.Equal(t, grade.MustParseQualified("hmic-peel-2014:Requires improvement"), got[1].obs.Grade)
	assert.Equal(t, grade.MustParseQualified("hmic-peel-2014:Good"), got[2].obs.Grade, "a family stands for the scale in force")
	assert.Equal(t, "effectiveness", got[2].obs.Area)
	assert.Equal(t, trend.Day, got[2].obs.Precision)
}

func TestRecordIndex(t *testing.T) {
	rd, err := trend.NewReader(strings.NewReader("x,grade,scale,date,area,subject\n1,Good,hmic-peel-2014,2019,a,s\n"), &trend.ReadOptions{Format: trend.FormatCSV})
	require.NoError(t, err)
	rec, err := rd.Next()
	require.NoError(t, err)
	assert.Equal(t, 0, rec.Index("x"))
	assert.Equal(t, 1, rec.Index("grade"))
	assert.Equal(t, 5, rec.Index("subject"))
	assert.Equal(t, -1, rec.Index("nope"))
	assert.Equal(t, []string{"subject", "area", "date", "scale", "grade"}, trend.Columns())
}

// badRows lists every kind of rejected row, each with what it must wrap.
var badRows = []struct {
	name, row string
	want      error
	field     string
}{
	{"unknown scale", "s,a,2019-05-02,hmic-peel-2099,Good", trend.ErrUnknownScale, "scale"},
	{"unknown family", "s,a,2019-05-02,no-such-family,Good", scale.ErrUnknownFamily, "scale"},
	{"label not on the scale", "s,a,2019-05-02,hmic-peel-2014,Adequate", grade.ErrUnknownLabel, "grade"},
	{"bad date", "s,a,2019-02-30,hmic-peel-2014,Good", trend.ErrBadDate, "date"},
	{"date in no era", "s,a,2012-06-01,hmicfrs-police,Good", scale.ErrNotInForce, "date"},
	{"date in two eras", "s,a,2006-06-01,test-overlap,Good", scale.ErrOverlap, "date"},
	{"year spanning two scales", "s,a,2023,hmicfrs-police,Good", scale.ErrOverlap, "date"},
	{"year in no era", "s,a,2012,hmicfrs-police,Good", scale.ErrNotInForce, "date"},
	{"missing subject", ",a,2019,hmic-peel-2014,Good", trend.ErrMissingField, "subject"},
	{"missing area", "s, ,2019,hmic-peel-2014,Good", trend.ErrMissingField, "area"},
	{"missing date", "s,a,,hmicfrs-police,Good", trend.ErrMissingField, "date"},
	{"missing scale", "s,a,2019,,Good", trend.ErrMissingField, "scale"},
	{"too few fields", "s,a,2019,hmic-peel-2014", trend.ErrMalformed, ""},
	{"too many fields", "s,a,2019,hmic-peel-2014,Good,extra", trend.ErrMalformed, ""},
	{"bare quote", `s,a"b,2019,hmic-peel-2014,Good`, trend.ErrMalformed, ""},
	{"stray quote", `s,"a"b,2019,hmic-peel-2014,Good`, trend.ErrMalformed, ""},
	{"invalid UTF-8", "s,a\xff,2019,hmic-peel-2014,Good", trend.ErrInvalidUTF8, "area"},
	{"code not on the scale", "s,a,2019,ofsted-schools-2012,5", grade.ErrUnknownCode, "grade"},
	{"code on a scale without codes", "s,a,2019,hmic-peel-2014,2", grade.ErrNoCodes, "grade"},
}

func TestCSVReaderRejects(t *testing.T) {
	// Each bad row between two good ones: the bad row is reported with
	// its line and nothing else is lost.
	for _, tc := range badRows {
		t.Run(tc.name, func(t *testing.T) {
			in := "subject,area,date,scale,grade\n" +
				"s,a,2019-05-02,hmic-peel-2014,Good\n" +
				tc.row + "\n" +
				"s,a,2019-05-03,hmic-peel-2014,Outstanding\n"
			got := readCSV(t, in)
			require.Len(t, got, 3)
			assert.NoError(t, got[0].err)
			assert.Equal(t, 2, got[0].line)
			require.Error(t, got[1].err)
			assert.ErrorIs(t, got[1].err, tc.want)
			var re *trend.RowError
			require.ErrorAs(t, got[1].err, &re)
			assert.Equal(t, 3, re.Line)
			assert.Equal(t, tc.field, re.Field)
			assert.True(t, strings.HasPrefix(re.Error(), "trend: line 3: "), re.Error())
			assert.NotEmpty(t, re.Reason())
			assert.NoError(t, got[2].err)
			assert.Equal(t, 4, got[2].line)
		})
	}
}

func TestCSVReaderAllBadRowsAtOnce(t *testing.T) {
	var b strings.Builder
	b.WriteString("subject,area,date,scale,grade\n")
	for _, tc := range badRows {
		b.WriteString(tc.row + "\n")
	}
	got := readCSV(t, b.String())
	require.Len(t, got, len(badRows))
	for i, tc := range badRows {
		assert.Equal(t, i+2, got[i].line, tc.name)
		assert.ErrorIs(t, got[i].err, tc.want, tc.name)
	}
}

func TestCSVReaderMultiLineErrors(t *testing.T) {
	in := "subject,area,date,scale,grade\n" +
		"\"a\nb\",x,2019,hmic-peel-2014,Nope\n" + // lines 2-3, bad label
		"s,\"x\ny\"z,2019,hmic-peel-2014,Good\n" + // lines 4-5, stray quote on line 5
		"s,a,2019,hmic-peel-2014,Good\n" + // line 6
		"s,\"unterminated,2019,hmic-peel-2014,Good\n" + // line 7 to the end
		"s,a,2019,hmic-peel-2014,Good\n"
	got := readCSV(t, in)
	require.Len(t, got, 4)
	assert.Equal(t, []int{2, 4, 6, 7}, []int{got[0].line, got[1].line, got[2].line, got[3].line})
	assert.ErrorIs(t, got[0].err, grade.ErrUnknownLabel)
	assert.ErrorIs(t, got[1].err, trend.ErrMalformed)
	assert.Contains(t, got[1].err.Error(), "on line 5")
	assert.NoError(t, got[2].err)
	assert.ErrorIs(t, got[3].err, trend.ErrMalformed)
}

func TestRowErrorMessages(t *testing.T) {
	got := readCSV(t, "subject,area,date,scale,grade\n"+
		"s,a,2019,hmic-peel-2014,Great\n"+
		"s,a,2012,hmicfrs-police,Good\n"+
		"s,a,2023,hmicfrs-police,Good\n"+
		"s,a,2006-06-01,test-overlap,Good\n"+
		"s,a,2019,nope,Good\n"+
		"s,a,19,hmic-peel-2014,Good\n"+
		",a,2019,hmic-peel-2014,Good\n")
	var reasons []string
	for _, r := range got {
		var re *trend.RowError
		require.ErrorAs(t, r.err, &re)
		reasons = append(reasons, re.Reason())
	}
	assert.Equal(t, []string{
		`grade "Great": not a label of scale hmic-peel-2014 (labels: Inadequate, Requires improvement, Good, Outstanding); to skip or map values that are not grades, see Missing and Recode (-missing, -recode)`,
		`date "2012": no scale of family hmicfrs-police was in force at any time in 2012`,
		`date "2023": more than one scale of family hmicfrs-police was in force during 2023 (hmicfrs-peel-2021, hmicfrs-peel-2023); give the scale ID or a fuller date; the grade "Good" is on more than one of them`,
		`date "2006-06-01": more than one scale of family test-overlap was in force on 2006-06-01 (test-overlap-a, test-overlap-b); give the scale ID; the grade "Good" is on more than one of them`,
		`scale "nope": not a known scale or family`,
		`date "19": not a date: want YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD, an ISO date with a time, DD/MM/YYYY or DD/MM/YY (MM/DD with DateOrder MonthDayYear)`,
		`subject: missing`,
	}, reasons)
}

func TestFamilyResolution(t *testing.T) {
	for _, tc := range []struct{ date, want string }{
		{"2009-10", "hmic-pledge-2009"}, // month at the start of an era
		{"2019", "hmic-peel-2014"},      // a year wholly inside one era
		{"2020", "hmic-peel-2014"},      // 2014 scale until 2020-02, then none: one candidate
		{"2022", "hmicfrs-peel-2021"},   // the only scale in force in 2022, though from March
		{"2009", "hmic-pledge-2009"},    // the only scale in force in 2009, though from October
		{"2022-12-31", "hmicfrs-peel-2021"},
		{"2024-01", "hmicfrs-peel-2023"},
	} {
		got := readCSV(t, "subject,area,date,scale,grade\ns,a,"+tc.date+",hmicfrs-police,Good\n")
		require.Len(t, got, 1)
		require.NoError(t, got[0].err, tc.date)
		assert.Equal(t, tc.want, got[0].obs.Grade.Scale().ID(), tc.date)
	}
	// A scale ID is taken as given, even for a date outside its era.
	got := readCSV(t, "subject,area,date,scale,grade\ns,a,2030,hmic-peel-2014,Good\n")
	require.NoError(t, got[0].err)
}

func TestCSVReaderHeader(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"missing columns", "subject,area,date\n", "missing column(s) scale, grade"},
		{"column twice", "subject,area,date,scale,grade,Date\n", `column "date" appears twice`},
		{"malformed", "subject,\"area\n", "malformed CSV header"},
		{"invalid UTF-8", "subject,area,date,scale,grade,\xff\n", "invalid UTF-8"},
	} {
		_, err := trend.NewReader(strings.NewReader(tc.in), &trend.ReadOptions{Format: trend.FormatCSV})
		require.Error(t, err, tc.name)
		assert.ErrorIs(t, err, trend.ErrHeader, tc.name)
		assert.Contains(t, err.Error(), tc.want, tc.name)
		var re *trend.RowError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 1, re.Line)
	}
	rd, err := trend.NewReader(strings.NewReader(""), &trend.ReadOptions{Format: trend.FormatCSV})
	require.NoError(t, err, "empty input has no header and no records")
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err)
	rd, err = trend.NewReader(strings.NewReader("subject,area,date,scale,grade\n"), &trend.ReadOptions{Format: trend.FormatCSV})
	require.NoError(t, err)
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err)
}

// TestReaderBOMOnly: input of only a byte order mark, perhaps with blank
// lines, reads as empty input does, as CSV and as JSON; a byte order mark
// before a header or array is skipped.
func TestReaderBOMOnly(t *testing.T) {
	for _, in := range []string{"\uFEFF", "\uFEFF\n", "\uFEFF\r\n\n"} {
		rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatCSV})
		require.NoError(t, err, "%q", in)
		_, err = rd.Next()
		assert.Equal(t, io.EOF, err, "%q", in)
		rd, err = trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatJSON})
		require.NoError(t, err, "%q", in)
		_, err = rd.Next()
		assert.Equal(t, io.EOF, err, "%q", in)
	}
	for _, in := range []string{"\uFEFFsubject,area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n",
		"\uFEFF\"subject\",area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n"} {
		got := readCSV(t, in)
		require.Len(t, got, 1, "%q", in)
		require.NoError(t, got[0].err, "%q", in)
		assert.Equal(t, "hmic-peel-2014:Good", got[0].obs.Grade.String())
	}
	rd, err := trend.NewReader(strings.NewReader("\uFEFF[]"), &trend.ReadOptions{Format: trend.FormatJSON})
	require.NoError(t, err)
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err)
}

type failingReader struct{ data string }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReaderIOError(t *testing.T) {
	rd, err := trend.NewReader(&failingReader{"subject,area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n"}, &trend.ReadOptions{Format: trend.FormatCSV})
	require.NoError(t, err)
	var errs []error
	for _, err := range rd.All() {
		errs = append(errs, err)
	}
	require.Len(t, errs, 2)
	assert.NoError(t, errs[0])
	assert.EqualError(t, errs[1], "disk on fire")
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err, "a final error ends the input")

	_, err = trend.NewReader(&failingReader{""}, &trend.ReadOptions{Format: trend.FormatJSON})
	assert.EqualError(t, err, "disk on fire")
	_, err = trend.NewReader(&failingReader{""}, nil)
	assert.EqualError(t, err, "disk on fire", "an error while looking at the start of the input")
}

func readJSON(t *testing.T, text string) []result {
	t.Helper()
	rd, err := trend.NewReader(strings.NewReader(text), &trend.ReadOptions{Format: trend.FormatJSON, Registry: testRegistry()})
	require.NoError(t, err)
	return readAll(t, rd)
}

func TestJSONReader(t *testing.T) {
	in := "\uFEFF[\n" +
		`  {"subject": "Leicestershire", "area": "overall", "date": "2009-10", "scale": "hmic-pledge-2009", "grade": "Good", "n": 3},` + "\n" +
		"  {\n" +
		`    "grade": "requiring improvement", "scale": "hmicfrs-police", "date": "2017-03",` + "\n" +
		`    "area": "effectiveness", "subject": "Leicestershire", "extra": {"a": [1, 2]}, "x": null` + "\n" +
		"  },\n" +
		`  {"subject": "s", "area": "a", "date": 2019, "scale": "hmic-peel-2014", "grade": "Good"}` + "\n" +
		"]\n"
	rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatJSON})
	require.NoError(t, err)
	assert.Nil(t, rd.Header())
	rec, err := rd.Next()
	require.NoError(t, err)
	assert.Equal(t, 2, rec.Line)
	assert.Equal(t, []string{"subject", "area", "date", "scale", "grade", "n"}, rec.Columns)
	assert.Equal(t, "3", rec.Values[5])
	assert.Equal(t, `3`, string(rec.Raw[5]))
	rec, err = rd.Next()
	require.NoError(t, err)
	assert.Equal(t, 3, rec.Line)
	assert.Equal(t, "hmic-peel-2014:Requires improvement", rec.Observation.Grade.String())
	assert.Equal(t, `{"a": [1, 2]}`, rec.Values[5])
	assert.Equal(t, "", rec.Values[6], "null reads as empty")
	assert.Equal(t, 4, rec.Index("subject"))
	rec, err = rd.Next()
	require.NoError(t, err, "a number is read as its text")
	assert.Equal(t, 7, rec.Line)
	assert.Equal(t, trend.Year, rec.Observation.Precision)
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err)
}

func TestJSONReaderRejects(t *testing.T) {
	for _, tc := range badRows {
		if tc.want == trend.ErrMalformed {
			continue // CSV only
		}
		f := strings.Split(tc.row, ",")
		obj := `{"subject": "` + f[0] + `", "area": "` + f[1] + `", "date": "` + f[2] + `", "scale": "` + f[3] + `", "grade": "` + f[4] + `"}`
		in := "[\n" + `{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"},` + "\n" +
			obj + ",\n" + `{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"}` + "\n]"
		got := readJSON(t, in)
		require.Len(t, got, 3, tc.name)
		assert.NoError(t, got[0].err)
		assert.ErrorIs(t, got[1].err, tc.want, tc.name)
		assert.Equal(t, 3, got[1].line, tc.name)
		assert.NoError(t, got[2].err)
		assert.Equal(t, 4, got[2].line)
	}
	got := readJSON(t, "[\n1,\n"+`{"subject": "s", "subject": "t"},`+"\n"+
		`{"subject": "s", "area": "a", "date": true, "scale": "x", "grade": "y"},`+"\n"+
		`{"area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"}`+"\n]")
	require.Len(t, got, 4)
	assert.Equal(t, []int{2, 3, 4, 5}, []int{got[0].line, got[1].line, got[2].line, got[3].line})
	assert.ErrorIs(t, got[0].err, trend.ErrMalformed)
	assert.Contains(t, got[1].err.Error(), "key appears twice")
	assert.Contains(t, got[2].err.Error(), "want a string")
	assert.ErrorIs(t, got[3].err, trend.ErrMissingField)
}

func TestJSONReaderMalformed(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		line     int
	}{
		{"syntax error", "[\n" + `{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"},` + "\n{\"x\" 1}\n]", 3},
		{"unclosed array", "[\n" + `{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"}` + "\n", 3},
		{"data after the array", "[\n" + `{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"}` + "\n]\n[]", 4},
	} {
		got := readJSON(t, tc.in)
		require.Len(t, got, 2, tc.name)
		assert.NoError(t, got[0].err, tc.name)
		assert.ErrorIs(t, got[1].err, trend.ErrMalformed, tc.name)
		assert.Equal(t, tc.line, got[1].line, tc.name)
	}
	got := readJSON(t, "[{\"subject\": \"\xff\"}]")
	require.Len(t, got, 1)
	assert.ErrorIs(t, got[0].err, trend.ErrInvalidUTF8)

	_, err := trend.NewReader(strings.NewReader(`{"subject": "s"}`), &trend.ReadOptions{Format: trend.FormatJSON})
	assert.ErrorIs(t, err, trend.ErrMalformed)
	_, err = trend.NewReader(strings.NewReader(`nope`), &trend.ReadOptions{Format: trend.FormatJSON})
	assert.ErrorIs(t, err, trend.ErrMalformed)
	assert.Empty(t, readJSON(t, ""))
	assert.Empty(t, readJSON(t, " [ ] "))
}

// TestCSVUnterminatedQuote: a quote left open swallows the rest of the
// input into one error, which says how many lines it stands for, so that
// lines in = rows read + lines not read as rows.
func TestCSVUnterminatedQuote(t *testing.T) {
	in := "subject,area,date,scale,grade\n" +
		"s,a,2019,hmic-peel-2014,Good\n" +
		"\"s2,a,2019,hmic-peel-2014,Good\n" +
		"s3,a,2019,hmic-peel-2014,Good\n" +
		"s4,a,2019,hmic-peel-2014,Good\n"
	got := readCSV(t, in)
	require.Len(t, got, 2)
	require.NoError(t, got[0].err)
	var re *trend.RowError
	require.ErrorAs(t, got[1].err, &re)
	assert.ErrorIs(t, re, trend.ErrMalformed)
	assert.ErrorIs(t, re, csv.ErrQuote)
	assert.Equal(t, 3, re.Line)
	assert.Equal(t, `malformed CSV record: extraneous or missing " in quoted-field (on line 5; 3 lines, 3 to 5, were not read as rows)`, re.Reason())
}

// TestReaderFamilyCacheAgrees: a reader, which keeps which scale of a
// family was in force for each date it has read, resolves every date as
// NewObservation does, which asks the registry each time, for a family
// whose eras were given with a time of day: a scale that ends at 10:00 on
// a day and its successor that begins then were both in force on that
// day, which is ambiguous.
func TestReaderFamilyCacheAgrees(t *testing.T) {
	reg := new(scale.Registry)
	boundary := time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC)
	for _, era := range []scale.Era{
		{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), Until: boundary},
		{From: boundary},
	} {
		id := "test-clock-" + strconv.Itoa(era.From.Year())
		s, err := scale.New(scale.Definition{ID: id, Name: id, Issuer: "Test", Family: "test-clock", Era: era,
			Levels: []scale.LevelDefinition{{Label: "Poor"}, {Label: "Good"}}})
		require.NoError(t, err)
		require.NoError(t, reg.Register(s))
	}
	dates := []string{"2019-12-31", "2020-01-01", "2020-01-02", "2019-12", "2020-01", "2020-02", "2019", "2020", "2021", "1999"}
	var in strings.Builder
	in.WriteString("subject,area,date,scale,grade\n")
	for range 2 { // the second time from what the reader kept
		for _, d := range dates {
			in.WriteString("s,a," + d + ",test-clock,Good\n")
		}
	}
	rd, err := trend.NewReader(strings.NewReader(in.String()), &trend.ReadOptions{Format: trend.FormatCSV, Registry: reg})
	require.NoError(t, err)
	got := readAll(t, rd)
	require.Len(t, got, 2*len(dates))
	for i, r := range got {
		d := dates[i%len(dates)]
		want, wantErr := trend.NewObservation(reg, trend.Fields{Subject: "s", Area: "a", Date: d, Scale: "test-clock", Grade: "Good"})
		if wantErr != nil {
			var wantRE, gotRE *trend.RowError
			require.ErrorAs(t, wantErr, &wantRE, d)
			require.ErrorAs(t, r.err, &gotRE, d)
			assert.Equal(t, wantRE.Reason(), gotRE.Reason(), d)
			continue
		}
		require.NoError(t, r.err, d)
		assert.Equal(t, want, r.obs, d)
	}
	_, err = trend.NewObservation(reg, trend.Fields{Subject: "s", Area: "a", Date: "2020-01-01", Scale: "test-clock", Grade: "Good"})
	assert.ErrorIs(t, err, scale.ErrOverlap, "both scales were in force on the day of the change")
}

// TestReaderFamiliesAgree: for every built-in family, every day, month and
// year from 2005 to 2026, read twice, a reader resolves the date as
// NewObservation does, which asks the registry each time.
func TestReaderFamiliesAgree(t *testing.T) {
	var dates []string
	for y := 2005; y <= 2026; y++ {
		dates = append(dates, strconv.Itoa(y))
		for m := time.January; m <= time.December; m++ {
			first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
			dates = append(dates, first.Format("2006-01"))
			for d := first; d.Month() == m; d = d.AddDate(0, 0, 1) {
				dates = append(dates, d.Format(time.DateOnly))
			}
		}
	}
	families := make(map[string]bool)
	for s := range scale.All() {
		families[s.Family()] = true
	}
	for family := range families {
		label := ""
		for s := range scale.Default().Family(family) {
			for l := range s.Levels() {
				label = l.Label() // the worst label of the first scale
				break
			}
			break
		}
		var in strings.Builder
		in.WriteString("subject,area,date,scale,grade\n")
		for range 2 {
			for _, d := range dates {
				in.WriteString("s,a," + d + "," + family + "," + label + "\n")
			}
		}
		rd, err := trend.NewReader(strings.NewReader(in.String()), &trend.ReadOptions{Format: trend.FormatCSV})
		require.NoError(t, err)
		got := readAll(t, rd)
		require.Len(t, got, 2*len(dates))
		for i, r := range got {
			d := dates[i%len(dates)]
			want, wantErr := trend.NewObservation(nil, trend.Fields{Subject: "s", Area: "a", Date: d, Scale: family, Grade: label})
			if wantErr != nil {
				var wantRE, gotRE *trend.RowError
				require.ErrorAs(t, wantErr, &wantRE, "%s %s", family, d)
				require.ErrorAs(t, r.err, &gotRE, "%s %s", family, d)
				require.Equal(t, wantRE.Reason(), gotRE.Reason(), "%s %s", family, d)
				continue
			}
			require.NoError(t, r.err, "%s %s", family, d)
			require.Equal(t, want, r.obs, "%s %s", family, d)
		}
	}
}

// reuseInput is CSV of n rows, many blocks long, whose every tenth row has
// a grade that is not on its scale and every seventh an unknown scale.
func reuseInput(n int) string {
	var b strings.Builder
	b.WriteString("subject,area,date,scale,grade\n")
	for i := range n {
		scaleID, label := "hmic-peel-2014", "Good"
		switch {
		case i%7 == 3:
			scaleID = "no-such-scale-" + strconv.Itoa(i)
		case i%10 == 5:
			label = "Great " + strconv.Itoa(i)
		}
		b.WriteString("force " + strconv.Itoa(i%300) + ",area " + strconv.Itoa(i) + ",2016-0" + strconv.Itoa(1+i%9) + "-1" + strconv.Itoa(i%10) + "," + scaleID + "," + label + "\n")
	}
	return b.String()
}

// TestReadAllErrorsStay checks that what ReadAll returns, which it reads
// without copying the input's blocks into strings, never changes: the
// errors' values and messages, and the observations' strings, are those
// of a reading record by record with Next.
func TestReadAllErrorsStay(t *testing.T) {
	in := reuseInput(40_000) // about 40 blocks
	rd, err := trend.NewReader(strings.NewReader(in), nil)
	require.NoError(t, err)
	obs, rejected, err := trend.ReadAll(rd)
	require.NoError(t, err)

	rd, err = trend.NewReader(strings.NewReader(in), nil)
	require.NoError(t, err)
	var wantObs []trend.Observation
	var want []string
	for rec, err := range rd.All() {
		if err != nil {
			var re *trend.RowError
			require.ErrorAs(t, err, &re)
			want = append(want, re.Error()+" | "+re.Value)
			continue
		}
		wantObs = append(wantObs, rec.Observation)
	}
	got := make([]string, len(rejected))
	for i, re := range rejected {
		got[i] = re.Error() + " | " + re.Value
	}
	require.NotEmpty(t, want)
	assert.Equal(t, want, got)
	assert.Equal(t, wantObs, obs)
	var ge *grade.ParseError
	require.ErrorAs(t, rejected[1], &ge)
	assert.Equal(t, "Great 5", ge.Label)
}

// TestReadAllFuncThenNext checks that a reader stopped by ReadAllFunc's
// callback goes on with Next, and that the records it then hands out,
// from the block ReadAllFunc was reading, keep their strings.
func TestReadAllFuncThenNext(t *testing.T) {
	in := reuseInput(20_000)
	rd, err := trend.NewReader(strings.NewReader(in), nil)
	require.NoError(t, err)
	n := 0
	_, err = trend.ReadAllFunc(rd, func(*trend.RowError) bool { n++; return n < 100 })
	require.NoError(t, err)
	var kept, copies []string
	for rec, err := range rd.All() {
		if err != nil {
			continue
		}
		for _, v := range rec.Values {
			kept = append(kept, v)
			copies = append(copies, strings.Clone(v))
		}
	}
	require.NotEmpty(t, kept)
	assert.Equal(t, copies, kept)
	all := csv.NewReader(strings.NewReader(in))
	records, err := all.ReadAll()
	require.NoError(t, err)
	last := records[len(records)-1]
	assert.Equal(t, last, kept[len(kept)-len(last):])
}
