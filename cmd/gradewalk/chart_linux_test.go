package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A PNG is not written to a terminal, where it would be noise: a pseudo-
// terminal's master side stands for one.
func TestChartPNGNotToATerminal(t *testing.T) {
	tty, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	require.NoError(t, err)
	defer tty.Close()
	require.True(t, isTerminal(tty))
	var stderr strings.Builder
	code := run([]string{"chart", "-format", "png", "-kind", "ladder", "-family", "hmicfrs-police"}, strings.NewReader(""), tty, &stderr)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr.String(), "-format png writes binary data: give -o FILE.png, or redirect standard output")
}
