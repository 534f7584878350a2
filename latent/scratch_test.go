package latent

import (
	"fmt"
	"github.com/gradewalk/gradewalk/scale"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestScratchMu(t *testing.T) {
	for rep := range 6 {
		rng := rand.New(rand.NewPCG(uint64(rep), 77))
		sim := calibrationSimAt(60, 1.5, 0.85, rng)
		data := sim.run(rng)
		m, err := Fit(slices.Values(data.obs), &Options{Seed: uint64(rep + 1)})
		if err != nil {
			t.Fatal(err)
		}
		ref := sim.muAt(m.Reference())
		spread := math.Sqrt(sim.sigma*sim.sigma + 1)
		fmt.Printf("rep %d ref %s sigma post %.2f:", rep, day(m.Reference()), m.means[m.nParams-2])
		for p := range m.Population() {
			truth := exactCDF((sim.muAt(p.Date) - ref) / spread)
			mark := " "
			if truth < p.Lo90 || truth > p.Hi90 {
				mark = "*"
			}
			fmt.Printf(" %s%.3f[%.3f,%.3f]", mark, truth, p.Lo90, p.Hi90)
		}
		fmt.Println()
	}
}

func TestScratchBias(t *testing.T) {
	rng := rand.New(rand.NewPCG(0, 77))
	sim := calibrationSimAt(3000, 1.0, 0.8, rng)
	p14 := mustScale("hmic-peel-2014")
	_ = p14
	data := sim.run(rng)
	m, err := Fit(slices.Values(data.obs), &Options{Warmup: 300, Draws: 300})
	if err != nil {
		t.Fatal(err)
	}
	for p := range m.Diagnostics().Params() {
		fmt.Printf("%-40s %.3f sd %.3f\n", p.Name, p.Mean, p.SD)
	}
	fmt.Println(sim.cuts[p14], sim.knots)
}

func TestScratchSBC(t *testing.T) {
	p14, p21 := mustScale("hmic-peel-2014"), mustScale("hmicfrs-peel-2021")
	const reps = 100
	ranks := map[string][]int{}
	for rep := range reps {
		rng := rand.New(rand.NewPCG(uint64(rep), 99))
		knots := []float64{0}
		for range 7 {
			knots = append(knots, knots[len(knots)-1]+0.25*rng.NormFloat64())
		}
		draw := func(n int) []float64 {
			c := make([]float64, n)
			for i := range c {
				c[i] = 1.5 * rng.NormFloat64()
			}
			slices.Sort(c)
			return c
		}
		// ρ ~ Beta(17, 3) by order statistics of uniforms: the 17th of 19
		u := make([]float64, 19)
		for i := range u {
			u[i] = rng.Float64()
		}
		slices.Sort(u)
		sim := simulation{subjects: 60, dates: 6, start: 2015,
			scaleAt: func(j int) *scale.Scale {
				if j < 3 {
					return p14
				}
				return p21
			},
			cuts:  map[*scale.Scale][]float64{p14: draw(3), p21: draw(4)},
			sigma: math.Abs(2 * rng.NormFloat64()), rho: u[16], knots: knots, jitter: 60,
		}
		data := sim.run(rng)
		m, err := Fit(slices.Values(data.obs), &Options{CutScale: 1.5, RhoPrior: [2]float64{17, 3}, Keep: 100, Seed: uint64(rep + 1)})
		if err != nil {
			continue
		}
		truth := map[string]float64{"sigma": sim.sigma, "rho": sim.rho}
		idx := map[string]int{"sigma": m.nParams - 2, "rho": m.nParams - 1}
		for name, p := range idx {
			r := 0
			for ch := range m.params {
				for j := range m.keepPer {
					if m.kept(ch, j)[p] < truth[name] {
						r++
					}
				}
			}
			ranks[name] = append(ranks[name], r)
		}
		if rep < 10 {
			fmt.Printf("rep %d true sigma %.2f rho %.2f; post sigma %.2f rho %.2f\n", rep, sim.sigma, sim.rho, m.means[m.nParams-2], m.means[m.nParams-1])
		}
	}
	for name, rs := range ranks {
		var hist [10]int
		for _, r := range rs {
			hist[min(r*10/101, 9)]++
		}
		fmt.Println(name, len(rs), hist)
	}
}
