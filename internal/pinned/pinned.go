// Package pinned lets tests pin the output of the latent model's sampler
// where it is reproducible bit for bit, and check the rest of that output
// everywhere.
//
// A Markov chain turns a difference in the last bit of a floating-point
// operation into different draws. On amd64, built for GOAMD64 v1 or v2
// (v1 is Go's default), the sampler's arithmetic is the same on every
// processor with FMA (all made since about 2015: package math's Exp takes
// another path without it), so its numbers are pinned there. Built for
// GOAMD64 v3 or later,
// and on other architectures, the compiler fuses multiplications and
// additions, and on some math.Exp is computed differently, so the numbers
// agree with those pinned only within Monte Carlo error. Tests that compare
// a model's output with a golden file compare it whole where Exact and,
// elsewhere, with every number masked: the words, columns and structure
// are still checked.
package pinned

import (
	"regexp"
	"runtime"
	"strings"
)

// Exact reports whether the sampler's numbers are pinned on this
// architecture and GOAMD64 level.
func Exact() bool { return runtime.GOARCH == "amd64" && !fusesMultiplyAdd }

// number matches a decimal number, with its sign and exponent.
var number = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?`)

// Mask replaces every number in s by "#", but for those that are part of a
// word, an identifier or a date: hmic-peel-2014, 2019-05-02 and x2 keep
// their digits.
func Mask(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range number.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		if s[start] == '-' && start > 0 && glued(s[start-1]) {
			continue // a hyphen within a word or date, not a sign
		}
		if start > 0 && (glued(s[start-1]) || s[start-1] == '.') {
			continue
		}
		if end < len(s) && (glued(s[end]) || s[end] == '-' && end+1 < len(s) && isDigit(s[end+1])) {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteByte('#')
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

// glued reports whether a byte next to a number makes it part of a word:
// a letter, a digit, an underscore, or any byte of a character beyond
// ASCII.
func glued(c byte) bool {
	return isDigit(c) || c == '_' || c >= 0x80 || (c|0x20) >= 'a' && (c|0x20) <= 'z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Comparable returns s as it should be compared on this architecture: as
// it is where the numbers are pinned, masked elsewhere.
func Comparable(s string) string {
	if Exact() {
		return s
	}
	return Mask(s)
}
