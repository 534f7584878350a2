// Command fire runs a panel of England's fire and rescue services through
// gradewalk: every service's pillar grades (effectiveness, efficiency,
// people) from HMICFRS's first two rounds of inspection, 2018/19 and
// 2021/22, as trend series, with the national counts that follow from them
// and what can and cannot be said about round 3 and round 4.
//
// The data are our tally of the issuer's pages: the pillar grade printed on
// each service's HMICFRS page (frs-assessment/frs-2018/<service> and
// frs-2021/<service>), tallied by gradewalk's fact-check of December 2026
// and spot-checked at the source (docs/catalogue.md, family hmicfrs-fire,
// lists the checks). HMICFRS published no national count by pillar, so the
// counts computed here are unconfirmed as national figures; the catalogue
// ships them as the distributions of hmicfrs-fire-2018. panel.csv has one
// row per service, round and pillar; its date column stands for the round
// (2019 for round 1, whose reports came out from December 2018 to the turn
// of 2019/20, and 2022 for round 2, from December 2021 to January 2023),
// not for the day each report was published, and the scale column names the
// scale, so nothing is resolved from the date. round3.csv counts each
// service's grades across round 3's 11 areas, where they were found.
//
// The panel also goes through the latent model (package latent), which
// reads each service's grades as noisy readings of a quality that persists
// from round to round: how sure each change is, and how the national mean
// moved.
//
// Run it with: go run ./examples/fire
//
// With -charts DIR it also draws the README's pictures of the panel into
// DIR: every service's pillar grades as small multiples (fire-grid.svg)
// and each service's effectiveness from round 1 to round 2 as a slope
// (fire-slope.svg):
//
//	go run ./examples/fire -charts docs/img
package main

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/internal/docpics"
	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

//go:embed panel.csv
var panelCSV string

//go:embed round3.csv
var round3CSV string

// pillars are the areas graded in rounds 1 and 2, in the order printed.
var pillars = []string{"effectiveness", "efficiency", "people"}

// rounds name the two rounds by the date that stands for each in panel.csv.
var rounds = []struct{ date, period string }{{"2019", "2018/19"}, {"2022", "2021/22"}}

func main() { docpics.Main("fire", run, pictures) }

func run(w io.Writer) error {
	obs, err := readPanel(panelCSV)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Fire and rescue services in England: pillar grades, rounds 1 and 2 (HMICFRS)")
	fmt.Fprintf(w, "Data: our tally of the issuer's pages, %d grades; unconfirmed as national counts.\n\n", len(obs))

	if err := nationalCounts(w, obs); err != nil {
		return err
	}
	if err := changes(w, obs); err != nil {
		return err
	}
	// 2,000 draws a chain: the default 500 leave the effective sample
	// size of a few parameters under 400 on a panel of two rounds.
	m, err := latent.Fit(slices.Values(obs), &latent.Options{Draws: 2000})
	if err != nil {
		return err
	}
	if err := leicestershire(w, obs, m); err != nil {
		return err
	}
	if err := model(w, obs, m); err != nil {
		return err
	}
	if err := round3(w); err != nil {
		return err
	}
	return round4(w)
}

// readPanel reads panel.csv (subject, area, date, scale, grade) into
// observations. It is the only code here that reads input.
func readPanel(text string) ([]trend.Observation, error) {
	r, err := trend.NewReader(strings.NewReader(text), &trend.ReadOptions{Format: trend.FormatCSV})
	if err != nil {
		return nil, fmt.Errorf("panel: %w", err)
	}
	obs, rejected, err := trend.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("panel: %w", err)
	}
	if len(rejected) > 0 {
		return nil, fmt.Errorf("panel: %d rows rejected, the first: %w", len(rejected), rejected[0])
	}
	if n := r.Skipped(); n > 0 {
		return nil, fmt.Errorf("panel: the panel must be complete, but %d row(s) have no grade", n)
	}
	return obs, nil
}

// counts returns how many observations of the round (by its date) and area
// have each level, worst first, for a scale of n levels.
func counts(obs []trend.Observation, date, area string, n int) []float64 {
	out := make([]float64, n)
	for _, o := range obs {
		if o.DateString() == date && o.Area == area {
			out[o.Grade.Rank()-1]++
		}
	}
	return out
}

// nationalCounts prints the counts of each round and pillar and checks them
// against the distributions the catalogue ships for them.
func nationalCounts(w io.Writer, obs []trend.Observation) error {
	s, ok := scale.Lookup("hmicfrs-fire-2018")
	if !ok {
		return errors.New("scale hmicfrs-fire-2018 is not in the catalogue")
	}
	fmt.Fprintln(w, "National counts computed from the panel (Inadequate / Requires improvement / Good / Outstanding):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "round\tpillar\tcounts\tservices\tcatalogue")
	for _, r := range rounds {
		for _, p := range pillars {
			got := counts(obs, r.date, p, s.Len())
			shipped := "missing"
			for d := range s.Distributions() {
				if d.Period == r.period && d.Area == p {
					shipped = "differs"
					if slices.Equal(d.Counts, got) {
						shipped = "same"
					}
				}
			}
			if shipped != "same" {
				return fmt.Errorf("round %s %s: panel counts %v, catalogue distribution %s", r.period, p, got, shipped)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.period, p, joinCounts(got), int(sum(got)), shipped)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

// changes runs each service's pillar series through trend and counts the
// steps from round 1 to round 2 by direction, under the default crosswalk
// (one scale, so every step is exact) and under the observed one.
func changes(w io.Writer, obs []trend.Observation) error {
	series := trend.Group(obs)
	fmt.Fprintln(w, "From round 1 to round 2, service by service (one scale, so no caveat applies):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "pillar\timproved\tsame\tdeclined\tonly one round")
	var improvedAll []string
	improvedBy := map[string]int{}
	for _, p := range pillars {
		var up, same, down, single int
		for _, s := range series {
			if s.Area != p {
				continue
			}
			steps, err := s.Steps(nil)
			if err != nil {
				return err
			}
			if len(steps) == 0 {
				single++
				continue
			}
			switch steps[len(steps)-1].Direction {
			case trend.Improved:
				up++
				improvedBy[s.Subject]++
			case trend.Declined:
				down++
			default:
				same++
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\n", p, up, same, down, single)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range series {
		if s.Area == pillars[0] && improvedBy[s.Subject] == len(pillars) {
			improvedAll = append(improvedAll, s.Subject)
		}
	}
	fmt.Fprintf(w, "Improved in all three pillars: %s.\n", strings.Join(improvedAll, ", "))
	fmt.Fprintln(w, "(Hampshire and the Isle of Wight merged in April 2021, so their series have one round each.)")

	// The observed crosswalk places round 1 and 2 grades by round 2's
	// effectiveness counts; say so once, for the areas they do not describe.
	cw := crosswalk.Observed()
	for _, n := range cw.ReferenceNotes(func(yield func(*scale.Scale, string) bool) {
		for _, o := range obs {
			if !yield(o.Grade.Scale(), o.Area) {
				return
			}
		}
	}) {
		fmt.Fprintf(w, "Note (observed crosswalk): %s.\n", n)
	}
	fmt.Fprintln(w)
	return nil
}

// leicestershire prints the service beside its police force in the README,
// and how sure the model m is that each pillar's quality rose.
func leicestershire(w io.Writer, obs []trend.Observation, m *latent.Model) error {
	fmt.Fprintln(w, "Leicestershire Fire and Rescue Service:")
	for _, s := range trend.Group(obs) {
		if s.Subject != "Leicestershire" {
			continue
		}
		sum, err := s.Summary(nil)
		if err != nil {
			return err
		}
		read, err := m.Summary(s)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-13s %s (2018/19) -> %s (2021/22): %s; the model: chance its quality rose %s (%s)\n", s.Area,
			sum.First.Grade.Label(), sum.Last.Grade.Label(), sum.Direction, crosswalk.Percent(read.PImproved()), read.Direction)
	}
	r3, err := readRound3(round3CSV)
	if err != nil {
		return err
	}
	for _, row := range r3 {
		if row.service == "Leicestershire" {
			fmt.Fprintf(w, "  round 3 (11 areas, published 2023-25): %s\n", row)
		}
	}
	return nil
}

// model runs the panel through the latent model (docs/model.md): every
// service's pillar grades as noisy readings of its quality, persistent
// from one round to the next, with a national mean that may move. One
// scale graded both rounds, so the model places the rounds against each
// other by the grades themselves; what it adds is how sure a change is.
func model(w io.Writer, obs []trend.Observation, m *latent.Model) error {
	fmt.Fprintf(w, "\nThe latent model of the panel (%s):\n", m.Diagnostics())
	jan := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	national, err := m.PopulationChange(jan(2019), jan(2022))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  national mean, round 1 to round 2: %s on the common ordinal (90%% interval %s to %s), chance it rose %s\n",
		signed(national.Mean), signed(national.Lo90), signed(national.Hi90), crosswalk.Percent(national.PImproved))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  pillar\tgrade rose\tmodel: improved\tuncertain\tdeclined")
	for _, p := range pillars {
		var rose int
		dirs := map[trend.Direction]int{}
		for _, s := range trend.Group(obs) {
			if s.Area != p || len(s.Observations) < 2 {
				continue
			}
			steps, err := m.Steps(s)
			if err != nil {
				return err
			}
			st := steps[len(steps)-1]
			dirs[st.Direction]++
			if st.Comparison.Relation == crosswalk.Above {
				rose++
			}
		}
		fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\n", p, rose, dirs[trend.Improved], dirs[trend.Uncertain], dirs[trend.Declined])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "  (improved or declined: a chance of %s or more either way that the quality behind the grades moved)\n", crosswalk.Percent(latent.DefaultImprovedAt))
	return nil
}

// signed writes a change with its sign and two decimals; adding 0 turns a
// -0 from rounding into +0, so that nothing prints as -0.00.
func signed(x float64) string { return fmt.Sprintf("%+.2f", math.Round(x*100)/100+0) }

// round3Row is one service's grades across round 3's 11 areas.
type round3Row struct {
	service string
	counts  [5]int // Outstanding, Good, Adequate, Requires improvement, Inadequate
	seen    bool   // checked at the source in December 2026
}

var round3Labels = [5]string{"Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"}

func (r round3Row) String() string {
	var parts []string
	for i, n := range r.counts {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, round3Labels[i]))
		}
	}
	return strings.Join(parts, ", ")
}

// readRound3 reads round3.csv: a service, its five counts best first, and
// whether the counts were seen at the source.
func readRound3(text string) ([]round3Row, error) {
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("round 3: %w", err)
	}
	var rows []round3Row
	for i, r := range records[1:] {
		row := round3Row{service: r[0], seen: r[6] == "yes"}
		total := 0
		for k := range row.counts {
			n, err := strconv.Atoi(r[k+1])
			if err != nil {
				return nil, fmt.Errorf("round 3 line %d: %w", i+2, err)
			}
			row.counts[k] = n
			total += n
		}
		if total != 11 {
			return nil, fmt.Errorf("round 3 line %d: %s has %d grades, not 11", i+2, r[0], total)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// round3 explains why round 3 does not continue the series.
func round3(w io.Writer) error {
	s, ok := scale.Lookup("hmicfrs-fire-2023")
	if !ok {
		return errors.New("scale hmicfrs-fire-2023 is not in the catalogue")
	}
	rows, err := readRound3(round3CSV)
	if err != nil {
		return err
	}
	seen := 0
	for _, r := range rows {
		if r.seen {
			seen++
		}
	}
	fmt.Fprintf(w, "\nRound 3 (%s, %s) graded 11 areas and no pillars, so it does not continue these series.\n", s.ID(), s.Era())
	fmt.Fprintf(w, "round3.csv counts the grades of %d services (%d checked at the source). HMICFRS's caveat:\n  %s\n", len(rows), seen, s.Caveat())
	return nil
}

// round4 shows what a grade from a round 4 report gets: an error that says
// its scale is not yet in the catalogue, never a place on round 3.
func round4(w io.Writer) error {
	_, err := trend.NewObservation(nil, trend.Fields{Subject: "Bedfordshire", Area: "leadership", Date: "2026-03-18", Scale: "hmicfrs-fire", Grade: "Good"})
	if !errors.Is(err, scale.ErrNotCatalogued) {
		return fmt.Errorf("a round 4 grade was not reported as uncatalogued: %v", err)
	}
	var ife *scale.InForceError
	if errors.As(err, &ife) {
		err = ife
	}
	fmt.Fprintf(w, "\nA grade from a round 4 report (2026) is not placed on round 3:\n  %v\n", err)
	return nil
}

func sum(xs []float64) float64 {
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t
}

func joinCounts(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strings.Join(parts, " / ")
}
