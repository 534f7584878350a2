package latent

import (
	"time"

	"github.com/gradewalk/gradewalk/trend"
)

// Steps returns the steps of a trend series as the model reads them: the
// steps [trend.Series.Steps] gives under the model's crosswalk, each with
// the model's reading of the change from its earlier date to its later
// one (trend.Step.Model, from [Series.Change]), which gives the step its
// direction, its probability of improvement and its basis. A step has no
// interval of that probability (trend.Step.HasInterval is false): the
// model's probability already carries every uncertainty it knows of.
//
// s must be a series of the observations the model was fitted to, as
// trend.Group makes them; with pooled areas, each of a subject's areas is
// read on the subject's one series. The error is Steps' own, or a
// [*SeriesError] for a series or date the model does not hold.
func (m *Model) Steps(s trend.Series) ([]trend.Step, error) {
	steps, err := s.Steps(m.cw)
	if err != nil || len(steps) == 0 {
		return steps, err
	}
	ms, err := m.seriesOf(s)
	if err != nil {
		return nil, err
	}
	for i := range steps {
		if steps[i].Model, err = ms.reading(steps[i].From.Date, steps[i].To.Date); err != nil {
			return nil, err
		}
		steps[i].Direction = steps[i].Model.Direction
	}
	return steps, nil
}

// Summary sums up a trend series as the model reads it: the summary
// [trend.Series.Summary] gives under the model's crosswalk, with the
// model's reading of the change from the first grade to the last
// (trend.Summary.Model), as [Model.Steps] does for each step. A series of
// one observation has nothing to read: its summary is trend's. The errors
// are those of Steps.
func (m *Model) Summary(s trend.Series) (trend.Summary, error) {
	sum, err := s.Summary(m.cw)
	if err != nil || sum.Observations < 2 {
		return sum, err
	}
	ms, err := m.seriesOf(s)
	if err != nil {
		return trend.Summary{}, err
	}
	if sum.Model, err = ms.reading(sum.First.Date, sum.Last.Date); err != nil {
		return trend.Summary{}, err
	}
	sum.Direction = sum.Model.Direction
	return sum, nil
}

// seriesOf returns the model's series for a trend series: its subject and
// area, or its subject alone when areas are pooled.
func (m *Model) seriesOf(s trend.Series) (Series, error) {
	area := s.Area
	if m.set.poolAreas {
		area = ""
	}
	return m.Lookup(s.Subject, area)
}

// reading returns the model's reading of the change from one date of the
// series to another.
func (s Series) reading(from, to time.Time) (*trend.ModelChange, error) {
	c, err := s.Change(from, to)
	if err != nil {
		return nil, err
	}
	return &c.ModelChange, nil
}
