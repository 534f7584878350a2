package scale_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

// withSuccessor is validDefinition (era 2020 to 2021) followed by a round
// first published in March 2022 and inspected from September 2021.
func withSuccessor() scale.Definition {
	d := validDefinition()
	d.Successor = &scale.Successor{
		Name: "Round 2", From: "2022-03", InspectedFrom: "2021-09",
		Source: scale.Source{Publisher: "Test inspectorate", Title: "Round 2 programme", URL: "https://example.org/round-2"},
	}
	return d
}

func TestSuccessorValidation(t *testing.T) {
	tests := []struct {
		name   string
		change func(*scale.Successor, *scale.Definition)
		err    error
		field  string
	}{
		{"no name", func(s *scale.Successor, _ *scale.Definition) { s.Name = " " }, scale.ErrMissingField, "successor.name"},
		{"bad name", func(s *scale.Successor, _ *scale.Definition) { s.Name = "\xff" }, scale.ErrBadText, "successor.name"},
		{"open era", func(_ *scale.Successor, d *scale.Definition) { d.Era.Until = time.Time{} }, scale.ErrBadEra, "successor"},
		{"no start", func(s *scale.Successor, _ *scale.Definition) { s.From = "" }, scale.ErrMissingField, "successor.from"},
		{"bad start", func(s *scale.Successor, _ *scale.Definition) { s.From = "March 2022" }, scale.ErrBadDate, "successor.from"},
		{"starts inside the era", func(s *scale.Successor, _ *scale.Definition) { s.From = "2021-12-31" }, scale.ErrBadEra, "successor.from"},
		{"bad inspection start", func(s *scale.Successor, _ *scale.Definition) { s.InspectedFrom = "2021-13" }, scale.ErrBadDate, "successor.inspected_from"},
		{"inspected after publication", func(s *scale.Successor, _ *scale.Definition) { s.InspectedFrom = "2022-04" }, scale.ErrBadEra, "successor.inspected_from"},
		{"bad source", func(s *scale.Successor, _ *scale.Definition) { s.Source.URL = "example.org" }, scale.ErrBadURL, "successor.source.url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := withSuccessor()
			tt.change(d.Successor, &d)
			rejectedDefinition(t, d, tt.err, tt.field)
		})
	}
}

func TestSuccessorRoundTrips(t *testing.T) {
	s, err := scale.New(withSuccessor())
	require.NoError(t, err)
	succ, ok := s.Successor()
	require.True(t, ok)
	assert.Equal(t, "Round 2", succ.Name)

	data, err := json.Marshal(s)
	require.NoError(t, err)
	again, err := scale.Load(data)
	require.NoError(t, err)
	assert.Equal(t, s.Definition(), again[0].Definition())
	assert.True(t, s.Equal(again[0]))

	plain, err := scale.New(validDefinition())
	require.NoError(t, err)
	_, ok = plain.Successor()
	assert.False(t, ok)
	assert.False(t, plain.Equal(s), "a successor is part of the definition")
}

func TestInForceNamesTheSuccessor(t *testing.T) {
	s, err := scale.New(withSuccessor())
	require.NoError(t, err)
	var r scale.Registry
	require.NoError(t, r.Register(s))

	got, err := r.InForce("test-family", day(2021, time.December, 31))
	require.NoError(t, err)
	assert.Same(t, s, got)

	for _, d := range []time.Time{day(2022, time.January, 1), day(2022, time.March, 1), day(2030, time.June, 1)} {
		_, err := r.InForce("test-family", d)
		require.ErrorIs(t, err, scale.ErrNotCatalogued, "%s", d)
		require.ErrorIs(t, err, scale.ErrNotInForce, "ErrNotCatalogued is a kind of ErrNotInForce")
		var ife *scale.InForceError
		require.ErrorAs(t, err, &ife)
		assert.Equal(t, []string{"test-scale-2020"}, ife.Scales)
		assert.Equal(t, "Round 2", ife.Successor.Name)
		for _, part := range []string{"Round 2", "2022-03", "scale.Register", "-scales"} {
			assert.Contains(t, err.Error(), part)
		}
	}

	// Before the first era nothing is known.
	_, err = r.InForce("test-family", day(2019, time.December, 31))
	require.ErrorIs(t, err, scale.ErrNotInForce)
	assert.NotErrorIs(t, err, scale.ErrNotCatalogued)

	// By inspection date, the successor's first visits end the old round's.
	got, err = r.InForceInspected("test-family", day(2021, time.August, 31))
	require.NoError(t, err)
	assert.Same(t, s, got)
	_, err = r.InForceInspected("test-family", day(2021, time.September, 1))
	assert.ErrorIs(t, err, scale.ErrNotCatalogued)
}

// Once the successor is registered, it answers, and the old scale's record
// of it no longer matters.
func TestRegisteredSuccessorAnswers(t *testing.T) {
	old, err := scale.New(withSuccessor())
	require.NoError(t, err)
	d := validDefinition()
	d.ID, d.Caveat = "test-scale-2022", "Round 2."
	d.Era = scale.Era{From: day(2022, time.March, 1), InspectedFrom: day(2021, time.September, 1)}
	next, err := scale.New(d)
	require.NoError(t, err)
	var r scale.Registry
	require.NoError(t, r.Register(old, next))

	got, err := r.InForce("test-family", day(2023, time.May, 5))
	require.NoError(t, err)
	assert.Same(t, next, got)
	_, err = r.InForce("test-family", day(2022, time.January, 15))
	require.ErrorIs(t, err, scale.ErrNotInForce)
	assert.NotErrorIs(t, err, scale.ErrNotCatalogued, "the gap before a defined scale is an ordinary gap")
	got, err = r.InForceInspected("test-family", day(2021, time.October, 1))
	require.NoError(t, err)
	assert.Same(t, next, got)
}

func TestDistributionSector(t *testing.T) {
	d := validDefinition()
	d.Distributions = []scale.DistributionDefinition{{
		Period: "2020", Sector: "gp-practices", Counts: []float64{1, 2, 3},
		Source: scale.Source{Title: "Counts"},
	}}
	s, err := scale.New(d)
	require.NoError(t, err)
	ref := first(s.Distributions())
	assert.Equal(t, "gp-practices", ref.Sector)

	other := d
	other.Distributions = []scale.DistributionDefinition{d.Distributions[0]}
	other.Distributions[0].Sector = "nhs-trusts"
	o, err := scale.New(other)
	require.NoError(t, err)
	assert.False(t, s.Equal(o), "the sector is part of the definition")

	other.Distributions[0].Sector = "GP practices"
	de, err := rejectedDefinition(t, other, scale.ErrBadID, "distributions[0].sector")
	assert.Contains(t, de.Detail, "GP practices")
	assert.True(t, strings.HasPrefix(err.Error(), "scale: "))
}

func first[T any](seq func(func(T) bool)) T {
	var out T
	for v := range seq {
		out = v
		break
	}
	return out
}
