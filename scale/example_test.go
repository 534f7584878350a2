package scale_test

import (
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/gradewalk/gradewalk/scale"
)

func ExampleLookup() {
	s, ok := scale.Lookup("hmic-peel-2014")
	if !ok {
		log.Fatal("no such scale")
	}
	fmt.Println(s.ID(), s.Family(), s.Len())
	rank, ok := s.RankOf("  ‘Requiring-Improvement’ ")
	fmt.Println(rank, ok)
	// Output:
	// hmic-peel-2014 hmicfrs-police 4
	// 2 true
}

func ExampleInForce() {
	// Which police scale was in force when a report was published?
	published := time.Date(2019, time.May, 2, 0, 0, 0, 0, time.UTC)
	s, err := scale.InForce("hmicfrs-police", published)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.ID())

	_, err = scale.InForce("hmicfrs-police", time.Date(2012, time.June, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(errors.Is(err, scale.ErrNotInForce))
	// Output:
	// hmic-peel-2014
	// true
}

func ExampleParseDefinitions() {
	data := []byte(`{
		"id": "riverside-2015",
		"name": "Riverside Council service reviews",
		"issuer": "Riverside Council",
		"family": "riverside",
		"era": {"from": "2015-04", "until": "2019"},
		"levels": [
			{"label": "Weak"},
			{"label": "Adequate"},
			{"label": "Strong", "aliases": ["very good"]}
		]
	}`)
	defs, err := scale.ParseDefinitions(data)
	if err != nil {
		log.Fatal(err)
	}
	s, err := scale.New(defs[0])
	if err != nil {
		log.Fatal(err)
	}

	var r scale.Registry
	if err := r.Register(s); err != nil {
		log.Fatal(err)
	}
	found, err := r.InForce("riverside", time.Date(2017, time.July, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		log.Fatal(err)
	}
	rank, _ := found.RankOf("Very Good")
	fmt.Println(found.ID(), found.Era(), rank)
	// Output:
	// riverside-2015 2015-04 to 2019 3
}

func ExampleNormalizeLabel() {
	for _, label := range []string{"  ‘Requiring-Improvement’ ", "REQUIRES_IMPROVEMENT", `"Good"`} {
		fmt.Printf("%q\n", scale.NormalizeLabel(label))
	}
	// Output:
	// "requiring improvement"
	// "requires improvement"
	// "good"
}

func ExampleScale_Levels() {
	s, _ := scale.Lookup("hmicfrs-peel-2023")
	for l := range s.Levels() {
		fmt.Println(l.Rank(), l.Label())
	}
	// Output:
	// 1 Inadequate
	// 2 Requires improvement
	// 3 Adequate
	// 4 Good
	// 5 Outstanding
}

func ExampleScale_Distributions() {
	// A scale defined in JSON with two published national distributions:
	// one given as counts, one only as percentages of a known population.
	scales, err := scale.Load([]byte(`{
  "id": "example-2020", "name": "Example scale", "issuer": "Example inspectorate",
  "family": "example", "era": {"from": "2020-04"},
  "levels": [{"label": "Weak"}, {"label": "Sound"}, {"label": "Strong"}],
  "distributions": [
    {"period": "2020", "area": "overall", "population": "all 10 services",
     "counts": [1, 6, 3], "source": {"title": "State of services 2020", "date": "2020-11"},
     "confirmed": true, "reference": true},
    {"period": "2021", "area": "overall", "population": "all 40 services",
     "percentages": [10, 60, 30], "size": 40, "source": {"title": "State of services 2021"}}
  ]
}`))
	if err != nil {
		log.Fatal(err)
	}
	s := scales[0]
	for d := range s.Distributions() {
		fmt.Println(d.Period, d.Area, d.Counts, d.Percentages, d.Confirmed)
	}
	ref, ok := s.Reference()
	fmt.Println("reference:", ref.Period, ok)

	// A count vector of the wrong length is rejected with the field and line.
	_, err = scale.Load([]byte(`{"id": "bad", "name": "Bad", "issuer": "I", "family": "f",
  "era": {"from": "2020"}, "levels": [{"label": "Low"}, {"label": "High"}],
  "distributions": [{"period": "2020", "counts": [1, 2, 3], "source": {"title": "T"}}]}`))
	fmt.Println(errors.Is(err, scale.ErrCountLength))
	fmt.Println(err)
	// Output:
	// 2020 overall [1 6 3] false true
	// 2021 overall [4 24 12] true false
	// reference: 2020 true
	// true
	// scale: line 3: definition bad: distributions[0].counts: needs one value per level: got 3 values for 2 levels
}

func ExampleInForceInspected() {
	// Eras are dated by publication. A fire and rescue service visited by
	// inspectors in March 2023 was graded in round 3, whose first reports
	// came out months later: resolve inspection-dated data with
	// InForceInspected, not InForce.
	visit := time.Date(2023, time.March, 15, 0, 0, 0, 0, time.UTC)
	s, err := scale.InForceInspected("hmicfrs-fire", visit)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.ID(), s.Len())

	_, err = scale.InForce("hmicfrs-fire", visit)
	fmt.Println(errors.Is(err, scale.ErrNotInForce))

	era := s.Era()
	fmt.Println(era, "| inspected from", era.InspectedFrom.Format("2006-01"), "| start confirmed:", era.FromConfirmed)
	// Output:
	// hmicfrs-fire-2023 5
	// true
	// 2023-08 to 2025-08-14 | inspected from 2023-02 | start confirmed: false
}

// Find a scale by its ID, as the scale of a family in force on a date, or
// in the catalogue. The README's "Find a scale" shows this function.
func Example_find() {
	peel14, ok := scale.Lookup("hmic-peel-2014") // by ID
	fmt.Println(peel14.Name(), ok)

	// The scale of a family in force on a date.
	inForce, err := scale.InForce("hmicfrs-police", time.Date(2022, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inForce.ID())

	for s := range scale.All() { // the catalogue, in ID order
		if s.Family() == "estyn-inspection" {
			fmt.Println(s.ID(), s.Era())
		}
	}
	// Output:
	// PEEL assessments 2014 to 2018/19 true
	// hmicfrs-peel-2021
	// estyn-inspection-2010 2010-09 to 2017-08
	// estyn-inspection-2017 2017-09 to 2022
}

// Define a scale of your own. The README's "Define your own scale" shows
// this function.
func Example_define() {
	s, err := scale.New(scale.Definition{
		ID: "my-audit-2024", Name: "Internal audit", Issuer: "Us", Family: "my-audit",
		Era:    scale.Era{From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{{Label: "Red"}, {Label: "Amber"}, {Label: "Green"}},
	})
	if err != nil {
		log.Fatal(err)
	}

	// scale.Register(s) would add it to the default registry, which
	// scale.Lookup, grade.ParseQualified and crosswalk.Default use.
	// A registry of your own keeps it apart.
	var reg scale.Registry
	if err := reg.Register(s); err != nil {
		log.Fatal(err)
	}
	found, err := reg.InForce("my-audit", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		log.Fatal(err)
	}
	rank, _ := found.RankOf("amber")
	fmt.Println(found.ID(), found.Len(), rank)
	// Output:
	// my-audit-2024 3 2
}
