// Command leicestershire tells the story in gradewalk's first source
// documents (listed in docs/research-police.md) as data: Leicestershire Police's inspection grades from the 2009 Policing
// Pledge to PEEL 2021/22, placed on the common ordinal, and the comparisons a
// reader would ask for, answered honestly.
//
// Run it with: go run ./examples/leicestershire
//
// With -charts DIR it also draws the pictures in the README into DIR: the
// grades through time (leicestershire-series.svg), the ladder of the police
// scales (police-ladder.svg), and where 43 forces' grades went across PEEL's
// change of scale in 2021/22 (police-transitions.svg). That last picture is
// drawn from illustrative-43.csv, 43 invented forces whose grades have the
// counts that docs/cli.md shows under "Build a crosswalk from data": they
// are not any real force's grades, and the picture says so.
//
//	go run ./examples/leicestershire -charts docs/img
package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/gradewalk/gradewalk/chart"
	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/docpics"
	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// finding is one grade as a source document reports it. Labels are written
// exactly as the documents print them; parsing normalises them.
type finding struct {
	key       string // short name used by the comparisons below
	published string // when the report was published
	area      string // what was graded
	scaleID   string
	label     string
	source    string
}

// The source documents, numbered as docs/research-police.md lists them
// ("seed" 000 to 004): 003 is HMIC's Pledge report; 002, 001 and 000 are
// news reports of the PEEL reports.
var findings = []finding{
	{"2009 overall", "2009-10", "overall (Policing Pledge)", "hmic-pledge-2009", "GOOD",
		"HMIC, Delivering the Policing Pledge: Leicestershire Constabulary (October 2009)"},
	{"2009 999", "2009-10", "Pledge point 5: answering and attending 999 calls", "hmic-pledge-2009", "FAIR",
		"HMIC, Delivering the Policing Pledge: Leicestershire Constabulary (October 2009)"},
	{"2017 effectiveness", "2017-03", "effectiveness (PEEL 2016)", "hmic-peel-2014", "‘requiring improvement’",
		"news report of the PEEL 2016 effectiveness inspection"},
	{"2019 effectiveness", "2019-05-02", "effectiveness (PEEL 2018/19)", "hmic-peel-2014", "'good'",
		"news report of the PEEL 2018/19 report, 2 May 2019"},
	{"2019 efficiency", "2019-05-02", "efficiency (PEEL 2018/19)", "hmic-peel-2014", "'good'",
		"news report of the PEEL 2018/19 report, 2 May 2019"},
	{"2019 legitimacy", "2019-05-02", "legitimacy (PEEL 2018/19)", "hmic-peel-2014", "'good'",
		"news report of the PEEL 2018/19 report, 2 May 2019"},
	{"2022 responding", "2022", "responding to the public (PEEL 2021/22)", "hmicfrs-peel-2021", "“adequate”",
		"news report of the PEEL 2021/22 report"},
}

// question is a comparison a reader would ask for: is the later grade
// better than the earlier one?
type question struct {
	later, earlier string
	why            string
}

var questions = []question{
	{"2019 effectiveness", "2017 effectiveness", "Did effectiveness improve between PEEL 2016 and PEEL 2018/19? (same scale)"},
	{"2019 effectiveness", "2009 overall", "Is 2019's Good the same as 2009's Good? (different scales)"},
	{"2022 responding", "2019 effectiveness", "Is 2022's Adequate a fall from 2019's Good?"},
	{"2022 responding", "2017 effectiveness", "Is 2022's Adequate better than 2017's Requires improvement?"},
	{"2022 responding", "2009 999", "Is the response to the public better than in 2009, when 999 response was Fair?"},
}

//go:embed illustrative-43.csv
var illustrative43 string

func main() { docpics.Main("leicestershire", run, pictures) }

// pictures are the pictures -charts draws.
var pictures = []docpics.Picture{
	{Name: "leicestershire-series.svg", Draw: func(w *bytes.Buffer) error { return drawSeries(w) }},
	{Name: "police-ladder.svg", Draw: func(w *bytes.Buffer) error { return drawLadder(w) }},
	{Name: "police-transitions.svg", Draw: func(w *bytes.Buffer) error { return drawTransitions(w) }},
}

// drawSeries draws the findings through time. Each finding becomes an
// observation as a row of a CSV file would, so that dates keep the
// precision they were published with; an area's era in brackets is
// dropped, so that the grades of one area across eras form one series.
func drawSeries(w io.Writer) error {
	obs, err := observations()
	if err != nil {
		return err
	}
	return chart.Series(w, trend.Group(obs), chart.Options{Title: "Leicestershire Police: inspection grades, 2009 to 2022"})
}

// drawLadder draws the police family's scales as a ladder.
func drawLadder(w io.Writer) error {
	police := slices.Collect(scale.Default().Family("hmicfrs-police"))
	return chart.Ladder(w, police, chart.Options{Title: "Police inspection scales: where each era's levels sit"})
}

// drawTransitions draws where the 43 illustrative forces' effectiveness
// grades went from PEEL 2014 to 2018/19 to PEEL 2021/22, on a crosswalk
// counted from their own grades (as gradewalk chart -crosswalk data does),
// so that a flow is coloured where the bands say for certain which way it
// went.
func drawTransitions(w io.Writer) error {
	r, err := trend.NewReader(strings.NewReader(illustrative43), &trend.ReadOptions{Format: trend.FormatCSV})
	if err != nil {
		return err
	}
	obs, rejected, err := trend.ReadAll(r)
	if err != nil {
		return err
	}
	if len(rejected) > 0 {
		return fmt.Errorf("illustrative-43.csv: %d rows rejected, the first: %w", len(rejected), rejected[0])
	}
	from, err := scale.Find("hmic-peel-2014")
	if err != nil {
		return err
	}
	to, err := scale.Find("hmicfrs-peel-2021")
	if err != nil {
		return err
	}
	table, err := trend.Transitions(obs, from, to)
	if err != nil {
		return err
	}
	cw, err := trend.CrosswalkFrom(slices.Values(obs))
	if err != nil {
		return err
	}
	return chart.Transitions(w, table, chart.Options{
		Crosswalk: cw,
		Title:     "Illustrative: where 43 invented forces' effectiveness grades went when PEEL changed scale",
		Source:    "Illustrative data: 43 invented forces (examples/leicestershire/illustrative-43.csv), not real grades; gradewalk",
	})
}

func run(w io.Writer) error {
	cw := crosswalk.Default()
	grades := make(map[string]grade.Grade, len(findings))

	fmt.Fprintln(w, "Leicestershire Police: inspection grades on the common ordinal")
	fmt.Fprintf(w, "(crosswalk: %s; 0 is the worst possible grade, 1 the best)\n\n", cw)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "published\tarea\tas printed\tgrade\tband\tscore")
	for _, f := range findings {
		s, ok := scale.Lookup(f.scaleID)
		if !ok {
			return fmt.Errorf("%s: unknown scale %q", f.key, f.scaleID)
		}
		g, err := grade.Parse(s, f.label)
		if err != nil {
			return fmt.Errorf("%s: %w", f.key, err)
		}
		grades[f.key] = g
		band, err := cw.Band(g)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", f.published, f.area, f.label, g, band, formatScore(band.Mid()))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nQuestions a reader would ask")
	for i, q := range questions {
		c, err := cw.Compare(grades[q.later], grades[q.earlier])
		if err != nil {
			return err
		}
		// The same question under each linking of the eras available: the
		// equal-width bands and the published national distributions.
		sens, err := crosswalk.CompareUnder(c.A, c.B, cw, crosswalk.Observed())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%d. %s\n", i+1, q.why)
		fmt.Fprintf(w, "   %s %s vs %s %s\n", q.later, c.A.Label(), q.earlier, c.B.Label())
		fmt.Fprintf(w, "   verdict:  %s\n", verdict(c))
		fmt.Fprintf(w, "   rests on: %s\n", c.Basis)
		fmt.Fprintf(w, "   bands:    %s vs %s\n", c.BandA, c.BandB)
		fmt.Fprintf(w, "   linkings: %s\n", sens)
		for caveat := range c.Caveats() {
			fmt.Fprintf(w, "   caveat:   %s\n", caveat)
		}
	}

	good19 := grades["2019 effectiveness"]
	adequate22 := grades["2022 responding"]
	peel21 := adequate22.Scale()

	// Question 3 again, on the evidence: bands from how often each grade
	// was given nationally, and the interval their sampling variation allows.
	evidence, err := crosswalk.Observed().Compare(adequate22, good19)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nQuestion 3 on the published national distributions (crosswalk.Observed):")
	fmt.Fprintf(w, "   verdict:  %s (90%% interval %s to %s)\n", verdict(evidence),
		crosswalk.Percent(evidence.PAboveLo), crosswalk.Percent(evidence.PAboveHi))
	fmt.Fprintf(w, "   rests on: %s\n", evidence.Basis)
	fmt.Fprintf(w, "   bands:    [%s, %s] vs [%s, %s], from %d and %d forces' grades\n",
		formatScore(evidence.BandA.Lo), formatScore(evidence.BandA.Hi),
		formatScore(evidence.BandB.Lo), formatScore(evidence.BandB.Hi),
		referenceSize(peel21), referenceSize(good19.Scale()))
	if err := modelAnswer(w); err != nil {
		return err
	}
	matches, err := cw.Convert(good19, peel21)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nOn the PEEL 2021/22 scale, 2019's %s spans:", good19.Label())
	for _, m := range matches {
		fmt.Fprintf(w, " %s %s", m.Grade.Label(), crosswalk.Percent(m.Share))
	}
	eq, err := cw.Equate(good19, peel21)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nIts equipercentile equivalent is level %s of %d (1 = Inadequate, %d = Outstanding).\n",
		formatScore(eq), peel21.Len(), peel21.Len())
	fmt.Fprintln(w, "\nNote: the areas graded changed between eras (overall, effectiveness, responding")
	fmt.Fprintln(w, "to the public), so cross-era comparisons here compare different things as well as")
	fmt.Fprintln(w, "different scales.")
	return nil
}

// observations turns the findings into trend observations, as a row of a
// CSV file would: dates keep the precision they were published with, and
// an area's era in brackets is dropped, so that the grades of one area
// across eras form one series.
func observations() ([]trend.Observation, error) {
	var obs []trend.Observation
	for _, f := range findings {
		area, _, _ := strings.Cut(f.area, " (")
		o, err := trend.NewObservation(scale.Default(), trend.Fields{Subject: "Leicestershire", Area: area, Date: f.published, Scale: f.scaleID, Grade: f.label})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.key, err)
		}
		obs = append(obs, o)
	}
	return obs, nil
}

// nationalRounds are the catalogue's national distributions for the
// rounds Leicestershire was graded in, each dated as the force's own
// report was: the anonymous forces that place each scale for the model.
var nationalRounds = []struct {
	scale string
	round latent.Round
	date  string
}{
	{"hmic-pledge-2009", latent.Round{Period: "2009", Area: "overall"}, "2009-10-01"},
	{"hmic-peel-2014", latent.Round{Period: "2016", Area: "effectiveness"}, "2017-03-01"},
	{"hmic-peel-2014", latent.Round{Period: "2018/19", Area: "effectiveness"}, "2019-05-02"},
	{"hmicfrs-peel-2021", latent.Round{Period: "2021/22", Area: "investigating crime"}, "2022-01-01"},
}

// fitModel fits the latent model to the force's grades, its areas pooled
// into one series, with the national distributions as cross-sections.
func fitModel(obs []trend.Observation, lambda float64) (*latent.Model, error) {
	opt := &latent.Options{PoolAreas: true, Lambda: lambda, Draws: 4000}
	// The grades in trend.Group's order, series by series, as the command
	// line and the package's tests give them: the same order draws the
	// same numbers.
	var ordered []trend.Observation
	for _, s := range trend.Group(obs) {
		ordered = append(ordered, s.Observations...)
	}
	for _, r := range nationalRounds {
		s, err := scale.Find(r.scale)
		if err != nil {
			return nil, err
		}
		d, _, err := trend.ParseDate(r.date)
		if err != nil {
			return nil, err
		}
		cs, err := latent.CrossSectionFor(s, r.round, d)
		if err != nil {
			return nil, err
		}
		opt.CrossSections = append(opt.CrossSections, cs)
	}
	return latent.Fit(slices.Values(ordered), opt)
}

// modelAnswer answers question 3 on the latent model (docs/model.md): how
// likely the force's own quality rose from 2019 to 2022, its grades read
// as noisy readings of it, and how the answer moves with λ, the spread of
// the national mean's yearly change, which is most of what links 2019 to
// 2022 here.
func modelAnswer(w io.Writer) error {
	obs, err := observations()
	if err != nil {
		return err
	}
	var byKey = make(map[string]trend.Observation)
	for i, f := range findings {
		byKey[f.key] = obs[i]
	}
	from, to := byKey["2019 effectiveness"], byKey["2022 responding"]
	// The two grades as one step of a series: the model reads it on the
	// force's pooled series, whatever the area.
	pair := trend.Series{Subject: "Leicestershire", Area: "effectiveness", Observations: []trend.Observation{from, to}}
	var step trend.Step
	var byLambda []string
	for _, lambda := range []float64{0.1, latent.DefaultLambda, 0.5} {
		m, err := fitModel(obs, lambda)
		if err != nil {
			return err
		}
		steps, err := m.Steps(pair)
		if err != nil {
			return err
		}
		byLambda = append(byLambda, fmt.Sprintf("%g: %s", lambda, crosswalk.Percent(steps[0].PImproved())))
		if lambda != latent.DefaultLambda {
			continue
		}
		step = steps[0]
		fmt.Fprintln(w, "\nQuestion 3 on the latent model (latent.Fit: the force's grades as noisy readings of its")
		fmt.Fprintln(w, "quality through time, areas pooled, with the national distributions of its four rounds):")
		r := step.Model
		fmt.Fprintf(w, "   verdict:  %s: chance that the force's quality rose: %s (Monte Carlo standard error %.3f)\n",
			map[bool]string{true: "cannot tell", false: step.Direction.String()}[step.Direction == trend.Uncertain], crosswalk.Percent(r.PImproved), r.PImprovedSE)
		fmt.Fprintf(w, "   change:   %s on the common ordinal (90%% interval %s to %s)\n", signed(r.Mean), signed(r.Lo90), signed(r.Hi90))
		fmt.Fprintf(w, "   rests on: %s\n", step.Basis())
		sens, err := step.Sensitivity(crosswalk.Default(), crosswalk.Observed(), m.Crosswalk())
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   linkings: %s\n", sens)
		fmt.Fprintf(w, "   fit:      %s\n", m.Diagnostics())
	}
	fmt.Fprintf(w, "   with λ    %s (the spread of the national mean's yearly change: a larger λ links the eras less)\n", strings.Join(byLambda, "; "))
	return nil
}

func verdict(c crosswalk.Comparison) string {
	switch c.Relation {
	case crosswalk.Above:
		return "better: the later band lies wholly above the earlier one"
	case crosswalk.Below:
		return "worse: the later band lies wholly below the earlier one"
	case crosswalk.Equivalent:
		if c.CrossEra {
			return "equivalent: the issuer published that the two grades are to be read as one"
		}
		return "unchanged"
	}
	return "cannot tell: the bands overlap; chance that the later grade stands higher: " + crosswalk.Percent(c.PAbove)
}

// referenceSize is the number of grades in the scale's reference
// distribution, the one crosswalk.Observed places it by.
func referenceSize(s *scale.Scale) int {
	d, _ := s.Reference()
	n := 0.0
	for _, c := range d.Counts {
		n += c
	}
	return int(math.Round(n))
}

func formatScore(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) }

// signed writes a change with its sign and two decimals; adding 0 turns a
// -0 from rounding into +0, so that nothing prints as -0.00.
func signed(x float64) string { return fmt.Sprintf("%+.2f", math.Round(x*100)/100+0) }
