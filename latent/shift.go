package latent

import "math"

// Shifts move the chain within a space on which the grades' likelihood does
// not change: add c_j to every cut point of group j of the scales and to
// the z of every observation on them, and Σ c_j·β_j to μ's knots. Each z
// stays in its cell, so only the z's density (θ integrated out), μ's
// random walk and the cut points' prior see c, and all are Gaussian in c:
// c is drawn exactly from its conditional, a Gibbs step within the space
// (Liu and Sabatti, "Generalised Gibbs sampler and multigrid Monte Carlo
// for Bayesian computation", Biometrika, 2000).
//
// These are the directions along which single updates crawl: given θ the
// cut points are pinned to within 1/√n, and given the cut points so is θ's
// mean, while the data place a scale's cut points against those of other
// scales only through the subjects graded on both and the smoothness of μ.
// The groups are the sets of scales that share a node (one series graded
// on both on one day), usually one scale each; β_j is group j's share of
// the nodes at each knot, 0 at the first knot (fixed at μ = 0), so that
// the groups' shifts add up to a shift of the whole axis, and each one
// moves an era against the others.
type shiftSet struct {
	dirs  []shiftDir
	steps []int32 // knot intervals whose increment some shift changes
	nDirs int
}

// shiftDir is one group's direction.
type shiftDir struct {
	scales []int32   // the scales whose cut points move
	nodes  []int32   // the nodes whose z move
	beta   []float64 // per knot
	d      []float64 // per node: the change of z - μ per unit of c
}

// buildShifts makes the shift of each group of scales that share a node.
func buildShifts(dt *data) *shiftSet {
	nScales := len(dt.scales)
	parent := make([]int, nScales)
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for n := 0; n+1 < len(dt.nodeObs); n++ {
		o0, o1 := dt.nodeObs[n], dt.nodeObs[n+1]
		for o := o0 + 1; o < o1; o++ {
			a, b := find(int(dt.obsScale[o0])), find(int(dt.obsScale[o]))
			if a != b {
				parent[b] = a
			}
		}
	}
	groups := map[int][]int32{}
	var roots []int
	for k := range nScales {
		r := find(k)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], int32(k))
	}
	set := &shiftSet{}
	for _, r := range roots {
		set.dirs = append(set.dirs, newShiftDir(dt, groups[r]))
	}
	set.nDirs = len(set.dirs)
	for k := 1; k < len(dt.knotDay); k++ {
		for _, d := range set.dirs {
			if d.beta[k] != d.beta[k-1] {
				set.steps = append(set.steps, int32(k))
				break
			}
		}
	}
	return set
}

// newShiftDir builds the direction of one group of scales.
func newShiftDir(dt *data, scales []int32) shiftDir {
	nNodes, nKnots := len(dt.nodeKnot), len(dt.knotDay)
	d := shiftDir{scales: scales, beta: make([]float64, nKnots), d: make([]float64, nNodes)}
	in := make([]bool, len(dt.scales))
	for _, k := range scales {
		in[k] = true
	}
	inNode := make([]float64, nNodes)
	for n := range nNodes {
		if in[dt.obsScale[dt.nodeObs[n]]] {
			inNode[n] = 1
			d.nodes = append(d.nodes, int32(n))
		}
	}
	num, den := make([]float64, nKnots), make([]float64, nKnots)
	for n := range nNodes {
		k, w := dt.nodeKnot[n], dt.nodeW[n]
		num[k] += (1 - w) * inNode[n]
		den[k] += 1 - w
		if int(k)+1 < nKnots {
			num[k+1] += w * inNode[n]
			den[k+1] += w
		}
	}
	// Knots without nodes take the share of the nearest knot before them
	// with some, or after them at the start.
	have := -1
	for k := range nKnots {
		if den[k] > 0 {
			d.beta[k] = num[k] / den[k]
			if have < 0 {
				for j := range k {
					d.beta[j] = d.beta[k]
				}
			}
			have = k
		} else if have >= 0 {
			d.beta[k] = d.beta[have]
		}
	}
	d.beta[0] = 0
	for n := range nNodes {
		k, w := dt.nodeKnot[n], dt.nodeW[n]
		wb := (1 - w) * d.beta[k]
		if w != 0 {
			wb += w * d.beta[k+1]
		}
		d.d[n] = inNode[n] - wb
	}
	return d
}

// shift computes the z's log density with θ integrated out (zLogLik), and
// with it the Gaussian conditional of the shifts c, draws c and applies it
// to the z, the cut points and the knots, leaving the z's log density at
// the new state in zll. The z of a series are Gaussian given σ, ρ and μ,
// and a Kalman filter's prediction errors are linear in its observations,
// so the terms in c come from filtering the current deviations and each
// direction side by side.
func (c *chain) shift() {
	dt, sh := c.dt, c.shifts
	g := sh.nDirs
	v := c.sigma * c.sigma
	prec, lin := c.shiftPrec, c.shiftLin
	clear(prec)
	clear(lin)
	ll := c.shiftFilter(v, prec, lin)
	// Keep the likelihood's own terms, to update ll after the draw.
	copy(c.shiftLinL, lin)
	copy(c.shiftPrecL, prec)
	il2 := 1 / (c.set.lambda * c.set.lambda)
	for _, k := range sh.steps {
		e := c.m[k] - c.m[k-1]
		for j := range g {
			fj := sh.dirs[j].beta[k] - sh.dirs[j].beta[k-1]
			lin[j] += e * fj * il2
			for l := 0; l <= j; l++ {
				prec[j*g+l] += fj * (sh.dirs[l].beta[k] - sh.dirs[l].beta[k-1]) * il2
			}
		}
	}
	if cs := c.set.cutScale * c.cutUnit(c.sigma); cs > 0 {
		for j, dir := range sh.dirs {
			for _, k := range dir.scales {
				base, L := int(dt.cutBase[k]), dt.scales[k].Len()
				for i := 1; i < L; i++ {
					prec[j*g+j] += 1 / (cs * cs)
					lin[j] += c.cut[base+i] / (cs * cs)
				}
			}
		}
	}
	for j := range g { // fill the upper triangle
		for l := j + 1; l < g; l++ {
			prec[j*g+l] = prec[l*g+j]
		}
	}
	c.zll, c.zllValid = ll, true
	if !cholesky(c.shiftChol, prec, g) {
		return // a direction the data and priors do not bound: leave it
	}
	// c = -P⁻¹L + L⁻ᵀξ
	mean := c.shiftMean
	for j := range g {
		mean[j] = -lin[j]
	}
	solveLower(c.shiftChol, mean, g)
	solveUpper(c.shiftChol, mean, g)
	noise := c.shiftNoise
	for j := range g {
		noise[j] = c.rng.NormFloat64()
	}
	solveUpper(c.shiftChol, noise, g)
	for j := range g {
		mean[j] += noise[j]
	}
	// The z's log density moves by -Σ c_j L_j - ½ cᵀPc, the likelihood's
	// own terms of L and P.
	for j := range g {
		c.zll -= mean[j] * c.shiftLinL[j]
		for l := range g {
			p := c.shiftPrecL[max(j, l)*g+min(j, l)]
			c.zll -= mean[j] * p * mean[l] / 2
		}
	}
	for j, dir := range sh.dirs {
		cj := mean[j]
		for _, n := range dir.nodes {
			c.zbar[n] += cj
		}
		for k, b := range dir.beta {
			c.m[k] += cj * b
		}
		for _, k := range dir.scales {
			base, L := int(dt.cutBase[k]), dt.scales[k].Len()
			for i := 1; i < L; i++ {
				c.cut[base+i] += cj
			}
		}
	}
	c.setMu()
}

// shiftFilter runs shift's filters over every series, for any number of
// directions: it adds the likelihood's terms in the shifts to prec (its
// lower triangle) and lin, and returns the z's log density. The series run
// side by side, as in zLogLik.
//
// The filter of the z comes first and keeps, at every node, the inverse of
// its prediction's variance, its prediction error and its gain; each
// direction's filter then runs on its own, and each cross term after
// them, each in a loop that sums in registers. The sums run over the nodes
// in the same order as a single pass would.
func (c *chain) shiftFilter(v float64, prec, lin []float64) float64 {
	dt, sh := c.dt, c.shifts
	g := sh.nDirs
	prod := 1.0
	flushed, flushedAt, nf := c.flushed, c.flushedAt, 0
	zbar, mu := c.zbar, c.mu
	phi, omp := c.phi, c.omp
	nNodes := len(dt.posNodes)
	isvAt, errAt, gainAt := c.shiftIsv[:nNodes], c.shiftErr[:nNodes], c.shiftGain[:nNodes]
	for j := range dt.longer {
		start, end := dt.posStart[j], dt.posStart[j+1]
		nodes := dt.filterPos[start:end]
		lanes := c.lanes[:len(nodes)]
		isvs, errs, gains := isvAt[start:end], errAt[start:end], gainAt[start:end]
		isvs, errs, gains = isvs[:len(nodes)], errs[:len(nodes)], gains[:len(nodes)]
		for s, node := range nodes {
			var pe, pp float64
			if j == 0 {
				pp = v
			} else {
				gp, lane := node.gap, lanes[s]
				f := phi[gp]
				pe, pp = f*lane.mean, f*f*lane.variance+v*omp[gp]
			}
			n := node.node
			sv := pp + node.invCnt
			isv := 1 / sv
			ie := zbar[n] - mu[n] - pe
			// As in zLogLik, the products near the ends of float64's range
			// are set aside, with where they were, for the log density
			// below.
			if prod *= sv; prod > 1e150 || prod < 1e-150 {
				flushed[nf], flushedAt[nf] = prod, start+int32(s)
				nf++
				prod = 1
			}
			gain := pp * isv
			isvs[s], errs[s], gains[s] = isv, ie, gain
			lanes[s] = laneState{pe + gain*ie, pp - gain*pp}
		}
	}
	// The log density, summed in the filter's order: each node's error,
	// and after it the log of a product set aside there.
	ll := -c.within / 2
	p := 0
	for f := range nf {
		ll = subtractHalfSquares(ll, errAt[p:flushedAt[f]+1], isvAt[p:flushedAt[f]+1])
		ll -= math.Log(flushed[f]) / 2
		p = int(flushedAt[f]) + 1
	}
	ll = subtractHalfSquares(ll, errAt[p:], isvAt[p:])
	// Each direction's filter: its innovation at every node, which the
	// cross terms reuse, and its filtered value per lane, whose
	// prediction is the direction's d less the innovation.
	for l, dir := range sh.dirs {
		d := dir.d
		innov := c.shiftInnov[l*nNodes : (l+1)*nNodes]
		sumLin, sumPrec := 0.0, 0.0
		for j := range dt.longer {
			start, end := dt.posStart[j], dt.posStart[j+1]
			nodes := dt.filterPos[start:end]
			fd := c.laneMean[:len(nodes)]
			isvs, errs, gains, ids := isvAt[start:end], errAt[start:end], gainAt[start:end], innov[start:end]
			for s, node := range nodes {
				n := node.node
				id := d[n]
				if j > 0 {
					id -= phi[node.gap] * fd[s]
				}
				x := id * isvs[s]
				sumLin += errs[s] * x
				sumPrec += x * id
				fd[s] = d[n] - id + gains[s]*id
				ids[s] = id
			}
		}
		lin[l] += sumLin
		prec[l*g+l] += sumPrec
		for k := range l {
			other := c.shiftInnov[k*nNodes : (k+1)*nNodes]
			sum := 0.0
			for p, id := range innov {
				sum += id * isvAt[p] * other[p]
			}
			prec[l*g+k] += sum
		}
	}
	return ll - math.Log(prod)/2
}

// subtractHalfSquares returns ll less e²/(2v) for each error e and inverse
// variance 1/v, in order.
func subtractHalfSquares(ll float64, errs, isvs []float64) float64 {
	isvs = isvs[:len(errs)]
	for i, e := range errs {
		ll -= e * e * isvs[i] / 2
	}
	return ll
}
