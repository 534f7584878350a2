package trend_test

import (
	"io"
	"strings"
	"testing"

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
				if !o.Grade.IsValid() || o.Subject == "" || o.Area == "" || o.Date.IsZero() {
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
		if len(want) != len(got) {
			t.Fatalf("records start on lines %v; read or reported %v", want, got)
		}
		for i := range want {
			if want[i] != got[i] {
				t.Fatalf("records start on lines %v; read or reported %v", want, got)
			}
		}
	})
}
