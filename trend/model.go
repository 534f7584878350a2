package trend

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
)

// Estimate is a posterior mean with its central 90% credible interval.
//
// In JSON it is {"mean", "lo90", "hi90"}.
type Estimate struct {
	Mean float64 `json:"mean"`
	Lo90 float64 `json:"lo90"`
	Hi90 float64 `json:"hi90"`
}

// ModelChange is a fitted model's reading of a change: how likely it is
// that the subject's latent quality rose between the two dates of a step
// or summary, from a model of every subject's grades through time (package
// latent builds them). A [Step] or [Summary] that holds one takes its
// direction, its probability of improvement and its basis from it, while
// its Comparison stays the comparison of the two grades under the model's
// crosswalk.
//
// The probability carries every uncertainty the model knows of (the
// grades' noise, the placement of each scale, the national trend), so it
// has no separate interval: PImprovedSE is only the Monte Carlo error of
// its estimate from a finite number of draws.
//
// In JSON it is {"name", "basis", "direction", "p_improved",
// "p_improved_lo", "p_improved_hi", "p_improved_se", "latent_change",
// "latent_change_lo", "latent_change_hi", "latent"}: p_improved_lo and
// p_improved_hi are always null, saying that there is no interval rather
// than showing a zero-width one; latent_change and its bounds are Mean,
// Lo90 and Hi90, and latent is {"mean", "lo90", "hi90"}.
type ModelChange struct {
	// Name names the model as its crosswalk's Name does ("latent"): in a
	// [Sensitivity], the model's reading stands in that linking's place.
	Name string
	// Basis is what the reading rests on: a basis of kind
	// crosswalk.FittedModel naming the model and its data.
	Basis crosswalk.Basis
	// PImproved is the posterior probability that the latent quality at
	// the later date exceeds that at the earlier one, ties counting half;
	// PImprovedSE is its Monte Carlo standard error.
	PImproved, PImprovedSE float64
	// Mean, Lo90 and Hi90 are the change of the subject's position on the
	// common ordinal, its posterior mean and 90% interval: in units of
	// the common ordinal near where the subject stands.
	Mean, Lo90, Hi90 float64
	// Latent is the change of the latent quality itself, in units of the
	// standard deviation of the inspection noise.
	Latent Estimate
	// Direction is the model's call: Improved or Declined when PImproved
	// passes the model's thresholds, Unchanged for a date against itself,
	// Uncertain otherwise.
	Direction Direction
}

// modelChangeJSON is ModelChange's JSON form.
type modelChangeJSON struct {
	Name        string          `json:"name"`
	Basis       crosswalk.Basis `json:"basis"`
	Direction   Direction       `json:"direction"`
	PImproved   float64         `json:"p_improved"`
	PImprovedLo *float64        `json:"p_improved_lo"`
	PImprovedHi *float64        `json:"p_improved_hi"`
	PImprovedSE float64         `json:"p_improved_se"`
	Mean        float64         `json:"latent_change"`
	Lo90        float64         `json:"latent_change_lo"`
	Hi90        float64         `json:"latent_change_hi"`
	Latent      Estimate        `json:"latent"`
}

// MarshalJSON writes the reading under the keys listed for [ModelChange],
// with null for the interval of the probability, which it has not.
func (c ModelChange) MarshalJSON() ([]byte, error) {
	return json.Marshal(modelChangeJSON{Name: c.Name, Basis: c.Basis, Direction: c.Direction, PImproved: c.PImproved,
		PImprovedSE: c.PImprovedSE, Mean: c.Mean, Lo90: c.Lo90, Hi90: c.Hi90, Latent: c.Latent})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *ModelChange) UnmarshalJSON(data []byte) error {
	var j modelChangeJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*c = ModelChange{Name: j.Name, Basis: j.Basis, Direction: j.Direction, PImproved: j.PImproved,
		PImprovedSE: j.PImprovedSE, Mean: j.Mean, Lo90: j.Lo90, Hi90: j.Hi90, Latent: j.Latent}
	return nil
}

// String says the reading in words: "on a fitted model (…), the chance
// that the later latent quality stands higher is 52% (Monte Carlo
// standard error 0.017); the change on the common ordinal +0.01 (90%
// interval -0.32 to +0.36)".
func (c ModelChange) String() string {
	return fmt.Sprintf("on %s, the chance that the later latent quality stands higher is %s (Monte Carlo standard error %s); the change on the common ordinal %s (90%% interval %s to %s)",
		c.Basis, crosswalk.Percent(c.PImproved), strconv.FormatFloat(c.PImprovedSE, 'f', 3, 64),
		signed(c.Mean), signed(c.Lo90), signed(c.Hi90))
}

// signed writes a change with two decimals and its sign: "+0.01",
// "-0.32", "0.00".
func signed(x float64) string {
	r := math.Round(x*100) / 100
	switch {
	case r > 0:
		return "+" + strconv.FormatFloat(r, 'f', 2, 64)
	case r == 0:
		return "0.00"
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

// relationOf is the inverse of DirectionOf, for a verdict that counts a
// model's direction among the relations of crosswalks.
func relationOf(d Direction) crosswalk.Relation {
	switch d {
	case Declined:
		return crosswalk.Below
	case Uncertain:
		return crosswalk.Overlapping
	case Unchanged:
		return crosswalk.Equivalent
	case Improved:
		return crosswalk.Above
	}
	return 0
}

// Sensitivity is the answer to "would another reasonable linking of the
// eras change this?" for a step or summary: the comparison of its two
// grades under each linking (the embedded crosswalk.Sensitivity) and, for
// a step or summary that a fitted model made, the model's own reading.
//
// The model's reading takes the place of the model's crosswalk among the
// linkings (the one whose Name is Model.Name): that crosswalk's bands
// alone would treat the two grades' positions as unrelated, which the
// model does not. The verdict counts the model's direction with the
// relations of the other linkings (Improved as Above, Declined as Below,
// Uncertain as Overlapping), as crosswalk.VerdictOf does.
//
// In JSON it is crosswalk.Sensitivity's object with the key "model" added:
// the [ModelChange], or null.
type Sensitivity struct {
	crosswalk.Sensitivity
	// Model is the fitted model's reading, or nil when the step or summary
	// is not a model's.
	Model *ModelChange `json:"model"`
}

// String writes the verdict and each linking's relation and probability,
// as crosswalk.Sensitivity.String does, then the model's: "depends on the
// linking: default overlapping 10%; observed overlapping 60% (90% interval
// 45–72%); latent overlapping 52% (Monte Carlo standard error 0.017)".
func (s Sensitivity) String() string {
	out := s.Sensitivity.String()
	if s.Model == nil {
		return out
	}
	model := s.Model.Name + " " + relationOf(s.Model.Direction).String() + " " + crosswalk.Percent(s.Model.PImproved) +
		" (Monte Carlo standard error " + strconv.FormatFloat(s.Model.PImprovedSE, 'f', 3, 64) + ")"
	head, tail, _ := strings.Cut(out, " (not covered by ")
	if tail != "" {
		tail = " (not covered by " + tail
	}
	if len(s.Readings) == 0 {
		return head + model + tail
	}
	return head + "; " + model + tail
}

// sensitivity compares a with b under each of the linkings and, when model
// is not nil, puts the model's reading in the place of its crosswalk.
func sensitivity(a, b grade.Grade, model *ModelChange, linkings []*crosswalk.Crosswalk) (Sensitivity, error) {
	if model == nil {
		cs, err := crosswalk.CompareUnder(a, b, linkings...)
		return Sensitivity{Sensitivity: cs}, err
	}
	others := slices.DeleteFunc(slices.Clone(linkings), func(cw *crosswalk.Crosswalk) bool { return cw.Name() == model.Name })
	cs := crosswalk.Sensitivity{A: a, B: b}
	if len(others) > 0 {
		var err error
		cs, err = crosswalk.CompareUnder(a, b, others...)
		switch {
		case errors.Is(err, crosswalk.ErrNotCovered):
			// The model covers them: the others are skipped, not an error.
			cs = crosswalk.Sensitivity{A: a, B: b}
			for _, cw := range others {
				cs.Skipped = append(cs.Skipped, cw.Name())
			}
		case err != nil:
			return Sensitivity{}, err
		}
	}
	relations := make([]crosswalk.Relation, 0, len(cs.Readings)+1)
	for _, r := range cs.Readings {
		relations = append(relations, r.Comparison.Relation)
	}
	cs.Verdict = crosswalk.VerdictOf(append(relations, relationOf(model.Direction))...)
	m := *model
	return Sensitivity{Sensitivity: cs, Model: &m}, nil
}
