package crosswalk_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// P(A above B) + P(B above A) = 1 to 1e-12 for every pair of bands, of any
// width down to the smallest float64, and neither is NaN. The old formula
// multiplied two widths, which underflowed to 0 for bands narrower than
// about 1e-154 (PAbove NaN), and lost the sum for very narrow bands (0.9375
// where 1 is right).
func TestPAboveSumsToOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 26))
	width := func() float64 {
		switch rng.IntN(5) {
		case 0:
			return 0
		case 1:
			return math.Ldexp(rng.Float64(), -rng.IntN(1074)) // down to subnormal
		case 2:
			return 1e-160 * rng.Float64()
		}
		return rng.Float64()
	}
	band := func() crosswalk.Band {
		lo := rng.Float64()
		if rng.IntN(3) == 0 {
			lo = float64(rng.IntN(5)) / 4
		}
		hi := math.Min(1, lo+width())
		return crosswalk.Band{Lo: lo, Hi: hi}
	}
	for i := range 200000 {
		a, b := band(), band()
		if i%7 == 0 {
			b.Lo = a.Lo + (a.Hi-a.Lo)*rng.Float64() // overlapping, narrow inside
			b.Hi = math.Min(1, b.Lo+width())
		}
		ab, ba := crosswalk.PAboveBands(a, b), crosswalk.PAboveBands(b, a)
		require.False(t, math.IsNaN(ab) || math.IsNaN(ba), "%v %v", a, b)
		require.True(t, ab >= 0 && ab <= 1 && ba >= 0 && ba <= 1, "%v %v: %v %v", a, b, ab, ba)
		require.InDelta(t, 1, ab+ba, 1e-12, "%v %v: %v + %v", a, b, ab, ba)
	}
}

// The defects of issue 20, through Compare: two bands narrower than 1e-154
// give a probability, and a band narrow inside a wide one sums to 1.
func TestPAboveNarrowBands(t *testing.T) {
	sa, sb := newScale(t, "narrow-a", 3), newScale(t, "narrow-b", 3)
	for _, tt := range []struct{ a, b crosswalk.Band }{
		// The old formula: NaN, NaN.
		{crosswalk.Band{Lo: 1e-200, Hi: 3e-200}, crosswalk.Band{Lo: 2e-200, Hi: 4e-200}},
		// The old formula: 0.7 + 0.2986, a sum of 0.9986.
		{crosswalk.Band{Lo: 0, Hi: 1}, crosswalk.Band{Lo: 0.3, Hi: 0.3 + 1e-15}},
		// The old formula: a sum of 1.0000004.
		{crosswalk.Band{Lo: 0, Hi: 1e-10}, crosswalk.Band{Lo: 3e-11, Hi: 3e-11 + 1e-22}},
	} {
		cw, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
			sa: {0, tt.a.Lo, tt.a.Hi, 1}, sb: {0, tt.b.Lo, tt.b.Hi, 1},
		})
		require.NoError(t, err)
		ab, err := cw.Compare(fromRank(t, sa, 2), fromRank(t, sb, 2))
		require.NoError(t, err)
		ba, err := cw.Compare(fromRank(t, sb, 2), fromRank(t, sa, 2))
		require.NoError(t, err)
		assert.False(t, math.IsNaN(ab.PAbove), "%v %v", tt.a, tt.b)
		assert.InDelta(t, 1, ab.PAbove+ba.PAbove, 1e-12, "%v %v", tt.a, tt.b)
	}
}
