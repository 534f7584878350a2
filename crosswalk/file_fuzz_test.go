package crosswalk_test

import (
	"testing"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// FuzzParseJSON checks that ParseJSON never panics, that every failure is a
// *FileError, and that a crosswalk it accepts gives every level of every
// scale it covers a band inside [0, 1], the bands of a scale in order.
func FuzzParseJSON(f *testing.F) {
	for _, seed := range []string{
		`{"counts": {"hmic-peel-2014": [2, 10, 25, 3]}}`,                                                       // counts
		`{"cuts": {"hmicfrs-peel-2021": [0, 0.1, 0.3, 0.6, 0.9, 1]}}`,                                          // cut points
		`{"counts": {"hmic-peel-2014": [0, 0, 1, 0]}, "cuts": {"ofsted-schools-2012": [0, 0.1, 0.5, 0.9, 1]}}`, // both, zero-width bands
		`{"counts": {"hmic-peel-2014": [1, -1, 1, 1]}}`,                                                        // negative
		`{"cuts": {"hmic-peel-2014": [0, 0.5, 0.4, 0.9, 1]}}`,                                                  // decreasing
		`{"counts": {"nope": [1]}}`,                                                                            // unknown scale
		`{"counts": {"hmic-peel-2014": [1e308, 1e308, 1, 1]}}`,                                                 // overflow
		`{"counts": {}, "counts": {}}`,                                                                         // key twice
		`{"counts"`,                                                                                            // truncated
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cw, err := crosswalk.ParseJSON(data, nil)
		if err != nil {
			if _, ok := err.(*crosswalk.FileError); !ok {
				t.Fatalf("error is %T, not *FileError: %v", err, err)
			}
			return
		}
		for s := range scale.All() {
			if !cw.Covers(s) {
				continue
			}
			bands, err := cw.Bands(s)
			if err != nil {
				t.Fatal(err)
			}
			prev := 0.0
			for g, b := range bands {
				if !(b.Lo >= prev && b.Hi >= b.Lo && b.Hi <= 1) {
					t.Fatalf("%v: band %v after %v", g, b, prev)
				}
				prev = b.Hi
			}
			if prev != 1 {
				t.Fatalf("%s: bands end at %v", s.ID(), prev)
			}
		}
	})
}
