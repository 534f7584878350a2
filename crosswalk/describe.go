package crosswalk

import (
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/grade"
)

// String describes the comparison in one sentence that can be quoted, with
// the bands and, for overlapping bands, the probability, with its 90%
// interval where the crosswalk has counts, followed by the issuers' caveats. For example:
//
//	Adequate (PEEL assessments 2021/22) cannot be ranked against Good (PEEL
//	assessments 2014 to 2018/19): their bands on the common ordinal overlap
//	([0.4, 0.6] and [0.5, 0.75]), and the chance that the first stands higher
//	is 10%.
func (c Comparison) String() string {
	var b strings.Builder
	a, o := describeGrade(c.A), describeGrade(c.B)
	switch c.Relation {
	case Above:
		b.WriteString(a + " stands above " + o + ": its band " + c.BandA.approx() + " lies wholly above " + c.BandB.approx() + ".")
	case Below:
		b.WriteString(a + " stands below " + o + ": its band " + c.BandA.approx() + " lies wholly below " + c.BandB.approx() + ".")
	case Equivalent:
		b.WriteString(a + " is equivalent to " + o + ": both have the band " + c.BandA.approx() + ".")
	case Overlapping:
		b.WriteString(a + " cannot be ranked against " + o + ": their bands on the common ordinal overlap (" +
			c.BandA.approx() + " and " + c.BandB.approx() + "), and the chance that the first stands higher is " +
			Percent(c.PAbove))
		if c.hasInterval() {
			b.WriteString(" (90% interval " + percentRange(c.PAboveLo, c.PAboveHi) + ")")
		}
		b.WriteString(".")
	default:
		return "invalid comparison"
	}
	if c.Relation != Overlapping && c.hasInterval() {
		b.WriteString(" With sampling variation in the counts, the chance that the first stands higher has the 90% interval " +
			percentRange(c.PAboveLo, c.PAboveHi) + ".")
	}
	if e := c.Equivalence; e != nil {
		b.WriteString(" Recorded equivalence")
		if !e.Confirmed {
			b.WriteString(" (unconfirmed)")
		}
		b.WriteString(": " + e.Statement)
	}
	for caveat := range c.Caveats() {
		b.WriteString(" Caveat: " + caveat)
	}
	return b.String()
}

// describeGrade names a grade for people: its label and its scale's name.
func describeGrade(g grade.Grade) string {
	if !g.IsValid() {
		return g.String()
	}
	return g.Label() + " (" + g.Scale().Name() + ")"
}

// hasInterval reports whether the comparison carries an interval of PAbove
// wider than a point.
func (c Comparison) hasInterval() bool { return c.PAboveLo < c.PAboveHi }

// percentRange writes the interval [lo, hi] as "68–99%", or as "under 1% to
// 5%" when an end is not a whole percent.
func percentRange(lo, hi float64) string {
	l, h := Percent(lo), Percent(hi)
	if strings.ContainsRune(l, ' ') || strings.ContainsRune(h, ' ') {
		return l + " to " + h
	}
	return strings.TrimSuffix(l, "%") + "–" + h
}

// Percent writes a probability as a percentage for people: whole percents,
// but never rounding a probability that is not exactly 0 or 1 to "0%" or
// "100%".
func Percent(p float64) string {
	switch {
	case p > 0 && p < 0.005:
		return "under 1%"
	case p < 1 && p > 0.995:
		return "over 99%"
	}
	return strconv.FormatFloat(p*100, 'f', 0, 64) + "%"
}

// approx writes the band as String does, with each end rounded to three
// significant digits: a sentence is read, not parsed, and a data-driven
// band's ends have many digits.
func (b Band) approx() string {
	return "[" + threeDigits(b.Lo) + ", " + threeDigits(b.Hi) + "]"
}

// threeDigits writes x rounded to three significant digits, never with an
// exponent.
func threeDigits(x float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}
