package main

import (
	"bytes"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/internal/docpics"
	"github.com/gradewalk/gradewalk/trend"
)

// source is the credit line of the pictures: where the panel's grades come
// from.
const source = "Source: HMICFRS fire and rescue inspection pages, rounds 1 and 2, tallied by gradewalk (examples/fire/panel.csv)"

// pictures are the pictures -charts draws, which the README shows: every
// service's pillar grades in small multiples, and each service's
// effectiveness from round 1 to round 2 as a slope. The panel dates each
// round by one year (2019 for round 1, 2022 for round 2), so the slope's
// periods are those years.
var pictures = []docpics.Picture{
	{Name: "fire-grid.svg", Draw: drawGrid},
	{Name: "fire-slope.svg", Draw: drawSlope},
}

func drawGrid(w *bytes.Buffer) error {
	obs, err := readPanel(panelCSV)
	if err != nil {
		return err
	}
	return chart.Grid(w, trend.Group(obs), chart.Options{
		Title:    "Fire and rescue services in England: pillar grades, 2018/19 and 2021/22",
		Audience: chart.Public,
		Axis:     chart.Grades,
		Order:    chart.ByLastGrade,
		Source:   source,
	})
}

func drawSlope(w *bytes.Buffer) error {
	obs, err := readPanel(panelCSV)
	if err != nil {
		return err
	}
	var effectiveness []trend.Observation
	for _, o := range obs {
		if o.Area == "effectiveness" {
			effectiveness = append(effectiveness, o)
		}
	}
	return chart.Slope(w, trend.Group(effectiveness), trend.YearPeriod(2019), trend.YearPeriod(2022), chart.Options{
		Title:    "Fire and rescue services' effectiveness: round 1 (2018/19, dated 2019) to round 2 (2021/22, dated 2022)",
		Audience: chart.Public,
		Source:   source,
	})
}
