package gen_test

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/gen"
	"github.com/gradewalk/gradewalk/trend"
)

func TestCSV(t *testing.T) {
	a, err := io.ReadAll(gen.CSV(5000, 7))
	require.NoError(t, err)
	b, err := io.ReadAll(gen.CSV(5000, 7))
	require.NoError(t, err)
	assert.Equal(t, a, b, "the same for the same n and seed")
	assert.Equal(t, 5001, strings.Count(string(a), "\n"))
	assert.True(t, strings.HasPrefix(string(a), gen.Header))

	// Every generated row is a good observation.
	rd, err := trend.NewReader(strings.NewReader(string(a)), &trend.ReadOptions{Format: trend.FormatCSV})
	require.NoError(t, err)
	n := 0
	for _, err := range rd.All() {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 5000, n)
}

// TestMixedCSV checks that MixedCSV is the same for a seed and that its
// counts add up; trend's TestRowsAccountedFor reads it.
func TestMixedCSV(t *testing.T) {
	m := gen.MixedCSV(2000, 3)
	assert.Equal(t, m, gen.MixedCSV(2000, 3))
	assert.Equal(t, 2001, strings.Count(m.CSV, "\n"))
	assert.Equal(t, m.Records*m.GradesPerRecord, m.Read+m.Skipped+m.Rejected)
	assert.Positive(t, m.Read*m.Skipped*m.Rejected, "every kind is there")
}
