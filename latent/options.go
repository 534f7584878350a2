package latent

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/scale"
)

// Defaults of [Options]; a zero field means its default.
const (
	DefaultChains     = 4
	DefaultWarmup     = 500  // iterations per chain
	DefaultDraws      = 500  // iterations per chain after warm-up
	DefaultKeep       = 1000 // draws kept for intervals, over all chains
	DefaultLambda     = 0.25 // sd of μ's yearly increments
	DefaultSigmaScale = 2.0  // σ ~ half-normal(0, 2)
	DefaultEndGap     = 1.0  // mean gap beyond a level never observed
	DefaultImprovedAt = 0.95
	DefaultDeclinedAt = 0.05
	// DefaultSeed is the seed used when Options.Seed is 0.
	DefaultSeed = 20140929
)

// Options change how [Fit] fits the model. A nil *Options and the zero
// value mean the defaults; so does any zero field.
type Options struct {
	// Chains is the number of chains, run in parallel (default 4). Warmup
	// and Draws are the iterations of each chain before and after its
	// warm-up (default 500 each); only the draws after warm-up count.
	Chains, Warmup, Draws int
	// Keep is how many draws, over all chains and evenly spaced in each,
	// are kept for intervals, changes and trajectories (default 1000, or
	// every draw when there are fewer). Memory grows with Keep times the
	// number of dates observed: four bytes each.
	Keep int
	// Seed fixes the random numbers (0 means DefaultSeed): the same input
	// and options give the same numbers on every run, with any number of
	// processors.
	Seed uint64
	// PoolAreas makes each subject one series, whatever the area graded:
	// a subject's grades on one date then share one latent quality. The
	// series' area is "".
	PoolAreas bool
	// Reference is the date whose population sets the common ordinal: its
	// mean μ lies at 0.5 (default: the first date observed). It must lie
	// within the dates fitted.
	Reference time.Time

	// Lambda is the standard deviation of μ's yearly increments, in units
	// of the inspection noise (default 0.25).
	Lambda float64
	// SigmaScale is the scale of σ's half-normal prior (default 2).
	SigmaScale float64
	// RhoPrior holds the two shapes of ρ's beta prior; {0, 0} means
	// {1, 1}, the uniform distribution on (0, 1).
	RhoPrior [2]float64
	// CutScale, when positive, gives every cut point a normal prior with
	// mean 0 and this standard deviation, beside their order. The default,
	// 0, leaves the cut points flat wherever the data bound them.
	CutScale float64
	// CutsFlatOnLatent writes the cut points' prior (flat, EndGap and
	// CutScale) on the latent axis itself, whose unit is the inspection
	// noise. By default it is written in units of the spread √(σ²+1) of a
	// date's grades, noise included: a flat prior on the latent axis
	// favours a large σ by (σ²+1)^(k/2) for k cut points, which decides σ
	// when the data say little of it (see docs/model.md).
	CutsFlatOnLatent bool
	// EndGap is the mean of the exponential prior on each gap between cut
	// points beyond the lowest or highest level of a scale that was
	// observed, in the cut points' unit (default 1): a level at an end of a scale that nobody was
	// given leaves its cut point unbounded by the data, and a flat prior
	// there would leave the posterior improper. See docs/model.md.
	EndGap float64

	// ImprovedAt and DeclinedAt are the probabilities of improvement at or
	// above which a change is Improved and at or below which it is Declined
	// (defaults 0.95 and 0.05).
	ImprovedAt, DeclinedAt float64

	// Registry holds the scales observations may use (default
	// scale.Default()). An observation on any other scale is an error.
	Registry *scale.Registry
	// CrossSections add anonymous subjects, each graded once: how often
	// each level was given on a date, as in a national distribution
	// (see [CrossSectionOf]). They inform the cut points and μ, not any
	// series.
	CrossSections []CrossSection

	// Context, when not nil, cancels the fit: Fit returns its error.
	Context context.Context
	// Progress, when not nil, is called from the goroutine that called
	// Fit, every tenth of a second or so while chains run, with the
	// iterations done and to do over all chains.
	Progress func(done, total int)
}

// CrossSection is how often each level of a scale was given on a date:
// subjects graded once, with no other grade. Each count is rounded to a
// whole number of subjects.
type CrossSection struct {
	Scale  *scale.Scale
	Date   time.Time
	Counts []float64 // per level, worst first
	// Name says what was counted, for the model's description.
	Name string
}

// CrossSectionOf makes a cross-section of a published distribution of s,
// dated date: the catalogue gives a round's period ("2018/19"), not the
// day its grades were given, so the caller says which day stands for it.
func CrossSectionOf(s *scale.Scale, d scale.Distribution, date time.Time) CrossSection {
	name := s.ID() + " " + d.Period
	if d.Area != "" {
		name += " " + d.Area
	}
	name += " (" + day(date) + ")"
	return CrossSection{Scale: s, Date: date, Counts: append([]float64(nil), d.Counts...), Name: name}
}

// Round names one published distribution of a scale, as the catalogue
// lists them (scale.Distribution): its round's period, its area and, where
// rounds of several kinds of subject share those, its sector ("" for
// any).
type Round struct {
	Period, Area, Sector string
}

// String writes the round as PERIOD:AREA:SECTOR, the sector left out when
// it is "".
func (r Round) String() string {
	if r.Sector == "" {
		return r.Period + ":" + r.Area
	}
	return r.Period + ":" + r.Area + ":" + r.Sector
}

// CrossSectionFor finds the distribution of s published for a round and
// makes it a cross-section dated date (see [CrossSectionOf]). The error
// wraps [ErrNoDistribution] and lists the rounds s has when none matches,
// or wraps [ErrAmbiguousRound] and lists the sectors when several do.
func CrossSectionFor(s *scale.Scale, r Round, date time.Time) (CrossSection, error) {
	var found []scale.Distribution
	var have []string
	for d := range s.Distributions() {
		have = append(have, Round{d.Period, d.Area, d.Sector}.String())
		if d.Period == r.Period && d.Area == r.Area && (r.Sector == "" || d.Sector == r.Sector) {
			found = append(found, d)
		}
	}
	switch {
	case len(have) == 0:
		return CrossSection{}, fmt.Errorf("latent: %s has no published distribution: %w", s.ID(), ErrNoDistribution)
	case len(found) == 0:
		return CrossSection{}, fmt.Errorf("latent: %s round %s: %w; it has (PERIOD:AREA:SECTOR) %s", s.ID(), r, ErrNoDistribution, strings.Join(have, ", "))
	case len(found) > 1:
		sectors := make([]string, len(found))
		for i, d := range found {
			sectors[i] = d.Sector
		}
		return CrossSection{}, fmt.Errorf("latent: %s round %s: %w: %d distributions match, for the sectors %s", s.ID(), r, ErrAmbiguousRound, len(found), strings.Join(sectors, ", "))
	}
	return CrossSectionOf(s, found[0], date), nil
}

// settings are Options with defaults filled in and checked.
type settings struct {
	chains, warmup, draws, keep int
	seed                        uint64
	poolAreas                   bool
	reference                   time.Time
	lambda, sigmaScale          float64
	rhoA, rhoB                  float64
	cutScale, endGap            float64
	cutsFlatOnLatent            bool
	improvedAt, declinedAt      float64
	registry                    *scale.Registry
	crossSections               []CrossSection
	ctx                         context.Context
	progress                    func(done, total int)
}

// maxIterations bounds Chains·(Warmup+Draws), so that counts fit an int
// on every platform.
const maxIterations = 1 << 30

func (o *Options) settings() (*settings, error) {
	if o == nil {
		o = &Options{}
	}
	s := &settings{
		chains: orInt(o.Chains, DefaultChains), warmup: orInt(o.Warmup, DefaultWarmup),
		draws: orInt(o.Draws, DefaultDraws), keep: orInt(o.Keep, DefaultKeep),
		seed: o.Seed, poolAreas: o.PoolAreas, reference: o.Reference,
		lambda: orFloat(o.Lambda, DefaultLambda), sigmaScale: orFloat(o.SigmaScale, DefaultSigmaScale),
		rhoA: orFloat(o.RhoPrior[0], 1), rhoB: orFloat(o.RhoPrior[1], 1),
		cutScale: o.CutScale, endGap: orFloat(o.EndGap, DefaultEndGap), cutsFlatOnLatent: o.CutsFlatOnLatent,
		improvedAt: orFloat(o.ImprovedAt, DefaultImprovedAt), declinedAt: orFloat(o.DeclinedAt, DefaultDeclinedAt),
		registry: o.Registry, crossSections: o.CrossSections,
		ctx: o.Context, progress: o.Progress,
	}
	if s.seed == 0 {
		s.seed = DefaultSeed
	}
	if s.registry == nil {
		s.registry = scale.Default()
	}
	if s.ctx == nil {
		s.ctx = context.Background()
	}
	for _, c := range []struct {
		field string
		v     int
		min   int
	}{{"Chains", s.chains, 1}, {"Warmup", s.warmup, 1}, {"Draws", s.draws, 2}, {"Keep", s.keep, 1}} {
		if c.v < c.min {
			return nil, &OptionError{c.field, fmt.Sprintf("%d is less than %d", c.v, c.min)}
		}
	}
	if s.chains > 256 {
		return nil, &OptionError{"Chains", fmt.Sprintf("%d is more than 256", s.chains)}
	}
	if s.warmup > maxIterations/s.chains || s.draws > maxIterations/s.chains-s.warmup {
		return nil, &OptionError{"Draws", "Chains·(Warmup+Draws) exceeds 2³⁰"}
	}
	for _, c := range []struct {
		field string
		v     float64
	}{{"Lambda", s.lambda}, {"SigmaScale", s.sigmaScale}, {"RhoPrior[0]", s.rhoA}, {"RhoPrior[1]", s.rhoB}, {"EndGap", s.endGap}} {
		if !(c.v > 0) || math.IsInf(c.v, 0) {
			return nil, &OptionError{c.field, fmt.Sprintf("%g is not a positive finite number", c.v)}
		}
	}
	if !(s.cutScale >= 0) || math.IsInf(s.cutScale, 0) {
		return nil, &OptionError{"CutScale", fmt.Sprintf("%g is negative or not finite", s.cutScale)}
	}
	if !(s.improvedAt > 0.5 && s.improvedAt <= 1) {
		return nil, &OptionError{"ImprovedAt", fmt.Sprintf("%g is not in (0.5, 1]", s.improvedAt)}
	}
	if !(s.declinedAt >= 0 && s.declinedAt < 0.5) {
		return nil, &OptionError{"DeclinedAt", fmt.Sprintf("%g is not in [0, 0.5)", s.declinedAt)}
	}
	return s, nil
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func orFloat(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
