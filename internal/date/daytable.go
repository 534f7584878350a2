package date

import "time"

// MaxTableDays bounds the days a [DayTable] covers: 65,536, about 180
// years.
const MaxTableDays = 1 << 16

// DayTable maps days, counted from 1970-01-01, to values, in a dense slice
// indexed by day: a file's dates cover a few thousand days, so that
// finding what was kept for one costs no more than reading an entry. The
// zero value is an empty table; At gives V's zero value for a day not
// set. It covers at most [MaxTableDays] days: a day farther from those set
// starts it again, forgetting them.
type DayTable[V any] struct {
	base  int64
	index []V
}

// At returns the value set for day, or the zero value.
func (t *DayTable[V]) At(day int64) V {
	if i := day - t.base; i >= 0 && i < int64(len(t.index)) {
		return t.index[i]
	}
	var zero V
	return zero
}

// Set makes v the value for day, growing the table to cover it, or
// starting it again from day if it would cover more than MaxTableDays.
func (t *DayTable[V]) Set(day int64, v V) {
	end := t.base + int64(len(t.index))
	if len(t.index) == 0 || max(end, day+1)-min(t.base, day) > MaxTableDays {
		t.base, t.index, end = day, make([]V, 1, 64), day+1
	}
	if day < t.base || day >= end {
		// Grow by half again on the side it grows, so that dates met in
		// order cost a copy now and then, not one a day.
		slack := max(int64(len(t.index))/2, 64)
		lo, hi := t.base, end
		if day < lo {
			lo = max(day-slack, hi-MaxTableDays)
		} else {
			hi = min(day+1+slack, lo+MaxTableDays)
		}
		index := make([]V, hi-lo)
		copy(index[t.base-lo:], t.index)
		t.base, t.index = lo, index
	}
	t.index[day-t.base] = v
}

// Len returns how many days the table covers.
func (t *DayTable[V]) Len() int { return len(t.index) }

// Days returns the first and last day, counted from 1970-01-01, of the
// period of precision p that holds t's date in t's own location: the day
// itself (for Day or the zero Precision), its month or its year. A time
// at midnight UTC, as the readers make them, costs a division: ordering
// observations asks for the days of each.
func Days(t time.Time, p Precision) (first, last int64) {
	if p != Year && p != Month && t.Location() == time.UTC {
		u := t.Unix()
		day := u / 86400
		if u%86400 < 0 {
			day--
		}
		return day, day
	}
	y, m, d := t.Date()
	switch p {
	case Year:
		return daysFromCivil(y, 1, 1), daysFromCivil(y, 12, 31)
	case Month:
		first = daysFromCivil(y, int(m), 1)
		return first, first + int64(daysIn(y, int(m))) - 1
	}
	day := daysFromCivil(y, int(m), d)
	return day, day
}
