package latent

import (
	"math"
	"slices"
)

// Convergence diagnostics after Vehtari, Gelman, Simpson, Carpenter and
// Bürkner, "Rank-normalization, folding, and localization: an improved R̂
// for assessing convergence of MCMC" (Bayesian Analysis, 2021): split each
// chain in two, replace the draws by the normal scores of their ranks over
// all chains, and compute R̂ and the effective sample size of those; R̂ is
// the larger of that for the draws and for their distances from the median
// (which catches chains that differ in spread), and the bulk ESS is that of
// the rank-normalised draws.

// rankDiagnostics returns the rank-normalised split-R̂ and bulk ESS of
// draws given per chain, all chains of one length. Draws that do not vary
// give NaN for both.
func rankDiagnostics(chains [][]float64) (rhat, ess float64) {
	split := splitChains(chains)
	z := rankNormalise(split)
	if z == nil {
		return math.NaN(), math.NaN()
	}
	all := slices.Concat(split...)
	med := quantile(slices.Clone(all), 0.5)
	folded := make([][]float64, len(split))
	for i, ch := range split {
		folded[i] = make([]float64, len(ch))
		for j, v := range ch {
			folded[i][j] = math.Abs(v - med)
		}
	}
	rhat = basicRhat(z)
	if zf := rankNormalise(folded); zf != nil {
		rhat = max(rhat, basicRhat(zf))
	}
	return rhat, basicESS(z)
}

// splitChains halves each chain, dropping the middle draw of an odd one.
func splitChains(chains [][]float64) [][]float64 {
	out := make([][]float64, 0, 2*len(chains))
	for _, ch := range chains {
		h := len(ch) / 2
		out = append(out, ch[:h], ch[len(ch)-h:])
	}
	return out
}

// rankNormalise replaces each draw by Φ⁻¹((r - 3/8)/(S + 1/4)), r its rank
// among all S draws (ties averaged); nil when all draws are equal.
func rankNormalise(chains [][]float64) [][]float64 {
	type item struct {
		v    float64
		c, i int
	}
	var items []item
	for c, ch := range chains {
		for i, v := range ch {
			items = append(items, item{v, c, i})
		}
	}
	if len(items) == 0 {
		return nil
	}
	slices.SortFunc(items, func(a, b item) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	if items[0].v == items[len(items)-1].v {
		return nil
	}
	out := make([][]float64, len(chains))
	for c, ch := range chains {
		out[c] = make([]float64, len(ch))
	}
	s := float64(len(items))
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && items[j].v == items[i].v {
			j++
		}
		r := float64(i+j+1) / 2 // average of ranks i+1..j
		z := exactQuantile((r - 0.375) / (s + 0.25))
		for _, it := range items[i:j] {
			out[it.c][it.i] = z
		}
		i = j
	}
	return out
}

// basicRhat is the potential scale reduction factor of chains of equal
// length.
func basicRhat(chains [][]float64) float64 {
	n := float64(len(chains[0]))
	means := make([]float64, len(chains))
	within := 0.0
	for c, ch := range chains {
		mean, v := meanVar(ch)
		means[c] = mean
		within += v
	}
	within /= float64(len(chains))
	_, between := meanVar(means)
	between *= n
	return math.Sqrt((between/within + n - 1) / n)
}

// meanVar returns the mean and the variance (divisor n-1) of xs.
func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	if len(xs) > 1 {
		variance /= float64(len(xs) - 1)
	}
	return mean, variance
}

// basicESS is the effective sample size of chains of equal length, with
// Geyer's initial positive and monotone sequences over autocorrelations
// pooled across chains, as in Stan and the R package posterior.
func basicESS(chains [][]float64) float64 {
	m := len(chains)
	n := len(chains[0])
	if n < 4 {
		return math.NaN()
	}
	means := make([]float64, m)
	for c, ch := range chains {
		means[c], _ = meanVar(ch)
	}
	// autocov returns the mean over chains of the lag-t autocovariance
	// (divisor n).
	autocov := func(t int) float64 {
		s := 0.0
		for c, ch := range chains {
			mu := means[c]
			a := 0.0
			for i := 0; i+t < n; i++ {
				a += (ch[i] - mu) * (ch[i+t] - mu)
			}
			s += a / float64(n)
		}
		return s / float64(m)
	}
	fn := float64(n)
	meanVarW := autocov(0) * fn / (fn - 1)
	varPlus := meanVarW * (fn - 1) / fn
	if m > 1 {
		_, vb := meanVar(means)
		varPlus += vb
	}
	if !(varPlus > 0) {
		return math.NaN()
	}
	rhoAt := func(t int) float64 { return 1 - (meanVarW-autocov(t))/varPlus }
	rho := make([]float64, n+1)
	rho[0] = 1
	even, odd := 1.0, rhoAt(1)
	rho[1] = odd
	t := 0
	for t < n-5 && even+odd > 0 {
		t += 2
		even, odd = rhoAt(t), rhoAt(t+1)
		if even+odd >= 0 {
			rho[t], rho[t+1] = even, odd
		}
	}
	maxT := t
	if even > 0 {
		rho[maxT] = even
	}
	for t = 0; t <= maxT-4; {
		t += 2
		if rho[t]+rho[t+1] > rho[t-2]+rho[t-1] {
			rho[t] = (rho[t-2] + rho[t-1]) / 2
			rho[t+1] = rho[t]
		}
	}
	sum := 0.0
	for _, r := range rho[:maxT] {
		sum += r
	}
	total := float64(m * n)
	tau := -1 + 2*sum + rho[maxT]
	tau = max(tau, 1/math.Log10(total))
	return total / tau
}

// quantile is the q-th quantile of xs by R's default rule (type 7),
// sorting xs in place.
func quantile(xs []float64, q float64) float64 {
	slices.Sort(xs)
	return sortedQuantile(xs, q)
}

// sortedQuantile is quantile for xs already sorted.
func sortedQuantile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i >= len(xs)-1 {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}
