package main

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

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
sampling variation in a data-driven crosswalk's counts; both equal
p_improved for a crosswalk without counts), cross_era (the grades are on different scales),
order_from_input (the two dates overlap, so their order is the input's) and
caveat (the issuers' statements about comparing across eras, where one
applies).

-summary writes one row per series instead: subject, area, observations,
first_date, first_scale, first_grade, first_score, last_date, last_scale,
last_grade, last_score, best_date, best_scale, best_grade, best_score,
worst_date, worst_scale, worst_grade, worst_score, direction, p_improved,
p_improved_lo and p_improved_hi (from first to last; empty for a single
observation),
cross_era_steps and caveat.

-by-period writes one row per period and area, across subjects: period,
from, until, area, observations, subjects, scales (joined by " < "; an array
in JSON), mean_score, and bin_1 … bin_N, the number of grades whose score
lies in [(i-1)/N, i/N) of the common ordinal (the last bin includes 1).

-crosswalk data builds the crosswalk from the input itself: every row is
read first and each scale's grades are counted, as if they were a published
distribution. A scale with fewer than 10 observations gets a warning on
standard error (it still counts); a scale seen only once is an error.

JSON objects name the crosswalk that produced the numbers in the key
crosswalk; with -comments, CSV output names it in a "# crosswalk: ..." line
before the header.`

func runTrend(c *cli, args []string) int {
	var in input
	fs := c.flags()
	in.flags(fs)
	summary := fs.Bool("summary", false, "write a summary of each series instead of its steps")
	byPeriod := fs.Bool("by-period", false, "write a summary of each period and area, across subjects")
	periods := fs.String("periods", "", "with -by-period: comma-separated `periods`, each YYYY[-MM[-DD]] or FROM..UNTIL (default: each calendar year in the data)")
	bins := fs.Int("bins", trend.DefaultBins, "with -by-period: number of equal bins of the common ordinal")
	pool := fs.Bool("pool-areas", false, "with -by-period: summarise all areas together")
	comments := fs.Bool("comments", false, "with -format csv: write a \"# crosswalk: ...\" line before the header, naming the crosswalk that produced the numbers")
	pos, code, ok := c.parse(args, 0, 1)
	if !ok {
		return code
	}
	if *summary && *byPeriod {
		return c.usageError("give -summary or -by-period, not both")
	}
	opt, code, ok := c.periodOptions(*bins, *periods)
	if !ok {
		return code
	}
	opt.PoolAreas = *pool
	rd, closer, code, ok := in.open(c, pos)
	if !ok {
		return code
	}
	defer closer()
	var obs []trend.Observation
	// Subjects and areas repeat: keep one copy of each, rather than the
	// record each was read from.
	interned := make(map[string]string)
	intern := func(s string) string {
		if v, ok := interned[s]; ok {
			return v
		}
		s = strings.Clone(s)
		interned[s] = s
		return s
	}
	// Gather in fixed-size chunks and join them once: growing one slice
	// would copy a million observations over and over.
	const chunk = 1 << 16
	var chunks [][]trend.Observation
	total := 0
	perScale := make(map[*scale.Scale]int) // for -crosswalk data
	for {
		rec, _, done := in.next(c, rd)
		if done {
			break
		}
		o := rec.Observation
		if c.fromData {
			perScale[o.Grade.Scale()]++
		}
		o.Subject, o.Area = intern(o.Subject), intern(o.Area)
		if len(chunks) == 0 || len(chunks[len(chunks)-1]) == chunk {
			chunks = append(chunks, make([]trend.Observation, 0, chunk))
		}
		chunks[len(chunks)-1] = append(chunks[len(chunks)-1], o)
		total++
	}
	obs = make([]trend.Observation, 0, total)
	for i, ch := range chunks {
		obs = append(obs, ch...)
		chunks[i] = nil
	}
	prov := c.cw.String()
	if c.crosswalkFile() {
		prov += ", read from " + c.crosswalkPath
	}
	if c.fromData {
		cw, err := trend.CrosswalkFrom(slices.Values(obs))
		if err != nil {
			in.errw.Flush()
			return c.fail(fmt.Errorf("-crosswalk data: %w", err))
		}
		c.cw = cw
		scales := slices.SortedFunc(maps.Keys(perScale), func(a, b *scale.Scale) int { return strings.Compare(a.ID(), b.ID()) })
		var counted []string
		for _, s := range scales {
			n := perScale[s]
			counted = append(counted, s.ID()+" "+strconv.Itoa(n))
			if n < trend.MinCrosswalkObservations {
				fmt.Fprintf(in.errw, "gradewalk trend: warning: -crosswalk data: scale %s has %d observations, fewer than %d: its bands, standard errors and intervals rest on few grades\n",
					s.ID(), n, trend.MinCrosswalkObservations)
			}
		}
		prov = cw.String() + ", counted from the input's observations (" + strings.Join(counted, ", ") + ")"
	}
	out := trendOutput{c: c, prov: prov, comments: *comments}
	var err error
	switch {
	case *byPeriod:
		err = out.periods(obs, opt)
	case *summary:
		err = out.summaries(obs)
	default:
		err = out.steps(obs)
	}
	if err != nil {
		in.errw.Flush()
		return c.fail(err)
	}
	return in.finish()
}

// trendOutput writes trend's rows with the provenance of their numbers:
// the crosswalk, as a "crosswalk" key in each JSON object and, with
// -comments, a "# crosswalk:" line before the CSV header.
type trendOutput struct {
	c        *cli
	prov     string
	comments bool
}

// provSink adds the crosswalk to each JSON object.
type provSink struct {
	sink
	prov cell
}

func (p provSink) row(cells ...cell) { p.sink.row(append(cells, p.prov)...) }

func (t trendOutput) sink(cols []string) sink {
	switch t.c.format {
	case "json":
		return provSink{newSink("json", t.c.stdout, append(cols, "crosswalk")), text(t.prov)}
	case "csv":
		if t.comments {
			// Written before the sink writes anything; a line break in the
			// provenance would end the comment, so none is kept.
			fmt.Fprintf(t.c.stdout, "# crosswalk: %s\n", strings.NewReplacer("\n", " ", "\r", " ").Replace(t.prov))
		}
	}
	return newSink(t.c.format, t.c.stdout, cols)
}

func (t trendOutput) steps(obs []trend.Observation) error {
	c := t.c
	out := t.sink([]string{"subject", "area", "from_date", "from_scale", "from_grade",
		"to_date", "to_scale", "to_grade", "direction", "p_improved", "p_improved_lo", "p_improved_hi", "cross_era", "order_from_input", "caveat"})
	// The caveat depends only on the two scales: join each pair's once.
	type pair struct{ from, to *scale.Scale }
	caveats := make(map[pair]string)
	cells := make([]cell, 0, 16)
	for _, s := range trend.Group(obs) {
		for st, err := range s.StepSeq(c.cw) {
			if err != nil {
				return err
			}
			f, t := st.From, st.To
			caveat := ""
			if st.CrossEra {
				k := pair{f.Grade.Scale(), t.Grade.Scale()}
				cv, ok := caveats[k]
				if !ok {
					cv = st.Caveat()
					caveats[k] = cv
				}
				caveat = cv
			}
			cells = append(cells[:0], text(s.Subject), text(s.Area),
				date(f), text(f.Grade.Scale().ID()), text(f.Grade.Label()),
				date(t), text(t.Grade.Scale().ID()), text(t.Grade.Label()),
				text(st.Direction.String()), float(st.PImproved), float(st.PImprovedLo), float(st.PImprovedHi), boolean(st.CrossEra), boolean(st.OrderFromInput), optText(caveat))
			out.row(cells...)
		}
	}
	return out.close()
}

func (t trendOutput) summaries(obs []trend.Observation) error {
	c := t.c
	cols := []string{"subject", "area", "observations"}
	for _, which := range []string{"first", "last", "best", "worst"} {
		for _, f := range []string{"date", "scale", "grade", "score"} {
			cols = append(cols, which+"_"+f)
		}
	}
	cols = append(cols, "direction", "p_improved", "p_improved_lo", "p_improved_hi", "cross_era_steps", "caveat")
	out := t.sink(cols)
	cells := make([]cell, 0, len(cols)+1)
	for _, s := range trend.Group(obs) {
		sum, err := s.Summary(c.cw)
		if err != nil {
			return err
		}
		cells = append(cells[:0], text(sum.Subject), text(sum.Area), integer(sum.Observations))
		for _, o := range []struct {
			obs   trend.Observation
			score float64
		}{{sum.First, sum.FirstScore}, {sum.Last, sum.LastScore}, {sum.Best, sum.BestScore}, {sum.Worst, sum.WorstScore}} {
			cells = append(cells, date(o.obs), text(o.obs.Grade.Scale().ID()), text(o.obs.Grade.Label()), float(o.score))
		}
		if sum.Direction.IsValid() {
			cells = append(cells, text(sum.Direction.String()), float(sum.PImproved), float(sum.PImprovedLo), float(sum.PImprovedHi))
		} else {
			cells = append(cells, null(), null(), null(), null())
		}
		cells = append(cells, integer(sum.CrossEraSteps), optText(sum.Caveat()))
		out.row(cells...)
	}
	return out.close()
}

func (t trendOutput) periods(obs []trend.Observation, opt trend.PeriodOptions) error {
	c := t.c
	sums, err := trend.ByPeriod(c.cw, obs, opt)
	if err != nil {
		return err
	}
	cols := []string{"period", "from", "until", "area", "observations", "subjects", "scales", "mean_score"}
	for i := range opt.Bins {
		cols = append(cols, "bin_"+strconv.Itoa(i+1))
	}
	out := t.sink(cols)
	for _, s := range sums {
		cells := []cell{text(s.Period.String()), text(s.Period.From.Format("2006-01-02")), text(s.Period.Until.Format("2006-01-02")),
			text(s.Area), integer(s.Observations), integer(s.Subjects), list(s.Scales), float(s.Mean)}
		for _, n := range s.Bins {
			cells = append(cells, integer(n))
		}
		out.row(cells...)
	}
	return out.close()
}

// periodOptions reads the -bins and -periods flags that trend and chart
// share.
func (c *cli) periodOptions(bins int, periods string) (trend.PeriodOptions, int, bool) {
	opt := trend.PeriodOptions{Bins: bins}
	if bins < 1 {
		return opt, c.usageError("-bins %d: want at least 1", bins), false
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
