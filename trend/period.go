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
	"github.com/gradewalk/gradewalk/internal/date"
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

// DefaultBins is the number of bins of the common ordinal that [ByPeriod]
// counts grades in when not told otherwise, and MaxBins the most it
// counts in.
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
	// grades in, 1 to MaxBins; 0 means DefaultBins.
	Bins int
	// PoolAreas summarises all areas together (Area "") instead of each
	// area on its own.
	PoolAreas bool
}

// PeriodSummary describes the grades of one area given in one period,
// across subjects.
//
// In JSON it is {"period": "2016", "area", "observations", "subjects",
// "scales", "bins", "mean", "straddling"}, the period written as
// [Period.String] writes it.
type PeriodSummary struct {
	Period Period `json:"period"`
	Area   string `json:"area"` // "" when areas are pooled
	// Observations counts the grades; Subjects the distinct subjects graded.
	Observations int `json:"observations"`
	Subjects     int `json:"subjects"`
	// Scales lists the IDs of the scales the grades are on, sorted. More
	// than one means the period spans a change of scale.
	Scales []string `json:"scales"`
	// Bins[i] counts the grades whose score (the middle of the band) lies
	// in [i/n, (i+1)/n) of the common ordinal, n = len(Bins); a score of 1
	// counts in the last bin, and a score on an edge in the bin above it.
	// [BinEdges] gives each bin's edges.
	Bins []int `json:"bins"`
	// Mean is the mean score.
	Mean float64 `json:"mean"`
	// Straddling counts the grades whose date, written as a year or a
	// month, overlaps the period without lying within it ("2016" against
	// a period from April 2016 to March 2017): which period they belong to
	// cannot be told, so they are counted here and in no bin, and not in
	// Observations.
	Straddling int
}

// BinEdges returns the lower and upper edge of bin i of n on the common
// ordinal.
func BinEdges(i, n int) (lo, hi float64) { return float64(i) / float64(n), float64(i+1) / float64(n) }

// binOf returns the bin of n that score falls in.
func binOf(score float64, n int) int {
	// The tolerance keeps a score on an edge (0.6 of 5 bins) from falling
	// into the bin below through rounding.
	i := int(math.Floor(score*float64(n) + 1e-9))
	return min(max(i, 0), n-1)
}

// ByPeriod summarises observations by period and area: for each period and
// each area graded in it, how many grades fell in each bin of the common
// ordinal and their mean score under cw. Summaries come in the order of the
// periods, and within a period by area (byte order); a period and area with
// no observations is left out.
//
// An observation's date stands for the span it was written for (see
// "Order" in the package documentation): it counts in each period that
// holds the whole span, so a grade dated "2016" counts in the year 2016
// and not in a period from April 2016 to March 2017, whose summary counts
// it in Straddling instead.
//
// The cost is linear in the observations and the periods (and the
// summaries made). A nil cw means [crosswalk.Default]. The error wraps
// [ErrBins] for Bins outside 1 to MaxBins, [crosswalk.ErrNotCovered] when cw
// does not cover a scale in a period, and is an [*ObservationError] for an
// observation with no date or grade, whether or not a period contains it.
func ByPeriod(cw *crosswalk.Crosswalk, obs []Observation, opt PeriodOptions) ([]PeriodSummary, error) {
	bins := opt.Bins
	if bins == 0 {
		bins = DefaultBins
	}
	if bins < 1 || bins > MaxBins {
		return nil, fmt.Errorf("trend: %d bins: %w (want 1 to %d)", opt.Bins, ErrBins, MaxBins)
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
		total    float64
		subjects map[string]struct{}
		scales   map[string]struct{}
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
				sum:      PeriodSummary{Period: periods[pi], Area: k.area, Bins: make([]int, bins)},
				subjects: make(map[string]struct{}), scales: make(map[string]struct{}),
			}
			accs[k] = a
		}
		return a
	}
	var hits []int
	for _, o := range obs {
		first, last := o.spanDays()
		var score float64
		scored := false
		hits = idx.overlapping(first, last, hits[:0])
		for _, pi := range hits {
			p := periods[pi]
			if first.Before(p.From) || last.After(p.Until) {
				get(pi, o.Area).sum.Straddling++
				continue
			}
			if !scored {
				var err error
				if score, err = cw.Score(o.Grade); err != nil {
					return nil, fmt.Errorf("trend: %s: %w", o, err)
				}
				scored = true
			}
			a := get(pi, o.Area)
			a.sum.Observations++
			a.sum.Bins[binOf(score, bins)]++
			a.total += score
			a.subjects[o.Subject] = struct{}{}
			a.scales[o.Grade.Scale().ID()] = struct{}{}
		}
	}
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
		if s.Observations > 0 {
			s.Mean = a.total / float64(s.Observations)
		}
		for id := range a.scales {
			s.Scales = append(s.Scales, id)
		}
		slices.Sort(s.Scales)
		out = append(out, s)
	}
	return out, nil
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
