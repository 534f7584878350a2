package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestGoldenInput runs the commands that read observations on inputs that
// a new user trips on (grade codes, other delimiters, lines of spaces, JSON
// keys in other cases) and compares the results with testdata/NAME.golden,
// as TestGolden does; -update rewrites them.
func TestGoldenInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"normalize-codes", []string{"normalize", "testdata/codes.csv"}},
		{"trend-codes", []string{"trend", "testdata/codes.csv"}},
		{"normalize-semicolon-hint", []string{"normalize", "testdata/semicolon.csv"}},
		{"normalize-semicolon", []string{"normalize", "-delimiter", ";", "testdata/semicolon.csv"}},
		{"normalize-tab-hint", []string{"normalize", "testdata/tab.tsv"}},
		{"trend-tab", []string{"trend", "-delimiter", "tab", "testdata/tab.tsv"}},
		{"usage-bad-delimiter", []string{"normalize", "-delimiter", "ab", "testdata/tab.tsv"}},
		{"normalize-spaces", []string{"normalize", "testdata/spaces.csv"}},
		{"normalize-json-keys", []string{"normalize", "-format", "json", "testdata/keys.json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCase(tc.args, "")
			checkGolden(t, tc.name, tc.args, out, errOut, code)
		})
	}
}

func TestParseDelimiter(t *testing.T) {
	for in, want := range map[string]rune{",": ',', ";": ';', "tab": '\t', `\t`: '\t', "\t": '\t', "|": '|', "§": '§'} {
		d, ok := parseDelimiter(in)
		assert.True(t, ok, "%q", in)
		assert.Equal(t, want, d, "%q", in)
	}
	for _, in := range []string{"", "ab", `"`, "\n", "\r", "\xff"} {
		_, ok := parseDelimiter(in)
		assert.False(t, ok, "%q", in)
	}
}
