// Package scale describes rating scales: the ordered levels an inspectorate
// grades with, the era in which each scale was in force, and the document
// that defines it.
//
// A [Scale] is immutable once built. Build one with [New] from a
// [Definition], written in code or read from JSON with [ParseDefinitions];
// the built-in catalogue is JSON in the same form, embedded in the package.
// A [Registry] holds scales by ID and answers which scale of a family was in
// force on a date; the default registry, used by the package-level functions
// [Lookup], [InForce], [All] and [Register], starts with the built-in
// catalogue.
//
// # Labels
//
// Labels are matched exactly after normalisation ([NormalizeLabel]): case,
// surrounding white space and quotes, repeated white space, and the
// difference between '-', '_' and ' ' are ignored. Each level has a
// canonical label and may have aliases, the other ways real documents write
// it ("requiring improvement", "RI"). Nothing is matched fuzzily: a label that
// is not a level's label or alias after normalisation does not match.
package scale

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"iter"
	"math"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/internal/date"
)

// Scale is a rating scale: an ordered list of levels, worst first, with its
// issuer, family, era and source. The zero Scale is not valid; use [New].
// A *Scale is safe for concurrent use and nothing it hands out can change it.
//
// # Identity
//
// A scale is identified by its pointer. [New] (and so [Load], [Builtin]
// and the default registry) interns scales by their definition: while a
// scale built from a definition is in use, building the same definition
// again returns that same *Scale. So two *Scale values are the same scale
// exactly when they are equal pointers, and that is the one rule of
// identity that gradewalk uses everywhere: grade.Grade's == and Compare, a
// crosswalk's coverage, and a trend step's change of scale. A scale with
// the ID of another but a different definition is a different scale.
//
// The one way to hold a Scale at another address is to copy the struct
// (x := *s, or json.Unmarshal into a Scale value); [Scale.Canonical]
// returns the interned *Scale of such a copy, and every package of
// gradewalk calls it where a *Scale comes in from outside.
type Scale struct {
	id, name, issuer, family string
	era                      Era
	source                   Source
	caveat, notes, checked   string
	confirmed                bool
	levels                   []Level
	index                    map[string]int // normalised label or alias -> rank
	dists                    []DistributionDefinition
	successor                *successor // nil when none is recorded
	// digest identifies the definition: the key of the intern table.
	digest [sha256.Size]byte
	// canon is the interned *Scale of the definition: the scale itself,
	// or the one a struct copy was made from. Nil for the zero Scale.
	canon *Scale
}

// Level is one level of a scale. Its zero value is not a level of any scale.
type Level struct {
	rank    int
	label   string
	aliases []string
	meaning string
	code    int
	hasCode bool
}

// successor is a validated [Successor] with its dates read: from is the first
// day of its first publication, inspected the first day of its inspections
// (from when unknown).
type successor struct {
	def             Successor
	from, inspected time.Time
}

// Successor returns the scale recorded as having replaced s without being
// defined in the catalogue, and whether one is recorded.
func (s *Scale) Successor() (Successor, bool) {
	if s.successor == nil {
		return Successor{}, false
	}
	return s.successor.def, true
}

// Source names a document: the one that defines a scale, or the one that
// published a [Distribution].
type Source struct {
	Publisher string `json:"publisher,omitempty"`
	Title     string `json:"title,omitempty"`
	Year      int    `json:"year,omitempty"`
	// Date is the publication date, when known, written as YYYY, YYYY-MM or
	// YYYY-MM-DD; [New] rejects any other form with [ErrBadDate].
	Date string `json:"date,omitempty"`
	URL  string `json:"url,omitempty"`
}

// ID returns the scale's stable identifier, a lowercase slug such as
// "hmic-peel-2014".
func (s *Scale) ID() string { return s.id }

// Name returns the scale's human-readable name.
func (s *Scale) Name() string { return s.name }

// Issuer returns the body that grades on the scale.
func (s *Scale) Issuer() string { return s.issuer }

// Family returns the ID shared by the scales that succeeded one another for
// the same inspections, such as "hmicfrs-police".
func (s *Scale) Family() string { return s.family }

// Era returns the period in which the scale was in force.
func (s *Scale) Era() Era { return s.era }

// Source returns the document that defines the scale.
func (s *Scale) Source() Source { return s.source }

// Caveat returns what changed when this scale replaced the previous scale of
// its family, in gradewalk's words and as the issuer stated it, or "" when
// nothing is recorded. It describes the change into this scale only: a
// comparison across several changes of scale carries the caveat of each
// scale after the first.
func (s *Scale) Caveat() string { return s.caveat }

// Confirmed reports that the whole definition was checked against the
// issuer's own publications; when false, [Scale.Notes] says what is
// unconfirmed.
func (s *Scale) Confirmed() bool { return s.confirmed }

// Checked returns the date on which the definition was last checked against
// its sources, as written (YYYY, YYYY-MM or YYYY-MM-DD), or "".
func (s *Scale) Checked() string { return s.checked }

// Notes returns what is approximate or unconfirmed about the definition, or "".
func (s *Scale) Notes() string { return s.notes }

// Len returns the number of levels.
func (s *Scale) Len() int { return len(s.levels) }

// String returns the scale's ID.
func (s *Scale) String() string {
	if s == nil {
		return "<nil scale>"
	}
	return s.id
}

// Level returns the level of the given rank: 1 is the worst level and Len()
// the best. ok is false for a rank out of range.
func (s *Scale) Level(rank int) (level Level, ok bool) {
	if rank < 1 || rank > len(s.levels) {
		return Level{}, false
	}
	return s.levels[rank-1], true
}

// Levels yields the levels from worst to best.
func (s *Scale) Levels() iter.Seq[Level] {
	return func(yield func(Level) bool) {
		for _, l := range s.levels {
			if !yield(l) {
				return
			}
		}
	}
}

// RankOf returns the rank of the level whose label or one of whose aliases
// matches label after normalisation (see [NormalizeLabel]). It does not
// allocate for labels of up to 64 bytes.
func (s *Scale) RankOf(label string) (rank int, ok bool) {
	var buf [64]byte
	rank, ok = s.index[string(appendNormalized(buf[:0], label))]
	return rank, ok
}

// Labels yields the canonical labels from worst to best.
func (s *Scale) Labels() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, l := range s.levels {
			if !yield(l.label) {
				return
			}
		}
	}
}

// Definition returns a definition from which [New] builds an identical
// scale. The result is a copy: changing it does not change s.
func (s *Scale) Definition() Definition {
	d := Definition{
		ID: s.id, Name: s.name, Issuer: s.issuer, Family: s.family,
		Era: s.era, Source: s.source, Caveat: s.caveat, Notes: s.notes,
		Confirmed: s.confirmed, Checked: s.checked,
		Levels:        make([]LevelDefinition, len(s.levels)),
		Distributions: cloneDistributions(s.dists),
	}
	if s.successor != nil {
		succ := s.successor.def
		d.Successor = &succ
	}
	for i, l := range s.levels {
		d.Levels[i] = l.definition()
	}
	return d
}

// Equal reports whether s and o are the same scale: the same definition
// (ID, names, era, source, caveat, notes, levels and distributions). Since
// [New] interns scales, that is s.Canonical() == o.Canonical(), and for
// scales that did not come from a struct copy simply s == o. Two nil
// scales are equal; a nil scale equals no other.
func (s *Scale) Equal(o *Scale) bool { return s.Canonical() == o.Canonical() }

// Canonical returns the interned *Scale of s's definition: s itself for
// every *Scale that [New], [Load] or [Builtin] returned, and the original
// for a copy of the struct (x := *s, or a Scale value filled by
// json.Unmarshal). It returns nil for a nil scale, and s for the zero
// Scale, which is not interned.
func (s *Scale) Canonical() *Scale {
	if s == nil {
		return nil
	}
	if s.canon == nil {
		return s
	}
	return s.canon
}

// Compare orders scales by ID and, for distinct scales with one ID (their
// definitions differ), by their definitions' digests, so that it returns 0
// exactly when s and o are the same scale ([Scale.Equal]). A nil scale
// sorts first. The order is not a judgement of quality; it makes sorting
// grades of several scales total.
func (s *Scale) Compare(o *Scale) int {
	s, o = s.Canonical(), o.Canonical()
	switch {
	case s == o:
		return 0
	case s == nil:
		return -1
	case o == nil:
		return +1
	}
	if c := strings.Compare(s.id, o.id); c != 0 {
		return c
	}
	return bytes.Compare(s.digest[:], o.digest[:])
}

// definitionDigest returns the SHA-256 digest of everything that Equal
// compares, written so that different definitions give different input:
// each string and list is preceded by its length, each time is its instant,
// and each float its bits, with -0 written as 0 (counts compare with ==).
func (s *Scale) definitionDigest() [sha256.Size]byte {
	var b []byte
	num := func(x int64) { b = binary.AppendVarint(b, x) }
	str := func(x string) { num(int64(len(x))); b = append(b, x...) }
	flag := func(x bool) {
		if x {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	instant := func(t time.Time) { num(t.Unix()); num(int64(t.Nanosecond())) }
	source := func(src Source) {
		str(src.Publisher)
		str(src.Title)
		num(int64(src.Year))
		str(src.Date)
		str(src.URL)
	}
	floats := func(xs []float64) {
		flag(xs == nil)
		num(int64(len(xs)))
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x+0))
		}
	}
	for _, x := range [...]string{s.id, s.name, s.issuer, s.family, s.caveat, s.notes, s.checked} {
		str(x)
	}
	flag(s.confirmed)
	e := s.era
	instant(e.From)
	instant(e.Until)
	instant(e.InspectedFrom)
	str(e.FromSource)
	str(e.UntilSource)
	flag(e.FromConfirmed)
	flag(e.UntilConfirmed)
	b = append(b, byte(e.fromPrecision), byte(e.untilPrecision), byte(e.inspectedPrecision))
	source(s.source)
	num(int64(len(s.levels)))
	for _, l := range s.levels {
		num(int64(l.rank))
		str(l.label)
		str(l.meaning)
		num(int64(l.code))
		flag(l.hasCode)
		num(int64(len(l.aliases)))
		for _, a := range l.aliases {
			str(a)
		}
	}
	num(int64(len(s.dists)))
	for _, d := range s.dists {
		str(d.Period)
		str(d.Area)
		str(d.Population)
		str(d.Notes)
		num(int64(d.Size))
		source(d.Source)
		flag(d.Confirmed)
		flag(d.Reference)
		floats(d.Counts)
		floats(d.Percentages)
		str(d.Sector)
	}
	flag(s.successor != nil)
	if s.successor != nil {
		succ := s.successor.def
		str(succ.Name)
		str(succ.From)
		str(succ.InspectedFrom)
		source(succ.Source)
	}
	return sha256.Sum256(b)
}

// MarshalJSON writes the scale's definition, in the form
// [ParseDefinitions] reads.
func (s *Scale) MarshalJSON() ([]byte, error) { return marshalDefinition(s.Definition()) }

// Rank returns the level's position, 1 for the worst level of its scale.
func (l Level) Rank() int { return l.rank }

// Label returns the level's canonical label.
func (l Level) Label() string { return l.label }

// String returns the level's canonical label, or "invalid level" for the
// zero Level.
func (l Level) String() string {
	if l.rank == 0 {
		return "invalid level"
	}
	return l.label
}

// Aliases yields the other ways the level's label is written, as defined.
func (l Level) Aliases() iter.Seq[string] {
	return func(yield func(string) bool) {
		for _, a := range l.aliases {
			if !yield(a) {
				return
			}
		}
	}
}

// Meaning returns a short statement, in gradewalk's words, of what the issuer
// means by the level.
func (l Level) Meaning() string { return l.meaning }

// Code returns the issuer's published numeric code for the level, if there
// is one (Ofsted, for example, publishes 1 for its best grade).
func (l Level) Code() (code int, ok bool) { return l.code, l.hasCode }

func (l Level) definition() LevelDefinition {
	d := LevelDefinition{Label: l.label, Meaning: l.meaning}
	if len(l.aliases) > 0 {
		d.Aliases = append([]string(nil), l.aliases...)
	}
	if l.hasCode {
		code := l.code
		d.Code = &code
	}
	return d
}

// Era is the period in which a scale was in force: From its first day to
// Until its last day, both inclusive. A zero Until means the scale is still in
// force. Only the calendar date of each time matters.
//
// # The era rule
//
// An era runs from the first publication of a report graded on the scale to
// the last. Eras are dated by publication, not by inspection visit, because a
// report's publication date is the date that readers, press and data files
// carry, and because inspection rounds overlap: the last visits of one round
// often come after the first reports of the next. Where the start of the
// fieldwork or programme is known, it is kept separately in InspectedFrom, so
// that data dated by inspection visit can still be resolved (see
// [Registry.InForceInspected]).
//
// Each boundary records the address of the evidence behind it (FromSource,
// UntilSource) and whether that evidence confirms the date
// (FromConfirmed, UntilConfirmed); an unconfirmed boundary is the best
// estimate found, and the scale's notes say what is known.
//
// In JSON an era is {"from": "2014-11", "until": "2020", "inspected_from":
// "2014-06", "from_source": "https://…", "from_confirmed": true, …}: each
// date may be written as YYYY, YYYY-MM or YYYY-MM-DD, standing for the first
// day of that period in From and InspectedFrom and its last day in Until,
// and is written back with the precision it was read with.
type Era struct {
	From, Until time.Time
	// InspectedFrom is when the fieldwork or programme of the first graded
	// inspections began, on or before From; zero when unknown.
	InspectedFrom time.Time
	// FromSource and UntilSource are the addresses (http or https URLs) of
	// the evidence for each boundary; UntilSource is empty for an open era.
	FromSource, UntilSource string
	// FromConfirmed and UntilConfirmed report that the evidence confirms
	// the boundary's date; false means it is the best estimate found.
	FromConfirmed, UntilConfirmed bool

	fromPrecision, untilPrecision, inspectedPrecision precision
}

// InspectedStart returns InspectedFrom, or From when InspectedFrom is not
// known: the earliest date on which an inspection graded on the scale is
// known to have taken place.
func (e Era) InspectedStart() time.Time {
	if e.InspectedFrom.IsZero() {
		return e.From
	}
	return e.InspectedFrom
}

// IsOpen reports whether the era has no end date.
func (e Era) IsOpen() bool { return e.Until.IsZero() }

// Contains reports whether the calendar date of t falls within the era.
func (e Era) Contains(t time.Time) bool {
	d := dayOf(t)
	if d.Before(dayOf(e.From)) {
		return false
	}
	return e.IsOpen() || !d.After(dayOf(e.Until))
}

// String writes the era as "2014-11 to 2020" or "from 2023", with the
// precision each date was defined with.
func (e Era) String() string {
	if e.From.IsZero() {
		return "no era"
	}
	from := date.Format(e.From, e.fromPrecision)
	if e.IsOpen() {
		return "from " + from
	}
	return from + " to " + date.Format(e.Until, e.untilPrecision)
}
