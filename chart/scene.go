package chart

import (
	"image/color"
	"math"
)

// A scene is a picture laid out and not yet written: a list of shapes and
// texts in picture units, x to the right and y down from the top left.
// Every kind of picture is laid out into a scene, which the SVG and PNG
// writers then draw; tests and the fuzz target check the scene itself, so
// that what they prove about the layout holds for both formats.
type scene struct {
	w, h        float64
	title, desc string
	items       []item
	texts       int // how many items are texts

	// free tracks where labels placed by place may go: every text, and
	// every mark that a label must not cover.
	free occupancy
	// arena holds the points of every shape, which take windows of it, so
	// that a shape costs no allocation of its own.
	arena []float64
}

// keep copies xy into the arena and returns the copy.
func (sc *scene) keep(xy []float64) []float64 {
	if len(sc.arena)+len(xy) > cap(sc.arena) {
		sc.arena = make([]float64, 0, max(4096, 2*cap(sc.arena), len(xy)))
	}
	start := len(sc.arena)
	sc.arena = append(sc.arena, xy...)
	return sc.arena[start:len(sc.arena):len(sc.arena)]
}

// itemKind tells the kinds of item apart.
type itemKind uint8

const (
	pathItem itemKind = iota + 1
	circleItem
	textItem
)

// An item is one shape or text of a scene.
type item struct {
	kind itemKind
	// A path or circle: its points, filled with fill when fill.A > 0 and
	// outlined with stroke when stroke.width > 0. A circle's points are its
	// centre and a point on it.
	pts    []float64 // x0, y0, x1, y1, …
	closed bool
	fill   color.NRGBA
	stroke line

	// A text: its string, drawn from (x, y), its baseline's left end,
	// upwards when vertical; full is the whole text when s was abridged.
	s, full string
	x, y    float64
	size    float64
	bold    bool
	color   color.NRGBA
	up      bool
}

// box returns the space a text item takes: its advance across, and the
// font's ascent and descent about its baseline.
func (it *item) box() box {
	w := textWidth(it.s, it.size, it.bold)
	a, d := ascentOf(it.size), descentOf(it.size)
	if it.up {
		return box{it.x - a, it.y - w, it.x + d, it.y}
	}
	return box{it.x, it.y - a, it.x + w, it.y + d}
}

// line is a stroke style.
type line struct {
	color color.NRGBA
	width float64
	dash  []float64 // nil for a solid line
}

var (
	solid  []float64
	dashed = []float64{6, 3.5}
	dotted = []float64{1.6, 2.4}
)

// box is an axis-aligned rectangle, x0 ≤ x1 and y0 ≤ y1.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(c box) bool { return b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1 }

// within reports whether b lies inside c.
func (b box) within(c box) bool { return b.x0 >= c.x0 && b.x1 <= c.x1 && b.y0 >= c.y0 && b.y1 <= c.y1 }

// grow returns b widened by d on every side.
func (b box) grow(d float64) box { return box{b.x0 - d, b.y0 - d, b.x1 + d, b.y1 + d} }

// newScene starts a scene w units wide; its height is set when the layout
// is done.
func newScene(w float64) *scene {
	sc := &scene{w: w, items: make([]item, 0, 256)}
	sc.free.reset(w)
	return sc
}

// stroke draws a polyline through xy.
func (sc *scene) stroke(st line, xy ...float64) {
	if len(xy) < 4 || st.width <= 0 {
		return
	}
	sc.items = append(sc.items, item{kind: pathItem, pts: sc.keep(xy), stroke: st})
}

// fillPoly fills the polygon through xy.
func (sc *scene) fillPoly(c color.NRGBA, xy ...float64) {
	if len(xy) < 6 {
		return
	}
	sc.items = append(sc.items, item{kind: pathItem, pts: sc.keep(xy), closed: true, fill: c})
}

// shape fills and outlines the polygon through xy.
func (sc *scene) shape(fill color.NRGBA, st line, xy ...float64) {
	sc.items = append(sc.items, item{kind: pathItem, pts: sc.keep(xy), closed: true, fill: fill, stroke: st})
}

// rect fills the rectangle from (x0, y0) to (x1, y1) with fill, when its
// alpha is not zero, and outlines it with st, when st.width > 0.
func (sc *scene) rect(x0, y0, x1, y1 float64, fill color.NRGBA, st line) {
	sc.shape(fill, st, x0, y0, x1, y0, x1, y1, x0, y1)
}

func (sc *scene) circle(x, y, r float64, fill color.NRGBA, st line) {
	sc.items = append(sc.items, item{kind: circleItem, pts: sc.keep([]float64{x, y, x + r, y}), fill: fill, stroke: st})
}

// Text alignment.
type align uint8

const (
	left align = iota
	center
	right
)

// textAt adds s with its baseline at y, aligned on x, and returns its box.
// full is the whole text when s is abridged, or "". The text is marked as
// taken, so that no label placed later covers it.
func (sc *scene) textAt(x, y float64, s, full string, size float64, bold bool, a align, c color.NRGBA) box {
	s = clean(s)
	if s == "" {
		return box{x, y, x, y}
	}
	w := textWidth(s, size, bold)
	switch a {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	it := item{kind: textItem, s: s, full: clean(full), x: x, y: y, size: size, bold: bold, color: c}
	sc.items = append(sc.items, it)
	sc.texts++
	b := it.box()
	sc.free.mark(b)
	return b
}

// text adds s, whole, as textAt does.
func (sc *scene) text(x, y float64, s string, size float64, bold bool, a align, c color.NRGBA) box {
	return sc.textAt(x, y, s, "", size, bold, a, c)
}

// label adds s abridged to maxWidth, with the whole text kept when it was
// cut.
func (sc *scene) label(x, y float64, s string, size float64, bold bool, a align, c color.NRGBA, maxWidth float64) box {
	s = clean(s)
	short, cut := abridge(s, size, bold, maxWidth)
	full := ""
	if cut {
		full = s
	}
	return sc.textAt(x, y, short, full, size, bold, a, c)
}

// vtext adds s reading upwards, centred on (x, y) along its length, with
// its baseline at x; it is abridged to maxLength.
func (sc *scene) vtext(x, y float64, s string, size float64, c color.NRGBA, maxLength float64) box {
	s = clean(s)
	short, cut := abridge(s, size, false, maxLength)
	full := ""
	if cut {
		full = s
	}
	if short == "" {
		return box{x, y, x, y}
	}
	w := textWidth(short, size, false)
	it := item{kind: textItem, s: short, full: full, x: x, y: y + w/2, size: size, color: c, up: true}
	sc.items = append(sc.items, it)
	sc.texts++
	b := it.box()
	sc.free.mark(b)
	return b
}

// place adds a label at the first of the candidate baselines where its
// box, with pad around it, lies within bounds and covers nothing taken; a
// ground of colour ground is drawn under it. It reports whether it placed
// the label.
func (sc *scene) place(s, full string, size float64, a align, c color.NRGBA, ground color.NRGBA, pad float64, bounds box, candidates [][2]float64) bool {
	w := textWidth(s, size, false)
	asc, desc := ascentOf(size), descentOf(size)
	for _, xy := range candidates {
		x, y := xy[0], xy[1]
		switch a {
		case center:
			x -= w / 2
		case right:
			x -= w
		}
		b := box{x - pad, y - asc - pad, x + w + pad, y + desc + pad}
		if !b.within(bounds) || sc.free.taken(b) {
			continue
		}
		if ground.A > 0 {
			sc.rect(b.x0, b.y0, b.x1, b.y1, ground, line{})
		}
		sc.textAt(x, y, s, full, size, false, left, c)
		sc.free.mark(b)
		return true
	}
	return false
}

// The palette is Okabe and Ito's, chosen to stay distinct for the common
// forms of colour blindness (Okabe and Ito, "Color Universal Design", 2008).
// Series never rely on it alone: each area also has its own marker, and
// steps differ by dash pattern.
var (
	black     = color.NRGBA{0, 0, 0, 255}
	grey      = color.NRGBA{0x59, 0x59, 0x59, 255} // text and rules: 7:1 on white
	midGrey   = color.NRGBA{0x8c, 0x8c, 0x8c, 255}
	lightGrey = color.NRGBA{0xd9, 0xd9, 0xd9, 255}
	white     = color.NRGBA{255, 255, 255, 255}
	okabeIto  = []color.NRGBA{
		{0x00, 0x72, 0xB2, 255}, // blue
		{0xD5, 0x5E, 0x00, 255}, // vermilion
		{0x00, 0x9E, 0x73, 255}, // bluish green
		{0xCC, 0x79, 0xA7, 255}, // reddish purple
		{0xE6, 0x9F, 0x00, 255}, // orange
		{0x56, 0xB4, 0xE9, 255}, // sky blue
		{0xF0, 0xE4, 0x42, 255}, // yellow
	}
	blue      = okabeIto[0]
	vermilion = okabeIto[1]
)

// areaColor returns the colour of the i-th area of a picture.
func areaColor(i int) color.NRGBA { return okabeIto[i%len(okabeIto)] }

// withAlpha returns c with opacity a (0 to 1).
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(a * 255))
	return c
}

// marker shapes, one per area of a series, so that areas differ by more
// than colour.
const (
	circle = iota
	square
	triangle
	diamond
	triangleDown
	plus
	nMarkers
)

// marker draws a marker of the given kind at (x, y) with radius r, and
// returns its box.
func (sc *scene) marker(kind int, x, y, r float64, c color.NRGBA) box {
	// A white outline keeps markers apart where they touch; small markers
	// get a thinner one, so that their shape still shows.
	ow := line{white, min(1, r/4), solid}
	switch kind % nMarkers {
	case circle:
		sc.circle(x, y, r, c, ow)
	case square:
		r *= 0.9
		sc.rect(x-r, y-r, x+r, y+r, c, ow)
	case triangle:
		r *= 1.2
		sc.shape(c, ow, x, y-r, x+r, y+r*0.75, x-r, y+r*0.75)
	case diamond:
		r *= 1.25
		sc.shape(c, ow, x, y-r, x+r, y, x, y+r, x-r, y)
	case triangleDown:
		r *= 1.2
		sc.shape(c, ow, x, y+r, x+r, y-r*0.75, x-r, y-r*0.75)
	case plus:
		r *= 1.2
		t := r * 0.38
		sc.shape(c, ow, x-t, y-r, x+t, y-r, x+t, y-t, x+r, y-t, x+r, y+t, x+t, y+t, x+t, y+r, x-t, y+r, x-t, y+t, x-r, y+t, x-r, y-t, x-t, y-t)
	}
	return box{x - r, y - r, x + r, y + r}
}

// occupancy is a coarse map of the picture that says which cells are
// taken, so that a label is placed clear of every text and mark in time
// that does not grow with how many there are: a query or a mark costs the
// cells the box covers. Cells are cell units square; a box takes every
// cell it touches, so two boxes that overlap always share a cell and a
// label is never placed over another.
type occupancy struct {
	cols int
	bits []uint64 // row after row, rows added as marks reach them
}

const cell = 2.0

func (o *occupancy) reset(w float64) {
	o.cols = int(math.Ceil(w/cell)) + 1
	o.bits = o.bits[:0]
}

// span returns the cells a box touches, clamped to the map's width and
// to rows from 0.
func (o *occupancy) span(b box) (c0, r0, c1, r1 int) {
	clamp := func(v float64, n int) int {
		if math.IsNaN(v) {
			return 0
		}
		return int(max(0, min(float64(n-1), math.Floor(v/cell))))
	}
	// A box that ends exactly on a cell's edge does not touch the next.
	c0, c1 = clamp(b.x0, o.cols), clamp(math.Nextafter(b.x1, math.Inf(-1)), o.cols)
	r0, r1 = clamp(b.y0, maxRows), clamp(math.Nextafter(b.y1, math.Inf(-1)), maxRows)
	return c0, r0, max(c0, c1), max(r0, r1)
}

// maxRows bounds the map's height: MaxHeight in cells.
const maxRows = MaxHeight/cell + 1

func (o *occupancy) mark(b box) {
	if o.cols == 0 || !(b.x1 > b.x0) || !(b.y1 > b.y0) {
		return
	}
	c0, r0, c1, r1 := o.span(b)
	if need := ((r1+1)*o.cols + 63) / 64; need > len(o.bits) {
		o.bits = append(o.bits, make([]uint64, need-len(o.bits))...)
	}
	for r := r0; r <= r1; r++ {
		o.row(r*o.cols+c0, r*o.cols+c1, true)
	}
}

func (o *occupancy) taken(b box) bool {
	if o.cols == 0 {
		return false
	}
	c0, r0, c1, r1 := o.span(b)
	for r := r0; r <= r1; r++ {
		if o.row(r*o.cols+c0, r*o.cols+c1, false) {
			return true
		}
	}
	return false
}

// row sets the bits from i to j, both included, when set is true, and
// otherwise reports whether any of them is set; bits beyond the map are
// clear.
func (o *occupancy) row(i, j int, set bool) bool {
	for w := i / 64; w <= j/64; w++ {
		if w >= len(o.bits) {
			return false
		}
		lo, hi := max(i, w*64)-w*64, min(j, w*64+63)-w*64
		mask := (^uint64(0) >> (63 - hi)) &^ (1<<lo - 1)
		if set {
			o.bits[w] |= mask
		} else if o.bits[w]&mask != 0 {
			return true
		}
	}
	return false
}
