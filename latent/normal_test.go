package latent

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNormCDFAgainstErfc(t *testing.T) {
	worstAbs, worstRel := 0.0, 0.0
	for x := -9.0; x <= 9.0; x += 1.0 / 1024 / 3 {
		got, want := normCDF(x), exactCDF(x)
		worstAbs = max(worstAbs, math.Abs(got-want))
		if x < 0 {
			worstRel = max(worstRel, math.Abs(got-want)/want)
		}
	}
	t.Logf("Φ: largest absolute error %.2g, relative error below 0 %.2g", worstAbs, worstRel)
	assert.Less(t, worstAbs, 1e-13)
	assert.Less(t, worstRel, 1e-6)
	assert.Equal(t, 0.0, normCDF(math.Inf(-1)))
	assert.Equal(t, 1.0, normCDF(math.Inf(1)))
}

func TestNormQuantile(t *testing.T) {
	probs := []float64{1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.3, 0.5, 0.7, 0.97, 0.99, 0.999999}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 20000 {
		if p := rng.Float64(); p > 0 {
			probs = append(probs, p)
		}
	}
	worst, worstExact := 0.0, 0.0
	for _, p := range probs {
		x := exactQuantile(p)
		// exactQuantile inverts Φ: check it against math.Erfc in the
		// smaller tail, where Φ is exact.
		if p <= 0.5 {
			worstExact = max(worstExact, math.Abs(exactCDF(x)-p)/p)
		} else {
			worstExact = max(worstExact, math.Abs(exactCDF(-x)-(1-p))/(1-p))
		}
		worst = max(worst, math.Abs(normQuantile(p)-x)/max(math.Abs(x), 1e-3))
	}
	t.Logf("Φ⁻¹: largest relative error of the fast one %.2g; the exact one inverts Φ to %.2g", worst, worstExact)
	assert.Less(t, worst, 2e-9)
	assert.Less(t, worstExact, 1e-13)
	assert.True(t, math.IsInf(normQuantile(0), -1))
	assert.True(t, math.IsInf(normQuantile(1), 1))
	assert.Equal(t, 0.0, normQuantile(0.5))
}

var sinkFloat float64

func BenchmarkNormCDF(b *testing.B) {
	x, s := -3.0, 0.0
	for b.Loop() {
		s += normCDF(x)
		x += 1e-6
	}
	sinkFloat = s
}

func BenchmarkNormQuantile(b *testing.B) {
	p, s := 0.01, 0.0
	for b.Loop() {
		s += normQuantile(p)
		p += 1e-8
	}
	sinkFloat = s
}
