package latent

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// forcesPanel is a generated panel the size of the police's: 43 subjects,
// three areas, twelve yearly dates, PEEL 2014–19's scale for the first
// nine and PEEL 2021/22's for the last three.
func forcesPanel() []trend.Observation {
	p14, p21 := mustScale("hmic-peel-2014"), mustScale("hmicfrs-peel-2021")
	sim := simulation{subjects: 43, dates: 12, start: 2012,
		scaleAt: func(j int) *scale.Scale {
			if j < 9 {
				return p14
			}
			return p21
		},
		cuts:  map[*scale.Scale][]float64{p14: {-1.8, -0.5, 1.6}, p21: {-1.8, -0.9, 0.1, 1.5}},
		sigma: 1.0, rho: 0.85, knots: []float64{0, -0.1, -0.2, -0.1, 0, 0.1, 0, -0.1, -0.2, -0.3, -0.2, -0.2, -0.1}, jitter: 40,
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var obs []trend.Observation
	for _, area := range []string{"effectiveness", "efficiency", "legitimacy"} {
		for _, o := range sim.run(rng).obs {
			o.Area = area
			obs = append(obs, o)
		}
	}
	return obs
}

// schoolsPanel is a generated panel the size of Ofsted's: 22,000 subjects
// with 60,000 observations, on a four-level scale, a few years apart.
func schoolsPanel() []trend.Observation {
	s := mustScale("ofsted-schools-2005")
	sim := simulation{subjects: 22000, dates: 5, start: 2006,
		scaleAt: func(int) *scale.Scale { return s },
		cuts:    map[*scale.Scale][]float64{s: {-2, -0.3, 1.2}},
		sigma:   1.2, rho: 0.8, knots: []float64{0, 0.05, 0.1, 0.1, 0.15, 0.2}, jitter: 150,
		missing: 0.455,
	}
	return sim.run(rand.New(rand.NewPCG(5, 6))).obs
}

// benchmarkFit fits obs with the default options and reports the cost per
// observation per iteration and the ESS per second of the cut points.
func benchmarkFit(b *testing.B, obs []trend.Observation) {
	b.ReportAllocs()
	var m *Model
	var took time.Duration
	cpu0, _ := usage()
	for b.Loop() {
		start := time.Now()
		var err error
		m, err = Fit(slices.Values(obs), nil)
		if err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
	}
	cpu1, rss := usage()
	d := m.Diagnostics()
	b.ReportMetric(float64(cpu1-cpu0)/1e9/float64(b.N), "cpu-s/op")
	if rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MB")
	}
	iters := float64(d.Chains * (d.Warmup + d.Draws))
	b.ReportMetric(float64(took.Nanoseconds())/float64(b.N)/iters/float64(len(obs)), "ns/obs/iter")
	minESS := -1.0
	for p := range d.Params() {
		if len(p.Name) > 4 && p.Name[:4] == "cut " && (minESS < 0 || p.ESS < minESS) {
			minESS = p.ESS
		}
	}
	b.ReportMetric(minESS/(took.Seconds()/float64(b.N)), "cutESS/s")
	rhat, ess := d.Worst()
	b.ReportMetric(rhat, "maxRhat")
	b.ReportMetric(ess, "minESS")
}

// BenchmarkFitForces: 43 subjects × 3 areas × 12 dates, default options.
// Run it on one core: go test ./latent -run '^$' -bench FitForces -cpu 1
func BenchmarkFitForces(b *testing.B) { benchmarkFit(b, forcesPanel()) }

// BenchmarkFitSchools: 60,000 observations of 22,000 subjects, default
// options, on two cores:
// go test ./latent -run '^$' -bench FitSchools -cpu 2 -benchtime 1x
func BenchmarkFitSchools(b *testing.B) { benchmarkFit(b, schoolsPanel()) }
