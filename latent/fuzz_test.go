package latent

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/gradewalk/gradewalk/trend"
)

// FuzzFit builds observations from arbitrary bytes (four a record:
// subject, area, a day offset and a grade on one of three scales, in any
// order) and fits them with very short chains. Fit must never panic: it
// returns a typed error, or a model whose bands are finite and in order.
func FuzzFit(f *testing.F) {
	f.Add([]byte{0, 0, 0, 2, 0, 0, 100, 3, 1, 0, 0, 1, 1, 0, 100, 4})
	f.Add([]byte{0, 0, 0, 2, 0, 0, 0, 2})                // one level only
	f.Add([]byte{0, 0, 100, 1, 0, 0, 0, 2})              // out of order
	f.Add([]byte{0, 1, 0, 1, 0, 2, 0, 9, 3, 1, 200, 12}) // areas, scales, an unobserved end level
	f.Add([]byte{})
	f.Fuzz(fuzzFitBody)
}

// fuzzFitBody is FuzzFit's body.
func fuzzFitBody(t *testing.T, data []byte) {

	scales := []string{"hmic-peel-2014", "hmicfrs-peel-2021", "hmic-pledge-2009"}
	{
		if len(data) > 4*64 {
			data = data[:4*64]
		}
		var obs []trend.Observation
		for i := 0; i+4 <= len(data); i += 4 {
			s := mustScale(scales[int(data[i+3])/5%len(scales)])
			level := 1 + int(data[i+3])%s.Len()
			obs = append(obs, trend.Observation{
				Subject: string(rune('A' + data[i]%4)),
				Area:    string(rune('a' + data[i+1]%2)),
				Date:    time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*int(data[i+2])),
				Grade:   gradeOf(s, level),
			})
		}
		for _, pool := range []bool{false, true} {
			m, err := Fit(slices.Values(obs), &Options{Chains: 2, Warmup: 3, Draws: 4, PoolAreas: pool})
			if err != nil {
				var oe *ObservationError
				var re *OrderError
				var se *ScaleError
				if !errors.Is(err, ErrEmpty) && !errors.As(err, &oe) && !errors.As(err, &re) && !errors.As(err, &se) {
					t.Fatalf("untyped error: %v", err)
				}
				continue
			}
			for s := range m.Scales() {
				cuts, err := m.Crosswalk().CutPoints(s)
				if err != nil {
					t.Fatal(err)
				}
				for i, c := range cuts {
					if math.IsNaN(c) || (i > 0 && c < cuts[i-1]) {
						t.Fatalf("%s: cut points %v", s.ID(), cuts)
					}
				}
			}
			for series := range m.Series() {
				for ch := range series.Steps() {
					if math.IsNaN(ch.PImproved) || math.IsNaN(ch.Mean) {
						t.Fatalf("NaN change %+v", ch)
					}
				}
			}
		}
	}
}
