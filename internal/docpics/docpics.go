// Package docpics draws the pictures that the documentation shows, for the
// examples that own their data, and tells when the copies kept in docs/img
// are stale. It is the one owner of that rule: each example lists its
// pictures, writes them with -charts DIR, and checks them in a test.
package docpics

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// Picture is one picture an example draws.
type Picture struct {
	// Name is the file's name in the directory, e.g. "fire-grid.svg".
	Name string
	// Draw writes the picture.
	Draw func(w *bytes.Buffer) error
}

// Main is the main function of an example that draws pictures: it runs
// run on standard output and, given -charts DIR, draws pics into DIR. On an
// error it prints it after name and exits with status 1.
func Main(name string, run func(io.Writer) error, pics []Picture) {
	charts := flag.String("charts", "", "also draw the README's pictures as SVG into `DIR`")
	flag.Parse()
	err := run(os.Stdout)
	if err == nil && *charts != "" {
		err = Write(*charts, pics)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(1)
	}
}

// Write draws each picture into dir, replacing the files.
func Write(dir string, pics []Picture) error {
	for _, p := range pics {
		data, err := draw(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func draw(p Picture) ([]byte, error) {
	var buf bytes.Buffer
	if err := p.Draw(&buf); err != nil {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	return buf.Bytes(), nil
}

// Check fails t for each picture whose file in dir is missing or is not
// what Draw draws now, saying to run redraw. With update it first writes
// them all, as go test -update does.
func Check(t testing.TB, dir string, pics []Picture, update bool, redraw string) {
	t.Helper()
	if update {
		if err := Write(dir, pics); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pics {
		got, err := draw(p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(dir, p.Name))
		switch {
		case err != nil:
			t.Errorf("%s: %v: run %s", p.Name, err, redraw)
		case !bytes.Equal(want, got):
			t.Errorf("%s in %s is stale: run %s, or go test -update", p.Name, dir, redraw)
		}
	}
}
