package crosswalk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func TestSentenceRoundsBands(t *testing.T) {
	peel14 := mustScale(t, "hmic-peel-2014")
	peel21 := mustScale(t, "hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		peel14: {1, 6, 34, 1},
		peel21: {3, 19, 12, 9, 0},
	})
	require.NoError(t, err)
	c, err := cw.Compare(grade.MustParse(peel21, "Adequate"), grade.MustParse(peel14, "Good"))
	require.NoError(t, err)
	assert.Contains(t, c.String(), "([0.512, 0.791] and [0.167, 0.976])")
	assert.Equal(t, "[0.16666666666666666, 0.9761904761904762]", c.BandB.String(), "Band.String stays exact")
}
