package crosswalk_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func mustScale(t *testing.T, id string) *scale.Scale {
	t.Helper()
	s, ok := scale.Lookup(id)
	require.True(t, ok, id)
	return s
}

func TestDefaultRecordsOfficialEquivalences(t *testing.T) {
	eqs := slices.Collect(crosswalk.Default().Equivalences())
	require.Len(t, eqs, 4)
	for _, e := range eqs {
		assert.True(t, e.Confirmed, "Default records only confirmed equivalences: %v = %v", e.From, e.To)
		checkEquivalence(t, crosswalk.Default(), e)
	}
}

func checkEquivalence(t *testing.T, cw *crosswalk.Crosswalk, e crosswalk.Equivalence) {
	t.Helper()
	assert.True(t, e.From.IsValid())
	assert.True(t, e.To.IsValid())
	assert.NotEqual(t, e.From.Scale(), e.To.Scale())
	assert.Equal(t, e.From.Scale().Family(), e.To.Scale().Family(), "a mapping across a change of scale stays in one family")
	assert.True(t, e.From.Scale().Era().From.Before(e.To.Scale().Era().From), "From is the earlier scale")
	assert.NotEmpty(t, e.Statement)
	assert.NotEmpty(t, e.Source.URL)
	from, err := cw.Band(e.From)
	require.NoError(t, err)
	to, err := cw.Band(e.To)
	require.NoError(t, err)
	assert.Equal(t, from, to, "%v and %v share a band", e.From, e.To)
}

// Ofsted's 2012 change: Ofsted never published that Satisfactory (2005-2012)
// is to be read as Requires improvement (2012-2025), so Default does not
// record it. Users who accept the secondary report opt in, and comparisons
// then report the mapping as unconfirmed.
func TestOfstedSatisfactoryAsRequiresImprovement(t *testing.T) {
	satisfactory := grade.MustParseQualified("ofsted-schools-2005:Satisfactory")
	ri := grade.MustParseQualified("ofsted-schools-2012:RI")

	c, err := crosswalk.Default().Compare(satisfactory, ri)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Overlapping, c.Relation, "a shared equal-width band is not an equivalence")
	assert.Equal(t, 0.5, c.PAbove)
	assert.Equal(t, c.BandA, c.BandB)
	assert.Equal(t, crosswalk.EqualWidths, c.Basis.Kind())
	assert.Nil(t, c.Equivalence, "Default does not record the unconfirmed mapping")
	assert.NotContains(t, c.String(), "Recorded equivalence")
	assert.Contains(t, c.String(), "by the crosswalk's rule and not by any published equivalence")

	e := crosswalk.OfstedSatisfactoryAsRequiresImprovement()
	assert.Equal(t, satisfactory, e.From)
	assert.Equal(t, ri, e.To)
	assert.False(t, e.Confirmed)
	assert.Contains(t, e.Statement, "UNCONFIRMED")
	cw, err := crosswalk.Default().WithEquivalences(e)
	require.NoError(t, err)
	checkEquivalence(t, cw, e)
	assert.Len(t, slices.Collect(cw.Equivalences()), 5)
	assert.Len(t, slices.Collect(crosswalk.Default().Equivalences()), 4, "Default is unchanged")

	for _, pair := range [][2]grade.Grade{{satisfactory, ri}, {ri, satisfactory}} {
		c, err := cw.Compare(pair[0], pair[1])
		require.NoError(t, err)
		assert.Equal(t, crosswalk.Equivalent, c.Relation)
		assert.Equal(t, crosswalk.Band{Lo: 0.25, Hi: 0.5}, c.BandA)
		assert.Equal(t, c.BandA, c.BandB)
		require.NotNil(t, c.Equivalence)
		assert.Equal(t, e, *c.Equivalence)
		assert.Contains(t, c.String(), "Recorded equivalence (unconfirmed)")
		assert.Equal(t, crosswalk.PublishedEquivalence, c.Basis.Kind())
		assert.Contains(t, c.Basis.Name(), "unconfirmed")
	}

	// Levels that merely share a band carry no recorded mapping, and are
	// not Equivalent.
	c, err = cw.Compare(grade.MustParseQualified("ofsted-schools-2005:Good"), grade.MustParseQualified("ofsted-schools-2012:Good"))
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Overlapping, c.Relation)
	assert.Nil(t, c.Equivalence)
}

func TestEstynEquivalencesAreConfirmed(t *testing.T) {
	c, err := crosswalk.Default().Compare(
		grade.MustParseQualified("estyn-inspection-2017:Adequate and needs improvement"),
		grade.MustParseQualified("estyn-inspection-2010:Adequate"))
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Equivalent, c.Relation)
	require.NotNil(t, c.Equivalence)
	assert.True(t, c.Equivalence.Confirmed)
	assert.NotContains(t, c.String(), "unconfirmed")
}

func TestWithEquivalencesRejectsContradictions(t *testing.T) {
	o05, o12 := mustScale(t, "ofsted-schools-2005"), mustScale(t, "ofsted-schools-2012")
	satisfactory := grade.MustParse(o05, "Satisfactory")
	ri := grade.MustParse(o12, "Requires improvement")
	eq := crosswalk.Equivalence{From: satisfactory, To: ri, Statement: "test"}

	// Counts that place Satisfactory at [0.1, 0.5] and Requires improvement at [0.2, 0.6].
	data, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{o05: {1, 4, 4, 1}, o12: {2, 4, 3, 1}})
	require.NoError(t, err)
	_, err = data.WithEquivalences(eq)
	assert.ErrorIs(t, err, crosswalk.ErrConflict)

	// Counts that agree with the mapping are accepted, and the mapping is reported.
	agree, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{o05: {1, 4, 4, 1}, o12: {1, 4, 2, 3}})
	require.NoError(t, err)
	withEq, err := agree.WithEquivalences(eq)
	require.NoError(t, err)
	c, err := withEq.Compare(ri, satisfactory)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Equivalent, c.Relation)
	assert.NotNil(t, c.Equivalence)
	assert.Empty(t, slices.Collect(agree.Equivalences()), "the original crosswalk is unchanged")

	_, err = crosswalk.Default().WithEquivalences(crosswalk.Equivalence{From: satisfactory, To: grade.MustParse(o05, "Good")})
	assert.ErrorIs(t, err, crosswalk.ErrConflict, "both levels on one scale")
	_, err = crosswalk.Default().WithEquivalences(crosswalk.Equivalence{From: satisfactory})
	assert.ErrorIs(t, err, crosswalk.ErrInvalidGrade)
	_, err = agree.WithEquivalences(crosswalk.Equivalence{From: satisfactory, To: grade.MustParseQualified("cqc-ratings-2014:RI")})
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
}

// Equivalences follow the scales' identity, as coverage does: copies of the
// linked scales find them.
func TestEquivalencesForCopies(t *testing.T) {
	builtin, err := scale.Builtin()
	require.NoError(t, err)
	copies := map[string]*scale.Scale{}
	for _, s := range builtin {
		copies[s.ID()] = s
	}
	e2010, e2017 := copies["estyn-inspection-2010"], copies["estyn-inspection-2017"]
	require.NotNil(t, e2010)
	require.NotNil(t, e2017)
	require.Same(t, mustScale(t, "estyn-inspection-2010"), e2010, "New interns: Builtin gives the registry's scale")
	structCopy := *e2010 // the one way to hold a scale at another address
	e2010 = &structCopy

	c, err := crosswalk.Default().Compare(grade.MustParse(e2017, "Good"), grade.MustParse(e2010, "Good"))
	require.NoError(t, err)
	require.NotNil(t, c.Equivalence)
	assert.True(t, c.Equivalence.Confirmed)
	// A copy against the registered scale.
	c, err = crosswalk.Default().Compare(grade.MustParse(e2010, "Adequate"), grade.MustParseQualified("estyn-inspection-2017:Adequate and needs improvement"))
	require.NoError(t, err)
	assert.NotNil(t, c.Equivalence)
	// A level and the same level of a copy are on one scale: not a link.
	_, err = crosswalk.Default().WithEquivalences(crosswalk.Equivalence{
		From: grade.MustParseQualified("estyn-inspection-2010:Good"), To: grade.MustParse(e2010, "Good")})
	assert.ErrorIs(t, err, crosswalk.ErrConflict)
	assert.ErrorContains(t, err, "both levels are on one scale")
	// Different levels of the copies are not linked.
	c, err = crosswalk.Default().Compare(grade.MustParse(e2010, "Adequate"), grade.MustParse(e2017, "Good"))
	require.NoError(t, err)
	assert.Nil(t, c.Equivalence)
}
