package trend_test

import (
	"bytes"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/grade"
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

// BenchmarkByPeriod runs ByPeriod on observations spread over as many
// distinct years as a tenth of their number, at two sizes a factor of 10
// apart: the time per observation should stay flat (issue 20: it grew
// with the number of years).
func BenchmarkByPeriod(b *testing.B) {
	g := grade.MustParseQualified("hmic-peel-2014:Good")
	for _, n := range []int{10_000, 100_000} {
		obs := make([]trend.Observation, n)
		for i := range obs {
			obs[i] = trend.Observation{Subject: "s" + strconv.Itoa(i%500), Area: "a", Date: time.Date(1000+i%(n/10), 1, 1, 0, 0, 0, 0, time.UTC), Precision: trend.Year, Grade: g}
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := trend.ByPeriod(nil, obs, trend.PeriodOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/obs")
		})
	}
}

// BenchmarkReadMapped1M reads the rows of BenchmarkCSVReader1M written as
// a publisher might: other column names, mapped; the grade in a column of
// a wide file with the area from the mapping; dates as dd/mm/yyyy. Its
// time against BenchmarkCSVReader1M is the cost of the mapping.
func BenchmarkReadMapped1M(b *testing.B) {
	const n = 1_000_000
	plain, err := io.ReadAll(gen.CSV(n, 1))
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString("Force,Published,Scale,Effectiveness\n")
	for i, line := range bytes.Split(bytes.TrimSpace(plain), []byte("\n")) {
		if i == 0 {
			continue
		}
		f := bytes.Split(line, []byte(","))
		d := string(f[2])
		switch len(d) {
		case 4:
			d = "01/01/" + d
		case 7:
			d = "01/" + d[5:] + "/" + d[:4]
		default:
			d = d[8:] + "/" + d[5:7] + "/" + d[:4]
		}
		buf.Write(f[0])
		buf.WriteString("," + d + ",")
		buf.Write(f[3])
		buf.WriteByte(',')
		buf.Write(f[4])
		buf.WriteByte('\n')
	}
	data := buf.Bytes()
	opt := &trend.ReadOptions{Format: trend.FormatCSV, Delimiter: ',',
		Columns: trend.Fields{Subject: "Force", Date: "Published"},
		Grades:  []trend.GradeColumn{{Column: "Effectiveness", Area: "effectiveness"}}}
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rd, err := trend.NewReader(bytes.NewReader(data), opt)
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
}
