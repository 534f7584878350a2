// Package trend follows grades through time: a subject's grades over the
// years, every subject in a period, and what happened across a change of
// scale.
//
// An [Observation] is one grade given to one subject (a police force, a
// school) for one area (what was graded: "overall", "effectiveness") on one
// date. [Group] collects observations into [Series], one per subject and
// area, in date order. A series' [Step]s compare each grade with the one
// before it through a [crosswalk.Crosswalk], and its [Summary] gives the
// first and last grades, the best and the worst, and the direction from
// first to last. [ByPeriod] summarises every subject in a period: how many
// grades of each level (or in each bin of the common ordinal, labelled by
// the grades it holds), and the mean score.
//
// Every answer says what it rests on ([Step.Basis]: the same scale, an
// issuer's published equivalence, or the crosswalk's bands), and
// [Summary.Sensitivity] whether another reasonable linking of the eras
// ([Linkings]) would change it. Across two scales a step is Unchanged only
// where an issuer published the equivalence.
//
// Everything here works with any crosswalk, the default equal-width one or a
// data-driven one, and with custom scales; a nil crosswalk means
// [crosswalk.Default]. A crosswalk that does not cover an observation's
// scale is an error, never a silent fallback, and so is an observation
// with no date or grade ([ObservationError]): nothing is dropped unsaid.
//
// [CrosswalkFrom] builds a data-driven crosswalk from the observations
// themselves, counting each scale's grades. Under a crosswalk built from
// counts, each step and summary carries the 90% interval of its
// probability of improvement ([Step.PImprovedInterval]), which covers the
// sampling variation in the counts and nothing else; without counts there
// is none ([Step.HasInterval]). Means under such a crosswalk measure
// standing within each scale's reference population ([MeansNote]).
//
// A fitted model of every subject's quality through time (package latent)
// gives steps and summaries of this same type: each holds the model's
// reading of the change ([ModelChange], in Step.Model), which gives it its
// direction, its probability and its basis, with no interval of that
// probability, since it already carries every uncertainty the model knows
// of. Its [Sensitivity] puts the model's reading among the linkings.
//
// # Order
//
// An observation's date stands for the whole span in which it was written: a
// day, a month ("2017-03") or a year ("2017"). A series is ordered by these
// spans. When one span ends before another begins, the earlier comes first.
// When two spans overlap (the same day, or a year and a month inside it),
// their dates cannot say which grade came first, so the two keep the order
// in which they were given, and the [Step] between them, when they are next
// to each other, has OrderFromInput set. So Leicestershire's grades given as
// 2015 Good, 2017-03 Requires improvement, 2017 Good and 2022 Adequate stay
// in that order, and given as 2015, 2017, 2017-03 and 2022 they stay in
// that order instead. Where overlaps chain (a year overlapping two months
// that do not overlap each other), the series takes at each point the
// earliest-given observation that no remaining one wholly precedes.
//
// # Reading observations
//
// [NewReader] reads observations from CSV or JSON as publishers write
// them, one record at a time: columns mapped by name or set to a constant,
// several grade columns of a wide file each becoming an observation, dates
// in the forms real files use, Windows-1252 text, a title above the
// header, placeholders such as NA skipped and counted. It reports each bad
// record as a [*RowError] with the line on which it starts, so that a
// caller can say what was rejected and why without losing any record;
// [ErrorTally] sums such errors up by reason. [ReadAll] reads everything
// at once.
package trend

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
)

// Precision says how much of an observation's date was written. The zero
// value is a full date, so that observations written in code need not set
// it.
type Precision uint8

const (
	Day   Precision = iota // 2019-05-02
	Month                  // 2019-05
	Year                   // 2019
)

var precisionNames = [...]string{Day: "day", Month: "month", Year: "year"}

// String returns "day", "month" or "year", and "invalid precision" for any
// other value.
func (p Precision) String() string {
	if int(p) < len(precisionNames) {
		return precisionNames[p]
	}
	return "invalid precision"
}

// MarshalText writes the precision's name.
func (p Precision) MarshalText() ([]byte, error) {
	if int(p) >= len(precisionNames) {
		return nil, fmt.Errorf("trend: cannot marshal invalid precision %d", uint8(p))
	}
	return []byte(precisionNames[p]), nil
}

// UnmarshalText reads a precision's name as MarshalText writes it.
func (p *Precision) UnmarshalText(text []byte) error {
	for i, name := range precisionNames {
		if name == string(text) {
			*p = Precision(i)
			return nil
		}
	}
	return fmt.Errorf("trend: unknown precision %q: want day, month or year", text)
}

// Observation is one grade given to one subject for one area on one date.
// An observation needs a date and a valid grade: the functions that read
// observations report one without either as an [*ObservationError].
//
// In JSON it is an object with the keys subject, area, date (written with
// its precision, "2017-03"), precision and grade ("scale-id:Label").
type Observation struct {
	Subject string `json:"subject"` // who was graded, e.g. "Leicestershire"
	Area    string `json:"area"`    // what was graded, e.g. "overall", "effectiveness"
	// Date is the calendar date of the grade at midnight UTC. A date written
	// as a year or a month stands for the first day of that period when a
	// single day is needed; in ordering a series, it stands for the whole
	// period (see "Order" in the package documentation).
	Date time.Time `json:"date"`
	// Precision says how Date was written; String and DateString use it.
	Precision Precision   `json:"precision"`
	Grade     grade.Grade `json:"grade"`
}

// MarshalJSON writes the observation with its date as DateString writes it.
func (o Observation) MarshalJSON() ([]byte, error) {
	return json.Marshal(observationJSON{o.Subject, o.Area, o.DateString(), o.Precision, o.Grade})
}

// UnmarshalJSON reads an observation as MarshalJSON writes it. The grade's
// scale is looked up in the default registry; the date's precision is the
// one it is written with.
func (o *Observation) UnmarshalJSON(data []byte) error {
	var j observationJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	d, p, err := ParseDate(j.Date)
	if err != nil {
		return err
	}
	*o = Observation{Subject: j.Subject, Area: j.Area, Date: d, Precision: p, Grade: j.Grade}
	return nil
}

type observationJSON struct {
	Subject   string      `json:"subject"`
	Area      string      `json:"area"`
	Date      string      `json:"date"`
	Precision Precision   `json:"precision"`
	Grade     grade.Grade `json:"grade"`
}

// Errors wrapped by [*ObservationError].
var (
	ErrZeroDate  = errors.New("observation has no date")
	ErrZeroGrade = errors.New("observation has no valid grade")
)

// ObservationError reports an observation that cannot be used, and where
// it was: nothing is dropped without a word.
type ObservationError struct {
	// Index is the observation's position in the slice or series given.
	Index       int
	Observation Observation
	Err         error // ErrZeroDate or ErrZeroGrade
}

// Error names the observation by position, subject and area.
func (e *ObservationError) Error() string {
	return fmt.Sprintf("trend: observation %d (subject %q, area %q): %v", e.Index, e.Observation.Subject, e.Observation.Area, e.Err)
}

// Unwrap returns ErrZeroDate or ErrZeroGrade.
func (e *ObservationError) Unwrap() error { return e.Err }

// check reports an observation at position i that has no date or grade.
func check(i int, o Observation) error {
	switch {
	case o.Date.IsZero():
		return &ObservationError{i, o, ErrZeroDate}
	case !o.Grade.IsValid():
		return &ObservationError{i, o, ErrZeroGrade}
	}
	return nil
}

// orDefault makes a nil crosswalk the default one.
func orDefault(cw *crosswalk.Crosswalk) *crosswalk.Crosswalk {
	if cw == nil {
		return crosswalk.Default()
	}
	return cw
}

// DateString writes the observation's date with the precision it was
// written with: "2019-05-02", "2019-05" or "2019".
func (o Observation) DateString() string {
	var buf [10]byte
	return string(o.AppendDate(buf[:0]))
}

// AppendDate appends the date as DateString writes it to b.
func (o Observation) AppendDate(b []byte) []byte {
	return date.Append(b, o.Date, o.Precision.date())
}

// date converts p to the precision of the date reader that trend shares with
// package scale.
func (p Precision) date() date.Precision {
	switch p {
	case Year:
		return date.Year
	case Month:
		return date.Month
	}
	return date.Day
}

// precisionOf is the inverse of Precision.date.
func precisionOf(p date.Precision) Precision {
	switch p {
	case date.Year:
		return Year
	case date.Month:
		return Month
	}
	return Day
}

// String writes the observation as "Leicestershire, effectiveness,
// 2019-05-02: hmic-peel-2014:Good".
func (o Observation) String() string {
	return o.Subject + ", " + o.Area + ", " + o.DateString() + ": " + o.Grade.String()
}

// Direction is what a later grade says about an earlier one. The zero
// Direction is invalid; a [Summary] of a single observation has it, since
// there is nothing to compare.
type Direction uint8

// Directions, in the order of the [crosswalk.Relation] they come from.
const (
	Declined Direction = iota + 1 // the later grade's band lies below the earlier one's
	// Uncertain: the order cannot be told (the bands overlap, or two
	// scales' bands are identical by the crosswalk's rule): see the
	// probability of improvement.
	Uncertain
	// Unchanged: the same level of one scale, or two levels that an
	// issuer's published equivalence links ([crosswalk.Equivalent]);
	// never identical bands of two scales alone.
	Unchanged
	Improved // the later grade's band lies above the earlier one's
)

var directionNames = [...]string{Declined: "declined", Uncertain: "uncertain", Unchanged: "unchanged", Improved: "improved"}

// DirectionOf turns the relation of a later grade to an earlier one into a
// direction: Above is Improved, Below Declined, Equivalent Unchanged and
// Overlapping Uncertain. An invalid relation gives the zero Direction.
func DirectionOf(r crosswalk.Relation) Direction {
	switch r {
	case crosswalk.Below:
		return Declined
	case crosswalk.Overlapping:
		return Uncertain
	case crosswalk.Equivalent:
		return Unchanged
	case crosswalk.Above:
		return Improved
	}
	return 0
}

// IsValid reports whether d is one of the four directions.
func (d Direction) IsValid() bool { return d >= Declined && d <= Improved }

// String returns "improved", "declined", "unchanged" or "uncertain", and
// "invalid direction" for any other value.
func (d Direction) String() string {
	if d.IsValid() {
		return directionNames[d]
	}
	return "invalid direction"
}

// MarshalText writes the direction's name; the zero Direction writes "".
func (d Direction) MarshalText() ([]byte, error) {
	if d == 0 {
		return []byte{}, nil
	}
	if !d.IsValid() {
		return nil, fmt.Errorf("trend: cannot marshal invalid direction %d", uint8(d))
	}
	return []byte(directionNames[d]), nil
}

// UnmarshalText reads a direction's name as MarshalText writes it.
func (d *Direction) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*d = 0
		return nil
	}
	for i, name := range directionNames {
		if name != "" && name == string(text) {
			*d = Direction(i)
			return nil
		}
	}
	return fmt.Errorf("trend: unknown direction %q", text)
}

// Series is the observations of one subject and area, in date order as
// described under "Order" in the package documentation: observations whose
// dates overlap keep the order in which they were given.
type Series struct {
	Subject, Area string
	Observations  []Observation
}

// Group collects observations into series, one per subject and area,
// ordered by subject and then area (byte order), each in date order (see
// "Order" in the package documentation). The observations are copied; obs
// is not changed. Group drops nothing: an observation with a zero date or
// grade is kept, and the functions that read it ([Series.Steps],
// [Series.Summary], [ByPeriod]) report it.
func Group(obs []Observation) []Series {
	g := newGrouping(obs)
	// One backing array for every series, each series a window of it.
	backing := make([]Observation, len(obs))
	series := g.series(backing)
	for i := range series {
		series[i].Observations = series[i].Observations[:0]
	}
	for i, o := range obs {
		s := &series[g.which[i]]
		s.Observations = append(s.Observations, o)
	}
	return g.finish(series)
}

// GroupInPlace is [Group] without the copy, for a caller that has no more
// use for obs in its order (the result of [ReadAll], say): it reorders obs
// so that the series, in their order, are windows of it one after the
// other, and returns series whose Observations share obs's memory. The
// series are the same as Group's.
// For a million observations it saves allocating and filling 80 MB.
func GroupInPlace(obs []Observation) []Series {
	g := newGrouping(obs)
	series := g.series(obs)
	// Where each observation goes: the next place in its series' window,
	// so that a series keeps its observations in the order given.
	next := make([]int32, len(series))
	start := 0
	for n, c := range g.counts {
		next[n] = int32(start)
		start += c
	}
	dest := g.which
	for i, n := range dest {
		dest[i] = next[n]
		next[n]++
	}
	// Follow each cycle of the permutation, carrying one observation at a
	// time to its place and picking up the one there; a place done is
	// marked -1.
	for i := range obs {
		if dest[i] < 0 || int(dest[i]) == i {
			continue
		}
		carried, j := obs[i], dest[i]
		dest[i] = -1
		for int(j) != i {
			carried, obs[j] = obs[j], carried
			j, dest[j] = dest[j], -1
		}
		obs[i] = carried
	}
	return g.finish(series)
}

// grouping is what Group and GroupInPlace find first: the series' keys in
// order of subject and area, how many observations each has, and the
// series of each observation.
type grouping struct {
	keys   []seriesKey
	counts []int
	which  []int32
}

type seriesKey struct{ subject, area string }

func newGrouping(obs []Observation) grouping {
	var index seriesIndex
	var g grouping
	g.which = make([]int32, len(obs))
	last, lastN := seriesKey{}, int32(-1) // rows of one series often come together
	for i, o := range obs {
		k := seriesKey{o.Subject, o.Area}
		n := lastN
		if n < 0 || k != last {
			n = index.find(k, int32(len(g.keys)))
			if int(n) == len(g.keys) {
				g.keys = append(g.keys, k)
			}
			last, lastN = k, n
		}
		g.which[i] = n
	}
	// Number the series in order of key, and count their observations.
	byKey := make([]int32, len(g.keys))
	for n := range byKey {
		byKey[n] = int32(n)
	}
	slices.SortFunc(byKey, func(a, b int32) int {
		ka, kb := &g.keys[a], &g.keys[b]
		return cmp.Or(strings.Compare(ka.subject, kb.subject), strings.Compare(ka.area, kb.area))
	})
	rank := make([]int32, len(g.keys))
	sorted := make([]seriesKey, len(g.keys))
	for r, n := range byKey {
		rank[n] = int32(r)
		sorted[r] = g.keys[n]
	}
	g.keys = sorted
	g.counts = make([]int, len(g.keys))
	for i, n := range g.which {
		g.which[i] = rank[n]
		g.counts[rank[n]]++
	}
	return g
}

// seriesIndex numbers the series by their keys. A key whose subject and
// area are short, as most are, is held in the table by their bytes (see
// shortKey16), so that finding it reads one slot and not the texts, which
// in a file of many subjects in no order miss the processor's caches;
// other keys go to a map.
type seriesIndex struct {
	seed  [3]uint64 // random, made with the first slots
	slots []seriesSlot
	n     int // slots in use
	long  map[seriesKey]int32
}

type seriesSlot struct {
	key [4]uint64 // the subject's words, then the area's; zero when free
	n   int32
}

// find returns the number of the series of k, or next, which k is given,
// if it has none yet.
func (x *seriesIndex) find(k seriesKey, next int32) int32 {
	s, sok := shortKey16(k.subject)
	a, aok := shortKey16(k.area)
	if !sok || !aok {
		if n, ok := x.long[k]; ok {
			return n
		}
		if x.long == nil {
			x.long = make(map[seriesKey]int32)
		}
		x.long[k] = next
		return next
	}
	key := [4]uint64{s[0], s[1], a[0], a[1]}
	if 4*(x.n+1) > 3*len(x.slots) {
		x.grow()
	}
	sl := x.slot(key)
	if sl.key[1] == 0 {
		*sl = seriesSlot{key, next}
		x.n++
	}
	return sl.n
}

// slot returns where key is or would go.
func (x *seriesIndex) slot(key [4]uint64) *seriesSlot {
	mask := uint64(len(x.slots) - 1)
	h := mix(mix(key[0]^x.seed[0], key[1]^x.seed[1])^key[2], key[3]^x.seed[2])
	for i := h & mask; ; i = (i + 1) & mask {
		if sl := &x.slots[i]; sl.key == key || sl.key[1] == 0 {
			return sl
		}
	}
}

func (x *seriesIndex) grow() {
	old := x.slots
	if x.n == 0 {
		x.seed = [3]uint64{rand.Uint64(), rand.Uint64(), rand.Uint64()}
	}
	x.slots = make([]seriesSlot, max(2*len(old), 64))
	for _, sl := range old {
		if sl.key[1] != 0 {
			*x.slot(sl.key) = sl
		}
	}
}

// series returns the series, in order of key, each a full window of
// backing, one after the other.
func (g *grouping) series(backing []Observation) []Series {
	series := make([]Series, len(g.keys))
	start := 0
	for n, k := range g.keys {
		series[n] = Series{Subject: k.subject, Area: k.area, Observations: backing[start : start+g.counts[n] : start+g.counts[n]]}
		start += g.counts[n]
	}
	return series
}

// finish puts each series in date order.
func (g *grouping) finish(series []Series) []Series {
	var scratch orderScratch
	for i := range series {
		scratch.order(series[i].Observations)
	}
	return series
}

// Step is the change from one observation of a series to the next. It
// holds the crosswalk's comparison as it is, so that a step and the
// comparison it rests on never disagree; PImproved and its interval, and
// whether the step crosses a change of scale, are read from it.
//
// A step that a fitted model made (package latent's Model.Steps) also
// holds the model's reading of the change, [Step.Model]: its direction,
// PImproved and basis are then the model's, it has no interval (the
// model's probability already carries every uncertainty the model knows
// of), and its Comparison is that of the two grades under the model's
// crosswalk.
//
// In JSON a step is {"from", "to", "comparison", "direction",
// "order_from_input", "model"}: from and to as [Observation] writes them,
// the comparison as [crosswalk.Comparison] writes it, and model as
// [ModelChange] writes it, or null.
type Step struct {
	From Observation `json:"from"`
	To   Observation `json:"to"`
	// Comparison is the crosswalk's comparison of To's grade (A) with
	// From's (B).
	Comparison crosswalk.Comparison `json:"comparison"`
	Direction  Direction            `json:"direction"`
	// OrderFromInput reports that the dates of From and To overlap (the
	// same day, or a year and a month or day inside it), so that which came
	// first was taken from the order in which they were given, not from
	// their dates.
	OrderFromInput bool `json:"order_from_input"`
	// Model is a fitted model's reading of the change, for a step that a
	// model made; nil otherwise. Direction is then the model's.
	Model *ModelChange `json:"model"`
}

// PImproved is the probability that To stands above From on the common
// ordinal: Comparison.PAbove or, for a step a model made, the model's
// probability that the latent quality rose (Model.PImproved).
func (s Step) PImproved() float64 {
	if s.Model != nil {
		return s.Model.PImproved
	}
	return s.Comparison.PAbove
}

// PImprovedInterval returns the bounds of the central 90% interval of
// PImproved, Comparison.PAboveLo and PAboveHi, when the step has one
// ([Step.HasInterval]): over the sampling variation in the counts of a
// crosswalk built from counts, or over a fitted model's draws. Without an
// interval (the default crosswalk, cut points, two grades of one scale)
// lo is 0 and hi is 1, the bounds that exclude nothing, so that a filter
// on either end (lo >= 0.9, say) never passes on a point value; a writer
// should leave them out, as the command-line tool's empty cells and the
// JSON's null do. A step a model made has none either: the model's
// probability has no interval of its own.
func (s Step) PImprovedInterval() (lo, hi float64) {
	if s.Model != nil {
		return 0, 1
	}
	return s.Comparison.PAboveLo, s.Comparison.PAboveHi
}

// HasInterval reports whether [Step.PImprovedInterval] bounds a 90%
// interval: Comparison.HasInterval, and false for a step a model made.
func (s Step) HasInterval() bool { return s.Model == nil && s.Comparison.HasInterval() }

// Basis says what the step's direction and probability rest on: the same
// scale, an issuer's published equivalence, or the crosswalk's bands
// (Comparison.Basis); for a step a model made, the model (Model.Basis).
func (s Step) Basis() crosswalk.Basis {
	if s.Model != nil {
		return s.Model.Basis
	}
	return s.Comparison.Basis
}

// String describes the step in words that can be quoted: the subject and
// area, the two dates, the direction, then the comparison's own sentence
// ([crosswalk.Comparison.String], the later grade first), which says what
// the answer rests on and, for bands that overlap, the chance that the
// later grade stands higher:
//
//	Leicestershire, effectiveness, 2019-05-02 to 2022: uncertain. Adequate
//	(PEEL assessments 2021/22) cannot be ranked against Good (PEEL
//	assessments 2014 to 2018/19): their bands on the common ordinal overlap
//	([0.4, 0.6] and [0.5, 0.75]); on equal-width bands, an assumption, and
//	with the two positions treated as unrelated, the chance that the first
//	stands higher is 10%. Caveat: …
//
// For a step a model made, the model's reading comes first ([ModelChange.String]),
// then the comparison of the grades under its crosswalk.
func (s Step) String() string {
	var b strings.Builder
	b.WriteString(seriesLabel(s.From.Subject, s.From.Area) + ", " + s.From.DateString() + " to " + s.To.DateString() + ": ")
	if !s.Direction.IsValid() {
		b.WriteString("invalid step")
		return b.String()
	}
	b.WriteString(s.Direction.String())
	if s.OrderFromInput {
		b.WriteString(" (the two dates overlap, so their order is the input's)")
	}
	writeReading(&b, s.Model, s.Comparison)
	return b.String()
}

// writeReading ends a step's or summary's sentence: the model's reading,
// if any, then the comparison's own sentence.
func writeReading(b *strings.Builder, model *ModelChange, c crosswalk.Comparison) {
	if model != nil {
		text := model.String()
		b.WriteString(". " + strings.ToUpper(text[:1]) + text[1:] + ". Under the model's crosswalk: " + c.String())
		return
	}
	b.WriteString(". " + c.String())
}

// Sensitivity compares the step's two grades under each of the linkings
// ([crosswalk.CompareUnder], the later grade first): whether another
// reasonable linking of the eras would change its direction. [Linkings]
// gives the usual set. For a step a model made, the model's reading takes
// the place of its crosswalk ([Sensitivity]). The error is CompareUnder's.
func (s Step) Sensitivity(linkings ...*crosswalk.Crosswalk) (Sensitivity, error) {
	return sensitivity(s.To.Grade, s.From.Grade, s.Model, linkings)
}

// seriesLabel names a series in a sentence: "Leicestershire,
// effectiveness".
func seriesLabel(subject, area string) string { return subject + ", " + area }

// CrossEra reports that the two grades are on different scales:
// Comparison.CrossEra.
func (s Step) CrossEra() bool { return s.Comparison.CrossEra }

// Caveats yields the issuers' statements about comparing across eras that
// apply to the step; none when the step stays on one scale.
func (s Step) Caveats() iter.Seq[string] { return s.Comparison.Caveats() }

// Caveat returns the step's caveats joined by a space, or "".
func (s Step) Caveat() string { return joinCaveats(s.Comparison) }

// sameScale is the one test of scale identity in package trend: two
// scales are one when they have one definition ([scale.Scale.Equal]), so
// that a copy of a scale (from [scale.Builtin], say) is the scale it
// copies.
func sameScale(a, b *scale.Scale) bool { return a.Equal(b) }

// caveatMemo keeps the joined caveats of each pair of scales met, since
// the caveats of a step depend only on its two scales and joining them
// costs more than finding them again. It is bounded, and safe for
// concurrent use.
var caveatMemo = struct {
	sync.Mutex
	m map[[2]*scale.Scale]string
}{}

// maxCaveatPairs bounds caveatMemo.
const maxCaveatPairs = 1 << 10

func joinCaveats(c crosswalk.Comparison) string {
	if !c.CrossEra {
		return ""
	}
	key := [2]*scale.Scale{c.A.Scale(), c.B.Scale()}
	caveatMemo.Lock()
	s, ok := caveatMemo.m[key]
	caveatMemo.Unlock()
	if ok {
		return s
	}
	var b strings.Builder
	for cv := range c.Caveats() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(cv)
	}
	s = b.String()
	caveatMemo.Lock()
	if caveatMemo.m == nil || len(caveatMemo.m) >= maxCaveatPairs {
		caveatMemo.m = make(map[[2]*scale.Scale]string)
	}
	caveatMemo.m[key] = s
	caveatMemo.Unlock()
	return s
}

// newStep compares two observations next to each other in a series;
// overlapping reports that their spans overlap.
func newStep(cw *crosswalk.Crosswalk, from, to *Observation, overlapping bool) (Step, error) {
	c, err := cw.Compare(to.Grade, from.Grade)
	if err != nil {
		return Step{}, fmt.Errorf("trend: %s: %w", to, err)
	}
	return Step{From: *from, To: *to, Comparison: c, Direction: DirectionOf(c.Relation), OrderFromInput: overlapping}, nil
}

// StepSeq yields the steps of the series one at a time, as [Series.Steps]
// returns them, without holding them all. It checks every observation
// first: a series with an observation with no date or grade yields only
// that error, for the first such observation. After an error it stops.
func (s Series) StepSeq(cw *crosswalk.Crosswalk) iter.Seq2[Step, error] {
	cw = orDefault(cw)
	return func(yield func(Step, error) bool) {
		for i, o := range s.Observations {
			if err := check(i, o); err != nil {
				yield(Step{}, err)
				return
			}
		}
		if len(s.Observations) < 2 {
			return
		}
		prev := s.Observations[0].span() // of the observation before i
		for i := 1; i < len(s.Observations); i++ {
			cur := s.Observations[i].span()
			st, err := newStep(cw, &s.Observations[i-1], &s.Observations[i], overlap(prev, cur))
			prev = cur
			if !yield(st, err) || err != nil {
				return
			}
		}
	}
}

// Steps compares each observation of the series with the one before it
// under cw; a nil cw means [crosswalk.Default]. A series of n observations
// has n-1 steps. The error wraps [crosswalk.ErrNotCovered] when cw does not
// cover a scale of the series, and is an [*ObservationError] for an
// observation with no date or grade.
func (s Series) Steps(cw *crosswalk.Crosswalk) ([]Step, error) {
	var steps []Step
	if len(s.Observations) > 1 {
		steps = make([]Step, 0, len(s.Observations)-1)
	}
	for st, err := range s.StepSeq(cw) {
		if err != nil {
			return nil, err
		}
		steps = append(steps, st)
	}
	return steps, nil
}

// CrossingSeries returns how many of the series have a step between two
// scales: none, when the input has grades of several scales, means that
// no series crosses a change of scale, as happens when the areas were
// renamed with the scale (see [AreaMap]).
func CrossingSeries(series []Series) int {
	n := 0
	for _, s := range series {
		for i := 1; i < len(s.Observations); i++ {
			if !sameScale(s.Observations[i].Grade.Scale(), s.Observations[i-1].Grade.Scale()) {
				n++
				break
			}
		}
	}
	return n
}

// ErrEmptySeries is returned by [Series.Summary] for a series with no
// observations.
var ErrEmptySeries = errors.New("empty series")

// Summary sums up a series. It holds the first-to-last comparison as it
// is, as [Step] does.
//
// A summary that a fitted model made (package latent's Model.Summary)
// also holds the model's reading of the change from first to last,
// [Summary.Model], as a [Step] does.
//
// In JSON a summary is {"subject", "area", "observations", "first",
// "last", "best", "worst", "best_score", "worst_score", "first_score",
// "last_score", "overall", "direction", "cross_era_steps", "model"}, with
// overall as [crosswalk.Comparison] writes it (its relation null for a
// single observation) and direction "" then, and model as [ModelChange]
// writes it, or null.
type Summary struct {
	Subject      string      `json:"subject"`
	Area         string      `json:"area"`
	Observations int         `json:"observations"` // number of observations
	First        Observation `json:"first"`
	Last         Observation `json:"last"`
	// Best and Worst are the observations with the highest and lowest score
	// on the common ordinal (the middle of the grade's band); of equal
	// scores, the earliest.
	Best       Observation `json:"best"`
	Worst      Observation `json:"worst"`
	BestScore  float64     `json:"best_score"`
	WorstScore float64     `json:"worst_score"`
	FirstScore float64     `json:"first_score"`
	LastScore  float64     `json:"last_score"`
	// Overall is the comparison of Last (A) with First (B). With a single
	// observation it is the zero Comparison.
	Overall crosswalk.Comparison `json:"overall"`
	// Direction goes from First to Last; the zero Direction when the
	// series has a single observation.
	Direction Direction `json:"direction"`
	// CrossEraSteps counts the steps between grades on different scales.
	CrossEraSteps int `json:"cross_era_steps"`
	// Model is a fitted model's reading of the change from first to last,
	// for a summary that a model made; nil otherwise. Direction is then
	// the model's.
	Model *ModelChange `json:"model"`
}

// PImproved is the probability that Last stands above First:
// Overall.PAbove, 0 for a single observation, or the model's probability
// (Model.PImproved) for a summary a model made.
func (s Summary) PImproved() float64 {
	if s.Model != nil {
		return s.Model.PImproved
	}
	return s.Overall.PAbove
}

// PImprovedInterval returns the bounds of PImproved's 90% interval, as
// [Step.PImprovedInterval] does: 0 and 1 when there is none
// ([Summary.HasInterval]).
func (s Summary) PImprovedInterval() (lo, hi float64) {
	if s.Model != nil {
		return 0, 1
	}
	return s.Overall.PAboveLo, s.Overall.PAboveHi
}

// HasInterval reports whether [Summary.PImprovedInterval] bounds a 90%
// interval: Overall.HasInterval; false for a single observation and for a
// summary a model made.
func (s Summary) HasInterval() bool { return s.Model == nil && s.Overall.HasInterval() }

// Basis says what the first-to-last direction rests on (Overall.Basis, or
// Model.Basis for a summary a model made); the zero Basis for a single
// observation.
func (s Summary) Basis() crosswalk.Basis {
	if s.Model != nil {
		return s.Model.Basis
	}
	return s.Overall.Basis
}

// String describes the summary in words that can be quoted: the series,
// how many grades from when to when, the direction from first to last and
// how many steps cross a change of scale, then the first-to-last
// comparison's own sentence ([crosswalk.Comparison.String], the last grade
// first), which says what the answer rests on.
func (s Summary) String() string {
	var b strings.Builder
	b.WriteString(seriesLabel(s.Subject, s.Area) + ": ")
	switch {
	case s.Observations == 1:
		b.WriteString("one grade, " + s.First.Grade.Label() + " (" + s.First.DateString() + "); nothing to compare.")
		return b.String()
	case !s.Direction.IsValid():
		b.WriteString("invalid summary")
		return b.String()
	}
	fmt.Fprintf(&b, "%d grades from %s to %s, %s from first to last", s.Observations, s.First.DateString(), s.Last.DateString(), s.Direction)
	switch s.CrossEraSteps {
	case 0:
	case 1:
		b.WriteString(", across 1 change of scale")
	default:
		fmt.Fprintf(&b, ", across %d changes of scale", s.CrossEraSteps)
	}
	writeReading(&b, s.Model, s.Overall)
	return b.String()
}

// Sensitivity compares the summary's last grade with its first under each
// of the linkings ([crosswalk.CompareUnder]): whether another reasonable
// linking of the eras would change the answer to "better or worse than at
// first?". [Linkings] gives the usual set. For a summary a model made,
// the model's reading takes the place of its crosswalk ([Sensitivity]). A
// summary of a single observation has nothing to compare: the result is
// the zero Sensitivity, with no error. Otherwise the error is
// CompareUnder's.
func (s Summary) Sensitivity(linkings ...*crosswalk.Crosswalk) (Sensitivity, error) {
	if s.Observations < 2 {
		return Sensitivity{}, nil
	}
	return sensitivity(s.Last.Grade, s.First.Grade, s.Model, linkings)
}

// seriesName names a series in an error.
func seriesName(subject, area string) string {
	if subject == "" && area == "" {
		return "a series with no subject or area"
	}
	return fmt.Sprintf("series %q, %q", subject, area)
}

// Summary sums up the series under cw; a nil cw means [crosswalk.Default].
// It fails on an empty series (wrapping [ErrEmptySeries]), on an
// observation with no date or grade (an [*ObservationError]) and, wrapping
// [crosswalk.ErrNotCovered], when cw does not cover a scale of the series.
func (s Series) Summary(cw *crosswalk.Crosswalk) (Summary, error) {
	if len(s.Observations) == 0 {
		return Summary{}, fmt.Errorf("trend: summary of %s: %w", seriesName(s.Subject, s.Area), ErrEmptySeries)
	}
	cw = orDefault(cw)
	obs := s.Observations
	sum := Summary{Subject: s.Subject, Area: s.Area, Observations: len(obs), First: obs[0], Last: obs[len(obs)-1]}
	for i, o := range obs {
		if err := check(i, o); err != nil {
			return Summary{}, err
		}
		score, err := cw.Score(o.Grade)
		if err != nil {
			return Summary{}, fmt.Errorf("trend: %s: %w", o, err)
		}
		if i == 0 || score > sum.BestScore {
			sum.Best, sum.BestScore = o, score
		}
		if i == 0 || score < sum.WorstScore {
			sum.Worst, sum.WorstScore = o, score
		}
		if i == 0 {
			sum.FirstScore = score
		}
		sum.LastScore = score
		if i > 0 && !sameScale(o.Grade.Scale(), obs[i-1].Grade.Scale()) {
			sum.CrossEraSteps++
		}
	}
	if len(obs) > 1 {
		c, err := cw.Compare(sum.Last.Grade, sum.First.Grade)
		if err != nil {
			return Summary{}, fmt.Errorf("trend: %s: %w", sum.Last, err)
		}
		sum.Overall, sum.Direction = c, DirectionOf(c.Relation)
	}
	return sum, nil
}

// Caveat returns the caveats of the first-to-last comparison joined by a
// space, or "".
func (s Summary) Caveat() string { return joinCaveats(s.Overall) }
