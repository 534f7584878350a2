package latent

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/trend"
)

// Errors of [Fit] and of a [Model]'s methods. Each comes wrapped in a
// typed error that says where the problem is.
var (
	// ErrEmpty: there are no observations to fit.
	ErrEmpty = errors.New("no observations")
	// ErrUnknownScale: an observation's scale is not in the registry the
	// model was given, or the registry holds a different scale under its ID.
	ErrUnknownScale = errors.New("scale is not in the model's registry")
	// ErrOutOfOrder: an observation is dated before one given before it for
	// the same subject and area.
	ErrOutOfOrder = errors.New("dates out of order within a series")
	// ErrOneLevel: every observation of a scale has the same level, so
	// nothing places the scale's levels against each other.
	ErrOneLevel = errors.New("only one level of the scale was observed")
	// ErrSpan: the dates span more years than the model has knots for.
	ErrSpan = errors.New("dates span too many years")
	// ErrInvalidOption: a field of [Options] is out of range.
	ErrInvalidOption = errors.New("invalid option")
	// ErrUnknownSeries: no series has the subject and area asked for.
	ErrUnknownSeries = errors.New("no such series")
	// ErrUnknownDate: the series was not observed on the date asked for.
	ErrUnknownDate = errors.New("the series was not observed on that date")
	// ErrNoDistribution: the catalogue has no distribution of the scale for
	// the round asked for (CrossSectionFor).
	ErrNoDistribution = errors.New("no such distribution in the catalogue")
	// ErrAmbiguousRound: distributions of several sectors match the round
	// asked for; name the sector.
	ErrAmbiguousRound = errors.New("the round matches distributions of several sectors")
	// ErrOutOfRange: a date lies outside the span of the population trend.
	ErrOutOfRange = errors.New("date outside the fitted span")
)

// ObservationError reports an observation that cannot be fitted, by its
// position in the input.
type ObservationError struct {
	Index       int // position in the sequence given to Fit, from 0
	Observation trend.Observation
	// Err is trend.ErrZeroDate, trend.ErrZeroGrade or ErrUnknownScale.
	Err error
}

// Error names the observation and the problem.
func (e *ObservationError) Error() string {
	return fmt.Sprintf("latent: observation %d (%s): %v", e.Index, describe(e.Observation), e.Err)
}

// Unwrap returns the underlying error.
func (e *ObservationError) Unwrap() error { return e.Err }

func describe(o trend.Observation) string {
	if o.Date.IsZero() || !o.Grade.IsValid() {
		return fmt.Sprintf("subject %q, area %q", o.Subject, o.Area)
	}
	return o.String()
}

// OrderError reports an observation dated before one given before it for
// the same subject and area. Fit needs each subject and area in date
// order; [trend.Group] puts them so.
type OrderError struct {
	Subject, Area string
	Index         int // position of the later-given observation in the input
	Date          time.Time
	Previous      time.Time // the date of the series' observation given before it
}

// Error names the series and both dates.
func (e *OrderError) Error() string {
	return fmt.Sprintf("latent: %s: observation %d is dated %s, before %s given before it: %v",
		seriesName(e.Subject, e.Area), e.Index, day(e.Date), day(e.Previous), ErrOutOfOrder)
}

// Unwrap returns ErrOutOfOrder.
func (e *OrderError) Unwrap() error { return ErrOutOfOrder }

// ScaleError reports a scale whose levels the data cannot place.
type ScaleError struct {
	Scale    string   // the scale's ID
	Observed []string // labels of the levels observed
	Missing  []string // labels of the levels never observed
	Err      error    // ErrOneLevel
}

// Error names the scale and the levels observed and missing.
func (e *ScaleError) Error() string {
	return fmt.Sprintf("latent: scale %s: %v (observed %s; never observed: %s)",
		e.Scale, e.Err, strings.Join(e.Observed, ", "), strings.Join(e.Missing, ", "))
}

// Unwrap returns the underlying error.
func (e *ScaleError) Unwrap() error { return e.Err }

// OptionError reports an option out of range.
type OptionError struct {
	Field  string // e.g. "Chains" or "CrossSections[2].Counts"
	Detail string
}

// Error names the field and what is wrong with it.
func (e *OptionError) Error() string {
	return fmt.Sprintf("latent: option %s: %s: %v", e.Field, e.Detail, ErrInvalidOption)
}

// Unwrap returns ErrInvalidOption.
func (e *OptionError) Unwrap() error { return ErrInvalidOption }

// SeriesError reports a series that the model does not hold, or a date on
// which it was not observed. Dates lists the dates it was observed on
// when the series exists.
type SeriesError struct {
	Subject, Area string
	Date          time.Time   // the date asked for, with ErrUnknownDate
	Dates         []time.Time // the series' dates, with ErrUnknownDate
	Err           error       // ErrUnknownSeries or ErrUnknownDate
	Detail        string
}

// Error names the series and, for a date, the dates that exist.
func (e *SeriesError) Error() string {
	msg := "latent: " + seriesName(e.Subject, e.Area) + ": " + e.Err.Error()
	if e.Err == ErrUnknownDate {
		ds := make([]string, len(e.Dates))
		for i, d := range e.Dates {
			ds[i] = day(d)
		}
		msg += fmt.Sprintf(": %s; it was observed on %s", day(e.Date), strings.Join(ds, ", "))
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *SeriesError) Unwrap() error { return e.Err }

// seriesName names a series in an error.
func seriesName(subject, area string) string {
	if area == "" {
		return fmt.Sprintf("series %q", subject)
	}
	return fmt.Sprintf("series %q, %q", subject, area)
}

// day writes a date as 2019-05-02.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) }
