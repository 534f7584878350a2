package scale

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"
)

// The built-in catalogue: one JSON file per family, in the form
// [ParseDefinitions] reads. docs/catalogue.md lists it with its sources.
//
//go:embed catalogue/*.json
var catalogueFiles embed.FS

// Builtin returns the built-in scales, read from the embedded catalogue, in
// the order of its files. Since [New] interns scales, they are the very
// *Scale values the default registry holds (while it holds them, which is
// always once it is built), not copies to be told apart: a grade of one is
// == to a grade of the other.
func Builtin() ([]*Scale, error) {
	files, err := fs.Glob(catalogueFiles, "catalogue/*.json")
	if err != nil {
		return nil, err
	}
	var all []*Scale
	for _, name := range files {
		data, err := catalogueFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		scales, err := Load(data)
		if err != nil {
			return nil, fmt.Errorf("scale: built-in catalogue %s: %w", name, err)
		}
		all = append(all, scales...)
	}
	return all, nil
}

var defaultRegistry = sync.OnceValue(func() *Registry {
	scales, err := Builtin()
	r := new(Registry)
	if err == nil {
		err = r.Register(scales...)
	}
	if err != nil {
		// The catalogue is part of the package, and TestBuiltin checks it
		// loads; reaching this is a bug in the package, not bad input.
		panic(err)
	}
	return r
})
