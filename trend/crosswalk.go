package trend

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// ErrTooFewObservations is wrapped by the errors of [CrosswalkFrom] when
// there are no observations, or a scale is seen only once.
var ErrTooFewObservations = errors.New("too few observations")

// MinCrosswalkObservations is the number of observations of a scale below
// which [CrosswalkFrom] still counts the scale, but its standard errors and
// intervals rest on so few grades that a tool should warn of it.
const MinCrosswalkObservations = 10

// CrosswalkFrom builds a data-driven crosswalk from the observations
// themselves: it counts how often each level of each scale was given and
// passes the counts to [crosswalk.FromDistributions], so that the
// crosswalk's bands, standard errors and intervals all follow those counts.
// This is the crosswalk a trend tool wants when it holds every subject's
// grades, say all 43 forces in every round.
//
// Every observation counts, each subject as often as it was graded. A
// level nobody was given gets a zero-width band, as in FromDistributions.
// Scales not seen are not covered. The error is an [*ObservationError] for
// an observation with no date or grade, and wraps [ErrTooFewObservations]
// when there is no observation at all, or a scale is seen only once (one
// grade cannot place a scale's levels against each other). A scale seen
// fewer than [MinCrosswalkObservations] times still counts.
//
// The crosswalk is named [DataCrosswalkName] ("data") and its basis
// counted distributions of "the input's observations" ([DataSource]), so
// that every comparison under it says what it rests on. Its bands are
// norm-referenced ([crosswalk.Crosswalk.NormReferenced]): [ByPeriod] under
// it marks its summaries as counted from the input.
func CrosswalkFrom(obs iter.Seq[Observation]) (*crosswalk.Crosswalk, error) {
	counts, err := CountGrades(obs)
	if err != nil {
		return nil, err
	}
	return CrosswalkFromCounts(counts)
}

// CrosswalkFromCounts is [CrosswalkFrom] for grades already counted: how
// often each level of each scale was given, worst first, as a tool that
// keeps its observations in a form of its own can count them. It checks
// the counts as CrosswalkFrom does (the error wraps
// [ErrTooFewObservations] when there are none, or a scale is counted fewer
// than two times) and passes them to [crosswalk.FromDistributions]. The
// crosswalk is named as CrosswalkFrom's is.
func CrosswalkFromCounts(counts map[*scale.Scale][]float64) (*crosswalk.Crosswalk, error) {
	if len(counts) == 0 {
		return nil, fmt.Errorf("trend: crosswalk from observations: none given: %w", ErrTooFewObservations)
	}
	scales := slices.SortedFunc(maps.Keys(counts), func(a, b *scale.Scale) int { return cmp.Compare(a.ID(), b.ID()) })
	for _, s := range scales {
		n := 0.0
		for _, c := range counts[s] {
			n += c
		}
		if n < 2 {
			return nil, fmt.Errorf("trend: crosswalk from observations: scale %s is seen once, and one grade cannot place its levels: %w", s.ID(), ErrTooFewObservations)
		}
	}
	cw, err := crosswalk.FromDistributions(counts)
	if err != nil {
		return nil, fmt.Errorf("trend: crosswalk from observations: %w", err)
	}
	return cw.Named(DataCrosswalkName, DataSource), nil
}

// DataCrosswalkName is the name ([crosswalk.Crosswalk.Name]) of the
// crosswalks [CrosswalkFrom], [CrosswalkFromCounts] and [Linkings] count
// from observations, and DataSource what their basis names.
const (
	DataCrosswalkName = "data"
	DataSource        = "the input's observations"
)

// Linkings returns the linkings of the eras that a sensitivity check
// ([Summary.Sensitivity], [Step.Sensitivity], [crosswalk.CompareUnder])
// compares under, in this order:
//
//   - [crosswalk.Default], equal-width bands;
//   - [crosswalk.Observed], the published national distributions, which
//     covers only the scales with a reference round (CompareUnder skips it
//     for the others);
//   - the crosswalk counted from obs ([CrosswalkFrom], named "data"), over
//     the scales obs grade at least twice, left out when there are none;
//   - then extra, each named by its [crosswalk.Crosswalk.Name]: a
//     crosswalk read from a file, or a fitted model's
//     ([crosswalk.FromCutPointDraws]). An extra crosswalk with the name of
//     one above replaces it in its place, so that
//     [crosswalk.ObservedFor] of a sector stands for the observed one.
//
// A nil extra is left out. The error is an [*ObservationError] for an
// observation with no date or grade.
func Linkings(obs []Observation, extra ...*crosswalk.Crosswalk) ([]*crosswalk.Crosswalk, error) {
	set := []*crosswalk.Crosswalk{crosswalk.Default(), crosswalk.Observed()}
	counts, err := CountGrades(slices.Values(obs))
	if err != nil {
		return nil, err
	}
	maps.DeleteFunc(counts, func(_ *scale.Scale, c []float64) bool {
		n := 0.0
		for _, k := range c {
			n += k
		}
		return n < 2
	})
	if len(counts) > 0 {
		data, err := CrosswalkFromCounts(counts)
		if err != nil {
			return nil, err
		}
		set = append(set, data)
	}
	for _, cw := range extra {
		if cw == nil {
			continue
		}
		if i := slices.IndexFunc(set, func(c *crosswalk.Crosswalk) bool { return c.Name() == cw.Name() }); i >= 0 {
			set[i] = cw
			continue
		}
		set = append(set, cw)
	}
	return set, nil
}

// CountGrades counts how often each level of each scale was given, worst
// first, as [CrosswalkFromCounts] and [crosswalk.FromDistributions] take
// counts: the counts behind [CrosswalkFrom], for a caller that wants to
// see them, write them (in the crosswalk file format) or check them. The
// error is an [*ObservationError] for an observation with no date or
// grade.
func CountGrades(obs iter.Seq[Observation]) (map[*scale.Scale][]float64, error) {
	counts := make(map[*scale.Scale][]float64)
	i := 0
	for o := range obs {
		if err := check(i, o); err != nil {
			return nil, err
		}
		s := o.Grade.Scale()
		c := counts[s]
		if c == nil {
			c = make([]float64, s.Len())
			counts[s] = c
		}
		c[o.Grade.Rank()-1]++
		i++
	}
	return counts, nil
}
