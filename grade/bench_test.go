package grade_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
)

// parseCases are the labels the benchmarks and TestNoAllocs parse on
// hmic-peel-2014. Targets: canonical ≤ 60 ns/op, messy ≤ 200 ns/op, both
// with 0 allocs/op. Only the allocations are checked by a test; times are
// for reading off the benchmark.
var parseCases = []struct {
	name, label string
}{
	{"canonical", "Requires improvement"},
	{"messy", "  ‘Requiring-Improvement’ "},
}

func BenchmarkParse(b *testing.B) {
	s := mustLookup(b, "hmic-peel-2014")
	for _, bc := range parseCases {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := grade.Parse(s, bc.label); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMarshalText(b *testing.B) {
	g := grade.MustParseQualified("hmic-peel-2014:Requires improvement")
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = g.AppendText(buf[:0])
	}
}

func TestNoAllocs(t *testing.T) {
	s := mustLookup(t, "hmic-peel-2014")
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := grade.Parse(s, tc.label)
			require.NoError(t, err)
			require.Equal(t, "Requires improvement", g.Label())
			allocs := testing.AllocsPerRun(1000, func() {
				g, _ = grade.Parse(s, tc.label)
			})
			assert.Zero(t, allocs, "Parse(%q) allocates", tc.label)
		})
	}
	t.Run("compare", func(t *testing.T) {
		a := grade.MustParseQualified("hmic-peel-2014:Good")
		b := grade.MustParseQualified("hmic-pledge-2009:Good")
		assert.Zero(t, testing.AllocsPerRun(1000, func() { a.Compare(b) }))
	})
	t.Run("append text", func(t *testing.T) {
		g := grade.MustParseQualified("hmic-peel-2014:Good")
		buf := make([]byte, 0, 64)
		assert.Zero(t, testing.AllocsPerRun(1000, func() { buf, _ = g.AppendText(buf[:0]) }))
	})
}
