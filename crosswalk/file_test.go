package crosswalk_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func TestParseJSONCounts(t *testing.T) {
	cw, err := crosswalk.ParseJSON([]byte(`{"counts": {"hmic-peel-2014": [2, 10, 25, 3]}}`), nil)
	require.NoError(t, err)
	peel, _ := scale.Lookup("hmic-peel-2014")
	cuts, err := cw.CutPoints(peel)
	require.NoError(t, err)
	assert.Equal(t, []float64{0, 0.05, 0.3, 0.925, 1}, cuts)
	assert.Equal(t, "data-driven (from distributions)", cw.String())
	_, err = cw.Band(grade.MustParseQualified("hmicfrs-peel-2021:Good"))
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered, "only the scales in the file are covered")
}

func TestParseJSONCutsAndCounts(t *testing.T) {
	cw, err := crosswalk.ParseJSON([]byte(`{
		"cuts": {"hmicfrs-peel-2021": [0, 0.1, 0.3, 0.6, 0.9, 1]},
		"counts": {"hmic-peel-2014": [1, 1, 1, 1]}
	}`), nil)
	require.NoError(t, err)
	b, err := cw.Band(grade.MustParseQualified("hmicfrs-peel-2021:Adequate"))
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Band{Lo: 0.3, Hi: 0.6}, b)
	b, err = cw.Band(grade.MustParseQualified("hmic-peel-2014:Good"))
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Band{Lo: 0.5, Hi: 0.75}, b)
	assert.Equal(t, "data-driven (from distributions and cut points)", cw.String())

	cw, err = crosswalk.ParseJSON([]byte(`{"cuts": {"hmic-peel-2014": [0, 0.5, 0.5, 0.9, 1]}}`), nil)
	require.NoError(t, err)
	assert.Equal(t, "from cut points", cw.String())
}

func TestParseJSONCustomRegistry(t *testing.T) {
	reg := new(scale.Registry)
	var era scale.Era
	require.NoError(t, era.UnmarshalJSON([]byte(`{"from": "2000"}`)))
	s, err := scale.New(scale.Definition{ID: "test-two", Name: "Two", Issuer: "T", Family: "test", Era: era,
		Levels: []scale.LevelDefinition{{Label: "Bad"}, {Label: "Fine"}}})
	require.NoError(t, err)
	require.NoError(t, reg.Register(s))
	cw, err := crosswalk.ParseJSON([]byte(`{"counts": {"test-two": [1, 3]}}`), reg)
	require.NoError(t, err)
	g, _ := grade.Parse(s, "Fine")
	b, err := cw.Band(g)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Band{Lo: 0.25, Hi: 1}, b)
	_, err = crosswalk.ParseJSON([]byte(`{"counts": {"hmic-peel-2014": [1, 3, 1, 1]}}`), reg)
	assert.ErrorIs(t, err, scale.ErrUnknownScale, "scales are looked up in the registry given")
}

func TestParseJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		want      error
		field, id string
		line      int
		msg       string
	}{
		{"not JSON", `counts`, crosswalk.ErrFileSyntax, "", "", 1, "crosswalk: file: line 1: malformed crosswalk file"},
		{"not an object", `[]`, crosswalk.ErrFileSyntax, "", "", 1, "want an object"},
		{"empty", `{}`, crosswalk.ErrFileEmpty, "", "", 0, "covers no scale"},
		{"empty counts", `{"counts": {}}`, crosswalk.ErrFileEmpty, "", "", 0, ""},
		{"unknown key", "{\n\"count\": {}}", crosswalk.ErrFileSyntax, "", "", 2, `unknown key "count"`},
		{"key twice", `{"cuts": {}, "cuts": {}}`, crosswalk.ErrFileSyntax, "", "", 1, `key "cuts" appears twice`},
		{"unknown scale", "{\"counts\": {\n\"hmic-peel-2099\": [1, 2]}}", scale.ErrUnknownScale, "counts", "hmic-peel-2099", 2, `crosswalk: file: line 2: counts["hmic-peel-2099"]: unknown scale`},
		{"scale twice", `{"counts": {"hmic-peel-2014": [1, 1, 1, 1]}, "cuts": {"hmic-peel-2014": [0, 0.2, 0.4, 0.6, 1]}}`, crosswalk.ErrFileTwice, "cuts", "hmic-peel-2014", 1, "also under counts"},
		{"not an array", `{"counts": {"hmic-peel-2014": "1,2,3,4"}}`, crosswalk.ErrFileNotArray, "counts", "hmic-peel-2014", 1, "got string"},
		{"null", `{"counts": {"hmic-peel-2014": null}}`, crosswalk.ErrFileNotArray, "counts", "hmic-peel-2014", 1, "got null"},
		{"not numbers", `{"counts": {"hmic-peel-2014": [1, "2", 3, 4]}}`, crosswalk.ErrFileNotArray, "counts", "hmic-peel-2014", 1, ""},
		{"counts for the wrong number of levels", `{"counts": {"hmic-peel-2014": [1, 2, 3]}}`, crosswalk.ErrInvalidCounts, "counts", "hmic-peel-2014", 1, "got 3 counts for 4 levels"},
		{"negative count", "{\"counts\": {\"hmic-peel-2014\": [1, 2, 3, 4],\n \"hmicfrs-peel-2021\": [1, -2, 3, 4, 5]}}", crosswalk.ErrInvalidCounts, "counts", "hmicfrs-peel-2021", 2, "level 2: invalid counts"},
		{"all zero", `{"counts": {"hmic-peel-2014": [0, 0, 0, 0]}}`, crosswalk.ErrInvalidCounts, "counts", "hmic-peel-2014", 1, "all counts are zero"},
		{"cuts not from 0 to 1", `{"cuts": {"hmic-peel-2014": [0, 0.2, 0.4, 0.6, 0.9]}}`, crosswalk.ErrInvalidCuts, "cuts", "hmic-peel-2014", 1, ""},
		{"cuts decreasing", `{"cuts": {"hmic-peel-2014": [0, 0.4, 0.2, 0.6, 1]}}`, crosswalk.ErrInvalidCuts, "cuts", "hmic-peel-2014", 1, ""},
		{"huge number", `{"counts": {"hmic-peel-2014": [1e400, 1, 1, 1]}}`, crosswalk.ErrFileNotArray, "counts", "hmic-peel-2014", 1, ""},
		{"trailing data", `{"counts": {"hmic-peel-2014": [1, 1, 1, 1]}} {}`, crosswalk.ErrFileSyntax, "", "", 1, "unexpected data"},
		{"truncated", `{"counts": {"hmic-peel-2014": [1, 1`, crosswalk.ErrFileSyntax, "counts", "hmic-peel-2014", 1, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := crosswalk.ParseJSON([]byte(tc.in), nil)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.want)
			var fe *crosswalk.FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.field, fe.Field)
			assert.Equal(t, tc.id, fe.Scale)
			assert.Equal(t, tc.line, fe.Line)
			assert.Contains(t, err.Error(), tc.msg)
			var se *crosswalk.ScaleError
			if errors.Is(err, crosswalk.ErrInvalidCounts) || errors.Is(err, crosswalk.ErrInvalidCuts) {
				assert.ErrorAs(t, err, &se)
			}
		})
	}
}
