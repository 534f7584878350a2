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
		assert.Equal(t, want, yearStep(span, 546), "span %v", span)
	}
}

// place writes a label only inside its bounds and clear of what is taken,
// trying its candidates in turn.
func TestPlace(t *testing.T) {
	sc := newScene(200)
	bounds := box{0, 0, 200, 100}
	assert.True(t, sc.place("A", "", sizeSmall, left, black, white, 1, bounds, [][2]float64{{10, 20}}))
	assert.False(t, sc.place("B", "", sizeSmall, left, black, white, 1, bounds, [][2]float64{{12, 22}}), "overlaps A")
	assert.True(t, sc.place("B", "", sizeSmall, left, black, white, 1, bounds, [][2]float64{{12, 22}, {12, 60}}), "the second candidate is free")
	assert.False(t, sc.place("C", "", sizeSmall, left, black, white, 1, bounds, [][2]float64{{195, 50}}), "out of bounds")
	assert.Equal(t, 2, sc.texts)
}
