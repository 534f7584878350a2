package latent

import (
	"slices"
	"testing"
)

// partsChain is a chain on the forces-sized panel of BenchmarkFitForces,
// run for 50 iterations, for BenchmarkParts.
func partsChain(b *testing.B) *chain {
	obs := forcesPanel()
	set, _ := (&Options{}).settings()
	dt, err := build(slices.Values(obs), set)
	if err != nil {
		b.Fatal(err)
	}
	c := newChain(dt, set, buildShifts(dt), 1, 0)
	for range 50 {
		c.iterate(-1)
	}
	return c
}

// BenchmarkParts times each update of one iteration on the forces-sized
// panel, to show where an iteration's time goes:
//
//	go test ./latent -run '^$' -bench Parts -cpu 1
func BenchmarkParts(b *testing.B) {
	c := partsChain(b)
	b.ReportAllocs()
	b.Run("zLogLik", func(b *testing.B) {
		for b.Loop() {
			c.zLogLik(c.sigma*c.sigma, c.phi, c.omp, 1)
		}
	})
	b.Run("setPhi", func(b *testing.B) {
		for b.Loop() {
			c.setPhi(c.rho, c.propPhi, c.propOmp)
		}
	})
	b.Run("shift", func(b *testing.B) {
		for b.Loop() {
			c.shift()
		}
	})
	b.Run("stepPaths", func(b *testing.B) {
		for b.Loop() {
			c.stepPaths()
		}
	})
	b.Run("stepCuts", func(b *testing.B) {
		for b.Loop() {
			c.stepCuts(-1)
		}
	})
	b.Run("drawZ", func(b *testing.B) {
		for b.Loop() {
			c.drawZ()
		}
	})
	b.Run("stepMu", func(b *testing.B) {
		for b.Loop() {
			c.stepMu()
		}
	})
	b.Run("stepSpread", func(b *testing.B) {
		for b.Loop() {
			c.stepSpread(-1)
		}
	})
	b.Run("iterate", func(b *testing.B) {
		for b.Loop() {
			c.iterate(-1)
		}
	})
}
