package crosswalk_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// The intervals of the band edges of peel-2014 with counts 1, 10, 25, 7,
// pinned exactly: they come from fixed-seed draws of each cut point, and a
// change here changes every interval users have reported. A cut is shared
// by the levels on either side, and so is its interval.
func TestBandIntervalPinned(t *testing.T) {
	cw := pinnedCrosswalk(t)
	s := lookup(t, peel2014)
	want := []crosswalk.BandInterval{
		{Lo: crosswalk.Band{Lo: 0, Hi: 0}, Hi: crosswalk.Band{Lo: 0.003937497, Hi: 0.085532988}},
		{Lo: crosswalk.Band{Lo: 0.003937497, Hi: 0.085532988}, Hi: crosswalk.Band{Lo: 0.163611462, Hi: 0.381253767}},
		{Lo: crosswalk.Band{Lo: 0.163611462, Hi: 0.381253767}, Hi: crosswalk.Band{Lo: 0.732519065, Hi: 0.914527697}},
		{Lo: crosswalk.Band{Lo: 0.732519065, Hi: 0.914527697}, Hi: crosswalk.Band{Lo: 1, Hi: 1}},
	}
	for k, w := range want {
		g := fromRank(t, s, k+1)
		got, err := cw.BandInterval(g)
		require.NoError(t, err)
		assert.Equal(t, w, got, g.Label())

		// Each interval holds the point band's edge.
		b, err := cw.Band(g)
		require.NoError(t, err)
		assert.True(t, got.Lo.Lo <= b.Lo && b.Lo <= got.Lo.Hi, "%s: %v holds %v", g.Label(), got.Lo, b.Lo)
		assert.True(t, got.Hi.Lo <= b.Hi && b.Hi <= got.Hi.Hi, "%s: %v holds %v", g.Label(), got.Hi, b.Hi)
		assert.Equal(t, crosswalk.Band{Lo: got.Lo.Lo, Hi: got.Hi.Hi}, got.Outer())
	}

	// Cut j is Beta(a_≤j, a_>j) under the Jeffreys posterior, with a the
	// counts + ½; R's qbeta(c(0.05, 0.95), a, b) gives the exact interval,
	// which the draws match within their Monte Carlo error.
	for j, exact := range [][2]float64{
		{0.00401314, 0.08544476}, // qbeta(c(.05, .95), 1.5, 43.5)
		{0.165540, 0.379706},     // qbeta(c(.05, .95), 12, 33)
		{0.735097, 0.914600},     // qbeta(c(.05, .95), 37.5, 7.5)
	} {
		assert.InDelta(t, exact[0], want[j].Hi.Lo, 0.004, "cut %d", j+1)
		assert.InDelta(t, exact[1], want[j].Hi.Hi, 0.004, "cut %d", j+1)
	}
}

// The intervals do not depend on what was asked first, nor on the
// crosswalk value: a new crosswalk from the same counts gives the same.
func TestBandIntervalDeterministic(t *testing.T) {
	good := parse(t, peel2014, "Good")
	first, err := pinnedCrosswalk(t).BandInterval(good)
	require.NoError(t, err)

	cw := pinnedCrosswalk(t)
	_, err = cw.Compare(good, parse(t, peel2021, "Adequate"))
	require.NoError(t, err)
	_, err = cw.BandInterval(parse(t, peel2014, "Outstanding"))
	require.NoError(t, err)
	again, err := cw.BandInterval(good)
	require.NoError(t, err)
	assert.Equal(t, first, again)

	// A copy of the scale with the same definition finds the same cache.
	copied, err := scale.New(good.Scale().Definition())
	require.NoError(t, err)
	g, err := grade.Parse(copied, "Good")
	require.NoError(t, err)
	viaCopy, err := cw.BandInterval(g)
	require.NoError(t, err)
	assert.Equal(t, first, viaCopy)
}

// Without counts, the intervals are the point band's edges.
func TestBandIntervalCollapses(t *testing.T) {
	good := parse(t, peel2014, "Good")
	adequate := parse(t, peel2021, "Adequate")
	cuts, err := crosswalk.FromCutPoints(map[*scale.Scale][]float64{
		good.Scale():     {0, 0.1, 0.3, 0.8, 1},
		adequate.Scale(): {0, 0.1, 0.2, 0.5, 0.9, 1},
	})
	require.NoError(t, err)
	mixed, err := crosswalk.ParseJSON([]byte(`{"counts": {"hmic-peel-2014": [1, 10, 25, 7]}, "cuts": {"hmicfrs-peel-2021": [0, 0.1, 0.2, 0.5, 0.9, 1]}}`), nil)
	require.NoError(t, err)
	var nilCW *crosswalk.Crosswalk
	for _, tc := range []struct {
		name string
		cw   *crosswalk.Crosswalk
		g    grade.Grade
	}{
		{"default", crosswalk.Default(), good},
		{"nil", nilCW, adequate},
		{"cut points", cuts, good},
		{"cut points in a file with counts for the other scale", mixed, adequate},
	} {
		b, err := tc.cw.Band(tc.g)
		require.NoError(t, err, tc.name)
		got, err := tc.cw.BandInterval(tc.g)
		require.NoError(t, err, tc.name)
		assert.Equal(t, crosswalk.BandInterval{Lo: crosswalk.Band{Lo: b.Lo, Hi: b.Lo}, Hi: crosswalk.Band{Lo: b.Hi, Hi: b.Hi}}, got, tc.name)
		assert.Equal(t, b, got.Outer(), tc.name)
	}
	// The counted scale of the mixed file has intervals.
	got, err := mixed.BandInterval(good)
	require.NoError(t, err)
	assert.Less(t, got.Hi.Lo, got.Hi.Hi)
}

func TestBandIntervalErrors(t *testing.T) {
	cw := pinnedCrosswalk(t)
	_, err := cw.BandInterval(grade.Grade{})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = crosswalk.Default().BandInterval(grade.Grade{})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)

	_, err = cw.BandInterval(parse(t, peel2023, "Good"))
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	var se *crosswalk.ScaleError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, peel2023, se.Scale, "names the scale")

	// A scale with a covered ID and another definition.
	d := lookup(t, peel2014).Definition()
	d.Levels, d.Distributions = d.Levels[:3], nil
	other, err := scale.New(d)
	require.NoError(t, err)
	_, err = cw.BandInterval(fromRank(t, other, 1))
	assert.ErrorIs(t, err, crosswalk.ErrOtherDefinition)
}

// A level nobody was awarded is a point at the estimate, but its draws give
// it a small share, so its upper edge's interval lies just above the point.
func TestBandIntervalSparseLevel(t *testing.T) {
	a := newScale(t, "sparse-edges", 3)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: {0, 10, 10}})
	require.NoError(t, err)
	g := fromRank(t, a, 1)
	b, err := cw.Band(g)
	require.NoError(t, err)
	require.Equal(t, crosswalk.Band{Lo: 0, Hi: 0}, b)
	got, err := cw.BandInterval(g)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Band{Lo: 0, Hi: 0}, got.Lo)
	assert.Greater(t, got.Hi.Lo, 0.0, "the draws never give the level nothing")
	assert.Less(t, got.Hi.Hi, 0.15)
}

// Consecutive levels share a cut point, so the upper edge of one level and
// the lower edge of the next have the same interval.
func TestBandIntervalSharedEdges(t *testing.T) {
	cw := pinnedCrosswalk(t)
	s := lookup(t, peel2021)
	prev, err := cw.BandInterval(fromRank(t, s, 1))
	require.NoError(t, err)
	for k := 2; k <= s.Len(); k++ {
		got, err := cw.BandInterval(fromRank(t, s, k))
		require.NoError(t, err)
		assert.Equal(t, prev.Hi, got.Lo, "level %d", k)
		assert.LessOrEqual(t, got.Lo.Lo, got.Lo.Hi)
		assert.LessOrEqual(t, got.Hi.Lo, got.Hi.Hi)
		prev = got
	}
	assert.Equal(t, crosswalk.Band{Lo: 1, Hi: 1}, prev.Hi)
}

// The cache is filled once per level, safely under concurrent use; run
// with -race.
func TestBandIntervalConcurrent(t *testing.T) {
	var grades []grade.Grade
	for _, id := range []string{peel2014, peel2021} {
		s := lookup(t, id)
		for k := 1; k <= s.Len(); k++ {
			grades = append(grades, fromRank(t, s, k))
		}
	}
	serial := pinnedCrosswalk(t)
	want := make([]crosswalk.BandInterval, len(grades))
	for i, g := range grades {
		var err error
		want[i], err = serial.BandInterval(g)
		require.NoError(t, err)
	}
	cw := pinnedCrosswalk(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range grades {
				j := (i + w*3) % len(grades)
				got, err := cw.BandInterval(grades[j])
				assert.NoError(t, err)
				assert.Equal(t, want[j], got)
			}
		}()
	}
	wg.Wait()
}

func TestBandIntervalJSON(t *testing.T) {
	got, err := crosswalk.Default().BandInterval(parse(t, peel2021, "Adequate"))
	require.NoError(t, err)
	data, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"lo": {"lo": 0.4, "hi": 0.4}, "hi": {"lo": 0.6, "hi": 0.6}}`, string(data))
}
