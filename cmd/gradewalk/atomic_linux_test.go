package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The environment that makes TestFailedWriteKeepsOldFile's child run the
// command line in argsVar under a file size limit of fsizeLimit bytes.
const (
	childVar   = "GRADEWALK_TEST_FSIZE_CHILD"
	argsVar    = "GRADEWALK_TEST_FSIZE_ARGS"
	fsizeLimit = 64
)

// A write that fails part way, as on a full disk, leaves the old file
// whole and no temporary file behind (issue 20: chart -o truncated the
// target first, leaving a partial SVG in place of the old file). The write
// is made to fail by a file size limit (RLIMIT_FSIZE), set in a child
// process so that it binds nothing else: the child is this test binary,
// running this test, which sees childVar and runs the command instead.
func TestFailedWriteKeepsOldFile(t *testing.T) {
	if os.Getenv(childVar) != "" {
		var lim syscall.Rlimit
		require.NoError(t, syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim))
		lim.Cur = fsizeLimit
		require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim))
		os.Exit(run(strings.Split(os.Getenv(argsVar), "\n"), strings.NewReader(""), os.Stdout, os.Stderr))
	}
	old := strings.Repeat("the old file, whole. ", 20) // longer than the limit: it is not rewritten
	for _, tc := range []struct {
		name, file string
		args       func(out string) []string
	}{
		{"chart -o", "out.svg", func(out string) []string {
			return []string{"chart", "-o", out, "testdata/leicestershire.csv"}
		}},
		{"trend -write-crosswalk", "out.json", func(out string) []string {
			return []string{"trend", "-crosswalk", "data", "-write-crosswalk", out, "testdata/forces.csv"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, tc.file)
			require.NoError(t, os.WriteFile(out, []byte(old), 0o644))
			cmd := exec.Command(os.Args[0], "-test.run=^TestFailedWriteKeepsOldFile$", "-test.count=1")
			cmd.Env = append(os.Environ(), childVar+"=1", argsVar+"="+strings.Join(tc.args(out), "\n"))
			stderr, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit, "the command fails: %s", stderr)
			assert.Equal(t, exitRejected, exit.ExitCode(), "%s", stderr)
			assert.Contains(t, string(stderr), "file too large")
			data, err := os.ReadFile(out)
			require.NoError(t, err)
			assert.Equal(t, old, string(data), "the old file is whole")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, entries, 1, "no temporary file is left")
		})
	}
}
