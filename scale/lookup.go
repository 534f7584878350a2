package scale

import (
	"fmt"
	"iter"
	"maps"
	"strings"

	"github.com/gradewalk/gradewalk/internal/suggest"
)

// ErrFamilyNotScale is wrapped by the [*LookupError] of an ID that names a
// family where a scale was needed. It wraps [ErrUnknownScale], since no
// scale has that ID.
var ErrFamilyNotScale = fmt.Errorf("%w: the ID names a family, not a scale", ErrUnknownScale)

// LookupError reports a scale ID that names no registered scale, with what
// the registry can say about it.
type LookupError struct {
	ID string // the ID as given
	// Suggestion is the registered scale ID nearest to ID (a few typing
	// slips away, after folding case), or "" when none is near.
	Suggestion string
	// Family lists, worst era first, the scales of the family that ID
	// names, when it names one; Err is then [ErrFamilyNotScale].
	Family []string
	Err    error // ErrUnknownScale or ErrFamilyNotScale
}

// Error describes the problem: the ID, and a suggestion or the family's
// scales.
func (e *LookupError) Error() string {
	msg := fmt.Sprintf("scale: unknown scale %q", e.ID)
	switch {
	case len(e.Family) > 0:
		msg = fmt.Sprintf("scale: %q is a family, not a scale: give one of its scales (%s), or a date to find the one in force",
			e.ID, strings.Join(e.Family, ", "))
	case e.Suggestion != "":
		msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
	}
	return msg
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *LookupError) Unwrap() error { return e.Err }

// Find returns the scale with the given ID, matched as [Registry.Lookup]
// matches it. An ID that names no scale gives a [*LookupError] wrapping
// [ErrUnknownScale]: it names the nearest registered ID when one is a few
// typing slips away, and, when the ID is a family's, says so and lists the
// family's scales (wrapping [ErrFamilyNotScale]).
func (r *Registry) Find(id string) (*Scale, error) {
	if s, ok := r.Lookup(id); ok {
		return s, nil
	}
	folded := foldID(id)
	e := &LookupError{ID: id, Err: ErrUnknownScale}
	if family := slicesOfIDs(r.Family(folded)); len(family) > 0 {
		e.Family, e.Err = family, ErrFamilyNotScale
		return nil, e
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	e.Suggestion, _ = suggest.Nearest(folded, maps.Keys(r.byID))
	return nil, e
}

// Find returns the scale with the given ID from the default registry; see
// [Registry.Find].
func Find(id string) (*Scale, error) { return Default().Find(id) }

// NearestLabel returns the canonical label of s nearest to label, after
// normalisation ([NormalizeLabel]), when one is a few typing slips away
// and label matches no label or alias; ok is false otherwise. It is the
// "did you mean" of a rejected grade.
func (s *Scale) NearestLabel(label string) (nearest string, ok bool) {
	if _, found := s.RankOf(label); found {
		return "", false
	}
	norm := NormalizeLabel(label)
	near, ok := suggest.Nearest(norm, maps.Keys(s.index))
	if !ok {
		return "", false
	}
	level, _ := s.Level(s.index[near])
	return level.label, true
}

// foldID returns id as registered IDs are written: lower case, without
// surrounding white space.
func foldID(id string) string { return strings.ToLower(strings.TrimSpace(id)) }

func slicesOfIDs(scales iter.Seq[*Scale]) []string {
	var ids []string
	for s := range scales {
		ids = append(ids, s.id)
	}
	return ids
}
