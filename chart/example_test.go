package chart_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Draw a force's grades through a change of scale. The SVG's <title> and
// <desc> say in words what the picture shows.
func ExampleSeries() {
	csv := `subject,area,date,scale,grade
Northshire,effectiveness,2017-03,hmic-peel-2014,Requires improvement
Northshire,effectiveness,2019-05-02,hmic-peel-2014,Good
Northshire,effectiveness,2022,hmicfrs-peel-2021,Adequate
`
	rd, err := trend.NewReader(strings.NewReader(csv), &trend.ReadOptions{Format: trend.FormatCSV, Registry: scale.Default()})
	if err != nil {
		fmt.Println(err)
		return
	}
	var obs []trend.Observation
	for {
		rec, err := rd.Next()
		if err != nil {
			break
		}
		obs = append(obs, rec.Observation)
	}
	var svg bytes.Buffer
	if err := chart.Series(&svg, trend.Group(obs), chart.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	_, title, _ := strings.Cut(svg.String(), "<title ")
	_, title, _ = strings.Cut(title, ">")
	title, _, _ = strings.Cut(title, "</title>")
	fmt.Println(title)
	fmt.Println(strings.Contains(svg.String(), ">P(higher) 10%? [1]</text>"))
	// Output:
	// Northshire: grades through time
	// true
}

// Draw the ladder of the police inspection scales as a PNG.
func ExampleLadder() {
	police := slices.Collect(scale.Default().Family("hmicfrs-police"))
	var png bytes.Buffer
	if err := chart.Ladder(&png, police, chart.Options{Format: chart.PNG}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")))
	// Output: true
}

// Draw how the grades of each year fell on the common ordinal.
func ExamplePeriods() {
	peel, _ := scale.Lookup("hmic-peel-2014")
	sums := []trend.PeriodSummary{
		{Period: trend.YearPeriod(2016), Area: "effectiveness", Observations: 3, Subjects: 3, Scales: []string{peel.ID()}, Bins: []int{0, 1, 0, 1, 1}, Mean: 0.625},
	}
	var svg bytes.Buffer
	if err := chart.Periods(&svg, sums, chart.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(svg.String(), "-title\">Grades by period: effectiveness</title>"))
	// Output: true
}
