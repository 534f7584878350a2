package date_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/date"
)

// TestDayTable checks a DayTable against a map: entries survive the
// table's growth on either side, and a day too far from the others starts
// the table again, forgetting what it held.
func TestDayTable(t *testing.T) {
	var tab date.DayTable[uint16]
	want := make(map[int64]uint16)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		day := int64(rng.IntN(20_000)) - 5_000 // around 1970, both sides
		k := uint16(i%100 + 1)
		tab.Set(day, k)
		want[day] = k
		if i%97 == 0 {
			for d, k := range want {
				require.Equal(t, k, tab.At(d), "day %d after %d sets", d, i)
			}
		}
	}
	assert.LessOrEqual(t, tab.Len(), date.MaxTableDays)
	assert.Equal(t, uint16(0), tab.At(-1_000_000), "a day never set")

	far := int64(date.MaxTableDays + 10_000)
	tab.Set(far, 7)
	assert.Equal(t, uint16(7), tab.At(far))
	assert.Equal(t, uint16(0), tab.At(0), "the table started again around the far day")
	assert.LessOrEqual(t, tab.Len(), date.MaxTableDays)

	// Days met in order grow the table a little at a time, not once a day.
	var seq date.DayTable[uint16]
	grew := 0
	for day := range int64(10_000) {
		before := seq.Len()
		seq.Set(day, 1)
		if seq.Len() != before {
			grew++
		}
	}
	assert.Less(t, grew, 20, "the table grew %d times for 10,000 days in order", grew)
}

// TestDays checks Days against the calendar as package time counts it,
// for times at midnight UTC and at other hours in other zones, before and
// after 1970.
func TestDays(t *testing.T) {
	dayOf := func(y int, m time.Month, d int) int64 {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	east, west := time.FixedZone("east", 13*3600), time.FixedZone("west", -11*3600)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		y, m, d := 1600+rng.IntN(800), time.Month(1+rng.IntN(12)), 1+rng.IntN(31)
		loc := []*time.Location{time.UTC, east, west}[rng.IntN(3)]
		tm := time.Date(y, m, d, rng.IntN(24), rng.IntN(60), 0, 0, loc)
		if rng.IntN(2) == 0 {
			tm = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		}
		y, m, d = tm.Date() // as normalised
		first, last := date.Days(tm, date.Day)
		require.Equal(t, dayOf(y, m, d), first, "%v", tm)
		require.Equal(t, first, last)
		first, last = date.Days(tm, date.Month)
		require.Equal(t, dayOf(y, m, 1), first, "%v", tm)
		require.Equal(t, dayOf(y, m+1, 1)-1, last, "%v", tm)
		first, last = date.Days(tm, date.Year)
		require.Equal(t, dayOf(y, 1, 1), first, "%v", tm)
		require.Equal(t, dayOf(y+1, 1, 1)-1, last, "%v", tm)
		first, _ = date.Days(tm, 0)
		assert.Equal(t, dayOf(y, m, d), first, "the zero Precision is a day")
	}
}
