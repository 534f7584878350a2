package crosswalk_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// The four built-in police scales, oldest first.
const (
	pledge2009 = "hmic-pledge-2009"
	peel2014   = "hmic-peel-2014"
	peel2021   = "hmicfrs-peel-2021"
	peel2023   = "hmicfrs-peel-2023"
)

func lookup(t testing.TB, id string) *scale.Scale {
	t.Helper()
	s, ok := scale.Lookup(id)
	require.Truef(t, ok, "scale %s is not in the default registry", id)
	return s
}

func parse(t testing.TB, id, label string) grade.Grade {
	t.Helper()
	g, err := grade.Parse(lookup(t, id), label)
	require.NoError(t, err)
	return g
}

// newScale builds a scale of n levels, labelled "L1" (worst) to "Ln", that
// is never registered.
func newScale(t testing.TB, id string, n int) *scale.Scale {
	t.Helper()
	d := scale.Definition{
		ID: id, Name: "Test scale " + id, Issuer: "gradewalk tests", Family: "gradewalk-tests",
		Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for k := 1; k <= n; k++ {
		d.Levels = append(d.Levels, scale.LevelDefinition{Label: "L" + strconv.Itoa(k)})
	}
	s, err := scale.New(d)
	require.NoError(t, err)
	return s
}

func fromRank(t testing.TB, s *scale.Scale, rank int) grade.Grade {
	t.Helper()
	g, err := grade.FromRank(s, rank)
	require.NoError(t, err)
	return g
}

// allGrades returns every level of every scale in the default registry.
func allGrades(t testing.TB) []grade.Grade {
	t.Helper()
	var all []grade.Grade
	for s := range scale.All() {
		for k := 1; k <= s.Len(); k++ {
			all = append(all, fromRank(t, s, k))
		}
	}
	require.NotEmpty(t, all)
	return all
}

func collect[T any](seq func(func(T) bool)) []T {
	var out []T
	for v := range seq {
		out = append(out, v)
	}
	return out
}

func TestDefaultBands(t *testing.T) {
	cw := crosswalk.Default()
	tests := []struct {
		id, label string
		want      crosswalk.Band
	}{
		{pledge2009, "Poor", crosswalk.Band{Lo: 0, Hi: 0.25}},
		{pledge2009, "Good", crosswalk.Band{Lo: 0.5, Hi: 0.75}},
		{peel2014, "Inadequate", crosswalk.Band{Lo: 0, Hi: 0.25}},
		{peel2014, "Good", crosswalk.Band{Lo: 0.5, Hi: 0.75}},
		{peel2014, "Outstanding", crosswalk.Band{Lo: 0.75, Hi: 1}},
		{peel2021, "Requires improvement", crosswalk.Band{Lo: 0.2, Hi: 0.4}},
		{peel2021, "Adequate", crosswalk.Band{Lo: 0.4, Hi: 0.6}},
		{peel2021, "Good", crosswalk.Band{Lo: 0.6, Hi: 0.8}},
		{peel2023, "Adequate", crosswalk.Band{Lo: 0.4, Hi: 0.6}},
		{peel2023, "Outstanding", crosswalk.Band{Lo: 0.8, Hi: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.id+":"+tt.label, func(t *testing.T) {
			got, err := cw.Band(parse(t, tt.id, tt.label))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			score, err := cw.Score(parse(t, tt.id, tt.label))
			require.NoError(t, err)
			assert.Equal(t, tt.want.Mid(), score)
		})
	}
}

func TestDefaultEqualWidths(t *testing.T) {
	cw := crosswalk.Default()
	scales := slices.Collect(scale.All())
	// A scale built with scale.New and never registered is covered too.
	scales = append(scales, newScale(t, "unregistered", 7))
	for _, s := range scales {
		t.Run(s.ID(), func(t *testing.T) {
			require.True(t, cw.Covers(s))
			n := s.Len()
			k := 0
			bands, err := cw.Bands(s)
			require.NoError(t, err)
			for g, b := range bands {
				k++
				assert.Equal(t, k, g.Rank())
				assert.InDelta(t, float64(k-1)/float64(n), b.Lo, 1e-15)
				assert.InDelta(t, float64(k)/float64(n), b.Hi, 1e-15)
				assert.InDelta(t, 1/float64(n), b.Width(), 1e-15)
			}
			assert.Equal(t, n, k)
			// Both ends of every scale map to the ends of the ordinal.
			cuts, err := cw.CutPoints(s)
			require.NoError(t, err)
			require.Len(t, cuts, n+1)
			assert.Equal(t, 0.0, cuts[0])
			assert.Equal(t, 1.0, cuts[n])
		})
	}
}

func TestDefaultComparisons(t *testing.T) {
	cw := crosswalk.Default()

	t.Run("Good 2014 vs Adequate 2021", func(t *testing.T) {
		c, err := cw.Compare(parse(t, peel2014, "Good"), parse(t, peel2021, "Adequate"))
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Overlapping, c.Relation)
		assert.InDelta(t, 0.9, c.PAbove, 1e-12)
		assert.True(t, c.CrossEra)
		assert.Equal(t, crosswalk.Band{Lo: 0.5, Hi: 0.75}, c.BandA)
		assert.Equal(t, crosswalk.Band{Lo: 0.4, Hi: 0.6}, c.BandB)
	})
	t.Run("Good 2009 vs Good 2014", func(t *testing.T) {
		// Identical bands by the equal-width rule are not an equivalence.
		c, err := cw.Compare(parse(t, pledge2009, "Good"), parse(t, peel2014, "Good"))
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Overlapping, c.Relation)
		assert.Equal(t, 0.5, c.PAbove)
		assert.Equal(t, c.BandA, c.BandB)
		assert.True(t, c.CrossEra)
		assert.Equal(t, crosswalk.EqualWidths, c.Basis.Kind())
		assert.False(t, c.HasInterval())
	})
	t.Run("Good 2021 vs Good 2021", func(t *testing.T) {
		c, err := cw.Compare(parse(t, peel2021, "Good"), parse(t, peel2021, "Good"))
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Equivalent, c.Relation, "one scale keeps Equivalent")
		assert.Equal(t, crosswalk.SameScale, c.Basis.Kind())
	})
	t.Run("Requires improvement 2014 vs Good 2021", func(t *testing.T) {
		c, err := cw.Compare(parse(t, peel2014, "Requires improvement"), parse(t, peel2021, "Good"))
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Below, c.Relation)
		assert.Equal(t, 0.0, c.PAbove)
		assert.True(t, c.CrossEra)
	})
	t.Run("within one scale", func(t *testing.T) {
		c, err := cw.Compare(parse(t, peel2021, "Good"), parse(t, peel2021, "Adequate"))
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Above, c.Relation)
		assert.Equal(t, 1.0, c.PAbove)
		assert.False(t, c.CrossEra)
	})
}

func TestDefaultConvert(t *testing.T) {
	got, err := crosswalk.Default().Convert(parse(t, peel2014, "Good"), lookup(t, peel2021))
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, parse(t, peel2021, "Adequate"), got[0].Grade)
	assert.InDelta(t, 0.4, got[0].Share, 1e-12)
	assert.Equal(t, parse(t, peel2021, "Good"), got[1].Grade)
	assert.InDelta(t, 0.6, got[1].Share, 1e-12)
}

func TestCaveats(t *testing.T) {
	cw := crosswalk.Default()
	caveats := func(t *testing.T, a, b grade.Grade) []string {
		t.Helper()
		c, err := cw.Compare(a, b)
		require.NoError(t, err)
		return collect(c.Caveats())
	}
	// The caveats' wording is being revised, so expectations come from the
	// scales, not from copies of the text.
	want := func(a, b *scale.Scale) []string {
		var out []string
		for _, c := range []string{a.Caveat(), b.Caveat()} {
			if c != "" && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
		return out
	}
	withCaveat := func(t *testing.T, id, caveat string) *scale.Scale {
		t.Helper()
		d := newScale(t, id, 3).Definition()
		d.Caveat = caveat
		s, err := scale.New(d)
		require.NoError(t, err)
		return s
	}

	// Each scale's caveat is about the change that brought it in, so a
	// comparison carries the caveats of the scales after the earlier one up
	// to and including the later one, whichever way round it is asked.
	t.Run("per change of scale, police family", func(t *testing.T) {
		require.NotEmpty(t, lookup(t, peel2021).Caveat(), "precondition: PEEL 2021/22 has a caveat")
		require.NotEmpty(t, lookup(t, peel2023).Caveat(), "precondition: PEEL 2023-25 has a caveat")
		tests := []struct {
			from, to string
			changes  []string // the scales whose caveats apply, in era order
		}{
			{peel2021, peel2023, []string{peel2023}},
			{peel2014, peel2023, []string{peel2021, peel2023}},
			{pledge2009, peel2021, []string{peel2014, peel2021}},
			{pledge2009, peel2014, []string{peel2014}},
			{peel2014, peel2021, []string{peel2021}},
		}
		for _, tt := range tests {
			var expected []string
			for _, id := range tt.changes {
				if c := lookup(t, id).Caveat(); c != "" && !slices.Contains(expected, c) {
					expected = append(expected, c)
				}
			}
			a, b := fromRank(t, lookup(t, tt.from), 2), fromRank(t, lookup(t, tt.to), 3)
			assert.Equal(t, expected, caveats(t, a, b), "%s -> %s", tt.from, tt.to)
			assert.Equal(t, expected, caveats(t, b, a), "%s -> %s, reversed", tt.to, tt.from)
		}
		// The 2021/22 caveat, about the change from 2014-19, says nothing
		// about the step from 2021/22 to 2023-25.
		assert.NotContains(t, caveats(t, parse(t, peel2021, "Good"), parse(t, peel2023, "Good")), lookup(t, peel2021).Caveat())
	})
	t.Run("different families keep both caveats", func(t *testing.T) {
		ofsted := lookup(t, "ofsted-schools-2012")
		require.NotEmpty(t, ofsted.Caveat(), "precondition")
		s2021 := lookup(t, peel2021)
		a, b := fromRank(t, ofsted, 2), parse(t, peel2021, "Adequate")
		assert.Equal(t, want(ofsted, s2021), caveats(t, a, b))
		assert.Equal(t, want(s2021, ofsted), caveats(t, b, a))
	})
	// Scales outside the default registry: the changes between them are
	// unknown, so both caveats are kept.
	t.Run("cross era, one scale with a caveat", func(t *testing.T) {
		a, b := withCaveat(t, "caveat-a", "Not comparable with earlier grades."), newScale(t, "caveat-none", 4)
		assert.Equal(t, []string{"Not comparable with earlier grades."}, caveats(t, fromRank(t, a, 2), fromRank(t, b, 2)))
		assert.Equal(t, []string{"Not comparable with earlier grades."}, caveats(t, fromRank(t, b, 2), fromRank(t, a, 2)))
	})
	t.Run("cross era, both scales with caveats", func(t *testing.T) {
		a, b := withCaveat(t, "caveat-one", "First."), withCaveat(t, "caveat-two", "Second.")
		assert.Equal(t, []string{"First.", "Second."}, caveats(t, fromRank(t, a, 1), fromRank(t, b, 3)))
		c := withCaveat(t, "caveat-same", "First.")
		assert.Equal(t, []string{"First."}, caveats(t, fromRank(t, a, 1), fromRank(t, c, 3)), "distinct caveats only")
	})
	t.Run("cross era, no caveats", func(t *testing.T) {
		a, b := newScale(t, "no-caveat-a", 3), newScale(t, "no-caveat-b", 4)
		assert.Empty(t, caveats(t, fromRank(t, a, 2), fromRank(t, b, 2)))
	})
	t.Run("within one scale", func(t *testing.T) {
		assert.Empty(t, caveats(t, parse(t, peel2021, "Good"), parse(t, peel2021, "Adequate")))
		assert.Empty(t, caveats(t, parse(t, peel2023, "Good"), parse(t, peel2023, "Good")))
		a := withCaveat(t, "caveat-within", "Not comparable.")
		assert.Empty(t, caveats(t, fromRank(t, a, 1), fromRank(t, a, 3)))
	})
	t.Run("stops when asked", func(t *testing.T) {
		a, b := withCaveat(t, "caveat-stop-a", "A."), withCaveat(t, "caveat-stop-b", "B.")
		c, err := cw.Compare(fromRank(t, a, 1), fromRank(t, b, 1))
		require.NoError(t, err)
		n := 0
		for range c.Caveats() {
			n++
			break
		}
		assert.Equal(t, 1, n)
	})
}

// TestCompareProperties checks every pair of levels of all built-in scales.
func TestCompareProperties(t *testing.T) {
	cw := crosswalk.Default()
	all := allGrades(t)
	mirror := map[crosswalk.Relation]crosswalk.Relation{
		crosswalk.Below: crosswalk.Above, crosswalk.Above: crosswalk.Below,
		crosswalk.Overlapping: crosswalk.Overlapping, crosswalk.Equivalent: crosswalk.Equivalent,
	}
	fromCompare := map[int]crosswalk.Relation{-1: crosswalk.Below, 0: crosswalk.Equivalent, +1: crosswalk.Above}
	equivalent := 0
	defer func() {
		// Across scales, only Estyn's published 2017 equivalence (four
		// pairs, both ways) is Equivalent.
		assert.Equal(t, 8, equivalent)
	}()
	for _, a := range all {
		for _, b := range all {
			ab, err := cw.Compare(a, b)
			require.NoError(t, err)
			ba, err := cw.Compare(b, a)
			require.NoError(t, err)
			if !checkComparison(t, ab, ba) {
				t.Fatalf("Compare(%v, %v) = %+v", a, b, ab)
			}
			assert.Equal(t, mirror[ab.Relation], ba.Relation, "%v vs %v", a, b)
			if a.Scale() == b.Scale() {
				assert.Equal(t, fromCompare[a.Compare(b)], ab.Relation, "%v vs %v", a, b)
				assert.False(t, ab.CrossEra)
				assert.Equal(t, crosswalk.SameScale, ab.Basis.Kind())
			} else {
				assert.True(t, ab.CrossEra)
				if ab.Relation == crosswalk.Equivalent {
					equivalent++
					assert.Equal(t, crosswalk.PublishedEquivalence, ab.Basis.Kind(), "%v vs %v", a, b)
				} else {
					assert.Equal(t, crosswalk.EqualWidths, ab.Basis.Kind(), "%v vs %v", a, b)
				}
			}
		}
	}
}

// checkComparison checks the properties that hold for any comparison ab of
// two grades and its reverse ba.
func checkComparison(t *testing.T, ab, ba crosswalk.Comparison) bool {
	t.Helper()
	ok := assert.InDelta(t, 1, ab.PAbove+ba.PAbove, 1e-12, "antisymmetry")
	ok = assert.True(t, ab.PAbove >= 0 && ab.PAbove <= 1, "PAbove %v out of [0, 1]", ab.PAbove) && ok
	if ab.Relation == crosswalk.Equivalent {
		ok = assert.Equal(t, ab.BandA, ab.BandB, "Equivalent bands are identical") && ok
		ok = assert.True(t, !ab.CrossEra || ab.Equivalence != nil, "Equivalent across scales only by a recorded equivalence") && ok
	}
	if ab.BandA == ab.BandB && ab.CrossEra && ab.Equivalence == nil {
		ok = assert.Equal(t, crosswalk.Overlapping, ab.Relation, "identical bands of two scales, no equivalence") && ok
	}
	if ab.BandA == ab.BandB && !ab.CrossEra {
		ok = assert.Equal(t, crosswalk.Equivalent, ab.Relation, "the same grade") && ok
	}
	ok = assert.True(t, ab.Basis.IsValid(), "every comparison has a basis") && ok
	if ab.BandA != ab.BandB {
		ok = assert.Equal(t, ab.BandA.Lo >= ab.BandB.Hi, ab.Relation == crosswalk.Above, "Above iff a.Lo >= b.Hi") && ok
		ok = assert.Equal(t, ab.BandA.Hi <= ab.BandB.Lo, ab.Relation == crosswalk.Below, "Below iff a.Hi <= b.Lo") && ok
	}
	switch ab.Relation {
	case crosswalk.Above:
		ok = assert.Equal(t, 1.0, ab.PAbove) && ok
	case crosswalk.Below:
		ok = assert.Equal(t, 0.0, ab.PAbove) && ok
	case crosswalk.Equivalent:
		ok = assert.Equal(t, 0.5, ab.PAbove) && ok
	case crosswalk.Overlapping:
	default:
		ok = assert.Fail(t, "invalid relation", "%v", ab.Relation) && ok
	}
	return ok
}

// bruteForcePAbove estimates P(X > Y) + P(X = Y)/2, for X uniform on a and
// Y uniform on b (a point for a zero-width band), by the midpoint rule over
// a fine grid of a.
func bruteForcePAbove(a, b crosswalk.Band) float64 {
	below := func(x float64) float64 { // P(Y < x) + P(Y = x)/2
		if b.Width() == 0 {
			switch {
			case x > b.Lo:
				return 1
			case x == b.Lo:
				return 0.5
			}
			return 0
		}
		return math.Min(1, math.Max(0, (x-b.Lo)/b.Width()))
	}
	if a.Width() == 0 {
		return below(a.Lo)
	}
	const n = 20000
	sum := 0.0
	for i := range n {
		sum += below(a.Lo + (float64(i)+0.5)*a.Width()/n)
	}
	return sum / n
}

func TestPAboveBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// point draws a position, often on a coarse grid so that bands share
	// end points or coincide.
	point := func() float64 {
		if rng.IntN(2) == 0 {
			return float64(rng.IntN(9)) / 8
		}
		return rng.Float64()
	}
	band := func() crosswalk.Band {
		lo, hi := point(), point()
		if rng.IntN(4) == 0 {
			hi = lo // zero width
		}
		return crosswalk.Band{Lo: min(lo, hi), Hi: max(lo, hi)}
	}
	// Each band is the middle level of a three-level scale.
	sa, sb := newScale(t, "band-a", 3), newScale(t, "band-b", 3)
	ga, gb := fromRank(t, sa, 2), fromRank(t, sb, 2)
	relations := make(map[crosswalk.Relation]int)
	for range 1000 {
		a, b := band(), band()
		cw, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
			sa: {0, a.Lo, a.Hi, 1},
			sb: {0, b.Lo, b.Hi, 1},
		})
		require.NoError(t, err)
		ab, err := cw.Compare(ga, gb)
		require.NoError(t, err)
		ba, err := cw.Compare(gb, ga)
		require.NoError(t, err)
		require.Equal(t, a, ab.BandA)
		require.Equal(t, b, ab.BandB)
		relations[ab.Relation]++
		if !checkComparison(t, ab, ba) ||
			!assert.InDelta(t, bruteForcePAbove(a, b), ab.PAbove, 1e-4) {
			t.Fatalf("a = %v, b = %v: %+v", a, b, ab)
		}
	}
	// The draws reach every relation possible across two scales.
	for _, r := range []crosswalk.Relation{crosswalk.Below, crosswalk.Overlapping, crosswalk.Above} {
		assert.Positive(t, relations[r], "no draw gave %v", r)
	}
}

func TestCompareErrors(t *testing.T) {
	cw := crosswalk.Default()
	good := parse(t, peel2014, "Good")
	_, err := cw.Band(grade.Grade{})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = cw.Compare(grade.Grade{}, good)
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = cw.Compare(good, grade.Grade{})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = cw.Convert(grade.Grade{}, lookup(t, peel2021))
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = cw.Equate(grade.Grade{}, lookup(t, peel2021))
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)

	assert.False(t, cw.Covers(nil))
	_, err = cw.Convert(good, nil)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	_, err = cw.CutPoints(nil)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
}

func TestRelationText(t *testing.T) {
	for _, r := range []crosswalk.Relation{crosswalk.Below, crosswalk.Overlapping, crosswalk.Equivalent, crosswalk.Above} {
		text, err := r.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, r.String(), string(text))
		var back crosswalk.Relation
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, r, back)
	}
	assert.Equal(t, "invalid relation", crosswalk.Relation(0).String())
	assert.Equal(t, "invalid relation", crosswalk.Relation(99).String())
	// The zero Relation writes "" and reads back from it, as trend.Direction.
	text, err := crosswalk.Relation(0).MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	_, err = crosswalk.Relation(99).MarshalText()
	assert.Error(t, err)
	r := crosswalk.Above
	require.NoError(t, r.UnmarshalText([]byte("")))
	assert.Zero(t, r)
	assert.ErrorIs(t, r.UnmarshalText([]byte("Above")), crosswalk.ErrUnknownRelation)
}

func TestFromDistributions(t *testing.T) {
	s4, s5 := newScale(t, "dist-4", 4), newScale(t, "dist-5", 5)
	counts := map[*scale.Scale][]float64{
		s4: {10, 40, 35, 15},
		s5: {5, 20, 0, 55, 20},
	}
	cw, err := crosswalk.FromDistributions(counts)
	require.NoError(t, err)
	assert.True(t, cw.Covers(s4))
	assert.True(t, cw.Covers(s5))

	t.Run("cut points are cumulative proportions", func(t *testing.T) {
		for s, want := range map[*scale.Scale][]float64{
			s4: {0, 0.1, 0.5, 0.85, 1},
			s5: {0, 0.05, 0.25, 0.25, 0.8, 1},
		} {
			got, err := cw.CutPoints(s)
			require.NoError(t, err)
			assert.InDeltaSlice(t, want, got, 1e-15, s.ID())
			assert.Equal(t, 1.0, got[len(got)-1], "last cut point is exactly 1")
		}
	})
	t.Run("last cut point is exactly 1 despite rounding", func(t *testing.T) {
		s := newScale(t, "dist-rounding", 10)
		c := make([]float64, 10)
		for i := range c {
			c[i] = 0.1 * float64(i+1) / 3
		}
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{s: c})
		require.NoError(t, err)
		cuts, err := cw.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, 0.0, cuts[0])
		assert.Equal(t, 1.0, cuts[10])
		assert.True(t, slices.IsSorted(cuts))
	})
	t.Run("zero counts give zero-width bands", func(t *testing.T) {
		b, err := cw.Band(fromRank(t, s5, 3))
		require.NoError(t, err)
		assert.Equal(t, 0.0, b.Width())
		assert.InDelta(t, 0.25, b.Lo, 1e-15)
	})
	t.Run("uncovered scales", func(t *testing.T) {
		other := lookup(t, peel2014)
		assert.False(t, cw.Covers(other))
		good := parse(t, peel2014, "Good")
		covered := fromRank(t, s4, 2)
		checks := map[string]func() error{
			"Band":         func() error { _, err := cw.Band(good); return err },
			"Score":        func() error { _, err := cw.Score(good); return err },
			"Compare A":    func() error { _, err := cw.Compare(good, covered); return err },
			"Compare B":    func() error { _, err := cw.Compare(covered, good); return err },
			"Convert from": func() error { _, err := cw.Convert(good, s5); return err },
			"Convert to":   func() error { _, err := cw.Convert(covered, other); return err },
			"Equate from":  func() error { _, err := cw.Equate(good, s5); return err },
			"Equate to":    func() error { _, err := cw.Equate(covered, other); return err },
			"Bands":        func() error { _, err := cw.Bands(other); return err },
			"CutPoints":    func() error { _, err := cw.CutPoints(other); return err },
		}
		for name, check := range checks {
			err := check()
			assert.ErrorIs(t, err, crosswalk.ErrNotCovered, name)
			var se *crosswalk.ScaleError
			if assert.ErrorAs(t, err, &se, name) {
				assert.Equal(t, peel2014, se.Scale, name)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		// A crosswalk that covers nothing is an error, not a silent empty one.
		_, err := crosswalk.FromDistributions(nil)
		assert.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
		_, err = crosswalk.FromDistributions(map[*scale.Scale][]float64{})
		assert.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
		_, err = crosswalk.FromCutPoints(nil)
		assert.ErrorIs(t, err, crosswalk.ErrInvalidCuts)
	})
}

func TestFromDistributionsErrors(t *testing.T) {
	s := newScale(t, "bad-counts", 4)
	tests := []struct {
		name   string
		counts []float64
		level  int // the level at fault, 0 for none
	}{
		{"too few", []float64{1, 2, 3}, 0},
		{"too many", []float64{1, 2, 3, 4, 5}, 0},
		{"none", nil, 0},
		{"negative", []float64{1, 2, -3, 4}, 3},
		{"NaN", []float64{math.NaN(), 2, 3, 4}, 1},
		{"+Inf", []float64{1, 2, 3, math.Inf(1)}, 4},
		{"-Inf", []float64{1, math.Inf(-1), 3, 4}, 2},
		{"all zeros", []float64{0, 0, 0, 0}, 0},
		{"overflowing total", []float64{math.MaxFloat64, math.MaxFloat64, 0, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{s: tt.counts})
			assert.Nil(t, cw)
			require.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
			var se *crosswalk.ScaleError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, s.ID(), se.Scale)
			assert.Equal(t, tt.level, se.Level)
		})
	}
	t.Run("nil scale", func(t *testing.T) {
		_, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{nil: {1, 2}})
		require.ErrorIs(t, err, crosswalk.ErrInvalidCounts)
		var se *crosswalk.ScaleError
		require.ErrorAs(t, err, &se)
		assert.NotEmpty(t, se.Scale)
		assert.Equal(t, 0, se.Level)
	})
}

func TestFromCutPoints(t *testing.T) {
	s := newScale(t, "cuts-4", 4)
	cuts := []float64{0, 0.1, 0.1, 0.7, 1}
	cw, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{s: cuts})
	require.NoError(t, err)
	got, err := cw.CutPoints(s)
	require.NoError(t, err)
	assert.Equal(t, cuts, got)
	for k := 1; k <= 4; k++ {
		b, err := cw.Band(fromRank(t, s, k))
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Band{Lo: cuts[k-1], Hi: cuts[k]}, b)
	}
}

func TestFromCutPointsErrors(t *testing.T) {
	s := newScale(t, "bad-cuts", 3)
	tests := []struct {
		name  string
		cuts  []float64
		level int
	}{
		{"too few", []float64{0, 0.5, 1}, 0},
		{"too many", []float64{0, 0.2, 0.4, 0.6, 1}, 0},
		{"first not 0", []float64{0.1, 0.2, 0.4, 1}, 0},
		{"last not 1", []float64{0, 0.2, 0.4, 0.9}, 0},
		{"last above 1", []float64{0, 0.2, 0.4, 1.5}, 0},
		{"decreasing", []float64{0, 0.6, 0.4, 1}, 2},
		{"NaN first", []float64{math.NaN(), 0.2, 0.4, 1}, 0},
		{"NaN inside", []float64{0, math.NaN(), 0.4, 1}, 1},
		{"NaN last", []float64{0, 0.2, 0.4, math.NaN()}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cw, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{s: tt.cuts})
			assert.Nil(t, cw)
			require.ErrorIs(t, err, crosswalk.ErrInvalidCuts)
			var se *crosswalk.ScaleError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, s.ID(), se.Scale)
			assert.Equal(t, tt.level, se.Level)
		})
	}
	t.Run("nil scale", func(t *testing.T) {
		_, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{nil: {0, 1}})
		assert.ErrorIs(t, err, crosswalk.ErrInvalidCuts)
	})
}

// TestInputsCopied checks that a crosswalk keeps its own copies of its
// inputs and hands out copies of its cut points.
func TestInputsCopied(t *testing.T) {
	s, other := newScale(t, "copied", 3), newScale(t, "copied-other", 3)
	g := fromRank(t, s, 2)

	counts := map[*scale.Scale][]float64{s: {1, 2, 1}}
	fromCounts, err := crosswalk.FromDistributions(counts)
	require.NoError(t, err)
	cuts := map[*scale.Scale][]float64{s: {0, 0.25, 0.75, 1}}
	fromCuts, err := crosswalk.FromCutPoints(cuts)
	require.NoError(t, err)

	counts[s][1] = 100
	counts[other] = []float64{1, 1, 1}
	delete(counts, s)
	cuts[s][1] = 0.5
	cuts[other] = []float64{0, 0.1, 0.2, 1}
	delete(cuts, s)

	for _, cw := range []*crosswalk.Crosswalk{fromCounts, fromCuts} {
		assert.True(t, cw.Covers(s))
		assert.False(t, cw.Covers(other))
		b, err := cw.Band(g)
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Band{Lo: 0.25, Hi: 0.75}, b)

		got, err := cw.CutPoints(s)
		require.NoError(t, err)
		got[1] = 0.6
		again, err := cw.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, []float64{0, 0.25, 0.75, 1}, again)
	}

	got, err := crosswalk.Default().CutPoints(s)
	require.NoError(t, err)
	got[1] = 0.9
	b, err := crosswalk.Default().Band(fromRank(t, s, 1))
	require.NoError(t, err)
	assert.InDelta(t, 1.0/3, b.Hi, 1e-15)
}

// checkConvert checks Convert's result for g against the bands of to.
func checkConvert(t *testing.T, cw *crosswalk.Crosswalk, g grade.Grade, to *scale.Scale) []crosswalk.Match {
	t.Helper()
	matches, err := cw.Convert(g, to)
	require.NoError(t, err)
	require.NotEmpty(t, matches, "%v", g)
	band, err := cw.Band(g)
	require.NoError(t, err)
	sum := 0.0
	for i, m := range matches {
		assert.Equal(t, to, m.Grade.Scale())
		assert.Positive(t, m.Share)
		sum += m.Share
		if i > 0 {
			assert.Less(t, matches[i-1].Grade.Rank(), m.Grade.Rank(), "worst first")
		}
		mb, err := cw.Band(m.Grade)
		require.NoError(t, err)
		assert.True(t, mb.Lo <= band.Hi && band.Lo <= mb.Hi, "%v does not overlap %v", m.Grade, g)
	}
	assert.InDelta(t, 1, sum, 1e-12, "%v", g)
	return matches
}

func TestConvertProperties(t *testing.T) {
	cw := crosswalk.Default()
	scales := slices.Collect(scale.All())
	for _, g := range allGrades(t) {
		band, err := cw.Band(g)
		require.NoError(t, err)
		for _, to := range scales {
			matches := checkConvert(t, cw, g, to)
			// Every level whose band overlaps g's by more than a point is
			// among the matches.
			bands, err := cw.Bands(to)
			require.NoError(t, err)
			for h, b := range bands {
				overlaps := min(band.Hi, b.Hi)-max(band.Lo, b.Lo) > 1e-12
				found := slices.ContainsFunc(matches, func(m crosswalk.Match) bool { return m.Grade == h })
				assert.Equal(t, overlaps, found, "%v to %v", g, h)
			}
			if to == g.Scale() {
				assert.Equal(t, []crosswalk.Match{{Grade: g, Share: 1}}, matches)
			}
		}
	}
}

func TestConvertZeroWidth(t *testing.T) {
	from, to := newScale(t, "point-from", 5), newScale(t, "point-to", 5)
	// Levels 2 and 4 of from are the points 0.3 and 0.5; level 3 of to is
	// the point 0.5, so 0.5 is the cut between levels 2 and 4 of to.
	cw, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
		from: {0, 0.3, 0.3, 0.5, 0.5, 1},
		to:   {0, 0.25, 0.5, 0.5, 0.75, 1},
	})
	require.NoError(t, err)

	t.Run("inside a level", func(t *testing.T) {
		got := checkConvert(t, cw, fromRank(t, from, 2), to)
		assert.Equal(t, []crosswalk.Match{{Grade: fromRank(t, to, 2), Share: 1}}, got)
	})
	t.Run("on a cut", func(t *testing.T) {
		got := checkConvert(t, cw, fromRank(t, from, 4), to)
		assert.Equal(t, []crosswalk.Match{
			{Grade: fromRank(t, to, 2), Share: 0.5},
			{Grade: fromRank(t, to, 4), Share: 0.5},
		}, got)
	})
	t.Run("positive width skips zero-width levels", func(t *testing.T) {
		got := checkConvert(t, cw, fromRank(t, from, 5), to)
		assert.Equal(t, []crosswalk.Match{
			{Grade: fromRank(t, to, 4), Share: 0.5},
			{Grade: fromRank(t, to, 5), Share: 0.5},
		}, got)
	})
	t.Run("at the ends", func(t *testing.T) {
		low, high := newScale(t, "point-ends", 3), newScale(t, "point-ends-to", 2)
		cw, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
			low:  {0, 0, 1, 1},
			high: {0, 0.5, 1},
		})
		require.NoError(t, err)
		got := checkConvert(t, cw, fromRank(t, low, 1), high)
		assert.Equal(t, []crosswalk.Match{{Grade: fromRank(t, high, 1), Share: 1}}, got)
		got = checkConvert(t, cw, fromRank(t, low, 3), high)
		assert.Equal(t, []crosswalk.Match{{Grade: fromRank(t, high, 2), Share: 1}}, got)
	})
}
