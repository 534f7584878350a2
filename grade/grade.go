// Package grade provides [Grade], one level of one rating scale, as a small
// value.
//
// A Grade is two words (the scale and the rank), immutable and comparable
// with ==, so it can be a map key. Its zero value is invalid: it is never
// taken to mean the lowest level of some scale.
//
// Grades parse from labels as real documents write them (see
// [scale.NormalizeLabel]) and encode as text in the qualified form
// "scale-id:Canonical label", for example "hmic-peel-2014:Requires
// improvement". [Grade.Compare] orders grades within one scale; to compare
// grades from different scales use package crosswalk, which places them on a
// common ordinal.
package grade

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/scale"
)

// Grade is one level of one scale. The zero Grade is invalid.
//
// Two grades are == exactly when they are the same level of the same scale:
// a Grade holds the interned *scale.Scale of its scale (see
// [scale.Scale]), whichever *Scale it was made from, so a grade of a copy
// of a scale, from [scale.Builtin] or a rebuilt definition, equals the
// registry's.
type Grade struct {
	scale *scale.Scale
	rank  int
}

// Errors wrapped by a [*ParseError].
var (
	ErrUnknownLabel = errors.New("label is not on the scale")
	ErrNoScale      = errors.New("no scale given")
	ErrRange        = errors.New("rank out of range")
	ErrSyntax       = errors.New(`want "scale-id:label"`)
)

// MaxListedLabels is the most labels (or codes) an error lists: a rejected
// grade on a scale of a thousand levels names the first MaxListedLabels and
// says how many more there are, so that its message stays short however
// large the scale.
const MaxListedLabels = 20

// ParseError reports a grade that could not be read.
type ParseError struct {
	Scale string // ID of the scale, as given or as found
	Label string // the label as given
	// Labels are the first [MaxListedLabels] of the scale's canonical
	// labels, worst first, when the label was not one of them; MoreLabels
	// counts the rest.
	Labels     []string
	MoreLabels int
	// Suggestion is the scale's label nearest to Label, a few typing slips
	// away ([scale.Scale.NearestLabel]), or "".
	Suggestion string
	// CodeHint reports that Label is a whole number, which reads as one of
	// the issuer's numeric codes: those go through [FromCode], not Parse.
	CodeHint bool
	Err      error // ErrUnknownLabel, ErrNoScale, ErrRange, ErrSyntax or scale.ErrUnknownScale
	// Lookup is the scale package's explanation of an unknown scale ID (a
	// suggestion, or that the ID names a family), when Err is
	// scale.ErrUnknownScale and the ID came from the text.
	Lookup *scale.LookupError
}

// Error describes the problem and where it is.
func (e *ParseError) Error() string {
	switch {
	case errors.Is(e.Err, ErrUnknownLabel):
		msg := fmt.Sprintf("grade: %q is not a label of scale %s", e.Label, e.Scale)
		if e.Suggestion != "" {
			msg += fmt.Sprintf("; did you mean %q?", e.Suggestion)
		}
		if e.CodeHint {
			msg += "; a numeric code is read with grade.FromCode, not as a label"
		}
		return msg + " (labels: " + listed(e.Labels, e.MoreLabels) + ")"
	case e.Lookup != nil:
		return fmt.Sprintf("grade: %q: %s", e.Label, strings.TrimPrefix(e.Lookup.Error(), "scale: "))
	case errors.Is(e.Err, scale.ErrUnknownScale):
		return fmt.Sprintf("grade: %q: unknown scale %q", e.Label, e.Scale)
	case e.Scale != "":
		return fmt.Sprintf("grade: scale %s: %q: %v", e.Scale, e.Label, e.Err)
	}
	return fmt.Sprintf("grade: %q: %v", e.Label, e.Err)
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *ParseError) Unwrap() error { return e.Err }

// listed joins items and, when more were left out, says how many.
func listed(items []string, more int) string {
	out := strings.Join(items, ", ")
	if more > 0 {
		out += fmt.Sprintf(", … and %d more", more)
	}
	return out
}

// firstLabels returns the first MaxListedLabels labels of s and how many
// more it has.
func firstLabels(s *scale.Scale) ([]string, int) {
	var labels []string
	for l := range s.Labels() {
		if len(labels) == MaxListedLabels {
			break
		}
		labels = append(labels, l)
	}
	return labels, s.Len() - len(labels)
}

// Parse returns the grade of s whose label or alias matches label after
// normalisation. An unknown label gives a [*ParseError] wrapping
// [ErrUnknownLabel] that lists (at most [MaxListedLabels] of) the scale's
// labels, suggests the nearest when one is a few typing slips away, and
// points to [FromCode] when the label is a whole number.
//
// The grade holds s's interned *Scale ([scale.Scale.Canonical]), so that
// grades of one scale are == however the *Scale was obtained.
func Parse(s *scale.Scale, label string) (Grade, error) {
	if s == nil {
		return Grade{}, &ParseError{Label: label, Err: ErrNoScale}
	}
	rank, ok := s.RankOf(label)
	if !ok {
		e := &ParseError{Scale: s.ID(), Label: label, Err: ErrUnknownLabel}
		e.Labels, e.MoreLabels = firstLabels(s)
		e.Suggestion, _ = s.NearestLabel(label)
		if _, err := strconv.Atoi(strings.TrimSpace(label)); err == nil {
			e.CodeHint = true
		}
		return Grade{}, e
	}
	return Grade{s.Canonical(), rank}, nil
}

// MustParse is like [Parse] but panics if the label is not on the scale. It
// is meant for tests and labels written into programs.
func MustParse(s *scale.Scale, label string) Grade {
	g, err := Parse(s, label)
	if err != nil {
		panic(err)
	}
	return g
}

// FromRank returns the grade of s with the given rank: 1 for the worst
// level, s.Len() for the best.
func FromRank(s *scale.Scale, rank int) (Grade, error) {
	if s == nil {
		return Grade{}, &ParseError{Err: ErrNoScale}
	}
	if rank < 1 || rank > s.Len() {
		return Grade{}, &ParseError{Scale: s.ID(), Label: fmt.Sprint(rank), Err: ErrRange}
	}
	return Grade{s.Canonical(), rank}, nil
}

// ParseQualified reads a grade written as "scale-id:label", looking the scale
// up in r, or in the default registry when r is nil. The label may be any of
// the level's labels or aliases; the ID matches without regard to case or
// surrounding white space. An unknown ID gives a [*ParseError] wrapping
// [scale.ErrUnknownScale] whose Lookup says more: the nearest ID, or that
// the ID names a family (wrapping [scale.ErrFamilyNotScale]).
func ParseQualified(r *scale.Registry, text string) (Grade, error) {
	id, label, found := strings.Cut(text, ":")
	if !found {
		return Grade{}, &ParseError{Label: text, Err: ErrSyntax}
	}
	id = strings.TrimSpace(id)
	if r == nil {
		r = scale.Default()
	}
	s, err := r.Find(id)
	if err != nil {
		e := &ParseError{Scale: id, Label: text, Err: scale.ErrUnknownScale}
		if errors.As(err, &e.Lookup) {
			e.Err = e.Lookup.Err
		}
		return Grade{}, e
	}
	return Parse(s, label)
}

// MustParseQualified is like [ParseQualified] with the default registry, but
// panics on error. It is meant for tests and grades written into programs.
func MustParseQualified(text string) Grade {
	g, err := ParseQualified(nil, text)
	if err != nil {
		panic(err)
	}
	return g
}

// Errors wrapped by a [*CodeError].
var (
	ErrUnknownCode = errors.New("not a code of the scale")
	ErrNoCodes     = errors.New("the scale has no numeric codes")
)

// CodeError reports a numeric code that names no level of a scale.
type CodeError struct {
	Scale string // ID of the scale
	Code  int    // the code as given
	// Codes lists the first [MaxListedLabels] of the scale's codes in
	// increasing order, each with its level, as "1 = Outstanding"; it is
	// empty when the scale has none. MoreCodes counts the rest.
	Codes     []string
	MoreCodes int
	// Direction says which way the codes run, as "<lowest code> = best"
	// when the level with the lowest code ranks above the level with the
	// highest ("1 = best" for Ofsted) and "<lowest code> = worst" when it
	// ranks below ("1 = worst" for the Care Inspectorate). It is "" when
	// the scale has fewer than two codes, which run no way.
	Direction string
	// Labels are the first [MaxListedLabels] of the scale's canonical
	// labels, worst first; MoreLabels counts the rest.
	Labels     []string
	MoreLabels int
	Err        error // ErrUnknownCode, ErrNoCodes or ErrNoScale
}

// Error describes the problem and where it is.
func (e *CodeError) Error() string {
	switch {
	case errors.Is(e.Err, ErrNoScale):
		return fmt.Sprintf("grade: code %d: %v", e.Code, e.Err)
	case errors.Is(e.Err, ErrNoCodes):
		return fmt.Sprintf("grade: code %d: scale %s has no numeric codes; give a label (labels: %s)",
			e.Code, e.Scale, listed(e.Labels, e.MoreLabels))
	}
	if e.Direction == "" {
		return fmt.Sprintf("grade: %d is not a code of scale %s (codes: %s)",
			e.Code, e.Scale, listed(e.Codes, e.MoreCodes))
	}
	return fmt.Sprintf("grade: %d is not a code of scale %s (codes, %s: %s)",
		e.Code, e.Scale, e.Direction, listed(e.Codes, e.MoreCodes))
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *CodeError) Unwrap() error { return e.Err }

// FromCode returns the grade of s whose level has the issuer's published
// numeric code (see [scale.Level.Code]).
//
// Which way codes run differs between issuers: Ofsted publishes 1 for
// Outstanding, its best grade, up to 4 for Inadequate, while the Care
// Inspectorate publishes 1 for Unsatisfactory, its worst, up to 6 for
// Excellent. A code is therefore not a rank: FromCode goes through the
// scale's own table. A code that is not on the scale gives a [*CodeError]
// wrapping [ErrUnknownCode] that lists the codes and their direction; a
// scale without codes gives one wrapping [ErrNoCodes] that lists the
// labels.
func FromCode(s *scale.Scale, code int) (Grade, error) {
	if s == nil {
		return Grade{}, &CodeError{Code: code, Err: ErrNoScale}
	}
	found, hasCodes := 0, false
	for l := range s.Levels() {
		if c, ok := l.Code(); ok {
			hasCodes = true
			if c == code {
				found = l.Rank()
			}
		}
	}
	if found > 0 {
		return Grade{s.Canonical(), found}, nil
	}
	e := &CodeError{Scale: s.ID(), Code: code, Err: ErrUnknownCode}
	e.Labels, e.MoreLabels = firstLabels(s)
	if !hasCodes {
		e.Err = ErrNoCodes
		return Grade{}, e
	}
	e.Codes, e.Direction = codeTable(s)
	if len(e.Codes) > MaxListedLabels {
		e.Codes, e.MoreCodes = e.Codes[:MaxListedLabels:MaxListedLabels], len(e.Codes)-MaxListedLabels
	}
	return Grade{}, e
}

// codeTable lists the codes of s in increasing order, as "1 = Outstanding",
// and says which way they run (see [CodeError.Direction]).
func codeTable(s *scale.Scale) (codes []string, direction string) {
	type entry struct {
		code, rank int
		label      string
	}
	var es []entry
	for l := range s.Levels() {
		if c, ok := l.Code(); ok {
			es = append(es, entry{c, l.Rank(), l.Label()})
		}
	}
	slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.code, b.code) })
	for _, e := range es {
		codes = append(codes, strconv.Itoa(e.code)+" = "+e.label)
	}
	if len(es) < 2 {
		return codes, ""
	}
	lowest := "worst"
	if es[0].rank > es[len(es)-1].rank {
		lowest = "best"
	}
	return codes, strconv.Itoa(es[0].code) + " = " + lowest
}

// IsValid reports whether g is a grade of some scale (not the zero Grade).
func (g Grade) IsValid() bool { return g.scale != nil }

// Scale returns g's scale, nil for the zero Grade.
func (g Grade) Scale() *scale.Scale { return g.scale }

// Rank returns g's position on its scale: 1 for the worst level, up to
// Scale().Len() for the best; 0 for the zero Grade.
func (g Grade) Rank() int { return g.rank }

// Level returns the level of g's scale that g is.
func (g Grade) Level() scale.Level {
	if g.scale == nil {
		return scale.Level{}
	}
	l, _ := g.scale.Level(g.rank)
	return l
}

// Label returns g's canonical label, "" for the zero Grade.
func (g Grade) Label() string { return g.Level().Label() }

// Compare returns -1, 0 or +1 as g is below, equal to or above h.
//
// Within one scale it orders by rank. Grades of different scales are ordered
// by [scale.Scale.Compare] (by scale ID, then by definition), which is not
// a judgement of quality (use crosswalk for that) but makes the order total,
// so slices.SortFunc(grades, Grade.Compare) works. Compare returns 0 exactly
// when g == h. The zero Grade sorts before every valid one.
func (g Grade) Compare(h Grade) int {
	if g.scale != h.scale {
		if c := g.scale.Compare(h.scale); c != 0 {
			return c
		}
	}
	switch {
	case g.rank < h.rank:
		return -1
	case g.rank > h.rank:
		return +1
	}
	return 0
}

// Less reports whether g sorts before h; see [Grade.Compare].
func (g Grade) Less(h Grade) bool { return g.Compare(h) < 0 }

// String returns the qualified form "scale-id:Canonical label", or
// "invalid grade" for the zero Grade.
func (g Grade) String() string {
	if !g.IsValid() {
		return "invalid grade"
	}
	b, _ := g.AppendText(nil)
	return string(b)
}

// AppendText appends the qualified form to b; the zero Grade appends
// nothing. It implements encoding.TextAppender.
func (g Grade) AppendText(b []byte) ([]byte, error) {
	if !g.IsValid() {
		return b, nil
	}
	b = append(b, g.scale.ID()...)
	b = append(b, ':')
	return append(b, g.Label()...), nil
}

// MarshalText writes the qualified form "scale-id:Canonical label"; the
// zero Grade writes "".
func (g Grade) MarshalText() ([]byte, error) { return g.AppendText(nil) }

// UnmarshalText reads the qualified form, looking the scale up in the
// default registry; "" gives the zero Grade. See [ParseQualified].
func (g *Grade) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*g = Grade{}
		return nil
	}
	parsed, err := ParseQualified(nil, string(text))
	if err != nil {
		return err
	}
	*g = parsed
	return nil
}
