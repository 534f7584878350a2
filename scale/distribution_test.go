package scale_test

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

// withDistributions returns a valid definition with three levels and two
// distributions: one of counts (the reference) and one of percentages.
func withDistributions() scale.Definition {
	d := validDefinition()
	d.Distributions = []scale.DistributionDefinition{
		{
			Period: "2020", Area: "overall", Population: "all 10 test services",
			Counts: []float64{1, 6, 3},
			Source: scale.Source{Publisher: "Test inspectorate", Title: "State of tests 2020", Year: 2020,
				Date: "2020-11-05", URL: "https://example.org/state-2020"},
			Confirmed: true, Reference: true,
		},
		{
			Period: "2021", Area: "overall", Population: "all 40 test services",
			Percentages: []float64{10, 60, 31}, Size: 40,
			Source: scale.Source{Title: "State of tests 2021", Date: "2021-12"},
			Notes:  "Only percentages were published.",
		},
	}
	return d
}

func TestDistributions(t *testing.T) {
	s, err := scale.New(withDistributions())
	require.NoError(t, err)

	got := slices.Collect(s.Distributions())
	require.Len(t, got, 2)
	assert.Equal(t, scale.Distribution{
		Period: "2020", Area: "overall", Population: "all 10 test services",
		Counts: []float64{1, 6, 3},
		Source: scale.Source{Publisher: "Test inspectorate", Title: "State of tests 2020", Year: 2020,
			Date: "2020-11-05", URL: "https://example.org/state-2020"},
		Confirmed: true, Reference: true,
	}, got[0])
	assert.True(t, got[1].Percentages)
	assert.Equal(t, 40, got[1].Size)
	assert.InDeltaSlice(t, []float64{4, 24, 12.4}, got[1].Counts, 1e-12)
	assert.False(t, got[1].Confirmed)
	assert.False(t, got[1].Reference)

	ref, ok := s.Reference()
	require.True(t, ok)
	assert.Equal(t, got[0], ref)

	// The values handed out are copies.
	got[0].Counts[0] = 99
	ref.Counts[1] = 99
	again, _ := s.Reference()
	assert.Equal(t, []float64{1, 6, 3}, again.Counts)

	// Stopping early is honoured.
	n := 0
	for range s.Distributions() {
		n++
		break
	}
	assert.Equal(t, 1, n)
}

func TestDistributionsNone(t *testing.T) {
	s, err := scale.New(validDefinition())
	require.NoError(t, err)
	assert.Empty(t, slices.Collect(s.Distributions()))
	_, ok := s.Reference()
	assert.False(t, ok)
	assert.Nil(t, s.Definition().Distributions)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "distributions", "no key when there are none")
}

func TestDistributionsWithoutReference(t *testing.T) {
	d := withDistributions()
	d.Distributions[0].Reference = false
	s, err := scale.New(d)
	require.NoError(t, err)
	_, ok := s.Reference()
	assert.False(t, ok)
	assert.Len(t, slices.Collect(s.Distributions()), 2)
}

func TestDistributionsKeepCopies(t *testing.T) {
	d := withDistributions()
	s, err := scale.New(d)
	require.NoError(t, err)
	d.Distributions[0].Counts[0] = 50
	d.Distributions[1].Percentages[0] = 50
	def := s.Definition()
	assert.Equal(t, withDistributions().Distributions, def.Distributions)
	def.Distributions[0].Counts[0] = 70
	assert.Equal(t, withDistributions().Distributions, s.Definition().Distributions)
}

func TestDistributionsJSONRoundTrip(t *testing.T) {
	s, err := scale.New(withDistributions())
	require.NoError(t, err)
	out, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"percentages":[10,60,31],"size":40`)
	assert.Contains(t, string(out), `"date":"2020-11-05"`)
	scales, err := scale.Load(out)
	require.NoError(t, err)
	require.Len(t, scales, 1)
	assert.True(t, s.Equal(scales[0]))
	assert.Equal(t, s.Definition(), scales[0].Definition())
}

func TestNewInvalidDistribution(t *testing.T) {
	bad := string([]byte{0xff})
	tests := []struct {
		name   string
		change func(*scale.Definition)
		err    error
		field  string
	}{
		{"too few counts", func(d *scale.Definition) { d.Distributions[0].Counts = []float64{1, 2} },
			scale.ErrCountLength, "distributions[0].counts"},
		{"too many percentages", func(d *scale.Definition) { d.Distributions[1].Percentages = []float64{10, 60, 30, 0} },
			scale.ErrCountLength, "distributions[1].percentages"},
		{"empty counts", func(d *scale.Definition) { d.Distributions[0].Counts = []float64{} },
			scale.ErrCountLength, "distributions[0].counts"},
		{"negative count", func(d *scale.Definition) { d.Distributions[0].Counts[2] = -1 },
			scale.ErrBadCount, "distributions[0].counts[2]"},
		{"NaN count", func(d *scale.Definition) { d.Distributions[0].Counts[1] = math.NaN() },
			scale.ErrBadCount, "distributions[0].counts[1]"},
		{"infinite count", func(d *scale.Definition) { d.Distributions[0].Counts[0] = math.Inf(1) },
			scale.ErrBadCount, "distributions[0].counts[0]"},
		{"negative percentage", func(d *scale.Definition) { d.Distributions[1].Percentages = []float64{-10, 80, 30} },
			scale.ErrBadCount, "distributions[1].percentages[0]"},
		{"counts sum to zero", func(d *scale.Definition) { d.Distributions[0].Counts = []float64{0, 0, 0} },
			scale.ErrEmptyCounts, "distributions[0].counts"},
		{"counts overflow", func(d *scale.Definition) {
			d.Distributions[0].Counts = []float64{math.MaxFloat64, math.MaxFloat64, 0}
		}, scale.ErrBadCount, "distributions[0].counts"},
		{"both counts and percentages", func(d *scale.Definition) { d.Distributions[1].Counts = []float64{4, 24, 12} },
			scale.ErrCountsOrPercents, "distributions[1]"},
		{"neither counts nor percentages", func(d *scale.Definition) { d.Distributions[0].Counts = nil },
			scale.ErrCountsOrPercents, "distributions[0]"},
		{"percentages sum to 90", func(d *scale.Definition) { d.Distributions[1].Percentages = []float64{10, 50, 30} },
			scale.ErrPercentSum, "distributions[1].percentages"},
		{"percentages sum to 102", func(d *scale.Definition) { d.Distributions[1].Percentages = []float64{10, 60, 32} },
			scale.ErrPercentSum, "distributions[1].percentages"},
		{"percentages without size", func(d *scale.Definition) { d.Distributions[1].Size = 0 },
			scale.ErrMissingField, "distributions[1].size"},
		{"negative size", func(d *scale.Definition) { d.Distributions[0].Size = -3 },
			scale.ErrBadCount, "distributions[0].size"},
		{"counts above size", func(d *scale.Definition) { d.Distributions[0].Size = 9 },
			scale.ErrBadCount, "distributions[0].counts"},
		{"two references", func(d *scale.Definition) { d.Distributions[1].Reference = true },
			scale.ErrTwoReferences, "distributions[1].reference"},
		{"no period", func(d *scale.Definition) { d.Distributions[1].Period = "" },
			scale.ErrMissingField, "distributions[1].period"},
		{"no source", func(d *scale.Definition) { d.Distributions[1].Source = scale.Source{} },
			scale.ErrMissingField, "distributions[1].source"},
		{"bad distribution source date", func(d *scale.Definition) { d.Distributions[0].Source.Date = "5 Nov 2020" },
			scale.ErrBadDate, "distributions[0].source.date"},
		{"impossible distribution source date", func(d *scale.Definition) { d.Distributions[0].Source.Date = "2020-02-30" },
			scale.ErrBadDate, "distributions[0].source.date"},
		{"bad scale source date", func(d *scale.Definition) { d.Source.Date = "2020-13" },
			scale.ErrBadDate, "source.date"},
		{"invalid UTF-8 in area", func(d *scale.Definition) { d.Distributions[1].Area = bad },
			scale.ErrBadText, "distributions[1].area"},
		{"invalid UTF-8 in source date", func(d *scale.Definition) { d.Source.Date = bad },
			scale.ErrBadText, "source.date"},
		// A distribution's source is checked as the scale's is.
		{"javascript distribution source URL", func(d *scale.Definition) { d.Distributions[0].Source.URL = "javascript:alert(1)" },
			scale.ErrBadURL, "distributions[0].source.url"},
		{"relative distribution source URL", func(d *scale.Definition) { d.Distributions[1].Source.URL = "/state-2021" },
			scale.ErrBadURL, "distributions[1].source.url"},
		{"invalid UTF-8 in distribution source title", func(d *scale.Definition) { d.Distributions[1].Source.Title = bad },
			scale.ErrBadText, "distributions[1].source.title"},
		{"javascript scale source URL", func(d *scale.Definition) { d.Source.URL = "javascript:alert(1)" },
			scale.ErrBadURL, "source.url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := withDistributions()
			tt.change(&d)
			de, err := rejectedDefinition(t, d, tt.err, tt.field)
			assert.Equal(t, d.ID, de.ID)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

func TestSourceDateRoundTrip(t *testing.T) {
	for _, date := range []string{"", "2020", "2020-11", "2020-11-05"} {
		d := validDefinition()
		d.Source.Date = date
		s, err := scale.New(d)
		require.NoError(t, err, date)
		assert.Equal(t, date, s.Source().Date)
		out, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, date != "", strings.Contains(string(out), `"date":"`+date+`"`), "%s", out)
		scales, err := scale.Load(out)
		require.NoError(t, err)
		assert.Equal(t, date, scales[0].Source().Date)
	}
}

// A distribution's problem is reported on the line of the offending entry.
func TestLoadInvalidDistributionLine(t *testing.T) {
	data := `[
  {
    "id": "first", "name": "First", "issuer": "I", "family": "f",
    "era": {"from": "2020"},
    "levels": [{"label": "Low"}, {"label": "High"}],
    "distributions": [
      {"period": "2020", "counts": [1, 2], "source": {"title": "T"}},
      {"period": "2021", "counts": [1, 2, 3], "source": {"title": "T"}}
    ]
  }
]`
	_, err := scale.Load([]byte(data))
	require.ErrorIs(t, err, scale.ErrCountLength)
	var de *scale.DefinitionError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "distributions[1].counts", de.Field)
	assert.Equal(t, 8, de.Line)
	assert.Equal(t, "scale: line 8: definition first: distributions[1].counts: needs one value per level: got 3 values for 2 levels", err.Error())
}

func TestEqual(t *testing.T) {
	a, err := scale.New(withDistributions())
	require.NoError(t, err)
	b, err := scale.New(withDistributions())
	require.NoError(t, err)
	assert.True(t, a.Equal(a))
	assert.True(t, a.Equal(b))
	assert.True(t, b.Equal(a))

	// Counts compare as numbers: -0 is 0.
	d := withDistributions()
	d.Distributions[0].Counts[0], d.Distributions[0].Counts[1] = 0, 7
	zero, err := scale.New(d)
	require.NoError(t, err)
	d.Distributions[0].Counts[0] = math.Copysign(0, -1)
	negZero, err := scale.New(d)
	require.NoError(t, err)
	assert.True(t, zero.Equal(negZero))

	var nilScale *scale.Scale
	assert.True(t, nilScale.Equal(nil))
	assert.False(t, nilScale.Equal(a))
	assert.False(t, a.Equal(nil))

	for name, change := range map[string]func(*scale.Definition){
		"id":            func(d *scale.Definition) { d.ID = "other" },
		"name":          func(d *scale.Definition) { d.Name = "Other" },
		"era until":     func(d *scale.Definition) { d.Era.Until = d.Era.Until.AddDate(0, 0, 1) },
		"era open":      func(d *scale.Definition) { d.Era = scale.Era{From: d.Era.From} },
		"source date":   func(d *scale.Definition) { d.Source.Date = "2020" },
		"caveat":        func(d *scale.Definition) { d.Caveat = "" },
		"level meaning": func(d *scale.Definition) { d.Levels[0].Meaning = "Other." },
		"level alias":   func(d *scale.Definition) { d.Levels[0].Aliases = nil },
		"level code":    func(d *scale.Definition) { d.Levels[0].Code = nil },
		"level added": func(d *scale.Definition) {
			d.Levels = append(d.Levels, scale.LevelDefinition{Label: "Best"})
			d.Distributions[0].Counts = append(d.Distributions[0].Counts, 0)
			d.Distributions[1].Percentages = append(d.Distributions[1].Percentages, 0)
		},
		"count":             func(d *scale.Definition) { d.Distributions[0].Counts[0] = 2 },
		"percentages":       func(d *scale.Definition) { d.Distributions[1].Percentages = []float64{10, 61, 30} },
		"reference":         func(d *scale.Definition) { d.Distributions[0].Reference = false },
		"distribution gone": func(d *scale.Definition) { d.Distributions = d.Distributions[:1] },
		"no distributions":  func(d *scale.Definition) { d.Distributions = nil },
		"issuer":            func(d *scale.Definition) { d.Issuer = "Other" },
		"family":            func(d *scale.Definition) { d.Family = "other" },
		"notes":             func(d *scale.Definition) { d.Notes = "" },
		"checked":           func(d *scale.Definition) { d.Checked = "2024" },
		"confirmed":         func(d *scale.Definition) { d.Confirmed = true },
		"era from":          func(d *scale.Definition) { d.Era.From = d.Era.From.AddDate(0, 0, 1) },
		"era inspected":     func(d *scale.Definition) { d.Era.InspectedFrom = d.Era.From.AddDate(0, -1, 0) },
		"era from source":   func(d *scale.Definition) { d.Era.FromSource = "https://example.org/from" },
		"era from sure":     func(d *scale.Definition) { d.Era.FromConfirmed = true },
		"source title":      func(d *scale.Definition) { d.Source.Title = "Other" },
		"source year":       func(d *scale.Definition) { d.Source.Year = 2019 },
		"level label":       func(d *scale.Definition) { d.Levels[1].Label = "Fair" },
		"alias order":       func(d *scale.Definition) { slices.Reverse(d.Levels[2].Aliases) },
		"code value":        func(d *scale.Definition) { d.Levels[0].Code = intp(7) },
		"levels swapped":    func(d *scale.Definition) { d.Levels[0], d.Levels[1] = d.Levels[1], d.Levels[0] },
		"size":              func(d *scale.Definition) { d.Distributions[0].Size = 12 },
		"period":            func(d *scale.Definition) { d.Distributions[0].Period = "2019" },
		"area":              func(d *scale.Definition) { d.Distributions[0].Area = "" },
		"population":        func(d *scale.Definition) { d.Distributions[0].Population = "" },
		"distribution note": func(d *scale.Definition) { d.Distributions[0].Notes = "Note." },
		"distribution src":  func(d *scale.Definition) { d.Distributions[0].Source.URL = "https://example.org/x" },
		"distribution sure": func(d *scale.Definition) { d.Distributions[0].Confirmed = false },
		// The same text split differently between two fields.
		"name and issuer": func(d *scale.Definition) { d.Name, d.Issuer = d.Name+"T", d.Issuer[1:] },
	} {
		d := withDistributions()
		change(&d)
		c, err := scale.New(d)
		require.NoError(t, err, name)
		assert.False(t, a.Equal(c), name)
		assert.False(t, c.Equal(a), name)
	}
}

func TestLevelString(t *testing.T) {
	s, ok := scale.Lookup("hmic-peel-2014")
	require.True(t, ok)
	for l := range s.Levels() {
		assert.Equal(t, l.Label(), l.String())
	}
	l, _ := s.Level(2)
	assert.Equal(t, "Requires improvement", l.String())
	assert.Equal(t, "invalid level", scale.Level{}.String())
}

func TestDistributionSizeWithCounts(t *testing.T) {
	for _, size := range []int{0, 10, 12} { // unknown, all graded, some not graded
		d := withDistributions()
		d.Distributions[0].Size = size
		s, err := scale.New(d)
		require.NoError(t, err, size)
		ref, _ := s.Reference()
		assert.Equal(t, size, ref.Size)
		assert.False(t, ref.Percentages)
	}
}
