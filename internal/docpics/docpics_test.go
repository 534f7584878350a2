package docpics_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/internal/docpics"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, f) }
func (r *recorder) Fatal(a ...any)            { r.fatal = true }

func pictures(text string) []docpics.Picture {
	return []docpics.Picture{{Name: "a.svg", Draw: func(w *bytes.Buffer) error { w.WriteString(text); return nil }}}
}

func TestWriteAndCheck(t *testing.T) {
	dir := t.TempDir()
	r := &recorder{TB: t}
	docpics.Check(r, dir, pictures("one"), false, "redraw")
	assert.Len(t, r.errors, 1, "a missing file is stale")

	require.NoError(t, docpics.Write(dir, pictures("one")))
	data, err := os.ReadFile(filepath.Join(dir, "a.svg"))
	require.NoError(t, err)
	assert.Equal(t, "one", string(data))
	r = &recorder{TB: t}
	docpics.Check(r, dir, pictures("one"), false, "redraw")
	assert.Empty(t, r.errors, "fresh")

	r = &recorder{TB: t}
	docpics.Check(r, dir, pictures("two"), false, "redraw")
	assert.Len(t, r.errors, 1, "a changed picture is stale")

	r = &recorder{TB: t}
	docpics.Check(r, dir, pictures("two"), true, "redraw")
	assert.Empty(t, r.errors, "update redraws first")
	data, err = os.ReadFile(filepath.Join(dir, "a.svg"))
	require.NoError(t, err)
	assert.Equal(t, "two", string(data))
}

func TestDrawError(t *testing.T) {
	bad := []docpics.Picture{{Name: "bad.svg", Draw: func(*bytes.Buffer) error { return errors.New("no data") }}}
	err := docpics.Write(t.TempDir(), bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.svg: no data")
	r := &recorder{TB: t}
	docpics.Check(r, t.TempDir(), bad, false, "redraw")
	assert.True(t, r.fatal)
}
