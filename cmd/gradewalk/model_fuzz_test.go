package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
)

// FuzzCrossSectionFlag: -cross-section's reader never panics, and what it
// accepts is a distribution of the scale it names, with a count per level
// and the date it was given.
func FuzzCrossSectionFlag(f *testing.F) {
	for _, seed := range []string{
		"hmic-peel-2014:2018/19:effectiveness=2019-05-02", // a round of the catalogue
		"hmicfrs-peel-2021:2021/22:investigating crime=2022",
		"cqc-ratings-2014:2016-04:overall:nhs-trusts=2016-04", // with its sector
		"cqc-ratings-2014:2016-04:overall=2016-04",            // several sectors match
		"hmic-peel-2014:2018/19:people=2019",                  // no such round
		"hmic-peel-2014:2018/19=2019",                         // no area
		"peel:2018/19:effectiveness=2019",                     // no such scale
		"hmic-peel-2014:2018/19:effectiveness=May",            // a bad date
		"a:b:c:d:e=f", "=", "", ":::=",
	} {
		f.Add(seed)
	}
	reg := scale.Default()
	f.Fuzz(func(t *testing.T, spec string) {
		cs, err := crossSectionOf(reg, spec)
		if err != nil {
			if cs.Scale != nil {
				t.Fatalf("%q: an error with a cross-section: %v", spec, err)
			}
			return
		}
		id, _, _ := strings.Cut(spec, ":")
		if cs.Scale == nil || cs.Scale.ID() != id || len(cs.Counts) != cs.Scale.Len() || cs.Date.IsZero() {
			t.Fatalf("%q: accepted as %+v", spec, cs)
		}
		if _, err := latent.CrossSectionFor(cs.Scale, latent.Round{Period: "no such period"}, cs.Date); !errors.Is(err, latent.ErrNoDistribution) {
			t.Fatalf("a round that is not there: %v", err)
		}
	})
}
