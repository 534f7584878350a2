package grade_test

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func TestFromCode(t *testing.T) {
	for _, tc := range []struct {
		scale string
		code  int
		want  string
	}{
		// Ofsted's codes run from best to worst.
		{"ofsted-schools-2012", 1, "Outstanding"},
		{"ofsted-schools-2012", 2, "Good"},
		{"ofsted-schools-2012", 3, "Requires improvement"},
		{"ofsted-schools-2012", 4, "Inadequate"},
		{"ofsted-schools-2005", 3, "Satisfactory"},
		// The Care Inspectorate's run from worst to best.
		{"care-inspectorate-grades-2011", 1, "Unsatisfactory"},
		{"care-inspectorate-grades-2011", 6, "Excellent"},
	} {
		s := mustLookup(t, tc.scale)
		g, err := grade.FromCode(s, tc.code)
		require.NoError(t, err, "%s %d", tc.scale, tc.code)
		assert.Equal(t, grade.MustParse(s, tc.want), g, "%s %d", tc.scale, tc.code)
		code, ok := g.Level().Code()
		assert.True(t, ok)
		assert.Equal(t, tc.code, code, "the level's code reads back")
	}
}

func TestFromCodeUnknown(t *testing.T) {
	_, err := grade.FromCode(mustLookup(t, "ofsted-schools-2012"), 5)
	require.ErrorIs(t, err, grade.ErrUnknownCode)
	var ce *grade.CodeError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "ofsted-schools-2012", ce.Scale)
	assert.Equal(t, 5, ce.Code)
	assert.Equal(t, []string{"1 = Outstanding", "2 = Good", "3 = Requires improvement", "4 = Inadequate"}, ce.Codes)
	assert.Equal(t, "1 = best", ce.Direction)
	assert.Equal(t, "grade: 5 is not a code of scale ofsted-schools-2012 (codes, 1 = best: 1 = Outstanding, 2 = Good, 3 = Requires improvement, 4 = Inadequate)", err.Error())

	_, err = grade.FromCode(mustLookup(t, "care-inspectorate-grades-2011"), 0)
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "1 = worst", ce.Direction)
	assert.Equal(t, "grade: 0 is not a code of scale care-inspectorate-grades-2011 (codes, 1 = worst: 1 = Unsatisfactory, 2 = Weak, 3 = Adequate, 4 = Good, 5 = Very good, 6 = Excellent)", err.Error())
}

func TestFromCodeNoCodes(t *testing.T) {
	_, err := grade.FromCode(mustLookup(t, "hmic-peel-2014"), 2)
	require.ErrorIs(t, err, grade.ErrNoCodes)
	var ce *grade.CodeError
	require.ErrorAs(t, err, &ce)
	assert.Empty(t, ce.Codes)
	assert.Empty(t, ce.Direction)
	assert.Equal(t, []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}, ce.Labels)
	assert.Equal(t, "grade: code 2: scale hmic-peel-2014 has no numeric codes; give a label (labels: Inadequate, Requires improvement, Good, Outstanding)", err.Error())
}

func TestFromCodeNoScale(t *testing.T) {
	_, err := grade.FromCode(nil, 1)
	assert.ErrorIs(t, err, grade.ErrNoScale)
	assert.Equal(t, "grade: code 1: no scale given", err.Error())
}

// TestFromCodePartial covers a scale on which only some levels have codes:
// the others cannot be reached by code, and the error lists only the codes
// there are.
func TestFromCodePartial(t *testing.T) {
	one, three := 1, 3
	s, err := scale.New(scale.Definition{ID: "test-partial", Name: "Test", Issuer: "Test", Family: "test",
		Era:    scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{{Label: "Poor", Code: &three}, {Label: "Fair"}, {Label: "Good", Code: &one}}})
	require.NoError(t, err)
	g, err := grade.FromCode(s, 3)
	require.NoError(t, err)
	assert.Equal(t, "Poor", g.Label())
	_, err = grade.FromCode(s, 2)
	var ce *grade.CodeError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{"1 = Good", "3 = Poor"}, ce.Codes)
	assert.Equal(t, "1 = best", ce.Direction)
}

// A single code runs no way: no direction is given, rather than "worst".
func TestFromCodeSingleCode(t *testing.T) {
	one := 1
	s, err := scale.New(scale.Definition{ID: "test-single-code", Name: "Test", Issuer: "Test", Family: "test",
		Era:    scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{{Label: "Poor"}, {Label: "Good", Code: &one}}})
	require.NoError(t, err)
	_, err = grade.FromCode(s, 2)
	require.ErrorIs(t, err, grade.ErrUnknownCode)
	var ce *grade.CodeError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{"1 = Good"}, ce.Codes)
	assert.Empty(t, ce.Direction)
	assert.Equal(t, "grade: 2 is not a code of scale test-single-code (codes: 1 = Good)", err.Error())
}

// Codes at the ends of int sort in order: a comparison by subtraction
// would overflow.
func TestFromCodeExtremeCodes(t *testing.T) {
	lowest, zero, highest := math.MinInt, 0, math.MaxInt
	s, err := scale.New(scale.Definition{ID: "test-extreme-codes", Name: "Test", Issuer: "Test", Family: "test",
		Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{
			{Label: "Poor", Code: &highest}, {Label: "Fair", Code: &zero}, {Label: "Good", Code: &lowest}}})
	require.NoError(t, err)
	_, err = grade.FromCode(s, 5)
	var ce *grade.CodeError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{strconv.Itoa(math.MinInt) + " = Good", "0 = Fair", strconv.Itoa(math.MaxInt) + " = Poor"}, ce.Codes)
	assert.Equal(t, strconv.Itoa(math.MinInt)+" = best", ce.Direction)
}
