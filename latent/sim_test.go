package latent

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// simulation describes data simulated from the model itself.
type simulation struct {
	subjects int
	dates    int // per subject, a year apart with jitter
	start    int // the first year
	// scaleAt gives the scale of the j-th date, and cuts the true cut
	// points of each scale (latent scale).
	scaleAt func(j int) *scale.Scale
	cuts    map[*scale.Scale][]float64
	sigma   float64
	rho     float64
	// knots are μ's true values on 1 January of start, start+1, ...
	knots  []float64
	jitter int // days of jitter either way around 1 July
	// missing is the chance that a date is not observed (at least one is)
	missing float64
	// step is added to every θ from the stepFrom-th date on: the whole
	// population moving at once.
	step     float64
	stepFrom int
}

// simulated is a simulation's data and its truth.
type simulated struct {
	obs   []trend.Observation
	theta map[string][]float64 // per subject, θ at each date observed
	days  map[string][]time.Time
}

func mustScale(id string) *scale.Scale {
	s, ok := scale.Lookup(id)
	if !ok {
		panic(id)
	}
	return s
}

// muAt interpolates the true knots at t.
func (sim *simulation) muAt(t time.Time) float64 {
	y := t.Year()
	k := y - sim.start
	jan := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	next := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	w := t.Sub(jan).Hours() / next.Sub(jan).Hours()
	if k+1 >= len(sim.knots) {
		return sim.knots[len(sim.knots)-1]
	}
	return (1-w)*sim.knots[k] + w*sim.knots[k+1]
}

func (sim *simulation) run(rng *rand.Rand) simulated {
	out := simulated{theta: map[string][]float64{}, days: map[string][]time.Time{}}
	for i := range sim.subjects {
		name := subjectName(i)
		var prev time.Time
		x := 0.0
		first := true
		for j := range sim.dates {
			if sim.missing > 0 && rng.Float64() < sim.missing && !(j == sim.dates-1 && first) {
				continue
			}
			jit := 0
			if sim.jitter > 0 {
				jit = rng.IntN(2*sim.jitter+1) - sim.jitter
			}
			t := time.Date(sim.start+j, 7, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, jit)
			if first {
				x = sim.sigma * rng.NormFloat64()
			} else {
				gap := float64(t.Sub(prev).Hours()/24) / daysPerYear
				phi := math.Pow(sim.rho, gap)
				x = phi*x + sim.sigma*math.Sqrt(1-phi*phi)*rng.NormFloat64()
			}
			first = false
			prev = t
			th := sim.muAt(t) + x
			if j >= sim.stepFrom {
				th += sim.step
			}
			s := sim.scaleAt(j)
			z := th + rng.NormFloat64()
			level := 1
			for _, c := range sim.cuts[s] {
				if z > c {
					level++
				}
			}
			g, err := grade.FromRank(s, level)
			if err != nil {
				panic(err)
			}
			out.obs = append(out.obs, trend.Observation{Subject: name, Area: "overall", Date: t, Grade: g})
			out.theta[name] = append(out.theta[name], th)
			out.days[name] = append(out.days[name], t)
		}
	}
	return out
}

func subjectName(i int) string { return fmt.Sprintf("S%04d", i) }
