package chart_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// readCSV reads observations, stopping at the end of the input.
func readCSV(csv string) []trend.Observation {
	rd, err := trend.NewReader(strings.NewReader(csv), &trend.ReadOptions{Format: trend.FormatCSV, Registry: scale.Default()})
	if err != nil {
		panic(err)
	}
	obs, rejected, err := trend.ReadAll(rd)
	if err != nil || len(rejected) > 0 {
		panic(fmt.Sprint(err, rejected))
	}
	return obs
}

// titleOf returns an SVG's <title>.
func titleOf(svg string) string {
	_, title, _ := strings.Cut(svg, "<title ")
	_, title, _ = strings.Cut(title, ">")
	title, _, _ = strings.Cut(title, "</title>")
	return title
}

// forces is illustrative data: made-up grades of three forces.
const forces = `subject,area,date,scale,grade
Northshire,overall,2019,hmic-peel-2014,Good
Northshire,overall,2022,hmicfrs-peel-2021,Adequate
Southshire,overall,2019,hmic-peel-2014,Outstanding
Southshire,overall,2022,hmicfrs-peel-2021,Inadequate
Westshire,overall,2019,hmic-peel-2014,Requires improvement
Westshire,overall,2022,hmicfrs-peel-2021,Good
`

// Draw every subject at once, one small panel each, ordered by their
// latest grade, with the grades named on the axis, for the public.
func ExampleGrid() {
	obs := readCSV(forces) // rows of subject, area, date, scale, grade
	var svg bytes.Buffer
	err := chart.Grid(&svg, trend.Group(obs), chart.Options{
		Order:    chart.ByLastGrade,
		Axis:     chart.Grades,
		Audience: chart.Public,
		Source:   "Source: illustrative data; gradewalk",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(svg.String()))
	fmt.Println(strings.Contains(svg.String(), `data-text="Good (2022–23)"`))
	// Output:
	// Grades through time
	// true
}

// Draw each subject from one round to the next: solid where the change is
// certain, dashed where the bands overlap.
func ExampleSlope() {
	obs := readCSV(forces)
	var svg bytes.Buffer
	if err := chart.Slope(&svg, trend.Group(obs), trend.YearPeriod(2019), trend.YearPeriod(2022), chart.Options{}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(titleOf(svg.String()))
	// Output: Grades in 2019 and 2022
}

// Draw where the grades went across a change of scale.
func ExampleTransitions() {
	obs := readCSV(forces)
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	table, err := trend.Transitions(obs, peel14, peel21)
	if err != nil {
		fmt.Println(err)
		return
	}
	var png bytes.Buffer
	if err := chart.Transitions(&png, table, chart.Options{Format: chart.PNG, Width: 800}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(table.Len(), bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")))
	// Output: 3 true
}

// Draw a model's estimate with its interval behind a subject's grades.
func ExampleSeries_ribbon() {
	obs := readCSV(forces)
	estimate := chart.Ribbon{Label: "model estimate (90% interval)"}
	for y := 2019; y <= 2022; y++ {
		estimate.Points = append(estimate.Points, chart.RibbonPoint{
			Date: time.Date(y, 7, 1, 0, 0, 0, 0, time.UTC), Mean: 0.6 - 0.03*float64(y-2019), Lo: 0.45, Hi: 0.72,
		})
	}
	var svg bytes.Buffer
	var northshire []trend.Series
	for _, s := range trend.Group(obs) {
		if s.Subject == "Northshire" {
			northshire = append(northshire, s)
		}
	}
	if err := chart.Series(&svg, northshire, chart.Options{Ribbons: []chart.Ribbon{estimate}}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(svg.String(), `data-text="model estimate (90% interval)"`))
	// Output: true
}

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
	fmt.Println(strings.Contains(svg.String(), `data-text="P(higher) 10%? [1]"`))
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
