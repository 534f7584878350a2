package crosswalk

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gradewalk/gradewalk/grade"
)

// Verdict says whether an answer survives a change of linking: whether the
// crosswalks that cover two grades agree on which stands higher. The zero
// Verdict is invalid, and marshals as JSON null.
type Verdict uint8

const (
	// Robust: every linking gives the same definite answer: Above
	// everywhere, Below everywhere, or (within one scale, or where every
	// linking records a published equivalence) Equivalent everywhere.
	Robust Verdict = iota + 1
	// DependsOnLinking: the linkings disagree, or agree only that the order
	// cannot be told (Overlapping).
	DependsOnLinking
	// OneLinking: only one linking covers the two grades, so whether the
	// answer depends on the linking cannot be judged.
	OneLinking
)

var verdictNames = [...]string{Robust: "robust", DependsOnLinking: "depends on the linking", OneLinking: "only one linking"}

// String returns "robust", "depends on the linking" or "only one linking",
// and "invalid verdict" for any other value.
func (v Verdict) String() string {
	if v >= Robust && v <= OneLinking {
		return verdictNames[v]
	}
	return "invalid verdict"
}

// MarshalText writes the verdict's name.
func (v Verdict) MarshalText() ([]byte, error) {
	if v < Robust || v > OneLinking {
		return nil, fmt.Errorf("crosswalk: cannot marshal invalid verdict %d", uint8(v))
	}
	return []byte(verdictNames[v]), nil
}

// ErrUnknownVerdict is returned by [Verdict.UnmarshalText] for text that
// names no verdict.
var ErrUnknownVerdict = errors.New("unknown verdict")

// UnmarshalText reads a verdict's name as MarshalText writes it; "" gives
// the zero Verdict.
func (v *Verdict) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*v = 0
		return nil
	}
	if i, ok := nameIndex(verdictNames[:], text); ok {
		*v = Verdict(i)
		return nil
	}
	return fmt.Errorf("crosswalk: %w %q", ErrUnknownVerdict, text)
}

// MarshalJSON writes the verdict's name as a JSON string, and the zero
// Verdict as null.
func (v Verdict) MarshalJSON() ([]byte, error) { return marshalNullable(v == 0, v) }

// UnmarshalJSON reads what MarshalJSON writes.
func (v *Verdict) UnmarshalJSON(data []byte) error { return unmarshalNullable(data, v) }

// VerdictOf returns the verdict on the relations that several linkings give
// for one pair of grades: [OneLinking] for a single relation, [Robust] when
// all are the same definite relation (Above, Below or Equivalent), and
// [DependsOnLinking] otherwise. It is the zero Verdict for none, or for an
// invalid relation among them. [CompareUnder] uses it; a caller with its
// own answers (a trend summary from a model, say) can turn them into
// relations and use it too.
func VerdictOf(relations ...Relation) Verdict {
	if len(relations) == 0 {
		return 0
	}
	for _, r := range relations {
		if r < Below || r > Above {
			return 0
		}
	}
	if len(relations) == 1 {
		return OneLinking
	}
	first := relations[0]
	for _, r := range relations[1:] {
		if r != first {
			return DependsOnLinking
		}
	}
	if first == Overlapping {
		return DependsOnLinking
	}
	return Robust
}

// Reading is the comparison of two grades under one linking.
type Reading struct {
	// Crosswalk names the linking: its [Crosswalk.Name].
	Crosswalk  string     `json:"crosswalk"`
	Comparison Comparison `json:"comparison"`
}

// Sensitivity is the answer to "would another reasonable linking of the
// eras change this?" for one pair of grades: their comparison under each
// linking that covers both, and the verdict on them.
type Sensitivity struct {
	A grade.Grade `json:"a"`
	B grade.Grade `json:"b"`
	// Readings are the comparisons, in the order the crosswalks were given,
	// leaving out those that do not cover both grades' scales.
	Readings []Reading `json:"readings"`
	// Skipped names the crosswalks given that do not cover both scales.
	Skipped []string `json:"skipped"`
	Verdict Verdict  `json:"verdict"`
}

// String writes the verdict and each linking's relation and probability,
// as "depends on the linking: default overlapping 10%; observed
// overlapping 60% (90% interval 44–72%)".
func (s Sensitivity) String() string {
	parts := make([]string, len(s.Readings))
	for i, r := range s.Readings {
		parts[i] = r.Crosswalk + " " + r.Comparison.Relation.String() + " " + Percent(r.Comparison.PAbove)
		if r.Comparison.HasInterval() {
			parts[i] += " (90% interval " + percentRange(r.Comparison.PAboveLo, r.Comparison.PAboveHi) + ")"
		}
	}
	out := s.Verdict.String() + ": " + strings.Join(parts, "; ")
	if len(s.Skipped) > 0 {
		out += " (not covered by " + strings.Join(s.Skipped, ", ") + ")"
	}
	return out
}

// CompareUnder compares a with b under each of the crosswalks (a nil one
// is [Default]) and gives the verdict on them: the library side of the
// question "does the answer depend on how the eras are linked?". The usual
// set is the default crosswalk, [Observed], a crosswalk counted from the
// data at hand and a fitted model's, where each exists.
//
// Crosswalks that do not cover both grades' scales are skipped and named in
// Skipped. When none covers them the error wraps [ErrNotCovered]; an
// invalid grade gives [ErrInvalidGrade], and any other error of
// [Crosswalk.Compare] is returned as it is.
func CompareUnder(a, b grade.Grade, crosswalks ...*Crosswalk) (Sensitivity, error) {
	if !a.IsValid() || !b.IsValid() {
		return Sensitivity{}, ErrInvalidGrade
	}
	s := Sensitivity{A: a, B: b}
	relations := make([]Relation, 0, len(crosswalks))
	for _, cw := range crosswalks {
		c, err := cw.Compare(a, b)
		switch {
		case errors.Is(err, ErrNotCovered):
			s.Skipped = append(s.Skipped, cw.Name())
			continue
		case err != nil:
			return Sensitivity{}, err
		}
		s.Readings = append(s.Readings, Reading{Crosswalk: cw.Name(), Comparison: c})
		relations = append(relations, c.Relation)
	}
	if len(s.Readings) == 0 {
		return Sensitivity{}, &ScaleError{Scale: a.Scale().ID(), Err: ErrNotCovered,
			Detail: fmt.Sprintf("none of the %d crosswalks given covers both %v and %v", len(crosswalks), a, b)}
	}
	s.Verdict = VerdictOf(relations...)
	return s, nil
}
