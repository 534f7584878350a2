package grade_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// A copy of a scale from scale.Builtin, a rebuilt definition or a struct
// copy gives grades that are == to the registry's, and Compare agrees.
func TestGradesOfCopiesAreEqual(t *testing.T) {
	reg := mustLookup(t, "hmic-peel-2014")
	builtin, err := scale.Builtin()
	require.NoError(t, err)
	i := slices.IndexFunc(builtin, func(s *scale.Scale) bool { return s.ID() == reg.ID() })
	require.GreaterOrEqual(t, i, 0)
	rebuilt, err := scale.New(reg.Definition())
	require.NoError(t, err)
	structCopy := *reg
	for _, s := range []*scale.Scale{builtin[i], rebuilt, &structCopy} {
		g, err := grade.Parse(s, "Good")
		require.NoError(t, err)
		want := grade.MustParse(reg, "Good")
		assert.True(t, g == want, "Grade == across copies")
		assert.Zero(t, g.Compare(want))
		assert.Same(t, reg, g.Scale(), "the grade holds the interned scale")
		r, err := grade.FromRank(s, 3)
		require.NoError(t, err)
		assert.Equal(t, want, r)
	}
}

// Compare, Less and == agree, including for two distinct scales that
// share an ID (different definitions).
func TestCompareAgreesWithEquality(t *testing.T) {
	reg := mustLookup(t, "hmic-peel-2014")
	d := reg.Definition()
	d.Levels[0].Meaning = "another meaning"
	other, err := scale.New(d)
	require.NoError(t, err)
	var gs []grade.Grade
	for _, s := range []*scale.Scale{reg, other, mustLookup(t, "hmicfrs-peel-2021")} {
		for k := 1; k <= s.Len(); k++ {
			g, err := grade.FromRank(s, k)
			require.NoError(t, err)
			gs = append(gs, g)
		}
	}
	gs = append(gs, grade.Grade{})
	for _, a := range gs {
		for _, b := range gs {
			assert.Equal(t, a == b, a.Compare(b) == 0, "%v vs %v", a, b)
			assert.Equal(t, -a.Compare(b), b.Compare(a), "%v vs %v", a, b)
			assert.Equal(t, a.Compare(b) < 0, a.Less(b))
		}
	}
}

// A rejected grade lists at most MaxListedLabels labels, suggests the
// nearest, and points a bare number to FromCode.
func TestParseErrorHelps(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	_, err := grade.Parse(peel, "Requires improvment")
	var pe *grade.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Requires improvement", pe.Suggestion)
	assert.Contains(t, err.Error(), `did you mean "Requires improvement"?`)

	_, err = grade.Parse(peel, "2")
	require.ErrorAs(t, err, &pe)
	assert.True(t, pe.CodeHint)
	assert.Contains(t, err.Error(), "grade.FromCode")

	levels := make([]scale.LevelDefinition, scale.MaxLevels)
	for i := range levels {
		levels[i].Label = fmt.Sprintf("Level %d", i+1)
	}
	big, err := scale.New(scale.Definition{ID: "big-labels", Name: "Big", Issuer: "t", Family: "big",
		Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, Levels: levels})
	require.NoError(t, err)
	_, err = grade.Parse(big, "nothing like it")
	require.ErrorAs(t, err, &pe)
	assert.Len(t, pe.Labels, grade.MaxListedLabels)
	assert.Equal(t, scale.MaxLevels-grade.MaxListedLabels, pe.MoreLabels)
	assert.Contains(t, err.Error(), "Level 20, … and 980 more)")
	assert.Less(t, len(err.Error()), 400, "the message stays short on a scale of 1000 levels")
	assert.Equal(t, 1, strings.Count(err.Error(), "Level 1,"))
}

// An unknown scale ID in a qualified grade gets the scale package's
// explanation.
func TestParseQualifiedExplains(t *testing.T) {
	g, err := grade.ParseQualified(nil, "HMIC-PEEL-2014:Good")
	require.NoError(t, err, "IDs match without regard to case")
	assert.Equal(t, grade.MustParseQualified("hmic-peel-2014:Good"), g)

	_, err = grade.ParseQualified(nil, "hmic-peel-2015:Good")
	require.ErrorIs(t, err, scale.ErrUnknownScale)
	var pe *grade.ParseError
	require.ErrorAs(t, err, &pe)
	require.NotNil(t, pe.Lookup)
	assert.Equal(t, "hmic-peel-2014", pe.Lookup.Suggestion)
	assert.Contains(t, err.Error(), `did you mean "hmic-peel-2014"?`)

	_, err = grade.ParseQualified(nil, "hmicfrs-police:Good")
	require.ErrorIs(t, err, scale.ErrFamilyNotScale)
	assert.Contains(t, err.Error(), "is a family, not a scale")
}
