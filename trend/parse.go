package trend

import (
	"fmt"
	"time"

	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
)

// ParseDate reads a date as the readers do: YYYY-MM-DD, YYYY-MM or YYYY
// (years 1000 to 9999), with nothing around it. It returns the first day
// of the period written, at midnight UTC, and how much of the date was
// written; a year or a month stands for its first day, as in
// [Observation.Date]. An error wraps [ErrBadDate].
func ParseDate(s string) (time.Time, Precision, error) {
	span, err := date.Parse(s)
	if err != nil {
		return time.Time{}, Day, fmt.Errorf("trend: %q: %w", s, ErrBadDate)
	}
	return span.First, precisionOf(span.Precision), nil
}

// NewObservation builds an observation from its five fields written as the
// readers read them (see [Columns]): scaleOrFamily is a scale ID, or a
// family ID that stands for its scale in force on the date, and grade is a
// label, an alias or a numeric code of that scale. Surrounding white space
// is ignored. Scales and families are looked up in reg, or in the default
// registry when reg is nil.
//
// A bad field gives the same [*RowError] a reader gives for it, with Line
// 0: it wraps [ErrMissingField], [ErrBadDate], [ErrUnknownScale],
// [scale.ErrNotInForce], [scale.ErrOverlap], [grade.ErrUnknownLabel] or a
// [*grade.CodeError].
func NewObservation(reg *scale.Registry, subject, area, date, scaleOrFamily, grade string) (Observation, error) {
	r := resolver{reg: registryOr(reg)}
	vals := [numColumns]string{colSubject: subject, colArea: area, colDate: date, colScale: scaleOrFamily, colGrade: grade}
	var o Observation
	if re := r.observe(0, &vals, &o); re != nil {
		return Observation{}, re
	}
	return o, nil
}
