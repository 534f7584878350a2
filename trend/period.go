package trend

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
)

// Period is a span of calendar dates, From to Until, both inclusive, at
// midnight UTC. The zero Period is empty and contains nothing.
type Period struct {
	From, Until time.Time
}

// ErrBadPeriod is wrapped by the errors of [ParsePeriod].
var ErrBadPeriod = errors.New("not a period: want YYYY[-MM[-DD]] or FROM..UNTIL")

// YearPeriod returns the calendar year y.
func YearPeriod(y int) Period {
	return Period{time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)}
}

// ParsePeriod reads a period written as a date, "2016" (the whole year),
// "2016-04" (the month) or "2016-04-01", or as a range "FROM..UNTIL" of two
// such dates, from the first day of FROM to the last day of UNTIL:
// "2016-04..2017-03" is April 2016 to March 2017.
func ParsePeriod(s string) (Period, error) {
	from, until, isRange := strings.Cut(s, "..")
	if !isRange {
		until = from
	}
	a, err := date.Parse(strings.TrimSpace(from))
	if err != nil {
		return Period{}, fmt.Errorf("trend: period %q: %w", s, ErrBadPeriod)
	}
	b, err := date.Parse(strings.TrimSpace(until))
	if err != nil {
		return Period{}, fmt.Errorf("trend: period %q: %w", s, ErrBadPeriod)
	}
	if b.Last.Before(a.First) {
		return Period{}, fmt.Errorf("trend: period %q: %w: it ends before it starts", s, ErrBadPeriod)
	}
	return Period{a.First, b.Last}, nil
}

// Contains reports whether the calendar date of t falls within p.
func (p Period) Contains(t time.Time) bool {
	d := date.DayOf(t)
	return !p.From.IsZero() && !d.Before(p.From) && !d.After(p.Until)
}

// MarshalText writes the period as String does; the zero Period writes "".
func (p Period) MarshalText() ([]byte, error) {
	if p.From.IsZero() {
		return []byte{}, nil
	}
	return []byte(p.String()), nil
}

// UnmarshalText reads a period as ParsePeriod does; "" is the zero Period.
func (p *Period) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = Period{}
		return nil
	}
	q, err := ParsePeriod(string(text))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// String writes the period as ParsePeriod reads it, as briefly as it can:
// "2016", "2016-04", "2016-04-01..2017-03-31".
func (p Period) String() string {
	if p.From.IsZero() {
		return "empty period"
	}
	f, u := p.From, p.Until
	monthStart := f.Day() == 1
	monthEnd := u.AddDate(0, 0, 1).Day() == 1
	switch {
	case monthStart && monthEnd && f.Month() == time.January && u.Month() == time.December:
		if f.Year() == u.Year() {
			return date.Format(f, date.Year)
		}
		return date.Format(f, date.Year) + ".." + date.Format(u, date.Year)
	case monthStart && monthEnd:
		if f.Year() == u.Year() && f.Month() == u.Month() {
			return date.Format(f, date.Month)
		}
		return date.Format(f, date.Month) + ".." + date.Format(u, date.Month)
	case f.Equal(u):
		return date.Format(f, date.Day)
	}
	return date.Format(f, date.Day) + ".." + date.Format(u, date.Day)
}

// DefaultBins is the number of equal bins of the common ordinal that
// [ByPeriod] counts a period's grades in when they are on more than one
// scale and it is not told otherwise, and MaxBins the most it counts in.
const (
	DefaultBins = 5
	MaxBins     = 100
)

// ErrBins is wrapped by the error of [ByPeriod] for a number of bins
// outside 1 to [MaxBins].
var ErrBins = errors.New("bins out of range")

// PeriodOptions says how [ByPeriod] summarises.
type PeriodOptions struct {
	// Periods to summarise, in the order the summaries should come. Nil
	// means every calendar year in which there is an observation, in order.
	// Periods may overlap: an observation counts in each that contains it.
	Periods []Period
	// Bins is the number of equal bins of the common ordinal to count
	// grades in, 1 to MaxBins. 0, the default, counts each level of a
	// period's scale on its own when every grade of the period is on one
	// scale ([PeriodSummary.ByLevel]), and in DefaultBins equal bins when
	// the period has grades of several scales.
	Bins int
	// PoolAreas summarises all areas together (Area "") instead of each
	// area on its own.
	PoolAreas bool
}

// PeriodSummary describes the grades of one area given in one period,
// across subjects.
//
// In JSON it is {"period": "2016", "area", "observations", "subjects",
// "scales", "bins", "mean", "straddling", "by_level", "bin_labels",
// "norm_referenced", "counted_from_input"}, the period written as
// [Period.String] writes it and each bin label as [BinLabel] writes it.
type PeriodSummary struct {
	Period Period `json:"period"`
	Area   string `json:"area"` // "" when areas are pooled
	// Observations counts the grades; Subjects the distinct subjects graded.
	Observations int `json:"observations"`
	Subjects     int `json:"subjects"`
	// Scales lists the IDs of the scales the grades are on, sorted. More
	// than one means the period spans a change of scale.
	Scales []string `json:"scales"`
	// Bins counts the grades in each bin, worst first, and BinLabels[i]
	// says what bin i holds. With ByLevel, bin i is level i+1 of the
	// period's one scale. Otherwise Bins[i] counts the grades whose score
	// (the middle of the band) lies in [i/n, (i+1)/n) of the common
	// ordinal, n = len(Bins); a score of 1 counts in the last bin, and a
	// score on an edge in the bin above it ([BinEdges]).
	Bins []int `json:"bins"`
	// Mean is the mean score. Under a norm-referenced crosswalk it
	// measures standing within each scale's reference population, not
	// change between eras: see NormReferenced.
	Mean float64 `json:"mean"`
	// Straddling counts the grades whose date, written as a year or a
	// month, overlaps the period without lying within it ("2016" against
	// a period from April 2016 to March 2017): which period they belong to
	// cannot be told, so they are counted here and in no bin, and not in
	// Observations.
	Straddling int `json:"straddling"`
	// ByLevel reports that the bins are the levels of the period's one
	// scale, worst first, each labelled by its grade: what [ByPeriod]
	// counts when PeriodOptions.Bins is 0 and every grade of the period is
	// on one scale.
	ByLevel bool `json:"by_level"`
	// BinLabels[i] says what bin i holds: its span of the common ordinal,
	// the levels of the period's scales whose score lies in it, and
	// whether grades of two levels of one scale were counted together in
	// it. [PeriodSummary.Label] writes it for people.
	BinLabels []BinLabel `json:"bin_labels"`
	// NormReferenced reports that the crosswalk placed at least one of the
	// period's scales by counts of how often its levels were given
	// ([crosswalk.Crosswalk.Counts]: FromDistributions, Observed, counts
	// in a file, CrosswalkFrom). Such a scale's mean score places its
	// grades within that scale's reference population: a period's mean on
	// one scale against another's on another measures standing within
	// each, not change between eras. [MeansNote] says so in a sentence.
	NormReferenced bool `json:"norm_referenced"`
	// CountedFromInput reports that each of the period's scales was placed
	// by the distribution of the very grades given to ByPeriod, as
	// CrosswalkFrom counts them: each scale's mean over those grades is
	// then 0.5 by construction, whatever the grades.
	CountedFromInput bool `json:"counted_from_input"`
}

// BinLabel says what one bin of a [PeriodSummary] holds.
//
// In JSON it is {"band": {"lo", "hi"}, "grades": ["scale-id:Label", …],
// "merges_levels"}.
type BinLabel struct {
	// Band is the bin's span of the common ordinal: the level's band when
	// the summary counts by level, [i/n, (i+1)/n] otherwise (the upper edge
	// belongs to the bin above, but for the last).
	Band crosswalk.Band `json:"band"`
	// Grades are the levels of the period's scales whose score lies in the
	// bin, whether or not any was given, by score and then by scale ID:
	// the one level when the summary counts by level; none for a bin no
	// level of the period's scales falls in.
	Grades []grade.Grade `json:"grades"`
	// MergesLevels reports that grades of two or more levels of one scale
	// were counted in the bin, so that its count does not tell them apart:
	// fewer equal bins than the scale has levels put two of its levels in
	// one bin.
	MergesLevels bool `json:"merges_levels"`
}

// Label names what bin i holds, for people: the level's label when the
// summary counts by level ("Requires improvement"); otherwise the labels of
// the levels in it joined by ", ", each with its scale's ID
// ("hmic-peel-2014:Good, hmicfrs-peel-2021:Adequate") when the period has
// grades of several scales; "" for a bin that holds no level, or i out of
// range.
func (s PeriodSummary) Label(i int) string {
	if i < 0 || i >= len(s.BinLabels) {
		return ""
	}
	qualify := len(s.Scales) > 1
	names := make([]string, len(s.BinLabels[i].Grades))
	for j, g := range s.BinLabels[i].Grades {
		names[j] = g.Label()
		if qualify {
			names[j] = g.String()
		}
	}
	return strings.Join(names, ", ")
}

// MeansNote says in one sentence what the mean scores of sums measure
// when a crosswalk placed their scales by counts, for a warning or a
// footnote: that each scale's mean over the grades is 0.5 by construction
// when the crosswalk was counted from them ([PeriodSummary.CountedFromInput]),
// and otherwise that the means measure standing within each scale's
// reference population ([PeriodSummary.NormReferenced]). It is "" when no
// summary is norm-referenced.
func MeansNote(sums []PeriodSummary) string {
	norm, self := false, false
	for _, s := range sums {
		norm = norm || s.NormReferenced
		self = self || s.CountedFromInput
	}
	switch {
	case self:
		return "The crosswalk was counted from these very grades, so every scale's mean score over them is 0.5 by construction: " +
			"a period's mean shows where its grades stand among their own scale's grades, not change between eras."
	case norm:
		return "The crosswalk places scales by how often their grades were given, so each mean score measures standing within " +
			"its scale's reference population, not change between eras."
	}
	return ""
}

// BinEdges returns the lower and upper edge of bin i of n equal bins of
// the common ordinal.
func BinEdges(i, n int) (lo, hi float64) { return float64(i) / float64(n), float64(i+1) / float64(n) }

// binOf returns the bin of n that score falls in.
func binOf(score float64, n int) int {
	// The tolerance keeps a score on an edge (0.6 of 5 bins) from falling
	// into the bin below through rounding.
	i := int(math.Floor(score*float64(n) + 1e-9))
	return min(max(i, 0), n-1)
}

// ByPeriod summarises observations by period and area: for each period and
// each area graded in it, how many grades fell in each bin, labelled by
// the grades it holds, and their mean score under cw. By default (Bins 0)
// a period whose grades are all on one scale is counted level by level,
// and a period with grades of several scales in DefaultBins equal bins of
// the common ordinal; opt.Bins forces that many equal bins everywhere.
// Summaries come in the order of the periods, and within a period by area
// (byte order); a period and area with no observations is left out.
//
// Each summary says whether the crosswalk placed its scales by counts
// (NormReferenced), and by the counts of these very observations
// (CountedFromInput), where the means cannot show change between eras:
// [MeansNote] writes the warning.
//
// An observation's date stands for the span it was written for (see
// "Order" in the package documentation): it counts in each period that
// holds the whole span, so a grade dated "2016" counts in the year 2016
// and not in a period from April 2016 to March 2017, whose summary counts
// it in Straddling instead.
//
// The cost is linear in the observations and the periods (and the
// summaries made). A nil cw means [crosswalk.Default]. The error wraps
// [ErrBins] for Bins outside 0 to MaxBins, [crosswalk.ErrNotCovered] when cw
// does not cover a scale in a period, and is an [*ObservationError] for an
// observation with no date or grade, whether or not a period contains it.
func ByPeriod(cw *crosswalk.Crosswalk, obs []Observation, opt PeriodOptions) ([]PeriodSummary, error) {
	if opt.Bins < 0 || opt.Bins > MaxBins {
		return nil, fmt.Errorf("trend: %d bins: %w (want 1 to %d, or 0 for one per level)", opt.Bins, ErrBins, MaxBins)
	}
	for i, o := range obs {
		if err := check(i, o); err != nil {
			return nil, err
		}
	}
	cw = orDefault(cw)
	periods := opt.Periods
	if periods == nil {
		periods = Years(obs)
	}
	idx := newPeriodIndex(periods)
	type key struct {
		period int
		area   string
	}
	type acc struct {
		sum      PeriodSummary
		counts   levelCounts
		subjects map[string]struct{}
	}
	accs := make(map[key]*acc)
	get := func(pi int, area string) *acc {
		k := key{pi, area}
		if opt.PoolAreas {
			k.area = ""
		}
		a := accs[k]
		if a == nil {
			a = &acc{
				sum:      PeriodSummary{Period: periods[pi], Area: k.area},
				subjects: make(map[string]struct{}),
			}
			accs[k] = a
		}
		return a
	}
	scores := make(scoreCache)
	var hits []int
	for _, o := range obs {
		first, last := o.spanDays()
		scored := false
		hits = idx.overlapping(first, last, hits[:0])
		for _, pi := range hits {
			p := periods[pi]
			if first.Before(p.From) || last.After(p.Until) {
				get(pi, o.Area).sum.Straddling++
				continue
			}
			if !scored {
				if err := scores.add(cw, o.Grade); err != nil {
					return nil, fmt.Errorf("trend: %s: %w", o, err)
				}
				scored = true
			}
			a := get(pi, o.Area)
			a.sum.Observations++
			a.counts.add(o.Grade)
			a.subjects[o.Subject] = struct{}{}
		}
	}
	ref := newReferencing(cw, obs)
	keys := make([]key, 0, len(accs))
	for k := range accs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.period, b.period), strings.Compare(a.area, b.area)) })
	out := make([]PeriodSummary, 0, len(keys))
	for _, k := range keys {
		a := accs[k]
		s := a.sum
		s.Subjects = len(a.subjects)
		// The scales by ID and each one's levels worst first, so that the
		// mean's sum is the same on every run.
		a.counts.sort()
		total := 0.0
		for _, sc := range a.counts {
			s.Scales = append(s.Scales, sc.scale.ID())
			for r, n := range sc.n {
				if n > 0 {
					total += scores.of(sc.scale, r+1) * float64(n)
				}
			}
		}
		if s.Observations > 0 {
			s.Mean = total / float64(s.Observations)
		}
		if err := binGrades(cw, &s, a.counts, scores, opt.Bins); err != nil {
			return nil, err
		}
		s.NormReferenced, s.CountedFromInput = ref.of(a.counts)
		out = append(out, s)
	}
	return out, nil
}

// levelCounts counts a period's grades by scale and level: few scales in a
// period, each counted by rank.
type levelCounts []scaleCount

type scaleCount struct {
	scale *scale.Scale
	n     []int // n[r-1] counts level r
}

func (lc *levelCounts) add(g grade.Grade) {
	s := g.Scale()
	for i := range *lc {
		if (*lc)[i].scale == s {
			(*lc)[i].n[g.Rank()-1]++
			return
		}
	}
	c := scaleCount{scale: s, n: make([]int, s.Len())}
	c.n[g.Rank()-1]++
	*lc = append(*lc, c)
}

func (lc levelCounts) sort() {
	slices.SortFunc(lc, func(a, b scaleCount) int { return strings.Compare(a.scale.ID(), b.scale.ID()) })
}

// scoreCache holds the score of every level of each scale met, found once.
type scoreCache map[*scale.Scale][]float64

// add scores every level of g's scale, once; the error is the crosswalk's
// for a scale it does not cover.
func (sc scoreCache) add(cw *crosswalk.Crosswalk, g grade.Grade) error {
	s := g.Scale()
	if _, ok := sc[s]; ok {
		return nil
	}
	cuts, err := cw.CutPoints(s)
	if err != nil {
		return err
	}
	scores := make([]float64, s.Len())
	for r := range scores {
		scores[r] = crosswalk.Band{Lo: cuts[r], Hi: cuts[r+1]}.Mid()
	}
	sc[s] = scores
	return nil
}

// of returns the score of level r of s, which add has met.
func (sc scoreCache) of(s *scale.Scale, r int) float64 { return sc[s][r-1] }

// binGrades fills the bins and their labels of s from its grades' counts
// (sorted by scale ID): level by level when bins is 0 and there is one
// scale, else in bins (or DefaultBins) equal bins.
func binGrades(cw *crosswalk.Crosswalk, s *PeriodSummary, counts levelCounts, scores scoreCache, bins int) error {
	if bins == 0 && len(counts) == 1 {
		sc := counts[0]
		cuts, err := cw.CutPoints(sc.scale)
		if err != nil {
			return fmt.Errorf("trend: %s: %w", sc.scale.ID(), err)
		}
		n := sc.scale.Len()
		s.ByLevel = true
		s.Bins = slices.Clone(sc.n)
		s.BinLabels = make([]BinLabel, n)
		levels := make([]grade.Grade, n) // one array behind every label
		for r := 1; r <= n; r++ {
			levels[r-1], _ = grade.FromRank(sc.scale, r)
			s.BinLabels[r-1] = BinLabel{Band: crosswalk.Band{Lo: cuts[r-1], Hi: cuts[r]}, Grades: levels[r-1 : r : r]}
		}
		return nil
	}
	if bins == 0 {
		bins = DefaultBins
	}
	s.Bins = make([]int, bins)
	s.BinLabels = make([]BinLabel, bins)
	for i := range s.BinLabels {
		lo, hi := BinEdges(i, bins)
		s.BinLabels[i].Band = crosswalk.Band{Lo: lo, Hi: hi}
	}
	// Each level's bin, the levels counted in each bin of each scale, and
	// the labels' levels by score then scale ID, in one array.
	type level struct {
		g     grade.Grade
		score float64
		bin   int
	}
	var all []level
	for _, sc := range counts {
		for r := 1; r <= sc.scale.Len(); r++ {
			g, _ := grade.FromRank(sc.scale, r)
			score := scores.of(sc.scale, r)
			b := binOf(score, bins)
			all = append(all, level{g, score, b})
			s.Bins[b] += sc.n[r-1]
		}
		given := make([]int, bins)
		for r, n := range sc.n {
			if n > 0 {
				given[binOf(scores.of(sc.scale, r+1), bins)]++
			}
		}
		for b, k := range given {
			if k > 1 {
				s.BinLabels[b].MergesLevels = true
			}
		}
	}
	slices.SortStableFunc(all, func(a, b level) int {
		return cmp.Or(cmp.Compare(a.bin, b.bin), cmp.Compare(a.score, b.score), strings.Compare(a.g.Scale().ID(), b.g.Scale().ID()))
	})
	grades := make([]grade.Grade, len(all))
	for i, l := range all {
		grades[i] = l.g
	}
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].bin == all[i].bin {
			j++
		}
		s.BinLabels[all[i].bin].Grades = grades[i:j:j]
		i = j
	}
	return nil
}

// referencing says, per scale, whether a crosswalk places it by counts,
// and by counts in the proportions of the observations' own grades.
type referencing struct {
	cw    *crosswalk.Crosswalk
	input map[*scale.Scale][]float64 // the observations' counts; nil when cw has none
	norm  map[*scale.Scale]bool
	self  map[*scale.Scale]bool
}

func newReferencing(cw *crosswalk.Crosswalk, obs []Observation) *referencing {
	r := &referencing{cw: cw, norm: map[*scale.Scale]bool{}, self: map[*scale.Scale]bool{}}
	if cw.NormReferenced() {
		// The observations were checked: CountGrades cannot fail.
		r.input, _ = CountGrades(slices.Values(obs))
	}
	return r
}

// of returns whether any of the scales counted is placed by counts, and
// whether every one is placed by counts proportional to the observations'
// own.
func (r *referencing) of(counted levelCounts) (norm, self bool) {
	if r.input == nil || len(counted) == 0 {
		return false, false
	}
	self = true
	for _, c := range counted {
		s := c.scale
		n, seen := r.norm[s]
		if !seen {
			counts, ok := r.cw.Counts(s)
			n = ok
			r.norm[s] = ok
			r.self[s] = ok && proportional(counts, r.input[s])
		}
		norm = norm || n
		self = self && r.self[s]
	}
	return norm, self
}

// proportional reports whether two lists of counts, of one length, are in
// the same proportions (within rounding), each summing to more than 0.
func proportional(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	var sa, sb float64
	for i := range a {
		sa += a[i]
		sb += b[i]
	}
	if sa <= 0 || sb <= 0 {
		return false
	}
	for i := range a {
		if math.Abs(a[i]/sa-b[i]/sb) > 1e-12 {
			return false
		}
	}
	return true
}

// spanDays returns the first and last day of the span the observation's
// date was written for, at midnight UTC.
func (o Observation) spanDays() (first, last time.Time) {
	first = date.DayOf(o.Date)
	switch o.Precision {
	case Year:
		first = time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(1, 0, -1)
	case Month:
		first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1)
	}
	return first, first
}

// periodIndex finds the periods that overlap a span: the periods sorted by
// their first day, with the latest last day of each prefix, so that a
// search goes back only as far as a period may still reach the span.
type periodIndex struct {
	periods []Period
	order   []int       // indices of periods, by From
	reach   []time.Time // reach[i]: the latest Until of order[:i+1]
}

func newPeriodIndex(periods []Period) *periodIndex {
	idx := &periodIndex{periods: periods}
	for i, p := range periods {
		if !p.From.IsZero() {
			idx.order = append(idx.order, i)
		}
	}
	slices.SortStableFunc(idx.order, func(a, b int) int { return periods[a].From.Compare(periods[b].From) })
	for i, pi := range idx.order {
		u := periods[pi].Until
		if i > 0 && idx.reach[i-1].After(u) {
			u = idx.reach[i-1]
		}
		idx.reach = append(idx.reach, u)
	}
	return idx
}

// overlapping appends to dst the indices, in input order, of the periods
// that share a day with the span from first to last.
func (idx *periodIndex) overlapping(first, last time.Time, dst []int) []int {
	// The periods that start on or before last.
	n, _ := slices.BinarySearchFunc(idx.order, last, func(pi int, t time.Time) int {
		if idx.periods[pi].From.After(t) {
			return 1
		}
		return -1
	})
	start := len(dst)
	for i := n - 1; i >= 0 && !idx.reach[i].Before(first); i-- {
		if pi := idx.order[i]; !idx.periods[pi].Until.Before(first) {
			dst = append(dst, pi)
		}
	}
	slices.Sort(dst[start:])
	return dst
}

// Years returns the calendar years in which there are observations, in
// order: the periods [ByPeriod] summarises when not told others.
func Years(obs []Observation) []Period {
	seen := make(map[int]bool)
	var years []int
	for _, o := range obs {
		if y := o.Date.Year(); !seen[y] {
			seen[y] = true
			years = append(years, y)
		}
	}
	slices.Sort(years)
	periods := make([]Period, len(years))
	for i, y := range years {
		periods[i] = YearPeriod(y)
	}
	return periods
}
