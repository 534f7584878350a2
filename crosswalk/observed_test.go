package crosswalk_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// observedScale builds a test scale of n levels with the given
// distributions.
func observedScale(t *testing.T, id string, n int, dists ...scale.DistributionDefinition) *scale.Scale {
	t.Helper()
	d := scale.Definition{
		ID: id, Name: "Test scale " + id, Issuer: "gradewalk tests", Family: "observed-tests",
		Era:           scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Distributions: dists,
	}
	for k := 1; k <= n; k++ {
		d.Levels = append(d.Levels, scale.LevelDefinition{Label: "L" + strconv.Itoa(k)})
	}
	s, err := scale.New(d)
	require.NoError(t, err)
	return s
}

func testSource() scale.Source {
	return scale.Source{Publisher: "gradewalk tests", Title: "Illustrative counts", Year: 2024, URL: "https://example.org/illustrative"}
}

func TestObservedFromRegistry(t *testing.T) {
	a := observedScale(t, "obs-a", 4,
		scale.DistributionDefinition{Period: "2016", Area: "effectiveness", Counts: []float64{5, 5, 5, 5}, Source: testSource()},
		scale.DistributionDefinition{Period: "2019", Area: "effectiveness", Counts: []float64{1, 10, 25, 7}, Source: testSource(), Reference: true},
	)
	b := observedScale(t, "obs-b", 5,
		scale.DistributionDefinition{Period: "2021/22", Percentages: []float64{2.5, 12.5, 37.5, 42.5, 5}, Size: 40, Source: testSource(), Reference: true},
	)
	noRef := observedScale(t, "obs-c", 3,
		scale.DistributionDefinition{Period: "2010", Counts: []float64{1, 2, 3}, Source: testSource()},
	)
	none := observedScale(t, "obs-d", 3)
	var r scale.Registry
	require.NoError(t, r.Register(a, b, noRef, none))

	cw := crosswalk.ObservedFrom(&r)
	assert.Equal(t, "observed (reference distributions: obs-a 2019 effectiveness; obs-b 2021/22)", cw.String())

	want, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		a: {1, 10, 25, 7},
		b: {1, 5, 15, 17, 2},
	})
	require.NoError(t, err)
	for _, s := range []*scale.Scale{a, b} {
		assert.True(t, cw.Covers(s), s.ID())
		got, err := cw.CutPoints(s)
		require.NoError(t, err)
		expected, err := want.CutPoints(s)
		require.NoError(t, err)
		assert.InDeltaSlice(t, expected, got, 1e-12, s.ID())
	}
	for _, s := range []*scale.Scale{noRef, none} {
		assert.False(t, cw.Covers(s), s.ID())
		_, err := cw.Band(fromRank(t, s, 1))
		assert.ErrorIs(t, err, crosswalk.ErrNotCovered, s.ID())
	}

	// Counts, so intervals and standard errors.
	c, err := cw.Compare(fromRank(t, a, 3), fromRank(t, b, 3))
	require.NoError(t, err)
	assert.Less(t, c.PAboveLo, c.PAbove)
	assert.Greater(t, c.PAboveHi, c.PAbove)
	se, err := cw.EquateSE(fromRank(t, a, 3), b)
	require.NoError(t, err)
	assert.Greater(t, se, 0.0)

	var empty scale.Registry
	require.NoError(t, empty.Register(none))
	assert.Equal(t, "observed (no scale has a reference distribution)", crosswalk.ObservedFrom(&empty).String())
	assert.False(t, crosswalk.ObservedFrom(&empty).Covers(none))
}

// Observed covers exactly the catalogue's scales with a reference
// distribution, placed by it, whichever rounds the catalogue ships.
func TestObservedCatalogue(t *testing.T) {
	cw := crosswalk.Observed()
	assert.Same(t, cw, crosswalk.Observed(), "built once while the registry is unchanged")
	for s := range scale.All() {
		ref, ok := s.Reference()
		assert.Equal(t, ok, cw.Covers(s), s.ID())
		if !ok {
			continue
		}
		want, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{s: ref.Counts})
		require.NoError(t, err)
		expected, err := want.CutPoints(s)
		require.NoError(t, err)
		got, err := cw.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, expected, got, s.ID())
		assert.True(t, strings.Contains(cw.String(), s.ID()+" "+ref.Period), "String names %s's round", s.ID())
	}
}
