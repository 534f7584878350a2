package trend_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// A copy of a built-in scale is that scale: a step between the two is not
// cross-era, in Step and in Summary alike (issue 16's confirmed bug).
func TestScaleCopyIsTheScale(t *testing.T) {
	builtin, err := scale.Builtin()
	require.NoError(t, err)
	var copyOf *scale.Scale
	for _, s := range builtin {
		if s.ID() == "hmic-peel-2014" {
			copyOf = s
		}
	}
	require.NotNil(t, copyOf)
	orig, _ := scale.Lookup("hmic-peel-2014")
	obs := []trend.Observation{
		{Subject: "s", Area: "a", Date: ymd(2015, 1, 1), Grade: grade.MustParse(orig, "Good")},
		{Subject: "s", Area: "a", Date: ymd(2016, 1, 1), Grade: grade.MustParse(copyOf, "Outstanding")},
	}
	series := trend.Group(obs)
	require.Len(t, series, 1)
	steps, err := series[0].Steps(nil)
	require.NoError(t, err)
	require.Len(t, steps, 1)
	assert.False(t, steps[0].CrossEra())
	sum, err := series[0].Summary(nil)
	require.NoError(t, err)
	assert.Equal(t, 0, sum.CrossEraSteps)
	assert.Equal(t, 0, trend.CrossingSeries(series))
}
