package crosswalk_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
)

// Percent at and around every boundary it promises something about. The
// old Percent printed 0.005 as "0%" and 0.995 as "100%" (strict
// comparisons and round half to even), -0.1 as "-10%" and NaN as "NaN%".
func TestPercentBoundaries(t *testing.T) {
	for _, tt := range []struct {
		p    float64
		want string
	}{
		{0, "0%"},
		{math.Copysign(0, -1), "0%"},
		{1, "100%"},
		{math.SmallestNonzeroFloat64, "under 1%"},
		{0.004, "under 1%"},
		{0.0049999, "under 1%"},
		{0.005, "1%"}, // half a percent rounds away from zero
		{0.0051, "1%"},
		{0.015, "2%"},
		{0.125, "13%"},
		{0.285, "29%"}, // 0.285 is 0.28499999… in binary; it prints as 0.285
		{0.5, "50%"},
		{0.985, "99%"},
		{0.994, "99%"},
		{0.9949999, "99%"},
		{0.995, "over 99%"},
		{0.999, "over 99%"},
		{math.Nextafter(1, 0), "over 99%"},
		{-0.1, "invalid probability -0.1"},
		{1.5, "invalid probability 1.5"},
		{math.Nextafter(1, 2), "invalid probability 1.0000000000000002"},
		{math.NaN(), "invalid probability NaN"},
		{math.Inf(1), "invalid probability +Inf"},
	} {
		assert.Equal(t, tt.want, crosswalk.Percent(tt.p), "%v", tt.p)
	}
}

// FuzzPercent checks Percent's promises on any float64: exactly 0 and 1
// alone print as 0% and 100%; anything outside [0, 1] says it is invalid;
// every other value prints as a whole percent within half a percent of
// it, or as "under 1%" / "over 99%".
func FuzzPercent(f *testing.F) {
	for _, seed := range []float64{0, 1, 0.005, 0.995, 0.125, 0.285, -0.1, 1.5, math.NaN(), math.Inf(-1), 5e-324} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, p float64) {
		got := crosswalk.Percent(p)
		switch {
		case math.IsNaN(p) || p < 0 || p > 1:
			assert.True(t, strings.HasPrefix(got, "invalid probability "), "%v: %q", p, got)
			return
		case p == 0:
			assert.Equal(t, "0%", got)
			return
		case p == 1:
			assert.Equal(t, "100%", got)
			return
		case got == "under 1%":
			assert.Less(t, p, 0.005)
			return
		case got == "over 99%":
			assert.GreaterOrEqual(t, p, 0.995)
			return
		}
		require.True(t, strings.HasSuffix(got, "%"), got)
		n, err := strconv.Atoi(strings.TrimSuffix(got, "%"))
		require.NoError(t, err, got)
		assert.True(t, n >= 1 && n <= 99, "%v printed as %q", p, got)
		assert.LessOrEqual(t, math.Abs(float64(n)-100*p), 0.5+1e-9, "%v printed as %q", p, got)
	})
}
