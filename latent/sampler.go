package latent

import (
	"math"
	"math/rand/v2"
)

// chain is one Markov chain: the state of every parameter and latent
// quality, and the scratch space its updates reuse, so that an iteration
// allocates nothing.
//
// The state is (τ, θ, m, σ, ρ): the padded cut points, the latent quality
// of every node (one series on one date), μ's knots and the two population
// parameters. The latent z of each observation is drawn afresh from its
// full conditional within each iteration, before the updates that use it
// (σ and ρ's, and the paths'); the updates before it see z integrated out.
type chain struct {
	dt  *data
	set *settings
	rng *rand.Rand

	cut   []float64 // padded cut points
	m     []float64 // knots; m[0] = 0
	theta []float64 // per node
	mu    []float64 // μ at each node, kept in step with m
	sigma float64
	rho   float64
	phi   []float64 // per gap: ρ^Δ
	omp   []float64 // per gap: 1-ρ^(2Δ)

	// The current cell of each observation, as cell returns it, and a
	// proposal's, and θ at each observation's node, all in level order
	// (see data.levelStart).
	curLo, curHi   []float64
	propLo, propHi []float64
	levelTheta     []float64

	zbar   []float64 // per node, the mean of its observations' z
	within float64   // Σ over nodes of Σ (z - zbar)²
	// zll caches zLogLik at the current state while zllValid.
	zll      float64
	zllValid bool

	// scratch: the paths' filter, per position; the filters' state per series
	// (see zLogLik); μ's update; the spread move's proposal
	ffMean, ffVar, predVar []float64 // by position (posNodes); predVar holds the inverse
	laneMean               []float64
	lanes                  []laneState
	flushed                []float64 // per node, for zLogLik and shiftFilter
	flushedAt              []int32   // likewise
	gapW                   []float64 // per gap, 1/(σ²(1-ρ^(2Δ))), for μ's update
	q, qChol, qb, qz       []float64
	qFull, qFullB          []float64 // over all knots, knot 0 included
	propCut                []float64
	propPhi, propOmp       []float64

	shifts *shiftSet
	// the shifts' scratch: their precision and linear term, those of the
	// likelihood alone, the filter's state per direction, a factor, a draw
	shiftPrec, shiftPrecL, shiftLin, shiftLinL []float64
	shiftIsv, shiftErr, shiftGain              []float64 // per node, in the filters' order
	shiftInnov                                 []float64 // per direction and node, likewise
	shiftChol, shiftMean, shiftNoise           []float64

	// Metropolis steps, adapted during warm-up: per padded cut the log of
	// its step; the spread move's step and the Cholesky factor of the
	// shape learnt in warm-up, with the sums it is learnt from.
	cutStep    []float64
	spreadStep float64
	spreadL    [3]float64
	spreadSums [6]float64
	// acceptances after warm-up: cut proposals, spread proposals
	accepted, tried [2]float64
}

// laneState is a Kalman filter's state in one lane (one series) as the
// filters run side by side: its filtered mean and variance.
type laneState struct{ mean, variance float64 }

// newChain sets up a chain with its own stream of random numbers and
// starting values spread around a rough fit, so that chains start apart.
func newChain(dt *data, set *settings, shifts *shiftSet, seed uint64, index int) *chain {
	c := &chain{dt: dt, set: set, shifts: shifts}
	c.rng = rand.New(rand.NewPCG(seed, 0x9E3779B97F4A7C15^uint64(index+1)*0xBF58476D1CE4E5B9))
	nNodes, nObs, nCut, nGap := len(dt.nodeKnot), len(dt.obsNode), len(dt.cutKinds), len(dt.gapYears)
	c.cut, c.propCut, c.cutStep = make([]float64, nCut), make([]float64, nCut), make([]float64, nCut)
	c.m = make([]float64, len(dt.knotDay))
	c.theta, c.mu, c.zbar = make([]float64, nNodes), make([]float64, nNodes), make([]float64, nNodes)
	c.curLo, c.curHi = make([]float64, nObs), make([]float64, nObs)
	c.propLo, c.propHi = make([]float64, nObs), make([]float64, nObs)
	c.levelTheta = make([]float64, nObs)
	c.phi, c.omp, c.gapW = make([]float64, nGap), make([]float64, nGap), make([]float64, nGap)
	c.propPhi, c.propOmp = make([]float64, nGap), make([]float64, nGap)
	nSeries := len(dt.seriesStart) - 1
	c.ffMean, c.ffVar, c.predVar = make([]float64, nNodes), make([]float64, nNodes), make([]float64, nNodes)
	c.laneMean, c.lanes = make([]float64, nSeries), make([]laneState, nSeries)
	c.flushed, c.flushedAt = make([]float64, nNodes), make([]int32, nNodes)
	free := len(c.m) - 1
	c.q, c.qChol = make([]float64, free*free), make([]float64, free*free)
	c.qb, c.qz = make([]float64, free), make([]float64, free)
	c.qFull, c.qFullB = make([]float64, (free+1)*(free+1)), make([]float64, free+2)
	g := shifts.nDirs
	c.shiftPrec, c.shiftPrecL, c.shiftChol = make([]float64, g*g), make([]float64, g*g), make([]float64, g*g)
	c.shiftLin, c.shiftLinL = make([]float64, g), make([]float64, g)
	c.shiftIsv, c.shiftErr, c.shiftGain = make([]float64, nNodes), make([]float64, nNodes), make([]float64, nNodes)
	c.shiftInnov = make([]float64, g*nNodes)
	c.shiftMean, c.shiftNoise = make([]float64, g), make([]float64, g)
	c.spreadStep = 0.1
	c.spreadL = [3]float64{1, 0, 1}
	c.init()
	return c
}

// init draws starting values: σ and ρ from wide ranges, each scale's cut
// points from its proportions (as if θ were N(0, σ²)), jittered, and each
// node's θ near the middle of its observations' cells.
func (c *chain) init() {
	dt, rng := c.dt, c.rng
	c.sigma = 0.5 + rng.Float64()
	c.rho = 0.3 + 0.6*rng.Float64()
	spread := math.Sqrt(c.sigma*c.sigma + 1)
	for k, s := range dt.scales {
		base, L := int(dt.cutBase[k]), s.Len()
		n := 0
		for _, v := range dt.counts[k] {
			n += v
		}
		c.cut[base], c.cut[base+L] = math.Inf(-1), math.Inf(1)
		cum := 0
		for j := 1; j < L; j++ {
			cum += dt.counts[k][j-1]
			p := (float64(cum) + 0.5*float64(j)) / (float64(n) + 0.5*float64(L))
			v := spread*normQuantile(p) + 0.1*rng.NormFloat64()
			if j > 1 && v <= c.cut[base+j-1]+0.01 {
				v = c.cut[base+j-1] + 0.01
			}
			c.cut[base+j] = v
			left, right := dt.counts[k][j-1], dt.counts[k][j]
			c.cutStep[base+j] = math.Log(2 / math.Sqrt(float64(left+right)+1))
		}
	}
	frac := c.sigma * c.sigma / (c.sigma*c.sigma + 1)
	for n := range c.theta {
		sum, cnt := 0.0, 0.0
		for o := dt.nodeObs[n]; o < dt.nodeObs[n+1]; o++ {
			lo, hi := c.cut[dt.obsLo[o]], c.cut[dt.obsLo[o]+1]
			switch {
			case math.IsInf(lo, -1):
				sum += hi - 0.5
			case math.IsInf(hi, 1):
				sum += lo + 0.5
			default:
				sum += (lo + hi) / 2
			}
			cnt++
		}
		c.theta[n] = frac*sum/cnt + 0.3*c.sigma*rng.NormFloat64()
	}
	c.setMu()
	c.setPhi(c.rho, c.phi, c.omp)
}

// setMu brings μ at every node in step with the knots.
func (c *chain) setMu() {
	dt := c.dt
	m := c.m
	for n, k := range dt.nodeKnot {
		w := dt.nodeW[n]
		if w == 0 {
			c.mu[n] = m[k]
			continue
		}
		c.mu[n] = (1-w)*m[k] + w*m[k+1]
	}
}

// setPhi computes ρ^Δ and 1-ρ^(2Δ) for every gap.
func (c *chain) setPhi(rho float64, phi, omp []float64) {
	lr := math.Log(rho)
	for g, y := range c.dt.gapYears {
		phi[g] = math.Exp(y * lr)
		omp[g] = -math.Expm1(2 * y * lr)
	}
}

// iterate runs one iteration: the cut points, z, the shifts along
// directions the grades do not see, σ and ρ (spreadMoves times), the paths
// and μ. adapt is the warm-up iteration (from 0), or -1 after warm-up.
func (c *chain) iterate(adapt int) {
	c.stepCuts(adapt)
	c.drawZ()
	c.shift()
	for range spreadMoves {
		c.stepSpread(adapt)
	}
	c.stepPaths()
	c.stepMu()
}

// spreadMoves is how many times an iteration proposes a new σ and ρ: each
// proposal costs one pass of a Kalman filter over the nodes, a few times
// less than the rest of an iteration, and mixing along σ and ρ gains more.
var spreadMoves = 4

// adaptStep moves a log step size during warm-up towards an acceptance
// rate (Robbins–Monro with a decaying gain).
func adaptStep(step *float64, accepted bool, target float64, iter int) {
	gain := 1 / math.Pow(float64(iter)+10, 0.6)
	a := 0.0
	if accepted {
		a = 1
	}
	*step += gain * (a - target)
}

// cutUnit is the unit in which the cut points' prior is written: the
// spread √(σ²+1) of a date's z, so that the prior says the same of the
// shares of grades whatever σ (the default), or 1 with
// Options.CutsFlatOnLatent.
func (c *chain) cutUnit(sigma float64) float64 {
	if c.set.cutsFlatOnLatent {
		return 1
	}
	return math.Sqrt(sigma*sigma + 1)
}

// logCutPrior is the log prior density of a scale's cut points beside
// their order (which the moves keep), in units of unit: flat, with the
// exponential gaps beyond levels never observed and the normal of
// CutScale. It leaves out the factor unit^-(cuts) of the change of units,
// which only the spread move, which changes σ, needs.
func (c *chain) logCutPrior(cut []float64, k int, unit float64) float64 {
	dt := c.dt
	base, L := int(dt.cutBase[k]), dt.scales[k].Len()
	lp := 0.0
	for j := 1; j < L; j++ {
		i := base + j
		switch dt.cutKinds[i] {
		case cutGapUp:
			lp -= (cut[i] - cut[i-1]) / (unit * c.set.endGap)
		case cutGapDown:
			lp -= (cut[i+1] - cut[i]) / (unit * c.set.endGap)
		}
		if c.set.cutScale > 0 {
			z := cut[i] / (unit * c.set.cutScale)
			lp -= z * z / 2
		}
	}
	return lp
}

// stepCuts computes every observation's current cell, then updates each
// cut point in turn by a random-walk Metropolis step with z integrated
// out, as Cowles ("Accelerating Monte Carlo Markov chain convergence for
// cumulative-link generalized linear models", Statistics and Computing,
// 1996) proposed, one cut point at a time: a proposal changes the cells
// of the two levels beside it only, so a sweep over all cut points costs
// one new normal probability per observation and per bound, and each cut
// point is accepted or rejected on its own. A proposal that breaks the
// order of the cut points has prior density 0 and is rejected.
//
// The observations are taken in level order, θ gathered once, so that
// each proposal reads its two levels' cells and θ in sequence; the cells
// of the lowest and highest levels, one of whose bounds is infinite, need
// one normal probability rather than two.
func (c *chain) stepCuts(adapt int) {
	dt, rng := c.dt, c.rng
	cut, theta := c.cut, c.theta
	for i, kind := range dt.cutKinds {
		if i+1 == len(dt.cutKinds) {
			break
		}
		start, end := dt.levelStart[i], dt.levelStart[i+1]
		if start == end {
			continue
		}
		nodes := dt.levelNode[start:end]
		ths, curLo, curHi := c.levelTheta[start:end], c.curLo[start:end], c.curHi[start:end]
		lower, upper := cut[i], cut[i+1]
		// An observation's cell is cell(lower-θ, upper-θ), whose bounds are
		// written first and replaced by their normal probabilities in one
		// pass (normCDFs); Φ(-Inf) = 0 and Φ(+Inf) = 1 exactly.
		for p, n := range nodes {
			ths[p] = theta[n]
		}
		switch bottom, top := kind == cutFixed, dt.cutKinds[i+1] == cutFixed; {
		case bottom && top:
			for p := range curLo {
				curLo[p], curHi[p] = 0, 1
			}
		case bottom:
			for p, th := range ths {
				curLo[p], curHi[p] = 0, upper-th
			}
			normCDFs(curHi)
		case top:
			// One bound is finite: Φ(a), or Φ(-a) mirrored when a > 0.
			finite := c.propLo[start:end] // free until the proposals
			for p, th := range ths {
				a := lower - th
				if a > 0 {
					a = -a
				}
				finite[p] = a
			}
			normCDFs(finite)
			for p, th := range ths {
				if lower-th > 0 {
					curLo[p], curHi[p] = 0, finite[p]
				} else {
					curLo[p], curHi[p] = finite[p], 1
				}
			}
		default:
			for p, th := range ths {
				if a, b := lower-th, upper-th; a > 0 { // mirrored, as cell
					curLo[p], curHi[p] = -b, -a
				} else {
					curLo[p], curHi[p] = a, b
				}
			}
			normCDFs(curLo)
			normCDFs(curHi)
		}
	}
	for k, s := range dt.scales {
		base := int(dt.cutBase[k])
		for j := 1; j < s.Len(); j++ {
			c.stepCut(k, base+j, adapt, rng)
		}
	}
}

// stepCut proposes a new value for padded cut point i of scale k.
func (c *chain) stepCut(k, i, adapt int, rng *rand.Rand) {
	dt, cut := c.dt, c.cut
	old := cut[i]
	prop := old + math.Exp(c.cutStep[i])*rng.NormFloat64()
	ok := false
	if lower, upper := cut[i-1], cut[i+1]; prop > lower && prop < upper {
		unit := c.cutUnit(c.sigma)
		lp := -c.logCutPrior(cut, k, unit)
		cut[i] = prop
		lp += c.logCutPrior(cut, k, unit)
		cut[i] = old
		// The likelihood ratio is the product of the cells' new masses
		// over their old ones: two products, rescaled into a log sum
		// before they leave the range of float64, spare a division per
		// observation.
		llr, num, den := 0.0, 1.0, 1.0
		// The level below the cut: its upper bound moves.
		b0, b1 := dt.levelStart[i-1], dt.levelStart[i]
		ths, curLo, curHi := c.levelTheta[b0:b1], c.curLo[b0:b1], c.curHi[b0:b1]
		propLo, propHi := c.propLo[b0:b1], c.propHi[b0:b1]
		for p, th := range ths {
			pl, ph := curLo[p], curHi[p]
			if lower-th > 0 { // mirrored: lo is Φ(-b)
				pl = normCDF(th - prop)
			} else {
				ph = normCDF(prop - th)
			}
			propLo[p], propHi[p] = pl, ph
			num *= ph - pl
			den *= curHi[p] - curLo[p]
			if num < 1e-150 || den < 1e-150 {
				llr += math.Log(num) - math.Log(den)
				num, den = 1, 1
			}
		}
		// The level above: its lower bound moves.
		a0, a1 := b1, dt.levelStart[i+1]
		ths, curLo, curHi = c.levelTheta[a0:a1], c.curLo[a0:a1], c.curHi[a0:a1]
		propLo, propHi = c.propLo[a0:a1], c.propHi[a0:a1]
		for p, th := range ths {
			a, aNew := old-th, prop-th
			pl, ph := curLo[p], curHi[p]
			switch {
			case a > 0 && aNew > 0:
				ph = normCDF(-aNew)
			case a <= 0 && aNew <= 0:
				pl = normCDF(aNew)
			default:
				pl, ph = cell(aNew, upper-th)
			}
			propLo[p], propHi[p] = pl, ph
			num *= ph - pl
			den *= curHi[p] - curLo[p]
			if num < 1e-150 || den < 1e-150 {
				llr += math.Log(num) - math.Log(den)
				num, den = 1, 1
			}
		}
		llr += math.Log(num) - math.Log(den)
		ok = math.Log(rng.Float64()) < llr+lp
		if ok {
			cut[i] = prop
			copy(c.curLo[b0:a1], c.propLo[b0:a1])
			copy(c.curHi[b0:a1], c.propHi[b0:a1])
		}
	}
	if adapt >= 0 {
		adaptStep(&c.cutStep[i], ok, 0.44, adapt)
	} else {
		c.tried[0]++
		if ok {
			c.accepted[0]++
		}
	}
}

// drawZ draws each observation's z from its normal truncated to its cell
// (Albert and Chib, 1993) and keeps, per node, the mean of its z, and the
// sum over nodes of the squared deviations of z from their node's mean.
func (c *chain) drawZ() {
	dt, rng := c.dt, c.rng
	cut, theta := c.cut, c.theta
	obsLo, nodeObs, levelPos := dt.obsLo, dt.nodeObs, dt.obsLevelPos
	curLo, curHi := c.curLo, c.curHi
	within := 0.0
	for n, th := range theta {
		o0, o1 := nodeObs[n], nodeObs[n+1]
		if o1-o0 == 1 {
			lo, p := obsLo[o0], levelPos[o0]
			c.zbar[n] = th + drawCell(rng, cut[lo]-th, cut[lo+1]-th, curLo[p], curHi[p])
			continue
		}
		sum, sum2 := 0.0, 0.0
		for o := o0; o < o1; o++ {
			lo, p := obsLo[o], levelPos[o]
			e := drawCell(rng, cut[lo]-th, cut[lo+1]-th, curLo[p], curHi[p])
			sum += e
			sum2 += e * e
		}
		k := float64(o1 - o0)
		c.zbar[n] = th + sum/k
		within += sum2 - sum*sum/k
	}
	c.within = within
	c.zllValid = false
}

// zLogLik is the log density of the z, θ integrated out, given σ (as its
// square v), the per-gap ρ^Δ and 1-ρ^(2Δ), μ at every node and a factor
// by which every z and μ is multiplied: a Kalman filter's prediction
// errors over each series, and the deviations within nodes (constants
// dropped).
//
// The filter of one series is a chain of dependent operations, a division
// among them, and so waits on each in turn. The filters of different
// series are independent, so they run side by side: position j of every
// series long enough, then position j+1, each series' state kept in
// lanes. The processor then overlaps the work of many
// series, which makes the filters several times faster than one series
// after another.
func (c *chain) zLogLik(v float64, phi, omp []float64, scale float64) float64 {
	dt := c.dt
	zbar, mu := c.zbar, c.mu
	ll := -scale * scale * c.within / 2
	prod := 1.0 // of the prediction variances, whose logs are summed
	sq := 0.0   // Σ e²/var
	// The products that near the ends of float64's range are set aside, at
	// most one per node, and their logs taken after the loop, in order: a
	// call within the loop would have the compiler keep the loop's state
	// in memory rather than in registers.
	flushed, nf := c.flushed, 0
	for j, active := range dt.longer {
		nodes := dt.filterPos[dt.posStart[j]:dt.posStart[j+1]]
		lanes := c.lanes[:active]
		lanes = lanes[:len(nodes)]
		for k, node := range nodes {
			pm, pp := 0.0, v
			if j > 0 {
				g, lane := node.gap, lanes[k]
				f := phi[g]
				pm, pp = f*lane.mean, f*f*lane.variance+v*omp[g]
			}
			n := node.node
			y := scale * (zbar[n] - mu[n])
			sv := pp + node.invCnt
			isv := 1 / sv
			e := y - pm
			sq += e * e * isv
			if prod *= sv; prod > 1e150 || prod < 1e-150 {
				flushed[nf] = prod
				nf++
				prod = 1
			}
			gain := pp * isv
			lanes[k] = laneState{pm + gain*e, pp - gain*pp}
		}
	}
	for _, x := range flushed[:nf] {
		ll -= math.Log(x) / 2
	}
	return ll - math.Log(prod)/2 - sq/2
}

// stepSpread proposes new σ and ρ with θ integrated out given z, and with
// every z, μ's knots and the cut points multiplied by
// r = √((σ'²+1)/(σ²+1)), the ratio of the new to the old spread of a
// date's z: each z stays in its cell, each date's distribution of grades
// is as it was, and only the persistence of the z within series judges
// the proposal. The updates given θ cross this direction slowly, because
// θ pins σ and ρ and they pin θ, and the likelihood flattens out towards
// large σ (grades that reflect θ almost without noise) rather than
// falling, so that the posterior of σ often has a long tail. The
// proposal is a random walk on (log σ, logit ρ) whose shape is learnt
// during warm-up. θ is drawn afresh from the z afterwards.
func (c *chain) stepSpread(adapt int) {
	dt, rng := c.dt, c.rng
	z1, z2 := rng.NormFloat64(), rng.NormFloat64()
	du := c.spreadStep * (c.spreadL[0] * z1)
	dv := c.spreadStep * (c.spreadL[1]*z1 + c.spreadL[2]*z2)
	u, v := math.Log(c.sigma), math.Log(c.rho)-math.Log1p(-c.rho)
	sigma2 := math.Exp(u + du)
	rho2 := 1 / (1 + math.Exp(-(v + dv)))
	if !(rho2 > 0 && rho2 < 1) || !(sigma2 > 0) || math.IsInf(sigma2, 0) {
		c.adaptSpread(adapt, false)
		return
	}
	r := math.Sqrt((sigma2*sigma2 + 1) / (c.sigma*c.sigma + 1))
	c.setPhi(rho2, c.propPhi, c.propOmp)
	if !c.zllValid {
		c.zll = c.zLogLik(c.sigma*c.sigma, c.phi, c.omp, 1)
		c.zllValid = true
	}
	newLL := c.zLogLik(sigma2*sigma2, c.propPhi, c.propOmp, r)
	lp := newLL - c.zll
	sc2 := 2 * c.set.sigmaScale * c.set.sigmaScale
	lp += -(sigma2*sigma2 - c.sigma*c.sigma) / sc2
	lp += du                         // the Jacobian of log σ
	a1, b1 := c.set.rhoA, c.set.rhoB // with the Jacobian of logit ρ: ρ^a (1-ρ)^b
	lp += a1*(math.Log(rho2)-math.Log(c.rho)) + b1*(math.Log1p(-rho2)-math.Log1p(-c.rho))
	// The Jacobian of the z, the knots after the first and the cut points.
	lp += float64(len(dt.obsNode)+len(c.m)-1+dt.interiorCuts()) * math.Log(r)
	ss := 0.0
	for i := 1; i < len(c.m); i++ {
		d := c.m[i] - c.m[i-1]
		ss += d * d
	}
	lp -= (r*r - 1) * ss / (2 * c.set.lambda * c.set.lambda)
	for i, x := range c.cut {
		c.propCut[i] = r * x // ±Inf stay
	}
	// The cut points' prior. In units of the spread it does not change,
	// since the cut points and the spread both grow by r; what is left is
	// the change of units, r^-(cuts), which cancels their Jacobian.
	if c.set.cutsFlatOnLatent {
		for k := range dt.scales {
			lp += c.logCutPrior(c.propCut, k, 1) - c.logCutPrior(c.cut, k, 1)
		}
	} else {
		lp -= float64(dt.interiorCuts()) * math.Log(r)
	}
	ok := math.Log(rng.Float64()) < lp
	if ok {
		copy(c.cut, c.propCut)
		for n := range c.zbar {
			c.zbar[n] *= r
		}
		c.within *= r * r
		for i := range c.m {
			c.m[i] *= r
		}
		c.sigma, c.rho = sigma2, rho2
		c.setMu()
		copy(c.phi, c.propPhi)
		copy(c.omp, c.propOmp)
		c.zll = newLL
	}
	c.adaptSpread(adapt, ok)
}

// adaptSpread tunes stepSpread's proposal during warm-up: its size towards
// an acceptance of 0.3 throughout, and its shape, from the draws of
// (log σ, logit ρ) in the first part of warm-up, at its middle.
func (c *chain) adaptSpread(adapt int, ok bool) {
	if adapt < 0 {
		c.tried[1]++
		if ok {
			c.accepted[1]++
		}
		return
	}
	ls := math.Log(c.spreadStep)
	adaptStep(&ls, ok, 0.3, adapt)
	c.spreadStep = math.Exp(ls)
	w := c.set.warmup
	u, v := math.Log(c.sigma), math.Log(c.rho)-math.Log1p(-c.rho)
	switch {
	case adapt >= w/5 && adapt < w/2:
		s := &c.spreadSums
		s[0]++
		s[1] += u
		s[2] += v
		s[3] += u * u
		s[4] += u * v
		s[5] += v * v
	case adapt == w/2 && c.spreadSums[0] > 10:
		s := c.spreadSums
		n := s[0]
		mu, mv := s[1]/n, s[2]/n
		vuu, vuv, vvv := s[3]/n-mu*mu, s[4]/n-mu*mv, s[5]/n-mv*mv
		if vuu > 1e-8 && vvv > 1e-8 && vuu*vvv-vuv*vuv > 1e-12 {
			l0 := math.Sqrt(vuu)
			l1 := vuv / l0
			l2 := math.Sqrt(vvv - l1*l1)
			c.spreadL = [3]float64{l0, l1, l2}
			c.spreadStep = 2.38 / math.Sqrt2
		}
	}
}

// stepPaths draws each series' path of deviations from μ, given the z, by
// forward filtering, backward sampling (Carter and Kohn, 1994;
// Frühwirth-Schnatter, 1994): given z, a series is a linear Gaussian
// state-space model, the state its AR(1) deviation and the observations
// at a node their mean, with variance 1/(the node's count). The series
// run side by side, as in zLogLik, forward and then backward.
func (c *chain) stepPaths() {
	dt, rng := c.dt, c.rng
	theta, mu, zbar, phi, omp := c.theta, c.mu, c.zbar, c.phi, c.omp
	v := c.sigma * c.sigma
	// The filter's state, by position in the filters' order (posNodes).
	fm, fv, pv := c.ffMean, c.ffVar, c.predVar
	// Forward: filter.
	for j := range dt.longer {
		start, end := dt.posStart[j], dt.posStart[j+1]
		means, vars, preds := fm[start:end], fv[start:end], pv[start:end]
		var prevMeans, prevVars []float64 // the lanes' previous position
		if j > 0 {
			prev := dt.posStart[j-1]
			prevMeans, prevVars = fm[prev:prev+end-start], fv[prev:prev+end-start]
		}
		for k, node := range dt.filterPos[start:end] {
			n, ic := node.node, node.invCnt
			y := zbar[n] - mu[n]
			pm, pp := 0.0, v
			if j > 0 {
				g := node.gap
				f := phi[g]
				pm, pp = f*prevMeans[k], f*f*prevVars[k]+v*omp[g]
			}
			// Update with y, whose variance is 1/(the node's count); one
			// division gives both 1/(pp+ic) and 1/pp, the inverse of the
			// prediction's variance, for the backward pass.
			inv := 1 / (pp * (pp + ic))
			isv := pp * inv
			means[k] = pm + pp*isv*(y-pm)
			vars[k] = pp * ic * isv
			preds[k] = (pp + ic) * inv
		}
	}
	// Backward: sample, from each series' last node to its first; the
	// lane's deviation drawn at the node after is in laneMean.
	x := c.laneMean
	for j := len(dt.longer) - 1; j >= 0; j-- {
		start, end := dt.posStart[j], dt.posStart[j+1]
		means, vars := fm[start:end], fv[start:end]
		after := 0 // how many lanes go on past position j
		var nextNodes []filterPos
		var nextPreds []float64
		if j+1 < len(dt.longer) {
			after = int(dt.longer[j+1])
			next := dt.posStart[j+1]
			nextNodes, nextPreds = dt.filterPos[next:next+int32(after)], pv[next:next+int32(after)]
		}
		for k, n := range dt.posNodes[start:end] {
			if k >= after { // the series' last node
				x[k] = means[k] + math.Sqrt(vars[k])*rng.NormFloat64()
				theta[n] = mu[n] + x[k]
				continue
			}
			f := phi[nextNodes[k].gap]
			gainB := vars[k] * f * nextPreds[k]
			mean := means[k] + gainB*(x[k]-f*means[k])
			vr := vars[k] * (1 - gainB*f)
			if vr < 0 {
				vr = 0
			}
			x[k] = mean + math.Sqrt(vr)*rng.NormFloat64()
			theta[n] = mu[n] + x[k]
		}
	}
}

// stepMu draws μ's knots from their full conditional given the paths: a
// Gaussian, since every node's θ is a linear function of the knots plus
// AR(1) noise, and the random walk is Gaussian too. m[0] stays 0.
func (c *chain) stepMu() {
	free := len(c.m) - 1
	if free == 0 {
		return
	}
	c.muPrecision()
	q, qb := c.q, c.qb
	// m = Q⁻¹b + L⁻ᵀξ, with Q = LLᵀ.
	if !cholesky(c.qChol, q, free) {
		return // not positive definite by rounding: keep the knots
	}
	mean := c.qz
	copy(mean, qb)
	solveLower(c.qChol, mean, free)
	solveUpper(c.qChol, mean, free) // mean = Q⁻¹b
	noise := q[:free]               // q is no longer needed
	for i := range noise {
		noise[i] = c.rng.NormFloat64()
	}
	solveUpper(c.qChol, noise, free)
	for i := range free {
		c.m[i+1] = mean[i] + noise[i]
	}
	c.setMu()
}

// muPrecision computes the precision Q (into q) and the linear term b
// (into qb) of the free knots' Gaussian full conditional given θ.
func (c *chain) muPrecision() {
	free := len(c.m) - 1
	dt, mq := c.dt, c.dt.muQ
	q, qb := c.q, c.qb
	clear(q)
	clear(qb)
	il2 := 1 / (c.set.lambda * c.set.lambda)
	for i := range free { // the random walk; knot i+1 is free index i
		q[i*free+i] += il2
		if i > 0 {
			q[(i-1)*free+i-1] += il2
			q[i*free+i-1] -= il2
			q[(i-1)*free+i] -= il2
		}
	}
	// The precision over all K knots (knot 0 is dropped below): the first
	// nodes', then each gap's terms, which the data fix up to φ and σ.
	nk := free + 1
	full, fb := c.qFull, c.qFullB
	v := c.sigma * c.sigma
	for i, x := range mq.first {
		full[i] = x / v
	}
	gapW := c.gapW
	for g, e := range mq.gapStart[:len(mq.gapStart)-1] {
		f := c.phi[g]
		w := 1 / (v * c.omp[g])
		gapW[g] = w
		for _, t := range mq.terms[e:mq.gapStart[g+1]] {
			x := (t.a - f*t.b + f*f*t.c) * w
			full[t.at] += x
			if t.at != t.mirror {
				full[t.mirror] += x
			}
		}
	}
	// The linear term: Σ a·r/var over the nodes, a the node's weights on
	// the knots less φ times its predecessor's, r = θ - φθ₋₁.
	clear(fb)
	theta, nodeKnot, nodeW, nodeGap := c.theta, dt.nodeKnot, dt.nodeW, dt.nodeGap
	for s := 0; s+1 < len(dt.seriesStart); s++ {
		a, b := int(dt.seriesStart[s]), int(dt.seriesStart[s+1])
		k, w := nodeKnot[a], nodeW[a]
		r := theta[a] / v
		fb[k] += (1 - w) * r
		fb[k+1] += w * r // fb has a spare entry for k = K-1
		for n := a + 1; n < b; n++ {
			g := nodeGap[n]
			f := c.phi[g]
			r := (theta[n] - f*theta[n-1]) * gapW[g]
			k, w := nodeKnot[n], nodeW[n]
			kp, wp := nodeKnot[n-1], nodeW[n-1]
			fb[k] += (1 - w) * r
			fb[k+1] += w * r
			fb[kp] -= f * (1 - wp) * r
			fb[kp+1] -= f * wp * r
		}
	}
	for i := range free {
		qb[i] += fb[i+1]
		row := full[(i+1)*nk+1 : (i+1)*nk+nk]
		for j, x := range row {
			q[i*free+j] += x
		}
	}
}

// cholesky writes the lower Cholesky factor of the n×n matrix a into l; it
// reports false when a is not positive definite.
func cholesky(l, a []float64, n int) bool {
	clear(l)
	for i := range n {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if !(s > 0) {
					return false
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	return true
}

// solveLower solves L x = b in place.
func solveLower(l, b []float64, n int) {
	for i := range n {
		s := b[i]
		for k := range i {
			s -= l[i*n+k] * b[k]
		}
		b[i] = s / l[i*n+i]
	}
}

// solveUpper solves Lᵀ x = b in place.
func solveUpper(l, b []float64, n int) {
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * b[k]
		}
		b[i] = s / l[i*n+i]
	}
}
