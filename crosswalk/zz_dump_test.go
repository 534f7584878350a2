package crosswalk_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func TestZZDump(t *testing.T) {
	out := os.Getenv("XWDUMP")
	if out == "" {
		t.Skip()
	}
	var b strings.Builder
	a3, b3 := newScale(t, "sparse-a", 3), newScale(t, "sparse-b", 3)
	sparse, _ := crosswalk.FromDistributions(map[*scale.Scale][]float64{a3: {0, 10, 10}, b3: {5, 10, 5}})
	rev, err := crosswalk.ParseJSON([]byte(`{"counts": {"hmicfrs-peel-2021": [1, 5, 15, 17, 5], "hmic-peel-2014": [1, 10, 25, 7]}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	cws := []*crosswalk.Crosswalk{pinnedCrosswalk(t), sparse, crosswalk.Observed(), rev}
	for ci, cw := range cws {
		var gs []grade.Grade
		for s := range scale.All() {
			if cw.Covers(s) {
				for k := 1; k <= s.Len(); k++ {
					gs = append(gs, fromRank(t, s, k))
				}
			}
		}
		if ci == 1 {
			for k := 1; k <= 3; k++ {
				gs = append(gs, fromRank(t, a3, k), fromRank(t, b3, k))
			}
		}
		for _, g := range gs {
			bi, err := cw.BandInterval(g)
			fmt.Fprintf(&b, "%d BI %v %v %v\n", ci, g, bi, err)
		}
		for _, x := range gs {
			for _, y := range gs {
				c, err := cw.Compare(x, y)
				fmt.Fprintf(&b, "%d C %v %v %v %v %v %v\n", ci, x, y, c.PAbove, c.PAboveLo, c.PAboveHi, err)
			}
		}
	}
	os.WriteFile(out, []byte(b.String()), 0o644)
}
