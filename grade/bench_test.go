package grade_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
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

// BenchmarkParseUnknownLabel measures a rejected label on scales of 100 and
// 1,000 levels: the error lists at most MaxListedLabels labels, so its cost
// and size stay flat (it listed every label, 1.1 GB of messages for 2.7 MB
// of bad rows on a 1,000-level scale).
func BenchmarkParseUnknownLabel(b *testing.B) {
	for _, n := range []int{100, 1000} {
		levels := make([]scale.LevelDefinition, n)
		for i := range levels {
			levels[i].Label = "Level " + strconv.Itoa(i+1)
		}
		s, err := scale.New(scale.Definition{ID: "bench-labels-" + strconv.Itoa(n), Name: "b", Issuer: "b", Family: "bench-labels",
			Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, Levels: levels})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				_, err := grade.Parse(s, "no such level")
				size = len(err.Error())
			}
			b.ReportMetric(float64(size), "message-bytes")
		})
	}
}
