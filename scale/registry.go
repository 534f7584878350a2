package scale

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"time"
)

// Errors from looking scales up, each wrapped by the error that reports it.
//
// The scale package owns these sentinels and those of [DefinitionError]:
// other packages of gradewalk wrap or alias them rather than declaring their
// own (trend.ErrUnknownScale, trend.ErrBadDate and trend.ErrMissingField are
// the same values as ErrUnknownScale, ErrBadDate and ErrMissingField), so
// that errors.Is(err, scale.ErrUnknownScale) holds wherever an unknown scale
// is reported: in grade.Parse, in a crosswalk file, or in a trend row.
var (
	// ErrUnknownScale: no scale has the ID asked for.
	ErrUnknownScale  = errors.New("unknown scale")
	ErrUnknownFamily = errors.New("unknown family")
	ErrNotInForce    = errors.New("no scale of the family was in force on that date")
	ErrOverlap       = errors.New("more than one scale of the family was in force on that date")
	ErrDuplicateID   = errors.New("a scale with that ID is already registered")
	// ErrNotCatalogued: the date falls after the last era of the family,
	// whose last scale names a [Successor] that is not defined. It wraps
	// ErrNotInForce, so code that handles a date outside every era handles
	// this one too.
	ErrNotCatalogued = fmt.Errorf("%w: its scale is not yet in the catalogue", ErrNotInForce)
)

// InForceError reports why [Registry.InForce] found no single scale.
type InForceError struct {
	Family string
	Date   time.Time
	Scales []string // the scales in force on Date, when more than one was
	// Successor is the scale that followed the family's last defined scale,
	// with Err ErrNotCatalogued; zero otherwise. Scales holds the ID of the
	// scale it followed.
	Successor Successor
	Err       error // ErrUnknownFamily, ErrNotInForce, ErrNotCatalogued or ErrOverlap
}

// Error describes the problem and where it is. For ErrNotCatalogued it
// names the successor and says how to add its scale.
func (e *InForceError) Error() string {
	msg := fmt.Sprintf("scale: family %q on %s: %v", e.Family, e.Date.Format(time.DateOnly), e.Err)
	if errors.Is(e.Err, ErrNotCatalogued) && len(e.Scales) == 1 {
		return msg + fmt.Sprintf(": %s was followed by %q, first published %s, which the catalogue does not define yet; "+
			"write its definition (family %q, era from %s) and register it with scale.Register, or pass it to gradewalk with -scales FILE",
			e.Scales[0], e.Successor.Name, e.Successor.From, e.Family, e.Successor.From)
	}
	if len(e.Scales) > 0 {
		msg += " (" + strings.Join(e.Scales, ", ") + ")"
	}
	return msg
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *InForceError) Unwrap() error { return e.Err }

// Registry holds scales by ID. The zero Registry is empty and ready to use;
// a Registry is safe for concurrent use. Registered scales cannot be
// replaced or removed, so a scale found once stays valid.
type Registry struct {
	mu       sync.RWMutex
	byID     map[string]*Scale
	byFamily map[string][]*Scale // each sorted by era start
}

// Register adds scales to r. If any has the ID of a registered scale, or two
// share an ID, nothing is added and the error wraps [ErrDuplicateID].
//
// Its cost is linear in the number of scales given and in the size of the
// families they join: each family is sorted once per call, and a scale whose
// era starts after every registered scale of its family is appended in
// place (the listing [Registry.Family] handed out before stays as it was).
func (r *Registry) Register(scales ...*Scale) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	seen := make(map[string]bool, len(scales))
	for _, s := range scales {
		if s == nil || s.id == "" {
			return fmt.Errorf("scale: register: %w: nil or zero scale", ErrInvalidDefinition)
		}
		if _, dup := r.byID[s.id]; dup || seen[s.id] {
			return fmt.Errorf("scale: register %q: %w", s.id, ErrDuplicateID)
		}
		seen[s.id] = true
	}
	if r.byID == nil {
		r.byID = make(map[string]*Scale)
		r.byFamily = make(map[string][]*Scale)
	}
	added := make(map[string][]*Scale)
	var families []string
	for _, s := range scales {
		s = s.Canonical()
		r.byID[s.id] = s
		if _, ok := added[s.family]; !ok {
			families = append(families, s.family)
		}
		added[s.family] = append(added[s.family], s)
	}
	for _, f := range families {
		r.byFamily[f] = joinFamily(r.byFamily[f], added[f])
	}
	return nil
}

// byEra orders the scales of a family: by the start of their eras, then by
// ID.
func byEra(a, b *Scale) int {
	return cmp.Or(a.era.From.Compare(b.era.From), strings.Compare(a.id, b.id))
}

// joinFamily returns the family old with the scales added, in era order.
// [Registry.Family] hands out old without copying it, so its elements must
// never change: the added scales are appended in place only when they all
// sort after old's last, which writes past old's length alone, and are
// merged into a new array otherwise.
func joinFamily(old, added []*Scale) []*Scale {
	slices.SortStableFunc(added, byEra)
	if len(old) == 0 || byEra(old[len(old)-1], added[0]) < 0 {
		return append(old, added...)
	}
	out := make([]*Scale, 0, len(old)+len(added))
	i, j := 0, 0
	for i < len(old) && j < len(added) {
		if byEra(added[j], old[i]) < 0 {
			out = append(out, added[j])
			j++
		} else {
			out = append(out, old[i])
			i++
		}
	}
	return append(append(out, old[i:]...), added[j:]...)
}

// Lookup returns the scale with the given ID. IDs match without regard to
// case or surrounding white space ("HMIC-PEEL-2014 " finds hmic-peel-2014),
// as labels do; [Registry.Find] says why an ID matched nothing.
func (r *Registry) Lookup(id string) (*Scale, bool) {
	r.mu.RLock()
	s, ok := r.byID[id]
	r.mu.RUnlock()
	if ok {
		return s, true
	}
	folded := foldID(id)
	if folded == id {
		return nil, false
	}
	r.mu.RLock()
	s, ok = r.byID[folded]
	r.mu.RUnlock()
	return s, ok
}

// All yields the registered scales in ID order, as they were when All was
// called.
func (r *Registry) All() iter.Seq[*Scale] {
	r.mu.RLock()
	scales := make([]*Scale, 0, len(r.byID))
	for _, s := range r.byID {
		scales = append(scales, s)
	}
	r.mu.RUnlock()
	slices.SortFunc(scales, func(a, b *Scale) int { return strings.Compare(a.id, b.id) })
	return slices.Values(scales)
}

// Len returns the number of registered scales.
func (r *Registry) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.byID)
}

// Family yields the scales of a family in the order of their eras, as they
// were when Family was called. It copies nothing: a registration gives the
// family a new list and leaves the one yielded unchanged.
func (r *Registry) Family(family string) iter.Seq[*Scale] {
	r.mu.RLock()
	scales := r.byFamily[family]
	r.mu.RUnlock()
	return slices.Values(scales)
}

// InForce returns the scale of the family whose era contains the calendar
// date of t. The error is an [*InForceError] wrapping [ErrUnknownFamily],
// [ErrNotInForce], or [ErrOverlap] when eras overlap on that date (InForce
// does not guess between them).
//
// t is the date on which the graded report was published: eras run from the
// first publication of a graded report to the last (see [Era]). For a grade
// known only by the date of the inspection visit, use
// [Registry.InForceInspected] instead: a report is published weeks or months
// after the visit, and a visit near a change of scale can belong to a scale
// whose era, by publication, had not yet begun.
//
// A date after the end of the family's last era, when that scale names a
// [Successor], is reported with [ErrNotCatalogued] rather than plain
// ErrNotInForce: the grade belongs to a scale known to exist but not yet
// defined, and is never placed on the old one.
func (r *Registry) InForce(family string, t time.Time) (*Scale, error) {
	return r.find(family, t, func(s *Scale, _ []*Scale) bool { return s.era.Contains(t) },
		func(last *Scale) bool { return dayOf(t).After(dayOf(last.era.Until)) })
}

// InForceInspected returns the scale of the family on which an inspection
// visited on the calendar date of t was graded. It is [Registry.InForce] for
// data dated by inspection visit rather than by publication.
//
// A scale's inspections are taken to run from [Era.InspectedStart] (the
// fieldwork or programme start, or the first publication when that is not
// recorded) to the end of its era, but no later than the day before the next
// scale of the family began to be inspected: inspections always precede
// their publication, and a new round's first visits end the old round's. A
// [Successor] of the family's last scale ends its inspections the same way,
// and a visit from then on is reported with [ErrNotCatalogued]. The errors
// are those of InForce.
func (r *Registry) InForceInspected(family string, t time.Time) (*Scale, error) {
	d := dayOf(t)
	return r.find(family, t, func(s *Scale, family []*Scale) bool {
		start, end, open := inspectedSpan(s, family)
		return !d.Before(start) && (open || !d.After(end))
	}, func(last *Scale) bool {
		return !d.Before(last.successor.inspected) || d.After(dayOf(last.era.Until))
	})
}

// inspectedSpan returns the calendar days on which inspections graded on s
// took place, as [Registry.InForceInspected] describes them: from start to
// end, or with no end when open.
func inspectedSpan(s *Scale, family []*Scale) (start, end time.Time, open bool) {
	start = dayOf(s.era.InspectedStart())
	end, open = s.era.Until, s.era.IsOpen()
	cut := func(ns time.Time) {
		if ns.After(start) && (open || ns.Before(end.AddDate(0, 0, 1))) {
			end, open = ns.AddDate(0, 0, -1), false
		}
	}
	for _, next := range family {
		cut(dayOf(next.era.InspectedStart()))
	}
	if s.successor != nil && s == family[len(family)-1] {
		cut(s.successor.inspected)
	}
	return start, dayOf(end), open
}

// InForceDuring returns the scales of the family in force at some time
// from the calendar date of from to that of until, both inclusive, in the
// order of their eras: the scales a date written as a year or a month
// ("2022", "2017-03") may stand for. A span of one day gives the scales
// [Registry.InForce] chooses between on that day. The error is an
// [*InForceError] (dated from) wrapping [ErrUnknownFamily], or
// [ErrNotInForce] when no scale was in force at any time in the span; more
// than one scale is not an error here, since the caller may be able to
// tell them apart (by the label, say).
//
// This is the one rule of which scales were in force during a span; the
// readers of package trend use it.
func (r *Registry) InForceDuring(family string, from, until time.Time) ([]*Scale, error) {
	first, last := dayOf(from), dayOf(until)
	return r.during(family, from, func(s *Scale, _ []*Scale) bool {
		return !dayOf(s.era.From).After(last) && (s.era.IsOpen() || !dayOf(s.era.Until).Before(first))
	}, func(lastScale *Scale) bool { return first.After(dayOf(lastScale.era.Until)) })
}

// InForceInspectedDuring is [Registry.InForceDuring] for data dated by
// inspection visit: the scales on which an inspection visited at some time
// in the span may have been graded, as [Registry.InForceInspected] rules
// for a single day.
func (r *Registry) InForceInspectedDuring(family string, from, until time.Time) ([]*Scale, error) {
	first, last := dayOf(from), dayOf(until)
	return r.during(family, from, func(s *Scale, family []*Scale) bool {
		start, end, open := inspectedSpan(s, family)
		return !start.After(last) && (open || !end.Before(first))
	}, func(lastScale *Scale) bool {
		return !first.Before(lastScale.successor.inspected) || first.After(dayOf(lastScale.era.Until))
	})
}

// during returns the scales of the family for which in is true, or an
// [*InForceError] dated t when there are none: wrapping [ErrNotCatalogued]
// when the family's last scale names a successor and after says the span
// falls to it, as in find.
func (r *Registry) during(family string, t time.Time, in func(s *Scale, family []*Scale) bool, after func(last *Scale) bool) ([]*Scale, error) {
	r.mu.RLock()
	scales, ok := r.byFamily[family]
	r.mu.RUnlock()
	if !ok {
		return nil, &InForceError{Family: family, Date: t, Err: ErrUnknownFamily}
	}
	var out []*Scale
	for _, s := range scales {
		if in(s, scales) {
			out = append(out, s)
		}
	}
	if out == nil {
		if last := scales[len(scales)-1]; last.successor != nil && after(last) {
			return nil, &InForceError{Family: family, Date: t, Scales: []string{last.id},
				Successor: last.successor.def, Err: ErrNotCatalogued}
		}
		return nil, &InForceError{Family: family, Date: t, Err: ErrNotInForce}
	}
	return out, nil
}

// Families yields the IDs of the registry's families, sorted, as they were
// when Families was called.
func (r *Registry) Families() iter.Seq[string] {
	r.mu.RLock()
	names := make([]string, 0, len(r.byFamily))
	for name := range r.byFamily {
		names = append(names, name)
	}
	r.mu.RUnlock()
	slices.Sort(names)
	return slices.Values(names)
}

// find returns the one scale of the family for which covers is true, or an
// [*InForceError] for the date t: the shared rule of InForce and
// InForceInspected, which differ only in which dates a scale covers and
// which fall to the successor of the family's last scale (after, called
// only when that scale has one).
func (r *Registry) find(family string, t time.Time, covers func(s *Scale, family []*Scale) bool, after func(last *Scale) bool) (*Scale, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	scales, ok := r.byFamily[family]
	if !ok {
		return nil, &InForceError{Family: family, Date: t, Err: ErrUnknownFamily}
	}
	var found *Scale
	var clash []string
	for _, s := range scales {
		if !covers(s, scales) {
			continue
		}
		if found != nil {
			if clash == nil {
				clash = []string{found.id}
			}
			clash = append(clash, s.id)
			continue
		}
		found = s
	}
	switch {
	case clash != nil:
		return nil, &InForceError{Family: family, Date: t, Scales: clash, Err: ErrOverlap}
	case found == nil:
		if last := scales[len(scales)-1]; last.successor != nil && after(last) {
			return nil, &InForceError{Family: family, Date: t, Scales: []string{last.id},
				Successor: last.successor.def, Err: ErrNotCatalogued}
		}
		return nil, &InForceError{Family: family, Date: t, Err: ErrNotInForce}
	}
	return found, nil
}

// Default returns the default registry, which starts with the built-in
// catalogue. The package-level functions use it.
func Default() *Registry { return defaultRegistry() }

// Lookup returns the scale with the given ID from the default registry.
func Lookup(id string) (*Scale, bool) { return Default().Lookup(id) }

// InForce returns the scale of the family in force on t's date, the date a
// graded report was published, from the default registry; see
// [Registry.InForce].
func InForce(family string, t time.Time) (*Scale, error) { return Default().InForce(family, t) }

// InForceInspected returns the scale of the family on which an inspection
// visited on t's date was graded, from the default registry; see
// [Registry.InForceInspected].
func InForceInspected(family string, t time.Time) (*Scale, error) {
	return Default().InForceInspected(family, t)
}

// All yields the default registry's scales in ID order.
func All() iter.Seq[*Scale] { return Default().All() }

// Register adds scales to the default registry; see [Registry.Register].
func Register(scales ...*Scale) error { return Default().Register(scales...) }
