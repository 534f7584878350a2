package chart

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIntervalText(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   string
	}{
		{0.44, 0.72, "44–72%"},
		{0.001, 0.4, "<1–40%"},
		{0.6, 0.999, "60–>99%"},
		{0, 1, "0–100%"},
	} {
		assert.Equal(t, tc.want, intervalText(tc.lo, tc.hi), "%v–%v", tc.lo, tc.hi)
	}
}

func TestYearStep(t *testing.T) {
	for span, want := range map[float64]int{2: 1, 13: 1, 16: 2, 30: 5, 100: 10, 9000: 1000} {
		assert.Equal(t, want, yearStep(span), "span %v", span)
	}
}

// put writes a label only inside its bounds and clear of the labels
// already placed, and says when a label in the way says the same.
func TestLabelsPut(t *testing.T) {
	pic := newPicture(SVG, 100, "t", "d")
	var l labels
	bounds := box{0, 0, 100, 100}
	ok, same := l.put(pic, box{10, 10, 40, 20}, bounds, "A", 10, 18, sizeSmall, left, white)
	assert.True(t, ok)
	assert.False(t, same)
	ok, same = l.put(pic, box{30, 15, 60, 25}, bounds, "A", 30, 23, sizeSmall, left, white)
	assert.False(t, ok, "overlaps A")
	assert.True(t, same, "and A says the same")
	ok, same = l.put(pic, box{30, 15, 60, 25}, bounds, "B", 30, 23, sizeSmall, left, white)
	assert.False(t, ok)
	assert.False(t, same)
	ok, _ = l.put(pic, box{90, 50, 110, 60}, bounds, "C", 90, 58, sizeSmall, left, white)
	assert.False(t, ok, "out of bounds")
	ok, _ = l.put(pic, box{50, 50, 70, 60}, bounds, "C", 50, 58, sizeSmall, left, white)
	assert.True(t, ok)
	assert.Len(t, l.placed, 2)
}
