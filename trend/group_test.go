package trend_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/trend"
)

// randomObservations returns n observations of a few subjects and areas in
// random order, with dates of every precision that often coincide or
// overlap, so that grouping has to keep input order for ties.
func randomObservations(n int, seed uint64) []trend.Observation {
	rng := rand.New(rand.NewPCG(seed, 7))
	grades := []grade.Grade{grade.MustParseQualified("hmic-peel-2014:Good"), grade.MustParseQualified("hmic-peel-2014:Inadequate"),
		grade.MustParseQualified("hmicfrs-peel-2021:Adequate")}
	// One string per subject, as a Reader interns them.
	subjects := make([]string, 1+n/20)
	for i := range subjects {
		subjects[i] = "s" + strconv.Itoa(i)
	}
	obs := make([]trend.Observation, n)
	for i := range obs {
		p := trend.Precision(rng.IntN(3))
		d := time.Date(2014+rng.IntN(4), time.Month(1+rng.IntN(3)), 1+rng.IntN(2), 0, 0, 0, 0, time.UTC)
		switch p {
		case trend.Year:
			d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		case trend.Month:
			d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		obs[i] = trend.Observation{Subject: subjects[rng.IntN(len(subjects))], Area: []string{"x", "y", "z"}[rng.IntN(3)],
			Date: d, Precision: p, Grade: grades[rng.IntN(len(grades))]}
	}
	return obs
}

// TestGroupInPlaceAsGroup checks that GroupInPlace gives the series Group
// gives, as windows of the slice it was given, which holds the same
// observations reordered.
func TestGroupInPlaceAsGroup(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 100, 5000, 16_385, 40_003} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			in := randomObservations(n, uint64(n))
			want := trend.Group(in)
			reordered := slices.Clone(in)
			got := trend.GroupInPlace(reordered)
			require.Equal(t, want, got)
			at := 0
			for _, s := range got {
				require.Equal(t, s.Observations, reordered[at:at+len(s.Observations)], "series %s, %s is a window of the slice", s.Subject, s.Area)
				if len(s.Observations) > 0 {
					assert.Same(t, &reordered[at], &s.Observations[0], "and shares its memory")
				}
				at += len(s.Observations)
			}
			assert.Equal(t, len(in), at)
			count := func(obs []trend.Observation) map[trend.Observation]int {
				m := make(map[trend.Observation]int)
				for _, o := range obs {
					m[o]++
				}
				return m
			}
			assert.Equal(t, count(in), count(reordered), "the same observations, reordered")
		})
	}
}

// BenchmarkGroup groups a million observations with Group and GroupInPlace.
func BenchmarkGroup(b *testing.B) {
	in := randomObservations(1_000_000, 4)
	b.Run("Group", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			trend.Group(in)
		}
	})
	b.Run("GroupInPlace", func(b *testing.B) {
		b.ReportAllocs()
		work := make([]trend.Observation, len(in))
		for b.Loop() {
			copy(work, in) // as a fresh ReadAll would give them
			trend.GroupInPlace(work)
		}
	})
}
