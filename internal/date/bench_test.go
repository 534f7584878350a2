package date

import (
	"testing"
	"time"
)

var benchDates = []string{"2019-05-02", "2021-11-30", "2016-02-29", "2024-12-31"}

// BenchmarkParseDay measures Parse on full dates, which every row of a
// trend input has.
func BenchmarkParseDay(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(benchDates[i&3]); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCivil checks civil and daysIn against package time for every day of
// the years Parse reads and a few around them.
func TestCivil(t *testing.T) {
	for y := 998; y <= 10000; y++ {
		for m := 1; m <= 12; m++ {
			n := daysIn(y, m)
			if got := time.Date(y, time.Month(m), n+1, 0, 0, 0, 0, time.UTC).Day(); got != 1 {
				t.Fatalf("daysIn(%d, %d) = %d", y, m, n)
			}
			for _, d := range []int{1, 2, 15, n - 1, n} {
				want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
				if got := civil(y, m, d); got != want {
					t.Fatalf("civil(%d, %d, %d) = %v, want %v", y, m, d, got, want)
				}
			}
		}
	}
}
