package latent

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gradewalk/gradewalk/trend"
)

// Fit fits the model to the observations and returns it. A nil opt means
// the defaults. The observations of each subject and area must come in
// the order of their Date (other series may come in between), as
// [trend.Group] orders them, but for dates whose spans overlap: Group
// keeps the input's order for a year and a month within it ("2017" and
// "2017-03"), which may put the later Date first, so such input is best
// sorted by Date within each series (the command line does so). With
// Options.PoolAreas, each subject's areas are merged by date. Observations
// of one series on the same day share one latent quality.
//
// Errors: an [*ObservationError] for an observation with no date or
// grade, or whose scale is not in the registry (ErrUnknownScale); an
// [*OrderError] for a series out of date order; a [*ScaleError] for a scale
// of which only one level was observed; an [*OptionError] for an option out
// of range; ErrEmpty when there is no observation; ErrSpan when the dates
// span more than 300 years; and the context's error when it is cancelled.
// Chains that have not converged are not an error: see
// [Model.Diagnostics].
func Fit(obs iter.Seq[trend.Observation], opt *Options) (*Model, error) {
	set, err := opt.settings()
	if err != nil {
		return nil, err
	}
	return fit(obs, set)
}

// FitContext is [Fit] with a context that cancels it; it overrides
// Options.Context.
func FitContext(ctx context.Context, obs iter.Seq[trend.Observation], opt *Options) (*Model, error) {
	set, err := opt.settings()
	if err != nil {
		return nil, err
	}
	set.ctx = ctx
	return fit(obs, set)
}

// chainRecord is what one chain keeps: every draw of the scalar parameters
// and, for the kept draws, θ at every named node.
type chainRecord struct {
	params []float64 // draws × nParams
	theta  []float32 // kept × namedNodes
}

func fit(obs iter.Seq[trend.Observation], set *settings) (*Model, error) {
	if err := set.ctx.Err(); err != nil {
		return nil, fmt.Errorf("latent: fit: %w", err)
	}
	dt, err := build(obs, set)
	if err != nil {
		return nil, err
	}
	shifts := buildShifts(dt)
	nParams := dt.interiorCuts() + len(dt.knotDay) - 1 + 2
	keepPer := min(set.draws, (set.keep+set.chains-1)/set.chains)
	recs := make([]chainRecord, set.chains)
	total := set.chains * (set.warmup + set.draws)
	var done atomic.Int64
	errs := make([]error, set.chains)
	var wg sync.WaitGroup
	finished := make(chan struct{})
	started := time.Now()
	for ch := range set.chains {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs[ch] = chainRecord{
				params: make([]float64, set.draws*nParams),
				theta:  make([]float32, keepPer*dt.namedNodes),
			}
			c := newChain(dt, set, shifts, set.seed, ch)
			errs[ch] = c.run(set, &recs[ch], nParams, keepPer, &done)
		}()
	}
	go func() { wg.Wait(); close(finished) }()
	if set.progress != nil {
		tick := time.NewTicker(100 * time.Millisecond)
	wait:
		for {
			select {
			case <-finished:
				break wait
			case <-tick.C:
				set.progress(int(done.Load()), total)
			}
		}
		tick.Stop()
		set.progress(int(done.Load()), total)
	} else {
		<-finished
	}
	for _, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("latent: fit: %w", err)
		}
	}
	return newModel(dt, set, recs, nParams, keepPer, time.Since(started)), nil
}

// run runs the chain's warm-up and draws, recording them. It checks for
// cancellation at every iteration.
func (c *chain) run(set *settings, rec *chainRecord, nParams, keepPer int, done *atomic.Int64) error {
	ctxDone := set.ctx.Done()
	check := func() error {
		done.Add(1)
		select {
		case <-ctxDone:
			return set.ctx.Err()
		default:
			return nil
		}
	}
	for it := range set.warmup {
		if err := check(); err != nil {
			return err
		}
		c.iterate(it)
	}
	next := 0 // the next kept draw
	nodes := c.dt.namedNodes
	for d := range set.draws {
		if err := check(); err != nil {
			return err
		}
		c.iterate(-1)
		c.params(rec.params[d*nParams : (d+1)*nParams])
		if next < keepPer && d == keptDraw(next, keepPer, set.draws) {
			th := rec.theta[next*nodes : (next+1)*nodes]
			for n := range th {
				th[n] = float32(c.theta[n])
			}
			next++
		}
	}
	return nil
}

// keptDraw is the draw, from 0, kept as the j-th of keepPer in a chain of
// draws: evenly spaced, the last draw last.
func keptDraw(j, keepPer, draws int) int { return (j+1)*draws/keepPer - 1 }

// params writes the scalar parameters: the finite cut points of every
// scale in order, μ's knots after the first, σ and ρ.
func (c *chain) params(out []float64) {
	i := 0
	for k, s := range c.dt.scales {
		base := int(c.dt.cutBase[k])
		for j := 1; j < s.Len(); j++ {
			out[i] = c.cut[base+j]
			i++
		}
	}
	for _, v := range c.m[1:] {
		out[i] = v
		i++
	}
	out[i], out[i+1] = c.sigma, c.rho
}
