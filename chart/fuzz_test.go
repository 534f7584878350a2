package chart_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// FuzzSeries draws series from arbitrary subjects, areas, dates and grades:
// nothing may panic, and every SVG must parse as XML.
func FuzzSeries(f *testing.F) {
	f.Add("Northshire", "overall", "effectiveness", 2019, 5, 3, 2, uint8(0))
	f.Add("", "", "", 1, 1, 1, 1, uint8(2))                                       // empty names, year 1
	f.Add("A<&>\"'\uFFFE", "a\x00b\tc", "\xff\xfe", 9999, 12, 4, 4, uint8(1))     // markup, control bytes, non-characters, invalid UTF-8
	f.Add("long "+string(make([]byte, 300)), "x", "x", 2020, 0, 0, 9, uint8(255)) // a long name of NUL bytes
	peel, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	f.Fuzz(func(t *testing.T, subject, area1, area2 string, year, month, rank1, rank2 int, prec uint8) {
		year = 1 + (year%9999+9999)%9999
		month = 1 + (month%12+12)%12
		g1, err := grade.FromRank(peel, 1+(rank1%4+4)%4)
		require.NoError(t, err)
		g2, err := grade.FromRank(peel21, 1+(rank2%5+5)%5)
		require.NoError(t, err)
		d := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
		obs := []trend.Observation{
			{Subject: subject, Area: area1, Date: d, Precision: trend.Precision(prec % 3), Grade: g1},
			{Subject: subject, Area: area2, Date: d.AddDate(1, 0, 0), Grade: g2},
			{Subject: subject, Area: area1, Date: d.AddDate(2, 0, 0), Precision: trend.Year, Grade: g2},
		}
		var buf bytes.Buffer
		require.NoError(t, chart.Series(&buf, trend.Group(obs), chart.Options{}))
		svgText(t, buf.Bytes())
	})
}
