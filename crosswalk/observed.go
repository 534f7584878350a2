package crosswalk

import (
	"cmp"
	"errors"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/gradewalk/gradewalk/scale"
)

// Errors from choosing the published rounds behind an observed crosswalk,
// each wrapped by a [*SectorError].
var (
	// ErrUnknownSector: no scale has a published round for the sector.
	ErrUnknownSector = errors.New("no published round of any scale is for that sector")
	// ErrSectorChoice: the sectors named do not pick one round of a scale,
	// because two of them have rounds of it, or because the sector has
	// several rounds of it and none is its reference.
	ErrSectorChoice = errors.New("the sectors named do not pick one round of the scale")
)

// SectorError reports a sector that [ObservedFor] could not use.
type SectorError struct {
	Sector string // the sector as named
	Scale  string // the scale's ID, or "" for ErrUnknownSector
	Err    error  // ErrUnknownSector or ErrSectorChoice
	Detail string
}

// Error describes the problem and where it is.
func (e *SectorError) Error() string {
	msg := "crosswalk: sector " + strconv.Quote(e.Sector)
	if e.Scale != "" {
		msg += ", scale " + e.Scale
	}
	msg += ": " + e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *SectorError) Unwrap() error { return e.Err }

// Observed returns a data-driven crosswalk built from the evidence in the
// catalogue: each scale of the default registry that has a reference
// distribution ([scale.Scale.Reference]) is placed by it, as
// [FromDistributions] would place it. The reference is the published round
// that best represents the scale's population at its change of scale;
// docs/crosswalk.md says, per family, which round was chosen and why.
//
// Scales without a reference distribution are not covered: using them is an
// error wrapping [ErrNotCovered], as with FromDistributions, and
// [Crosswalk.CheckCovers] says once, for such a scale, which crosswalks do
// cover it. The reference counts are read as counts, so comparisons carry
// intervals ([Comparison.PAboveLo]) and equating has standard errors
// ([Crosswalk.EquateSE]); where the issuer published only percentages, the
// counts are the percentages times the population's size.
//
// A reference describes one population (who was graded) and one area (what
// was graded). String names, for each scale, the round, its area and its
// population by size and sector ("hmic-peel-2014 2018/19 effectiveness, 43
// police-forces"); [Crosswalk.Reference] gives the round itself, with the
// population described in full, and
// [Crosswalk.ReferenceNotes] says where data differ from it. Where a scale
// has rounds for several sectors (CQC: GP practices and NHS trusts), use
// [ObservedFor] to name the one that fits the data.
//
// Observed returns the same crosswalk, and so the same cache of intervals,
// for as long as no scale is registered in the default registry; a
// registration gives a new crosswalk on the next call.
func Observed() *Crosswalk {
	cw, err := ObservedFor()
	if err != nil {
		// With no sector named there is nothing to choose, so nothing can
		// fail; reaching this is a bug in the package.
		panic(err)
	}
	return cw
}

// ObservedFor is [Observed] with the published round behind each scale
// chosen for the named sectors ([scale.Distribution.Sector], such as
// "gp-practices" or "nhs-trusts"). A scale with rounds for one of the named
// sectors is placed by its reference if the reference is for that sector,
// and otherwise by its one round for the sector; a scale with no round for
// any of them keeps its reference, and one without a reference stays
// uncovered. With no sector named it is Observed.
//
// A sector that no scale has a round for is an error wrapping
// [ErrUnknownSector]; two named sectors with rounds of one scale, or a
// sector with several rounds of a scale none of which is its reference, an
// error wrapping [ErrSectorChoice]. Errors are [*SectorError]s. Each choice
// of sectors is built once while the default registry is unchanged.
func ObservedFor(sectors ...string) (*Crosswalk, error) {
	r := scale.Default()
	n := r.Len()
	key := sectorKey(sectors)
	observed.Lock()
	defer observed.Unlock()
	// Registered scales are never replaced or removed, so the number of
	// scales identifies the registry's state.
	if observed.built == nil || observed.scales != n {
		observed.built, observed.scales = map[string]*Crosswalk{}, n
	}
	if cw, ok := observed.built[key]; ok {
		return cw, nil
	}
	cw, err := observedFrom(r, sectors...)
	if err != nil {
		return nil, err
	}
	observed.built[key] = cw
	return cw, nil
}

// observed holds the crosswalks ObservedFor built, by the sectors named, and
// the number of scales in the default registry when they were built.
var observed struct {
	sync.Mutex
	scales int
	built  map[string]*Crosswalk
}

// sectorKey names a choice of sectors whatever their order or repetition.
func sectorKey(sectors []string) string {
	s := slices.Clone(sectors)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), "\x00")
}

// observedRounds is what an observed crosswalk knows of the rounds behind
// it, by scale ID.
type observedRounds map[string]observedRound

// observedRound is the round that placed one scale.
type observedRound struct {
	dist scale.Distribution
	// chosen reports that a named sector picked the round; otherwise it is
	// the scale's reference, used by default.
	chosen bool
	// others are the sectors, other than the round's, that the scale has
	// published rounds for.
	others []string
}

// observedFrom is ObservedFor for the scales of r.
func observedFrom(r *scale.Registry, sectors ...string) (*Crosswalk, error) {
	named := map[string]bool{}
	used := map[string]bool{}
	for _, sec := range sectors {
		named[sec] = true
	}
	cw := newDataDriven("", 0)
	cw.rounds = observedRounds{}
	var names []string
	for s := range r.All() { // in ID order
		round, ok, err := roundOf(s, named, used)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		cov, err := coverageFromCounts(s, round.dist.Counts)
		if err != nil {
			// scale.New checks a distribution as FromDistributions does, so
			// a registered scale cannot get here; leave such a scale
			// uncovered rather than guess.
			continue
		}
		if cw.add(cov, ErrInvalidCounts) != nil {
			continue // a registry holds one scale per ID
		}
		cw.rounds[s.ID()] = round
		names = append(names, describeRound(s.ID(), round.dist))
	}
	for _, sec := range sectors {
		if !used[sec] {
			return nil, &SectorError{Sector: sec, Err: ErrUnknownSector, Detail: "sectors with rounds: " + strings.Join(sectorsOf(r), ", ")}
		}
	}
	cw.intervals = newIntervals(cw)
	cw.short, cw.basis.name = "observed", "the reference distributions" // each comparison names its two rounds
	if len(names) == 0 {
		cw.name = "observed (no scale has a reference distribution)"
	} else {
		cw.name = "observed (reference distributions: " + strings.Join(names, "; ") + ")"
	}
	return cw, nil
}

// roundOf chooses the round that places s: its round for the one named
// sector it has rounds for, or else its reference. ok is false when s has
// neither. It records in used the named sectors s has rounds for.
func roundOf(s *scale.Scale, named, used map[string]bool) (round observedRound, ok bool, err error) {
	ref, hasRef := s.Reference()
	bySector := map[string][]scale.Distribution{}
	var order []string
	for d := range s.Distributions() {
		if d.Sector == "" {
			continue
		}
		if _, seen := bySector[d.Sector]; !seen {
			order = append(order, d.Sector)
		}
		bySector[d.Sector] = append(bySector[d.Sector], d)
	}
	pick := ""
	for _, sec := range order {
		if !named[sec] {
			continue
		}
		used[sec] = true
		if pick != "" {
			return observedRound{}, false, &SectorError{Sector: sec, Scale: s.ID(), Err: ErrSectorChoice,
				Detail: "sector " + strconv.Quote(pick) + " also has rounds of this scale; name one"}
		}
		pick = sec
	}
	switch {
	case pick != "" && hasRef && ref.Sector == pick:
		round = observedRound{dist: ref, chosen: true}
	case pick != "" && len(bySector[pick]) == 1:
		round = observedRound{dist: bySector[pick][0], chosen: true}
	case pick != "":
		return observedRound{}, false, &SectorError{Sector: pick, Scale: s.ID(), Err: ErrSectorChoice,
			Detail: strconv.Itoa(len(bySector[pick])) + " rounds are for this sector and none is the scale's reference"}
	case hasRef:
		round = observedRound{dist: ref}
	default:
		return observedRound{}, false, nil
	}
	for _, sec := range order {
		if sec != round.dist.Sector {
			round.others = append(round.others, sec)
		}
	}
	return round, true, nil
}

// sectorsOf lists the sectors that scales of r have rounds for, sorted.
func sectorsOf(r *scale.Registry) []string {
	var out []string
	for s := range r.All() {
		for d := range s.Distributions() {
			if d.Sector != "" {
				out = append(out, d.Sector)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// describeRound names a round as String lists it: the scale, the period,
// the area and the population graded, by its size and sector (or its
// description when it has no sector), such as "hmic-peel-2014 2018/19
// effectiveness, 43 police-forces".
func describeRound(id string, d scale.Distribution) string {
	out := id + " " + d.Period
	if d.Area != "" {
		out += " " + d.Area
	}
	who := cmp.Or(d.Sector, d.Population)
	if who == "" {
		return out
	}
	size := float64(d.Size)
	if size == 0 {
		for _, c := range d.Counts {
			size += c
		}
	}
	return out + ", " + strconv.FormatFloat(math.Round(size), 'f', -1, 64) + " " + who
}

// Reference returns the published round that places s in an observed
// crosswalk (see [Observed]): its area, population, sector, size and
// source. ok is false when c is not an observed crosswalk or does not
// cover s.
func (c *Crosswalk) Reference(s *scale.Scale) (d scale.Distribution, ok bool) {
	if c == nil || c.rounds == nil || s == nil || !c.Covers(s) {
		return scale.Distribution{}, false
	}
	round, ok := c.rounds[s.ID()]
	return round.dist, ok
}

// ReferenceNote says that the published round placing a scale may not fit
// the data placed by it: the data grade other areas than the round did, or
// the scale has rounds for other sectors and none was named. It is one
// warning per scale, however many grades the data hold.
type ReferenceNote struct {
	Scale     string             // the scale's ID
	Reference scale.Distribution // the round that placed the scale
	// Areas are the data's areas, as the data first wrote them, that are
	// not the round's area after normalisation ([scale.NormalizeLabel]),
	// sorted; empty when every area matches.
	Areas []string
	// Sectors are the other sectors the scale has rounds for, when the
	// round is the scale's reference because no sector was named; empty
	// otherwise.
	Sectors []string
}

// String writes the note as one sentence, such as "cqc-ratings-2014 is
// placed by its 2014-10/2017-05 round for overall in NHS GP practices …;
// the data grade adult social care; the catalogue also has rounds of it for
// nhs-trusts (crosswalk.ObservedFor names one)".
func (n ReferenceNote) String() string {
	d := n.Reference
	var b strings.Builder
	b.WriteString(n.Scale + " is placed by its " + d.Period + " round")
	if d.Area != "" {
		b.WriteString(" for " + d.Area)
	}
	if d.Population != "" {
		b.WriteString(" in " + d.Population)
	}
	if len(n.Areas) > 0 {
		b.WriteString("; the data grade " + strings.Join(n.Areas, ", "))
	}
	if len(n.Sectors) > 0 {
		b.WriteString("; the catalogue also has rounds of it for " + strings.Join(n.Sectors, ", ") +
			" (crosswalk.ObservedFor names the sector that fits the data)")
	}
	return b.String()
}

// ReferenceNotes checks the rounds behind an observed crosswalk against the
// data placed by it: data yields each grade's scale with the area the data
// give it. It returns one note per scale whose round grades another area
// than the data do, or whose scale has rounds for other sectors when none
// was named, sorted by scale ID; nil when everything fits or c is not an
// observed crosswalk. Scales that c does not cover are left to
// [Crosswalk.CheckCovers].
func (c *Crosswalk) ReferenceNotes(data iter.Seq2[*scale.Scale, string]) []ReferenceNote {
	if c == nil || c.rounds == nil {
		return nil
	}
	type seen struct {
		round observedRound
		areas map[string]string // normal form -> first spelling
	}
	byScale := map[string]*seen{}
	for s, area := range data {
		if s == nil {
			continue
		}
		round, ok := c.rounds[s.ID()]
		if !ok || !c.Covers(s) {
			continue
		}
		sn := byScale[s.ID()]
		if sn == nil {
			sn = &seen{round: round, areas: map[string]string{}}
			byScale[s.ID()] = sn
		}
		norm := scale.NormalizeLabel(area)
		if _, dup := sn.areas[norm]; !dup && norm != "" {
			sn.areas[norm] = strings.TrimSpace(area)
		}
	}
	var notes []ReferenceNote
	for _, id := range slices.Sorted(maps.Keys(byScale)) {
		sn := byScale[id]
		n := ReferenceNote{Scale: id, Reference: sn.round.dist}
		if want := scale.NormalizeLabel(sn.round.dist.Area); want != "" {
			for norm, spelling := range sn.areas {
				if norm != want {
					n.Areas = append(n.Areas, spelling)
				}
			}
			slices.Sort(n.Areas)
		}
		if !sn.round.chosen {
			n.Sectors = slices.Clone(sn.round.others)
		}
		if len(n.Areas) > 0 || len(n.Sectors) > 0 {
			notes = append(notes, n)
		}
	}
	return notes
}

// notCovered returns the error for a scale c does not cover, for
// [Crosswalk.CheckCovers]: a [*ScaleError] wrapping [ErrNotCovered] (or
// [ErrOtherDefinition]) whose detail says why, naming the crosswalk in a few
// words, and which crosswalks do cover s. A nil scale gives
// [ErrInvalidGrade].
func (c *Crosswalk) notCovered(s *scale.Scale) *ScaleError {
	if s == nil {
		return &ScaleError{Scale: s.String(), Err: ErrInvalidGrade, Detail: "a nil scale is not covered"}
	}
	c = c.orDefault()
	if _, err := c.coverageByID(s); errors.Is(err, ErrOtherDefinition) {
		var se *ScaleError
		errors.As(err, &se)
		return se
	}
	detail := "the " + c.short + " crosswalk has no counts or cut points for it"
	if c.rounds != nil {
		if first(s.Distributions()) {
			detail = "it has published rounds but none is marked as its reference"
		} else {
			detail = "no national distribution of its grades is in the catalogue (docs/catalogue.md lists what was searched for)"
		}
	}
	return &ScaleError{Scale: s.ID(), Err: ErrNotCovered, Detail: detail +
		"; crosswalk.Default covers every scale with equal-width bands, and trend.CrosswalkFrom builds a crosswalk from your own observations"}
}

// first reports whether seq yields anything.
func first[T any](seq iter.Seq[T]) bool {
	for range seq {
		return true
	}
	return false
}
