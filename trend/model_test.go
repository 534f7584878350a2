package trend_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reading is a model's reading such as package latent gives.
func reading(d trend.Direction, p float64) *trend.ModelChange {
	return &trend.ModelChange{
		Name: "latent", Basis: crosswalk.NewBasis(crosswalk.FittedModel, "a test model"),
		PImproved: p, PImprovedSE: 0.017, Mean: 0.012, Lo90: -0.32, Hi90: 0.36,
		Latent:    trend.Estimate{Mean: 0.05, Lo90: -1.2, Hi90: 1.3},
		Direction: d,
	}
}

// A step that holds a model's reading takes its probability, basis and
// direction from it, and has no interval.
func TestModelStep(t *testing.T) {
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	cw, err := trend.CrosswalkFrom(slices.Values(in))
	require.NoError(t, err)
	st := oneStep(t, cw, "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate")
	require.True(t, st.HasInterval(), "the counted crosswalk's comparison has an interval")
	st.Model = reading(trend.Uncertain, 0.52)
	st.Direction = st.Model.Direction

	assert.Equal(t, 0.52, st.PImproved())
	assert.False(t, st.HasInterval())
	lo, hi := st.PImprovedInterval()
	assert.Equal(t, 0.0, lo)
	assert.Equal(t, 1.0, hi)
	assert.Equal(t, st.Model.Basis, st.Basis())
	assert.True(t, st.Comparison.HasInterval(), "the comparison inside keeps its own")
	assert.Equal(t, "f, a, 2010-01-01 to 2020-01-01: uncertain. On a fitted model (a test model), the chance that the later latent quality stands higher is 52% "+
		"(Monte Carlo standard error 0.017); the change on the common ordinal +0.01 (90% interval -0.32 to +0.36). Under the model's crosswalk: "+
		st.Comparison.String(), st.String())

	data, err := json.Marshal(st)
	require.NoError(t, err)
	var keys struct {
		Model map[string]json.RawMessage `json:"model"`
	}
	require.NoError(t, json.Unmarshal(data, &keys))
	assert.Equal(t, "null", string(keys.Model["p_improved_lo"]), "no interval: null, not a zero-width one")
	assert.Equal(t, "null", string(keys.Model["p_improved_hi"]))
	assert.Equal(t, "0.52", string(keys.Model["p_improved"]))
	assert.Equal(t, `"model: a test model"`, string(keys.Model["basis"]))
	assert.Equal(t, `"uncertain"`, string(keys.Model["direction"]))
	assert.JSONEq(t, `{"mean":0.05,"lo90":-1.2,"hi90":1.3}`, string(keys.Model["latent"]))
	var back trend.Step
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, *st.Model, *back.Model)

	plain := oneStep(t, nil, "hmic-peel-2014:Good", "hmicfrs-peel-2021:Adequate")
	data, err = json.Marshal(plain)
	require.NoError(t, err)
	var raw map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &raw))
	assert.Equal(t, "null", string(raw["model"]), "a step no model made has none")

	sum, err := trend.Group([]trend.Observation{st.From, st.To})[0].Summary(cw)
	require.NoError(t, err)
	sum.Model = reading(trend.Declined, 0.03)
	sum.Direction = sum.Model.Direction
	assert.Equal(t, 0.03, sum.PImproved())
	assert.False(t, sum.HasInterval())
	assert.Equal(t, sum.Model.Basis, sum.Basis())
	assert.Contains(t, sum.String(), "2 grades from 2010-01-01 to 2020-01-01, declined from first to last, across 1 change of scale. On a fitted model (a test model)")
}

// In a sensitivity check the model's reading stands in the place of its
// crosswalk, and the verdict counts it.
func TestModelSensitivity(t *testing.T) {
	in := append(forces("hmic-peel-2014", "2017", 2, 10, 25, 6), forces("hmicfrs-peel-2021", "2022", 1, 8, 15, 15, 4)...)
	modelCW := crosswalk.Default().Named("latent", "the model's bands")
	set, err := trend.Linkings(in, modelCW)
	require.NoError(t, err)
	require.Len(t, set, 4)

	robust := oneStep(t, nil, "hmic-peel-2014:Requires improvement", "hmicfrs-peel-2021:Outstanding")
	for _, tc := range []struct {
		model *trend.ModelChange
		want  crosswalk.Verdict
	}{
		{nil, crosswalk.Robust},
		{reading(trend.Improved, 0.97), crosswalk.Robust},
		{reading(trend.Uncertain, 0.8), crosswalk.DependsOnLinking},
	} {
		st := robust
		st.Model = tc.model
		sens, err := st.Sensitivity(set...)
		require.NoError(t, err)
		assert.Equal(t, tc.want, sens.Verdict)
		if tc.model == nil {
			assert.Nil(t, sens.Model)
			assert.Len(t, sens.Readings, 4, "without a model's reading, its crosswalk is a linking like the others")
			continue
		}
		require.NotNil(t, sens.Model)
		assert.Equal(t, *tc.model, *sens.Model)
		require.Len(t, sens.Readings, 3)
		for _, r := range sens.Readings {
			assert.NotEqual(t, "latent", r.Crosswalk)
		}
	}

	// A model's decline and a date against itself count as Below and
	// Equivalent.
	down := oneStep(t, nil, "hmic-peel-2014:Outstanding", "hmicfrs-peel-2021:Inadequate")
	down.Model = reading(trend.Declined, 0.01)
	sens, err := down.Sensitivity(set...)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Robust, sens.Verdict)
	same := oneStep(t, nil, "hmic-peel-2014:Good", "hmic-peel-2014:Good")
	same.Model = reading(trend.Unchanged, 0.5)
	sens, err = same.Sensitivity(set...)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.Robust, sens.Verdict, "the same grade, and the model's date against itself")

	st := robust
	st.Model = reading(trend.Uncertain, 0.8)
	sens, err = st.Sensitivity(set...)
	require.NoError(t, err)
	assert.Equal(t, "depends on the linking: default above 100%; observed above 100% (90% interval 100%); data above 100% (90% interval 100%); "+
		"latent overlapping 80% (Monte Carlo standard error 0.017)", sens.String())
	data, err := json.Marshal(sens)
	require.NoError(t, err)
	var keys map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(data, &keys))
	for _, k := range []string{"a", "b", "readings", "skipped", "verdict", "model"} {
		assert.Contains(t, keys, k)
	}

	// Where only the model covers the grades, the others are skipped and
	// its reading is the only one.
	only, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{in[0].Grade.Scale(): {1, 2, 3, 4}})
	require.NoError(t, err)
	st = oneStep(t, nil, "hmicfrs-peel-2021:Good", "hmicfrs-peel-2021:Adequate")
	st.Model = reading(trend.Uncertain, 0.4)
	sens, err = st.Sensitivity(only)
	require.NoError(t, err)
	assert.Equal(t, crosswalk.OneLinking, sens.Verdict)
	assert.Empty(t, sens.Readings)
	assert.Equal(t, []string{only.Name()}, sens.Skipped)
	assert.Equal(t, "only one linking: latent overlapping 40% (Monte Carlo standard error 0.017) (not covered by "+only.Name()+")", sens.String())
}

// FuzzModelChangeJSON: a model's reading survives its JSON, whatever its
// numbers, and reading JSON never panics; the interval of the probability
// is always written null.
func FuzzModelChangeJSON(f *testing.F) {
	f.Add(0.52, 0.017, 0.01, -0.32, 0.36, "latent", []byte(`{"name":"latent","p_improved":0.5}`))
	f.Add(1.0, 0.0, 0.0, 0.0, 0.0, "", []byte(`{"basis":"no such basis"}`))
	f.Add(0.0, 1e-300, -1e300, 1e300, 5e-324, "x", []byte(`null`))
	f.Fuzz(func(t *testing.T, p, se, mean, lo, hi float64, name string, raw []byte) {
		var any trend.ModelChange
		_ = json.Unmarshal(raw, &any)         // must not panic
		name = strings.ToValidUTF8(name, "?") // JSON has no other strings
		c := trend.ModelChange{Name: name, Basis: crosswalk.NewBasis(crosswalk.FittedModel, name), PImproved: p, PImprovedSE: se,
			Mean: mean, Lo90: lo, Hi90: hi, Latent: trend.Estimate{Mean: mean, Lo90: lo, Hi90: hi}, Direction: trend.Uncertain}
		data, err := json.Marshal(c)
		if err != nil {
			return // NaN or ±Inf has no JSON
		}
		var keys map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(data, &keys))
		assert.Equal(t, "null", string(keys["p_improved_lo"]))
		assert.Equal(t, "null", string(keys["p_improved_hi"]))
		var back trend.ModelChange
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, c, back)
	})
}
