package chart

import (
	"fmt"
	"slices"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// point is one observation placed on a picture.
type point struct {
	obs      trend.Observation
	band     crosswalk.Band
	iv       crosswalk.BandInterval // the 90% intervals of the band's edges
	from, to float64                // the date's span, in fractional years
	series   int                    // index of its series in the input
}

// spanOf returns the span of days an observation's date stands for: the
// day, the month or the year it was written with.
func spanOf(o trend.Observation) (from, to float64) {
	d := date.DayOf(o.Date)
	var end time.Time
	switch o.Precision {
	case trend.Year:
		d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		end = d.AddDate(1, 0, 0)
	case trend.Month:
		d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		end = d.AddDate(0, 1, 0)
	default:
		end = d.AddDate(0, 0, 1)
	}
	return yearOf(d), yearOf(end)
}

// checkSeries applies the limits on what one picture draws to series:
// MaxObservations grades, MaxLabels subjects and areas, MaxTextBytes in
// each name and label.
func checkSeries(series []trend.Series) error {
	n := 0
	names := map[string]bool{}
	for _, s := range series {
		n += len(s.Observations)
		if err := checkCount("MaxObservations", "observations", MaxObservations, n); err != nil {
			return err
		}
		for _, t := range []string{s.Subject, s.Area} {
			if err := checkText("name", t); err != nil {
				return err
			}
			if !names[t] {
				names[t] = true
				if err := checkCount("MaxLabels", "subjects and areas", MaxLabels, len(names)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// gather places every observation of series on the common ordinal, with
// its band's intervals when intervals is set, in the order given.
func gather(cw *crosswalk.Crosswalk, series []trend.Series, intervals bool) ([]point, error) {
	if err := checkSeries(series); err != nil {
		return nil, err
	}
	var pts []point
	checked := map[*scale.Scale]bool{}
	for i, s := range series {
		for _, o := range s.Observations {
			if !o.Grade.IsValid() {
				return nil, fmt.Errorf("chart: %s: %w", o, crosswalk.ErrInvalidGrade)
			}
			if sc := o.Grade.Scale(); !checked[sc] {
				checked[sc] = true
				for l := range sc.Labels() {
					if err := checkText("grade label", l); err != nil {
						return nil, err
					}
				}
				if err := checkText("scale name", sc.Name()); err != nil {
					return nil, err
				}
			}
			band, err := cw.Band(o.Grade)
			if err != nil {
				return nil, fmt.Errorf("chart: %s: %w", o, err)
			}
			p := point{obs: o, band: band, series: i}
			if intervals {
				if p.iv, err = cw.BandInterval(o.Grade); err != nil {
					return nil, fmt.Errorf("chart: %s: %w", o, err)
				}
			}
			p.from, p.to = spanOf(o)
			pts = append(pts, p)
		}
	}
	return pts, nil
}

// scalesOf returns the scales of the points, in the order of the grades'
// dates.
func scalesOf(pts []point) []*scale.Scale {
	byDate := slices.Clone(pts)
	slices.SortStableFunc(byDate, func(a, b point) int { return a.obs.Date.Compare(b.obs.Date) })
	var out []*scale.Scale
	seen := map[*scale.Scale]bool{}
	for _, p := range byDate {
		if s := p.obs.Grade.Scale(); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// descLimit is how many grades a <desc> lists one by one.
const descLimit = 40
