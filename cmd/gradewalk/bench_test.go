package main

import (
	"bytes"
	"io"
	"testing"

	"github.com/gradewalk/gradewalk/internal/gen"
)

func benchRun(b *testing.B, n int, args ...string) {
	data, err := io.ReadAll(gen.CSV(n, 1))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		code := run(args, bytes.NewReader(data), io.Discard, io.Discard)
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkNormalize1M(b *testing.B) { benchRun(b, 1_000_000, "normalize", "-format", "csv") }
func BenchmarkTrend1M(b *testing.B)     { benchRun(b, 1_000_000, "trend", "-format", "csv") }
