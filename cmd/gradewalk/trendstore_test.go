package main

import (
	"bytes"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/gen"
	"github.com/gradewalk/gradewalk/trend"
)

// TestObsStoreGrouped checks that obsStore gives back every observation as
// added, in input order, and that its series are trend.Group's, across
// several batches, for subjects with more areas than it keeps in its map,
// for subjects too long to keep in the table's entries, for grades of
// several scales and for dates that are not midnight UTC or lie millions
// of years away.
func TestObsStoreGrouped(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	grades := []grade.Grade{
		grade.MustParseQualified("hmic-peel-2014:Good"),
		grade.MustParseQualified("hmic-peel-2014:Inadequate"),
		grade.MustParseQualified("hmicfrs-peel-2021:Adequate"),
		grade.MustParseQualified("hmic-pledge-2009:Fair"),
	}
	var obs []trend.Observation
	for i := range 3*batchSize + 123 {
		subject := "s" + strconv.Itoa(r.IntN(2000)) // more than the table's first size
		if i%7 == 0 {
			subject = "a subject with a longer name " + strconv.Itoa(r.IntN(50))
		}
		area := "a" + strconv.Itoa(r.IntN(3))
		if subject == "s7" || i%1000 == 0 {
			area = "b" + strconv.Itoa(r.IntN(9)) // beyond the areas kept in the map
		}
		d := time.Date(2010+r.IntN(10), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		p := trend.Precision(r.IntN(3))
		switch {
		case i%999 == 0:
			d = time.Date(9_000_000+r.IntN(3), time.Month(1+r.IntN(12)), 1, 0, 0, 0, 0, time.UTC) // beyond days in an int32
		case i%777 == 0:
			d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, london)
		case i%555 == 0:
			d = d.Add(time.Hour)
		case p == trend.Month:
			d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		case p == trend.Year:
			d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		}
		obs = append(obs, trend.Observation{Subject: subject, Area: area, Date: d, Precision: p, Grade: grades[r.IntN(len(grades))]})
	}
	// A series longer than a batch.
	for range batchSize + 10 {
		obs = append(obs, trend.Observation{Subject: "long", Area: "a0", Date: time.Date(2015, 1, 1+r.IntN(28), 0, 0, 0, 0, time.UTC), Grade: grades[0]})
	}
	var st obsStore
	for i := range obs {
		st.add(&obs[i])
	}
	assert.Equal(t, obs, slices.Collect(st.all()))
	want := trend.Group(obs)
	var got []trend.Series
	for s := range st.grouped() {
		got = append(got, s)
	}
	require.Equal(t, len(want), len(got))
	for i := range want {
		require.Equal(t, want[i], got[i], "series %d", i)
	}
}

// TestTrendProcessors checks that trend writes the same with one processor
// as with several, which read, group and write at the same time, on input
// of many batches.
func TestTrendProcessors(t *testing.T) {
	data, err := io.ReadAll(gen.CSV(3*batchSize+5000, 7))
	require.NoError(t, err)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, args := range [][]string{{"trend"}, {"trend", "-summary"}, {"trend", "-crosswalk", "data"}, {"trend", "-by-period"}, {"trend", "-format", "json"}} {
		var outs, errs [2]bytes.Buffer
		for i, procs := range []int{1, 3} {
			runtime.GOMAXPROCS(procs)
			code := run(args, bytes.NewReader(data), &outs[i], &errs[i])
			require.Equal(t, 0, code, "%v", args)
		}
		assert.Equal(t, outs[0].String(), outs[1].String(), "%v", args)
		assert.Equal(t, errs[0].String(), errs[1].String(), "%v", args)
	}
}

// TestStepWriterText checks that stepWriter keeps the text of each pair of
// grades, in its table and, for large grade numbers, in its map.
func TestStepWriterText(t *testing.T) {
	var sw stepWriter
	st := trend.Step{From: trend.Observation{Grade: grade.MustParseQualified("hmic-peel-2014:Good")},
		To: trend.Observation{Grade: grade.MustParseQualified("hmicfrs-peel-2021:Adequate")}, CrossEra: true, PImproved: 0.1}
	want := newStepText(st)
	for _, p := range [][2]uint32{{1, 2}, {maxPairGrade, 2}, {2, maxPairGrade + 5}} {
		got := sw.text(p[0], p[1], st)
		assert.Equal(t, want, got, "%v", p)
		assert.Same(t, got, sw.text(p[0], p[1], trend.Step{}), "%v: kept", p)
	}
}

// TestObsStoreManyAreas checks obsStore with thousands of distinct areas,
// which it numbers through a map beyond the first few: every observation
// comes back as added and the series are trend.Group's.
func TestObsStoreManyAreas(t *testing.T) {
	g := grade.MustParseQualified("hmic-peel-2014:Good")
	var obs []trend.Observation
	for i := range 5000 {
		obs = append(obs, trend.Observation{
			Subject: "s" + strconv.Itoa(i%7),
			Area:    "area " + strconv.Itoa(i%3001), // most met once, some again
			Date:    time.Date(2015, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			Grade:   g,
		})
	}
	var st obsStore
	for i := range obs {
		st.add(&obs[i])
	}
	assert.Len(t, st.areas, 3001)
	assert.Equal(t, obs, slices.Collect(st.all()))
	want := trend.Group(obs)
	got := slices.Collect(st.grouped())
	require.Equal(t, len(want), len(got))
	for i := range want {
		require.Equal(t, want[i], got[i], "series %d", i)
	}
}

// TestObsStoreGradeCounts: the counts the store makes for -crosswalk data
// give the crosswalk trend.CrosswalkFrom makes of its observations.
func TestObsStoreGradeCounts(t *testing.T) {
	data, err := io.ReadAll(gen.CSV(20_000, 5))
	require.NoError(t, err)
	rd, err := trend.NewCSVReader(bytes.NewReader(data), nil)
	require.NoError(t, err)
	var st obsStore
	for rec, err := range rd.All() {
		require.NoError(t, err)
		st.add(&rec.Observation)
	}
	want, err := trend.CrosswalkFrom(st.all())
	require.NoError(t, err)
	counts := st.gradeCounts()
	got, err := trend.CrosswalkFromCounts(counts)
	require.NoError(t, err)
	assert.Equal(t, want.String(), got.String())
	total := 0.0
	for s, c := range counts {
		assert.Len(t, c, s.Len(), s.ID())
		for _, k := range c {
			total += k
		}
		exp, err := want.CutPoints(s)
		require.NoError(t, err)
		cut, err := got.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, exp, cut, s.ID())
	}
	assert.Equal(t, float64(len(st.obs)), total)
}
