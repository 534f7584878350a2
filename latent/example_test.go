package latent_test

import (
	"fmt"
	"log"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// panel is a small made-up panel: 24 forces graded on effectiveness in
// 2016, 2017 and 2018 on PEEL 2014–19's scale, and in 2022 on PEEL
// 2021/22's.
func panel() []trend.Observation {
	grades := []string{
		"Good Good Good Good", "Good Good Outstanding Good", "Requires improvement Good Good Adequate",
		"Good Requires improvement Good Good", "Inadequate Requires improvement Requires improvement Requires improvement",
		"Good Good Good Adequate", "Requires improvement Requires improvement Good Adequate",
		"Outstanding Good Outstanding Outstanding", "Good Good Requires improvement Adequate",
		"Requires improvement Requires improvement Requires improvement Inadequate", "Good Outstanding Good Good",
		"Good Good Good Requires improvement",
	}
	var obs []trend.Observation
	for i := range 24 {
		labels := splitGrades(grades[i%len(grades)])
		for j, label := range labels {
			id, date := "hmic-peel-2014", fmt.Sprint(2016+j)
			if j == 3 {
				id, date = "hmicfrs-peel-2021", "2022"
			}
			o, err := trend.NewObservation(nil, trend.Fields{Subject: fmt.Sprintf("Force %02d", i+1), Area: "effectiveness", Date: date, Scale: id, Grade: label})
			if err != nil {
				log.Fatal(err)
			}
			obs = append(obs, o)
		}
	}
	return obs
}

// splitGrades splits four labels, some of two words.
func splitGrades(s string) []string {
	s = strings.ReplaceAll(s, "Requires improvement", "Requires_improvement")
	parts := strings.Fields(s)
	for i := range parts {
		parts[i] = strings.ReplaceAll(parts[i], "_", " ")
	}
	return parts
}

func Example() {
	m, err := latent.Fit(slices.Values(panel()), nil)
	if err != nil {
		log.Fatal(err)
	}
	ch, err := m.Change("Force 03", "effectiveness", date(2018), date(2022))
	if err != nil {
		log.Fatal(err)
	}
	// Good in 2018, Adequate in 2022: how likely is it that the force
	// really improved, and by how much did it move among forces?
	// (Printed coarsely: the draws, and so the last digits, differ
	// between processor architectures.)
	fmt.Printf("P(improved) %.1f, %s; change %+.1f (90%% interval %+.1f to %+.1f)\n",
		ch.PImproved, ch.Direction, ch.Mean, ch.Lo90, ch.Hi90)
	// Output:
	// P(improved) 0.5, uncertain; change -0.0 (90% interval -0.3 to +0.3)
}

func date(year int) time.Time { return time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC) }

// The model gives trend steps without a second Step type: a series yields
// the changes between its consecutive dates, and from its first to its last.
func ExampleSeries_Steps() {
	m, err := latent.Fit(slices.Values(panel()), &latent.Options{Draws: 250})
	if err != nil {
		log.Fatal(err)
	}
	for s := range m.Series() {
		if s.Subject != "Force 05" {
			continue
		}
		for ch := range s.Steps() {
			fmt.Printf("%d to %d: %s\n", ch.From.Year(), ch.To.Year(), ch.Direction)
		}
		all, _ := s.Overall()
		fmt.Printf("overall: %s\n", all.Direction)
	}
	// Output:
	// 2016 to 2017: uncertain
	// 2017 to 2018: uncertain
	// 2018 to 2022: uncertain
	// overall: uncertain
}

// Population shows the national trend that a crosswalk counted from the
// grades cannot: μ on the common ordinal, 0.5 at the reference date.
func ExampleModel_Population() {
	m, err := latent.Fit(slices.Values(panel()), &latent.Options{Draws: 250})
	if err != nil {
		log.Fatal(err)
	}
	for p := range m.Population() {
		fmt.Printf("%d: %.1f (%.1f to %.1f)\n", p.Date.Year(), p.Mean, p.Lo90, p.Hi90)
	}
	// Output:
	// 2016: 0.5 (0.5 to 0.5)
	// 2017: 0.5 (0.5 to 0.6)
	// 2018: 0.6 (0.5 to 0.7)
	// 2019: 0.6 (0.4 to 0.7)
	// 2020: 0.6 (0.4 to 0.7)
	// 2021: 0.6 (0.4 to 0.8)
	// 2022: 0.6 (0.3 to 0.8)
}

// The model's crosswalk works with every function of package crosswalk.
func ExampleModel_Crosswalk() {
	m, err := latent.Fit(slices.Values(panel()), &latent.Options{Draws: 250})
	if err != nil {
		log.Fatal(err)
	}
	peel21, _ := scale.Lookup("hmicfrs-peel-2021")
	bands, err := m.Crosswalk().Bands(peel21)
	if err != nil {
		log.Fatal(err)
	}
	for g, b := range bands {
		fmt.Printf("%-22s [%.2f, %.2f]\n", g.Label(), b.Lo, b.Hi)
	}
	// Output:
	// Inadequate             [0.00, 0.08]
	// Requires improvement   [0.08, 0.29]
	// Adequate               [0.29, 0.65]
	// Good                   [0.65, 0.96]
	// Outstanding            [0.96, 1.00]
}

// Diagnostics says whether the chains mixed; a fit that did not is not an
// error but carries a warning.
func ExampleModel_Diagnostics() {
	m, err := latent.Fit(slices.Values(panel()), &latent.Options{Warmup: 20, Draws: 20})
	if err != nil {
		log.Fatal(err)
	}
	if w := m.Diagnostics().Warning(); w != nil {
		fmt.Println("warning:", len(w.Params) > 0)
	}
	// Output:
	// warning: true
}

// Model.Steps gives trend's own steps, read by the model: the direction,
// the probability of improvement and the basis are the model's, and there
// is no interval of that probability, which already carries every
// uncertainty the model knows of.
func ExampleModel_Steps() {
	obs := panel()
	m, err := latent.Fit(slices.Values(obs), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, s := range trend.Group(obs) {
		if s.Subject != "Force 03" {
			continue
		}
		steps, err := m.Steps(s)
		if err != nil {
			log.Fatal(err)
		}
		for _, st := range steps {
			fmt.Printf("%s %s to %s %s: %s, P(improved) %.1f, interval %t, basis %s\n",
				st.From.DateString(), st.From.Grade.Label(), st.To.DateString(), st.To.Grade.Label(),
				st.Direction, st.PImproved(), st.HasInterval(), st.Basis().Kind())
		}
	}
	// Output:
	// 2016 Requires improvement to 2017 Good: uncertain, P(improved) 0.8, interval false, basis model
	// 2017 Good to 2018 Good: uncertain, P(improved) 0.7, interval false, basis model
	// 2018 Good to 2022 Adequate: uncertain, P(improved) 0.5, interval false, basis model
}
