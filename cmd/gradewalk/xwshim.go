package main

import (
	"fmt"
	"iter"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// crosswalkName names a crosswalk in a few words, for messages.
func crosswalkName(cw *crosswalk.Crosswalk) string { return cw.String() }

// checkCovers returns nil when cw covers every scale, else an error that
// names the first scale not covered and how many others.
func checkCovers(cw *crosswalk.Crosswalk, scales iter.Seq[*scale.Scale]) error {
	var first *scale.Scale
	others := 0
	for s := range scales {
		if cw.Covers(s) {
			continue
		}
		if first == nil {
			first = s
		} else {
			others++
		}
	}
	if first == nil {
		return nil
	}
	msg := fmt.Sprintf("the crosswalk (%s) does not cover scale %s", crosswalkName(cw), first.ID())
	if others > 0 {
		msg += fmt.Sprintf(" (nor %d other scale(s) of the input)", others)
	}
	return &crosswalk.ScaleError{Scale: first.ID(), Err: fmt.Errorf("%s: %w", msg, crosswalk.ErrNotCovered)}
}
