package crosswalk_test

import (
	"errors"
	"fmt"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// A force graded Good in PEEL 2014 to 2018/19 and Adequate in 2021/22 has
// not necessarily declined: on the default crosswalk the two bands overlap.
func ExampleCrosswalk_Compare() {
	good2014 := grade.MustParseQualified("hmic-peel-2014:Good")
	adequate2021 := grade.MustParseQualified("hmicfrs-peel-2021:Adequate")

	c, err := crosswalk.Default().Compare(good2014, adequate2021)
	if err != nil {
		fmt.Println(err)
		return
	}
	caveats := 0
	for range c.Caveats() {
		caveats++
	}
	fmt.Println(c.BandA, c.BandB)
	fmt.Println(c.Relation)
	fmt.Printf("P(Good 2014 stands higher) = %.2f\n", c.PAbove)
	fmt.Println("cross-era:", c.CrossEra, "with caveats:", caveats > 0)
	// Output:
	// [0.5, 0.75] [0.4, 0.6]
	// overlapping
	// P(Good 2014 stands higher) = 0.90
	// cross-era: true with caveats: true
}

func ExampleCrosswalk_Convert() {
	good2014 := grade.MustParseQualified("hmic-peel-2014:Good")
	peel2021, _ := scale.Lookup("hmicfrs-peel-2021")

	matches, err := crosswalk.Default().Convert(good2014, peel2021)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range matches {
		fmt.Printf("%s %.0f%%\n", m.Grade.Label(), 100*m.Share)
	}
	// Output:
	// Adequate 40%
	// Good 60%
}

func ExampleCrosswalk_Equate() {
	good2014 := grade.MustParseQualified("hmic-peel-2014:Good")
	peel2021, _ := scale.Lookup("hmicfrs-peel-2021")

	// Level units: level k of the target spans [k-½, k+½].
	level, err := crosswalk.Default().Equate(good2014, peel2021)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(level)
	// Output:
	// 3.625
}

// A data-driven crosswalk from the grades HMIC gave the 43 forces in the
// 2009 Policing Pledge inspections. Excellent was never awarded, so its band
// is a single point; scales without counts are not covered.
func ExampleFromDistributions() {
	pledge, _ := scale.Lookup("hmic-pledge-2009")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		pledge: {2, 33, 8, 0}, // Poor, Fair, Good, Excellent
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	bands, _ := cw.Bands(pledge)
	for g, b := range bands {
		fmt.Printf("%-9s [%.3f, %.3f]\n", g.Label(), b.Lo, b.Hi)
	}

	_, err = cw.Band(grade.MustParseQualified("hmic-peel-2014:Good"))
	fmt.Println(errors.Is(err, crosswalk.ErrNotCovered))
	// Output:
	// Poor      [0.000, 0.047]
	// Fair      [0.047, 0.814]
	// Good      [0.814, 1.000]
	// Excellent [1.000, 1.000]
	// true
}
