package crosswalk

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// Relation says where one grade stands relative to another on the common
// ordinal. The zero Relation is invalid, and marshals as JSON null (as the
// zero [Comparison] has it).
type Relation uint8

const (
	// Below: the first grade's band lies wholly at or below the second's.
	Below Relation = iota + 1
	// Overlapping: the order cannot be told. The bands overlap; or they are
	// identical bands of two different scales with no published
	// equivalence between the two levels, where identical bands come from
	// the crosswalk's rule (equal widths, counted shares), not from
	// evidence that the grades mean the same. Comparison.PAbove says how
	// likely "above" is.
	Overlapping
	// Equivalent: the same level of one scale, or two levels that an
	// issuer's published equivalence recorded in the crosswalk links
	// ([Equivalence]). Nothing else is Equivalent.
	Equivalent
	// Above: the first grade's band lies wholly at or above the second's.
	Above
)

var relationNames = [...]string{Below: "below", Overlapping: "overlapping", Equivalent: "equivalent", Above: "above"}

// String returns "below", "overlapping", "equivalent" or "above", and
// "invalid relation" for any other value.
func (r Relation) String() string {
	if r >= Below && r <= Above {
		return relationNames[r]
	}
	return "invalid relation"
}

// MarshalText writes the relation's name; the zero Relation writes "".
func (r Relation) MarshalText() ([]byte, error) {
	if r == 0 {
		return []byte{}, nil
	}
	if r < Below || r > Above {
		return nil, errors.New("crosswalk: cannot marshal invalid relation")
	}
	return []byte(relationNames[r]), nil
}

// ErrUnknownRelation is returned by [Relation.UnmarshalText] for text that
// names no relation.
var ErrUnknownRelation = errors.New("unknown relation")

// UnmarshalText reads a relation's name as written by MarshalText; ""
// gives the zero Relation.
func (r *Relation) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*r = 0
		return nil
	}
	if i, ok := nameIndex(relationNames[:], text); ok {
		*r = Relation(i)
		return nil
	}
	return fmt.Errorf("crosswalk: %w %q (want below, overlapping, equivalent or above)", ErrUnknownRelation, text)
}

// MarshalJSON writes the relation's name as a JSON string, and the zero
// Relation as null, so that a comparison of nothing (a one-grade trend
// summary's) marshals.
func (r Relation) MarshalJSON() ([]byte, error) { return marshalNullable(r == 0, r) }

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Relation) UnmarshalJSON(data []byte) error { return unmarshalNullable(data, r) }

// nameIndex returns the index of text among names, the text forms of an
// enumeration whose zero value has none.
func nameIndex(names []string, text []byte) (int, bool) {
	for i, name := range names {
		if name != "" && name == string(text) {
			return i, true
		}
	}
	return 0, false
}

// marshalNullable writes null for a zero value and m's text form as a JSON
// string otherwise: the JSON of Relation, Basis and Verdict.
func marshalNullable(zero bool, m encoding.TextMarshaler) ([]byte, error) {
	if zero {
		return []byte("null"), nil
	}
	text, err := m.MarshalText()
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(text))
}

// unmarshalNullable reads what marshalNullable writes: null is the zero
// value, which u's UnmarshalText gives for "", and a string its text form.
func unmarshalNullable(data []byte, u encoding.TextUnmarshaler) error {
	var text *string
	if err := json.Unmarshal(data, &text); err != nil {
		return fmt.Errorf("crosswalk: %w", err)
	}
	if text == nil {
		return u.UnmarshalText(nil)
	}
	return u.UnmarshalText([]byte(*text))
}

// Comparison is the result of comparing grade A with grade B.
//
// In JSON a comparison has the keys the CLI's compare command writes, in
// snake case: a, b (qualified grades), band_a and band_b ({"lo", "hi"}),
// relation, p_above, p_above_lo and p_above_hi (both null when there is no
// interval: see [Comparison.HasInterval]), cross_era, equivalence (null
// when there is none), basis (its text form, see [Basis.MarshalText]) and
// caveats (the list [Comparison.Caveats] yields). The zero Comparison
// marshals too, with a null relation and basis.
type Comparison struct {
	A     grade.Grade `json:"a"`
	B     grade.Grade `json:"b"`
	BandA Band        `json:"band_a"`
	BandB Band        `json:"band_b"`
	// Relation of A to B.
	Relation Relation `json:"relation"`
	// PAbove is the probability that A stands above B when each grade's true
	// position is uniform over its band (a point, for a zero-width band),
	// the two positions treated as unrelated, with ties counted half. It is
	// 1 for Above, 0 for Below and 0.5 for Equivalent and for identical
	// bands of two scales.
	PAbove float64 `json:"p_above"`
	// PAboveLo and PAboveHi bound the central 90% interval of PAbove, when
	// the comparison has one ([Comparison.HasInterval]): over the sampling
	// variation in the counts of a crosswalk built from counts (each
	// scale's proportions drawn from the Jeffreys posterior
	// Dirichlet(counts + ½), 4,000 times from fixed seeds, so the same
	// counts always give the same interval), or over the posterior draws
	// of a fitted model ([FromCutPointDraws]). The interval covers that
	// variation only, not changes in what inspectorates graded or how; see
	// docs/crosswalk.md.
	//
	// Without an interval (equal widths, cut points, two grades of one
	// scale, a scale without counts) PAboveLo is 0 and PAboveHi is 1: the
	// bounds that exclude nothing, so that a filter on either end (say
	// PAboveLo >= 0.9) never passes on a point value. JSON writes null for
	// both.
	PAboveLo float64 `json:"p_above_lo"`
	PAboveHi float64 `json:"p_above_hi"`
	// CrossEra reports that A and B are on different scales (different
	// *scale.Scale values: see [scale.Scale] on identity).
	CrossEra bool `json:"cross_era"`
	// Equivalence is the issuer's published mapping between A and B that the
	// crosswalk records, or nil; see [Equivalence].
	Equivalence *Equivalence `json:"equivalence"`
	// Basis is what the relation rests on: the same scale, the recorded
	// equivalence, or the crosswalk's bands (equal widths, counted
	// distributions, a fitted model, a file).
	Basis Basis `json:"basis"`

	// interval reports that PAboveLo and PAboveHi bound an interval.
	interval bool
}

// HasInterval reports whether PAboveLo and PAboveHi bound a 90% interval
// of PAbove. When false there is none (not a zero-width one): PAbove rests
// on the bands alone, and PAboveLo, PAboveHi are 0 and 1.
func (c Comparison) HasInterval() bool { return c.interval }

// noInterval sets the bounds that exclude nothing.
func (c *Comparison) noInterval() { c.PAboveLo, c.PAboveHi, c.interval = 0, 1, false }

// comparisonJSON is Comparison's JSON form: the interval's ends are null
// when there is none, and the caveats are added.
type comparisonJSON struct {
	comparisonFields
	PAboveLo *float64 `json:"p_above_lo"`
	PAboveHi *float64 `json:"p_above_hi"`
	Caveats  []string `json:"caveats"`
}

// comparisonFields is Comparison without its methods.
type comparisonFields Comparison

// MarshalJSON writes the comparison's fields and its caveats under the keys
// listed for [Comparison].
func (c Comparison) MarshalJSON() ([]byte, error) {
	j := comparisonJSON{comparisonFields: comparisonFields(c), Caveats: slices.Collect(c.Caveats())}
	if j.Caveats == nil {
		j.Caveats = []string{}
	}
	if c.interval {
		j.PAboveLo, j.PAboveHi = &c.PAboveLo, &c.PAboveHi
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes. The caveats are not read:
// they follow from the grades.
func (c *Comparison) UnmarshalJSON(data []byte) error {
	var j comparisonJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*c = Comparison(j.comparisonFields)
	if j.PAboveLo != nil && j.PAboveHi != nil {
		c.PAboveLo, c.PAboveHi, c.interval = *j.PAboveLo, *j.PAboveHi, true
	} else {
		c.noInterval()
	}
	return nil
}

// Caveats yields the issuers' statements about the change or changes of
// scale that the comparison crosses. Each scale's caveat describes the change
// that brought the scale in, so:
//
//   - between an earlier scale X and a later scale Y of one family, the
//     caveats are those of the scales after X up to and including Y, in the
//     order of their eras, whichever of A and B is the earlier;
//   - between scales of different families, they are the caveats of both;
//   - within one scale there are none.
//
// The scales of a family, and their order, are read from the default
// registry ([scale.Default]); when A's or B's scale is not registered there,
// the comparison keeps the caveats of both scales rather than guess which
// changes lie between them. Each distinct caveat is yielded once.
func (c Comparison) Caveats() iter.Seq[string] {
	return func(yield func(string) bool) {
		if !c.CrossEra {
			return
		}
		for _, caveat := range caveatsBetween(c.A.Scale(), c.B.Scale()) {
			if !yield(caveat) {
				return
			}
		}
	}
}

// caveatsBetween returns the distinct caveats of the changes of scale between
// x and y, as Comparison.Caveats describes. It reads the default registry's
// listing of the family once, in era order, without copying it: the
// caveats are those of the scales after the first of x and y met, up to and
// including the second.
func caveatsBetween(x, y *scale.Scale) []string {
	var out []string
	if x != nil && y != nil && x.Family() == y.Family() {
		between, found := false, false
		for s := range scale.Default().Family(x.Family()) {
			isX, isY := s.ID() == x.ID(), s.ID() == y.ID()
			if between {
				out = appendCaveat(out, s)
			}
			if isX || isY {
				if between || (isX && isY) {
					found = true
					break
				}
				between = true
			}
		}
		if found {
			return out
		}
		out = out[:0] // x or y is not listed: do not guess what lies between
	}
	return appendCaveat(appendCaveat(out, x), y)
}

// appendCaveat appends the caveat of s, if it has one that out lacks.
func appendCaveat(out []string, s *scale.Scale) []string {
	if s == nil {
		return out
	}
	if caveat := s.Caveat(); caveat != "" && !slices.Contains(out, caveat) {
		out = append(out, caveat)
	}
	return out
}

// Compare compares a with b on the common ordinal.
//
// Two grades of one scale are Above, Below or Equivalent by rank, whatever
// the crosswalk, with the basis [SameScale]. Across two scales, the relation
// comes from the bands, with one rule beyond them: identical bands are
// Equivalent only when the crosswalk records a published equivalence
// between the two levels ([Crosswalk.Equivalences]); otherwise they are
// Overlapping with PAbove 0.5, since equal widths or equal shares are a rule
// of placement, not evidence that the grades mean the same.
func (c *Crosswalk) Compare(a, b grade.Grade) (cmp Comparison, err error) {
	c = c.orDefault()
	if !a.IsValid() || !b.IsValid() {
		return Comparison{}, ErrInvalidGrade
	}
	// The result is filled in place: building it in a local and returning
	// that cost a copy of the whole struct, a quarter of Compare's time.
	if !c.dataDriven() {
		cmp.BandA, cmp.BandB = equalWidthBand(a), equalWidthBand(b)
		cmp.Relation, cmp.PAbove = equalWidthRelation(a.Rank(), a.Scale().Len(), b.Rank(), b.Scale().Len())
		cmp.noInterval()
		cmp.Basis = c.basis
	} else {
		// coverageOf's two steps, written out: index inlines, coverageOf
		// cannot, and the two calls cost a sixth of Compare.
		ia, ib := c.index(a.Scale()), c.index(b.Scale())
		if ia < 0 {
			if ia, err = c.coverageByID(a.Scale()); err != nil {
				return Comparison{}, err
			}
		}
		if ib < 0 {
			if ib, err = c.coverageByID(b.Scale()); err != nil {
				return Comparison{}, err
			}
		}
		ca, cb := c.covs[ia].cuts, c.covs[ib].cuts
		ka, kb := a.Rank(), b.Rank()
		cmp.BandA, cmp.BandB = Band{ca[ka-1], ca[ka]}, Band{cb[kb-1], cb[kb]}
		cmp.Relation, cmp.PAbove = relation(cmp.BandA, cmp.BandB)
		if ia != ib && c.covs[ia].hasDraws() && c.covs[ib].hasDraws() {
			cmp.PAboveLo, cmp.PAboveHi = c.intervals.interval(c, ia, ka, ib, kb)
			cmp.interval = true
		} else {
			cmp.noInterval()
		}
		cmp.Basis = c.pairBasis(ia, ib)
	}
	cmp.A, cmp.B = a, b
	cmp.CrossEra = a.Scale() != b.Scale()
	if cmp.CrossEra && len(c.equivalences) > 0 {
		cmp.Equivalence = c.equivalence(a, b)
	}
	switch {
	case !cmp.CrossEra:
		cmp.Basis = Basis{kind: SameScale}
		cmp.noInterval() // one scale's order needs no interval
	case cmp.Equivalence != nil:
		cmp.Basis = equivalenceBasis(cmp.Equivalence)
	case cmp.Relation == Equivalent:
		cmp.Relation = Overlapping // identical bands by rule, not by evidence
	}
	return cmp, nil
}

// relation returns the relation of band a to band b and PAbove.
func relation(a, b Band) (Relation, float64) {
	switch {
	case a == b:
		return Equivalent, 0.5
	case a.Lo >= b.Hi:
		return Above, 1
	case a.Hi <= b.Lo:
		return Below, 0
	}
	return Overlapping, pAbove(a, b)
}

// equalWidthRelation is relation for level ka of na and level kb of nb under
// equal widths, computed exactly. On the common denominator na·nb, A's band
// is [(ka-1)·nb, ka·nb] and B's [(kb-1)·na, kb·na]: integers, so PAbove is a
// ratio of integers below 2^53, and the one division rounds it to the float64
// nearest the true value (0.1 comes out as the float64 nearest 0.1).
func equalWidthRelation(ka, na, kb, nb int) (Relation, float64) {
	a0, a1 := int64(ka-1)*int64(nb), int64(ka)*int64(nb)
	b0, b1 := int64(kb-1)*int64(na), int64(kb)*int64(na)
	switch {
	case a0 == b0 && a1 == b1:
		return Equivalent, 0.5
	case a0 >= b1:
		return Above, 1
	case a1 <= b0:
		return Below, 0
	}
	wa, wb := int64(nb), int64(na)
	return Overlapping, float64(scaledIntegralCDFInt(b0, b1, a1)-scaledIntegralCDFInt(b0, b1, a0)) / float64(2*wa*wb)
}

// scaledIntegralCDFInt returns 2·w times the integral from −∞ to x of the
// distribution function of a position uniform on the integer band [b0, b1],
// w = b1 − b0 > 0.
func scaledIntegralCDFInt(b0, b1, x int64) int64 {
	w := b1 - b0
	switch {
	case x <= b0:
		return 0
	case x >= b1:
		return w*w + 2*w*(x-b1)
	}
	d := x - b0
	return d * d
}

// pAbove returns P(X > Y) + P(X = Y)/2 for X uniform on a and Y uniform on
// b, where a zero-width band is a point. It integrates over the narrower
// band and returns 1 minus the mirror when b is the wider one, so that
// pAbove(a, b) + pAbove(b, a) is 1 to within rounding whatever the widths,
// and it divides only widths by widths of the same band or by the wider
// one: bands of any width above zero, down to the smallest float64, give a
// probability, never NaN.
func pAbove(a, b Band) float64 {
	if a.Width() < b.Width() {
		return 1 - pAboveNarrower(b, a)
	}
	return pAboveNarrower(a, b)
}

// pAboveNarrower is pAbove for b no wider than a: the mean over Y in b of
// P(X > Y) = clamp((a.Hi − Y) / wa).
func pAboveNarrower(a, b Band) float64 {
	wa, wb := a.Width(), b.Width()
	switch {
	case wa == 0: // both points
		switch {
		case a.Lo > b.Lo:
			return 1
		case a.Lo < b.Lo:
			return 0
		}
		return 0.5
	case wb == 0: // P(X > y)
		return clamp01((a.Hi - b.Lo) / wa)
	}
	// b splits into the part below a (where X > Y surely), the part within
	// a (where P(X > Y) falls linearly from 1 to 0) and the part above it.
	below := (min(b.Hi, a.Lo) - b.Lo) / wb
	y0, y1 := max(b.Lo, a.Lo), min(b.Hi, a.Hi)
	within := 0.0
	if y1 > y0 {
		// The mean of (a.Hi − y)/wa over [y0, y1], times the share of b
		// that [y0, y1] is. Each ratio is at most 1.
		within = (y1 - y0) / wb * ((a.Hi-y0)/wa + (a.Hi-y1)/wa) / 2
	}
	return clamp01(max(0, below) + within)
}

func clamp01(x float64) float64 { return min(1, max(0, x)) }
