package crosswalk_test

import (
	"fmt"
	"log"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// CQC's scale has rounds for GP practices (its reference) and for NHS
// trusts; data about trusts should be placed by the trusts' round.
func ExampleObservedFor() {
	cqc, _ := scale.Lookup("cqc-ratings-2014")
	for _, sectors := range [][]string{nil, {"nhs-trusts"}} {
		cw, err := crosswalk.ObservedFor(sectors...)
		if err != nil {
			log.Fatal(err)
		}
		ref, _ := cw.Reference(cqc)
		fmt.Println(ref.Period, ref.Area, ref.Sector)
	}
	// Output:
	// 2014-10/2017-05 overall gp-practices
	// 2016-04 overall nhs-trusts
}

// One note per scale, however many grades: here adult social care ratings
// read against the GP practices' round.
func ExampleCrosswalk_ReferenceNotes() {
	cqc, _ := scale.Lookup("cqc-ratings-2014")
	areas := []string{"overall", "adult social care", "adult social care"}
	notes := crosswalk.Observed().ReferenceNotes(func(yield func(*scale.Scale, string) bool) {
		for _, a := range areas {
			if !yield(cqc, a) {
				return
			}
		}
	})
	for _, n := range notes {
		fmt.Println(n.Scale, n.Reference.Sector, n.Areas, n.Sectors)
	}
	// Output:
	// cqc-ratings-2014 gp-practices [adult social care] [nhs-acute-trusts nhs-mental-health-trusts nhs-trusts]
}
