package latent

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"
)

// Thresholds of a [ConvergenceWarning], after Vehtari et al. (2021).
const (
	MaxRhat = 1.05
	MinESS  = 400
)

// Diagnostics says how well the chains mixed: for each cut point, μ's
// knots after the first (which is fixed at 0), σ and ρ, the rank-normalised
// split-R̂ and bulk effective sample size of Vehtari, Gelman, Simpson,
// Carpenter and Bürkner (2021).
type Diagnostics struct {
	Chains int // chains run
	Warmup int // warm-up iterations per chain
	Draws  int // draws per chain after warm-up
	// Elapsed is how long the chains took.
	Elapsed time.Duration
	params  []Diagnostic
}

// Diagnostic is one parameter's summary and convergence diagnostics.
type Diagnostic struct {
	// Name is "cut SCALE LOWER|UPPER" for the cut point between two levels,
	// "mu YYYY-MM-DD" for a knot, "sigma" or "rho".
	Name      string
	Mean, SD  float64
	Rhat, ESS float64
}

// Params yields the diagnostics of every parameter: the cut points of
// each scale, the knots, σ and ρ.
func (d Diagnostics) Params() iter.Seq[Diagnostic] { return slices.Values(d.params) }

// Warning returns the parameters whose R̂ exceeds MaxRhat or whose ESS is
// under MinESS, or nil when there are none.
func (d Diagnostics) Warning() *ConvergenceWarning {
	var bad []Diagnostic
	for _, p := range d.params {
		if !(p.Rhat <= MaxRhat) || !(p.ESS >= MinESS) {
			bad = append(bad, p)
		}
	}
	if bad == nil {
		return nil
	}
	return &ConvergenceWarning{Params: bad, Draws: d.Chains * d.Draws}
}

// Worst returns the largest R̂ and the smallest ESS over the parameters.
func (d Diagnostics) Worst() (rhat, ess float64) {
	rhat, ess = 0, math.Inf(1)
	for _, p := range d.params {
		rhat = max(rhat, p.Rhat)
		ess = min(ess, p.ESS)
	}
	return rhat, ess
}

// String sums the diagnostics up in one line: the chains and draws, the
// largest R̂ and the smallest ESS. It leaves out Elapsed, so that the same
// fit always says the same.
func (d Diagnostics) String() string {
	rhat, ess := d.Worst()
	return fmt.Sprintf("latent: %d chains × %d draws (after %d warm-up): largest R̂ %.3f, smallest bulk ESS %.0f over %d parameters",
		d.Chains, d.Draws, d.Warmup, rhat, ess, len(d.params))
}

// ConvergenceWarning reports parameters whose chains may not have mixed:
// R̂ over MaxRhat or bulk ESS under MinESS. It is a warning, never returned
// by Fit as its error: the fit is usable, but its Monte Carlo error may be
// larger than it seems. Run longer chains (Options.Draws) to cure it. It
// implements error so that a caller can print or wrap it as one.
type ConvergenceWarning struct {
	Params []Diagnostic
	Draws  int // over all chains
}

// Error lists the parameters at fault.
func (w *ConvergenceWarning) Error() string {
	parts := make([]string, len(w.Params))
	for i, p := range w.Params {
		parts[i] = fmt.Sprintf("%s (R̂ %.3f, ESS %.0f)", p.Name, p.Rhat, p.ESS)
	}
	return fmt.Sprintf("latent: warning: %d of the parameters may not have converged in %d draws (want R̂ ≤ %g and ESS ≥ %d): %s",
		len(w.Params), w.Draws, MaxRhat, MinESS, strings.Join(parts, "; "))
}

// Diagnostics returns the fit's convergence diagnostics.
func (m *Model) Diagnostics() Diagnostics { return m.diag }

// paramNames names the scalar parameters in the order chain.params writes
// them.
func (m *Model) paramNames() []string {
	dt := m.dt
	var names []string
	for _, s := range dt.scales {
		for j := 1; j < s.Len(); j++ {
			lo, _ := s.Level(j)
			hi, _ := s.Level(j + 1)
			names = append(names, "cut "+s.ID()+" "+lo.Label()+"|"+hi.Label())
		}
	}
	for _, d := range dt.knotDay[1:] {
		names = append(names, "mu "+day(dateOf(d)))
	}
	return append(names, "sigma", "rho")
}

func (m *Model) diagnose(elapsed time.Duration) Diagnostics {
	d := Diagnostics{Chains: m.set.chains, Warmup: m.set.warmup, Draws: m.set.draws, Elapsed: elapsed}
	chains := make([][]float64, m.set.chains)
	for ch := range chains {
		chains[ch] = make([]float64, m.set.draws)
	}
	for p, name := range m.paramNames() {
		all := make([]float64, 0, m.set.chains*m.set.draws)
		for ch, ps := range m.params {
			for i := range m.set.draws {
				chains[ch][i] = ps[i*m.nParams+p]
			}
			all = append(all, chains[ch]...)
		}
		mean, v := meanVar(all)
		rhat, ess := rankDiagnostics(chains)
		d.params = append(d.params, Diagnostic{Name: name, Mean: mean, SD: math.Sqrt(v), Rhat: rhat, ESS: ess})
	}
	return d
}
