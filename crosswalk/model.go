package crosswalk

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/gradewalk/gradewalk/scale"
)

// ErrInvalidDraws is wrapped (through a [*ScaleError]) by the errors of
// [FromCutPointDraws] for draws of the wrong number, length, order or
// range.
var ErrInvalidDraws = errors.New("invalid draws of cut points")

// FromCutPointDraws builds a crosswalk from a fitted model: cuts[s] are the
// point cut points of scale s (s.Len()+1 values from 0 to 1, never
// decreasing, as for [FromCutPoints]), and draws[s] the model's posterior
// draws of them, each draw of the same form.
//
// The draws are joint: draw d of every scale comes from the same posterior
// draw, so every scale has the same number of draws (at least 2), and
// intervals of comparisons pair draw d of one scale with draw d of the
// other. [Crosswalk.BandInterval] is then the central 90% interval of each
// edge of a band over the draws, and [Comparison.PAboveLo] and PAboveHi the
// central 90% interval of PAbove over them. The crosswalk keeps a copy of
// the draws: a model that has many should thin them first (a few thousand
// draws give intervals good to about 0.005).
//
// name names the model (for example "latent (ordered probit, 4 chains,
// reference 2014-01-01)"); it is the crosswalk's [Crosswalk.Name] and the
// name of its basis, [FittedModel]. The crosswalk is not norm-referenced:
// its bands are the model's, not counts. It has no counts, so
// [Crosswalk.EquateSE] wraps [ErrNoSampleSize].
//
// The errors are [*ScaleError]s: wrapping [ErrInvalidCuts] for the cut
// points (as FromCutPoints reports them) and [ErrInvalidDraws] for the
// draws, with the level of the cut point at fault and the draw in Detail.
// A scale in one map and not the other, an empty map, or an empty name is
// an error too.
func FromCutPointDraws(name string, cuts map[*scale.Scale][]float64, draws map[*scale.Scale][][]float64) (*Crosswalk, error) {
	if name == "" {
		return nil, fmt.Errorf("crosswalk: from cut point draws: %w: the model has no name", ErrInvalidDraws)
	}
	if len(cuts) == 0 {
		return nil, fmt.Errorf("crosswalk: from cut point draws: %w: no scales given", ErrInvalidCuts)
	}
	keys, err := byID(cuts, ErrInvalidCuts)
	if err != nil {
		return nil, err
	}
	for s := range draws {
		if _, ok := cuts[s]; !ok {
			return nil, &ScaleError{Scale: s.String(), Err: ErrInvalidDraws, Detail: "draws given for a scale without cut points"}
		}
	}
	cw := newDataDriven(name+" (a fitted model)", len(cuts))
	cw.short, cw.basis = name, Basis{kind: FittedModel, name: name}
	perScale := -1
	for _, s := range keys {
		if err := checkCuts(s, cuts[s]); err != nil {
			return nil, err
		}
		ds, ok := draws[s]
		if !ok {
			return nil, &ScaleError{Scale: s.ID(), Err: ErrInvalidDraws, Detail: "no draws given"}
		}
		if perScale < 0 {
			perScale = len(ds)
		}
		switch {
		case len(ds) < 2:
			return nil, &ScaleError{Scale: s.ID(), Err: ErrInvalidDraws,
				Detail: fmt.Sprintf("got %d draws, want at least 2", len(ds))}
		case len(ds) != perScale:
			return nil, &ScaleError{Scale: s.ID(), Err: ErrInvalidDraws,
				Detail: fmt.Sprintf("got %d draws where %s has %d: draws are joint, so every scale has the same number", len(ds), keys[0].ID(), perScale)}
		}
		flat := make([]float64, 0, len(ds)*(s.Len()+1))
		for d, row := range ds {
			if err := checkDraw(s, d, row); err != nil {
				return nil, err
			}
			flat = append(flat, row...)
		}
		if err := cw.add(coverage{scale: s, cuts: slices.Clone(cuts[s]), draws: flat}, ErrInvalidCuts); err != nil {
			return nil, err
		}
	}
	cw.intervals = newIntervals(cw)
	return cw, nil
}

// checkDraw reports what, if anything, makes row unusable as draw d of the
// cut points of s.
func checkDraw(s *scale.Scale, d int, row []float64) error {
	where := "draw " + strconv.Itoa(d)
	if len(row) != s.Len()+1 {
		return &ScaleError{Scale: s.ID(), Err: ErrInvalidDraws,
			Detail: fmt.Sprintf("%s: got %d cut points for %d levels, want %d", where, len(row), s.Len(), s.Len()+1)}
	}
	if row[0] != 0 || row[len(row)-1] != 1 {
		return &ScaleError{Scale: s.ID(), Err: ErrInvalidDraws, Detail: where + ": the first cut point must be 0 and the last 1"}
	}
	for j := 1; j < len(row); j++ {
		x := row[j]
		switch {
		case math.IsNaN(x) || x < 0 || x > 1:
			return &ScaleError{Scale: s.ID(), Level: j, Err: ErrInvalidDraws,
				Detail: where + ": cut point " + strconv.FormatFloat(x, 'g', -1, 64) + " is not in [0, 1]"}
		case x < row[j-1]:
			return &ScaleError{Scale: s.ID(), Level: j, Err: ErrInvalidDraws, Detail: where + ": cut points must not decrease"}
		}
	}
	return nil
}
