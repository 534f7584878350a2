package grade_test

import (
	"errors"
	"fmt"
	"log"
	"slices"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func ExampleParse() {
	peel, _ := scale.Lookup("hmic-peel-2014")
	// As a news report wrote it.
	g, err := grade.Parse(peel, "‘requiring improvement’")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g)
	fmt.Println(g.Rank(), "of", peel.Len())
	// Output:
	// hmic-peel-2014:Requires improvement
	// 2 of 4
}

func ExampleParse_unknownLabel() {
	peel, _ := scale.Lookup("hmic-peel-2014")
	_, err := grade.Parse(peel, "Adequate") // a grade only from 2021
	fmt.Println(errors.Is(err, grade.ErrUnknownLabel))

	var pe *grade.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Scale, pe.Labels)
	}
	// Output:
	// true
	// hmic-peel-2014 [Inadequate Requires improvement Good Outstanding]
}

func ExampleGrade_MarshalText() {
	g := grade.MustParseQualified("hmicfrs-peel-2021:ADEQUATE")
	text, err := g.MarshalText()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(text))

	var back grade.Grade
	if err := back.UnmarshalText(text); err != nil {
		log.Fatal(err)
	}
	fmt.Println(back == g)

	var zero grade.Grade
	text, _ = zero.MarshalText()
	fmt.Printf("%q %v\n", text, zero)
	// Output:
	// hmicfrs-peel-2021:Adequate
	// true
	// "" invalid grade
}

func ExampleGrade_Compare() {
	grades := []grade.Grade{
		grade.MustParseQualified("hmicfrs-peel-2023:Good"),
		grade.MustParseQualified("hmicfrs-peel-2023:Inadequate"),
		grade.MustParseQualified("hmicfrs-peel-2023:Outstanding"),
		grade.MustParseQualified("hmicfrs-peel-2023:Adequate"),
	}
	slices.SortFunc(grades, grade.Grade.Compare)
	for _, g := range grades {
		fmt.Println(g.Label())
	}
	// Output:
	// Inadequate
	// Adequate
	// Good
	// Outstanding
}

func ExampleFromCode() {
	// Ofsted's data files write 1 for Outstanding, its best grade, and 4
	// for Inadequate; the Care Inspectorate writes 1 for its worst.
	ofsted, _ := scale.Lookup("ofsted-schools-2012")
	g, err := grade.FromCode(ofsted, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g, g.Rank())

	_, err = grade.FromCode(ofsted, 5)
	fmt.Println(err)

	peel, _ := scale.Lookup("hmic-peel-2014")
	_, err = grade.FromCode(peel, 1)
	fmt.Println(errors.Is(err, grade.ErrNoCodes))
	// Output:
	// ofsted-schools-2012:Outstanding 4
	// grade: 5 is not a code of scale ofsted-schools-2012 (codes, 1 = best: 1 = Outstanding, 2 = Good, 3 = Requires improvement, 4 = Inadequate)
	// true
}

// Labels match after normalisation, and aliases cover the ways documents
// write a level. The README's "Parse a grade" shows this function.
func Example_parseLabels() {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	g, err := grade.Parse(peel14, "  ‘Requiring-Improvement’ ")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g, g.Rank())

	_, err = grade.Parse(peel14, "Satisfactory")
	fmt.Println(errors.Is(err, grade.ErrUnknownLabel)) // the message lists the scale's labels

	g, err = grade.ParseQualified(nil, "hmicfrs-peel-2021:Adequate") // the text form
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.Scale().Name(), g.Label())
	// Output:
	// hmic-peel-2014:Requires improvement 2
	// true
	// PEEL assessments 2021/22 Adequate
}
