package crosswalk_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
)

// A nil *Crosswalk behaves as Default in every method.
func TestNilMeansDefault(t *testing.T) {
	var nilCW *crosswalk.Crosswalk
	def := crosswalk.Default()
	good, adequate := parse(t, peel2014, "Good"), parse(t, peel2021, "Adequate")
	to := adequate.Scale()

	t.Run("String", func(t *testing.T) { assert.Equal(t, def.String(), nilCW.String()) })
	t.Run("Covers", func(t *testing.T) { assert.Equal(t, def.Covers(to), nilCW.Covers(to)) })
	t.Run("Band", func(t *testing.T) {
		want, err := def.Band(good)
		require.NoError(t, err)
		got, err := nilCW.Band(good)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
	t.Run("Score", func(t *testing.T) {
		want, err := def.Score(good)
		require.NoError(t, err)
		got, err := nilCW.Score(good)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
	t.Run("Bands", func(t *testing.T) {
		want, err := def.Bands(to)
		require.NoError(t, err)
		got, err := nilCW.Bands(to)
		require.NoError(t, err)
		assert.Equal(t, slices.Collect(values(want)), slices.Collect(values(got)))
	})
	t.Run("CutPoints", func(t *testing.T) {
		want, err := def.CutPoints(to)
		require.NoError(t, err)
		got, err := nilCW.CutPoints(to)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
	t.Run("Compare", func(t *testing.T) {
		want, err := def.Compare(good, adequate)
		require.NoError(t, err)
		got, err := nilCW.Compare(good, adequate)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		_, err = nilCW.Compare(grade.Grade{}, adequate)
		assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	})
	t.Run("Convert", func(t *testing.T) {
		want, err := def.Convert(good, to)
		require.NoError(t, err)
		got, err := nilCW.Convert(good, to)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
	t.Run("Equate", func(t *testing.T) {
		want, err := def.Equate(good, to)
		require.NoError(t, err)
		got, err := nilCW.Equate(good, to)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
	t.Run("Equivalences", func(t *testing.T) {
		assert.Equal(t, slices.Collect(def.Equivalences()), slices.Collect(nilCW.Equivalences()))
	})
	t.Run("WithEquivalences", func(t *testing.T) {
		cw, err := nilCW.WithEquivalences()
		require.NoError(t, err)
		assert.Equal(t, slices.Collect(def.Equivalences()), slices.Collect(cw.Equivalences()))
	})
}

// values drops the keys of a sequence of pairs.
func values[K, V any](seq func(func(K, V) bool)) func(func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range seq {
			if !yield(v) {
				return
			}
		}
	}
}

func TestMatchString(t *testing.T) {
	matches, err := crosswalk.Default().Convert(parse(t, peel2014, "Good"), lookup(t, peel2021))
	require.NoError(t, err)
	require.Len(t, matches, 2)
	assert.Equal(t, "hmicfrs-peel-2021:Adequate 40%", matches[0].String())
	assert.Equal(t, "hmicfrs-peel-2021:Good 60%", matches[1].String())
}

// Comparison's JSON uses the keys of the CLI's compare command.
func TestComparisonJSON(t *testing.T) {
	c, err := crosswalk.Default().Compare(parse(t, peel2014, "Good"), parse(t, peel2021, "Adequate"))
	require.NoError(t, err)
	data, err := json.Marshal(c)
	require.NoError(t, err)

	var got map[string]any
	require.NoError(t, json.Unmarshal(data, &got))
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	assert.Equal(t, []string{"a", "b", "band_a", "band_b", "basis", "caveats", "cross_era", "equivalence",
		"p_above", "p_above_hi", "p_above_lo", "relation"}, keys)
	assert.Equal(t, "hmic-peel-2014:Good", got["a"])
	assert.Equal(t, "hmicfrs-peel-2021:Adequate", got["b"])
	assert.Equal(t, map[string]any{"lo": 0.5, "hi": 0.75}, got["band_a"])
	assert.Equal(t, map[string]any{"lo": 0.4, "hi": 0.6}, got["band_b"])
	assert.Equal(t, "overlapping", got["relation"])
	assert.Equal(t, c.PAbove, got["p_above"])
	assert.Nil(t, got["p_above_lo"], "no counts: no interval, written as null")
	assert.Nil(t, got["p_above_hi"])
	assert.Equal(t, "equal-widths", got["basis"])
	assert.Equal(t, true, got["cross_era"])
	assert.Nil(t, got["equivalence"])
	var caveats []any
	for cv := range c.Caveats() {
		caveats = append(caveats, cv)
	}
	assert.Equal(t, caveats, got["caveats"])

	// The fields read back.
	var back crosswalk.Comparison
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, c, back)

	// A recorded equivalence is an object.
	e, err := crosswalk.Default().Compare(
		grade.MustParseQualified("estyn-inspection-2010:Good"), grade.MustParseQualified("estyn-inspection-2017:Good"))
	require.NoError(t, err)
	require.NotNil(t, e.Equivalence)
	data, err = json.Marshal(e)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &got))
	eq, ok := got["equivalence"].(map[string]any)
	require.True(t, ok, "equivalence is an object: %s", data)
	assert.Equal(t, "estyn-inspection-2010:Good", eq["from"])
	assert.Equal(t, e.Equivalence.Statement, eq["statement"])
	assert.Equal(t, true, eq["confirmed"])
}
