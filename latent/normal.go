package latent

import (
	"math"
	"math/rand/v2"
)

// The sampler evaluates the normal distribution function some four times
// per observation per iteration, so it has its own: a table of quintic
// Hermite polynomials on [-8, 8] (value, first and second derivative
// matched at every node, 32 nodes per unit), within 5e-14 of math.Erfc in
// absolute terms and 5e-9 relatively down to -8 (TestNormCDFAgainstErfc),
// at a few times less cost. Beyond -8 it falls back to math.Erfc.

const (
	cdfLimit   = 8  // the table covers [-cdfLimit, cdfLimit]
	cdfPerUnit = 32 // intervals per unit
	cdfCells   = 2 * cdfLimit * cdfPerUnit
)

// cdfTable holds six coefficients per interval, lowest power first, of
// the polynomial in the interval's local coordinate t ∈ [0, 1).
var cdfTable = func() *[cdfCells][6]float64 {
	var tab [cdfCells][6]float64
	h := 1.0 / cdfPerUnit
	node := func(x float64) (f, d, e float64) {
		f = exactCDF(x)
		p := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
		return f, h * p, h * h * (-x * p)
	}
	for i := range cdfCells {
		x0 := -cdfLimit + float64(i)*h
		f0, d0, e0 := node(x0)
		f1, d1, e1 := node(x0 + h)
		c0, c1, c2 := f0, d0, e0/2
		r0 := f1 - (c0 + c1 + c2)
		r1 := d1 - (c1 + 2*c2)
		r2 := e1 - 2*c2
		c := &tab[i]
		c[0], c[1], c[2] = c0, c1, c2
		c[3] = 10*r0 - 4*r1 + r2/2
		c[4] = -15*r0 + 7*r1 - r2
		c[5] = 6*r0 - 3*r1 + r2/2
	}
	return &tab
}()

// exactCDF is the standard normal distribution function from math.Erfc.
func exactCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// normCDF is the standard normal distribution function Φ(x), with
// Φ(-Inf) = 0 and Φ(+Inf) = 1.
func normCDF(x float64) float64 {
	if x >= -cdfLimit && x < cdfLimit {
		return tableCDF(x)
	}
	return tailCDF(x)
}

// normCDFs replaces every x in xs by normCDF(x). Its loop calls nothing for
// values within the table (tableCDF is inlined), so that the compiler keeps
// its state in registers: faster, for many values, than a call of normCDF
// for each.
func normCDFs(xs []float64) {
	for i, x := range xs {
		if x >= -cdfLimit && x < cdfLimit {
			xs[i] = tableCDF(x)
		} else {
			xs[i] = tailCDF(x)
		}
	}
}

// tableCDF is normCDF for x in [-cdfLimit, cdfLimit), from the table; it is
// small enough to be inlined.
func tableCDF(x float64) float64 {
	u := (x + cdfLimit) * cdfPerUnit
	t := u - float64(int(u))
	c := &cdfTable[int(u)&(cdfCells-1)] // int(u) < cdfCells: the mask only spares a check
	t2 := t * t
	// Estrin's scheme: shorter chains of dependent operations than Horner's.
	return (c[0] + c[1]*t) + t2*((c[2]+c[3]*t)+t2*(c[4]+c[5]*t))
}

// tailCDF is normCDF beyond the table, kept apart so that normCDF is small
// enough to be inlined.
func tailCDF(x float64) float64 {
	if x < 0 {
		return exactCDF(x) // 0 at -Inf
	}
	return 1 - exactCDF(-x)
}

// normQuantile is Φ⁻¹(p) for p in (0, 1), -Inf at 0 and +Inf at 1, by
// Acklam's rational approximations (relative error under 1.2e-9, far below
// what a draw needs), which cost a third of math.Erfinv.
func normQuantile(p float64) float64 {
	const (
		a1, a2, a3, a4, a5, a6 = -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
		b1, b2, b3, b4, b5     = -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01
		c1, c2, c3, c4, c5, c6 = -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
		d1, d2, d3, d4         = 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
		low                    = 0.02425
	)
	switch {
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	case p < low:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	case p > 1-low:
		q := math.Sqrt(-2 * math.Log1p(-p))
		return -(((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	}
	q := p - 0.5
	r := q * q
	return (((((a1*r+a2)*r+a3)*r+a4)*r+a5)*r + a6) * q / (((((b1*r+b2)*r+b3)*r+b4)*r+b5)*r + 1)
}

// exactQuantile is Φ⁻¹(p) to near the last bit, for the few places that
// need it exact rather than fast: normQuantile refined by two Halley
// steps on math.Erfc, working in the lower tail for p < 1/2. (Go's
// math.Erfcinv loses the tails: it is -Inf below about 1e-17.)
func exactQuantile(p float64) float64 {
	if p <= 0 || p >= 1 {
		return normQuantile(p)
	}
	if p > 0.5 {
		return -exactQuantile(1 - p)
	}
	x := normQuantile(p)
	for range 2 {
		// f(x) = Φ(x) - p, relative to the density: Halley's step.
		e := (exactCDF(x) - p) * math.Sqrt(2*math.Pi) * math.Exp(x*x/2)
		x -= e / (1 + x*e/2)
	}
	return x
}

// cell returns the probability mass of the standard normal between a and
// b (a < b, either may be infinite) as two values lo ≤ hi whose difference
// is that mass. When a > 0 they are Φ(-b) and Φ(-a), the upper tail
// mirrored, so that a cell far in the upper tail keeps its precision; the
// caller tells the two forms apart by the sign of a.
func cell(a, b float64) (lo, hi float64) {
	if a > 0 {
		return normCDF(-b), normCDF(-a)
	}
	return normCDF(a), normCDF(b)
}

// drawCell draws from the standard normal truncated to (a, b), given lo and
// hi as cell returns them, by inversion: one uniform per draw. A cell whose
// mass is lost to underflow, far in a tail, is drawn by rejection instead.
func drawCell(rng *rand.Rand, a, b, lo, hi float64) float64 {
	if hi-lo < 1e-300 || !(hi > lo) {
		return tailDraw(rng, a, b)
	}
	u := lo + rng.Float64()*(hi-lo)
	if u <= 0 || u >= 1 { // rounding at the ends of a cell
		u = math.Nextafter(lo, hi)
	}
	if a > 0 {
		return -normQuantile(u)
	}
	return normQuantile(u)
}

// tailDraw draws from the standard normal truncated to (a, b) when the cell
// lies so far out that its mass underflows, mirroring a lower tail onto the
// upper one. It uses an exponential proposal from the nearer end (Robert,
// "Simulation of truncated normal variables", Statistics and Computing,
// 1995), or a uniform one when the cell is narrow.
func tailDraw(rng *rand.Rand, a, b float64) float64 {
	if b-a < 1e-9 { // the density is flat across so narrow a cell
		return a + (b-a)/2
	}
	sign := 1.0
	if b <= 0 { // lower tail: mirror
		a, b, sign = -b, -a, -1
	}
	if !(a > 0) { // a cell that straddles 0 never underflows; be safe
		a = 0
	}
	if b-a < 1/a {
		for range 1000 {
			z := a + rng.Float64()*(b-a)
			if rng.Float64() <= math.Exp((a*a-z*z)/2) {
				return sign * z
			}
		}
		return sign * a
	}
	alpha := (a + math.Sqrt(a*a+4)) / 2
	for range 1000 {
		z := a + rng.ExpFloat64()/alpha
		if z < b && rng.Float64() <= math.Exp(-(z-alpha)*(z-alpha)/2) {
			return sign * z
		}
	}
	return sign * a
}
