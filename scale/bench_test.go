package scale_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

// rankOfCases are the labels the benchmarks and TestNoAllocs look up on
// hmic-peel-2014, each of which is rank 2.
var rankOfCases = []struct {
	name, label string
}{
	{"canonical", "Requires improvement"},
	{"messy", "  ‘Requiring-Improvement’ "},
}

func BenchmarkRankOf(b *testing.B) {
	s := mustLookup(b, "hmic-peel-2014")
	for _, bc := range rankOfCases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := s.RankOf(bc.label); !ok {
					b.Fatal("no match")
				}
			}
		})
	}
}

func BenchmarkNormalizeLabel(b *testing.B) {
	for _, bc := range rankOfCases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				scale.NormalizeLabel(bc.label)
			}
		})
	}
}

func TestNoAllocs(t *testing.T) {
	s := mustLookup(t, "hmic-peel-2014")
	for _, tc := range rankOfCases {
		t.Run(tc.name, func(t *testing.T) {
			rank, ok := s.RankOf(tc.label)
			require.True(t, ok)
			require.Equal(t, 2, rank)
			allocs := testing.AllocsPerRun(1000, func() {
				s.RankOf(tc.label)
			})
			assert.Zero(t, allocs, "RankOf(%q) allocates", tc.label)
		})
	}
	t.Run("no match", func(t *testing.T) {
		allocs := testing.AllocsPerRun(1000, func() {
			s.RankOf("Goodish")
		})
		assert.Zero(t, allocs)
	})
}

// BenchmarkRegisterFamily registers a family of n scales, one call each in
// era order, at two sizes a factor of 10 apart: the time per scale stays
// flat (it grew with n before Register appended in place).
func BenchmarkRegisterFamily(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		scales := familyOf(b, fmt.Sprintf("bench-%d", n), n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var r scale.Registry
				for _, s := range scales {
					if err := r.Register(s); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
