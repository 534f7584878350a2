package chart

import (
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/vector"
)

// pngScale draws PNGs at twice the SVG's pixel size, so that they stay
// sharp on high-density screens: a picture 640 units wide is 1280 pixels.
const pngScale = 2

// raster draws a scene's items into an image with an anti-aliasing
// rasteriser (golang.org/x/image/vector), each item through a mask no
// larger than its own box, so that the cost follows the ink, not the
// picture's size times the number of items.
type raster struct {
	img *image.RGBA
	z   vector.Rasterizer
	// The mask's origin in the image, in pixels, while a shape is drawn.
	ox, oy float64
}

// writePNG draws the scene as a PNG, glyph outlines and all: the same
// shapes the SVG has, so that both formats show the same picture.
func (sc *scene) writePNG(w io.Writer) error {
	width, height := int(math.Ceil(sc.w*pngScale)), int(math.Ceil(sc.h*pngScale))
	r := &raster{img: image.NewRGBA(image.Rect(0, 0, width, height))}
	draw.Draw(r.img, r.img.Bounds(), image.NewUniform(white), image.Point{}, draw.Src)
	var glyphs []placedGlyph
	for i := range sc.items {
		it := &sc.items[i]
		switch it.kind {
		case pathItem:
			if it.fill.A > 0 && len(it.pts) >= 6 {
				r.shape(boundsOf(it.pts, 0), it.fill, func() { r.polygon(it.pts) })
			}
			if it.stroke.width > 0 && it.stroke.color.A > 0 {
				pts := it.pts
				if it.closed {
					pts = append(pts[:len(pts):len(pts)], pts[0], pts[1])
				}
				r.stroke(pts, it.stroke)
			}
		case circleItem:
			x, y, rad := it.pts[0], it.pts[1], it.pts[2]-it.pts[0]
			ring := circlePoints(x, y, rad)
			if it.fill.A > 0 {
				r.shape(boundsOf(ring, 0), it.fill, func() { r.polygon(ring) })
			}
			if it.stroke.width > 0 && it.stroke.color.A > 0 {
				r.stroke(append(ring, ring[0], ring[1]), it.stroke)
			}
		case textItem:
			t := faceOf(it.bold)
			k := it.size / t.upm
			glyphs, _ = t.shape(it.s, glyphs[:0])
			b := it.box().grow(1)
			r.shape([4]float64{b.x0, b.y0, b.x1, b.y1}, it.color, func() {
				// A glyph's point (gx, gy), in font units from the text's
				// origin, lies at (x + gx·k, y + gy·k), or upwards at
				// (x + gy·k, y − gx·k).
				at := func(gx float64, p sfnt.Segment, n int) (float32, float32) {
					px, py := (gx+float64(p.Args[n].X))*k, float64(p.Args[n].Y)*k
					if it.up {
						px, py = py, -px
					}
					return r.px(it.x + px), r.py(it.y + py)
				}
				for _, g := range glyphs {
					gx := float64(g.x)
					open := false
					for _, seg := range t.glyphOutline(g.index) {
						switch seg.Op {
						case sfnt.SegmentOpMoveTo:
							if open {
								r.z.ClosePath()
							}
							r.z.MoveTo(at(gx, seg, 0))
							open = true
						case sfnt.SegmentOpLineTo:
							r.z.LineTo(at(gx, seg, 0))
						case sfnt.SegmentOpQuadTo:
							bx, by := at(gx, seg, 0)
							cx, cy := at(gx, seg, 1)
							r.z.QuadTo(bx, by, cx, cy)
						case sfnt.SegmentOpCubeTo:
							bx, by := at(gx, seg, 0)
							cx, cy := at(gx, seg, 1)
							dx, dy := at(gx, seg, 2)
							r.z.CubeTo(bx, by, cx, cy, dx, dy)
						}
					}
					if open {
						r.z.ClosePath()
					}
				}
			})
		}
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	return enc.Encode(w, r.img)
}

// boundsOf returns the box of the points, grown by pad.
func boundsOf(pts []float64, pad float64) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for i := 0; i+1 < len(pts); i += 2 {
		b[0], b[1] = min(b[0], pts[i]), min(b[1], pts[i+1])
		b[2], b[3] = max(b[2], pts[i]), max(b[3], pts[i+1])
	}
	return [4]float64{b[0] - pad, b[1] - pad, b[2] + pad, b[3] + pad}
}

// shape draws what add puts into the rasteriser, in colour c, through a
// mask over the box b (picture units), clipped to the image.
func (r *raster) shape(b [4]float64, c color.NRGBA, add func()) {
	x0 := max(0, int(math.Floor(b[0]*pngScale))-1)
	y0 := max(0, int(math.Floor(b[1]*pngScale))-1)
	x1 := min(r.img.Rect.Dx(), int(math.Ceil(b[2]*pngScale))+1)
	y1 := min(r.img.Rect.Dy(), int(math.Ceil(b[3]*pngScale))+1)
	if x1 <= x0 || y1 <= y0 || math.IsNaN(b[0]+b[1]+b[2]+b[3]) {
		return
	}
	r.z.Reset(x1-x0, y1-y0)
	r.ox, r.oy = float64(x0), float64(y0)
	add()
	r.z.Draw(r.img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{})
}

// px and py turn picture units into the mask's pixels.
func (r *raster) px(x float64) float32 { return float32(x*pngScale - r.ox) }
func (r *raster) py(y float64) float32 { return float32(y*pngScale - r.oy) }

// polygon adds the closed polygon through pts.
func (r *raster) polygon(pts []float64) {
	r.z.MoveTo(r.px(pts[0]), r.py(pts[1]))
	for i := 2; i+1 < len(pts); i += 2 {
		r.z.LineTo(r.px(pts[i]), r.py(pts[i+1]))
	}
	r.z.ClosePath()
}

// stroke draws the polyline through pts with the line's width and dashes:
// each piece a quadrilateral, each inner joint a small disc, so that
// corners stay closed. The quadrilaterals all turn the same way, so that
// where they overlap they add up rather than cancel.
func (r *raster) stroke(pts []float64, st line) {
	half := st.width / 2
	for _, piece := range dashPieces(pts, st.dash) {
		r.shape(boundsOf(piece, half+1), st.color, func() {
			for i := 0; i+3 < len(piece); i += 2 {
				x0, y0, x1, y1 := piece[i], piece[i+1], piece[i+2], piece[i+3]
				dx, dy := x1-x0, y1-y0
				l := math.Hypot(dx, dy)
				if l == 0 {
					continue
				}
				nx, ny := -dy/l*half, dx/l*half
				r.polygon([]float64{x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny})
				if i > 0 && half > 0.4 {
					r.polygon(circlePoints(x0, y0, half))
				}
			}
		})
	}
}

// dashPieces cuts a polyline into the pieces its dash pattern draws; a
// solid line is one piece.
func dashPieces(pts []float64, dash []float64) [][]float64 {
	if len(dash) == 0 {
		return [][]float64{pts}
	}
	var out [][]float64
	k, left, on := 0, dash[0], true
	cur := []float64{pts[0], pts[1]}
	for i := 0; i+3 < len(pts); i += 2 {
		x0, y0, x1, y1 := pts[i], pts[i+1], pts[i+2], pts[i+3]
		l := math.Hypot(x1-x0, y1-y0)
		pos := 0.0
		for l-pos > left {
			pos += left
			x, y := x0+(x1-x0)*pos/l, y0+(y1-y0)*pos/l
			if on {
				out = append(out, append(cur, x, y))
			}
			cur = []float64{x, y}
			on = !on
			k = (k + 1) % len(dash)
			left = dash[k]
			if len(out) > 1e6 {
				return out // a pattern far too fine for its length
			}
		}
		left -= l - pos
		cur = append(cur, x1, y1)
	}
	if on && len(cur) >= 4 {
		out = append(out, cur)
	}
	return out
}

// circlePoints returns a polygon of 24 sides around (x, y).
func circlePoints(x, y, r float64) []float64 {
	const n = 24
	out := make([]float64, 0, 2*n)
	for i := range n {
		a := 2 * math.Pi * float64(i) / n
		out = append(out, x+r*math.Cos(a), y+r*math.Sin(a))
	}
	return out
}
