package crosswalk

import (
	"math"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/grade"
)

// String describes the comparison in one sentence that can be quoted: the
// relation, the bands, what the relation rests on ([Comparison.Basis]) and,
// for bands whose order cannot be told, the probability, with its 90%
// interval where there is one, followed by any recorded equivalence and
// the issuers' caveats. For example:
//
//	Adequate (PEEL assessments 2021/22) cannot be ranked against Good (PEEL
//	assessments 2014 to 2018/19): their bands on the common ordinal overlap
//	([0.4, 0.6] and [0.5, 0.75]); on equal-width bands, an assumption, and
//	with the two positions treated as unrelated, the chance that the first
//	stands higher is 10%.
func (c Comparison) String() string {
	var b strings.Builder
	a, o := describeGrade(c.A), describeGrade(c.B)
	on := "on " + c.Basis.String()
	switch {
	case c.Relation == Equivalent && !c.CrossEra:
		b.WriteString(a + " is the same grade as " + o + ".")
	case c.Relation == Equivalent:
		b.WriteString(a + " is equivalent to " + o + ", " + on + ": both have the band " + c.BandA.approx() + ".")
	case (c.Relation == Above || c.Relation == Below) && !c.CrossEra:
		word := map[Relation]string{Above: "above", Below: "below"}[c.Relation]
		b.WriteString(a + " stands " + word + " " + o + " on the same scale.")
	case c.Relation == Above:
		b.WriteString(a + " stands above " + o + ": its band " + c.BandA.approx() + " lies wholly above " + c.BandB.approx() + ", " + on + ".")
	case c.Relation == Below:
		b.WriteString(a + " stands below " + o + ": its band " + c.BandA.approx() + " lies wholly below " + c.BandB.approx() + ", " + on + ".")
	case c.Relation == Overlapping:
		b.WriteString(a + " cannot be ranked against " + o + ": ")
		if c.BandA == c.BandB {
			b.WriteString("both have the band " + c.BandA.approx() + " on the common ordinal, by the crosswalk's rule and not by any published equivalence")
		} else {
			b.WriteString("their bands on the common ordinal overlap (" + c.BandA.approx() + " and " + c.BandB.approx() + ")")
		}
		b.WriteString("; " + on + ", and with the two positions treated as unrelated, the chance that the first stands higher is " + Percent(c.PAbove))
		if c.interval {
			b.WriteString(" (90% interval " + percentRange(c.PAboveLo, c.PAboveHi) + ")")
		}
		b.WriteString(".")
	default:
		return "invalid comparison"
	}
	if c.Relation != Overlapping && c.interval {
		b.WriteString(" With the variation in the crosswalk's bands, the chance that the first stands higher has the 90% interval " +
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

// percentRange writes the interval [lo, hi] as "68–99%", as "under 1% to
// 5%" when an end is not a whole percent, and as one percentage when both
// ends print the same.
func percentRange(lo, hi float64) string {
	l, h := Percent(lo), Percent(hi)
	if l == h {
		return l
	}
	if strings.ContainsRune(l, ' ') || strings.ContainsRune(h, ' ') {
		return l + " to " + h
	}
	return strings.TrimSuffix(l, "%") + "–" + h
}

// Percent writes a probability as a whole percentage for people, keeping
// three promises:
//
//   - only exactly 0 prints as "0%" and only exactly 1 as "100%": a
//     probability that rounds to either but is not it prints as "under 1%"
//     or "over 99%";
//   - half-way cases round half away from zero, judged on the shortest
//     decimal that prints p (strconv's 'g' with precision -1), so that
//     0.125 prints "13%" and 0.285, which a CSV column shows as 0.285,
//     prints "29%";
//   - NaN, negatives and values above 1 are not probabilities: they print
//     as "invalid probability" followed by the value, never as "150%".
func Percent(p float64) string {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return "invalid probability " + strconv.FormatFloat(p, 'g', -1, 64)
	case p == 0:
		return "0%"
	case p == 1:
		return "100%"
	}
	pct := roundPercent(p)
	switch {
	case pct == 0:
		return "under 1%"
	case pct == 100:
		return "over 99%"
	}
	return strconv.Itoa(pct) + "%"
}

// roundPercent returns 100·p rounded half away from zero, for p in (0, 1),
// on the decimal digits of p's shortest representation: the hundredths
// are the percent, and the thousandths decide the rounding (digits after
// them only make the value larger, so 5 or more rounds up).
func roundPercent(p float64) int {
	digits := strconv.FormatFloat(p, 'f', -1, 64) // "0.285", "0.0049"
	frac := strings.TrimPrefix(digits, "0.")
	frac += "000" // at least three decimals
	pct := int(frac[0]-'0')*10 + int(frac[1]-'0')
	if frac[2] >= '5' {
		pct++
	}
	return pct
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
