package date_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/date"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParse(t *testing.T) {
	tests := []struct {
		in          string
		first, last time.Time
		precision   date.Precision
	}{
		{"2019", day(2019, 1, 1), day(2019, 12, 31), date.Year},
		{"2019-05", day(2019, 5, 1), day(2019, 5, 31), date.Month},
		{"2020-02", day(2020, 2, 1), day(2020, 2, 29), date.Month}, // leap year
		{"2019-02", day(2019, 2, 1), day(2019, 2, 28), date.Month},
		{"2019-05-02", day(2019, 5, 2), day(2019, 5, 2), date.Day},
		{"2024-02-29", day(2024, 2, 29), day(2024, 2, 29), date.Day},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			span, err := date.Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.first, span.First)
			assert.Equal(t, tt.last, span.Last)
			assert.Equal(t, tt.precision, span.Precision)
			assert.Equal(t, tt.in, date.Format(span.First, span.Precision))
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{
		"", "19", "0999", "201x", "2019-13", "2019-00", "2019-5", "2019/05/02", "2019-02-30",
		"2019-05-00", "2019-05-32", "2019-05-02T10:00", " 2019", "2019 ", "+019", "2019-05-2x", "２０１９",
	} {
		_, err := date.Parse(in)
		assert.ErrorIs(t, err, date.ErrSyntax, "input %q", in)
	}
}

func TestDayOf(t *testing.T) {
	// 23:30 in New York on 1 May is 2 May in UTC; the date written is 1 May.
	ny := time.FixedZone("EDT", -4*3600)
	assert.Equal(t, day(2019, 5, 1), date.DayOf(time.Date(2019, 5, 1, 23, 30, 0, 0, ny)))
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{"2019", "2019-05", "2019-05-02", "2019-02-30", "", "9999-12-31", "1000-01"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		span, err := date.Parse(in)
		want, ok := referenceParse(in)
		require.Equal(t, ok, err == nil, "%q: package time says %v, Parse says %v", in, ok, err)
		if err != nil {
			return
		}
		assert.True(t, want.First.Equal(span.First) && want.Last.Equal(span.Last) && want.Precision == span.Precision,
			"%q: package time reads %v, Parse %v", in, want, span)
		// Whatever parses is written back exactly as read, and is a real period.
		assert.Equal(t, in, date.Format(span.First, span.Precision))
		assert.False(t, span.Last.Before(span.First))
		again, err := date.Parse(date.Format(span.First, span.Precision))
		require.NoError(t, err)
		assert.Equal(t, span, again)
	})
}

// referenceParse reads what Parse reads with package time: the layouts
// 2006, 2006-01 and 2006-01-02, years from 1000 on.
func referenceParse(in string) (date.Span, bool) {
	for _, l := range []struct {
		layout    string
		precision date.Precision
	}{{"2006", date.Year}, {"2006-01", date.Month}, {"2006-01-02", date.Day}} {
		if len(in) != len(l.layout) {
			continue
		}
		first, err := time.Parse(l.layout, in)
		if err != nil || first.Year() < 1000 {
			return date.Span{}, false
		}
		last := first
		switch l.precision {
		case date.Year:
			last = first.AddDate(1, 0, -1)
		case date.Month:
			last = first.AddDate(0, 1, -1)
		}
		return date.Span{First: first, Last: last, Precision: l.precision}, true
	}
	return date.Span{}, false
}

func TestAppend(t *testing.T) {
	d := day(2019, 5, 2)
	assert.Equal(t, "x2019-05-02", string(date.Append([]byte("x"), d, date.Day)))
	assert.Equal(t, "2019-05", string(date.Append(nil, d, date.Month)))
	assert.Equal(t, "2019", string(date.Append(nil, d, date.Year)))
	assert.Equal(t, "2019-05-02", date.Format(d, 0), "the zero Precision is a full date")
	assert.Equal(t, "0042-01-09", date.Format(day(42, 1, 9), date.Day))
	// Years outside 0-9999 fall back to the time package's layout.
	assert.Equal(t, "12345-06", date.Format(day(12345, 6, 1), date.Month))
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		var buf [10]byte
		_ = date.Append(buf[:0], d, date.Day)
	}))
}

func TestParseInput(t *testing.T) {
	tests := []struct {
		in    string
		order date.Order
		want  time.Time
		prec  date.Precision
	}{
		{"2019", date.DayFirst, day(2019, 1, 1), date.Year},
		{"2019-05", date.DayFirst, day(2019, 5, 1), date.Month},
		{"20130418", date.DayFirst, day(2013, 4, 18), date.Day},
		{"2013-04-18 00:00:00", date.DayFirst, day(2013, 4, 18), date.Day},
		{"2013-04-18T23:30:00-05:00", date.DayFirst, day(2013, 4, 18), date.Day}, // the date in its own zone
		{"2013-04-18T00:30:00+01:00", date.DayFirst, day(2013, 4, 18), date.Day},
		{"2013-04-18T10:00:00.123Z", date.DayFirst, day(2013, 4, 18), date.Day},
		{"2013-04-18 10:00", date.DayFirst, day(2013, 4, 18), date.Day},
		{"15/08/2019", date.DayFirst, day(2019, 8, 15), date.Day},
		{"08/15/2019", date.MonthFirst, day(2019, 8, 15), date.Day},
		{"09/05/25", date.DayFirst, day(2025, 5, 9), date.Day},
		{"09/05/25", date.MonthFirst, day(2025, 9, 5), date.Day},
		{"1/2/99", date.DayFirst, day(1999, 2, 1), date.Day},
		{"01/01/68", date.DayFirst, day(2068, 1, 1), date.Day},
		{"01/01/69", date.DayFirst, day(1969, 1, 1), date.Day},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			span, err := date.ParseInput(tt.in, tt.order)
			require.NoError(t, err)
			assert.Equal(t, tt.want, span.First)
			assert.Equal(t, tt.prec, span.Precision)
		})
	}
	for _, bad := range []string{"", "2013-04-18T25:00:00", "31/02/2019", "15/08/2019x", "08/15/2019", "2013-04-18T", "20131318", "2013041", "1/2/3", "1/2/2019/1", "2013-04-18 10:00 nonsense"} {
		_, err := date.ParseInput(bad, date.DayFirst)
		assert.ErrorIs(t, err, date.ErrInput, "%q", bad)
	}
}
