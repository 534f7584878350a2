package trend_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

func TestReaderGradeCodes(t *testing.T) {
	got := readCSV(t, "subject,area,date,scale,grade\n"+
		"school,overall,2015,ofsted-schools-2012,1\n"+ // Ofsted: 1 = Outstanding
		"school,overall,2016,ofsted-schools-2012, 4 \n"+ // 4 = Inadequate
		"home,care,2016,care-inspectorate-grades-2011,1\n"+ // Care Inspectorate: 1 = Unsatisfactory
		"home,care,2017,care-inspectorate-grades-2011,6\n"+
		"school,overall,2017,ofsted-schools-2012,0\n"+
		"s,a,2019,hmic-peel-2014,3\n")
	require.Len(t, got, 6)
	for i, want := range []string{"ofsted-schools-2012:Outstanding", "ofsted-schools-2012:Inadequate",
		"care-inspectorate-grades-2011:Unsatisfactory", "care-inspectorate-grades-2011:Excellent"} {
		require.NoError(t, got[i].err)
		assert.Equal(t, want, got[i].obs.Grade.String())
	}
	assert.Equal(t, `trend: line 6: grade "0": not a label or code of scale ofsted-schools-2012 `+
		`(codes, 1 = best: 1 = Outstanding, 2 = Good, 3 = Requires improvement, 4 = Inadequate)`, got[4].err.Error())
	assert.ErrorIs(t, got[4].err, grade.ErrUnknownCode)
	assert.Equal(t, `trend: line 7: grade "3": not a label of scale hmic-peel-2014, which has no numeric codes `+
		`(labels: Inadequate, Requires improvement, Good, Outstanding)`, got[5].err.Error())
	assert.ErrorIs(t, got[5].err, grade.ErrNoCodes)
}

// numberedRegistry holds a scale whose labels are numbers and whose codes
// are other numbers: a label always wins over a code.
func numberedRegistry(t *testing.T) *scale.Registry {
	one, two, three := 1, 2, 3
	s, err := scale.New(scale.Definition{ID: "test-numbered", Name: "Test", Issuer: "Test", Family: "test-numbered",
		Era:    scale.Era{From: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{{Label: "1", Code: &three}, {Label: "2", Code: &two}, {Label: "Top", Code: &one}}})
	require.NoError(t, err)
	reg := new(scale.Registry)
	require.NoError(t, reg.Register(s))
	return reg
}

func TestReaderLabelBeforeCode(t *testing.T) {
	reg := numberedRegistry(t)
	for _, tc := range []struct {
		text string
		rank int
	}{{"1", 1}, {"2", 2}, {"3", 1}, {"Top", 3}} {
		o, err := trend.NewObservation(reg, trend.Fields{Subject: "s", Area: "a", Date: "2019", Scale: "test-numbered", Grade: tc.text})
		require.NoError(t, err, tc.text)
		assert.Equal(t, tc.rank, o.Grade.Rank(), tc.text)
	}
}

// TestRowErrorsWrapScaleSentinels checks that trend's errors are package
// scale's, so that a caller can test for them with either name.
func TestRowErrorsWrapScaleSentinels(t *testing.T) {
	got := readCSV(t, "subject,area,date,scale,grade\n"+
		"s,a,2019,hmic-peel-2099,Good\n"+
		"s,a,2019-13,hmic-peel-2014,Good\n"+
		",a,2019,hmic-peel-2014,Good\n")
	require.Len(t, got, 3)
	assert.ErrorIs(t, got[0].err, scale.ErrUnknownScale)
	assert.ErrorIs(t, got[0].err, scale.ErrUnknownFamily)
	assert.ErrorIs(t, got[1].err, scale.ErrBadDate)
	assert.ErrorIs(t, got[2].err, scale.ErrMissingField)
	assert.True(t, errors.Is(trend.ErrUnknownScale, scale.ErrUnknownScale))
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		prec trend.Precision
	}{
		{"2019-05-02", time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC), trend.Day},
		{"2019-05", time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC), trend.Month},
		{"2019", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC), trend.Year},
	} {
		d, p, err := trend.ParseDate(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, d, tc.in)
		assert.Equal(t, tc.prec, p, tc.in)
		o := trend.Observation{Date: d, Precision: p}
		assert.Equal(t, tc.in, o.DateString(), "round trip")
	}
	for _, in := range []string{"", "2019-02-30", "2019-13", "19", " 2019", "2019-5-2", "May 2019"} {
		_, _, err := trend.ParseDate(in)
		assert.ErrorIs(t, err, trend.ErrBadDate, "%q", in)
		assert.ErrorIs(t, err, scale.ErrBadDate, "%q", in)
	}
	_, _, err := trend.ParseDate("2019-13")
	assert.EqualError(t, err, `trend: "2019-13": date is not YYYY, YYYY-MM or YYYY-MM-DD`)
}

func TestNewObservation(t *testing.T) {
	o, err := trend.NewObservation(nil, trend.Fields{Subject: " Leicestershire ", Area: "effectiveness", Date: "2017-03", Scale: "hmicfrs-police", Grade: "requiring improvement"})
	require.NoError(t, err)
	assert.Equal(t, trend.Observation{Subject: "Leicestershire", Area: "effectiveness",
		Date: time.Date(2017, 3, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Month,
		Grade: grade.MustParseQualified("hmic-peel-2014:Requires improvement")}, o)

	o, err = trend.NewObservation(nil, trend.Fields{Subject: "school", Area: "overall", Date: "2016-01-20", Scale: "ofsted-schools-2012", Grade: "2"})
	require.NoError(t, err)
	assert.Equal(t, "ofsted-schools-2012:Good", o.Grade.String())
}

// TestNewObservationErrors checks that NewObservation rejects what a reader
// rejects, with the same error but no line.
func TestNewObservationErrors(t *testing.T) {
	for _, tc := range badRows {
		if tc.field == "" || tc.want == trend.ErrInvalidUTF8 {
			continue // whole-record and encoding faults belong to the readers
		}
		t.Run(tc.name, func(t *testing.T) {
			f := splitRow(tc.row)
			_, err := trend.NewObservation(testRegistry(), trend.Fields{Subject: f[0], Area: f[1], Date: f[2], Scale: f[3], Grade: f[4]})
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			var re *trend.RowError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, 0, re.Line)
			assert.Equal(t, tc.field, re.Field)

			read := readCSV(t, "subject,area,date,scale,grade\n"+tc.row+"\n")
			require.Len(t, read, 1)
			assert.Equal(t, "trend: "+re.Reason(), err.Error())
			assert.Equal(t, "trend: line 2: "+re.Reason(), read[0].err.Error())
		})
	}
}

func splitRow(row string) []string {
	var f []string
	for len(f) < 4 {
		i := 0
		for i < len(row) && row[i] != ',' {
			i++
		}
		f = append(f, row[:i])
		row = row[min(i+1, len(row)):]
	}
	return append(f, row)
}

func TestCSVReaderDelimiter(t *testing.T) {
	in := "subject;area;date;scale;grade\ns;a;2019;hmic-peel-2014;Good\n"
	rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatCSV, Delimiter: ';'})
	require.NoError(t, err)
	got := readAll(t, rd)
	require.Len(t, got, 1)
	require.NoError(t, got[0].err)
	assert.Equal(t, "hmic-peel-2014:Good", got[0].obs.Grade.String())

	_, err = trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatCSV, Delimiter: '"'})
	require.ErrorIs(t, err, trend.ErrBadDelimiter)
	assert.Equal(t, `trend: delimiter '"': want a character other than '"', '\r', '\n' and U+FFFD`, err.Error())
}

func TestReaderDelimiterChecked(t *testing.T) {
	for _, d := range []rune{',', ';', '\t', '|', '§', ' '} {
		_, err := trend.NewReader(strings.NewReader(""), &trend.ReadOptions{Delimiter: d})
		assert.NoError(t, err, "%q", d)
	}
	for _, d := range []rune{'"', '\r', '\n', utf8.RuneError, -1, 0xD800, 0x110000} {
		_, err := trend.NewReader(strings.NewReader(""), &trend.ReadOptions{Delimiter: d})
		assert.ErrorIs(t, err, trend.ErrBadDelimiter, "%q", d)
	}
}

func TestCSVReaderDelimiterHint(t *testing.T) {
	for _, tc := range []struct {
		in, value, detail string
	}{
		{"subject;area;date;scale;grade\n", ";", `header: missing column(s) subject, area, date, scale, grade; the file's columns are "subject;area;date;scale;grade"; it looks delimited by semicolons, not commas`},
		{"Subject\tArea\tDate\tScale\tGrade\tnote\n", "\t", `header: missing column(s) subject, area, date, scale, grade; the file's columns are "Subject\tArea\tDate\tScale\tGrade\tnote"; it looks delimited by tabs, not commas`},
	} {
		// Told to read commas: the header says it has none.
		_, err := trend.NewReader(strings.NewReader(tc.in), &trend.ReadOptions{Format: trend.FormatCSV, Delimiter: ','})
		require.ErrorIs(t, err, trend.ErrHeader, tc.in)
		assert.ErrorIs(t, err, trend.ErrDelimiter, tc.in)
		var re *trend.RowError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, tc.value, re.Value)
		assert.Equal(t, tc.detail, re.Detail)
	}
	// No other delimiter fits better: no hint.
	for _, in := range []string{"subject,area;date\n", "subject,area,date,scale,grade;x\n", "x\n"} {
		_, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatCSV, Delimiter: ','})
		require.ErrorIs(t, err, trend.ErrHeader, in)
		assert.NotErrorIs(t, err, trend.ErrDelimiter, in)
	}
	// A semicolon file read with -delimiter ';' but written with commas.
	_, err := trend.NewReader(strings.NewReader("subject,area,date,scale,grade\n"), &trend.ReadOptions{Format: trend.FormatCSV, Delimiter: ';'})
	require.ErrorIs(t, err, trend.ErrDelimiter)
	assert.Contains(t, err.Error(), "it looks delimited by commas, not semicolons")
}

func TestCSVReaderSpacesLine(t *testing.T) {
	got := readCSV(t, "subject,area,date,scale,grade\n   \n\t\r\ns,a,2019,hmic-peel-2014,Good\n")
	require.Len(t, got, 3)
	for i, line := range []int{2, 3} {
		assert.Equal(t, line, got[i].line)
		assert.ErrorIs(t, got[i].err, trend.ErrMalformed)
		assert.EqualError(t, got[i].err, "trend: line "+strconv.Itoa(line)+": blank line (only white space)")
	}
	assert.NoError(t, got[2].err)
}

func TestJSONReaderKeysIgnoreCase(t *testing.T) {
	in := `[{"Subject": "s", " AREA ": "a", "Date": "2019", "SCALE": "hmic-peel-2014", "gRaDe": "Good"},
{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good", "Grade": "Outstanding"}]`
	rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatJSON})
	require.NoError(t, err)
	got := readAll(t, rd)
	require.Len(t, got, 2)
	require.NoError(t, got[0].err)
	assert.Equal(t, "hmic-peel-2014:Good", got[0].obs.Grade.String())
	assert.EqualError(t, got[1].err, `trend: line 2: Grade: column grade appears twice (as "grade" and "Grade")`)
}
