// Package date reads the calendar dates that gradewalk's inputs carry: a full
// ISO 8601 date (2019-05-02), a year and month (2019-05) or a year (2019).
// Scale eras and trend observations share this one reader so that both accept
// exactly the same forms.
package date

import (
	"errors"
	"fmt"
	"time"
)

// Precision says how much of a date was written.
type Precision uint8

const (
	Year  Precision = iota + 1 // 2019
	Month                      // 2019-05
	Day                        // 2019-05-02
)

// ErrSyntax is wrapped by every error from [Parse].
var ErrSyntax = errors.New("date: not YYYY, YYYY-MM or YYYY-MM-DD")

// Span is the period a written date stands for: its first and last day
// (both at midnight UTC) and how precisely it was written.
type Span struct {
	First, Last time.Time
	Precision   Precision
}

// Parse reads s as YYYY, YYYY-MM or YYYY-MM-DD (years 1000 to 9999) and
// returns the period it covers. It never allocates on success.
func Parse(s string) (Span, error) {
	var y, m, d int
	var ok bool
	switch len(s) {
	case 4:
		y, ok = digits(s)
		if ok {
			first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
			return Span{first, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), Year}, nil
		}
	case 7:
		if s[4] == '-' {
			y, ok = digits(s[:4])
			if ok {
				m, ok = digits(s[5:])
			}
			if ok && m >= 1 && m <= 12 {
				first := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
				return Span{first, first.AddDate(0, 1, -1), Month}, nil
			}
		}
	case 10:
		if s[4] == '-' && s[7] == '-' {
			y, ok = digits(s[:4])
			if ok {
				m, ok = digits(s[5:7])
			}
			if ok {
				d, ok = digits(s[8:])
			}
			// d is checked against the month's length: time.Date would
			// roll 2019-02-30 over into March.
			if ok && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
				t := civil(y, m, d)
				return Span{t, t, Day}, nil
			}
		}
	}
	return Span{}, fmt.Errorf("%w: %q", ErrSyntax, s)
}

// daysIn returns the number of days in month m (1 to 12) of year y.
func daysIn(y, m int) int {
	if m == 2 {
		if leap(y) {
			return 29
		}
		return 28
	}
	return 30 + (m+m/8)%2
}

// civil returns midnight UTC of a valid date in years 0 to 9999, as
// time.Date does, but from the count of days since 1970-01-01, which costs
// less than half as much: Parse runs once for every row a reader reads.
// Years from tableFrom on take the days before the year from a table;
// others are counted (Howard Hinnant's days_from_civil).
func civil(y, m, d int) time.Time {
	var days int64
	if k := y - tableFrom; k >= 0 && k < len(yearDays) {
		days = int64(yearDays[k]) + int64(monthDays[m]) + int64(d) - 1
		if m > 2 && leap(y) {
			days++
		}
	} else {
		days = daysFromCivil(y, m, d)
	}
	return time.Unix(days*86400, 0).UTC()
}

// tableFrom is the first year of yearDays.
const tableFrom = 1900

// yearDays holds the days from 1970-01-01 to January 1 of each year from
// tableFrom on; monthDays the days in a common year before each month.
var (
	yearDays  = makeYearDays(256)
	monthDays = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}
)

func makeYearDays(n int) []int32 {
	t := make([]int32, n)
	for k := range t {
		t[k] = int32(daysFromCivil(tableFrom+k, 1, 1))
	}
	return t
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysFromCivil returns the days from 1970-01-01 to a valid date.
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := (y+400)/400 - 1 // floor division for y = -1
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if len(s) == 4 && n < 1000 {
		return 0, false
	}
	return n, true
}

// DayOf returns t's calendar date in t's own location, as midnight UTC, so that
// dates from different locations compare by the day written on them.
func DayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Format writes t's date in the given precision, a full date for the zero
// Precision.
func Format(t time.Time, p Precision) string {
	var buf [10]byte
	return string(Append(buf[:0], t, p))
}

// Append appends t's date to b as [Format] writes it. It does not allocate
// for years 0 to 9999, which is every year [Parse] reads: output loops call
// it for every row.
func Append(b []byte, t time.Time, p Precision) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		switch p {
		case Year:
			return t.AppendFormat(b, "2006")
		case Month:
			return t.AppendFormat(b, "2006-01")
		}
		return t.AppendFormat(b, "2006-01-02")
	}
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	if p == Year {
		return b
	}
	b = append(b, '-', byte('0'+m/10), byte('0'+m%10))
	if p == Month {
		return b
	}
	return append(b, '-', byte('0'+d/10), byte('0'+d%10))
}
