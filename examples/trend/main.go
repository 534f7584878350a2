// Command trend runs a trend over Leicestershire Police's inspection grades
// from 2009 to 2022, as the project's first source documents record them
// (docs/research-police.md lists them):
//
//	go run ./examples/trend
//
// The grades come from four eras of the HMIC/HMICFRS police scales, and
// the areas graded changed with the eras: an overall grade in 2009, the
// PEEL pillars (effectiveness, efficiency, legitimacy) from 2014, and
// questions such as "responding to the public" from 2021. Series are formed
// per subject and area, so a trend only compares like with like: the one
// area graded twice, effectiveness, gives the only step. To follow the
// force across eras anyway, the example then compares grades directly,
// with the probabilities, what each rests on and the issuers' caveats,
// first under the default crosswalk and then under the one built from the
// published national distributions (crosswalk.Observed), with its 90%
// interval, and says whether the answer depends on the linking.
package main

import (
	"fmt"
	"log"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/trend"
)

// leicestershire holds the seed facts (docs/research-police.md, L1 to L7).
// The 2021/22 report's exact publication date is unconfirmed, so its date
// is the year 2022 only.
const leicestershire = `subject,area,date,scale,grade,source
Leicestershire,overall,2009-10,hmic-pledge-2009,Good,"Delivering the Policing Pledge, October 2009 (seed 003)"
Leicestershire,effectiveness,2017-03,hmic-peel-2014,Requires improvement,"PEEL 2016 effectiveness, published March 2017 (seed 002)"
Leicestershire,effectiveness,2019-05-02,hmic-peel-2014,Good,"PEEL 2018/19, 2 May 2019 (seed 001)"
Leicestershire,efficiency,2019-05-02,hmic-peel-2014,Good,"PEEL 2018/19, 2 May 2019 (seed 001)"
Leicestershire,legitimacy,2019-05-02,hmic-peel-2014,Good,"PEEL 2018/19, 2 May 2019 (seed 001)"
Leicestershire,responding to the public,2022,hmicfrs-peel-2021,Adequate,"PEEL 2021/22 (seed 000)"
`

func main() {
	rd, err := trend.NewReader(strings.NewReader(leicestershire), &trend.ReadOptions{Format: trend.FormatCSV})
	if err != nil {
		log.Fatal(err)
	}
	var obs []trend.Observation
	for rec, err := range rd.All() {
		if err != nil {
			log.Fatal(err)
		}
		obs = append(obs, rec.Observation)
	}
	cw := crosswalk.Default()

	fmt.Println("Series (one per area):")
	for _, s := range trend.Group(obs) {
		sum, err := s.Summary(cw)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("  %-26s %d grade(s), %s to %s\n", s.Area, sum.Observations, sum.First.DateString(), sum.Last.DateString())
		steps, err := s.Steps(cw)
		if err != nil {
			log.Fatal(err)
		}
		for _, st := range steps {
			fmt.Printf("    %s %s -> %s %s: %s (P(improved) = %.2f, cross-era: %t; on %s)\n",
				st.From.DateString(), st.From.Grade.Label(), st.To.DateString(), st.To.Grade.Label(),
				st.Direction, st.PImproved(), st.CrossEra(), st.Basis())
		}
	}

	fmt.Println("\nAcross eras, grade by grade (each later grade against the one before):")
	for _, pair := range [][2]string{
		{"hmic-peel-2014:Requires improvement", "hmic-pledge-2009:Good"},
		{"hmicfrs-peel-2021:Adequate", "hmic-peel-2014:Good"},
	} {
		c, err := cw.Compare(grade.MustParseQualified(pair[0]), grade.MustParseQualified(pair[1]))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("  %s (P(improved) = %.2f)\n    %s\n", trend.DirectionOf(c.Relation), c.PAbove, c)
	}

	// The same step from 2019 Good to 2022 Adequate under the crosswalk
	// built from the published national distributions, with the 90%
	// interval that their sampling variation allows.
	observed := crosswalk.Observed()
	c, err := observed.Compare(grade.MustParseQualified("hmicfrs-peel-2021:Adequate"), grade.MustParseQualified("hmic-peel-2014:Good"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nUnder the published national distributions: %s (P(improved) = %.2f, 90%% interval %.2f to %.2f)\n    %s\n",
		trend.DirectionOf(c.Relation), c.PAbove, c.PAboveLo, c.PAboveHi, c)

	// Does the answer depend on how the eras are linked? The linkings
	// available: the default, the published distributions, and the
	// crosswalk counted from the observations where they grade a scale at
	// least twice: here PEEL 2014, graded four times, but not PEEL 2021/22,
	// graded once, so that linking is skipped for this pair and said to be.
	linkings, err := trend.Linkings(obs)
	if err != nil {
		log.Fatal(err)
	}
	sens, err := crosswalk.CompareUnder(grade.MustParseQualified("hmicfrs-peel-2021:Adequate"), grade.MustParseQualified("hmic-peel-2014:Good"), linkings...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("\nUnder every linking available: %s\n", sens)

	fmt.Println("\nBy year, across areas:")
	sums, err := trend.ByPeriod(cw, obs, trend.PeriodOptions{PoolAreas: true})
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range sums {
		// Each year's grades are on one scale, so each is counted by level.
		var levels []string
		for i, n := range s.Bins {
			if n > 0 {
				levels = append(levels, fmt.Sprintf("%d %s", n, s.Label(i)))
			}
		}
		fmt.Printf("  %s: %d grade(s) on %s (%s), mean score %.3f\n", s.Period, s.Observations, strings.Join(s.Scales, ", "), strings.Join(levels, ", "), s.Mean)
	}
}
