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
