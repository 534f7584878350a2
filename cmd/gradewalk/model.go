package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/latent"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// This file fits the longitudinal model for -model latent, in trend and
// chart: its flags, the national distributions it may add, its progress
// line and its diagnostics.

// modelFlags are the flags of -model latent.
type modelFlags struct {
	name                  string
	seed                  uint64
	chains, warmup, draws int
	lambda                float64
	reference             string
	crossSections         stringList
	pool                  *bool
	poolOwn               bool // -pool-areas, where the command has none of its own
}

// modelFlagNames are the flags that apply only with -model.
var modelFlagNames = []string{"seed", "chains", "warmup", "draws", "lambda", "reference", "cross-section"}

// register adds the model's flags. pool is the command's -pool-areas, or
// nil to add one that only the model reads.
func (f *modelFlags) register(fs *flag.FlagSet, pool *bool) {
	fs.StringVar(&f.name, "model", "", "fit a `model` of every subject's latent quality through time and answer from it: latent (see docs/model.md)")
	fs.Uint64Var(&f.seed, "seed", 0, fmt.Sprintf("with -model: the `seed` of the random numbers; the same seed gives the same numbers (default %d)", latent.DefaultSeed))
	fs.IntVar(&f.chains, "chains", 0, fmt.Sprintf("with -model: the number of `chains`, run in parallel (default %d)", latent.DefaultChains))
	fs.IntVar(&f.warmup, "warmup", 0, fmt.Sprintf("with -model: warm-up `iterations` of each chain (default %d)", latent.DefaultWarmup))
	fs.IntVar(&f.draws, "draws", 0, fmt.Sprintf("with -model: `draws` of each chain after warm-up (default %d); more when the diagnostics warn", latent.DefaultDraws))
	fs.Float64Var(&f.lambda, "lambda", 0, fmt.Sprintf("with -model: the standard deviation `λ` of the national mean's yearly change, in units of the inspection noise (default %g); a larger λ links the eras less", latent.DefaultLambda))
	fs.StringVar(&f.reference, "reference", "", "with -model: the `date` whose population sets the common ordinal, its mean at 0.5 (default the first date observed)")
	fs.Var(&f.crossSections, "cross-section", "with -model: `SCALE:PERIOD:AREA[:SECTOR]=DATE`, a national distribution of the catalogue (docs/catalogue.md lists them; one that is not there is an error that lists the scale's), added as anonymous subjects graded once on DATE; repeat for each")
	f.pool = pool
	if pool == nil {
		fs.BoolVar(&f.poolOwn, "pool-areas", false, "with -model: make each subject one series whatever the area graded")
		f.pool = &f.poolOwn
	}
}

// check reports a usage error for a model flag given without -model, or
// for a model other than latent.
func (f *modelFlags) check(c *cli) (int, bool) {
	if f.name == "" {
		var given string
		own := f.pool == &f.poolOwn // -pool-areas is the model's alone
		c.fs.Visit(func(fl *flag.Flag) {
			if given == "" && (slices.Contains(modelFlagNames, fl.Name) || own && fl.Name == "pool-areas") {
				given = fl.Name
			}
		})
		if given != "" {
			return c.usageError("-%s applies to the model's fit: give it with -model latent", given), false
		}
		return exitOK, true
	}
	if f.name != "latent" {
		return c.usageError("-model %q: want latent", f.name), false
	}
	if c.crosswalkPath != "default" {
		return c.usageError("-model latent places the grades by its own crosswalk: give it without -crosswalk"), false
	}
	return exitOK, true
}

// options turns the flags into the model's options, reading each
// -cross-section from the catalogue.
func (f *modelFlags) options(c *cli) (*latent.Options, int, bool) {
	opt := &latent.Options{Chains: f.chains, Warmup: f.warmup, Draws: f.draws, Seed: f.seed, Lambda: f.lambda,
		PoolAreas: *f.pool, Registry: c.reg}
	for _, v := range []struct {
		name string
		n    int
	}{{"chains", f.chains}, {"warmup", f.warmup}, {"draws", f.draws}} {
		if v.n < 0 {
			return nil, c.usageError("-%s %d: want 1 or more", v.name, v.n), false
		}
	}
	if f.lambda < 0 {
		return nil, c.usageError("-lambda %g: want more than 0", f.lambda), false
	}
	if f.reference != "" {
		d, _, err := trend.ParseDate(f.reference)
		if err != nil {
			return nil, c.usageError("-reference: %v", err), false
		}
		opt.Reference = d
	}
	for _, spec := range f.crossSections {
		cs, err := crossSectionOf(c.reg, spec)
		if err != nil {
			return nil, c.usageError("-cross-section %q: %v", spec, err), false
		}
		opt.CrossSections = append(opt.CrossSections, cs)
	}
	return opt, exitOK, true
}

// crossSectionOf reads SCALE:PERIOD:AREA[:SECTOR]=DATE: the scale's
// published distribution of that round (latent.CrossSectionFor), dated
// DATE.
func crossSectionOf(reg *scale.Registry, spec string) (latent.CrossSection, error) {
	round, dateText, ok := cutLast(spec, "=")
	parts := strings.Split(round, ":")
	if !ok || len(parts) < 3 || len(parts) > 4 {
		return latent.CrossSection{}, fmt.Errorf("want SCALE:PERIOD:AREA[:SECTOR]=DATE, e.g. hmic-peel-2014:2018/19:effectiveness=2019-05-02")
	}
	s, ok := reg.Lookup(parts[0])
	if !ok {
		return latent.CrossSection{}, fmt.Errorf("no scale %q", parts[0])
	}
	date, _, err := trend.ParseDate(strings.TrimSpace(dateText))
	if err != nil {
		return latent.CrossSection{}, err
	}
	r := latent.Round{Period: parts[1], Area: parts[2]}
	if len(parts) == 4 {
		r.Sector = parts[3]
	}
	cs, err := latent.CrossSectionFor(s, r, date)
	if errors.Is(err, latent.ErrAmbiguousRound) {
		return cs, fmt.Errorf("%w: add :SECTOR", err)
	}
	return cs, err
}

// cutLast is strings.Cut at the last sep.
func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// fitModel fits the model for a command and makes its crosswalk the
// command's; ok false means the error was reported, with the exit code:
// a usage error for an option the model refuses (a -reference outside the
// dates, say), a failure otherwise.
func fitModel(c *cli, in *input, f *modelFlags, obs []trend.Observation, opt *latent.Options) (*latent.Model, int, bool) {
	m, err := f.fit(c, obs, opt)
	if err != nil {
		in.finish(c)
		var oe *latent.OptionError
		if errors.As(err, &oe) {
			return nil, c.usageError("%s: %s", optionFlag(oe.Field), oe.Detail), false
		}
		return nil, c.fail(err), false
	}
	c.cw = m.Crosswalk()
	return m, exitOK, true
}

// moreDraws suggests the draws per chain that should bring every
// parameter's ESS to latent.MinESS, which grows about in proportion to the
// draws: the draws times the ESS wanted over the smallest ESS, with a
// fifth to spare, in hundreds; twice the draws when only R̂ is at fault.
func moreDraws(draws int, w *latent.ConvergenceWarning) int {
	ess := math.Inf(1)
	for _, p := range w.Params {
		ess = min(ess, p.ESS)
	}
	if !(ess > 0 && ess < latent.MinESS) {
		return 2 * draws
	}
	return max(int(math.Ceil(float64(draws)*latent.MinESS/ess*1.2/100))*100, draws+100)
}

// optionFlag names the flag of a field of latent.Options.
func optionFlag(field string) string {
	name, _, _ := strings.Cut(field, "[")
	switch name {
	case "CrossSections":
		return "-cross-section"
	case "Chains", "Warmup", "Draws", "Lambda", "Reference", "Seed":
		return "-" + strings.ToLower(name)
	}
	return "-model latent: option " + field
}

// fit fits the model to the observations, with a progress line on
// standard error for a fit that takes more than two seconds, then writes
// the fit's diagnostics there, and the convergence warning when there is
// one. The observations are put in date order within each series, as the
// model needs them.
func (f *modelFlags) fit(c *cli, obs []trend.Observation, opt *latent.Options) (*latent.Model, error) {
	ordered := slices.Clone(obs)
	slices.SortStableFunc(ordered, func(a, b trend.Observation) int {
		return cmp.Or(strings.Compare(a.Subject, b.Subject), strings.Compare(a.Area, b.Area), a.Date.Compare(b.Date))
	})
	// The progress line is for a person waiting at a terminal; written to
	// a file or a pipe it would only make the same run say different
	// things.
	var p *progress
	if isTerminal(c.stderr) {
		p = newProgress(c.stderr, "gradewalk "+c.cmd.name, time.Now)
		opt.Progress = p.update
	}
	m, err := latent.Fit(slices.Values(ordered), opt)
	p.finish()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(c.stderr, "gradewalk %s: %s\n", c.cmd.name, m.Diagnostics())
	if w := m.Diagnostics().Warning(); w != nil {
		fmt.Fprintf(c.stderr, "gradewalk %s: %v; longer chains cure it: try -draws %d\n", c.cmd.name, w, moreDraws(m.Diagnostics().Draws, w))
	}
	return m, nil
}

// progress writes the progress of a fit that takes more than two seconds
// on a terminal: one line, redrawn as the fit goes.
type progress struct {
	w      io.Writer
	prefix string
	now    func() time.Time
	start  time.Time
	shown  bool
}

func newProgress(w io.Writer, prefix string, now func() time.Time) *progress {
	return &progress{w: w, prefix: prefix, now: now, start: now()}
}

// progressAfter is how long a fit runs before its progress is shown.
const progressAfter = 2 * time.Second

func (p *progress) update(done, total int) {
	elapsed := p.now().Sub(p.start)
	if elapsed < progressAfter || total <= 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%s: fitting the latent model: %d%% (%d of %d iterations, %s)", p.prefix, 100*done/total, done, total, elapsed.Round(100*time.Millisecond))
	p.shown = true
}

// finish ends the progress line, if one was shown; a nil progress does
// nothing.
func (p *progress) finish() {
	if p != nil && p.shown {
		fmt.Fprintln(p.w)
	}
}

// modelCells returns the columns -model adds to a step or summary: the
// Monte Carlo standard error of p_improved and the change on the common
// ordinal with its 90% interval; empty without a model's reading.
func modelCells(out *rowWriter, r *trend.ModelChange) []string {
	if r == nil {
		return []string{"", "", "", ""}
	}
	return []string{out.number(r.PImprovedSE), out.number(r.Mean), out.number(r.Lo90), out.number(r.Hi90)}
}

// modelColumns are the columns of modelCells.
var modelColumns = []string{"p_improved_se", "latent_change", "latent_change_lo", "latent_change_hi"}
