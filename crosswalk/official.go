package crosswalk

import (
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// ErrConflict is returned when a crosswalk is asked to record an
// equivalence that its bands contradict.
var ErrConflict = errors.New("equivalence conflicts with the crosswalk's bands")

// Equivalence records an issuer's published statement that a level of one
// scale is to be read as a level of another, across a change of scale: for
// example Estyn's statement that the words it added to its grades in 2017 do
// not change their meaning. A crosswalk that records an equivalence gives the
// two levels the same band, and [Comparison.Equivalence] points to it.
type Equivalence struct {
	From grade.Grade `json:"from"` // the level of the earlier scale
	To   grade.Grade `json:"to"`   // the level of the later scale
	// Statement says, in gradewalk's words, what the issuer said.
	Statement string       `json:"statement"`
	Source    scale.Source `json:"source"`
	// Confirmed is false when the statement is known only from secondary
	// reports and could not be found in the issuer's own publications.
	Confirmed bool `json:"confirmed"`
}

// Equivalences yields the equivalences the crosswalk records.
func (c *Crosswalk) Equivalences() iter.Seq[Equivalence] {
	return slices.Values(c.orDefault().equivalences)
}

// WithEquivalences returns a crosswalk with the same bands as c that also
// records eqs. Each equivalence must link levels of two different scales
// (scales with different IDs: a copy of a scale is the same scale) that c
// covers and gives identical bands; otherwise the error wraps
// [ErrConflict] (or [ErrInvalidGrade], [ErrNotCovered]). A crosswalk cannot
// move bands to honour an equivalence: a data-driven crosswalk whose counts
// put two linked levels in different places contradicts the statement, and
// saying so is more useful than hiding it.
func (c *Crosswalk) WithEquivalences(eqs ...Equivalence) (*Crosswalk, error) {
	return c.orDefault().withEquivalences(eqs)
}

// withEquivalences is WithEquivalences for a crosswalk that is not nil.
// Building Default goes through it, so it must not refer to Default.
func (c *Crosswalk) withEquivalences(eqs []Equivalence) (*Crosswalk, error) {
	for _, e := range eqs {
		if e.From.IsValid() && e.To.IsValid() && e.From.Scale().ID() == e.To.Scale().ID() {
			return nil, fmt.Errorf("crosswalk: equivalence %v = %v: %w: both levels are on one scale", e.From, e.To, ErrConflict)
		}
		from, err := c.band(e.From)
		if err != nil {
			return nil, fmt.Errorf("crosswalk: equivalence %v = %v: %w", e.From, e.To, err)
		}
		to, err := c.band(e.To)
		if err != nil {
			return nil, fmt.Errorf("crosswalk: equivalence %v = %v: %w", e.From, e.To, err)
		}
		if from != to {
			return nil, fmt.Errorf("crosswalk: equivalence %v = %v: %w: bands %v and %v", e.From, e.To, ErrConflict, from, to)
		}
	}
	out := *c
	out.equivalences = append(slices.Clip(c.equivalences), eqs...)
	out.linked = slices.Clip(c.linked)
	for _, e := range eqs {
		for _, s := range [...]*scale.Scale{e.From.Scale(), e.To.Scale()} {
			if !slices.Contains(out.linked, s) {
				out.linked = append(out.linked, s)
			}
		}
	}
	return &out, nil
}

// equivalence returns the recorded equivalence between a and b, in either
// direction. Crosswalks record a handful, so a scan is faster than a map, and
// most comparisons involve no linked scale and stop after a few pointer
// checks. Grades hold interned scales, so == is identity.
func (c *Crosswalk) equivalence(a, b grade.Grade) *Equivalence {
	if !slices.Contains(c.linked, a.Scale()) {
		return nil
	}
	for i := range c.equivalences {
		e := &c.equivalences[i]
		if (e.From == a && e.To == b) || (e.From == b && e.To == a) {
			return e
		}
	}
	return nil
}

// officialEquivalence is a built-in equivalence, by scale ID and label.
type officialEquivalence struct {
	from, to  string // "scale-id:Label"
	statement string
	source    scale.Source
	confirmed bool
}

var estyn2017 = scale.Source{
	Publisher: "Estyn",
	Title:     "FAQs: inspection framework from September 2017",
	Year:      2017,
	URL:       "https://www.estyn.gov.wales/faqs-inspection-framework-september-2017",
}

const estynStatement = "Estyn kept its four-point scale in 2017 and said the words added to Adequate and Unsatisfactory state the improvement action that follows, without redefining the grades."

// officialEquivalences are the one-to-one mappings issuers published across
// a change of scale, which Default records. docs/catalogue.md lists them with
// their sources. Mappings known only from secondary reports are not here;
// they are offered separately, for users to opt in to.
var officialEquivalences = []officialEquivalence{
	{"estyn-inspection-2010:Unsatisfactory", "estyn-inspection-2017:Unsatisfactory and needs urgent improvement", estynStatement, estyn2017, true},
	{"estyn-inspection-2010:Adequate", "estyn-inspection-2017:Adequate and needs improvement", estynStatement, estyn2017, true},
	{"estyn-inspection-2010:Good", "estyn-inspection-2017:Good", estynStatement, estyn2017, true},
	{"estyn-inspection-2010:Excellent", "estyn-inspection-2017:Excellent", estynStatement, estyn2017, true},
}

// ofsted2012 is the unconfirmed report behind
// [OfstedSatisfactoryAsRequiresImprovement].
var ofsted2012 = officialEquivalence{
	"ofsted-schools-2005:Satisfactory", "ofsted-schools-2012:Requires improvement",
	"When Ofsted proposed replacing Satisfactory with Requires improvement (January 2012), it was reported that schools then judged Satisfactory would be treated as Requires improvement. UNCONFIRMED: the statement is not in Ofsted's own announcement, and later reports say earlier Satisfactory judgements were not counted as Requires improvement.",
	scale.Source{Publisher: "TES", Title: "Wave goodbye to 'satisfactory'", Year: 2012,
		URL: "https://www.tes.com/news/tes-archive/tes-publication/wave-goodbye-satisfactory"},
	false,
}

// OfstedSatisfactoryAsRequiresImprovement returns the equivalence
// ofsted-schools-2005:Satisfactory = ofsted-schools-2012:Requires improvement,
// for users who choose to read the two as one grade:
//
//	cw, err := crosswalk.Default().WithEquivalences(crosswalk.OfstedSatisfactoryAsRequiresImprovement())
//
// Warning: Ofsted never published this equivalence, and [Default] does not
// record it. Its only source is a report in TES ("Wave goodbye to
// 'satisfactory'", 20 January 2012) of Ofsted's January 2012 proposals;
// Ofsted's own announcement does not say it, and later reports say that
// Satisfactory judgements made before September 2012 were not counted as
// Requires improvement. The equivalence is marked unconfirmed
// (Confirmed is false), and comparisons that use it say so.
func OfstedSatisfactoryAsRequiresImprovement() Equivalence {
	e, err := ofsted2012.equivalence()
	if err != nil {
		// Both levels are in the embedded catalogue and a test checks them;
		// reaching this is a bug in the package, not bad input.
		panic(err)
	}
	return e
}

// equivalence resolves o against the default registry.
func (o officialEquivalence) equivalence() (Equivalence, error) {
	from, err := grade.ParseQualified(nil, o.from)
	if err != nil {
		return Equivalence{}, err
	}
	to, err := grade.ParseQualified(nil, o.to)
	if err != nil {
		return Equivalence{}, err
	}
	return Equivalence{From: from, To: to, Statement: o.statement, Source: o.source, Confirmed: o.confirmed}, nil
}

// withOfficialEquivalences records the built-in equivalences in c.
func withOfficialEquivalences(c *Crosswalk) (*Crosswalk, error) {
	eqs := make([]Equivalence, 0, len(officialEquivalences))
	for _, o := range officialEquivalences {
		e, err := o.equivalence()
		if err != nil {
			return nil, err
		}
		eqs = append(eqs, e)
	}
	return c.withEquivalences(eqs)
}
