package trend_test

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/trend"
)

// Leicestershire's grades, as the seeds record them.
const leicestershireCSV = `subject,area,date,scale,grade
Leicestershire,overall,2009-10,hmic-pledge-2009,Good
Leicestershire,effectiveness,2017-03,hmic-peel-2014,Requires improvement
Leicestershire,effectiveness,2019-05-02,hmic-peel-2014,Good
Leicestershire,responding to the public,2022,hmicfrs-peel-2021,Adequate
Leicestershire,effectiveness,2030,no-such-scale,Good
`

func Example() {
	rd, err := trend.NewReader(strings.NewReader(leicestershireCSV), &trend.ReadOptions{Format: trend.FormatCSV})
	if err != nil {
		panic(err)
	}
	var obs []trend.Observation
	for rec, err := range rd.All() {
		if err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		obs = append(obs, rec.Observation)
	}
	for _, s := range trend.Group(obs) {
		steps, err := s.Steps(crosswalk.Default())
		if err != nil {
			panic(err)
		}
		for _, st := range steps {
			fmt.Printf("%s, %s: %s -> %s: %s (P = %.2f)\n", s.Subject, s.Area, st.From.Grade, st.To.Grade, st.Direction, st.PImproved())
		}
	}
	// Output:
	// rejected: trend: line 6: scale "no-such-scale": not a known scale or family
	// Leicestershire, effectiveness: hmic-peel-2014:Requires improvement -> hmic-peel-2014:Good: improved (P = 1.00)
}

func ExampleSeries_Summary() {
	rd, _ := trend.NewReader(strings.NewReader(`subject,area,date,scale,grade
F,overall,2019,hmic-peel-2014,Good
F,overall,2022,hmicfrs-peel-2021,Adequate
`), &trend.ReadOptions{Format: trend.FormatCSV})
	var obs []trend.Observation
	for rec, err := range rd.All() {
		if err == nil {
			obs = append(obs, rec.Observation)
		}
	}
	sum, err := trend.Group(obs)[0].Summary(crosswalk.Default())
	if err != nil {
		panic(err)
	}
	fmt.Println("first:", sum.First.Grade, "last:", sum.Last.Grade)
	fmt.Printf("direction: %s, P(improved) = %.2f, cross-era steps: %d\n", sum.Direction, sum.PImproved(), sum.CrossEraSteps)
	// Output:
	// first: hmic-peel-2014:Good last: hmicfrs-peel-2021:Adequate
	// direction: uncertain, P(improved) = 0.10, cross-era steps: 1
}

func ExampleByPeriod() {
	rd, _ := trend.NewReader(strings.NewReader(`subject,area,date,scale,grade
A,effectiveness,2016,hmic-peel-2014,Good
B,effectiveness,2016,hmic-peel-2014,Requires improvement
A,effectiveness,2022,hmicfrs-peel-2021,Adequate
B,effectiveness,2022,hmicfrs-peel-2021,Good
`), &trend.ReadOptions{Format: trend.FormatCSV})
	var obs []trend.Observation
	for rec, err := range rd.All() {
		if err == nil {
			obs = append(obs, rec.Observation)
		}
	}
	sums, _ := trend.ByPeriod(crosswalk.Default(), obs, trend.PeriodOptions{Periods: []trend.Period{trend.YearPeriod(2016), trend.YearPeriod(2022)}})
	for _, s := range sums {
		// Each period's grades are on one scale, so each bin is a level.
		var bins []string
		for i, n := range s.Bins {
			bins = append(bins, fmt.Sprintf("%s %d", s.Label(i), n))
		}
		fmt.Printf("%s %s: %d grades (%s), mean %.3f\n", s.Period, s.Area, s.Observations, strings.Join(bins, ", "), s.Mean)
	}
	// Output:
	// 2016 effectiveness: 2 grades (Inadequate 0, Requires improvement 1, Good 1, Outstanding 0), mean 0.500
	// 2022 effectiveness: 2 grades (Inadequate 0, Requires improvement 0, Adequate 1, Good 1, Outstanding 0), mean 0.600
}

// A year and a month inside it overlap, so their order comes from the
// input, and the step between them says so.
func ExampleGroup_order() {
	rd, _ := trend.NewReader(strings.NewReader(`subject,area,date,scale,grade
Leicestershire,overall,2015,hmic-peel-2014,Good
Leicestershire,overall,2017-03,hmic-peel-2014,Requires improvement
Leicestershire,overall,2017,hmic-peel-2014,Good
Leicestershire,overall,2022,hmicfrs-peel-2021,Adequate
`), &trend.ReadOptions{Format: trend.FormatCSV})
	var obs []trend.Observation
	for rec, err := range rd.All() {
		if err == nil {
			obs = append(obs, rec.Observation)
		}
	}
	steps, err := trend.Group(obs)[0].Steps(nil) // nil: the default crosswalk
	if err != nil {
		panic(err)
	}
	for _, st := range steps {
		fmt.Printf("%s %s -> %s %s: %s, order from input: %t\n",
			st.From.DateString(), st.From.Grade.Label(), st.To.DateString(), st.To.Grade.Label(), st.Direction, st.OrderFromInput)
	}
	// Output:
	// 2015 Good -> 2017-03 Requires improvement: declined, order from input: false
	// 2017-03 Requires improvement -> 2017 Good: improved, order from input: true
	// 2017 Good -> 2022 Adequate: uncertain, order from input: false
}

// A crosswalk counted from the observations themselves: here 4 forces
// graded in 2017 and again in 2022.
func ExampleCrosswalkFrom() {
	rd, _ := trend.NewReader(strings.NewReader(`subject,area,date,scale,grade
A,effectiveness,2017,hmic-peel-2014,Requires improvement
B,effectiveness,2017,hmic-peel-2014,Good
C,effectiveness,2017,hmic-peel-2014,Good
D,effectiveness,2017,hmic-peel-2014,Outstanding
A,effectiveness,2022,hmicfrs-peel-2021,Requires improvement
B,effectiveness,2022,hmicfrs-peel-2021,Adequate
C,effectiveness,2022,hmicfrs-peel-2021,Good
D,effectiveness,2022,hmicfrs-peel-2021,Good
`), &trend.ReadOptions{Format: trend.FormatCSV})
	var obs []trend.Observation
	for rec, err := range rd.All() {
		if err == nil {
			obs = append(obs, rec.Observation)
		}
	}
	cw, err := trend.CrosswalkFrom(slices.Values(obs))
	if err != nil {
		panic(err)
	}
	for _, s := range trend.Group(obs) {
		steps, err := s.Steps(cw)
		if err != nil {
			panic(err)
		}
		st := steps[0]
		fmt.Printf("%s: %s -> %s: %s (P = %.2f)\n", s.Subject, st.From.Grade.Label(), st.To.Grade.Label(), st.Direction, st.PImproved())
	}
	// Output:
	// A: Requires improvement -> Requires improvement: uncertain (P = 0.50)
	// B: Good -> Adequate: uncertain (P = 0.25)
	// C: Good -> Good: uncertain (P = 0.88)
	// D: Outstanding -> Good: uncertain (P = 0.25)
}

func ExampleNewObservation() {
	// A grade from a trend tool's own data, with the date written as a
	// month and the scale given by its family.
	o, err := trend.NewObservation(nil, trend.Fields{Subject: "Leicestershire", Area: "effectiveness", Date: "2017-03", Scale: "hmicfrs-police", Grade: "requiring improvement"})
	if err != nil {
		panic(err)
	}
	fmt.Println(o)

	// Ofsted's data files write grades as codes, 1 = Outstanding … 4 = Inadequate.
	o, err = trend.NewObservation(nil, trend.Fields{Subject: "A school", Area: "overall", Date: "2016-01-20", Scale: "ofsted-schools-2012", Grade: "2"})
	fmt.Println(o.Grade, err)

	_, err = trend.NewObservation(nil, trend.Fields{Subject: "Leicestershire", Area: "effectiveness", Date: "2017-13", Scale: "hmicfrs-police", Grade: "Good"})
	fmt.Println(err)
	// Output:
	// Leicestershire, effectiveness, 2017-03: hmic-peel-2014:Requires improvement
	// ofsted-schools-2012:Good <nil>
	// trend: date "2017-13": not a date: want YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD, an ISO date with a time, DD/MM/YYYY or DD/MM/YY (MM/DD with DateOrder MonthDayYear)
}

func ExampleParseDate() {
	d, p, err := trend.ParseDate("2019-05")
	fmt.Println(d.Format("2006-01-02"), p == trend.Month, err)
	// Output:
	// 2019-05-01 true <nil>
}

// Would another reasonable linking of the eras change the answer? Under
// the default crosswalk, 2019's Good to 2022's Adequate is probably not an
// improvement; under the published national distributions it probably is.
func ExampleSummary_Sensitivity() {
	rd, _ := trend.NewReader(strings.NewReader(`subject,area,date,scale,grade
Leicestershire,overall,2019-05-02,hmic-peel-2014,Good
Leicestershire,overall,2022,hmicfrs-peel-2021,Adequate
`), &trend.ReadOptions{Format: trend.FormatCSV})
	obs, _, err := trend.ReadAll(rd)
	if err != nil {
		panic(err)
	}
	sum, err := trend.Group(obs)[0].Summary(nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Direction, crosswalk.Percent(sum.PImproved()), "on", sum.Basis())

	// The default and observed linkings, and the one counted from the
	// observations (here one grade of each scale: too few to count). A
	// fitted model's crosswalk would be given as an extra linking.
	linkings, err := trend.Linkings(obs)
	if err != nil {
		panic(err)
	}
	sens, err := sum.Sensitivity(linkings...)
	if err != nil {
		panic(err)
	}
	for _, r := range sens.Readings {
		fmt.Printf("%s: %s %s\n", r.Crosswalk, trend.DirectionOf(r.Comparison.Relation), crosswalk.Percent(r.Comparison.PAbove))
	}
	fmt.Println("verdict:", sens.Verdict)
	// Output:
	// uncertain 10% on equal-width bands, an assumption
	// default: uncertain 10%
	// observed: uncertain 60%
	// verdict: depends on the linking
}

// A reader's observations, grouped without a copy and written as CSV
// through CSVWriter, which writes what encoding/csv writes.
func ExampleGroupInPlace() {
	rd, err := trend.NewReader(strings.NewReader(leicestershireCSV), nil)
	if err != nil {
		panic(err)
	}
	obs, err := trend.ReadAllFunc(rd, func(re *trend.RowError) bool {
		fmt.Println("rejected:", re)
		return true // go on
	})
	if err != nil {
		panic(err)
	}
	w := trend.NewCSVWriter(os.Stdout)
	w.Write([]string{"subject", "area", "grades"})
	for _, s := range trend.GroupInPlace(obs) {
		var grades []string
		for _, o := range s.Observations {
			grades = append(grades, o.DateString()+" "+o.Grade.Label())
		}
		w.Write([]string{s.Subject, s.Area, strings.Join(grades, ", ")})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		panic(err)
	}
	// Output:
	// rejected: trend: line 6: scale "no-such-scale": not a known scale or family
	// subject,area,grades
	// Leicestershire,effectiveness,"2017-03 Requires improvement, 2019-05-02 Good"
	// Leicestershire,overall,2009-10 Good
	// Leicestershire,responding to the public,2022 Adequate
}
