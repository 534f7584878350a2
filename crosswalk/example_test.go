package crosswalk_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"slices"

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

// Compare grades from two eras of PEEL. The README's "Compare across eras"
// shows this function.
func Example_compareAcrossEras() {
	cw := crosswalk.Default()
	good19 := grade.MustParseQualified("hmic-peel-2014:Good")
	adequate22 := grade.MustParseQualified("hmicfrs-peel-2021:Adequate")

	c, err := cw.Compare(adequate22, good19)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c.Relation, c.BandA, c.BandB) // the bands overlap
	fmt.Printf("P(Adequate 2022 stands above Good 2019) = %.2f\n", c.PAbove)
	caveats := 0
	for range c.Caveats() { // the issuers' statements about the change of scale
		caveats++
	}
	fmt.Println("cross-era:", c.CrossEra, "caveats:", caveats)
	// c.String() says all this in one quotable sentence.
	// Output:
	// overlapping [0.4, 0.6] [0.5, 0.75]
	// P(Adequate 2022 stands above Good 2019) = 0.10
	// cross-era: true caveats: 1
}

// Convert a grade to the levels of another scale, and equate it. The
// README's "Convert and equate" shows this function.
func Example_convertAndEquate() {
	cw := crosswalk.Default()
	good19 := grade.MustParseQualified("hmic-peel-2014:Good")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")

	matches, err := cw.Convert(good19, peel21) // the share of Good's band that each level covers
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range matches {
		fmt.Printf("%s %.2f\n", m.Grade.Label(), m.Share)
	}

	// The equipercentile equivalent, in level units (1 = Inadequate … 5 = Outstanding).
	x, err := cw.Equate(good19, peel21)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(x)
	// Output:
	// Adequate 0.40
	// Good 0.60
	// 3.625
}

// A data-driven crosswalk from counts of how often each grade was awarded.
// The README's "Build a crosswalk from data" shows this function.
func Example_buildFromData() {
	peel14, _ := scale.Lookup("hmic-peel-2014")
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	data, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		peel14: {2, 8, 30, 3},     // illustrative counts of Inadequate, Requires improvement, Good, Outstanding
		peel21: {1, 9, 16, 13, 4}, // and of the five 2021/22 grades
	})
	if err != nil {
		log.Fatal(err)
	}
	good19 := grade.MustParseQualified("hmic-peel-2014:Good")
	adequate22 := grade.MustParseQualified("hmicfrs-peel-2021:Adequate")
	c, err := data.Compare(adequate22, good19)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s [%.3f, %.3f] [%.3f, %.3f]\n", c.Relation, c.BandA.Lo, c.BandA.Hi, c.BandB.Lo, c.BandB.Hi)

	// A scale without counts is not covered: an error, never a fallback.
	_, err = data.Band(grade.MustParseQualified("hmic-pledge-2009:Good"))
	fmt.Println(errors.Is(err, crosswalk.ErrNotCovered))
	// Output:
	// overlapping [0.233, 0.605] [0.233, 0.930]
	// true
}

// How sure is a data-driven answer? With counts of how often each grade was
// awarded (illustrative counts here, not published figures), the comparison
// carries the 90% interval of PAbove over the sampling variation in the
// counts.
func ExampleCrosswalk_Compare_interval() {
	peel2014, _ := scale.Lookup("hmic-peel-2014")
	peel2021, _ := scale.Lookup("hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		peel2014: {1, 10, 25, 7},    // Inadequate, Requires improvement, Good, Outstanding
		peel2021: {1, 5, 15, 17, 5}, // Inadequate, RI, Adequate, Good, Outstanding
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cw.Compare(grade.MustParse(peel2014, "Good"), grade.MustParse(peel2021, "Adequate"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("PAbove %.3f, 90%% interval [%.2f, %.2f]\n", c.PAbove, c.PAboveLo, c.PAboveHi)
	fmt.Println(c.Basis)

	// Under equal widths there is no interval, rather than a zero-width one.
	c, _ = crosswalk.Default().Compare(grade.MustParse(peel2014, "Good"), grade.MustParse(peel2021, "Adequate"))
	fmt.Println(c.HasInterval(), c.PAboveLo, c.PAboveHi)
	// Output:
	// PAbove 0.867, 90% interval [0.69, 0.99]
	// counted distributions (the counts given)
	// false 0 1
}

// The standard error of each equipercentile equivalent, in the target's
// level units, from the same illustrative counts. With 43 forces each
// percentile rank lies within sampling reach of a cut of the five-level
// scale, and EquateSENote says so: the analytic standard error is a rough
// guide there.
func ExampleCrosswalk_EquateSE() {
	peel2014, _ := scale.Lookup("hmic-peel-2014")
	peel2021, _ := scale.Lookup("hmicfrs-peel-2021")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		peel2014: {1, 10, 25, 7},
		peel2021: {1, 5, 15, 17, 5},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, label := range []string{"Inadequate", "Requires improvement", "Good", "Outstanding"} {
		g := grade.MustParse(peel2014, label)
		level, _ := cw.Equate(g, peel2021)
		se, note, err := cw.EquateSENote(g, peel2021)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-20s %.3f ± %.3f (%v)\n", label, level, se, note)
	}

	// The default crosswalk was not built from counts.
	_, err = crosswalk.Default().EquateSE(grade.MustParse(peel2014, "Good"), peel2021)
	fmt.Println(errors.Is(err, crosswalk.ErrNoSampleSize))
	// Output:
	// Inadequate           1.000 ± 0.699 (near a cut point of the target)
	// Requires improvement 2.500 ± 0.186 (near a cut point of the target)
	// Good                 3.647 ± 0.212 (near a cut point of the target)
	// Outstanding          4.800 ± 0.381 (near a cut point of the target)
	// true
}

// Observed places each scale by the reference distribution the catalogue
// records for it; String names the rounds used. Scales without one are not
// covered.
func ExampleObserved() {
	cw := crosswalk.Observed()
	fmt.Println(cw)
	good2014 := grade.MustParseQualified("hmic-peel-2014:Good")
	adequate2021 := grade.MustParseQualified("hmicfrs-peel-2021:Adequate")
	c, err := cw.Compare(good2014, adequate2021)
	if errors.Is(err, crosswalk.ErrNotCovered) {
		fmt.Println("no reference distribution for one of the scales:", err)
		return
	}
	fmt.Println(c)
}

// Ofsted never published that Satisfactory (2005-2012) is to be read as
// Requires improvement (2012-2025), so Default does not record it. A user
// who accepts the secondary report opts in, and comparisons say it is
// unconfirmed.
func ExampleOfstedSatisfactoryAsRequiresImprovement() {
	cw, err := crosswalk.Default().WithEquivalences(crosswalk.OfstedSatisfactoryAsRequiresImprovement())
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cw.Compare(
		grade.MustParseQualified("ofsted-schools-2005:Satisfactory"),
		grade.MustParseQualified("ofsted-schools-2012:Requires improvement"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Relation, "confirmed:", c.Equivalence.Confirmed)
	// Output:
	// equivalent confirmed: false
}

// A nil *Crosswalk is the default crosswalk.
func ExampleCrosswalk_nil() {
	var cw *crosswalk.Crosswalk
	b, _ := cw.Band(grade.MustParseQualified("hmicfrs-peel-2021:Adequate"))
	fmt.Println(cw, b)
	// Output:
	// default (equal-width bands) [0.4, 0.6]
}

// Comparisons marshal to JSON with the keys the CLI writes.
func ExampleComparison_MarshalJSON() {
	c, err := crosswalk.Default().Compare(
		grade.MustParseQualified("hmicfrs-peel-2021:Good"), grade.MustParseQualified("hmicfrs-peel-2021:Adequate"))
	if err != nil {
		fmt.Println(err)
		return
	}
	data, err := json.Marshal(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(data))
	// Output:
	// {"a":"hmicfrs-peel-2021:Good","b":"hmicfrs-peel-2021:Adequate","band_a":{"lo":0.6,"hi":0.8},"band_b":{"lo":0.4,"hi":0.6},"relation":"above","p_above":1,"cross_era":false,"equivalence":null,"basis":"same-scale","p_above_lo":null,"p_above_hi":null,"caveats":[]}
}

func ExampleMatch_String() {
	matches, err := crosswalk.Default().Convert(
		grade.MustParseQualified("hmic-peel-2014:Good"), grade.MustParseQualified("hmicfrs-peel-2021:Good").Scale())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range matches {
		fmt.Println(m)
	}
	// Output:
	// hmicfrs-peel-2021:Adequate 40%
	// hmicfrs-peel-2021:Good 60%
}

// With counts, a band's edges are uncertain too: BandInterval gives the 90%
// interval of each edge (each cut point's, shared by the levels either
// side). Without counts the intervals are the point band's edges.
func ExampleCrosswalk_BandInterval() {
	good := grade.MustParseQualified("hmic-peel-2014:Good")
	cw, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		good.Scale(): {1, 10, 25, 7},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	band, _ := cw.Band(good)
	iv, err := cw.BandInterval(good)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("band [%.3f, %.3f]\n", band.Lo, band.Hi)
	fmt.Printf("lower edge between %.3f and %.3f\n", iv.Lo.Lo, iv.Lo.Hi)
	fmt.Printf("upper edge between %.3f and %.3f\n", iv.Hi.Lo, iv.Hi.Hi)

	iv, _ = crosswalk.Default().BandInterval(good)
	fmt.Println("default:", iv.Lo, iv.Hi)
	// Output:
	// band [0.256, 0.837]
	// lower edge between 0.164 and 0.381
	// upper edge between 0.733 and 0.915
	// default: [0.5, 0.5] [0.75, 0.75]
}

// Is Leicestershire's 2022 Adequate (PEEL 2021/22) a fall from its 2019
// Good (PEEL 2014-19)? The README's "How sure is that?" shows this
// function.
func Example_howSure() {
	adequate2022 := grade.MustParseQualified("hmicfrs-peel-2021:Adequate")
	good2019 := grade.MustParseQualified("hmic-peel-2014:Good")

	// Equal-width bands: an assumption, with no sampling error to report.
	c, err := crosswalk.Default().Compare(adequate2022, good2019)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("default: ", c.Relation, crosswalk.Percent(c.PAbove))

	// Bands from how often each grade was given nationally, with the 90%
	// interval that the counts' sampling variation allows.
	c, err = crosswalk.Observed().Compare(adequate2022, good2019)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("observed:", c.Relation, crosswalk.Percent(c.PAbove),
		"from", crosswalk.Percent(c.PAboveLo), "to", crosswalk.Percent(c.PAboveHi))

	// Would another reasonable linking of the eras change the answer?
	s, err := crosswalk.CompareUnder(adequate2022, good2019, crosswalk.Default(), crosswalk.Observed())
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range s.Readings {
		fmt.Printf("%-9s %s: %s\n", r.Crosswalk, r.Comparison.Relation, r.Comparison.Basis)
	}
	fmt.Println("verdict:", s.Verdict)
	// Output:
	// default:  overlapping 10%
	// observed: overlapping 60% from 45% to 72%
	// default   overlapping: equal-width bands, an assumption
	// observed  overlapping: counted distributions (hmicfrs-peel-2021 2021/22 investigating crime, 43 police-forces; hmic-peel-2014 2018/19 effectiveness, 43 police-forces)
	// verdict: depends on the linking
}

// Every comparison says what it rests on. Two grades of one scale rest on
// its own order; across scales, equal-width bands are an assumption, and
// identical bands that come from it are not an equivalence.
func ExampleBasis() {
	cw := crosswalk.Default()
	for _, pair := range [][2]string{
		{"hmicfrs-peel-2021:Good", "hmicfrs-peel-2021:Adequate"},
		{"estyn-inspection-2017:Good", "estyn-inspection-2010:Good"},
		{"hmic-peel-2014:Good", "hmic-pledge-2009:Good"},
	} {
		c, err := cw.Compare(grade.MustParseQualified(pair[0]), grade.MustParseQualified(pair[1]))
		if err != nil {
			fmt.Println(err)
			return
		}
		text, _ := c.Basis.MarshalText()
		fmt.Printf("%s %.1f %s\n", c.Relation, c.PAbove, text)
	}
	// Output:
	// above 1.0 same-scale
	// equivalent 0.5 published-equivalence: Estyn, FAQs: inspection framework from September 2017 (2017)
	// overlapping 0.5 equal-widths
}

// CompareUnder answers one pair of grades under several linkings, skipping
// those that do not cover them, and gives the verdict.
func ExampleCompareUnder() {
	peel2014, _ := scale.Lookup("hmic-peel-2014")
	peel2021, _ := scale.Lookup("hmicfrs-peel-2021")
	counted, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		peel2014: {1, 10, 25, 7}, // illustrative counts
		peel2021: {1, 5, 15, 17, 5},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	counted = counted.Named("data", "the input's observations")
	ri, good := grade.MustParse(peel2014, "Requires improvement"), grade.MustParse(peel2021, "Good")
	s, err := crosswalk.CompareUnder(good, ri, crosswalk.Default(), counted)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s)
	// Output:
	// robust: default above 100%; data above 100% (90% interval 100%)
}

// A fitted model gives point cut points and joint posterior draws of them:
// draw d of every scale is the same posterior draw.
func ExampleFromCutPointDraws() {
	a, _ := scale.Lookup("hmic-peel-2014")
	b, _ := scale.Lookup("hmicfrs-peel-2021")
	cuts := map[*scale.Scale][]float64{
		a: {0, 0.1, 0.3, 0.8, 1},
		b: {0, 0.05, 0.2, 0.5, 0.85, 1},
	}
	// Three illustrative draws; a model gives thousands.
	draws := map[*scale.Scale][][]float64{
		a: {{0, 0.08, 0.28, 0.78, 1}, {0, 0.1, 0.3, 0.8, 1}, {0, 0.12, 0.33, 0.83, 1}},
		b: {{0, 0.04, 0.18, 0.47, 0.84, 1}, {0, 0.05, 0.2, 0.5, 0.85, 1}, {0, 0.06, 0.22, 0.52, 0.86, 1}},
	}
	cw, err := crosswalk.FromCutPointDraws("latent (illustrative)", cuts, draws)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cw.Compare(grade.MustParse(b, "Adequate"), grade.MustParse(a, "Good"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cw.Name(), "|", c.Basis, "|", c.Relation, c.HasInterval(), cw.NormReferenced())
	// Output:
	// latent (illustrative) | a fitted model (latent (illustrative)) | overlapping true false
}

// Percent never rounds a probability that is not exactly 0 or 1 to "0%" or
// "100%", rounds half away from zero, and says when a value is not a
// probability.
func ExamplePercent() {
	for _, p := range []float64{0, 0.004, 0.005, 0.125, 0.994, 0.995, 1, 1.5} {
		fmt.Println(crosswalk.Percent(p))
	}
	// Output:
	// 0%
	// under 1%
	// 1%
	// 13%
	// 99%
	// over 99%
	// 100%
	// invalid probability 1.5
}

// CheckCovers says once, before anything is read, that a crosswalk does not
// fit the scales of an input.
func ExampleCrosswalk_CheckCovers() {
	peel2014, _ := scale.Lookup("hmic-peel-2014")
	peel2021, _ := scale.Lookup("hmicfrs-peel-2021")
	peel2023, _ := scale.Lookup("hmicfrs-peel-2023")
	cw, _ := crosswalk.FromDistributions(map[*scale.Scale][]float64{peel2014: {1, 10, 25, 7}})
	err := cw.CheckCovers(slices.Values([]*scale.Scale{peel2014, peel2021, peel2023, peel2021}))
	fmt.Println(err)
	fmt.Println(errors.Is(err, crosswalk.ErrNotCovered))
	// Output:
	// crosswalk: scale hmicfrs-peel-2021: scale is not covered by the crosswalk: the from distributions crosswalk has no counts or cut points for it; crosswalk.Default covers every scale with equal-width bands, and trend.CrosswalkFrom builds a crosswalk from your own observations; 1 other scale of the input is not covered either
	// true
}
