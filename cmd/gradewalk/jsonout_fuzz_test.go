package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzJSONOutput runs compare, trend (steps, -summary, -by-period) and
// equate with -format json under a crosswalk file of arbitrary counts, or
// of cut points made from arbitrary widths (down to subnormal, so bands far
// narrower than 1e-154), and checks that whatever they write parses with a
// strict parser: valid JSON (so no NaN or Infinity token), every number
// within float64 (so no 1E700), nothing after the value. A command may
// reject its input (exit 1) or the crosswalk file (exit 2, naming
// -crosswalk), and must not panic.
// Issue 20: compare failed to write a NaN, trend wrote NaN and equate
// wrote +Inf, both with exit status 0.
func FuzzJSONOutput(f *testing.F) {
	f.Add(false, 1.0, 10.0, 25.0, 7.0, 1.0, 5.0, 15.0, 17.0, 5.0, uint8(2), uint8(3), uint8(1))
	f.Add(false, 1e-310, 2e-310, 1e-310, 1e-310, 1.0, 5.0, 15.0, 17.0, 5.0, uint8(1), uint8(1), uint8(4))
	f.Add(true, 1e-200, 2e-200, 0.5, 0.5, 2e-200, 2e-200, 0.3, 0.3, 0.4, uint8(1), uint8(1), uint8(2))
	f.Add(true, 1.0, 1e-300, 1.0, 1.0, 1.0, 1.0, 5e-324, 1.0, 1.0, uint8(1), uint8(2), uint8(2))
	f.Add(false, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, uint8(0), uint8(4), uint8(3))
	f.Add(false, 1e308, 1e308, 1e308, 1e308, 1e308, 1e308, 1.0, 1.0, 1.0, uint8(3), uint8(2), uint8(0))
	f.Add(false, math.NaN(), -1.0, math.Inf(1), 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, uint8(1), uint8(1), uint8(1))
	peel14 := []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}
	peel21 := []string{"Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"}
	file := filepath.Join(f.TempDir(), "crosswalk.json")
	f.Fuzz(func(t *testing.T, cuts bool, a1, a2, a3, a4, b1, b2, b3, b4, b5 float64, ka, kb, kc uint8) {
		a, b := []float64{a1, a2, a3, a4}, []float64{b1, b2, b3, b4, b5}
		key := "counts"
		if cuts {
			key = "cuts"
			a, b = cutsOf(a), cutsOf(b)
		}
		doc := fmt.Sprintf(`{%q: {"hmic-peel-2014": %s, "hmicfrs-peel-2021": %s}}`, key, numbers(a), numbers(b))
		if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		la, lb, lc := peel14[int(ka)%4], peel21[int(kb)%5], peel21[int(kc)%5]
		rows := "subject,area,date,scale,grade\n" +
			"S,o,2016,hmic-peel-2014," + la + "\n" +
			"S,o,2022-06,hmicfrs-peel-2021," + lb + "\n" +
			"S,o,2023-06,hmicfrs-peel-2021," + lc + "\n" +
			"T,o,2019,hmic-peel-2014," + peel14[int(kc)%4] + "\n" +
			"T,o,2023,hmicfrs-peel-2021," + la + "\n"
		for _, args := range [][]string{
			{"compare", "-format", "json", "-crosswalk", file, "hmic-peel-2014:" + la, "hmicfrs-peel-2021:" + lb},
			{"compare", "-format", "json", "-crosswalk", file, "hmicfrs-peel-2021:" + lc, "hmic-peel-2014:" + la},
			{"trend", "-format", "json", "-crosswalk", file},
			{"trend", "-format", "json", "-summary", "-crosswalk", file},
			{"trend", "-format", "json", "-by-period", "-crosswalk", file},
			{"equate", "-format", "json", "-crosswalk", file, "hmic-peel-2014", "hmicfrs-peel-2021"},
			{"equate", "-format", "json", "-crosswalk", file, "hmicfrs-peel-2021", "hmic-peel-2014"},
		} {
			out, errOut, code := runCase(args, rows)
			rejectedFile := code == exitUsage && strings.Contains(errOut, ": -crosswalk "+file+": ")
			if code != exitOK && code != exitRejected && !rejectedFile {
				t.Fatalf("%s with %s: exit %d: %s", strings.Join(args[:2], " "), doc, code, errOut)
			}
			if out == "" {
				continue
			}
			if err := strictJSON(out); err != nil {
				t.Fatalf("%s with %s: %v in %s", strings.Join(args, " "), doc, err, out)
			}
		}
	})
}

// cutsOf returns the cut points of bands as wide as the absolute values of
// widths, scaled to [0, 1]: 0 first, 1 last, in order. Widths that sum to
// zero or to more than a float64 holds are written as they are, a file
// the commands must reject.
func cutsOf(widths []float64) []float64 {
	sum := 0.0
	for _, w := range widths {
		sum += math.Abs(w)
	}
	if sum == 0 || math.IsInf(sum, 0) || math.IsNaN(sum) {
		return widths
	}
	cuts := make([]float64, len(widths)+1)
	run := 0.0
	for i, w := range widths {
		run += math.Abs(w)
		cuts[i+1] = min(1, run/sum)
	}
	cuts[len(widths)] = 1
	return cuts
}

// numbers writes xs as a JSON array, each number as strconv writes it: NaN
// and ±Inf come out as the bare words, which make the file invalid.
func numbers(xs []float64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatFloat(x, 'g', -1, 64)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// strictJSON checks that s is one JSON value and nothing more, every number
// in it a finite float64.
func strictJSON(s string) error {
	if !json.Valid([]byte(s)) {
		return fmt.Errorf("not valid JSON")
	}
	dec := json.NewDecoder(strings.NewReader(s))
	var v any
	if err := dec.Decode(&v); err != nil { // a number beyond float64 fails here
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("data after the value: %v", err)
	}
	return nil
}
