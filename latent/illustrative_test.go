package latent

import (
	"slices"
	"testing"

	"github.com/gradewalk/gradewalk/trend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIllustrativePanel fits the made-up panel of 43 forces graded on
// effectiveness in 2017 (PEEL 2014–19) and 2022 (PEEL 2021/22).
func TestIllustrativePanel(t *testing.T) {
	obs := readCSV(t, "../cmd/gradewalk/testdata/illustrative-43.csv")
	m, err := Fit(slices.Values(inOrder(obs)), nil)
	require.NoError(t, err)
	t.Log(m)
	t.Log(m.Diagnostics())
	logCutPoints(t, m)
	ch, err := m.PopulationChange(date(2017, 1, 1), date(2022, 1, 1))
	require.NoError(t, err)
	t.Logf("population 2017 to 2022: %.3f [%.3f, %.3f] on the ordinal, P(rise) %.2f", ch.Mean, ch.Lo90, ch.Hi90, ch.PImproved)
	var dirs = map[trend.Direction]int{}
	for s := range m.Series() {
		o, ok := s.Overall()
		require.True(t, ok)
		dirs[o.Direction]++
	}
	t.Logf("directions 2017 to 2022: %v", dirs)
	assert.Len(t, slices.Collect(m.Series()), 43)
	assert.Equal(t, 43, dirs[trend.Improved]+dirs[trend.Declined]+dirs[trend.Uncertain])
}
