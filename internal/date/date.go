// Package date reads the calendar dates that gradewalk's inputs carry: a full
// ISO 8601 date (2019-05-02), a year and month (2019-05) or a year (2019).
// Scale eras and trend observations share this one reader so that both accept
// exactly the same forms.
package date

import (
	"errors"
	"fmt"
	"strings"
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
	if span, ok := parse(s); ok {
		return span, nil
	}
	return Span{}, fmt.Errorf("%w: %q", ErrSyntax, s)
}

// parse is Parse without the error, which costs an allocation to make.
func parse(s string) (Span, bool) {
	switch len(s) {
	case 4:
		if y, ok := year4(s[0], s[1], s[2], s[3]); ok {
			return Span{civil(y, 1, 1), civil(y, 12, 31), Year}, true
		}
	case 7:
		y, oky := year4(s[0], s[1], s[2], s[3])
		m, okm := digit2(s[5], s[6])
		if oky && okm && s[4] == '-' && m >= 1 && m <= 12 {
			return Span{civil(y, m, 1), civil(y, m, daysIn(y, m)), Month}, true
		}
	case 10:
		// The usual form, read without a loop: every row of an input
		// carries one.
		y, oky := year4(s[0], s[1], s[2], s[3])
		m, okm := digit2(s[5], s[6])
		d, okd := digit2(s[8], s[9])
		// d is checked against the month's length: time.Date would
		// roll 2019-02-30 over into March.
		if oky && okm && okd && s[4] == '-' && s[7] == '-' && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) {
			t := civil(y, m, d)
			return Span{t, t, Day}, true
		}
	}
	return Span{}, false
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

// digit2 reads two decimal digits.
func digit2(a, b byte) (int, bool) {
	a, b = a-'0', b-'0'
	return int(a)*10 + int(b), a < 10 && b < 10
}

// year4 reads four decimal digits, a year from 1000 to 9999.
func year4(a, b, c, d byte) (int, bool) {
	hi, okh := digit2(a, b)
	lo, okl := digit2(c, d)
	return hi*100 + lo, okh && okl && hi >= 10
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

// Order says how a date written with slashes orders its day and month.
type Order uint8

const (
	DayFirst   Order = iota // 15/08/2019, as UK issuers write dates
	MonthFirst              // 08/15/2019
)

// ErrInput is wrapped by every error from [ParseInput].
var ErrInput = errors.New("date: not YYYY, YYYY-MM, YYYY-MM-DD, YYYYMMDD, an ISO date with a time, DD/MM/YYYY or DD/MM/YY")

// ParseInput reads the dates that publishers' files carry, as well as those
// [Parse] reads:
//
//   - YYYYMMDD (20130418);
//   - an ISO date followed by a time, with "T" or a space between them and
//     an optional zone (2013-04-18 00:00:00, 2013-04-18T23:30:00-05:00):
//     the date is the calendar date written, that is, the date in the zone
//     given, and the time must be a valid one;
//   - DD/MM/YYYY and DD/MM/YY (or MM/DD/… for MonthFirst). A two-digit year
//     YY stands for 20YY when YY is below 69 and for 19YY otherwise, as
//     POSIX strptime reads %y.
//
// It never guesses the order of day and month: the caller says it.
func ParseInput(s string, order Order) (Span, error) {
	if span, ok := parse(s); ok {
		return span, nil
	}
	if len(s) == 8 {
		if y, ok := digits(s[:4]); ok {
			m, okm := digits(s[4:6])
			d, okd := digits(s[6:])
			if okm && okd && validDay(y, m, d) {
				t := civil(y, m, d)
				return Span{t, t, Day}, nil
			}
		}
	}
	switch {
	case len(s) > 10 && (s[10] == 'T' || s[10] == ' ' || s[10] == 't'):
		if span, ok := parse(s[:10]); ok && validTime(s[11:]) {
			return span, nil
		}
	case len(s) >= 6 && len(s) <= 10 && strings.Count(s, "/") == 2:
		a, rest, _ := strings.Cut(s, "/")
		b, y, _ := strings.Cut(rest, "/")
		d, okd := smallNumber(a)
		m, okm := smallNumber(b)
		if order == MonthFirst {
			d, m = m, d
		}
		var year int
		oky := false
		switch len(y) {
		case 4:
			year, oky = digits(y)
		case 2:
			if year, oky = digits(y); oky {
				if year < 69 {
					year += 2000
				} else {
					year += 1900
				}
			}
		}
		if okd && okm && oky && validDay(year, m, d) {
			t := civil(year, m, d)
			return Span{t, t, Day}, nil
		}
	}
	return Span{}, fmt.Errorf("%w: %q", ErrInput, s)
}

// smallNumber reads one or two decimal digits.
func smallNumber(s string) (int, bool) {
	if len(s) < 1 || len(s) > 2 {
		return 0, false
	}
	return digits(s)
}

func validDay(y, m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) }

// timeLayouts are the forms of the time after an ISO date that ParseInput
// accepts: hours and minutes, seconds and fractions optional, then an
// optional zone ("Z", "+01:00", "+0100").
var timeLayouts = [...]string{"15:04:05.999999999Z07:00", "15:04:05.999999999Z0700", "15:04:05.999999999", "15:04Z07:00", "15:04"}

func validTime(s string) bool {
	for _, layout := range timeLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}
