package main

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"
)

// seriesCSV is n grades of one subject, a month apart from January 2009 on
// the scales of the police family in force (a family ID, resolved by date,
// as a publisher's file would give them), in two areas.
func seriesCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("subject,area,date,scale,grade\n")
	labels := map[int][]string{2009: {"Poor", "Fair", "Good", "Excellent"}, 2014: {"Inadequate", "Requires improvement", "Good", "Outstanding"}, 2022: {"Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"}}
	d := time.Date(2009, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		var era int
		switch {
		case d.Before(time.Date(2010, 6, 1, 0, 0, 0, 0, time.UTC)):
			era = 2009
		case d.Before(time.Date(2014, 12, 1, 0, 0, 0, 0, time.UTC)):
			d = time.Date(2014, 12, 1, 0, 0, 0, 0, time.UTC)
			era = 2014
		case d.Before(time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)):
			era = 2014
		case d.Before(time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)):
			d = time.Date(2022, 3, 1, 0, 0, 0, 0, time.UTC)
			era = 2022
		default:
			era = 2022
		}
		if d.After(time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)) {
			d = time.Date(2009, 10, 1, 0, 0, 0, 0, time.UTC)
			era = 2009
		}
		l := labels[era]
		fmt.Fprintf(&b, "Northshire,%s,%s,hmicfrs-police,%s\n", []string{"effectiveness", "overall"}[i%2], d.Format("2006-01-02"), l[i%len(l)])
		d = d.AddDate(0, 1, 0)
	}
	return b.Bytes()
}

// benchChart runs gradewalk chart on input, output discarded: the CLI's
// whole path, reading, laying out and writing.
func benchChart(b *testing.B, input []byte, args ...string) {
	b.Helper()
	b.ReportAllocs()
	for b.Loop() {
		var stderr bytes.Buffer
		if code := run(append([]string{"chart"}, args...), bytes.NewReader(input), io.Discard, &stderr); code != exitOK {
			b.Fatalf("exit %d: %s", code, stderr.String())
		}
	}
}

// Issue 19 asks for 50 ms a picture of 100 observations and 200 ms for a
// grid of 43 panels.
func BenchmarkChartSeries100(b *testing.B) { benchChart(b, seriesCSV(100)) }

func BenchmarkChartGrid43(b *testing.B) {
	benchChart(b, []byte(readFile("testdata/illustrative-43.csv")), "-kind", "grid", "-axis", "grades")
}

func BenchmarkChartGrid43PNG(b *testing.B) {
	benchChart(b, []byte(readFile("testdata/illustrative-43.csv")), "-kind", "grid", "-format", "png")
}

func BenchmarkChartSlope43(b *testing.B) {
	benchChart(b, []byte(readFile("testdata/illustrative-43.csv")), "-kind", "slope", "-from", "2017", "-to", "2022")
}

func BenchmarkChartTransitions43(b *testing.B) {
	benchChart(b, []byte(readFile("testdata/illustrative-43.csv")), "-kind", "transitions", "-family", "hmicfrs-police", "-crosswalk", "data")
}
