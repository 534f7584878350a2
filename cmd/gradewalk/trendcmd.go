package main

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/grade"
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
	opt := trend.PeriodOptions{Bins: *bins, PoolAreas: *pool}
	if *bins < 1 {
		return c.usageError("-bins %d: want at least 1", *bins)
	}
	if *periods != "" {
		for _, p := range strings.Split(*periods, ",") {
			period, err := trend.ParsePeriod(strings.TrimSpace(p))
			if err != nil {
				return c.usageError("-periods: %v", err)
			}
			opt.Periods = append(opt.Periods, period)
		}
	}
	rd, closer, code, ok := in.open(c, pos)
	if !ok {
		return code
	}
	defer closer()
	// The observations are kept compactly, without pointers (see
	// obsStore): a million of them cost 16 MB, which the garbage collector
	// need not scan.
	var store obsStore
	perScale := make(map[*scale.Scale]int) // for -crosswalk data
	for {
		rec, _, done := in.next(c, rd)
		if done {
			break
		}
		if c.fromData {
			perScale[rec.Observation.Grade.Scale()]++
		}
		store.add(&rec.Observation)
	}
	prov := c.cw.String()
	if c.crosswalkFile() {
		prov += ", read from " + c.crosswalkPath
	}
	if c.fromData {
		cw, err := trend.CrosswalkFrom(store.all())
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
		err = out.periods(slices.AppendSeq(make([]trend.Observation, 0, len(store.obs)), store.all()), opt)
	case *summary:
		err = out.summaries(store.grouped())
	default:
		err = out.steps(store.grouped())
	}
	if err != nil {
		in.errw.Flush()
		return c.fail(err)
	}
	return in.finish()
}

// obsStore keeps observations as read, each in 16 bytes without pointers:
// its series (subject and area), its grade and its date, each as a number.
// Subjects and areas are kept once each, rather than with the block of
// input each was read from.
type obsStore struct {
	obs []compactObs
	// odd holds, by position, the dates that are not midnight UTC as
	// time.Unix(sec, 0).UTC() makes it, which the readers always give.
	odd map[int]time.Time

	subjects map[string]subjectAreas
	areas    []string // every area met, searched in order: there are few
	more     map[seriesKey]int32
	keys     []seriesKey // by series number

	grades gradeTable
}

type compactObs struct {
	date   int64 // Unix seconds
	series int32
	grade  uint16
	prec   trend.Precision
}

type seriesKey struct{ subject, area string }

// subjectAreas holds a subject's first areas, as their numbers in
// obsStore.areas, and their series, searched in order; a subject's further
// areas are in obsStore.more. It is kept in the map itself, to save looking
// further in memory for the most of the time.
type subjectAreas struct {
	subject string
	n       uint8
	areas   [4]uint16
	series  [4]int32
}

func (st *obsStore) add(o *trend.Observation) {
	sec := o.Date.Unix()
	if time.Unix(sec, 0).UTC() != o.Date {
		if st.odd == nil {
			st.odd = make(map[int]time.Time)
		}
		st.odd[len(st.obs)] = o.Date
	}
	st.obs = append(st.obs, compactObs{date: sec, series: st.series(o.Subject, o.Area), grade: st.grades.number(o.Grade), prec: o.Precision})
}

// observation returns the observation at position i.
func (st *obsStore) observation(i int) trend.Observation {
	o := st.expand(st.obs[i])
	if t, ok := st.odd[i]; ok {
		o.Date = t
	}
	return o
}

// expand returns the observation c stands for, with a date at midnight UTC.
func (st *obsStore) expand(c compactObs) trend.Observation {
	k := st.keys[c.series]
	return trend.Observation{Subject: k.subject, Area: k.area, Date: time.Unix(c.date, 0).UTC(), Precision: c.prec, Grade: st.grades.grades[c.grade]}
}

// all yields the observations in input order.
func (st *obsStore) all() iter.Seq[trend.Observation] {
	return func(yield func(trend.Observation) bool) {
		for i := range st.obs {
			if !yield(st.observation(i)) {
				return
			}
		}
	}
}

// gradeTable numbers grades: the levels of each scale met, in order.
type gradeTable struct {
	scales []*scale.Scale // in the order met
	first  []int          // index in grades of each scale's worst grade
	grades []grade.Grade
}

// number returns the number of g.
func (gt *gradeTable) number(g grade.Grade) uint16 {
	s := g.Scale()
	for i, t := range gt.scales {
		if t == s {
			return uint16(gt.first[i] + g.Rank() - 1)
		}
	}
	gt.scales = append(gt.scales, s)
	gt.first = append(gt.first, len(gt.grades))
	for r := 1; r <= s.Len(); r++ {
		g, _ := grade.FromRank(s, r) // r is a rank of s
		gt.grades = append(gt.grades, g)
	}
	return uint16(gt.first[len(gt.first)-1] + g.Rank() - 1)
}

// series returns the number of the series of subject and area, keeping a
// copy of each.
func (st *obsStore) series(subject, area string) int32 {
	ai := -1
	for i, a := range st.areas {
		if a == area {
			ai = i
			break
		}
	}
	if ai < 0 {
		ai = len(st.areas)
		st.areas = append(st.areas, strings.Clone(area))
	}
	sa, ok := st.subjects[subject]
	if ok {
		for i := range sa.n {
			if int(sa.areas[i]) == ai {
				return sa.series[i]
			}
		}
		if sa.n == uint8(len(sa.areas)) {
			if n, ok := st.more[seriesKey{sa.subject, st.areas[ai]}]; ok {
				return n
			}
		}
	} else {
		if st.subjects == nil {
			st.subjects = make(map[string]subjectAreas)
		}
		sa.subject = strings.Clone(subject)
	}
	k := seriesKey{sa.subject, st.areas[ai]}
	id := int32(len(st.keys))
	st.keys = append(st.keys, k)
	if sa.n < uint8(len(sa.areas)) && ai <= math.MaxUint16 {
		sa.areas[sa.n], sa.series[sa.n] = uint16(ai), id
		sa.n++
		st.subjects[sa.subject] = sa
	} else {
		if st.more == nil {
			st.more = make(map[seriesKey]int32)
		}
		st.more[k] = id
	}
	return id
}

// grouped yields the series of the observations as trend.Group returns
// them, by subject and then area, each in date order. It sorts the compact
// observations by series, and hands Group the observations of a batch of
// whole series at a time, in the order of the series: Group's result does
// not depend on the order of observations of different series, and given
// each series' together it need not look each one's series up. A batch is
// small enough to stay in the processor's cache, and the memory of one is
// used again for the next.
func (st *obsStore) grouped() iter.Seq[trend.Series] {
	order := make([]int32, len(st.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ka, kb := st.keys[a], st.keys[b]
		return cmp.Or(strings.Compare(ka.subject, kb.subject), strings.Compare(ka.area, kb.area))
	})
	// start[n] is where the observations of series n begin in sorted.
	start := make([]int, len(st.keys))
	for _, c := range st.obs {
		start[c.series]++
	}
	at := 0
	for _, n := range order {
		at, start[n] = at+start[n], at
	}
	next := slices.Clone(start)
	sorted := make([]compactObs, len(st.obs))
	var oddAt map[int]int // position in st.obs of each odd one in sorted
	for i, c := range st.obs {
		if _, ok := st.odd[i]; ok {
			if oddAt == nil {
				oddAt = make(map[int]int)
			}
			oddAt[next[c.series]] = i
		}
		sorted[next[c.series]] = c
		next[c.series]++
	}
	return func(yield func(trend.Series) bool) {
		var batch []trend.Observation
		for from := 0; from < len(order); {
			// Whole series, up to batchSize observations unless the first
			// is longer.
			endOf := func(k int) int { // where series order[k-1] ends
				if k == len(order) {
					return len(sorted)
				}
				return start[order[k]]
			}
			until := from + 1
			for until < len(order) && endOf(until+1)-start[order[from]] <= batchSize {
				until++
			}
			end := endOf(until)
			batch = batch[:0]
			for j := start[order[from]]; j < end; j++ {
				o := st.expand(sorted[j])
				if oddAt != nil {
					if i, ok := oddAt[j]; ok {
						o.Date = st.odd[i]
					}
				}
				batch = append(batch, o)
			}
			for _, s := range trend.Group(batch) {
				if !yield(s) {
					return
				}
			}
			from = until
		}
	}
}

// batchSize is how many observations obsStore.grouped gives trend.Group at
// a time: 64K observations of 80 bytes, 5 MB.
const batchSize = 1 << 16

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

func (t trendOutput) steps(series iter.Seq[trend.Series]) error {
	c := t.c
	out := t.sink([]string{"subject", "area", "from_date", "from_scale", "from_grade",
		"to_date", "to_scale", "to_grade", "direction", "p_improved", "p_improved_lo", "p_improved_hi", "cross_era", "order_from_input", "caveat"})
	// The caveat depends only on the two scales: join each pair's once.
	type pair struct{ from, to *scale.Scale }
	caveats := make(map[pair]string)
	if cs, ok := out.(*csvSink); ok {
		return t.stepsCSV(cs, series)
	}
	cells := make([]cell, 0, 16)
	for s := range series {
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

// stepsCSV writes the rows of steps as the cells above would be written by
// out, but from text kept for what repeats: each series' subject and area,
// each observation's date, and everything that depends only on the two
// grades of a step (their scales and labels, the direction, the
// probabilities, cross_era and the caveat), made once for each pair of
// grades met.
func (t trendOutput) stepsCSV(out *csvSink, series iter.Seq[trend.Series]) error {
	var grades gradeTable
	var pairs [][]*stepText // by the numbers of the from and to grades
	var prefix, fromDate, toDate []byte
	for s := range series {
		prefix = appendCSV(prefix[:0], s.Subject)
		prefix = append(prefix, ',')
		prefix = appendCSV(prefix, s.Area)
		prefix = append(prefix, ',')
		first := true
		var from uint16
		for st, err := range s.StepSeq(t.c.cw) {
			if err != nil {
				return err
			}
			if first {
				from = grades.number(st.From.Grade)
				fromDate = date(st.From).appendText(fromDate[:0], false)
				first = false
			}
			to := grades.number(st.To.Grade)
			toDate = date(st.To).appendText(toDate[:0], false)
			for int(from) >= len(pairs) {
				pairs = append(pairs, nil)
			}
			for int(to) >= len(pairs[from]) {
				pairs[from] = append(pairs[from], nil)
			}
			pt := pairs[from][to]
			if pt == nil {
				pt = newStepText(st)
				pairs[from][to] = pt
			}
			b := append(out.buf[:0], prefix...)
			b = append(b, fromDate...)
			b = append(b, pt.from...)
			b = append(b, toDate...)
			b = append(b, pt.to...)
			b = strconv.AppendBool(b, st.OrderFromInput)
			b = append(b, pt.caveat...)
			out.buf = b
			out.w.Write(b)
			from, fromDate, toDate = to, toDate, fromDate
		}
	}
	return out.close()
}

// stepText is the text of a step's columns that depend only on its two
// grades: from holds ",from_scale,from_grade,", to holds ",to_scale,
// to_grade,direction,p_improved,p_improved_lo,p_improved_hi,cross_era,"
// and caveat ",caveat\n".
type stepText struct{ from, to, caveat []byte }

func newStepText(st trend.Step) *stepText {
	var pt stepText
	pt.from = append(pt.from, ',')
	pt.from = appendCSV(pt.from, st.From.Grade.Scale().ID())
	pt.from = append(pt.from, ',')
	pt.from = appendCSV(pt.from, st.From.Grade.Label())
	pt.from = append(pt.from, ',')
	pt.to = append(pt.to, ',')
	for _, c := range []cell{text(st.To.Grade.Scale().ID()), text(st.To.Grade.Label()), text(st.Direction.String()),
		float(st.PImproved), float(st.PImprovedLo), float(st.PImprovedHi), boolean(st.CrossEra)} {
		if c.kind == kindText {
			pt.to = appendCSV(pt.to, c.s)
		} else {
			pt.to = c.appendText(pt.to, false)
		}
		pt.to = append(pt.to, ',')
	}
	pt.caveat = append(pt.caveat, ',')
	if st.CrossEra {
		pt.caveat = appendCSV(pt.caveat, st.Caveat())
	}
	pt.caveat = append(pt.caveat, '\n')
	return &pt
}

func (t trendOutput) summaries(series iter.Seq[trend.Series]) error {
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
	for s := range series {
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
