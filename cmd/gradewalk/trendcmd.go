package main

import (
	"bufio"
	"cmp"
	"fmt"
	"hash/maphash"
	"iter"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
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
	// With one processor, each observation is kept (its strings copied)
	// before the next is read, so the reader may use its memory again;
	// with more, another goroutine keeps them (see obsAdder).
	parallel := runtime.GOMAXPROCS(0) > 1
	in := input{reuse: !parallel}
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
	// The observations are kept compactly, without pointers (see
	// obsStore): a million of them cost 16 MB, which the garbage collector
	// need not scan.
	var store obsStore
	// With more than one processor, the observations read are kept by
	// another goroutine, a batch at a time, while the next are read.
	var adder *obsAdder
	if parallel {
		adder = newObsAdder(&store)
	}
	for {
		rec, _, done := in.next(c, rd)
		if done {
			break
		}
		if adder != nil {
			adder.add(&rec.Observation)
		} else {
			store.add(&rec.Observation)
		}
	}
	if adder != nil {
		adder.close()
	}
	prov := c.cw.String()
	if c.crosswalkFile() {
		prov += ", read from " + c.crosswalkPath
	}
	if c.fromData {
		counts := store.gradeCounts()
		cw, err := trend.CrosswalkFromCounts(counts)
		if err != nil {
			in.errw.Flush()
			return c.fail(fmt.Errorf("-crosswalk data: %w", err))
		}
		c.cw = cw
		scales := slices.SortedFunc(maps.Keys(counts), func(a, b *scale.Scale) int { return strings.Compare(a.ID(), b.ID()) })
		var counted []string
		for _, s := range scales {
			n := 0
			for _, k := range counts[s] {
				n += int(k)
			}
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
		err = out.summaries(&store)
	default:
		err = out.steps(&store)
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
	// time.Unix(sec, 0).UTC() makes it, which the readers always give, or
	// lie too far from 1970 to count in days in an int32.
	odd map[int]time.Time

	subjects subjectTable
	areas    []string       // every area met, by number
	areaNums map[string]int // the number of each area after the first scanAreas
	more     map[seriesKey]int32
	keys     []seriesKey // by series number

	grades gradeTable
}

type compactObs struct {
	day    int32 // days from 1970-01-01; see obsStore.odd
	series int32
	grade  uint32
	prec   trend.Precision
}

type seriesKey struct{ subject, area string }

// subjectAreas holds a subject's first areas, as their numbers in
// obsStore.areas, and their series, searched in order; a subject's further
// areas are in obsStore.more. It is an entry of a subjectTable: hash is
// the upper half of the subject's hash; short is 0 for an empty entry,
// longSubject for a subject longer than inline, and else one more than the
// subject's length, its bytes in inline.
type subjectAreas struct {
	subject string
	hash    uint32
	short   uint8
	n       uint8
	areas   [4]uint16
	series  [4]int32
	inline  [16]byte
}

const longSubject = 255

func (e *subjectAreas) set(subject string, hash uint32) {
	e.subject, e.hash, e.short = subject, hash, longSubject
	if len(subject) <= len(e.inline) {
		e.short = uint8(copy(e.inline[:], subject) + 1)
	}
}

func (st *obsStore) add(o *trend.Observation) {
	day := o.Date.Unix() / 86400
	if day != int64(int32(day)) || time.Unix(day*86400, 0).UTC() != o.Date {
		if st.odd == nil {
			st.odd = make(map[int]time.Time)
		}
		st.odd[len(st.obs)] = o.Date
	}
	st.obs = append(st.obs, compactObs{day: int32(day), series: st.series(o.Subject, o.Area), grade: st.grades.number(o.Grade), prec: o.Precision})
}

// gradeCounts counts how often each level of each scale met was given,
// worst first, as trend.CrosswalkFromCounts takes them.
func (st *obsStore) gradeCounts() map[*scale.Scale][]float64 {
	perGrade := make([]float64, len(st.grades.grades))
	for _, o := range st.obs {
		perGrade[o.grade]++
	}
	counts := make(map[*scale.Scale][]float64, len(st.grades.scales))
	for i, s := range st.grades.scales {
		first := st.grades.first[i]
		counts[s] = perGrade[first : first+s.Len() : first+s.Len()]
	}
	return counts
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
	return trend.Observation{Subject: k.subject, Area: k.area, Date: time.Unix(int64(c.day)*86400, 0).UTC(), Precision: c.prec, Grade: st.grades.grades[c.grade]}
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

// obsAdder adds observations to an obsStore in a goroutine of its own, a
// batch at a time, in order.
type obsAdder struct {
	batch []trend.Observation
	full  chan []trend.Observation
	free  chan []trend.Observation
	done  chan struct{}
}

// addBatch is how many observations an obsAdder hands over at a time.
const addBatch = 4096

func newObsAdder(st *obsStore) *obsAdder {
	a := &obsAdder{full: make(chan []trend.Observation, 4), free: make(chan []trend.Observation, 4), done: make(chan struct{})}
	go func() {
		for batch := range a.full {
			for i := range batch {
				st.add(&batch[i])
			}
			clear(batch) // let the blocks of input the strings are in go
			select {
			case a.free <- batch[:0]:
			default:
			}
		}
		close(a.done)
	}()
	return a
}

func (a *obsAdder) add(o *trend.Observation) {
	if a.batch == nil {
		select {
		case a.batch = <-a.free:
		default:
			a.batch = make([]trend.Observation, 0, addBatch)
		}
	}
	a.batch = append(a.batch, *o)
	if len(a.batch) == addBatch {
		a.full <- a.batch
		a.batch = nil
	}
}

// close hands over the last batch and waits until every observation is in
// the store.
func (a *obsAdder) close() {
	if len(a.batch) > 0 {
		a.full <- a.batch
	}
	close(a.full)
	<-a.done
}

// gradeTable numbers grades: the levels of each scale met, in order.
type gradeTable struct {
	scales []*scale.Scale // in the order met
	first  []int          // index in grades of each scale's worst grade
	grades []grade.Grade
}

// number returns the number of g.
func (gt *gradeTable) number(g grade.Grade) uint32 {
	s := g.Scale()
	for i, t := range gt.scales {
		if t == s {
			return uint32(gt.first[i] + g.Rank() - 1)
		}
	}
	gt.scales = append(gt.scales, s)
	gt.first = append(gt.first, len(gt.grades))
	for r := 1; r <= s.Len(); r++ {
		g, _ := grade.FromRank(s, r) // r is a rank of s
		gt.grades = append(gt.grades, g)
	}
	return uint32(gt.first[len(gt.first)-1] + g.Rank() - 1)
}

// scanAreas is how many areas obsStore.series compares one by one, before
// it looks in a map: data usually has a few areas, and comparing a few
// short strings costs less than hashing one.
const scanAreas = 8

// series returns the number of the series of subject and area, keeping a
// copy of each.
func (st *obsStore) series(subject, area string) int32 {
	ai := -1
	for i, a := range st.areas[:min(len(st.areas), scanAreas)] {
		if a == area {
			ai = i
			break
		}
	}
	if ai < 0 && len(st.areas) > scanAreas {
		if i, ok := st.areaNums[area]; ok {
			ai = i
		}
	}
	if ai < 0 {
		ai = len(st.areas)
		st.areas = append(st.areas, strings.Clone(area))
		if ai >= scanAreas {
			if st.areaNums == nil {
				st.areaNums = make(map[string]int)
			}
			st.areaNums[st.areas[ai]] = ai
		}
	}
	sa := st.subjects.get(subject)
	for i := range sa.n {
		if int(sa.areas[i]) == ai {
			return sa.series[i]
		}
	}
	k := seriesKey{sa.subject, st.areas[ai]}
	if sa.n == uint8(len(sa.areas)) {
		if n, ok := st.more[k]; ok {
			return n
		}
	}
	id := int32(len(st.keys))
	st.keys = append(st.keys, k)
	if sa.n < uint8(len(sa.areas)) && ai <= math.MaxUint16 {
		sa.areas[sa.n], sa.series[sa.n] = uint16(ai), id
		sa.n++
	} else {
		if st.more == nil {
			st.more = make(map[seriesKey]int32)
		}
		st.more[k] = id
	}
	return id
}

// subjectTable finds a subject's subjectAreas. It is a hash table whose
// entries hold a short subject's bytes themselves, so that finding one
// reads one entry of 64 bytes and nothing else: with thousands of subjects
// in random order, each place read costs a trip to memory.
type subjectTable struct {
	seed    maphash.Seed
	entries []subjectAreas // a power of two of them, at most half used
	used    int
}

// get returns the entry of subject, making it (with a copy of subject) if
// there is none. The pointer is valid until the next call.
func (t *subjectTable) get(subject string) *subjectAreas {
	if t.entries == nil {
		t.seed = maphash.MakeSeed()
		t.entries = make([]subjectAreas, 1024)
	}
	h := maphash.String(t.seed, subject)
	mask := uint64(len(t.entries) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := &t.entries[i]
		if e.short == 0 {
			if 2*(t.used+1) > len(t.entries) {
				t.grow()
				return t.get(subject)
			}
			t.used++
			e.set(strings.Clone(subject), uint32(h>>32))
			return e
		}
		if e.hash != uint32(h>>32) {
			continue
		}
		if e.short == longSubject {
			if e.subject == subject {
				return e
			}
		} else if int(e.short)-1 == len(subject) && string(e.inline[:len(subject)]) == subject {
			return e
		}
	}
}

// grow doubles the table.
func (t *subjectTable) grow() {
	old := t.entries
	t.entries = make([]subjectAreas, 2*len(old))
	mask := uint64(len(t.entries) - 1)
	for _, e := range old {
		if e.short == 0 {
			continue
		}
		h := maphash.String(t.seed, e.subject)
		i := h & mask
		for t.entries[i].short != 0 {
			i = (i + 1) & mask
		}
		t.entries[i] = e
	}
}

// grouped yields the series of the observations as trend.Group returns
// them, by subject and then area, each in date order (see batches).
func (st *obsStore) grouped() iter.Seq[trend.Series] {
	bs := st.batches()
	return func(yield func(trend.Series) bool) {
		var buf []trend.Observation
		for i := range bs.n() {
			for _, s := range bs.group(i, &buf) {
				if !yield(s) {
					return
				}
			}
		}
	}
}

// seriesBatches holds the compact observations sorted by series, the series
// in the order in which trend.Group returns them, by subject and then area,
// and cut into batches of whole series. Group is handed a batch at a time:
// its result does not depend on the order of observations of different
// series, and given each series' together it need not look each one's
// series up. A batch is small enough to stay in the processor's cache, and
// the memory of one is used again for the next; batches can be grouped at
// the same time.
type seriesBatches struct {
	st     *obsStore
	sorted []compactObs
	oddAt  map[int]int // position in st.obs of each odd one in sorted
	ends   []int       // where each batch ends in sorted
}

func (st *obsStore) batches() *seriesBatches {
	order := make([]int32, len(st.keys))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ka, kb := st.keys[a], st.keys[b]
		return cmp.Or(strings.Compare(ka.subject, kb.subject), strings.Compare(ka.area, kb.area))
	})
	// next[n] is where the next observation of series n goes in sorted.
	next := make([]int, len(st.keys))
	for _, c := range st.obs {
		next[c.series]++
	}
	bs := &seriesBatches{st: st, sorted: make([]compactObs, len(st.obs))}
	at, batch := 0, 0
	for _, n := range order {
		// Whole series, up to batchSize observations unless one is longer.
		if at > batch && at+next[n]-batch > batchSize {
			bs.ends = append(bs.ends, at)
			batch = at
		}
		at, next[n] = at+next[n], at
	}
	if at > batch {
		bs.ends = append(bs.ends, at)
	}
	for i, c := range st.obs {
		if _, ok := st.odd[i]; ok {
			if bs.oddAt == nil {
				bs.oddAt = make(map[int]int)
			}
			bs.oddAt[next[c.series]] = i
		}
		bs.sorted[next[c.series]] = c
		next[c.series]++
	}
	return bs
}

// n returns the number of batches.
func (bs *seriesBatches) n() int { return len(bs.ends) }

// group returns the series of batch i, using *buf for its observations.
func (bs *seriesBatches) group(i int, buf *[]trend.Observation) []trend.Series {
	from := 0
	if i > 0 {
		from = bs.ends[i-1]
	}
	b := (*buf)[:0]
	for j, c := range bs.sorted[from:bs.ends[i]] {
		o := bs.st.expand(c)
		if bs.oddAt != nil {
			if k, ok := bs.oddAt[from+j]; ok {
				o.Date = bs.st.odd[k]
			}
		}
		b = append(b, o)
	}
	*buf = b
	return trend.Group(b)
}

// batchSize is how many observations a batch of series has at most, unless
// one series is longer: 16K observations of 80 bytes, 1.3 MB, and about
// 3 MB of steps as CSV.
const batchSize = 1 << 14

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

func (t trendOutput) steps(store *obsStore) error {
	c := t.c
	out := t.sink([]string{"subject", "area", "from_date", "from_scale", "from_grade",
		"to_date", "to_scale", "to_grade", "direction", "p_improved", "p_improved_lo", "p_improved_hi", "cross_era", "order_from_input", "caveat"})
	// The caveat depends only on the two scales: join each pair's once.
	type pair struct{ from, to *scale.Scale }
	caveats := make(map[pair]string)
	if cs, ok := out.(*csvSink); ok {
		return t.stepsCSV(cs, store.batches())
	}
	cells := make([]cell, 0, 16)
	for s := range store.grouped() {
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
// out, but from text kept for what repeats (see stepWriter). With more than
// one processor, batches of series are grouped and their rows made at the
// same time, each by a stepWriter of its own, and written in order.
func (t trendOutput) stepsCSV(out *csvSink, bs *seriesBatches) error {
	workers := min(runtime.GOMAXPROCS(0), bs.n())
	if workers <= 1 {
		sw := stepWriter{cw: t.c.cw, w: out.w}
		for i := range bs.n() {
			if err := sw.batch(bs, i); err != nil {
				return err
			}
		}
		return out.close()
	}
	type result struct {
		rows []byte
		ends []int // of each row in rows
		err  error
	}
	done := make([]chan result, bs.n())
	for i := range done {
		done[i] = make(chan result, 1)
	}
	quit := make(chan struct{})
	defer close(quit)
	// The buffers of rows written, for the workers to use again.
	free := make(chan result, 2*workers+1)
	// Batch i is made by worker i%workers, at most two ahead of the one
	// being written.
	ahead := make([]chan struct{}, workers)
	for k := range workers {
		ahead[k] = make(chan struct{}, 2)
		go func() {
			sw := stepWriter{cw: t.c.cw}
			for i := k; i < bs.n(); i += workers {
				select {
				case ahead[k] <- struct{}{}:
				case <-quit:
					return
				}
				select {
				case r := <-free:
					sw.rows, sw.ends = r.rows[:0], r.ends[:0]
				default:
					sw.rows, sw.ends = nil, nil
				}
				err := sw.batch(bs, i)
				done[i] <- result{sw.rows, sw.ends, err}
			}
		}()
	}
	for i := range bs.n() {
		r := <-done[i]
		at := 0
		for _, end := range r.ends {
			out.w.Write(r.rows[at:end])
			at = end
		}
		if r.err != nil {
			return r.err
		}
		free <- r
		<-ahead[i%workers]
	}
	return out.close()
}

// stepWriter makes the CSV rows of steps from text kept for what repeats:
// each series' subject and area, each observation's date, and everything
// that depends only on the two grades of a step (their scales and labels,
// the direction, the probabilities, cross_era and the caveat), made once
// for each pair of grades met. It writes each row to w or, when w is nil,
// appends it to rows and its end to ends.
type stepWriter struct {
	cw     *crosswalk.Crosswalk
	w      *bufio.Writer
	rows   []byte
	ends   []int
	obs    []trend.Observation
	grades gradeTable
	pairs  [][]*stepText // by the numbers of the from and to grades, below maxPairGrade
	more   map[[2]uint32]*stepText
	row    []byte
	prefix []byte
	dates  [2][]byte
}

// maxPairGrade bounds the grade numbers stepWriter keeps the text of pairs
// of in a table rather than a map.
const maxPairGrade = 256

// text returns the text of step st, from grade number from to grade
// number to, making it the first time.
func (sw *stepWriter) text(from, to uint32, st trend.Step) *stepText {
	if from < maxPairGrade && to < maxPairGrade {
		for int(from) >= len(sw.pairs) {
			sw.pairs = append(sw.pairs, nil)
		}
		for int(to) >= len(sw.pairs[from]) {
			sw.pairs[from] = append(sw.pairs[from], nil)
		}
		pt := &sw.pairs[from][to]
		if *pt == nil {
			*pt = newStepText(st)
		}
		return *pt
	}
	k := [2]uint32{from, to}
	pt, ok := sw.more[k]
	if !ok {
		if sw.more == nil {
			sw.more = make(map[[2]uint32]*stepText)
		}
		pt = newStepText(st)
		sw.more[k] = pt
	}
	return pt
}

// batch makes the rows of the steps of batch i; it stops at an error.
func (sw *stepWriter) batch(bs *seriesBatches, i int) error {
	for _, s := range bs.group(i, &sw.obs) {
		sw.prefix = appendCSV(sw.prefix[:0], s.Subject)
		sw.prefix = append(sw.prefix, ',')
		sw.prefix = appendCSV(sw.prefix, s.Area)
		sw.prefix = append(sw.prefix, ',')
		first := true
		var from uint32
		fromDate, toDate := sw.dates[0], sw.dates[1]
		for st, err := range s.StepSeq(sw.cw) {
			if err != nil {
				return err
			}
			if first {
				from = sw.grades.number(st.From.Grade)
				fromDate = date(st.From).appendText(fromDate[:0], false)
				first = false
			}
			to := sw.grades.number(st.To.Grade)
			toDate = date(st.To).appendText(toDate[:0], false)
			pt := sw.text(from, to, st)
			b := sw.row[:0]
			if sw.w == nil {
				b = sw.rows
			}
			b = append(b, sw.prefix...)
			b = append(b, fromDate...)
			b = append(b, pt.from...)
			b = append(b, toDate...)
			b = append(b, pt.to...)
			b = strconv.AppendBool(b, st.OrderFromInput)
			b = append(b, pt.caveat...)
			if sw.w == nil {
				sw.rows = b
				sw.ends = append(sw.ends, len(b))
			} else {
				sw.row = b
				sw.w.Write(b)
			}
			from, fromDate, toDate = to, toDate, fromDate
		}
		sw.dates[0], sw.dates[1] = fromDate, toDate
	}
	return nil
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

func (t trendOutput) summaries(store *obsStore) error {
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
	for s := range store.grouped() {
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
