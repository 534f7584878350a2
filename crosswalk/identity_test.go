package crosswalk_test

import (
	"math/big"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// exactPAbove is PAbove for equal-width bands, in exact rational arithmetic:
// the mean over A's band of P(Y < x), integrated piecewise.
func exactPAbove(ka, na, kb, nb int) *big.Rat {
	r := func(num, den int) *big.Rat { return big.NewRat(int64(num), int64(den)) }
	a0, a1, b0, b1 := r(ka-1, na), r(ka, na), r(kb-1, nb), r(kb, nb)
	wa, wb := new(big.Rat).Sub(a1, a0), new(big.Rat).Sub(b1, b0)
	// G(x) = integral from -inf to x of P(Y < t) dt.
	g := func(x *big.Rat) *big.Rat {
		switch {
		case x.Cmp(b0) <= 0:
			return new(big.Rat)
		case x.Cmp(b1) >= 0:
			out := new(big.Rat).Quo(wb, big.NewRat(2, 1))
			return out.Add(out, new(big.Rat).Sub(x, b1))
		}
		d := new(big.Rat).Sub(x, b0)
		d.Mul(d, d)
		return d.Quo(d, new(big.Rat).Mul(big.NewRat(2, 1), wb))
	}
	p := new(big.Rat).Sub(g(a1), g(a0))
	p.Quo(p, wa)
	if a0.Cmp(b0) == 0 && a1.Cmp(b1) == 0 {
		return big.NewRat(1, 2)
	}
	return p
}

// Under equal widths PAbove is a ratio of small rationals, and Compare
// returns the float64 nearest to it.
func TestDefaultPAboveExact(t *testing.T) {
	ri, adequate := parse(t, peel2014, "Requires improvement"), parse(t, peel2021, "Adequate")
	c, err := crosswalk.Default().Compare(ri, adequate)
	require.NoError(t, err)
	assert.Equal(t, 0.1, c.PAbove, "not 0.09999999999999998")

	sizes := []int{2, 3, 4, 5, 6, 7}
	for _, na := range sizes {
		for _, nb := range sizes {
			a, b := newScale(t, "exact-a", na), newScale(t, "exact-b", nb)
			for ka := 1; ka <= na; ka++ {
				for kb := 1; kb <= nb; kb++ {
					c, err := crosswalk.Default().Compare(fromRank(t, a, ka), fromRank(t, b, kb))
					require.NoError(t, err)
					want, _ := exactPAbove(ka, na, kb, nb).Float64()
					assert.Equal(t, want, c.PAbove, "%d/%d against %d/%d", ka, na, kb, nb)
				}
			}
		}
	}
}

// A data-driven crosswalk covers scales by ID: a copy with the same
// definition finds the bands, a scale with the same ID and another
// definition is an error that says so.
func TestCoverageByID(t *testing.T) {
	s2014, s2021 := lookup(t, peel2014), lookup(t, peel2021)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		s2014: {1, 10, 25, 7},
		s2021: {1, 5, 15, 17, 5},
	})
	require.NoError(t, err)
	want, err := cw.Compare(grade.MustParse(s2014, "Good"), grade.MustParse(s2021, "Adequate"))
	require.NoError(t, err)

	builtin, err := scale.Builtin()
	require.NoError(t, err)
	var copies []*scale.Scale
	for _, s := range builtin {
		if s.ID() == peel2014 || s.ID() == peel2021 {
			copies = append(copies, s)
		}
	}
	require.Len(t, copies, 2)
	rebuilt, err := scale.New(s2021.Definition())
	require.NoError(t, err)
	copies = append(copies, rebuilt)

	structCopy := *s2014
	copies = append(copies, &structCopy)
	for _, s := range copies {
		// New interns: Builtin and a rebuilt definition give the registered
		// *Scale itself; a struct copy leads back to it.
		assert.Same(t, lookup(t, s.ID()), s.Canonical())
		assert.True(t, cw.Covers(s), s.ID())
		cuts, err := cw.CutPoints(s)
		require.NoError(t, err)
		registered, err := cw.CutPoints(lookup(t, s.ID()))
		require.NoError(t, err)
		assert.Equal(t, registered, cuts)
	}
	c, err := cw.Compare(grade.MustParse(&structCopy, "Good"), grade.MustParse(copies[2], "Adequate"))
	require.NoError(t, err)
	assert.Equal(t, want.BandA, c.BandA)
	assert.Equal(t, want.BandB, c.BandB)
	assert.Equal(t, want.PAbove, c.PAbove)
	assert.Equal(t, want.Relation, c.Relation)

	// The same scale as a copy and as registered is not a change of era,
	// and its grades are ==.
	c, err = cw.Compare(grade.MustParse(copies[2], "Good"), grade.MustParse(s2021, "Adequate"))
	require.NoError(t, err)
	assert.False(t, c.CrossEra)
	c, err = cw.Compare(grade.MustParse(&structCopy, "Good"), grade.MustParse(s2014, "Good"))
	require.NoError(t, err)
	assert.False(t, c.CrossEra)
	assert.Equal(t, crosswalk.Equivalent, c.Relation)
	assert.True(t, grade.MustParse(&structCopy, "Good") == grade.MustParse(s2014, "Good"))
	assert.NoError(t, cw.CheckCovers(slices.Values(copies)))

	// Same ID, different definition.
	d := s2021.Definition()
	d.Levels[2].Label = "Satisfactory"
	changed, err := scale.New(d)
	require.NoError(t, err)
	assert.False(t, cw.Covers(changed))
	_, err = cw.Band(fromRank(t, changed, 3))
	assert.ErrorIs(t, err, crosswalk.ErrOtherDefinition)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered, "a different definition is not covered")
	var se *crosswalk.ScaleError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, peel2021, se.Scale)
	assert.Contains(t, err.Error(), "different definition")
	_, err = cw.Compare(grade.MustParse(s2014, "Good"), fromRank(t, changed, 3))
	assert.ErrorIs(t, err, crosswalk.ErrOtherDefinition)
	_, err = cw.CutPoints(changed)
	assert.ErrorIs(t, err, crosswalk.ErrOtherDefinition)

	// An unknown ID is simply not covered.
	_, err = cw.Band(fromRank(t, newScale(t, "not-covered", 4), 1))
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	assert.NotErrorIs(t, err, crosswalk.ErrOtherDefinition)

	// Two *Scale values with one ID cannot both be given: a struct copy
	// and the original, or two definitions with one ID.
	_, err = crosswalk.FromDistributions(map[*scale.Scale][]float64{s2014: {1, 1, 1, 1}, &structCopy: {1, 1, 1, 1}})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
	_, err = crosswalk.FromCutPoints(map[*scale.Scale][]float64{s2021: {0, .2, .4, .6, .8, 1}, changed: {0, .2, .4, .6, .8, 1}})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidCuts)
}

// Coverage by ID holds for crosswalks of many scales too, where scales are
// found through a map rather than a scan.
func TestCoverageByIDManyScales(t *testing.T) {
	counts := map[*scale.Scale][]float64{}
	for s := range scale.All() {
		c := make([]float64, s.Len())
		for i := range c {
			c[i] = float64(i + 1)
		}
		counts[s] = c
	}
	require.Greater(t, len(counts), 8, "precondition: more scales than a scan handles")
	cw, err := crosswalk.FromDistributions(counts)
	require.NoError(t, err)
	builtin, err := scale.Builtin()
	require.NoError(t, err)
	for _, s := range builtin {
		want, err := cw.CutPoints(lookup(t, s.ID()))
		require.NoError(t, err)
		got, err := cw.CutPoints(s)
		require.NoError(t, err, s.ID())
		assert.Equal(t, want, got, s.ID())
		b, err := cw.Band(fromRank(t, s, s.Len()))
		require.NoError(t, err)
		assert.Equal(t, 1.0, b.Hi)
	}
}

// Two keys with one ID are reported before any data is checked, so the same
// bad input gives the same error however the map orders its keys.
func TestSameIDErrorDeterministic(t *testing.T) {
	s := lookup(t, peel2014)
	structCopy := *s // another *Scale with the same ID
	copied := &structCopy
	other := lookup(t, peel2021)
	for range 50 {
		_, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
			s:      {1, 2, 3, 4},
			copied: {1, 2}, // bad as well: would be reported first in some orders
			other:  {1, 1},
		})
		require.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
		assert.EqualError(t, err, "crosswalk: scale hmic-peel-2014: invalid counts: two *scale.Scale values with this ID were given")

		_, err = crosswalk.FromCutPoints(map[*scale.Scale][]float64{
			s:      {0, 0.5, 1},
			copied: {0, 0.1, 0.2, 0.3, 1},
		})
		require.ErrorIs(t, err, crosswalk.ErrInvalidCuts)
		assert.EqualError(t, err, "crosswalk: scale hmic-peel-2014: invalid cut points: two *scale.Scale values with this ID were given")
	}
}
