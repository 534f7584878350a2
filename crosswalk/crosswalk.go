// Package crosswalk places grades from different scales on one common
// ordinal, so that they can be compared, converted and equated.
//
// The common ordinal is the interval [0, 1], worst at 0. A [Crosswalk] gives
// each level of each scale it covers a [Band] of that interval. The bands of
// one scale follow from its cut points 0 = c0 ≤ c1 ≤ … ≤ cn = 1: level k
// spans [c(k-1), ck]. Everything else (scores, comparisons, conversions,
// equating) is computed from the bands.
//
// The crosswalks provided:
//
//   - [Default] gives every scale equal-width bands. It assumes nothing beyond
//     each scale's own order, and is the right reading when nothing else is
//     known; docs/crosswalk.md justifies it and says what it does not claim.
//     A nil *Crosswalk means Default.
//   - [FromDistributions] builds a data-driven (norm-referenced) crosswalk from
//     how often each level was awarded: a scale's cut points are the
//     cumulative proportions of its counts. [FromCutPoints] takes cut points
//     directly, and [FromCutPointDraws] a fitted model's cut points with
//     their posterior draws.
//   - [Observed] is the data-driven crosswalk from the national distributions
//     published for the catalogue's scales.
//
// # What an answer rests on
//
// Comparisons are honest about uncertainty: when two bands overlap, the
// relation is [Overlapping] and [Comparison.PAbove] says how likely it is
// that one grade stands above the other. Every comparison names its
// [Basis]: the same scale, an issuer's published equivalence, or the
// crosswalk's bands (equal widths, counted distributions, a fitted model, a
// file). Across two scales only a published equivalence makes two grades
// [Equivalent]; identical bands that come from the crosswalk's rule are
// Overlapping with PAbove 0.5. [CompareUnder] asks whether another
// reasonable linking would change an answer.
//
// A crosswalk built from counts also says how sure an answer is:
// [Comparison.PAboveLo] and [Comparison.PAboveHi] bound its 90% interval
// over the sampling variation in the counts ([Comparison.HasInterval] says
// whether there is one), [Crosswalk.BandInterval] the interval of each
// band's edges, and [Crosswalk.EquateSENote] the standard error of
// equating, with a note where analytic standard errors are unreliable.
//
// # Memory
//
// The intervals are computed on first use and cached in bounded caches, at
// most about 40 MiB per crosswalk whatever the number of scales and levels
// (a scale may have [scale.MaxLevels] levels); the first comparison of a new
// pair of levels draws its two bands, 4,000 draws of three gamma variates
// each, whatever the scales' sizes.
package crosswalk

import (
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// Errors returned by crosswalk operations; per-scale problems come wrapped
// in a [*ScaleError].
var (
	ErrInvalidGrade  = errors.New("invalid (zero) grade")
	ErrNotCovered    = errors.New("scale is not covered by the crosswalk")
	ErrInvalidCounts = errors.New("invalid counts")
	ErrInvalidCuts   = errors.New("invalid cut points")
	// ErrOtherDefinition reports a scale that has the ID of a covered scale
	// but a different definition. It wraps ErrNotCovered.
	ErrOtherDefinition = fmt.Errorf("%w: a covered scale has its ID but a different definition", ErrNotCovered)
)

// ScaleError reports a problem with one scale's data or coverage.
type ScaleError struct {
	Scale  string // the scale's ID
	Level  int    // rank of the level at fault (1 = worst), or 0
	Err    error  // ErrNotCovered, ErrOtherDefinition, ErrInvalidCounts or ErrInvalidCuts
	Detail string
}

// Error describes the problem and where it is.
func (e *ScaleError) Error() string {
	msg := "crosswalk: scale " + e.Scale
	if e.Level > 0 {
		msg += ", level " + strconv.Itoa(e.Level)
	}
	msg += ": " + e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *ScaleError) Unwrap() error { return e.Err }

// Band is a closed interval [Lo, Hi] of the common ordinal. A band may have
// zero width: a level that was never awarded in a data-driven crosswalk is a
// single point.
type Band struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Mid returns the middle of the band: the grade's score on the common
// ordinal.
func (b Band) Mid() float64 { return (b.Lo + b.Hi) / 2 }

// Width returns Hi - Lo.
func (b Band) Width() float64 { return b.Hi - b.Lo }

// String writes the band as "[0.5, 0.75]".
func (b Band) String() string {
	return "[" + strconv.FormatFloat(b.Lo, 'g', -1, 64) + ", " + strconv.FormatFloat(b.Hi, 'g', -1, 64) + "]"
}

// Crosswalk assigns bands of the common ordinal to the levels of scales. It
// is immutable and safe for concurrent use. A nil *Crosswalk means [Default]
// in every method. (A nil *scale.Registry is different: functions that take
// one, such as [ParseJSON] and [grade.ParseQualified], read nil as the
// default registry, but its own methods need a Registry that is not nil.)
//
// A data-driven crosswalk covers scales by identity, the *scale.Scale (see
// [scale.Scale] on identity: a copy from [scale.Builtin], or one rebuilt
// from its Definition, is the same *Scale). A scale with the ID of a
// covered scale but a different definition is an error wrapping
// [ErrOtherDefinition].
//
// # Names
//
// [Crosswalk.Name] names a crosswalk in a few words ("default", "observed"),
// for messages; [Crosswalk.String] gives its full provenance; and
// [Crosswalk.Basis] says what its bands rest on, the basis of every
// comparison of two scales that no published equivalence decides.
type Crosswalk struct {
	// covs holds the covered scales in the order added; byID indexes it by
	// scale ID, and byScale by *Scale when there are too many to scan. A
	// crosswalk without byID is not data-driven: it has equal-width bands
	// for every scale.
	covs         []coverage
	byScale      map[*scale.Scale]int
	byID         map[string]int
	name         string // the full provenance, String
	short        string // Name
	basis        Basis
	equivalences []Equivalence
	linked       []*scale.Scale // the scales that equivalences link
	// intervals caches the intervals of PAbove, when any scale has counts
	// or draws.
	intervals *intervals
	// rounds are the published rounds behind an observed crosswalk
	// (observed.go), nil for any other.
	rounds observedRounds
	// roundPairs caches the names of pairs of rounds, for pairBasis.
	roundPairs *clockCache[[2]int, string]
}

// coverage is what a data-driven crosswalk knows of one scale.
type coverage struct {
	scale *scale.Scale
	cuts  []float64 // Len()+1 cut points, 0 first and 1 last
	// counts are the counts the cut points came from, or nil when the
	// crosswalk was given cut points.
	counts []float64
	total  float64 // the sum of counts
	// draws are a fitted model's joint draws of the cut points, draw d's
	// Len()+1 cut points at draws[d*(Len()+1):]; nil unless the crosswalk
	// came from FromCutPointDraws.
	draws []float64
}

// hasDraws reports whether the coverage's bands vary over draws: counts
// (Dirichlet draws) or a model's posterior draws.
func (cov *coverage) hasDraws() bool { return cov.counts != nil || cov.draws != nil }

// scanLimit is the number of covered scales up to which a scan of pointers
// finds a scale faster than a map.
const scanLimit = 8

// newDataDriven returns an empty data-driven crosswalk for n scales, whose
// bands come from counts: Observed, FromDistributions and ParseJSON start
// from it, and the others set their own basis.
func newDataDriven(name string, n int) *Crosswalk {
	return &Crosswalk{covs: make([]coverage, 0, n), byID: make(map[string]int, n), name: name,
		basis: Basis{kind: CountedDistributions}, roundPairs: newClockCache[[2]int, string](maxCachedCuts)}
}

// dataDriven reports whether c gives bands from cut points or counts rather
// than equal widths.
func (c *Crosswalk) dataDriven() bool { return c.byID != nil }

// add covers a scale. Two scales with one ID cannot both be covered: the
// second is an error wrapping errInvalid, the caller's sentinel for the kind
// of data given (ErrInvalidCounts or ErrInvalidCuts).
func (c *Crosswalk) add(cov coverage, errInvalid error) error {
	cov.scale = cov.scale.Canonical()
	id := cov.scale.ID()
	if _, dup := c.byID[id]; dup {
		return errSameID(id, errInvalid)
	}
	c.byID[id] = len(c.covs)
	c.covs = append(c.covs, cov)
	if len(c.covs) > scanLimit {
		if c.byScale == nil {
			c.byScale = make(map[*scale.Scale]int, cap(c.covs))
			for i, cov := range c.covs[:len(c.covs)-1] {
				c.byScale[cov.scale] = i
			}
		}
		c.byScale[cov.scale] = len(c.covs) - 1
	}
	return nil
}

// errSameID reports two scales with one ID.
func errSameID(id string, errInvalid error) error {
	return &ScaleError{Scale: id, Err: errInvalid, Detail: "two *scale.Scale values with this ID were given"}
}

// index returns the index in covs of the *Scale s, or -1. Grades hold
// interned scales, so this is the whole lookup for them; a *Scale that
// callers pass directly goes through coverageOf, which canonicalises it.
func (c *Crosswalk) index(s *scale.Scale) int {
	if c.byScale != nil {
		if i, ok := c.byScale[s]; ok {
			return i
		}
		return -1
	}
	for i := range c.covs {
		if c.covs[i].scale == s {
			return i
		}
	}
	return -1
}

// defaultCrosswalk builds Default once.
var defaultCrosswalk = sync.OnceValue(func() *Crosswalk {
	c, err := withOfficialEquivalences(&Crosswalk{name: "default (equal-width bands)", short: "default",
		basis: Basis{kind: EqualWidths}})
	if err != nil {
		// The equivalences are part of the package and a test checks them;
		// reaching this is a bug in the package, not bad input.
		panic(err)
	}
	return c
})

// Default returns the equal-width crosswalk: level k of a scale of n levels
// has the band [(k-1)/n, k/n]. It covers every scale, built-in or not, and
// records the one-to-one mappings issuers published across a change of scale
// (see [Crosswalk.Equivalences]).
func Default() *Crosswalk { return defaultCrosswalk() }

// FromDistributions builds a data-driven crosswalk from observed counts:
// counts[s][k-1] is how often level k of s was awarded (worst level first).
// A scale's cut points are the cumulative proportions of its counts, so a
// level that was never awarded gets a zero-width band. Counts must be finite
// and not negative, at least one must be positive, and there must be one per
// level; otherwise the error is a [*ScaleError] wrapping [ErrInvalidCounts].
// Scales not in counts are not covered: using them is an error wrapping
// [ErrNotCovered], never a silent fallback to equal widths.
//
// The counts are read as counts of graded units, so that the crosswalk can
// give standard errors ([Crosswalk.EquateSE]) and intervals
// ([Comparison.PAboveLo]). Proportions or percentages give the same bands but
// meaningless standard errors and intervals.
//
// Two keys with the same ID are an error wrapping [ErrInvalidCounts], and
// so is an empty (or nil) map: a crosswalk that covers nothing.
//
// The crosswalk is norm-referenced ([Crosswalk.NormReferenced]); its
// [Crosswalk.Basis] is counted distributions ("the counts given", until
// [Crosswalk.Named] names them).
func FromDistributions(counts map[*scale.Scale][]float64) (*Crosswalk, error) {
	if len(counts) == 0 {
		return nil, fmt.Errorf("crosswalk: from distributions: %w: no scales given", ErrInvalidCounts)
	}
	keys, err := byID(counts, ErrInvalidCounts)
	if err != nil {
		return nil, err
	}
	cw := newDataDriven("data-driven (from distributions)", len(counts))
	cw.short, cw.basis.name = "from distributions", "the counts given"
	for _, s := range keys {
		cov, err := coverageFromCounts(s, counts[s])
		if err != nil {
			return nil, err
		}
		if err := cw.add(cov, ErrInvalidCounts); err != nil {
			return nil, err
		}
	}
	cw.intervals = newIntervals(cw)
	return cw, nil
}

// byID returns the keys of m ordered by scale ID (a nil scale first), so that
// when several scales have bad data the same one is always reported. Two
// keys with one ID are an error wrapping errInvalid, found before any data
// is checked, so that the error does not depend on the order in which the
// map yields them; without them, the order is total.
func byID(m map[*scale.Scale][]float64, errInvalid error) ([]*scale.Scale, error) {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b *scale.Scale) int {
		switch {
		case a == nil:
			return -1
		case b == nil:
			return +1
		}
		return strings.Compare(a.ID(), b.ID())
	})
	for i := 1; i < len(keys); i++ {
		if keys[i-1] != nil && keys[i-1].ID() == keys[i].ID() {
			return nil, errSameID(keys[i].ID(), errInvalid)
		}
	}
	return keys, nil
}

// coverageFromCounts checks counts as counts of the levels of s and returns
// the coverage they give.
func coverageFromCounts(s *scale.Scale, counts []float64) (coverage, error) {
	if s == nil {
		return coverage{}, &ScaleError{Scale: s.String(), Err: ErrInvalidCounts, Detail: "nil scale"}
	}
	if len(counts) != s.Len() {
		return coverage{}, &ScaleError{Scale: s.ID(), Err: ErrInvalidCounts,
			Detail: fmt.Sprintf("got %d counts for %d levels", len(counts), s.Len())}
	}
	total := 0.0
	for i, c := range counts {
		if math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
			return coverage{}, &ScaleError{Scale: s.ID(), Level: i + 1, Err: ErrInvalidCounts,
				Detail: "count " + strconv.FormatFloat(c, 'g', -1, 64) + " is not a finite, non-negative number"}
		}
		total += c
	}
	if total == 0 {
		return coverage{}, &ScaleError{Scale: s.ID(), Err: ErrInvalidCounts, Detail: "all counts are zero"}
	}
	if math.IsInf(total, 0) {
		return coverage{}, &ScaleError{Scale: s.ID(), Err: ErrInvalidCounts, Detail: "counts overflow"}
	}
	cuts := make([]float64, len(counts)+1)
	sum := 0.0
	for i, c := range counts {
		sum += c
		cuts[i+1] = sum / total
	}
	cuts[len(counts)] = 1 // exactly, whatever the rounding
	return coverage{scale: s, cuts: cuts, counts: slices.Clone(counts), total: total}, nil
}

// FromCutPoints builds a crosswalk from cut points given directly:
// cuts[s] holds s.Len()+1 values, 0 first and 1 last, never decreasing.
// Errors wrap [ErrInvalidCuts], and so does an empty map; uncovered scales
// are treated as by [FromDistributions]. Its basis is [CutPoints].
func FromCutPoints(cuts map[*scale.Scale][]float64) (*Crosswalk, error) {
	if len(cuts) == 0 {
		return nil, fmt.Errorf("crosswalk: from cut points: %w: no scales given", ErrInvalidCuts)
	}
	keys, err := byID(cuts, ErrInvalidCuts)
	if err != nil {
		return nil, err
	}
	cw := newDataDriven("from cut points", len(cuts))
	cw.short, cw.basis = "from cut points", Basis{kind: CutPoints}
	for _, s := range keys {
		if err := checkCuts(s, cuts[s]); err != nil {
			return nil, err
		}
		if err := cw.add(coverage{scale: s, cuts: slices.Clone(cuts[s])}, ErrInvalidCuts); err != nil {
			return nil, err
		}
	}
	return cw, nil
}

// checkCuts reports what, if anything, makes cs unusable as the cut points
// of s.
func checkCuts(s *scale.Scale, cs []float64) error {
	if s == nil {
		return &ScaleError{Scale: s.String(), Err: ErrInvalidCuts, Detail: "nil scale"}
	}
	if len(cs) != s.Len()+1 {
		return &ScaleError{Scale: s.ID(), Err: ErrInvalidCuts,
			Detail: fmt.Sprintf("got %d cut points for %d levels, want %d", len(cs), s.Len(), s.Len()+1)}
	}
	if cs[0] != 0 || cs[len(cs)-1] != 1 {
		return &ScaleError{Scale: s.ID(), Err: ErrInvalidCuts, Detail: "the first cut point must be 0 and the last 1"}
	}
	for i := 1; i < len(cs); i++ {
		if !(cs[i] >= cs[i-1]) { // also catches NaN
			return &ScaleError{Scale: s.ID(), Level: i, Err: ErrInvalidCuts,
				Detail: "cut points must not decrease"}
		}
	}
	return nil
}

// pairBasis returns the basis of a comparison of covs[ia] with covs[ib]
// that no equivalence decides: the crosswalk's, naming the two rounds
// counted when they are known (an observed crosswalk's).
func (c *Crosswalk) pairBasis(ia, ib int) Basis {
	if c.basis.kind != CountedDistributions || c.rounds == nil {
		return c.basis
	}
	return Basis{kind: CountedDistributions, name: c.roundPair(ia, ib)}
}

// roundPair names the rounds of covs[ia] and covs[ib], once per pair, so
// that comparisons that name them do not allocate.
func (c *Crosswalk) roundPair(ia, ib int) string {
	key := [2]int{ia, ib}
	if name, ok := c.roundPairs.get(key); ok {
		return name
	}
	name := c.roundName(ia) + "; " + c.roundName(ib)
	c.roundPairs.put(key, name)
	return name
}

// roundName names the round that placed covs[i], as String lists it.
func (c *Crosswalk) roundName(i int) string {
	id := c.covs[i].scale.ID()
	return describeRound(id, c.rounds[id].dist)
}

// orDefault returns c, or [Default] when c is nil.
func (c *Crosswalk) orDefault() *Crosswalk {
	if c == nil {
		return Default()
	}
	return c
}

// String gives the crosswalk's full provenance: its name, and what its
// bands rest on ("observed (reference distributions: …)").
func (c *Crosswalk) String() string { return c.orDefault().name }

// Name names the crosswalk in a few words, for messages: "default",
// "observed", "from distributions", "from cut points", "from a file", a
// fitted model's name, or the name given to [Crosswalk.Named].
func (c *Crosswalk) Name() string { return c.orDefault().short }

// Basis returns what the crosswalk's bands rest on: equal widths, counted
// distributions, a fitted model, cut points or a file. It is the basis of
// each comparison of two scales that no recorded equivalence decides;
// [Comparison.Basis] may name the very rounds compared.
func (c *Crosswalk) Basis() Basis { return c.orDefault().basis }

// NormReferenced reports whether any covered scale's bands come from counts
// of how often its levels were awarded ([FromDistributions], [Observed],
// counts in a file, trend.CrosswalkFrom). Such bands place a grade within
// its own scale's reference population: the mean score of a population
// graded on one scale, counted from that very population, is 0.5 by
// construction, so means of different eras measure standing within each
// era, not change between them.
func (c *Crosswalk) NormReferenced() bool {
	for i := range c.orDefault().covs {
		if c.covs[i].counts != nil {
			return true
		}
	}
	return false
}

// Named returns a crosswalk with the bands, equivalences and caches of c,
// named name (see [Crosswalk.Name]) and with source naming what its bands
// rest on in its [Crosswalk.Basis]: the rounds or observations counted
// ("the input's observations"), the file, the model. The kind of basis
// stays c's; for equal widths, which names nothing, source is ignored.
// String becomes name followed by the basis in parentheses.
func (c *Crosswalk) Named(name, source string) *Crosswalk {
	out := *c.orDefault()
	out.short = name
	out.basis = NewBasis(out.basis.kind, source)
	out.name = name + " (" + out.basis.String() + ")"
	return &out
}

// Counts returns a copy of the counts behind the bands of s, worst level
// first; ok is false when the crosswalk has none for s (it does not cover
// s, or was given cut points or draws for it).
func (c *Crosswalk) Counts(s *scale.Scale) (counts []float64, ok bool) {
	c = c.orDefault()
	if !c.dataDriven() {
		return nil, false
	}
	i, err := c.coverageOf(s)
	if err != nil || c.covs[i].counts == nil {
		return nil, false
	}
	return slices.Clone(c.covs[i].counts), true
}

// CheckCovers checks that the crosswalk covers every scale that scales
// yields, so that a tool can say once, before it reads anything else, that
// a crosswalk does not fit its input, rather than report an error for each
// grade. It returns nil when all are covered, and otherwise one
// [*ScaleError] wrapping [ErrNotCovered] (or [ErrOtherDefinition]) that names
// the first scale not covered, says why (naming the crosswalk by its
// [Crosswalk.Name]) and which crosswalks do cover it, and how many other
// distinct scales are not covered either. A nil scale is not covered (the
// error then wraps [ErrInvalidGrade]).
func (c *Crosswalk) CheckCovers(scales iter.Seq[*scale.Scale]) error {
	c = c.orDefault()
	var first *ScaleError
	others := 0
	seen := map[*scale.Scale]bool{}
	for s := range scales {
		s = s.Canonical()
		if seen[s] {
			continue
		}
		seen[s] = true
		if s != nil && c.Covers(s) {
			continue
		}
		if first != nil {
			others++
			continue
		}
		first = c.notCovered(s)
	}
	if first == nil {
		return nil
	}
	if others > 0 {
		out := *first
		more := "1 other scale of the input is"
		if others > 1 {
			more = fmt.Sprintf("%d other scales of the input are", others)
		}
		out.Detail += "; " + more + " not covered either"
		return &out
	}
	return first
}

// Covers reports whether the crosswalk gives bands to the levels of s.
func (c *Crosswalk) Covers(s *scale.Scale) bool {
	c = c.orDefault()
	if s == nil {
		return false
	}
	if !c.dataDriven() {
		return true
	}
	_, err := c.coverageOf(s)
	return err == nil
}

// coverageOf returns the index in covs of s. It is the one lookup of
// coverage, by identity (the interned *Scale). A nil scale, that of the
// zero Grade, gives ErrInvalidGrade.
func (c *Crosswalk) coverageOf(s *scale.Scale) (int, error) {
	if i := c.index(s); i >= 0 {
		return i, nil
	}
	return c.coverageByID(s)
}

// coverageByID explains why s is not covered, after index found no
// coverage of s itself: it finds the covered scale of a struct copy of s
// ([scale.Scale.Canonical]), and otherwise says whether a covered scale
// has s's ID but another definition.
func (c *Crosswalk) coverageByID(s *scale.Scale) (int, error) {
	if s == nil {
		return -1, ErrInvalidGrade
	}
	if canon := s.Canonical(); canon != s {
		if i := c.index(canon); i >= 0 {
			return i, nil
		}
	}
	if _, ok := c.byID[s.ID()]; ok {
		return -1, &ScaleError{Scale: s.ID(), Err: ErrOtherDefinition,
			Detail: "the crosswalk covers a scale with this ID whose definition differs"}
	}
	return -1, &ScaleError{Scale: s.ID(), Err: ErrNotCovered}
}

// Band returns the band of g on the common ordinal.
func (c *Crosswalk) Band(g grade.Grade) (Band, error) {
	c = c.orDefault()
	if !c.dataDriven() && g.IsValid() { // band's first case, inlined
		return equalWidthBand(g), nil
	}
	return c.band(g)
}

// equalWidthBand is the band of a valid grade under equal widths. It is
// small enough to inline, and Compare calls it directly on its hot path.
func equalWidthBand(g grade.Grade) Band {
	n, k := float64(g.Scale().Len()), float64(g.Rank())
	return Band{(k - 1) / n, k / n}
}

// band is Band for a crosswalk that is not nil. Building Default goes
// through it, so it must not refer to Default.
func (c *Crosswalk) band(g grade.Grade) (Band, error) {
	if !c.dataDriven() {
		if !g.IsValid() {
			return Band{}, ErrInvalidGrade
		}
		return equalWidthBand(g), nil
	}
	i, err := c.coverageOf(g.Scale())
	if err != nil {
		return Band{}, err
	}
	cuts, k := c.covs[i].cuts, g.Rank()
	return Band{cuts[k-1], cuts[k]}, nil
}

// Score returns the middle of g's band: a single number for g on the common
// ordinal, for averaging and plotting.
func (c *Crosswalk) Score(g grade.Grade) (float64, error) {
	b, err := c.Band(g)
	return b.Mid(), err
}

// Bands yields each level of s, worst first, with its band.
func (c *Crosswalk) Bands(s *scale.Scale) (iter.Seq2[grade.Grade, Band], error) {
	c = c.orDefault()
	cuts, err := c.CutPoints(s)
	if err != nil {
		return nil, err
	}
	return func(yield func(grade.Grade, Band) bool) {
		for k := 1; k <= s.Len(); k++ {
			g, _ := grade.FromRank(s, k)
			if !yield(g, Band{cuts[k-1], cuts[k]}) {
				return
			}
		}
	}, nil
}

// CutPoints returns a copy of the cut points of s: s.Len()+1 values from 0
// to 1.
func (c *Crosswalk) CutPoints(s *scale.Scale) ([]float64, error) {
	c = c.orDefault()
	if s == nil {
		return nil, &ScaleError{Scale: s.String(), Err: ErrNotCovered}
	}
	if c.dataDriven() {
		i, err := c.coverageOf(s)
		if err != nil {
			return nil, err
		}
		return slices.Clone(c.covs[i].cuts), nil
	}
	cuts := make([]float64, s.Len()+1)
	for k := range cuts {
		cuts[k] = float64(k) / float64(s.Len())
	}
	return cuts, nil
}
