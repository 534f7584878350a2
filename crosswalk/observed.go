package crosswalk

import (
	"strings"
	"sync"

	"github.com/gradewalk/gradewalk/scale"
)

// Observed returns a data-driven crosswalk built from the evidence in the
// catalogue: each scale of the default registry that has a reference
// distribution ([scale.Scale.Reference]) is placed by it, as
// [FromDistributions] would place it. The reference is the published round
// that best represents the scale's population at its change of scale;
// docs/crosswalk.md says, per family, which round was chosen and why.
//
// Scales without a reference distribution are not covered: using them is an
// error wrapping [ErrNotCovered], as with FromDistributions. The reference
// counts are read as counts, so comparisons carry intervals
// ([Comparison.PAboveLo]) and equating has standard errors
// ([Crosswalk.EquateSE]); where the issuer published only percentages, the
// counts are the percentages times the population's size.
//
// String names the rounds used. Observed returns the same crosswalk, and so
// the same cache of intervals, for as long as no scale is registered in the
// default registry; a registration gives a new crosswalk on the next call.
func Observed() *Crosswalk {
	r := scale.Default()
	n := r.Len()
	observed.Lock()
	defer observed.Unlock()
	// Registered scales are never replaced or removed, so the number of
	// scales identifies the registry's state.
	if observed.cw == nil || observed.scales != n {
		observed.cw, observed.scales = observedFrom(r), n
	}
	return observed.cw
}

// observed holds the crosswalk Observed last built, and the number of scales
// in the default registry when it was built.
var observed struct {
	sync.Mutex
	scales int
	cw     *Crosswalk
}

// observedFrom is Observed for the scales of r.
func observedFrom(r *scale.Registry) *Crosswalk {
	cw := newDataDriven("", 0)
	var rounds []string
	for s := range r.All() { // in ID order
		ref, ok := s.Reference()
		if !ok {
			continue
		}
		cov, err := coverageFromCounts(s, ref.Counts)
		if err != nil {
			// scale.New checks a distribution as FromDistributions does, so
			// a registered scale cannot get here; leave such a scale
			// uncovered rather than guess.
			continue
		}
		round := s.ID() + " " + ref.Period
		if ref.Area != "" {
			round += " " + ref.Area
		}
		cov.round = round // named in the basis of each comparison
		if cw.add(cov, ErrInvalidCounts) != nil {
			continue // a registry holds one scale per ID
		}
		rounds = append(rounds, round)
	}
	cw.intervals = newIntervals(cw)
	cw.short, cw.basis.name = "observed", "the reference distributions"
	if len(rounds) == 0 {
		cw.name = "observed (no scale has a reference distribution)"
	} else {
		cw.name = "observed (reference distributions: " + strings.Join(rounds, "; ") + ")"
	}
	return cw
}
