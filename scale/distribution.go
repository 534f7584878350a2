package scale

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/internal/date"
)

// Distribution is a national distribution of grades that an issuer
// published for one round graded on a scale: how many subjects were awarded
// each level.
//
// Counts has one entry per level, worst first. When the issuer published
// only percentages, Percentages is true and each count is the percentage
// times Size divided by 100, so counts need not be whole numbers.
type Distribution struct {
	Period     string // the round as the issuer names it, e.g. "2016" or "2021/22"
	Area       string // what was graded, e.g. "effectiveness" or "overall"
	Population string // who was graded, e.g. "the 43 police forces of England and Wales"
	// Sector names the kind of subject graded as a slug, such as
	// "police-forces" or "gp-practices", so that callers can choose between
	// rounds of one scale published for different kinds of subject; "" when
	// not recorded.
	Sector string
	Counts []float64 // per level, worst first
	// Percentages reports that the issuer published percentages and Counts
	// were derived from them and Size.
	Percentages bool
	// Size is the population's size as published, 0 if unknown. With
	// counts it may exceed their sum (not every subject graded), never fall
	// short of it.
	Size   int
	Source Source
	// Confirmed reports that the figures were checked against the issuer's
	// own publication; false means they rest on a secondary source.
	Confirmed bool
	// Reference marks the one distribution of the scale that stands for its
	// population at a change of scale (see [Scale.Reference]).
	Reference bool
	Notes     string
}

// DistributionDefinition is the plain form of a [Distribution] in a
// [Definition] and in JSON. Exactly one of Counts and Percentages is given,
// with one entry per level, worst first; Size is required with Percentages.
type DistributionDefinition struct {
	Period      string    `json:"period"`
	Area        string    `json:"area,omitempty"`
	Population  string    `json:"population,omitempty"`
	Sector      string    `json:"sector,omitempty"` // a slug; see [Distribution]
	Counts      []float64 `json:"counts,omitempty"`
	Percentages []float64 `json:"percentages,omitempty"`
	Size        int       `json:"size,omitempty"`
	Source      Source    `json:"source"`
	Confirmed   bool      `json:"confirmed"`
	Reference   bool      `json:"reference,omitempty"`
	Notes       string    `json:"notes,omitempty"`
}

// Errors that reject a distribution in a definition, each wrapped by a
// [*DefinitionError] that names the field.
var (
	ErrCountLength      = errors.New("needs one value per level")
	ErrBadCount         = errors.New("value is negative or not finite")
	ErrEmptyCounts      = errors.New("values sum to zero")
	ErrCountsOrPercents = errors.New("give exactly one of counts and percentages")
	ErrPercentSum       = errors.New("percentages do not sum to 100")
	ErrTwoReferences    = errors.New("more than one distribution is marked as the reference")
)

// percentSlack is how far percentages may sum from 100, per level: each
// published percentage may have been rounded to a whole number.
const percentSlack = 0.5

// Distributions yields copies of the scale's published distributions, in
// the order they were defined.
func (s *Scale) Distributions() iter.Seq[Distribution] {
	return func(yield func(Distribution) bool) {
		for i := range s.dists {
			if !yield(s.distribution(i)) {
				return
			}
		}
	}
}

// Reference returns a copy of the distribution marked as the scale's
// reference, the round that best represents the scale's population at a
// change of scale. ok is false when none is marked.
func (s *Scale) Reference() (d Distribution, ok bool) {
	for i, dd := range s.dists {
		if dd.Reference {
			return s.distribution(i), true
		}
	}
	return Distribution{}, false
}

func (s *Scale) distribution(i int) Distribution {
	dd := s.dists[i]
	d := Distribution{
		Period: dd.Period, Area: dd.Area, Population: dd.Population, Sector: dd.Sector,
		Size: dd.Size, Source: dd.Source, Confirmed: dd.Confirmed,
		Reference: dd.Reference, Notes: dd.Notes,
	}
	if dd.Percentages != nil {
		d.Percentages = true
		d.Counts = make([]float64, len(dd.Percentages))
		for k, p := range dd.Percentages {
			d.Counts[k] = p * float64(dd.Size) / 100
		}
	} else {
		d.Counts = slices.Clone(dd.Counts)
	}
	return d
}

// checkDistributions validates the distributions of a definition with
// levels levels, returning the field, a detail and the error of the first problem.
func checkDistributions(dists []DistributionDefinition, levels int) (field, detail string, err error) {
	reference := -1
	for i, d := range dists {
		f := fmt.Sprintf("distributions[%d]", i)
		for _, t := range [...]struct{ field, value string }{
			{"period", d.Period}, {"area", d.Area}, {"population", d.Population}, {"notes", d.Notes},
		} {
			if !utf8.ValidString(t.value) {
				return f + "." + t.field, "", ErrBadText
			}
		}
		if field, detail, err := checkSource(f+".source", d.Source); err != nil {
			return field, detail, err
		}
		if d.Period == "" {
			return f + ".period", "", ErrMissingField
		}
		if d.Sector != "" && !isSlug(d.Sector) {
			return f + ".sector", strconv.Quote(d.Sector), ErrBadID
		}
		if d.Source.Title == "" && d.Source.URL == "" {
			return f + ".source", "needs a title or a URL", ErrMissingField
		}
		values, name := d.Counts, "counts"
		switch {
		case d.Counts != nil && d.Percentages != nil:
			return f, "both given", ErrCountsOrPercents
		case d.Counts == nil && d.Percentages == nil:
			return f, "neither given", ErrCountsOrPercents
		case d.Percentages != nil:
			values, name = d.Percentages, "percentages"
		}
		if len(values) != levels {
			return f + "." + name, fmt.Sprintf("got %d values for %d levels", len(values), levels), ErrCountLength
		}
		sum := 0.0
		for k, v := range values {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Sprintf("%s.%s[%d]", f, name, k), strconv.FormatFloat(v, 'g', -1, 64), ErrBadCount
			}
			sum += v
		}
		if math.IsInf(sum, 0) {
			return f + "." + name, "sum is not finite", ErrBadCount
		}
		if sum == 0 {
			return f + "." + name, "", ErrEmptyCounts
		}
		if d.Size < 0 {
			return f + ".size", strconv.Itoa(d.Size), ErrBadCount
		}
		if d.Counts != nil && d.Size > 0 && sum > float64(d.Size) {
			return f + ".counts", fmt.Sprintf("they sum to %s, more than size %d",
				strconv.FormatFloat(sum, 'g', -1, 64), d.Size), ErrBadCount
		}
		if d.Percentages != nil {
			if d.Size == 0 {
				return f + ".size", "required with percentages", ErrMissingField
			}
			if slack := percentSlack * float64(levels); math.Abs(sum-100) > slack {
				return f + ".percentages", fmt.Sprintf("sum %s, allowed 100 ± %s",
					strconv.FormatFloat(sum, 'g', -1, 64), strconv.FormatFloat(slack, 'g', -1, 64)), ErrPercentSum
			}
		}
		if d.Reference {
			if reference >= 0 {
				return f + ".reference", fmt.Sprintf("distributions[%d] is also", reference), ErrTwoReferences
			}
			reference = i
		}
	}
	return "", "", nil
}

// checkDate validates an optional date written as YYYY, YYYY-MM or
// YYYY-MM-DD: a [Source]'s Date or a definition's Checked.
func checkDate(s string) error {
	if s == "" {
		return nil
	}
	if _, err := date.Parse(s); err != nil {
		return ErrBadDate
	}
	return nil
}

func cloneDistributions(dists []DistributionDefinition) []DistributionDefinition {
	if len(dists) == 0 {
		return nil
	}
	out := make([]DistributionDefinition, len(dists))
	for i, d := range dists {
		d.Counts = slices.Clone(d.Counts)
		d.Percentages = slices.Clone(d.Percentages)
		out[i] = d
	}
	return out
}
