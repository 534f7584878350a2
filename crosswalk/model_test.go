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

// modelDraws returns n joint draws of the cut points of a (4 levels) and b
// (5 levels): each draw moves every cut of both scales by the same shift,
// so the two scales' bands move together, as a model's linking makes them.
func modelDraws(n int) (cuts map[int][]float64, draws map[int][][]float64) {
	ca := []float64{0, 0.1, 0.3, 0.8, 1}
	cb := []float64{0, 0.05, 0.25, 0.55, 0.85, 1}
	rng := rand.New(rand.NewPCG(15, 15))
	draws = map[int][][]float64{4: nil, 5: nil}
	for range n {
		shift := 0.04 * rng.NormFloat64()
		for _, c := range [][]float64{ca, cb} {
			row := make([]float64, len(c))
			for j := range c {
				row[j] = c[j]
				if j > 0 && j < len(c)-1 {
					row[j] = min(1, max(0, c[j]+shift))
				}
			}
			draws[len(c)-1] = append(draws[len(c)-1], row)
		}
	}
	return map[int][]float64{4: ca, 5: cb}, draws
}

func TestFromCutPointDraws(t *testing.T) {
	a, b := newScale(t, "model-a", 4), newScale(t, "model-b", 5)
	cuts, draws := modelDraws(4000)
	cw, err := crosswalk.FromCutPointDraws("latent (test)", map[*scale.Scale][]float64{a: cuts[4], b: cuts[5]},
		map[*scale.Scale][][]float64{a: draws[4], b: draws[5]})
	require.NoError(t, err)
	assert.Equal(t, "latent (test)", cw.Name())
	assert.Equal(t, crosswalk.NewBasis(crosswalk.FittedModel, "latent (test)"), cw.Basis())
	assert.False(t, cw.NormReferenced())
	_, ok := cw.Counts(a)
	assert.False(t, ok)
	_, err = cw.EquateSE(fromRank(t, a, 2), b)
	assert.ErrorIs(t, err, crosswalk.ErrNoSampleSize)

	// The bands are the point cut points.
	band, err := cw.Band(fromRank(t, a, 3))
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Band{Lo: 0.3, Hi: 0.8}, band)

	// BandInterval: the 90% interval of each edge over the draws, the
	// shift's: ±1.645 × 0.04.
	bi, err := cw.BandInterval(fromRank(t, a, 3))
	require.NoError(t, err)
	assert.InDelta(t, 0.3-1.645*0.04, bi.Lo.Lo, 0.005)
	assert.InDelta(t, 0.3+1.645*0.04, bi.Lo.Hi, 0.005)
	assert.InDelta(t, 0.8+1.645*0.04, bi.Hi.Hi, 0.005)
	next, err := cw.BandInterval(fromRank(t, a, 4))
	require.NoError(t, err)
	assert.Equal(t, bi.Hi, next.Lo, "one cut, one interval")

	// The draws are joint: both scales shift together, so the relation of
	// their bands does not vary, and the interval of PAbove is a point
	// at PAbove. Independent draws of the same spread would give a wide
	// interval.
	c, err := cw.Compare(fromRank(t, b, 3), fromRank(t, a, 3))
	require.NoError(t, err)
	require.True(t, c.HasInterval())
	assert.InDelta(t, c.PAbove, c.PAboveLo, 1e-6)
	assert.InDelta(t, c.PAbove, c.PAboveHi, 1e-6)
	assert.Equal(t, crosswalk.FittedModel, c.Basis.Kind())
	r, err := cw.Compare(fromRank(t, a, 3), fromRank(t, b, 3))
	require.NoError(t, err)
	assert.InDelta(t, 1, c.PAboveLo+r.PAboveHi, 1e-9, "mirrored")

	// The caller's slices are copied.
	draws[4][0][1] = 0.99
	again, err := cw.BandInterval(fromRank(t, a, 3))
	require.NoError(t, err)
	assert.Equal(t, bi, again)
}

func TestFromCutPointDrawsErrors(t *testing.T) {
	a, b := newScale(t, "model-err-a", 4), newScale(t, "model-err-b", 5)
	cuts, draws := modelDraws(10)
	good := func() (map[*scale.Scale][]float64, map[*scale.Scale][][]float64) {
		d := map[*scale.Scale][][]float64{a: nil, b: nil}
		for _, s := range []*scale.Scale{a, b} {
			for _, row := range draws[s.Len()] {
				d[s] = append(d[s], append([]float64(nil), row...))
			}
		}
		return map[*scale.Scale][]float64{a: cuts[4], b: cuts[5]}, d
	}
	for _, tt := range []struct {
		name   string
		modify func(c map[*scale.Scale][]float64, d map[*scale.Scale][][]float64)
		err    error
		level  int
	}{
		{"no draws for a scale", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { delete(d, b) }, crosswalk.ErrInvalidDraws, 0},
		{"draws without cut points", func(c map[*scale.Scale][]float64, _ map[*scale.Scale][][]float64) { delete(c, b) }, crosswalk.ErrInvalidDraws, 0},
		{"one draw", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[a], d[b] = d[a][:1], d[b][:1] }, crosswalk.ErrInvalidDraws, 0},
		{"unequal numbers", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[b] = d[b][:5] }, crosswalk.ErrInvalidDraws, 0},
		{"short draw", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[a][3] = d[a][3][:4] }, crosswalk.ErrInvalidDraws, 0},
		{"out of range", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[a][2][2] = 1.5 }, crosswalk.ErrInvalidDraws, 2},
		{"NaN", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[b][2][3] = math.NaN() }, crosswalk.ErrInvalidDraws, 3},
		{"decreasing", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[a][1][3] = 0.05 }, crosswalk.ErrInvalidDraws, 3},
		{"ends", func(_ map[*scale.Scale][]float64, d map[*scale.Scale][][]float64) { d[a][1][0] = 0.01 }, crosswalk.ErrInvalidDraws, 0},
		{"bad cut points", func(c map[*scale.Scale][]float64, _ map[*scale.Scale][][]float64) {
			c[a] = []float64{0, 0.5, 0.4, 0.8, 1}
		}, crosswalk.ErrInvalidCuts, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, d := good()
			tt.modify(c, d)
			_, err := crosswalk.FromCutPointDraws("m", c, d)
			require.ErrorIs(t, err, tt.err)
			var se *crosswalk.ScaleError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.level, se.Level)
		})
	}
	c, d := good()
	_, err := crosswalk.FromCutPointDraws("", c, d)
	assert.ErrorIs(t, err, crosswalk.ErrInvalidDraws, "a model needs a name")
	_, err = crosswalk.FromCutPointDraws("m", nil, nil)
	assert.ErrorIs(t, err, crosswalk.ErrInvalidCuts)
	_, err = crosswalk.FromCutPointDraws("m", c, d)
	assert.NoError(t, err)
}
