// Command tables writes the two lookup tables that the peer scripts of
// bench/peers join against, so that pandas and data.table are given the
// catalogue's knowledge for free and do only the data work:
//
//	levels.csv: scale, key (a label or alias in lower case), label, rank,
//	            band_lo, band_hi, score (on the default crosswalk)
//	eras.csv:   family, scale, from, until (empty while in force)
//
// Usage: go run ./bench/peers/tables DIR
package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: tables DIR")
		os.Exit(2)
	}
	if err := write(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "tables:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	cw := crosswalk.Default()
	var levels, eras [][]string
	levels = append(levels, []string{"scale", "key", "label", "rank", "band_lo", "band_hi", "score"})
	eras = append(eras, []string{"family", "scale", "from", "until"})
	for s := range scale.All() {
		until := ""
		if !s.Era().IsOpen() {
			until = s.Era().Until.Format("2006-01-02")
		}
		eras = append(eras, []string{s.Family(), s.ID(), s.Era().From.Format("2006-01-02"), until})
		for l := range s.Levels() {
			band, err := cw.Band(grade.MustParse(s, l.Label()))
			if err != nil {
				continue // a scale the default crosswalk does not place
			}
			row := func(key string) []string {
				return []string{s.ID(), strings.ToLower(key), l.Label(), strconv.Itoa(l.Rank()),
					number(band.Lo), number(band.Hi), number(band.Mid())}
			}
			levels = append(levels, row(l.Label()))
			for a := range l.Aliases() {
				if !strings.EqualFold(a, l.Label()) {
					levels = append(levels, row(a))
				}
			}
		}
	}
	if err := writeCSV(filepath.Join(dir, "levels.csv"), levels); err != nil {
		return err
	}
	return writeCSV(filepath.Join(dir, "eras.csv"), eras)
}

// number writes a number as gradewalk's CSV output does for these values:
// twelve significant digits, shortest form.
func number(f float64) string { return strconv.FormatFloat(f, 'g', 12, 64) }

func writeCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
