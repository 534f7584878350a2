package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// -csv-safe quotes a cell that begins with any of the characters a
// spreadsheet reads as the start of a formula, in any column, and leaves
// those characters alone elsewhere in a cell (TestCSVSafe checks = and @
// and that it is off by default).
func TestCSVSafeEveryPrefix(t *testing.T) {
	in := "subject,area,date,scale,grade,note\n" +
		"+cmd,-a,2019,hmic-peel-2014,Good,\"\tx\"\n" +
		"s,a=b,2019,hmic-peel-2014,Good,x@y-z+1\n"
	out, errOut, code := runCase([]string{"normalize", "-csv-safe"}, in)
	require.Equal(t, exitOK, code, errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 3)
	assert.Equal(t, "'+cmd,'-a,2019,hmic-peel-2014,Good,'\tx,Good,3,0.5,0.75,0.625", lines[1])
	assert.Equal(t, "s,a=b,2019,hmic-peel-2014,Good,x@y-z+1,Good,3,0.5,0.75,0.625", lines[2], "only a cell's first character counts")

	out, _, code = runCase([]string{"normalize"}, in)
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, "\n+cmd,-a,", "off by default")
}
