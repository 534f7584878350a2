package main

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"testing"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/gen"
	"github.com/gradewalk/gradewalk/scale"
)

// benchInput is the generated CSV for n rows.
func benchInput(b *testing.B, n int) []byte {
	data, err := io.ReadAll(gen.CSV(n, 1))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func benchRun(b *testing.B, n int, args ...string) {
	data := benchInput(b, n)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	cpu := cpuTime()
	for b.Loop() {
		code := run(args, bytes.NewReader(data), io.Discard, io.Discard)
		if code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	reportRows(b, n, cpuTime()-cpu)
}

// reportRows reports rows per second on the clock and CPU time per row,
// which a machine shared with other work disturbs less.
func reportRows(b *testing.B, n int, cpu int64) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(cpu)/float64(n)/float64(b.N), "cpu-ns/row")
}

func BenchmarkNormalize1M(b *testing.B) { benchRun(b, 1_000_000, "normalize", "-format", "csv") }
func BenchmarkTrend1M(b *testing.B)     { benchRun(b, 1_000_000, "trend", "-format", "csv") }

// BenchmarkFloor1M is the floor that normalize is measured against: a bare
// pass over the same input that reads each line, finds the grade (the
// fifth field) and its scale, looks the pair up in a table built before
// the loop, and appends fixed columns. It resolves no family, checks
// nothing, and knows the input has no quotes; normalize does all of that.
func BenchmarkFloor1M(b *testing.B) {
	const n = 1_000_000
	data := benchInput(b, n)
	// The added columns for every scale and label the generator writes,
	// keyed by "scale,label" as the line has them.
	fixed := make(map[string][]byte)
	cw := crosswalk.Default()
	for s := range scale.All() {
		for l := range s.Levels() {
			g := grade.MustParse(s, l.Label())
			band, err := cw.Band(g)
			if err != nil {
				continue
			}
			cols := []byte(s.ID() + "," + l.Label() + "," + strconv.Itoa(g.Rank()))
			for _, f := range []float64{band.Lo, band.Hi, band.Mid()} {
				cols = append(cols, ',')
				cols = append(cols, formatNumber(f, numberDigits)...)
			}
			for _, label := range []string{l.Label(), lower(l.Label())} {
				fixed[s.ID()+","+label] = cols
				fixed[s.Family()+","+label] = cols // the floor does not resolve families
			}
		}
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	cpu := cpuTime()
	for b.Loop() {
		floorPass(data, fixed)
	}
	reportRows(b, n, cpuTime()-cpu)
}

// floorPass is the loop of BenchmarkFloor1M.
func floorPass(data []byte, fixed map[string][]byte) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	w := bufio.NewWriterSize(io.Discard, 64<<10)
	var out []byte
	first := true
	for sc.Scan() {
		line := sc.Bytes()
		if first {
			first = false
			continue
		}
		// Fields 4 and 5: scale and grade.
		i := 0
		for k := 0; k < 3; k++ {
			i += bytes.IndexByte(line[i:], ',') + 1
		}
		j := i + bytes.IndexByte(line[i:], ',') + 1
		j += bytes.IndexByte(line[j:], ',')
		cols := fixed[string(line[i:j])]
		out = append(out[:0], line...)
		out = append(out, ',')
		out = append(out, cols...)
		out = append(out, '\n')
		w.Write(out)
	}
	w.Flush()
}

func lower(s string) string { return string(bytes.ToLower([]byte(s))) }
