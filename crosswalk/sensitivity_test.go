package crosswalk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func TestVerdictOf(t *testing.T) {
	const (
		below, over, eq, above = crosswalk.Below, crosswalk.Overlapping, crosswalk.Equivalent, crosswalk.Above
	)
	for _, tt := range []struct {
		rs   []crosswalk.Relation
		want crosswalk.Verdict
	}{
		{nil, 0},
		{[]crosswalk.Relation{above}, crosswalk.OneLinking},
		{[]crosswalk.Relation{over}, crosswalk.OneLinking},
		{[]crosswalk.Relation{above, above, above}, crosswalk.Robust},
		{[]crosswalk.Relation{below, below}, crosswalk.Robust},
		{[]crosswalk.Relation{eq, eq}, crosswalk.Robust},
		{[]crosswalk.Relation{over, over}, crosswalk.DependsOnLinking},
		{[]crosswalk.Relation{above, over}, crosswalk.DependsOnLinking},
		{[]crosswalk.Relation{above, below}, crosswalk.DependsOnLinking},
		{[]crosswalk.Relation{above, 0}, 0},
	} {
		assert.Equal(t, tt.want, crosswalk.VerdictOf(tt.rs...), "%v", tt.rs)
	}
}

func TestCompareUnder(t *testing.T) {
	s2014, s2021, s2023 := lookup(t, peel2014), lookup(t, peel2021), lookup(t, peel2023)
	counted := pinnedCrosswalk(t)
	good14, adequate21 := grade.MustParse(s2014, "Good"), grade.MustParse(s2021, "Adequate")

	// Good 2014 against Adequate 2021: overlapping under both, which
	// depends on the linking.
	s, err := crosswalk.CompareUnder(adequate21, good14, crosswalk.Default(), counted, nil)
	require.NoError(t, err)
	require.Len(t, s.Readings, 3, "a nil crosswalk is Default")
	assert.Equal(t, []string{"default", "from distributions", "default"}, []string{s.Readings[0].Crosswalk, s.Readings[1].Crosswalk, s.Readings[2].Crosswalk})
	assert.Equal(t, crosswalk.DependsOnLinking, s.Verdict)
	assert.Empty(t, s.Skipped)

	// A crosswalk that does not cover a scale is skipped and named.
	out, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{s2014: {1, 10, 25, 7}, s2023: {1, 5, 15, 17, 5}})
	require.NoError(t, err)
	s, err = crosswalk.CompareUnder(grade.MustParse(s2021, "Outstanding"), grade.MustParse(s2014, "Inadequate"), crosswalk.Default(), out, counted)
	require.NoError(t, err)
	assert.Equal(t, []string{"from distributions"}, s.Skipped)
	assert.Equal(t, crosswalk.Robust, s.Verdict, "above under every linking")
	assert.Contains(t, s.String(), "robust: default above 100%")
	assert.Contains(t, s.String(), "(not covered by from distributions)")

	// Only one linking covers the pair.
	s, err = crosswalk.CompareUnder(grade.MustParse(s2023, "Good"), good14, crosswalk.Default(), counted)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.OneLinking, s.Verdict)

	// None does.
	_, err = crosswalk.CompareUnder(grade.MustParse(s2023, "Good"), good14, counted)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	_, err = crosswalk.CompareUnder(grade.Grade{}, good14, counted)
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
}
