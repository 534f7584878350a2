// Package suggest finds the nearest of a set of words to a word that
// matched none of them, for the "did you mean" of an error message: the
// one owner of that rule for scale IDs and grade labels alike.
package suggest

import (
	"iter"
	"unicode/utf8"
)

// maxInput is the longest word, in runes, that Nearest considers: past it a
// typing slip is not what went wrong, and the cost stays bounded.
const maxInput = 64

// MaxDistance returns the largest edit distance at which Nearest suggests a
// candidate for a word of n runes: 1 for up to 4 runes, then one more for
// every 4 runes, and never more than 3. A word so far from every candidate
// gets no suggestion rather than a wild one.
func MaxDistance(n int) int { return min(3, max(1, n/4)) }

// Nearest returns the candidate nearest to word in edit distance (the
// number of runes inserted, deleted or replaced), when that distance is at
// most MaxDistance of word's length and above 0; ok is false otherwise. Of
// candidates at the same distance, the first in byte order wins, so the
// answer does not depend on the order of candidates (a map's keys). The caller normalises
// both sides as it matches them (case, spacing), so that the distance
// counts only real differences. Each candidate costs at most
// O(len(word)·MaxDistance), so a scan of many candidates stays cheap.
func Nearest(word string, candidates iter.Seq[string]) (best string, ok bool) {
	n := utf8.RuneCountInString(word)
	if n == 0 || n > maxInput {
		return "", false
	}
	limit := MaxDistance(n)
	a := []rune(word)
	bestDist := limit + 1
	var prev, cur []int
	for c := range candidates {
		m := utf8.RuneCountInString(c)
		if m > maxInput || abs(m-n) > min(limit, bestDist) {
			continue
		}
		d := distance(a, []rune(c), min(limit, bestDist), &prev, &cur)
		if d > 0 && (d < bestDist || (d == bestDist && c < best)) {
			best, bestDist, ok = c, d, true
		}
	}
	return best, ok
}

// distance returns the edit distance of a and b, or limit+1 once it is
// certain to exceed limit. prev and cur are reused rows.
func distance(a, b []rune, limit int, prev, cur *[]int) int {
	if len(b)+1 > cap(*prev) {
		*prev, *cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	p, c := (*prev)[:len(b)+1], (*cur)[:len(b)+1]
	for j := range p {
		p[j] = j
	}
	for i := 1; i <= len(a); i++ {
		c[0] = i
		rowMin := c[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			c[j] = min(p[j]+1, c[j-1]+1, p[j-1]+cost)
			rowMin = min(rowMin, c[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		p, c = c, p
	}
	return p[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
