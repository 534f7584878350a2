// Command gendata writes benchmark input for gradewalk to standard output:
//
//	go run ./internal/gen/gendata -n 1000000 > obs.csv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gradewalk/gradewalk/internal/gen"
)

func main() {
	n := flag.Int("n", 1000000, "number of data rows")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	w := bufio.NewWriter(os.Stdout)
	_, err := io.Copy(w, gen.CSV(*n, *seed))
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendata:", err)
		os.Exit(1)
	}
}
