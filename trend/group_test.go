package trend_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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

// TestGroupKeys checks that Group makes one series of each subject and
// area, compared as texts, whatever their length (short ones are held by
// their bytes, others in a map) and whether or not equal texts share
// memory, as interned ones do.
func TestGroupKeys(t *testing.T) {
	g := grade.MustParseQualified("hmic-peel-2014:Good")
	texts := []string{"", "a", "ab", "abc", "abcd", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmno", "abcdefghijklmnop",
		"a long subject name beyond fifteen bytes", "Force 01", "Force 10", "force 01", "é", "\x00", "\x00\x00"}
	want := make(map[[2]string]int)
	var obs []trend.Observation
	for i := range 3 {
		for _, s := range texts {
			for _, a := range texts {
				// Each time a copy of its own, but for the first.
				if i > 0 {
					s, a = string([]byte(s)), string([]byte(a))
				}
				obs = append(obs, trend.Observation{Subject: s, Area: a, Date: time.Date(2016+i, 1, 1, 0, 0, 0, 0, time.UTC), Grade: g})
				want[[2]string{s, a}]++
			}
		}
	}
	series := trend.Group(obs)
	require.Len(t, series, len(want))
	for i, s := range series {
		assert.Equal(t, want[[2]string{s.Subject, s.Area}], len(s.Observations), "series %q, %q", s.Subject, s.Area)
		if i > 0 {
			prev := series[i-1]
			assert.Equal(t, -1, cmp.Or(strings.Compare(prev.Subject, s.Subject), strings.Compare(prev.Area, s.Area)),
				"%q, %q before %q, %q: in order of subject, then area", prev.Subject, prev.Area, s.Subject, s.Area)
		}
		for _, o := range s.Observations {
			assert.Equal(t, [2]string{s.Subject, s.Area}, [2]string{o.Subject, o.Area})
		}
	}
}
