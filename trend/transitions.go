package trend

import (
	"errors"
	"fmt"
	"iter"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// ErrTransitionScales is wrapped by the error of [Transitions] when it is
// not given two different scales.
var ErrTransitionScales = errors.New("transitions need two different scales")

// Transition is one subject and area graded on both scales of a
// [TransitionTable]: its last grade on the first scale before its first
// grade on the second, and that first grade.
//
// In JSON a transition is {"subject", "area", "from", "to"}, from and to as
// [Observation] writes them.
type Transition struct {
	Subject string      `json:"subject"`
	Area    string      `json:"area"`
	From    Observation `json:"from"`
	To      Observation `json:"to"`
}

// Flow counts the subjects and areas that went from one grade on the
// first scale to one grade on the second.
//
// In JSON a flow is {"from", "to", "count"}, from and to as qualified
// grades ("hmic-peel-2014:Good").
type Flow struct {
	From  grade.Grade `json:"from"`
	To    grade.Grade `json:"to"`
	Count int         `json:"count"`
}

// TransitionTable is what happened across a change of scale to the
// subjects graded on both sides of it: for each subject and area, the last
// grade on the first scale against the first grade on the second, and how
// many went from each grade to each. The zero TransitionTable has no
// scales and no rows. It is immutable.
type TransitionTable struct {
	from, to  *scale.Scale
	rows      []Transition
	unordered []Transition
	counts    []int // from.Len() rows of to.Len(), worst first
}

// Transitions builds the table of what happened to the subjects graded on
// both from and to: for each series of [Group] (a subject and area) with
// grades on both scales, the last grade on from that comes before its
// first grade on to, in the series' order (see "Order" in the package
// documentation), against that first grade on to. A grade counts as on a
// scale when its scale is the scale or equal to it ([scale.Scale.Equal]).
//
// A series whose grades on from all come after its first grade on to
// (which the eras of two successive scales rule out, but data can hold) is
// not counted: [TransitionTable.Unordered] lists it, with its first grade
// on from after the change. Observations on other scales play no part.
//
// The error wraps [ErrTransitionScales] when from or to is nil or they are
// the same scale, and is an *[ObservationError] for an observation with no
// date or grade.
func Transitions(obs []Observation, from, to *scale.Scale) (TransitionTable, error) {
	if from == nil || to == nil || from == to || from.Equal(to) {
		return TransitionTable{}, fmt.Errorf("trend: transitions from %s to %s: %w", from, to, ErrTransitionScales)
	}
	for i, o := range obs {
		if err := check(i, o); err != nil {
			return TransitionTable{}, err
		}
	}
	// Which side each scale is on, decided once per scale.
	side := map[*scale.Scale]int{}
	sideOf := func(s *scale.Scale) int {
		k, ok := side[s]
		if !ok {
			switch {
			case s == from || s.Equal(from):
				k = 1
			case s == to || s.Equal(to):
				k = 2
			}
			side[s] = k
		}
		return k
	}
	relevant := make([]Observation, 0, len(obs))
	for _, o := range obs {
		if sideOf(o.Grade.Scale()) != 0 {
			relevant = append(relevant, o)
		}
	}
	t := TransitionTable{from: from, to: to, counts: make([]int, from.Len()*to.Len())}
	for _, s := range Group(relevant) {
		first := -1 // the first grade on to
		for i, o := range s.Observations {
			if sideOf(o.Grade.Scale()) == 2 {
				first = i
				break
			}
		}
		if first < 0 {
			continue
		}
		last := -1 // the last grade on from before it
		for i := first - 1; i >= 0; i-- {
			if sideOf(s.Observations[i].Grade.Scale()) == 1 {
				last = i
				break
			}
		}
		tr := Transition{Subject: s.Subject, Area: s.Area, To: s.Observations[first]}
		if last < 0 {
			for _, o := range s.Observations[first+1:] {
				if sideOf(o.Grade.Scale()) == 1 {
					tr.From = o
					t.unordered = append(t.unordered, tr)
					break
				}
			}
			continue
		}
		tr.From = s.Observations[last]
		t.rows = append(t.rows, tr)
		t.counts[(tr.From.Grade.Rank()-1)*to.Len()+tr.To.Grade.Rank()-1]++
	}
	return t, nil
}

// From returns the first scale, or nil for the zero table.
func (t TransitionTable) From() *scale.Scale { return t.from }

// To returns the second scale, or nil for the zero table.
func (t TransitionTable) To() *scale.Scale { return t.to }

// Len returns the number of subjects and areas counted.
func (t TransitionTable) Len() int { return len(t.rows) }

// Rows yields each subject and area counted, in the order of subject and
// area.
func (t TransitionTable) Rows() iter.Seq[Transition] {
	return func(yield func(Transition) bool) {
		for _, r := range t.rows {
			if !yield(r) {
				return
			}
		}
	}
}

// Unordered yields each subject and area graded on both scales whose every
// grade on the first scale came after its first grade on the second: not
// counted, with From its first grade on the first scale after To.
func (t TransitionTable) Unordered() iter.Seq[Transition] {
	return func(yield func(Transition) bool) {
		for _, r := range t.unordered {
			if !yield(r) {
				return
			}
		}
	}
}

// Count returns how many went from grade a on the first scale to grade b
// on the second; 0 when a or b is not a grade of its scale.
func (t TransitionTable) Count(a, b grade.Grade) int {
	i, j, ok := t.cell(a, b)
	if !ok {
		return 0
	}
	return t.counts[i*t.to.Len()+j]
}

func (t TransitionTable) cell(a, b grade.Grade) (i, j int, ok bool) {
	if t.from == nil || !a.IsValid() || !b.IsValid() {
		return 0, 0, false
	}
	if sa := a.Scale(); sa != t.from && !sa.Equal(t.from) {
		return 0, 0, false
	}
	if sb := b.Scale(); sb != t.to && !sb.Equal(t.to) {
		return 0, 0, false
	}
	return a.Rank() - 1, b.Rank() - 1, true
}

// Flows yields every pair of grades that at least one subject and area
// went between, with its count: by grade on the first scale, then on the
// second, worst first.
func (t TransitionTable) Flows() iter.Seq[Flow] {
	return func(yield func(Flow) bool) {
		if t.from == nil {
			return
		}
		n := t.to.Len()
		for k, c := range t.counts {
			if c == 0 {
				continue
			}
			a, _ := grade.FromRank(t.from, k/n+1)
			b, _ := grade.FromRank(t.to, k%n+1)
			if !yield(Flow{From: a, To: b, Count: c}) {
				return
			}
		}
	}
}
