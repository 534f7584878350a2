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
// counts grades in when not told otherwise.
const DefaultBins = 5

// PeriodOptions says how [ByPeriod] summarises.
type PeriodOptions struct {
	// Periods to summarise, in the order the summaries should come. Nil
	// means every calendar year in which there is an observation, in order.
	// Periods may overlap: an observation counts in each that contains it.
	Periods []Period
	// Bins is the number of equal bins of the common ordinal to count
	// grades in; 0 means DefaultBins.
	Bins int
	// PoolAreas summarises all areas together (Area "") instead of each
	// area on its own.
	PoolAreas bool
}

// PeriodSummary describes the grades of one area given in one period,
// across subjects.
type PeriodSummary struct {
	Period Period
	Area   string // "" when areas are pooled
	// Observations counts the grades; Subjects the distinct subjects graded.
	Observations, Subjects int
	// Scales lists the IDs of the scales the grades are on, sorted. More
	// than one means the period spans a change of scale.
	Scales []string
	// Bins[i] counts the grades whose score (the middle of the band) lies
	// in [i/n, (i+1)/n) of the common ordinal, n = len(Bins); a score of 1
	// counts in the last bin, and a score on an edge in the bin above it.
	Bins []int
	// Mean is the mean score.
	Mean float64
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
// no observations is left out. An observation's date is its first day (see
// [Observation]), so a grade dated "2016" falls in 2016-01. A nil cw means
// [crosswalk.Default]. The error wraps [crosswalk.ErrNotCovered] when cw
// does not cover a scale in a period, and is an [*ObservationError] for an
// observation with no date or grade, whether or not a period contains it.
func ByPeriod(cw *crosswalk.Crosswalk, obs []Observation, opt PeriodOptions) ([]PeriodSummary, error) {
	for i, o := range obs {
		if err := check(i, o); err != nil {
			return nil, err
		}
	}
	cw = orDefault(cw)
	bins := opt.Bins
	if bins == 0 {
		bins = DefaultBins
	}
	if bins < 0 {
		return nil, fmt.Errorf("trend: %d bins", bins)
	}
	periods := opt.Periods
	if periods == nil {
		periods = yearsOf(obs)
	}
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
	for _, o := range obs {
		var score float64
		scored := false
		for pi, p := range periods {
			if !p.Contains(o.Date) {
				continue
			}
			if !scored {
				var err error
				if score, err = cw.Score(o.Grade); err != nil {
					return nil, fmt.Errorf("trend: %s: %w", o, err)
				}
				scored = true
			}
			k := key{pi, o.Area}
			if opt.PoolAreas {
				k.area = ""
			}
			a := accs[k]
			if a == nil {
				a = &acc{
					sum:      PeriodSummary{Period: p, Area: k.area, Bins: make([]int, bins)},
					subjects: make(map[string]struct{}), scales: make(map[string]struct{}),
				}
				accs[k] = a
			}
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
		s.Mean = a.total / float64(s.Observations)
		for id := range a.scales {
			s.Scales = append(s.Scales, id)
		}
		slices.Sort(s.Scales)
		out = append(out, s)
	}
	return out, nil
}

// yearsOf returns the calendar years in which there are observations, in
// order.
func yearsOf(obs []Observation) []Period {
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
