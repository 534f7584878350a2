package scale

import (
	"unicode"
	"unicode/utf8"
)

// NormalizeLabel returns the form in which labels are matched: lower case,
// surrounding white space and quotes (' " ‘ ’ “ ”) removed, '-' and '_' read
// as spaces, and runs of white space folded to one space. Two labels match
// exactly when their normal forms are equal; nothing else is guessed.
//
// For example "  ‘Requiring-Improvement’ " and "requiring improvement" have
// the same normal form.
func NormalizeLabel(label string) string {
	var buf [64]byte
	return string(appendNormalized(buf[:0], label))
}

// appendNormalized appends the normal form of label to dst. Lookups call it
// with a stack buffer so that matching a label does not allocate.
func appendNormalized(dst []byte, label string) []byte {
	label = trimSurrounding(label)
	space := false
	for i := 0; i < len(label); {
		c := label[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == ' ' || c == '-' || c == '_' || (c >= '\t' && c <= '\r'):
				space = true
				continue
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			}
			if space && len(dst) > 0 {
				dst = append(dst, ' ')
			}
			space = false
			dst = append(dst, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(label[i:])
		i += size
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && len(dst) > 0 {
			dst = append(dst, ' ')
		}
		space = false
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// trimSurrounding removes white space, quote marks, '-' and '_' from both
// ends of s, as many layers as there are (` "‘Good’" ` becomes `Good`).
// '-' and '_' are trimmed with the white space they stand for, so that
// "-'Good'" does not leave a quote at the start of the normal form, which
// would make NormalizeLabel not idempotent.
func trimSurrounding(s string) string {
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if !isSpaceOrQuote(r) {
			break
		}
		s = s[size:]
	}
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if !isSpaceOrQuote(r) {
			break
		}
		s = s[:len(s)-size]
	}
	return s
}

// isSpaceOrQuote reports whether r is trimmed from the ends of a label.
func isSpaceOrQuote(r rune) bool {
	switch r {
	case '\'', '"', '‘', '’', '“', '”', '-', '_':
		return true
	}
	return unicode.IsSpace(r)
}
