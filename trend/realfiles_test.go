package trend_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/gen"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// readWith reads in with opt and returns the observations, the errors and
// the reader.
func readWith(t *testing.T, in string, opt *trend.ReadOptions) ([]trend.Observation, []*trend.RowError, *trend.Reader) {
	t.Helper()
	rd, err := trend.NewReader(strings.NewReader(in), opt)
	require.NoError(t, err)
	obs, errs, err := trend.ReadAll(rd)
	require.NoError(t, err)
	return obs, errs, rd
}

func ymd(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// An Ofsted management-information file: one row per school, the current
// and the previous inspection in it, each with its own date, dates as
// dd/mm/yyyy, no scale column, placeholders where a school has no previous
// inspection.
func TestReadOfstedWide(t *testing.T) {
	in := "URN,School name,Overall effectiveness,Inspection end date,Previous overall effectiveness,Previous inspection end date\n" +
		"100001,A School,2,15/08/2019,3,20/01/2016\n" +
		"100002,B School,1,09/05/2023,NULL,NULL\n" +
		"100003,C School,4,01/02/2018,,\n"
	obs, errs, rd := readWith(t, in, &trend.ReadOptions{
		Columns:   trend.Fields{Subject: "URN"},
		Constants: trend.Fields{Scale: "ofsted-schools"},
		Grades: []trend.GradeColumn{
			{Column: "Overall effectiveness", Area: "overall", Date: "Inspection end date"},
			{Column: "Previous overall effectiveness", Area: "overall", Date: "Previous inspection end date"},
		},
	})
	require.Empty(t, errs)
	require.Len(t, obs, 4)
	assert.Equal(t, "100001", obs[0].Subject)
	assert.Equal(t, "overall", obs[0].Area)
	assert.Equal(t, ymd(2019, 8, 15), obs[0].Date)
	assert.Equal(t, "ofsted-schools-2012:Good", obs[0].Grade.String())
	assert.Equal(t, ymd(2016, 1, 20), obs[1].Date)
	assert.Equal(t, "ofsted-schools-2012:Requires improvement", obs[1].Grade.String())
	assert.Equal(t, 2, rd.Skipped(), "the missing previous inspections")
	assert.Equal(t, map[string]int{"NULL": 1, "": 1}, rd.Stats().Skipped)
	// Rows in = observations out + skipped + reported: 3 rows, 2 grades each.
	assert.Equal(t, 3*2, len(obs)+rd.Skipped()+len(errs))
}

// A Care Inspectorate-style file of key questions, each a column of
// grades; a Windows-1252 name; a title line; Excel's sep= line.
func TestReadKeyQuestions(t *testing.T) {
	in := "Care services, published grades\n" +
		"sep=;\n" +
		"Service name;Date;Wellbeing;Leadership\n" +
		"Caf\xe9 Care;2019-05-02;5;Not assessed\n" +
		"Home;20190601;6;4\n"
	obs, errs, rd := readWith(t, in, &trend.ReadOptions{
		SkipLines: 1, Encoding: trend.Windows1252,
		Columns:   trend.Fields{Subject: "Service name", Date: "Date"},
		Constants: trend.Fields{Scale: "care-inspectorate-grades-2011"},
		Grades:    []trend.GradeColumn{{Column: "Wellbeing"}, {Column: "Leadership"}},
		Missing:   append(trend.DefaultMissing(), "Not assessed"),
	})
	if len(errs) > 0 && errors.Is(errs[0], trend.ErrUnknownScale) {
		t.Fatalf("the test's scale is not in the catalogue: %v", errs[0])
	}
	require.Empty(t, errs)
	require.Len(t, obs, 3)
	assert.Equal(t, "Café Care", obs[0].Subject)
	assert.Equal(t, "Wellbeing", obs[0].Area)
	assert.Equal(t, "Leadership", obs[2].Area)
	assert.Equal(t, 1, rd.Skipped())
	assert.Equal(t, 4, len(obs)+rd.Skipped()+len(errs))
}

func TestReadDateForms(t *testing.T) {
	for _, tc := range []struct {
		date  string
		order trend.DateOrder
		want  time.Time
	}{
		{"20190502", 0, ymd(2019, 5, 2)},
		{"2019-05-02 00:00:00", 0, ymd(2019, 5, 2)},
		{"2019-05-02T23:30:00-05:00", 0, ymd(2019, 5, 2)},
		{"02/05/2019", 0, ymd(2019, 5, 2)},
		{"02/05/19", 0, ymd(2019, 5, 2)},
		{"05/02/2019", trend.MonthDayYear, ymd(2019, 5, 2)},
	} {
		obs, errs, _ := readWith(t, "subject,area,date,scale,grade\ns,a,"+tc.date+",hmic-peel-2014,Good\n", &trend.ReadOptions{DateOrder: tc.order})
		require.Empty(t, errs, tc.date)
		require.Len(t, obs, 1)
		assert.Equal(t, tc.want, obs[0].Date, tc.date)
	}
	_, errs, _ := readWith(t, "subject,area,date,scale,grade\ns,a,2018/19,hmic-peel-2014,Good\ns,a,13/13/2019,hmic-peel-2014,Good\n", nil)
	require.Len(t, errs, 2)
	assert.ErrorIs(t, errs[0], trend.ErrBadDate)
	assert.Contains(t, errs[0].Error(), "round name")
	assert.ErrorIs(t, errs[1], trend.ErrBadDate)
}

func TestReadPlaceholdersAndRecode(t *testing.T) {
	in := "subject,area,date,scale,grade\n" +
		"a,o,2019,hmic-peel-2014,NA\n" +
		"b,o,2019,hmic-peel-2014,n/a\n" +
		"c,o,2019,hmic-peel-2014,NULL\n" +
		"d,o,2019,hmic-peel-2014,Not applicable\n" +
		"e,o,2019,hmic-peel-2014,-\n" +
		"f,o,2019,hmic-peel-2014,\n" +
		"g,o,2019,hmic-peel-2014,Standards maintained\n" +
		"h,o,2019,hmic-peel-2014,Good\n"
	obs, errs, rd := readWith(t, in, nil)
	assert.Len(t, obs, 1)
	assert.Equal(t, 6, rd.Skipped())
	require.Len(t, errs, 1, "an ungraded outcome is an error")
	assert.Contains(t, errs[0].Error(), "Recode")
	assert.Equal(t, 8, len(obs)+rd.Skipped()+len(errs), "rows in = rows out + skipped + reported")

	obs, errs, _ = readWith(t, in, &trend.ReadOptions{Recode: map[string]string{"standards MAINTAINED": "Good"}})
	assert.Empty(t, errs)
	assert.Len(t, obs, 2)
}

func TestReadDelimiterDetection(t *testing.T) {
	for _, in := range []string{
		"subject;area;date;scale;grade\ns;a;2019;hmic-peel-2014;Good\n",
		"subject\tarea\tdate\tscale\tgrade\ns\ta\t2019\thmic-peel-2014\tGood\n",
		"subject|area|date|scale|grade\ns|a|2019|hmic-peel-2014|Good\n",
		"sep=,\nsubject,area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n",
	} {
		obs, errs, _ := readWith(t, in, nil)
		assert.Empty(t, errs, in)
		assert.Len(t, obs, 1, in)
	}
}

func TestReadHeaderErrorListsColumns(t *testing.T) {
	_, err := trend.NewReader(strings.NewReader("URN,Name,Grade\n1,x,Good\n"), &trend.ReadOptions{Columns: trend.Fields{Subject: "urn", Date: "Published"}})
	require.ErrorIs(t, err, trend.ErrHeader)
	assert.Contains(t, err.Error(), `missing column(s) area, "Published" (date), scale`)
	assert.Contains(t, err.Error(), `the file's columns are "URN", "Name", "Grade"`)
}

// Old Mac files end lines with a carriage return alone (issue 20).
func TestReadCROnly(t *testing.T) {
	obs, errs, _ := readWith(t, "subject,area,date,scale,grade\rs,a,2019,hmic-peel-2014,Good\rt,a,2019,hmic-peel-2014,Good\r", nil)
	assert.Empty(t, errs)
	assert.Len(t, obs, 2)
}

// A line without end, or a field too long, is a clear error, not all the
// memory there is (issue 20).
func TestReadLimits(t *testing.T) {
	long := "subject,area,date,scale,grade\ns,a,2019,hmic-peel-2014,Good\n" + strings.Repeat("x", 5000)
	obs, errs, _ := readWith(t, long, &trend.ReadOptions{MaxRecordBytes: 1000})
	assert.Len(t, obs, 1, "the record before the long one")
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], trend.ErrRecordTooLong)
	assert.Equal(t, 3, errs[0].Line)
	assert.Contains(t, errs[0].Error(), "MaxRecordBytes")

	quoted := "subject,area,date,scale,grade\n\"" + strings.Repeat("x\n", 3000) + "\",a,2019,hmic-peel-2014,Good\n"
	_, errs, _ = readWith(t, quoted, &trend.ReadOptions{MaxRecordBytes: 1000})
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], trend.ErrRecordTooLong)

	field := "subject,area,date,scale,grade\n" + strings.Repeat("y", trend.MaxFieldBytes+1) + ",a,2019,hmic-peel-2014,Good\ns,a,2019,hmic-peel-2014,Good\n"
	obs, errs, _ = readWith(t, field, nil)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], trend.ErrFieldTooLong)
	assert.Len(t, obs, 1, "the reader goes on after a long field")

	rd, err := trend.NewReader(strings.NewReader("["+strings.Repeat(" ", 5000)+"{}]"), &trend.ReadOptions{MaxRecordBytes: 1000})
	if err == nil {
		_, err = rd.Next()
	}
	assert.ErrorIs(t, err, trend.ErrRecordTooLong)
}

// JSON input that is one object, or a number too big for a float, is a
// *RowError naming the line (issue 20).
func TestReadJSONShapes(t *testing.T) {
	_, err := trend.NewReader(strings.NewReader(`{"subject": "s"}`), nil)
	var re *trend.RowError
	require.ErrorAs(t, err, &re)
	assert.Contains(t, re.Error(), "JSON input must be an array of objects")

	_, errs, _ := readWith(t, "[\n{\"subject\": \"s\", \"area\": \"a\", \"date\": \"2019\", \"scale\": \"hmic-peel-2014\", \"grade\": 1E700}\n]", nil)
	require.Len(t, errs, 1)
	assert.Equal(t, 2, errs[0].Line)
	assert.Equal(t, "grade", errs[0].Field)
}

// A number too big for a float64 outside every object, where the decoder
// reads it as a token rather than as a record's raw text, is a *RowError
// with its line, not encoding/json's bare "cannot unmarshal number" (issue
// 20: the whole input, or what follows the array, was 1E700).
func TestReadJSONBigNumberOutsideRecords(t *testing.T) {
	_, err := trend.NewReader(strings.NewReader("1E700\n"), &trend.ReadOptions{Format: trend.FormatJSON})
	var re *trend.RowError
	require.ErrorAs(t, err, &re, "the input is the number alone")
	assert.ErrorIs(t, err, trend.ErrMalformed)
	assert.Equal(t, 1, re.Line)
	assert.Contains(t, re.Error(), "JSON input must be an array of objects")

	in := "[\n{\"subject\": \"s\", \"area\": \"a\", \"date\": \"2019\", \"scale\": \"hmic-peel-2014\", \"grade\": \"Good\"}\n]\n1E700\n"
	rd, err := trend.NewReader(strings.NewReader(in), nil)
	require.NoError(t, err)
	obs, errs, err := trend.ReadAll(rd)
	require.NoError(t, err)
	assert.Len(t, obs, 1, "the array's record is read")
	require.Len(t, errs, 1, "what follows the array is reported")
	assert.ErrorIs(t, errs[0], trend.ErrMalformed)
	assert.Equal(t, 4, errs[0].Line)
}

// A date is optional with a scale ID, and a year of two scales is settled
// by the label when only one of them has it.
func TestReadOptionalDateAndLabelResolves(t *testing.T) {
	obs, errs, _ := readWith(t, "subject,area,date,scale,grade\ns,a,,hmic-peel-2014,Good\n", nil)
	require.Empty(t, errs)
	assert.True(t, obs[0].Date.IsZero())

	// In 2012 Ofsted's 2005 scale gave way to the 2012 one: Satisfactory
	// is on the first only, Requires improvement on the second only, and
	// Good on both.
	obs, errs, _ = readWith(t, "subject,area,date,scale,grade\ns,a,2012,ofsted-schools,Satisfactory\nt,a,2012,ofsted-schools,Requires improvement\nu,a,2012,ofsted-schools,Good\n", nil)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], scale.ErrOverlap)
	require.Len(t, obs, 2)
	assert.Equal(t, "ofsted-schools-2005", obs[0].Grade.Scale().ID())
	assert.Equal(t, "ofsted-schools-2012", obs[1].Grade.Scale().ID())
}

func TestReadInspectionDates(t *testing.T) {
	reg := scale.Default()
	s, err := reg.InForceInspected("hmicfrs-police", ymd(2021, 9, 1))
	require.NoError(t, err)
	obs, errs, _ := readWith(t, "subject,area,date,scale,grade\ns,a,2021-09-01,hmicfrs-police,Good\n", &trend.ReadOptions{Dated: trend.Inspection})
	require.Empty(t, errs)
	assert.Equal(t, s, obs[0].Grade.Scale())
}

func TestReadAreaMapAndFoldCase(t *testing.T) {
	in := "subject,area,date,scale,grade\nLeics,effectiveness,2016,hmic-peel-2014,Good\nLEICS ,responding,2022-05,hmicfrs-peel-2021,Good\n"
	obs, _, rd := readWith(t, in, &trend.ReadOptions{Areas: trend.AreaMap{"effectiveness": "overall", "responding": "overall"}})
	assert.Len(t, trend.Group(obs), 2, "the subjects differ in case")
	assert.NotEmpty(t, rd.Stats().CaseVariants)
	obs, _, _ = readWith(t, in, &trend.ReadOptions{FoldCase: true, Areas: trend.AreaMap{"effectiveness": "overall", "responding": "overall"}})
	series := trend.Group(obs)
	require.Len(t, series, 1)
	assert.Equal(t, "Leics", series[0].Subject)
	assert.Equal(t, 1, trend.CrossingSeries(series))
}

func TestReadOutOfEra(t *testing.T) {
	_, _, rd := readWith(t, "subject,area,date,scale,grade\ns,a,1999,hmic-peel-2014,Good\n", nil)
	assert.Equal(t, 1, rd.Stats().OutOfEra["hmic-peel-2014"])
}

// TestRowsAccountedFor checks that nothing is lost on a file of good,
// missing and bad grades in good and bad records: rows in = rows out +
// rows skipped as missing + rows reported, each as many as the generator
// says, whether read with ReadAll or record by record.
func TestRowsAccountedFor(t *testing.T) {
	opt := &trend.ReadOptions{Grades: []trend.GradeColumn{{Column: "now"}, {Column: "before"}}}
	for seed := range uint64(5) {
		m := gen.MixedCSV(3000, seed)
		obs, rejected, rd := readWith(t, m.CSV, opt)
		assert.Equal(t, m.Read, len(obs))
		assert.Equal(t, m.Skipped, rd.Skipped())
		assert.Equal(t, m.Rejected, len(rejected))
		assert.Equal(t, m.Records*m.GradesPerRecord, len(obs)+rd.Skipped()+len(rejected))

		rd, err := trend.NewReader(strings.NewReader(m.CSV), opt)
		require.NoError(t, err)
		read, reported := 0, 0
		for _, err := range rd.All() {
			if err != nil {
				reported++
				continue
			}
			read++
		}
		assert.Equal(t, m.Records*m.GradesPerRecord, read+rd.Skipped()+reported)
	}
}

func TestErrorTally(t *testing.T) {
	var tally trend.ErrorTally
	shown := 0
	for i := range 10 {
		if tally.Add(&trend.RowError{Line: i + 2, Field: "date", Value: "2012", Err: trend.ErrBadDate, Detail: "no scale"}) {
			shown++
		}
	}
	tally.Add(&trend.RowError{Line: 20, Field: "grade", Err: trend.ErrMissingField, Detail: "missing"})
	assert.Equal(t, trend.TallyLines, shown)
	assert.Equal(t, 11, tally.Len())
	assert.Equal(t, "11 rows rejected for 2 reasons\n  10 × date: no scale (lines 2, 3, 4, …; 7 not shown)", tally.Summary())
}

func TestNilReaders(t *testing.T) {
	_, err := trend.NewReader(nil, nil)
	assert.Error(t, err)
	_, _, err = trend.ReadAll(nil)
	assert.Error(t, err)
	rd, err := trend.NewReader(strings.NewReader(""), nil)
	require.NoError(t, err)
	_, err = rd.Next()
	assert.Equal(t, io.EOF, err)
}
