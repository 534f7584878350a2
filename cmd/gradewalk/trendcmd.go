package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

const trendHelp = `
Read observations (as normalize does) and group them into series, one per
subject and area, in date order. A date stands for the span it was written
for (a day, a month or a year): when two spans overlap (2017 and 2017-03),
the dates cannot say which came first, and the two keep the order of the
input. Other columns are not carried through.

By default, write the steps of every series: each grade compared with the
one before it, with the columns subject, area, from_date, from_scale,
from_grade, to_date, to_scale, to_grade, direction (improved, declined,
unchanged or uncertain), p_improved (the probability that the later grade
stands higher), p_improved_lo and p_improved_hi (its 90% interval over the
sampling variation in a data-driven crosswalk's counts; both empty where
there is none: a crosswalk without counts, two grades of one scale),
cross_era (the grades are on different scales), order_from_input (the two
dates overlap, so their order is the input's), basis (what the direction
rests on: same-scale, published-equivalence: SOURCE, equal-widths,
counted: ROUNDS, model: NAME, cut-points or file: FILE) and caveat (the
issuers' statements about comparing across eras, where one applies).
Grades of two scales are unchanged only where an issuer published that
they are equivalent; identical bands by the crosswalk's rule are
uncertain, with p_improved 0.5.

-summary writes one row per series instead: subject, area, observations,
first_date, first_scale, first_grade, first_score, last_date, last_scale,
last_grade, last_score, best_*, worst_* (likewise), direction, p_improved,
p_improved_lo and p_improved_hi (from first to last; empty for a single
observation), cross_era_steps, basis and caveat. With -sensitivity, the
steps and -summary add one column per linking of the eras (default,
observed, data: counted from the input, file: the -crosswalk FILE, and
latent: the -model), each the direction and probability under that
linking (empty where it does not cover both grades), and verdict: robust,
depends on the linking, or only one linking.

-model latent fits a model of every subject's latent quality through time
to the input (docs/model.md) and answers from it: each step's and
summary's direction and p_improved are the model's, the probability that
the subject's quality rose, with no interval of their own (p_improved_lo
and p_improved_hi empty) and the columns p_improved_se (its Monte Carlo
standard error), latent_change, latent_change_lo and latent_change_hi (the
change of the subject's position on the common ordinal, with its 90%
interval); basis is model: ...; the grades are compared under the model's
crosswalk. -seed, -chains, -warmup, -draws, -lambda and -reference set the
fit; -pool-areas makes each subject one series; -cross-section
SCALE:PERIOD:AREA[:SECTOR]=DATE adds a national distribution of the
catalogue, as anonymous subjects graded once on DATE. The fit's
diagnostics go to standard error, with a warning when the chains have not
mixed, and, on a terminal, a progress line when the fit takes more than
two seconds. With
-by-period the rows gain population_mean, population_lo and population_hi:
the model's national mean over the period and its 90% interval.

-by-period writes, for each period and area across subjects, one row per
bin: period, from, until, area, observations, subjects, scales (joined by
" < "), mean_score, straddling (grades dated by a year or month that
overlaps the period without lying in it, counted in no bin),
norm_referenced (the crosswalk places a scale by counts, so a mean
measures standing within its scale, not change between eras), bin (1 =
worst), bin_lo, bin_hi (its span of the common ordinal), grades (the
levels in it) and count. A period whose grades are all on one scale is
counted level by level, each bin a grade; with several scales, or -bins N,
in N equal bins of the common ordinal (default 5), whose grades column
lists the levels each holds. A bin that counts two levels of one scale
together gets a warning.

-transitions FROM,TO (two scale IDs) writes, for each subject and area
graded on both, the step from its last grade on FROM before its first on
TO to that first grade on TO, with the columns of the steps: what happened
across a change of scale. -flows writes the counts instead: from_scale,
from_grade, to_scale, to_grade and count, for every pair of grades, worst
first. A subject and area whose grades on FROM all come after its first on
TO is not counted, and a warning names it. In JSON: {"crosswalk", "from",
"to", "transitions": [trend.Step, ...], "unordered": [trend.Transition,
...]}, or with -flows "flows": [{"from", "to", "count"}, ...].

With -format json the output is one object: {"crosswalk": "...", and
"steps", "summaries" or "periods": an array of the library's own
trend.Step, trend.Summary or trend.PeriodSummary objects}; -sensitivity
adds "sensitivity": an array with one trend.Sensitivity per step or
summary, in the same order, with its subject and area (and a step's
from_date and to_date). With -model the object also has "model" (the fit,
in words), each step and summary its "model" reading, and -by-period a
"population" array, one {"period", "from", "until", "mean", "lo90",
"hi90", "latent"} per period.

-crosswalk data builds the crosswalk from the input itself: every row is
read first and each scale's grades are counted, as if they were a published
distribution (-per-area: each area's on its own, for the steps and
summaries). -write-crosswalk FILE
writes those counts as a crosswalk file that compare, equate and chart can
read with -crosswalk FILE.`

func runTrend(c *cli, args []string) int {
	var in input
	fs := c.flags()
	in.flags(fs)
	summary := fs.Bool("summary", false, "write a summary of each series instead of its steps")
	byPeriod := fs.Bool("by-period", false, "write a summary of each period and area, across subjects")
	periods := fs.String("periods", "", "with -by-period: comma-separated `periods`, each YYYY[-MM[-DD]] or FROM..UNTIL (default: each calendar year in the data)")
	bins := fs.Int("bins", 0, "with -by-period: count in `N` equal bins of the common ordinal, 1 to 100 (default: each level on its own where a period's grades are on one scale, else 5 bins)")
	pool := fs.Bool("pool-areas", false, "with -by-period: summarise all areas together")
	transitions := fs.String("transitions", "", "`FROM,TO`: two scale IDs; write, for each subject and area graded on both, the step from its last grade on FROM to its first on TO")
	flows := fs.Bool("flows", false, "with -transitions: write how many went from each grade on FROM to each on TO instead")
	comments := fs.Bool("comments", false, "with -format csv: write a \"# crosswalk: ...\" line before the header, naming the crosswalk that produced the numbers, and a \"# warning: ...\" line for means that cannot show change")
	perArea := fs.Bool("per-area", false, "with -crosswalk data: count each area's grades on their own, one crosswalk per area")
	writeCW := fs.String("write-crosswalk", "", "with -crosswalk data: write the counts to `FILE` as a crosswalk file")
	sensitivity := fs.Bool("sensitivity", false, "with the steps or -summary: also give the direction under every linking of the eras available (default, observed, data, the -crosswalk FILE, the -model) and whether it depends on the linking")
	var mf modelFlags
	mf.register(fs, pool)
	pos, code, ok := c.parse(args, 0, 1)
	if !ok {
		return code
	}
	if code, ok := mf.check(c); !ok {
		return code
	}
	switch {
	case *summary && *byPeriod, *summary && *transitions != "", *byPeriod && *transitions != "":
		return c.usageError("give one of -summary, -by-period and -transitions")
	case *flows && *transitions == "":
		return c.usageError("-flows counts the transitions: give it with -transitions FROM,TO")
	case *sensitivity && (*byPeriod || *transitions != ""):
		return c.usageError("-sensitivity compares two grades of a series: give it with the steps or -summary, not -by-period or -transitions")
	case mf.name != "" && *flows:
		return c.usageError("-flows counts grades, which the model does not change: give it without -model")
	case (*perArea || *writeCW != "") && !c.fromData:
		return c.usageError("-per-area and -write-crosswalk need -crosswalk data")
	case *perArea && *writeCW != "":
		return c.usageError("-write-crosswalk writes one crosswalk: give it without -per-area")
	case *perArea && *byPeriod:
		return c.usageError("-by-period puts areas side by side on one crosswalk: give it without -per-area")
	}
	opt, code, ok := c.periodOptions(*bins, *periods)
	if !ok {
		return code
	}
	opt.PoolAreas = *pool
	var mopt *latent.Options
	if mf.name != "" {
		if mopt, code, ok = mf.options(c); !ok {
			return code
		}
	}
	var from, to *scale.Scale
	if *transitions != "" {
		if from, to, code, ok = parseTransitions(c, *transitions); !ok {
			return code
		}
	}
	closer, code, ok := in.open(c, pos)
	if !ok {
		return code
	}
	defer closer()
	obs := in.readAll(c)
	cws, prov, err := c.dataCrosswalks(&in, obs, *perArea, *writeCW)
	if err == nil && cws == nil {
		err = c.checkCovers(distinctScales(obs))
	}
	if err != nil {
		in.finish(c)
		return c.fail(err)
	}
	var series []trend.Series
	if *byPeriod || from != nil || *sensitivity || mopt != nil {
		series = trend.Group(obs) // what follows reads obs in input order
	} else {
		series = trend.GroupInPlace(obs)
	}
	if trend.CrossingSeries(series) == 0 {
		warnNoCrossing(c, &in, obs)
	}
	out := trendOutput{c: c, in: &in, prov: prov, comments: *comments, cws: cws}
	if mopt != nil {
		if out.model, code, ok = fitModel(c, &in, &mf, obs, mopt); !ok {
			return code
		}
		out.prov = c.cw.String()
	}
	switch {
	case from != nil:
		var table trend.TransitionTable
		if table, err = trend.Transitions(obs, from, to); err == nil {
			warnUnordered(c, &in, table)
			err = out.transitions(table, *flows)
		}
	case *byPeriod:
		err = out.periods(obs, opt)
	default:
		var sets map[string][]*crosswalk.Crosswalk
		if *sensitivity {
			sets, err = out.linkings(obs)
		}
		switch {
		case err != nil:
		case *summary:
			err = out.summaries(series, sets)
		default:
			err = out.steps(series, sets)
		}
	}
	code = in.finish(c)
	if err != nil {
		return c.fail(err)
	}
	return code
}

// distinctScales returns the distinct scales of the observations, in
// order of first appearance, and how often each is graded.
func distinctScales(obs []trend.Observation) ([]*scale.Scale, map[*scale.Scale]int) {
	// A file grades on few scales: each is looked for among the first
	// ones met before the map, which costs more per row.
	const few = 8
	var scales []*scale.Scale
	var counts [few]int
	counted := make(map[*scale.Scale]int)
	for _, o := range obs {
		s := o.Grade.Scale()
		if i := slices.Index(scales[:min(len(scales), few)], s); i >= 0 {
			counts[i]++
			continue
		}
		if counted[s] == 0 {
			if len(scales) < few {
				counts[len(scales)]++
				scales = append(scales, s)
				continue
			}
			scales = append(scales, s)
		}
		counted[s]++
	}
	for i, n := range counts[:min(len(scales), few)] {
		counted[scales[i]] = n
	}
	return scales, counted
}

// dataCrosswalks builds the -crosswalk data crosswalk (or one per area),
// warns of scales with few observations, writes -write-crosswalk, and
// returns the crosswalks by area (nil for one) and the provenance.
func (c *cli) dataCrosswalks(in *input, obs []trend.Observation, perArea bool, path string) (map[string]*crosswalk.Crosswalk, string, error) {
	prov := c.cw.String()
	if !c.fromData {
		return nil, prov, nil
	}
	groups := map[string][]trend.Observation{"": obs}
	if perArea {
		groups = make(map[string][]trend.Observation)
		for _, o := range obs {
			groups[o.Area] = append(groups[o.Area], o)
		}
	}
	cws := make(map[string]*crosswalk.Crosswalk)
	var described []string
	for _, area := range slices.Sorted(maps.Keys(groups)) {
		counts, err := trend.CountGrades(slices.Values(groups[area]))
		if err != nil {
			return nil, "", err
		}
		cw, err := trend.CrosswalkFromCounts(counts)
		if err != nil {
			if area != "" {
				return nil, "", fmt.Errorf("-crosswalk data -per-area: area %q: %w", area, err)
			}
			return nil, "", fmt.Errorf("-crosswalk data: %w", err)
		}
		if area != "" {
			cw = cw.Named(trend.DataCrosswalkName, trend.DataSource+" of area "+area)
		}
		cws[area] = cw
		var counted []string
		for _, s := range slices.SortedFunc(maps.Keys(counts), func(a, b *scale.Scale) int { return cmp.Compare(a.ID(), b.ID()) }) {
			n := 0
			for _, k := range counts[s] {
				n += int(k)
			}
			counted = append(counted, s.ID()+" "+strconv.Itoa(n))
			if n < trend.MinCrosswalkObservations {
				where := ""
				if area != "" {
					where = " in area " + strconv.Quote(area)
				}
				in.warn(c, "-crosswalk data: scale %s has %d observations%s, fewer than %d: its bands, standard errors and intervals rest on few grades",
					s.ID(), n, where, trend.MinCrosswalkObservations)
			}
		}
		d := strings.Join(counted, ", ")
		if area != "" {
			d = area + ": " + d
		}
		described = append(described, d)
		if path != "" {
			if err := writeCountsFile(path, counts); err != nil {
				return nil, "", fmt.Errorf("-write-crosswalk: %w", err)
			}
		}
	}
	c.cw = cws[""]
	if perArea {
		c.cw = nil
		first := cws[slices.Sorted(maps.Keys(cws))[0]]
		return cws, first.Named(trend.DataCrosswalkName, trend.DataSource+" of each area on its own").String() + ", counting " + strings.Join(described, "; "), nil
	}
	return nil, c.cw.String() + ", counting " + described[0], nil
}

// writeCountsFile writes counts in the crosswalk file format.
func writeCountsFile(path string, counts map[*scale.Scale][]float64) error {
	byID := make(map[string][]float64, len(counts))
	for s, k := range counts {
		byID[s.ID()] = k
	}
	data, err := json.MarshalIndent(struct {
		Counts map[string][]float64 `json:"counts"`
	}{byID}, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(data, '\n'))
}

// writeFileAtomic writes data to a new file in path's directory and
// renames it over path, so that a failed write leaves the old file whole.
// It replaces path, following no symbolic link at path itself (the link
// is replaced by the file).
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// warnNoCrossing warns when the input has grades of two scales of one
// family but no series crosses from one to the other, as when the areas
// were renamed with the scale.
func warnNoCrossing(c *cli, in *input, obs []trend.Observation) {
	areas := make(map[*scale.Scale]map[string]bool)
	for _, o := range obs {
		s := o.Grade.Scale()
		if areas[s] == nil {
			areas[s] = make(map[string]bool)
		}
		areas[s][o.Area] = true
	}
	byFamily := make(map[string][]*scale.Scale)
	for s := range areas {
		byFamily[s.Family()] = append(byFamily[s.Family()], s)
	}
	for _, fam := range slices.Sorted(maps.Keys(byFamily)) {
		scales := byFamily[fam]
		if len(scales) < 2 {
			continue
		}
		slices.SortFunc(scales, func(a, b *scale.Scale) int { return a.Era().From.Compare(b.Era().From) })
		var parts []string
		for _, s := range scales {
			parts = append(parts, s.ID()+" ("+strings.Join(slices.Sorted(maps.Keys(areas[s])), ", ")+")")
		}
		in.warn(c, "no series crosses a change of scale of family %s: no subject and area has grades on more than one of %s; if areas were renamed with the scale, -map-area FROM=TO joins them",
			fam, strings.Join(parts, ", "))
	}
}

// trendOutput writes trend's rows with the provenance of their numbers:
// the crosswalk, as the "crosswalk" key of the JSON object and, with
// -comments, a "# crosswalk:" line before the CSV header; with -model, the
// model too, as the "model" key and a "# model:" line.
type trendOutput struct {
	c        *cli
	in       *input
	prov     string
	comments bool
	cws      map[string]*crosswalk.Crosswalk // by area, with -per-area
	model    *latent.Model                   // with -model
}

// crosswalkFor returns the crosswalk of an area.
func (t trendOutput) crosswalkFor(area string) *crosswalk.Crosswalk {
	if t.cws != nil {
		return t.cws[area]
	}
	return t.c.cw
}

// writer starts the CSV or table output, after the comment lines: the
// crosswalk's, then any warnings given.
func (t trendOutput) writer(cols []string, warnings ...string) *rowWriter {
	if t.c.format == "csv" && t.comments {
		// A line break in a comment would end it: none is kept.
		oneLine := strings.NewReplacer("\n", " ", "\r", " ")
		fmt.Fprintf(t.c.stdout, "# crosswalk: %s\n", oneLine.Replace(t.prov))
		if t.model != nil {
			fmt.Fprintf(t.c.stdout, "# model: %s\n", oneLine.Replace(t.model.String()))
		}
		for _, w := range warnings {
			fmt.Fprintf(t.c.stdout, "# warning: %s\n", oneLine.Replace(w))
		}
	}
	return newRowWriter(t.c.format, t.c.stdout, cols)
}

// jsonStart writes the start of the JSON object, up to the array named key.
func (t trendOutput) jsonStart(key string) error {
	prov, _ := json.Marshal(t.prov)
	model := []byte{}
	if t.model != nil {
		text, _ := json.Marshal(t.model.String())
		model = append(append([]byte(`"model": `), text...), ", "...)
	}
	_, err := fmt.Fprintf(t.c.stdout, "{\"crosswalk\": %s, %s%q: ", prov, model, key)
	return err
}

// closeJSON ends the array and then the JSON object.
func (t trendOutput) closeJSON(w *rowWriter) error {
	if err := w.close(); err != nil {
		return err
	}
	_, err := fmt.Fprint(t.c.stdout, "}\n")
	return err
}

// nextJSON ends the array and starts the next one of the JSON object, named
// key, returning its writer.
func (t trendOutput) nextJSON(w *rowWriter, key string) (*rowWriter, error) {
	if err := w.close(); err != nil {
		return nil, err
	}
	if _, err := fmt.Fprintf(t.c.stdout, ", %q: ", key); err != nil {
		return nil, err
	}
	return newRowWriter("json", t.c.stdout, nil), nil
}

// stepsOf yields the steps of a series: under the crosswalk of its area,
// or as the model reads them.
func (t trendOutput) stepsOf(s trend.Series) iter.Seq2[trend.Step, error] {
	if t.model == nil {
		return s.StepSeq(t.crosswalkFor(s.Area))
	}
	return func(yield func(trend.Step, error) bool) {
		steps, err := t.model.Steps(s)
		if err != nil {
			yield(trend.Step{}, err)
			return
		}
		for _, st := range steps {
			if !yield(st, nil) {
				return
			}
		}
	}
}

// summaryOf sums up a series under the crosswalk of its area, or as the
// model reads it.
func (t trendOutput) summaryOf(s trend.Series) (trend.Summary, error) {
	if t.model == nil {
		return s.Summary(t.crosswalkFor(s.Area))
	}
	return t.model.Summary(s)
}

// answerColumns are the columns of a step's or summary's answer, from
// direction on: with -model, its standard error and latent change too.
func (t trendOutput) answerColumns() []string {
	cols := []string{"direction", "p_improved", "p_improved_lo", "p_improved_hi"}
	if t.model != nil {
		cols = append(cols, modelColumns...)
	}
	return cols
}

// answerCells returns the cells of answerColumns.
func (t trendOutput) answerCells(out *rowWriter, d trend.Direction, p float64, has bool, lo, hi float64, r *trend.ModelChange) []string {
	loText, hiText := intervalCells(out, has, lo, hi)
	cells := []string{d.String(), out.number(p), loText, hiText}
	if t.model != nil {
		cells = append(cells, modelCells(out, r)...)
	}
	return cells
}

// stepSensitivity is a step's sensitivity to the linking in the JSON of
// -sensitivity: the library's trend.Sensitivity with the step it belongs
// to.
type stepSensitivity struct {
	Subject  string `json:"subject"`
	Area     string `json:"area"`
	FromDate string `json:"from_date"`
	ToDate   string `json:"to_date"`
	trend.Sensitivity
}

// steps writes the steps of every series and, when sets is not nil
// (-sensitivity), each step's comparison under each linking of the set
// for its area.
func (t trendOutput) steps(series []trend.Series, sets map[string][]*crosswalk.Crosswalk) error {
	cols := append([]string{"subject", "area", "from_date", "from_scale", "from_grade",
		"to_date", "to_scale", "to_grade"}, t.answerColumns()...)
	cols = append(cols, "cross_era", "order_from_input", "basis", "caveat")
	names := sensitivityNames(sets)
	if sets != nil {
		cols = append(append(cols, names...), "verdict")
	}
	if t.c.format == "json" {
		if err := t.jsonStart("steps"); err != nil {
			return err
		}
	}
	var sens []stepSensitivity
	out := t.writer(cols)
	// The columns of a step that depend on its two grades alone, under one
	// crosswalk, are written once per pair of grades. A model's answer and
	// a sensitivity depend on the step itself.
	type pair struct {
		cw       *crosswalk.Crosswalk
		from, to grade.Grade
	}
	// With CSV, a pair's cells are kept encoded, in the three runs the
	// row's own cells come between.
	type encodedPair struct {
		cells []string
		runs  [3]trend.CSVFields
	}
	byPair := make(map[pair]*encodedPair)
	perPair := t.model == nil && sets == nil
	encode := perPair && out.encodes()
	var row []string
	for _, s := range series {
		cw := t.crosswalkFor(s.Area)
		toDate := "" // of the step before, whose To is this step's From
		for st, err := range t.stepsOf(s) {
			if err != nil {
				return err
			}
			var sn trend.Sensitivity
			if sets != nil {
				if sn, err = st.Sensitivity(setFor(sets, t.cws, s.Area)...); err != nil {
					return err
				}
			}
			if t.c.format == "json" {
				out.value(st)
				if sets != nil {
					sens = append(sens, stepSensitivity{s.Subject, s.Area, st.From.DateString(), st.To.DateString(), sn})
				}
				continue
			}
			f, to := st.From, st.To
			fromDate := toDate
			if fromDate == "" {
				fromDate = out.date(&f)
			}
			toDate = out.date(&to)
			k := pair{cw, f.Grade, to.Grade}
			var cached *encodedPair
			if perPair {
				cached = byPair[k]
			}
			var cells []string
			if cached != nil {
				cells = cached.cells
			} else {
				// from_scale, from_grade, to_scale, to_grade, the answer,
				// cross_era, basis, caveat.
				lo, hi := st.PImprovedInterval()
				cells = append([]string{f.Grade.Scale().ID(), f.Grade.Label(), to.Grade.Scale().ID(), to.Grade.Label()},
					t.answerCells(out, st.Direction, st.PImproved(), st.HasInterval(), lo, hi, st.Model)...)
				cells = append(cells, strconv.FormatBool(st.CrossEra()), basisText(st.Basis()), st.Caveat())
				if perPair {
					if len(byPair) >= maxNumbers {
						clear(byPair)
					}
					cached = &encodedPair{cells: cells}
					if encode {
						n := len(cells)
						cached.runs = [3]trend.CSVFields{out.encode(cells[:2]...), out.encode(cells[2 : n-2]...), out.encode(cells[n-2:]...)}
					}
					byPair[k] = cached
				}
			}
			if encode {
				out.fields(s.Subject, s.Area, fromDate)
				out.encoded(cached.runs[0])
				out.fields(toDate)
				out.encoded(cached.runs[1])
				out.fields(strconv.FormatBool(st.OrderFromInput))
				out.encoded(cached.runs[2])
				out.endRow()
				continue
			}
			n := len(cells)
			row = append(row[:0], s.Subject, s.Area, fromDate, cells[0], cells[1], toDate, cells[2], cells[3])
			row = append(row, cells[4:n-3]...)
			row = append(row, cells[n-3], strconv.FormatBool(st.OrderFromInput), cells[n-2], cells[n-1])
			if sets != nil {
				row = append(row, sensitivityCells(sn.Sensitivity, sn.Model, names, directionWord)...)
			}
			out.row(row...)
		}
		if out.err != nil {
			return out.err
		}
	}
	if t.c.format == "json" {
		return closeWithSensitivity(t, out, sets != nil, sens)
	}
	return out.close()
}

// closeWithSensitivity ends the JSON object of steps or summaries: with
// -sensitivity (with true), its "sensitivity" array of sens first.
func closeWithSensitivity[T any](t trendOutput, out *rowWriter, with bool, sens []T) error {
	if with {
		var err error
		if out, err = t.nextJSON(out, "sensitivity"); err != nil {
			return err
		}
		for _, sn := range sens {
			out.value(sn)
		}
	}
	return t.closeJSON(out)
}

// sensitivityNames returns the names of the linkings of every set, the
// columns -sensitivity adds before its verdict; nil for no sets.
func sensitivityNames(sets map[string][]*crosswalk.Crosswalk) []string {
	if sets == nil {
		return nil
	}
	var all [][]*crosswalk.Crosswalk
	for _, area := range slices.Sorted(maps.Keys(sets)) {
		all = append(all, sets[area])
	}
	return linkingNames(all...)
}

// setFor returns the linkings of an area: its own with -per-area (cws not
// nil), else the one set.
func setFor(sets map[string][]*crosswalk.Crosswalk, cws map[string]*crosswalk.Crosswalk, area string) []*crosswalk.Crosswalk {
	if cws != nil {
		return sets[area]
	}
	return sets[""]
}

// linkings returns the linkings -sensitivity compares under, by area: one
// set under "" for the whole input, or, with -per-area, one per area, each
// with that area's own data crosswalk.
func (t trendOutput) linkings(obs []trend.Observation) (map[string][]*crosswalk.Crosswalk, error) {
	groups := map[string][]trend.Observation{"": obs}
	if t.cws != nil {
		groups = make(map[string][]trend.Observation)
		for _, o := range obs {
			groups[o.Area] = append(groups[o.Area], o)
		}
	}
	sets := make(map[string][]*crosswalk.Crosswalk, len(groups))
	for area, g := range groups {
		var extra []*crosswalk.Crosswalk
		if t.model != nil {
			extra = append(extra, t.model.Crosswalk())
		}
		set, err := t.c.linkings(g, extra...)
		if err != nil {
			return nil, err
		}
		if t.cws != nil {
			for i, cw := range set {
				if cw.Name() == trend.DataCrosswalkName {
					set[i] = t.cws[area]
				}
			}
		}
		sets[area] = set
	}
	return sets, nil
}

// summarySensitivity is a summary's sensitivity to the linking in the
// JSON of -summary -sensitivity: the library's trend.Sensitivity with the
// series it belongs to.
type summarySensitivity struct {
	Subject string `json:"subject"`
	Area    string `json:"area"`
	trend.Sensitivity
}

// summaries writes a summary of each series and, when sets is not nil
// (-sensitivity), its first-to-last comparison under each linking of the
// set for its area.
func (t trendOutput) summaries(series []trend.Series, sets map[string][]*crosswalk.Crosswalk) error {
	cols := []string{"subject", "area", "observations"}
	for _, which := range []string{"first", "last", "best", "worst"} {
		for _, f := range []string{"date", "scale", "grade", "score"} {
			cols = append(cols, which+"_"+f)
		}
	}
	cols = append(append(cols, t.answerColumns()...), "cross_era_steps", "basis", "caveat")
	names := sensitivityNames(sets)
	if sets != nil {
		cols = append(append(cols, names...), "verdict")
	}
	if t.c.format == "json" {
		if err := t.jsonStart("summaries"); err != nil {
			return err
		}
	}
	var sens []summarySensitivity
	out := t.writer(cols)
	for _, s := range series {
		sum, err := t.summaryOf(s)
		if err != nil {
			return err
		}
		var sn trend.Sensitivity
		if sets != nil {
			if sn, err = sum.Sensitivity(setFor(sets, t.cws, s.Area)...); err != nil {
				return err
			}
		}
		if t.c.format == "json" {
			out.value(sum)
			if sets != nil {
				sens = append(sens, summarySensitivity{sum.Subject, sum.Area, sn})
			}
			continue
		}
		row := []string{sum.Subject, sum.Area, strconv.Itoa(sum.Observations)}
		for _, o := range []struct {
			obs   trend.Observation
			score float64
		}{{sum.First, sum.FirstScore}, {sum.Last, sum.LastScore}, {sum.Best, sum.BestScore}, {sum.Worst, sum.WorstScore}} {
			row = append(row, out.date(&o.obs), o.obs.Grade.Scale().ID(), o.obs.Grade.Label(), out.number(o.score))
		}
		if sum.Direction.IsValid() {
			lo, hi := sum.PImprovedInterval()
			row = append(row, t.answerCells(out, sum.Direction, sum.PImproved(), sum.HasInterval(), lo, hi, sum.Model)...)
		} else {
			row = append(row, make([]string, len(t.answerColumns()))...)
		}
		row = append(row, strconv.Itoa(sum.CrossEraSteps), basisText(sum.Basis()), sum.Caveat())
		if sets != nil {
			row = append(row, sensitivityCells(sn.Sensitivity, sn.Model, names, directionWord)...)
		}
		out.row(row...)
	}
	if t.c.format == "json" {
		return closeWithSensitivity(t, out, sets != nil, sens)
	}
	return out.close()
}

// directionWord is the direction a relation of a later grade to an earlier
// one stands for, as the trend columns write it.
func directionWord(r crosswalk.Relation) string { return trend.DirectionOf(r).String() }

func (t trendOutput) periods(obs []trend.Observation, opt trend.PeriodOptions) error {
	sums, err := trend.ByPeriod(t.c.cw, obs, opt)
	if err != nil {
		return err
	}
	var warnings []string
	if note := trend.MeansNote(sums); note != "" {
		warnings = append(warnings, note)
	}
	if w := mergeWarning(sums, opt.Bins); w != "" {
		warnings = append(warnings, w)
	}
	population := t.population(sums)
	for _, w := range warnings {
		t.in.warn(t.c, "%s", w)
	}
	if t.c.format == "json" {
		if err := t.jsonStart("periods"); err != nil {
			return err
		}
		out := newRowWriter("json", t.c.stdout, nil)
		for _, s := range sums {
			out.value(s)
		}
		if t.model != nil {
			if out, err = t.nextJSON(out, "population"); err != nil {
				return err
			}
			for _, p := range population {
				if p.ok {
					out.value(p)
				}
			}
		}
		return t.closeJSON(out)
	}
	cols := []string{"period", "from", "until", "area", "observations", "subjects", "scales", "mean_score"}
	if t.model != nil {
		cols = append(cols, "population_mean", "population_lo", "population_hi")
	}
	cols = append(cols, "straddling", "norm_referenced", "bin", "bin_lo", "bin_hi", "grades", "count")
	out := t.writer(cols, warnings...)
	for _, s := range sums {
		head := []string{s.Period.String(), s.Period.From.Format("2006-01-02"), s.Period.Until.Format("2006-01-02"),
			s.Area, strconv.Itoa(s.Observations), strconv.Itoa(s.Subjects), strings.Join(s.Scales, " < "), out.number(s.Mean)}
		if t.model != nil {
			p := population[s.Period]
			if p.ok {
				head = append(head, out.number(p.Mean), out.number(p.Lo90), out.number(p.Hi90))
			} else {
				head = append(head, "", "", "")
			}
		}
		head = append(head, strconv.Itoa(s.Straddling), strconv.FormatBool(s.NormReferenced))
		for i, n := range s.Bins {
			band := s.BinLabels[i].Band
			out.row(append(head, strconv.Itoa(i+1), out.number(band.Lo), out.number(band.Hi), s.Label(i), strconv.Itoa(n))...)
		}
	}
	return out.close()
}

// periodPopulation is the model's population mean over one period, in the
// JSON of -by-period -model: {"period", "from", "until", "mean", "lo90",
// "hi90", "latent"}, on the common ordinal and, under latent, the latent
// scale.
type periodPopulation struct {
	Period trend.Period   `json:"period"`
	From   string         `json:"from"`
	Until  string         `json:"until"`
	Mean   float64        `json:"mean"`
	Lo90   float64        `json:"lo90"`
	Hi90   float64        `json:"hi90"`
	Latent trend.Estimate `json:"latent"`
	ok     bool
}

// population returns the model's population mean over each period of sums
// (nil without a model), and warns of a period outside the model's span,
// which has none.
func (t trendOutput) population(sums []trend.PeriodSummary) map[trend.Period]periodPopulation {
	if t.model == nil {
		return nil
	}
	out := make(map[trend.Period]periodPopulation)
	for _, s := range sums {
		if _, done := out[s.Period]; done {
			continue
		}
		p := periodPopulation{Period: s.Period, From: s.Period.From.Format(time.DateOnly), Until: s.Period.Until.Format(time.DateOnly)}
		pt, err := t.model.PopulationOver(s.Period.From, s.Period.Until)
		if err != nil {
			t.in.warn(t.c, "-model: period %s lies outside the span of the model's national trend: no population mean for it", s.Period)
		} else {
			p.Mean, p.Lo90, p.Hi90, p.Latent, p.ok = pt.Mean, pt.Lo90, pt.Hi90, pt.Latent, true
		}
		out[s.Period] = p
	}
	return out
}

// mergeWarning returns one warning for the bins that count two levels of
// one scale together, or "" when none does.
func mergeWarning(sums []trend.PeriodSummary, bins int) string {
	n := 0
	first := ""
	for _, s := range sums {
		for i, b := range s.BinLabels {
			if !b.MergesLevels {
				continue
			}
			if n++; n == 1 {
				first = s.Period.String()
				if s.Area != "" {
					first += ", " + s.Area
				}
				first += fmt.Sprintf(", bin %d (%s)", i+1, s.Label(i))
			}
		}
	}
	if n == 0 {
		return ""
	}
	where := "1 bin counts"
	if n > 1 {
		where = fmt.Sprintf("%d bins count", n)
	}
	hint := "more -bins keep them apart"
	if bins != 0 {
		hint += ", and without -bins a period whose grades are on one scale is counted level by level"
	}
	return fmt.Sprintf("%s grades of two levels of one scale together, so their counts do not tell the levels apart (the first: %s); %s", where, first, hint)
}

// periodOptions reads the -bins and -periods flags that trend and chart
// share. -bins given must be 1 to 100; left out, it is 0: each level on
// its own where a period's grades are on one scale.
func (c *cli) periodOptions(bins int, periods string) (trend.PeriodOptions, int, bool) {
	opt := trend.PeriodOptions{Bins: bins}
	given := false
	c.fs.Visit(func(f *flag.Flag) { given = given || f.Name == "bins" })
	if given && (bins < 1 || bins > trend.MaxBins) {
		return opt, c.usageError("-bins %d: want 1 to %d", bins, trend.MaxBins), false
	}
	if periods != "" {
		for _, p := range strings.Split(periods, ",") {
			period, err := trend.ParsePeriod(strings.TrimSpace(p))
			if err != nil {
				return opt, c.usageError("-periods: %v", err), false
			}
			opt.Periods = append(opt.Periods, period)
		}
	}
	return opt, exitOK, true
}
