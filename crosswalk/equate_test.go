package crosswalk_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// TestEquateMatchesR checks Equate against the R package equate (2.0.9):
// equate(x, y, type = "equipercentile") for random groups, in level units.
func TestEquateMatchesR(t *testing.T) {
	from, to := newScale(t, "equate-4", 4), newScale(t, "equate-5", 5)
	tests := []struct {
		name     string
		toCounts []float64
		want     []float64 // for levels 1 to 4 of from
	}{
		{"all levels awarded", []float64{5, 20, 40, 25, 10}, []float64{1.5, 2.625, 3.6, 4.75}},
		{"a level never awarded", []float64{5, 20, 0, 55, 20}, []float64{1.5, 3.5909, 4.2727, 5.125}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
				from: {10, 40, 35, 15},
				to:   tt.toCounts,
			})
			require.NoError(t, err)
			for k, want := range tt.want {
				got, err := cw.Equate(fromRank(t, from, k+1), to)
				require.NoError(t, err)
				assert.InDelta(t, want, got, 1e-4, "level %d", k+1)
			}
		})
	}
}

// readACTmath reads testdata/actmath.csv: the frequencies of raw scores 0
// to 40 on forms X and Y of Kolen and Brennan's ACT Mathematics data.
func readACTmath(t *testing.T) (x, y []float64) {
	t.Helper()
	f, err := os.Open("testdata/actmath.csv")
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"score", "x", "y"}, rows[0])
	rows = rows[1:]
	require.Len(t, rows, 41)
	for i, row := range rows {
		require.Len(t, row, 3)
		require.Equal(t, strconv.Itoa(i), row[0], "scores run from 0 to 40 in order")
		for j, dst := range []*[]float64{&x, &y} {
			v, err := strconv.ParseFloat(row[j+1], 64)
			require.NoError(t, err)
			*dst = append(*dst, v)
		}
	}
	return x, y
}

// TestEquateACTmath checks Equate against the unsmoothed equipercentile
// equivalents of Kolen and Brennan's ACTmath data (see testdata/actmath.md).
func TestEquateACTmath(t *testing.T) {
	x, y := readACTmath(t)
	sumX, sumY := 0.0, 0.0
	for i := range x {
		sumX += x[i]
		sumY += y[i]
	}
	require.Equal(t, 4329.0, sumX, "form X examinees")
	require.Equal(t, 4152.0, sumY, "form Y examinees")

	// Level k stands for raw score k-1.
	formX, formY := newScale(t, "actmath-x", 41), newScale(t, "actmath-y", 41)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{formX: x, formY: y})
	require.NoError(t, err)
	equate := func(score int) float64 {
		got, err := cw.Equate(fromRank(t, formX, score+1), formY)
		require.NoError(t, err)
		return got - 1 // level units to score units
	}

	for _, tt := range []struct {
		score int
		want  float64
	}{
		{0, -0.5},
		{1, 0.9796},
		{5, 3.6205},
		{10, 8.1607},
		{20, 19.1647},
		{30, 30.1305},
		{40, 39.9006},
	} {
		assert.InDelta(t, tt.want, equate(tt.score), 1e-4, "x = %d", tt.score)
	}

	var all []float64
	for score := range 41 {
		all = append(all, equate(score))
	}
	assert.True(t, slices.IsSorted(all), "monotone: %v", all)
}

func TestEquateFlatStretches(t *testing.T) {
	// Levels 2 and 3 of to are never awarded: the cut point 0.25 is shared
	// by the top of level 1 (1.5 in level units) and the bottom of level 4
	// (3.5), so a percentile rank of 0.25 maps to the middle, 2.5.
	from, to := newScale(t, "flat-from", 4), newScale(t, "flat-to", 5)
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		from: {0, 50, 50, 0}, // bands [0,0], [0,0.5], [0.5,1], [1,1]
		to:   {25, 0, 0, 25, 50},
	})
	require.NoError(t, err)
	tests := []struct {
		rank int
		p    float64 // percentile rank: the middle of the band
		want float64
	}{
		{1, 0, 0.5},
		{2, 0.25, 2.5},
		{3, 0.75, 5},
		{4, 1, 5.5},
	}
	for _, tt := range tests {
		g := fromRank(t, from, tt.rank)
		score, err := cw.Score(g)
		require.NoError(t, err)
		require.Equal(t, tt.p, score)
		got, err := cw.Equate(g, to)
		require.NoError(t, err)
		assert.InDelta(t, tt.want, got, 1e-12, "level %d", tt.rank)
	}

	t.Run("one level never awarded", func(t *testing.T) {
		to := newScale(t, "flat-to-one", 3)
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
			from: {0, 50, 50, 0},
			to:   {25, 0, 75},
		})
		require.NoError(t, err)
		// 0.25 is the top of level 1 (1.5), level 2 is the stretch [1.5, 2.5].
		got, err := cw.Equate(fromRank(t, from, 2), to)
		require.NoError(t, err)
		assert.InDelta(t, 2, got, 1e-12)
	})
	t.Run("on a cut with no flat stretch", func(t *testing.T) {
		to := newScale(t, "flat-to-none", 2)
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
			from: {0, 50, 50, 0},
			to:   {25, 75},
		})
		require.NoError(t, err)
		got, err := cw.Equate(fromRank(t, from, 2), to)
		require.NoError(t, err)
		assert.InDelta(t, 1.5, got, 1e-12)
	})
}

// TestEquateMonotone checks that Equate never decreases as the source rank
// rises, for every pair of built-in scales under the default crosswalk and
// for data-driven crosswalks with levels never awarded.
func TestEquateMonotone(t *testing.T) {
	checkMonotone := func(t *testing.T, cw *crosswalk.Crosswalk, from, to *scale.Scale) {
		t.Helper()
		prev := 0.0
		for k := 1; k <= from.Len(); k++ {
			got, err := cw.Equate(fromRank(t, from, k), to)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, got, prev, "%s level %d to %s", from.ID(), k, to.ID())
			assert.True(t, got >= 0.5 && got <= float64(to.Len())+0.5, "%v out of range", got)
			prev = got
		}
	}
	scales := slices.Collect(scale.All())
	for _, from := range scales {
		for _, to := range scales {
			checkMonotone(t, crosswalk.Default(), from, to)
		}
		// Under equal widths, equating to the grade's own scale gives its rank.
		for k := 1; k <= from.Len(); k++ {
			got, err := crosswalk.Default().Equate(fromRank(t, from, k), from)
			require.NoError(t, err)
			assert.InDelta(t, float64(k), got, 1e-12)
		}
	}

	a, b := newScale(t, "mono-a", 6), newScale(t, "mono-b", 7)
	for _, counts := range [][2][]float64{
		{{1, 0, 0, 3, 0, 1}, {0, 2, 0, 0, 5, 0, 1}},
		{{0, 0, 1, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1}},
		{{3, 1, 4, 1, 5, 9}, {2, 6, 5, 3, 5, 8, 9}},
	} {
		cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{a: counts[0], b: counts[1]})
		require.NoError(t, err)
		checkMonotone(t, cw, a, b)
		checkMonotone(t, cw, b, a)
	}
}
