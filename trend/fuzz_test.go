package trend_test

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/trend"
)

// FuzzCSVReader checks that the CSV reader never panics and loses no
// record: every record is either read or reported as a *RowError, with
// lines that only increase. Where the input has no quotes, a record is a
// line, so every non-blank line after the header must be accounted for
// exactly once.
func FuzzCSVReader(f *testing.F) {
	const header = "subject,area,date,scale,grade\n"
	for _, seed := range []string{
		header + "Leicestershire,overall,2009-10,hmic-pledge-2009,Good\n",                  // good
		header + "s,a,2019-05-02,hmicfrs-police,requiring improvement\n\n\ns,a,2019,x,y\n", // blank lines, unknown scale
		header + "s,a,2023,hmicfrs-police,Good\r\ns,a,2009,hmicfrs-police,Good",            // CRLF, eras, no final newline
		header + "\"s\ns\",a,2019,hmic-peel-2014,Good\ns,\"a\"b,2019,x,y\n",                // multi-line field, stray quote
		header + "s,\"unterminated,2019\ns,a,2019,hmic-peel-2014,Good\n",                   // quote to the end
		header + "s,a\xff,2019,hmic-peel-2014,Good\ns,a,2019\n,,,,\n",                      // bad UTF-8, short and empty rows
		"grade,x,scale,date,area,subject\nGood,1,hmic-peel-2014,2019-13,a,s\n",             // other order, bad date
		"\ufeffsubject,area,date,scale,grade\n s , a ,2019, hmic-peel-2014 , good \n",      // BOM, spaces
		"subject,area\ns,a\n", // bad header
		"subject;area;date;scale;grade\ns;a;2019;hmic-peel-2014;Good\n",                   // another delimiter
		header + "   \n\t\r\ns,a,2015,ofsted-schools-2012,1\ns,a,2015,hmic-peel-2014,3\n", // lines of spaces, codes
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatCSV})
		if err != nil {
			if _, ok := err.(*trend.RowError); !ok {
				t.Fatalf("header error is %T, not *RowError: %v", err, err)
			}
			return
		}
		lines := strings.Split(in, "\n")
		blank := func(l string) bool { return l == "" || l == "\r" }
		var got []int
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			line := 0
			switch e := err.(type) {
			case nil:
				line = rec.Line
				o := rec.Observation
				if !o.Grade.IsValid() || o.Subject == "" || o.Area == "" {
					t.Fatalf("line %d: incomplete observation %+v", line, o)
				}
			case *trend.RowError:
				line = e.Line
				if e.Err == nil || e.Reason() == "" {
					t.Fatalf("line %d: row error without a reason", line)
				}
			default:
				t.Fatalf("error is %T, not *RowError: %v", err, err)
			}
			if line < 2 || line > len(lines) || len(got) > 0 && line <= got[len(got)-1] {
				t.Fatalf("record line %d after %v (input has %d lines)", line, got, len(lines))
			}
			got = append(got, line)
		}
		if strings.Contains(in, `"`) || rd.Header() == nil {
			return
		}
		var want []int
		headerSeen := false
		for i, l := range lines {
			if blank(l) {
				continue
			}
			if !headerSeen {
				headerSeen = true
				continue
			}
			want = append(want, i+1)
		}
		if len(want) != len(got)+rd.Skipped() {
			t.Fatalf("records start on lines %v; read or reported %v, %d skipped as missing", want, got, rd.Skipped())
		}
		if rd.Skipped() > 0 {
			return // which lines were skipped is not kept
		}
		for i := range want {
			if want[i] != got[i] {
				t.Fatalf("records start on lines %v; read or reported %v", want, got)
			}
		}
	})
}

// FuzzParseDate checks that ParseDate never panics, that a date it reads
// is midnight UTC, and that a day it reads writes back to a date it reads
// the same.
func FuzzParseDate(f *testing.F) {
	for _, seed := range []string{"2019", "2019-05", "2019-05-02", "20190502", "2019-05-02 10:00:00", "2019-05-02T23:30:00-05:00",
		"02/05/2019", "2/5/19", "2018/19", "31/02/2019", "2019-13", "", "9999-12-31T24:00"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, p, err := trend.ParseDate(s)
		if err != nil {
			if !errors.Is(err, trend.ErrBadDate) {
				t.Fatalf("%q: error %v does not wrap ErrBadDate", s, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("%q: %v is not midnight UTC", s, d)
		}
		o := trend.Observation{Date: d, Precision: p}
		back, bp, err := trend.ParseDate(o.DateString())
		if err != nil || !back.Equal(d) || bp != p {
			t.Fatalf("%q: %q reads back as %v %v, %v", s, o.DateString(), back, bp, err)
		}
	})
}

// FuzzParsePeriod checks that ParsePeriod never panics, that a period it
// reads does not end before it starts, and that its String reads back as
// the same period.
func FuzzParsePeriod(f *testing.F) {
	for _, seed := range []string{"2016", "2016-04", "2016-04-01", "2016-04..2017-03", "2016..2015", "..", "2016-02-30", ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := trend.ParsePeriod(s)
		if err != nil {
			if !errors.Is(err, trend.ErrBadPeriod) {
				t.Fatalf("%q: error %v does not wrap ErrBadPeriod", s, err)
			}
			return
		}
		if p.Until.Before(p.From) {
			t.Fatalf("%q: %v ends before it starts", s, p)
		}
		back, err := trend.ParsePeriod(p.String())
		if err != nil || back != p {
			t.Fatalf("%q: %q reads back as %v, %v", s, p.String(), back, err)
		}
	})
}

// FuzzJSONReader checks that the JSON reader never panics, reports every
// fault as a *RowError or a final error, and that every observation it
// reads marshals to JSON that a strict parser accepts.
func FuzzJSONReader(f *testing.F) {
	for _, seed := range []string{
		`[{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": "Good"}]`,
		`[{"subject": "s", "area": "a", "date": "2019", "scale": "hmic-peel-2014", "grade": 1E700}]`,
		`{"subject": "s"}`, `[1, "x", null, [], {}]`, `[{"grade": "Good", "GRADE": "Good"}]`, `[`, `[{"a": "\ud800"}]`, "",
		"[\n{\"subject\": \"s\", \"area\": \"a\", \"date\": \"02/05/2019\", \"scale\": \"hmicfrs-police\", \"grade\": \"Good\"},\n{\"x\": 1}\n]",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		rd, err := trend.NewReader(strings.NewReader(in), &trend.ReadOptions{Format: trend.FormatJSON, MaxRecordBytes: 1 << 16})
		if err != nil {
			if _, ok := err.(*trend.RowError); !ok {
				t.Fatalf("start error is %T, not *RowError: %v", err, err)
			}
			return
		}
		last := 0
		for n := 0; ; n++ {
			rec, err := rd.Next()
			if err == io.EOF {
				return
			}
			if n > len(in)+1 {
				t.Fatalf("more records than bytes")
			}
			var re *trend.RowError
			if err != nil && !errors.As(err, &re) {
				t.Fatalf("error %T: %v", err, err)
			}
			line := 0
			if re != nil {
				line = re.Line
			} else {
				line = rec.Line
				data, err := json.Marshal(rec.Observation)
				if err != nil || !json.Valid(data) {
					t.Fatalf("observation %v marshals to %q, %v", rec.Observation, data, err)
				}
			}
			if line < last {
				t.Fatalf("line %d after line %d", line, last)
			}
			last = line
		}
	})
}
