package chart

import (
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font/liberation"
)

// typeface is one face of Liberation Sans, the font every picture is
// measured and drawn with. Text is drawn as the font's own outlines (see
// the package documentation), so what is measured here is exactly what
// every renderer shows, whatever fonts it has.
//
// Everything is in font units (unitsPerEm to the em); sizes scale it.
type typeface struct {
	font            *sfnt.Font
	upm             float64
	ascent, descent float64 // in ems

	mu    sync.Mutex
	buf   sfnt.Buffer
	ascii [128]glyphMetric // runes below 128, filled at load
	// asciiKern is the kerning between printable ASCII runes, filled at
	// load, so that most text is measured without a lock.
	asciiKern [95][95]int32
	glyphs    map[rune]glyphMetric
	kerns     map[[2]sfnt.GlyphIndex]int32
	outline   map[sfnt.GlyphIndex]sfnt.Segments // in font units, y down
}

type glyphMetric struct {
	index   sfnt.GlyphIndex
	advance int32
}

// faces returns the regular and bold faces, loaded once. They come compiled
// into the program with gonum/plot: nothing is read from the system.
var faces = sync.OnceValue(func() [2]*typeface {
	var out [2]*typeface
	for _, f := range liberation.Collection() {
		if f.Font.Typeface != "Liberation" || f.Font.Variant != "Sans" || f.Font.Style != xfont.StyleNormal {
			continue
		}
		i := 0
		if f.Font.Weight == xfont.WeightBold {
			i = 1
		} else if f.Font.Weight != xfont.WeightNormal {
			continue
		}
		out[i] = newTypeface(f.Face)
	}
	if out[0] == nil || out[1] == nil {
		panic("chart: Liberation Sans is missing from gonum's font collection")
	}
	return out
})

func newTypeface(f *sfnt.Font) *typeface {
	t := &typeface{
		font:    f,
		upm:     float64(f.UnitsPerEm()),
		glyphs:  make(map[rune]glyphMetric),
		kerns:   make(map[[2]sfnt.GlyphIndex]int32),
		outline: make(map[sfnt.GlyphIndex]sfnt.Segments),
	}
	m, err := f.Metrics(&t.buf, t.ppem(), xfont.HintingNone)
	if err != nil {
		panic("chart: Liberation Sans has no metrics: " + err.Error())
	}
	t.ascent, t.descent = float64(m.Ascent)/t.upm, float64(m.Descent)/t.upm
	for r := range rune(128) {
		t.ascii[r] = t.load(r)
	}
	for a := range 95 {
		for b := range 95 {
			k, err := f.Kern(&t.buf, t.ascii[a+32].index, t.ascii[b+32].index, t.ppem(), xfont.HintingNone)
			if err == nil {
				t.asciiKern[a][b] = int32(k)
			}
		}
	}
	return t
}

// ppem asks sfnt for values in font units: a 26.6 number whose raw value
// is the number of units.
func (t *typeface) ppem() fixed.Int26_6 { return fixed.Int26_6(t.upm) }

// load finds r's glyph and advance; the caller holds mu or is newTypeface.
// A rune the font lacks gets glyph 0, the font's "missing" box, which is
// measured and drawn like any glyph.
func (t *typeface) load(r rune) glyphMetric {
	idx, err := t.font.GlyphIndex(&t.buf, r)
	if err != nil {
		idx = 0
	}
	adv, err := t.font.GlyphAdvance(&t.buf, idx, t.ppem(), xfont.HintingNone)
	if err != nil {
		adv = 0
	}
	return glyphMetric{idx, int32(adv)}
}

func (t *typeface) metric(r rune) glyphMetric {
	if r >= 0 && r < 128 {
		return t.ascii[r]
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	g, ok := t.glyphs[r]
	if !ok {
		g = t.load(r)
		t.glyphs[r] = g
	}
	return g
}

// kernRunes returns the kerning between runes p and r, whose glyphs are
// a and b.
func (t *typeface) kernRunes(p, r rune, a, b sfnt.GlyphIndex) int32 {
	if p >= 32 && p < 127 && r >= 32 && r < 127 {
		return t.asciiKern[p-32][r-32]
	}
	return t.kern(a, b)
}

func (t *typeface) kern(a, b sfnt.GlyphIndex) int32 {
	key := [2]sfnt.GlyphIndex{a, b}
	t.mu.Lock()
	defer t.mu.Unlock()
	k, ok := t.kerns[key]
	if !ok {
		v, err := t.font.Kern(&t.buf, a, b, t.ppem(), xfont.HintingNone)
		if err == nil {
			k = int32(v)
		}
		t.kerns[key] = k
	}
	return k
}

// glyphOutline returns the outline of a glyph in font units, y down. The
// segments are shared: callers must not change them.
func (t *typeface) glyphOutline(idx sfnt.GlyphIndex) sfnt.Segments {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.outline[idx]
	if !ok {
		segs, err := t.font.LoadGlyph(&t.buf, idx, t.ppem(), nil)
		if err == nil {
			s = append(sfnt.Segments(nil), segs...)
		}
		t.outline[idx] = s
	}
	return s
}

// placedGlyph is a glyph of a laid-out string: its index and where its
// origin falls, in font units from the string's start.
type placedGlyph struct {
	index sfnt.GlyphIndex
	x     int32
}

// walk lays s out: each glyph at the sum of the advances before it and
// the kerning between pairs. It calls f with each rune's byte offset, its
// glyph and where its origin falls, in font units, until f returns false,
// and returns the advance of the runes walked. Measuring and drawing share
// it, so that what is measured is what is drawn.
func (t *typeface) walk(s string, f func(i int, g glyphMetric, x int32) bool) int32 {
	var x int32
	var prev sfnt.GlyphIndex
	var prevRune rune
	for i, r := range s {
		g := t.metric(r)
		if i > 0 {
			x += t.kernRunes(prevRune, r, prev, g.index)
		}
		if f != nil && !f(i, g, x) {
			return x
		}
		prevRune, prev = r, g.index
		x += g.advance
	}
	return x
}

// shape appends the glyphs of s, placed, to out, and returns them with the
// string's advance.
func (t *typeface) shape(s string, out []placedGlyph) ([]placedGlyph, int32) {
	x := t.walk(s, func(_ int, g glyphMetric, x int32) bool {
		out = append(out, placedGlyph{g.index, x})
		return true
	})
	return out, x
}

// width returns the advance of s, in font units.
func (t *typeface) width(s string) int32 { return t.walk(s, nil) }

// fit returns the length in bytes of the longest prefix of s no wider than
// limit font units.
func (t *typeface) fit(s string, limit int32) int {
	n := len(s)
	t.walk(s, func(i int, g glyphMetric, x int32) bool {
		if x+g.advance > limit {
			n = i
			return false
		}
		return true
	})
	return n
}

// faceOf returns the face of a weight.
func faceOf(bold bool) *typeface {
	if bold {
		return faces()[1]
	}
	return faces()[0]
}

// textWidth returns the width of s at the given size, in picture units.
func textWidth(s string, size float64, bold bool) float64 {
	t := faceOf(bold)
	return float64(t.width(s)) * size / t.upm
}

// ascentOf and descentOf are how far the font reaches above and below the
// baseline at a size: the box every text is measured by.
func ascentOf(size float64) float64  { return faces()[0].ascent * size }
func descentOf(size float64) float64 { return faces()[0].descent * size }

// ellipsis ends an abridged text.
const ellipsis = "…"

// abridge cuts s to fit within maxWidth, ending it with "…", and reports
// whether it cut. A text that is cut must say so where it is drawn: the
// scene keeps the whole text, and the SVG gives it in a <title>.
func abridge(s string, size float64, bold bool, maxWidth float64) (string, bool) {
	if textWidth(s, size, bold) <= maxWidth {
		return s, false
	}
	t := faceOf(bold)
	n := t.fit(s, int32(maxWidth*t.upm/size)-t.width(ellipsis))
	return strings.TrimRight(s[:n], " ,;:") + ellipsis, true
}

// wrap breaks s into lines no wider than maxWidth, at spaces; a word too
// long for a line is broken between characters, so that nothing is lost.
// It returns no lines for a text of only spaces.
func wrap(s string, size float64, bold bool, maxWidth float64) []string {
	t := faceOf(bold)
	limit := int32(maxWidth * t.upm / size)
	space := t.metric(' ').advance
	var lines []string
	var cur strings.Builder
	var curW int32
	flush := func() {
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
		}
		cur.Reset()
		curW = 0
	}
	for word := range strings.FieldsSeq(s) {
		w := t.width(word)
		if cur.Len() > 0 && curW+space+w <= limit {
			cur.WriteByte(' ')
			cur.WriteString(word)
			curW += space + w
			continue
		}
		flush()
		if w <= limit {
			cur.WriteString(word)
			curW = w
			continue
		}
		// A word longer than a line: as many characters as fit, then the
		// rest on the next lines, at least one character a line. A break
		// between two letters is marked with a hyphen, as print does, so
		// that it does not read as two words.
		for word != "" {
			n := fitPrefix(t, word, limit)
			if h := hyphenAt(t, word, limit); n < len(word) && h > 0 {
				lines = append(lines, word[:h]+"-")
				word = word[h:]
				continue
			}
			lines = append(lines, word[:n])
			word = word[n:]
		}
		if k := len(lines) - 1; k >= 0 {
			// Let what follows join the word's last piece.
			last := lines[k]
			lines = lines[:k]
			cur.WriteString(last)
			curW = t.width(last)
		}
	}
	flush()
	return lines
}

// longestWord returns the width of the widest word of s.
func longestWord(s string, size float64, bold bool) float64 {
	w := 0.0
	for word := range strings.FieldsSeq(s) {
		w = max(w, textWidth(word, size, bold))
	}
	return w
}

// hyphenAt returns where to break word, wider than limit, with a hyphen:
// the longest prefix that fits with the hyphen, between two letters, with
// at least two letters before the break and three after it; or 0 when
// there is none.
func hyphenAt(t *typeface, word string, limit int32) int {
	hyphen := t.metric('-').advance
	h := fitPrefix(t, word, limit-hyphen)
	for h > 0 && (utf8.RuneCountInString(word[h:]) < 3 || !betweenLetters(word, h)) {
		_, size := utf8.DecodeLastRuneInString(word[:h])
		h -= size
	}
	if h <= 0 || utf8.RuneCountInString(word[:h]) < 2 || t.width(word[:h])+hyphen > limit {
		return 0
	}
	return h
}

// betweenLetters reports whether s[:i] ends and s[i:] begins with a
// letter.
func betweenLetters(s string, i int) bool {
	a, _ := utf8.DecodeLastRuneInString(s[:i])
	b, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(a) && unicode.IsLetter(b)
}

// fitPrefix returns the length in bytes of the longest prefix of s no
// wider than limit font units, and at least one character.
func fitPrefix(t *typeface, s string, limit int32) int {
	if n := t.fit(s, limit); n > 0 {
		return n
	}
	_, size := utf8.DecodeRuneInString(s)
	return size
}

// clean makes s safe to draw and to write as XML text: invalid UTF-8,
// control characters and the non-characters U+FFFE and U+FFFF become
// spaces.
func clean(s string) string {
	if !strings.ContainsFunc(s, unsafeXML) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, " ") {
		if unsafeXML(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

func unsafeXML(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xFFFE || r == 0xFFFF }

// glyphID names a glyph's outline in an SVG's <defs>: "r" or "b" for the
// weight, then the glyph's index.
func glyphID(bold bool, idx sfnt.GlyphIndex) string {
	w := "r"
	if bold {
		w = "b"
	}
	return w + strconv.Itoa(int(idx))
}
