package scale_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

// eraScales builds a family in which the second round's first visits come
// before its first publication, as with HMICFRS's fire inspections.
func eraScales(t *testing.T) *scale.Registry {
	t.Helper()
	data := `[
  {"id": "round-1", "name": "Round 1", "issuer": "I", "family": "rounds",
   "era": {"from": "2018-12", "until": "2023-01", "inspected_from": "2018-06",
           "from_source": "https://example.org/first", "until_source": "https://example.org/last",
           "from_confirmed": true},
   "levels": [{"label": "Low"}, {"label": "High"}]},
  {"id": "round-3", "name": "Round 3", "issuer": "I", "family": "rounds",
   "era": {"from": "2023-08", "inspected_from": "2023-02"},
   "levels": [{"label": "Low"}, {"label": "Mid"}, {"label": "High"}]},
  {"id": "plain", "name": "Plain", "issuer": "I", "family": "plain",
   "era": {"from": "2010-05", "until": "2012"},
   "levels": [{"label": "Low"}, {"label": "High"}]},
  {"id": "twin-a", "name": "Twin A", "issuer": "I", "family": "twins",
   "era": {"from": "2010-05", "inspected_from": "2010-01"},
   "levels": [{"label": "Low"}, {"label": "High"}]},
  {"id": "twin-b", "name": "Twin B", "issuer": "I", "family": "twins",
   "era": {"from": "2010-06", "inspected_from": "2010-01"},
   "levels": [{"label": "Low"}, {"label": "High"}]}
]`
	scales, err := scale.Load([]byte(data))
	require.NoError(t, err)
	var r scale.Registry
	require.NoError(t, r.Register(scales...))
	return &r
}

func TestInForceInspected(t *testing.T) {
	r := eraScales(t)
	tests := []struct {
		family    string
		date      time.Time
		published string // InForce's answer, "" for an error
		inspected string // InForceInspected's answer
		err       error  // InForceInspected's error
	}{
		{"rounds", day(2018, time.May, 31), "", "", scale.ErrNotInForce},
		{"rounds", day(2018, time.June, 1), "", "round-1", nil},
		{"rounds", day(2018, time.December, 1), "round-1", "round-1", nil},
		{"rounds", day(2023, time.January, 31), "round-1", "round-1", nil},
		{"rounds", day(2023, time.February, 1), "", "round-3", nil},
		{"rounds", day(2023, time.July, 31), "", "round-3", nil},
		{"rounds", day(2030, time.January, 1), "round-3", "round-3", nil},
		// Without InspectedFrom, inspections are dated from the first publication.
		{"plain", day(2010, time.April, 30), "", "", scale.ErrNotInForce},
		{"plain", day(2010, time.May, 1), "plain", "plain", nil},
		{"plain", day(2012, time.December, 31), "plain", "plain", nil},
		{"plain", day(2013, time.January, 1), "", "", scale.ErrNotInForce},
		// Two scales whose inspections began on the same day cannot be told apart.
		{"twins", day(2010, time.February, 1), "", "", scale.ErrOverlap},
		{"nobody", day(2010, time.February, 1), "", "", scale.ErrUnknownFamily},
	}
	for _, tt := range tests {
		name := tt.family + " " + tt.date.Format(time.DateOnly)
		got, err := r.InForce(tt.family, tt.date)
		if tt.published == "" {
			assert.Error(t, err, name)
		} else if assert.NoError(t, err, name) {
			assert.Equal(t, tt.published, got.ID(), name)
		}
		got, err = r.InForceInspected(tt.family, tt.date)
		if tt.err != nil {
			require.ErrorIs(t, err, tt.err, name)
			var ife *scale.InForceError
			require.ErrorAs(t, err, &ife, name)
			assert.Equal(t, tt.family, ife.Family)
			continue
		}
		require.NoError(t, err, name)
		assert.Equal(t, tt.inspected, got.ID(), name)
	}
}

func TestInForceInspectedDefaultRegistry(t *testing.T) {
	// A fire and rescue inspection visited in March 2023 was graded in
	// round 3, although no round 3 report had been published then.
	visit := day(2023, time.March, 15)
	s, err := scale.InForceInspected("hmicfrs-fire", visit)
	require.NoError(t, err)
	assert.Equal(t, "hmicfrs-fire-2023", s.ID())
	_, err = scale.InForce("hmicfrs-fire", visit)
	assert.ErrorIs(t, err, scale.ErrNotInForce)
}

func TestEraFieldsRoundTrip(t *testing.T) {
	r := eraScales(t)
	s, ok := r.Lookup("round-1")
	require.True(t, ok)
	era := s.Era()
	assert.Equal(t, day(2018, time.June, 1), era.InspectedFrom)
	assert.Equal(t, day(2018, time.June, 1), era.InspectedStart())
	assert.Equal(t, "https://example.org/first", era.FromSource)
	assert.Equal(t, "https://example.org/last", era.UntilSource)
	assert.True(t, era.FromConfirmed)
	assert.False(t, era.UntilConfirmed)

	out, err := json.Marshal(era)
	require.NoError(t, err)
	assert.JSONEq(t, `{"from": "2018-12", "until": "2023-01", "inspected_from": "2018-06",
		"from_source": "https://example.org/first", "until_source": "https://example.org/last",
		"from_confirmed": true}`, string(out))
	var back scale.Era
	require.NoError(t, json.Unmarshal(out, &back))
	assert.Equal(t, era, back)

	plain, _ := r.Lookup("plain")
	assert.True(t, plain.Era().InspectedFrom.IsZero())
	assert.Equal(t, plain.Era().From, plain.Era().InspectedStart())

	var bad scale.Era
	err = json.Unmarshal([]byte(`{"from": "2020", "inspected_from": "2020-13"}`), &bad)
	assert.ErrorIs(t, err, scale.ErrBadDate)
}

func TestCheckedAndConfirmed(t *testing.T) {
	d := validDefinition()
	d.Checked = "2026-11-29"
	d.Confirmed = true
	s, err := scale.New(d)
	require.NoError(t, err)
	assert.Equal(t, "2026-11-29", s.Checked())
	assert.True(t, s.Confirmed())
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"confirmed":true,"checked":"2026-11-29"`)
	again, err := scale.Load(out)
	require.NoError(t, err)
	assert.True(t, s.Equal(again[0]))

	d.Confirmed = false
	other, err := scale.New(d)
	require.NoError(t, err)
	assert.False(t, s.Equal(other))
}

func TestNewInvalidEraFields(t *testing.T) {
	tests := []struct {
		name   string
		change func(*scale.Definition)
		err    error
		field  string
	}{
		{"inspected after first publication", func(d *scale.Definition) {
			d.Era.InspectedFrom = d.Era.From.AddDate(0, 0, 1)
		}, scale.ErrBadEra, "era.inspected_from"},
		{"until source on an open era", func(d *scale.Definition) {
			d.Era.Until = time.Time{}
			d.Era.UntilSource = "https://example.org"
		}, scale.ErrBadEra, "era.until_source"},
		{"until confirmed on an open era", func(d *scale.Definition) {
			d.Era.Until = time.Time{}
			d.Era.UntilConfirmed = true
		}, scale.ErrBadEra, "era.until_source"},
		{"relative from source", func(d *scale.Definition) { d.Era.FromSource = "/peel/2014" }, scale.ErrBadURL, "era.from_source"},
		{"ftp until source", func(d *scale.Definition) { d.Era.UntilSource = "ftp://example.org/x" }, scale.ErrBadURL, "era.until_source"},
		{"source URL without host", func(d *scale.Definition) { d.Source.URL = "https:///x" }, scale.ErrBadURL, "source.url"},
		{"bad checked date", func(d *scale.Definition) { d.Checked = "29 November 2026" }, scale.ErrBadDate, "checked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDefinition()
			tt.change(&d)
			_, err := scale.New(d)
			require.ErrorIs(t, err, scale.ErrInvalidDefinition)
			require.ErrorIs(t, err, tt.err)
			var de *scale.DefinitionError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.field, de.Field)
		})
	}
}
