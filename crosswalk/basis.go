package crosswalk

import (
	"errors"
	"fmt"
	"strings"
)

// BasisKind is the kind of evidence or assumption a [Basis] names. The zero
// BasisKind is invalid.
type BasisKind uint8

// The kinds of basis, from the firmest to the most assumed there is no
// order: each says what a comparison rests on, not how sure it is.
const (
	// SameScale: both grades are on one scale, whose own order decides.
	SameScale BasisKind = iota + 1
	// PublishedEquivalence: an equivalence recorded between the two
	// grades' levels ([Equivalence]), named by its source.
	PublishedEquivalence
	// EqualWidths: equal-width bands ([Default]), an assumption.
	EqualWidths
	// CountedDistributions: bands from counts of how often each level was
	// awarded ([FromDistributions], [Observed], trend.CrosswalkFrom), named
	// by the rounds or observations counted. Such bands are
	// norm-referenced: see [Crosswalk.NormReferenced].
	CountedDistributions
	// FittedModel: bands from a model fitted to the data
	// ([FromCutPointDraws]), named by the model.
	FittedModel
	// CutPoints: cut points given directly ([FromCutPoints]), an
	// assumption of whoever chose them.
	CutPoints
	// File: a crosswalk read from a file ([ParseJSON]), named by the file
	// when the caller names it ([Crosswalk.Named]).
	File
)

var basisKinds = [...]struct{ text, prose string }{
	SameScale:            {"same-scale", "the same scale"},
	PublishedEquivalence: {"published-equivalence", "an issuer's published equivalence"},
	EqualWidths:          {"equal-widths", "equal-width bands, an assumption"},
	CountedDistributions: {"counted", "counted distributions"},
	FittedModel:          {"model", "a fitted model"},
	CutPoints:            {"cut-points", "cut points given directly, an assumption"},
	File:                 {"file", "a crosswalk file"},
}

func (k BasisKind) valid() bool { return k >= SameScale && k <= File }

// String returns the kind's text form: "same-scale", "published-equivalence",
// "equal-widths", "counted", "model", "cut-points" or "file"; "invalid basis"
// for any other value.
func (k BasisKind) String() string {
	if !k.valid() {
		return "invalid basis"
	}
	return basisKinds[k].text
}

// Basis names what a comparison rests on: its kind and, for the kinds that
// have one, a name (the equivalence's source, the rounds counted, the model,
// the file). It is a small comparable value; the zero Basis is invalid, and
// is the basis of the zero [Comparison].
type Basis struct {
	kind BasisKind
	name string
}

// NewBasis returns the basis of the given kind and name. The name says
// which equivalence, rounds, model or file; it is ignored for SameScale and
// EqualWidths, which have none.
func NewBasis(kind BasisKind, name string) Basis {
	if kind == SameScale || kind == EqualWidths {
		name = ""
	}
	return Basis{kind: kind, name: name}
}

// Kind returns the basis's kind.
func (b Basis) Kind() BasisKind { return b.kind }

// Name returns what the basis names: the equivalence's source, the rounds
// or observations counted ("the input's observations"), the model or the
// file; "" when there is none.
func (b Basis) Name() string { return b.name }

// IsValid reports whether b is a basis of one of the kinds (not the zero
// Basis).
func (b Basis) IsValid() bool { return b.kind.valid() }

// String says the basis in words that read after "on", as
// [Comparison.String] uses them: "equal-width bands, an assumption",
// "counted distributions (hmic-peel-2014 2018/19 effectiveness)", "the same
// scale"; "invalid basis" for the zero Basis.
func (b Basis) String() string {
	if !b.IsValid() {
		return "invalid basis"
	}
	s := basisKinds[b.kind].prose
	if b.name != "" {
		s += " (" + b.name + ")"
	}
	return s
}

// MarshalText writes the basis as its kind's text form, then ": " and the
// name when it has one: "equal-widths", "counted: the input's
// observations". The zero Basis writes nothing.
func (b Basis) MarshalText() ([]byte, error) {
	if b == (Basis{}) {
		return []byte{}, nil
	}
	if !b.IsValid() {
		return nil, fmt.Errorf("crosswalk: cannot marshal invalid basis %d", uint8(b.kind))
	}
	s := basisKinds[b.kind].text
	if b.name != "" {
		s += ": " + b.name
	}
	return []byte(s), nil
}

// ErrUnknownBasis is returned by [Basis.UnmarshalText] for text that names
// no basis.
var ErrUnknownBasis = errors.New("unknown basis")

// UnmarshalText reads a basis as MarshalText writes it; "" gives the zero
// Basis.
func (b *Basis) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*b = Basis{}
		return nil
	}
	kindText, name, _ := strings.Cut(string(text), ": ")
	for k := SameScale; k <= File; k++ {
		if basisKinds[k].text == kindText {
			*b = NewBasis(k, name)
			return nil
		}
	}
	return fmt.Errorf("crosswalk: %w %q", ErrUnknownBasis, text)
}

// MarshalJSON writes the basis as a JSON string in its text form, and the
// zero Basis as null.
func (b Basis) MarshalJSON() ([]byte, error) { return marshalNullable(b == Basis{}, b) }

// UnmarshalJSON reads what MarshalJSON writes.
func (b *Basis) UnmarshalJSON(data []byte) error { return unmarshalNullable(data, b) }

// equivalenceBasis is the basis of a comparison that a recorded
// equivalence decides: the equivalence's source, marked when unconfirmed.
func equivalenceBasis(e *Equivalence) Basis {
	var parts []string
	if e.Source.Publisher != "" {
		parts = append(parts, e.Source.Publisher)
	}
	if e.Source.Title != "" {
		parts = append(parts, e.Source.Title)
	}
	name := strings.Join(parts, ", ")
	if e.Source.Year != 0 {
		name += fmt.Sprintf(" (%d)", e.Source.Year)
	}
	if !e.Confirmed {
		name += "; unconfirmed"
	}
	return NewBasis(PublishedEquivalence, strings.TrimSpace(name))
}
