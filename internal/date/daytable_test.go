package date_test

import (
	"math/rand/v2"
	"testing"

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
