package main

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
)

func TestAppendNumber(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		want string
	}{
		{0.1 + 0.2, "0.3"},
		{0.09999999999999998, "0.1"},
		{1 - 0.1 - 0.9 + 1, "1"},
		{0.8666666666666668, "0.866666666667"},
		{4.800000000000001, "4.8"},
		{3.647058823529412, "3.64705882353"},
		{0.023255813953488372, "0.0232558139535"},
		{43, "43"},
		{1234567890123456, "1.23456789012e+15"},
		{1e-20 / 3, "3.33333333333e-21"},
		{-0.30000000000000004, "-0.3"},
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{math.Inf(1), "+Inf"},
		{math.NaN(), "NaN"},
	} {
		got := string(appendNumber([]byte("x"), tc.f, numberDigits))
		assert.Equal(t, "x"+tc.want, got, "%v", tc.f)
		if !math.IsNaN(tc.f) && !math.IsInf(tc.f, 0) {
			back, err := strconv.ParseFloat(tc.want, 64)
			require.NoError(t, err)
			assert.InEpsilon(t, tc.f+1e-300, back+1e-300, 1e-11, "reads back within 12 digits")
		}
	}
	assert.Equal(t, "0.1", string(appendNumber(nil, 0.09999999999999998, tableDigits)))
	assert.Equal(t, "0.8667", string(appendNumber(nil, 0.8666666666666668, tableDigits)))
	assert.Equal(t, "[0.0232558139535, 0.3]", formatBand(crosswalk.Band{Lo: 0.023255813953488372, Hi: 0.1 + 0.2}))
	n, err := number(0.1 + 0.2).MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "0.3", string(n))
}

// TestAppendNumberFastPath: the fast path writes what the general path
// writes, for values across every magnitude and for both precisions.
func TestAppendNumberFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 50_000 {
		f := r.Float64() * math.Pow(10, float64(r.IntN(16)-8))
		switch i % 4 {
		case 1:
			f = float64(r.IntN(1000)) / float64(1+r.IntN(1000)) // ratios of small integers
		case 2:
			f = math.Round(f*1e6) / 1e6
		case 3:
			f = -f
		}
		for _, digits := range []int{numberDigits, tableDigits} {
			want, got := appendRounded(nil, f, digits), appendNumber(nil, f, digits)
			if !bytes.Equal(want, got) {
				t.Fatalf("%v with %d digits: %s, want %s", f, digits, got, want)
			}
		}
	}
	for _, f := range []float64{999999.4, 999999.5, 999999.9999999, 9999.5, 0.0001, 0.00009999999999995, 1e21, 123456.7} {
		for _, digits := range []int{numberDigits, tableDigits} {
			assert.Equal(t, string(appendRounded(nil, f, digits)), string(appendNumber(nil, f, digits)), "%v with %d digits", f, digits)
		}
	}
}

func TestAppendNumberDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 64)
	allocs := testing.AllocsPerRun(100, func() {
		buf = appendNumber(buf[:0], 0.8666666666666668, numberDigits)
		buf = appendNumber(buf[:0], 1e-20/3, tableDigits)
	})
	assert.Zero(t, allocs)
}

// TestNoFloatNoise scans every golden file and the console output in the
// docs for float noise: a run of ten 0s or 9s (0.30000000000000004,
// 0.09999999999999998), which appendNumber never writes.
func TestNoFloatNoise(t *testing.T) {
	noise := regexp.MustCompile(`0000000000|9999999999`)
	files, err := filepath.Glob("testdata/*.golden")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	files = append(files, "../../docs/cli.md", "../../README.md")
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range noise.FindAllIndex(data, -1) {
			line := 1 + countLines(data[:m[0]])
			t.Errorf("%s:%d: float noise %q", f, line, data[max(0, m[0]-20):min(len(data), m[1]+5)])
		}
	}
}

func countLines(b []byte) int {
	n := 0
	for _, c := range b {
		if c == '\n' {
			n++
		}
	}
	return n
}

// BenchmarkAppendNumber compares appendNumber with its general path (round,
// parse, shortest) in the same run.
func BenchmarkAppendNumber(b *testing.B) {
	for _, bc := range []struct {
		name string
		fn   func([]byte, float64, int) []byte
	}{{"appendNumber", appendNumber}, {"general", appendRounded}} {
		b.Run(bc.name, func(b *testing.B) {
			buf := make([]byte, 0, 64)
			b.ReportAllocs()
			for b.Loop() {
				buf = bc.fn(buf[:0], 0.8666666666666668, numberDigits)
				buf = bc.fn(buf[:0], 0.625, numberDigits)
			}
		})
	}
}

// TestPlainCSV checks normalize's shortcut against csvNeedsQuotes: for a
// comma-delimited line without quotes or newlines, plainCSV is true just
// when no field needs quotes.
func TestPlainCSV(t *testing.T) {
	parts := []string{"", "a", " a", "\ta", `\.`, `\.x`, "a\r", "a b", "\r"}
	for _, f1 := range parts {
		for _, f2 := range parts {
			fields := []string{f1, f2, "x"}
			want := !slices.ContainsFunc(fields, csvNeedsQuotes)
			assert.Equal(t, want, plainCSV(strings.Join(fields, ","), fields), "%q", fields)
		}
	}
}
