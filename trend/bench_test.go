package trend_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/gradewalk/gradewalk/internal/gen"
	"github.com/gradewalk/gradewalk/trend"
)

// BenchmarkCSVReader1M reads a million generated rows, half of them naming
// a family, through the CSV reader: the reading side of normalize and
// trend, without their output.
func BenchmarkCSVReader1M(b *testing.B) {
	const n = 1_000_000
	data, err := io.ReadAll(gen.CSV(n, 1))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rd, err := trend.NewReader(bytes.NewReader(data), &trend.ReadOptions{Format: trend.FormatCSV})
		if err != nil {
			b.Fatal(err)
		}
		rows := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		if rows != n {
			b.Fatalf("read %d rows", rows)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
