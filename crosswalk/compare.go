package crosswalk

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// Relation says where one grade stands relative to another on the common
// ordinal. The zero Relation is invalid.
type Relation uint8

const (
	// Below: the first grade's band lies wholly at or below the second's.
	Below Relation = iota + 1
	// Overlapping: the bands overlap without being identical, so the order
	// cannot be told; Comparison.PAbove says how likely "above" is.
	Overlapping
	// Equivalent: the bands are identical.
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

// MarshalText writes the relation's name.
func (r Relation) MarshalText() ([]byte, error) {
	if r < Below || r > Above {
		return nil, errors.New("crosswalk: cannot marshal invalid relation")
	}
	return []byte(relationNames[r]), nil
}

// ErrUnknownRelation is returned by [Relation.UnmarshalText] for text that
// names no relation.
var ErrUnknownRelation = errors.New("unknown relation")

// UnmarshalText reads a relation's name as written by MarshalText.
func (r *Relation) UnmarshalText(text []byte) error {
	for i, name := range relationNames {
		if name != "" && name == string(text) {
			*r = Relation(i)
			return nil
		}
	}
	return fmt.Errorf("crosswalk: %w %q (want below, overlapping, equivalent or above)", ErrUnknownRelation, text)
}

// Comparison is the result of comparing grade A with grade B.
//
// In JSON a comparison has the keys the CLI's compare command writes, in
// snake case: a, b (qualified grades), band_a and band_b ({"lo", "hi"}),
// relation, p_above, p_above_lo, p_above_hi, cross_era, equivalence (null
// when there is none) and caveats (the list [Comparison.Caveats] yields).
type Comparison struct {
	A     grade.Grade `json:"a"`
	B     grade.Grade `json:"b"`
	BandA Band        `json:"band_a"`
	BandB Band        `json:"band_b"`
	// Relation of A to B.
	Relation Relation `json:"relation"`
	// PAbove is the probability that A stands above B when each grade's true
	// position is uniform over its band (a point, for a zero-width band),
	// with ties counted half. It is 1 for Above, 0 for Below and 0.5 for
	// Equivalent.
	PAbove float64 `json:"p_above"`
	// PAboveLo and PAboveHi bound the central 90% interval of PAbove over
	// the sampling variation in the counts of a data-driven crosswalk: each
	// scale's proportions are drawn from the Jeffreys posterior
	// Dirichlet(counts + ½), independently, 4,000 times from fixed seeds, so
	// the same counts always give the same interval. Both equal PAbove when
	// either scale has no counts (Default, cut points) and within one scale.
	// The interval covers sampling variation only, not changes in what
	// inspectorates graded or how; see docs/crosswalk.md.
	PAboveLo float64 `json:"p_above_lo"`
	PAboveHi float64 `json:"p_above_hi"`
	// CrossEra reports that A and B come from different scales.
	CrossEra bool `json:"cross_era"`
	// Equivalence is the issuer's published mapping between A and B that the
	// crosswalk records, or nil; see [Equivalence].
	Equivalence *Equivalence `json:"equivalence"`
}

// MarshalJSON writes the comparison's fields and its caveats under the keys
// listed for [Comparison].
func (c Comparison) MarshalJSON() ([]byte, error) {
	type fields Comparison // without the MarshalJSON method
	caveats := slices.Collect(c.Caveats())
	if caveats == nil {
		caveats = []string{}
	}
	return json.Marshal(struct {
		fields
		Caveats []string `json:"caveats"`
	}{fields(c), caveats})
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
func (c *Crosswalk) Compare(a, b grade.Grade) (cmp Comparison, err error) {
	c = c.orDefault()
	// The result is filled in place: building it in a local and returning
	// that cost a copy of the whole struct, a quarter of Compare's time.
	if !c.dataDriven() && a.IsValid() && b.IsValid() {
		cmp.BandA, cmp.BandB = equalWidthBand(a), equalWidthBand(b)
		cmp.Relation, cmp.PAbove = equalWidthRelation(a.Rank(), a.Scale().Len(), b.Rank(), b.Scale().Len())
		cmp.PAboveLo, cmp.PAboveHi = cmp.PAbove, cmp.PAbove
	} else if !c.dataDriven() { // an invalid grade
		return Comparison{}, ErrInvalidGrade
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
		if ia != ib && c.covs[ia].counts != nil && c.covs[ib].counts != nil {
			cmp.PAboveLo, cmp.PAboveHi = c.intervals.interval(c, ia, ka, ib, kb)
		} else {
			cmp.PAboveLo, cmp.PAboveHi = cmp.PAbove, cmp.PAbove
		}
	}
	cmp.A, cmp.B = a, b
	cmp.CrossEra = a.Scale() != b.Scale() && a.Scale().ID() != b.Scale().ID()
	if cmp.CrossEra && len(c.equivalences) > 0 {
		cmp.Equivalence = c.equivalence(a, b)
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

// scaledIntegralCDFInt is scaledIntegralCDF for integer bands and points.
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
// b, where a zero-width band is a point.
func pAbove(a, b Band) float64 {
	wa, wb := a.Width(), b.Width()
	switch {
	case wa == 0 && wb == 0:
		switch {
		case a.Lo > b.Lo:
			return 1
		case a.Lo < b.Lo:
			return 0
		}
		return 0.5
	case wb == 0: // P(X > y)
		return clamp01((a.Hi - b.Lo) / wa)
	case wa == 0: // P(Y < x)
		return clamp01((a.Lo - b.Lo) / wb)
	}
	// E[F_B(X)], with F_B the distribution function of Y: the integral of
	// F_B over a, divided by a's width. scaledIntegralCDF is that integral
	// times 2·wb, which leaves a single division.
	return clamp01((scaledIntegralCDF(b, a.Hi) - scaledIntegralCDF(b, a.Lo)) / (2 * wa * wb))
}

// scaledIntegralCDF returns 2·w times the integral from -∞ to x of the
// distribution function of a position uniform on b, w being b's width (> 0).
func scaledIntegralCDF(b Band, x float64) float64 {
	w := b.Hi - b.Lo
	switch {
	case x <= b.Lo:
		return 0
	case x >= b.Hi:
		return w*w + 2*w*(x-b.Hi)
	}
	d := x - b.Lo
	return d * d
}

func clamp01(x float64) float64 { return min(1, max(0, x)) }
