package chart

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"image/color"
	"io"
	"math"
	"strconv"

	"golang.org/x/image/font/sfnt"
)

// writeTo returns a function that writes a scene laid out without error
// in format f, so that each kind of picture is one line: lay out, then
// write.
func writeTo(w io.Writer, f Format) func(*scene, error) error {
	return func(sc *scene, err error) error {
		if err != nil {
			return err
		}
		return sc.write(w, f)
	}
}

// write writes the scene in format f.
func (sc *scene) write(w io.Writer, f Format) error {
	if f == PNG {
		return sc.writePNG(w)
	}
	return sc.writeSVG(w)
}

// num writes a coordinate with at most two decimals, which is a fiftieth of
// a pixel at the PNG's density and keeps the SVG small.
func num(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

func hexColor(b []byte, c color.NRGBA) []byte {
	const digits = "0123456789abcdef"
	return append(b, '#', digits[c.R>>4], digits[c.R&15], digits[c.G>>4], digits[c.G&15], digits[c.B>>4], digits[c.B&15])
}

func opacity(b []byte, name string, a uint8) []byte {
	if a == 255 {
		return b
	}
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = strconv.AppendFloat(b, math.Round(float64(a)/255*1000)/1000, 'f', -1, 64)
	return append(b, '"')
}

// paint writes the fill and stroke attributes of a shape.
func paint(b []byte, fill color.NRGBA, st line) []byte {
	if fill.A > 0 {
		b = append(b, ` fill="`...)
		b = hexColor(b, fill)
		b = append(b, '"')
		b = opacity(b, "fill-opacity", fill.A)
	} else {
		b = append(b, ` fill="none"`...)
	}
	if st.width > 0 && st.color.A > 0 {
		b = append(b, ` stroke="`...)
		b = hexColor(b, st.color)
		b = append(b, `" stroke-width="`...)
		b = num(b, st.width)
		b = append(b, '"')
		b = opacity(b, "stroke-opacity", st.color.A)
		if len(st.dash) > 0 {
			b = append(b, ` stroke-dasharray="`...)
			for i, d := range st.dash {
				if i > 0 {
					b = append(b, ',')
				}
				b = num(b, d)
			}
			b = append(b, '"')
		}
	}
	return b
}

// writeSVG writes the scene as SVG. Text is drawn with the outlines of the
// font it was measured with, each glyph defined once in <defs> and used
// where it is needed, so that the picture looks the same in every renderer
// and no text can be wider than the layout allowed, whatever fonts the
// reader has. Screen readers get the picture's <title> and <desc>, named
// by aria-labelledby and aria-describedby; each text keeps its words in a
// data-text attribute, and an abridged one its whole text in a <title>.
func (sc *scene) writeSVG(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	id := sc.id()
	var b []byte
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"...)
	b = append(b, `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="`...)
	b = append(b, id+`-title" aria-describedby="`+id+`-desc" width="`...)
	b = num(b, sc.w)
	b = append(b, `" height="`...)
	b = num(b, sc.h)
	b = append(b, `" viewBox="0 0 `...)
	b = num(b, sc.w)
	b = append(b, ' ')
	b = num(b, sc.h)
	b = append(b, "\">\n<title id=\""+id+"-title\">"...)
	b = xmlText(b, sc.title)
	b = append(b, "</title>\n<desc id=\""+id+"-desc\">"...)
	b = xmlText(b, sc.desc)
	b = append(b, "</desc>\n"...)

	// The glyphs, in the order they are first used, so that the same
	// scene gives the same bytes.
	type key struct {
		bold bool
		idx  sfnt.GlyphIndex
	}
	seen := make(map[key]bool)
	var order []key
	var glyphs []placedGlyph
	for i := range sc.items {
		it := &sc.items[i]
		if it.kind != textItem {
			continue
		}
		glyphs, _ = faceOf(it.bold).shape(it.s, glyphs[:0])
		for _, g := range glyphs {
			k := key{it.bold, g.index}
			if !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
	}
	if len(order) > 0 {
		b = append(b, "<defs>\n"...)
		for _, k := range order {
			b = append(b, `<path id="`...)
			b = append(b, glyphID(k.bold, k.idx)...)
			b = append(b, `" d="`...)
			b = glyphPath(b, faceOf(k.bold).glyphOutline(k.idx))
			b = append(b, "\"/>\n"...)
		}
		b = append(b, "</defs>\n"...)
	}
	b = append(b, `<rect width="100%" height="100%" fill="#ffffff"/>`+"\n"...)

	for i := range sc.items {
		it := &sc.items[i]
		switch it.kind {
		case pathItem:
			b = append(b, `<path d="`...)
			for j := 0; j+1 < len(it.pts); j += 2 {
				if j == 0 {
					b = append(b, 'M')
				} else {
					b = append(b, 'L')
				}
				b = num(b, it.pts[j])
				b = append(b, ' ')
				b = num(b, it.pts[j+1])
			}
			if it.closed {
				b = append(b, 'Z')
			}
			b = append(b, '"')
			b = paint(b, it.fill, it.stroke)
			b = append(b, "/>\n"...)
		case circleItem:
			b = append(b, `<circle cx="`...)
			b = num(b, it.pts[0])
			b = append(b, `" cy="`...)
			b = num(b, it.pts[1])
			b = append(b, `" r="`...)
			b = num(b, it.pts[2]-it.pts[0])
			b = append(b, '"')
			b = paint(b, it.fill, it.stroke)
			b = append(b, "/>\n"...)
		case textItem:
			t := faceOf(it.bold)
			b = append(b, `<g data-text="`...)
			b = xmlText(b, it.s)
			b = append(b, `" fill="`...)
			b = hexColor(b, it.color)
			b = append(b, `" transform="translate(`...)
			b = num(b, it.x)
			b = append(b, ' ')
			b = num(b, it.y)
			b = append(b, ')')
			if it.up {
				b = append(b, ` rotate(-90)`...)
			}
			b = append(b, ` scale(`...)
			b = strconv.AppendFloat(b, it.size/t.upm, 'g', 8, 64)
			b = append(b, `)">`...)
			if it.full != "" {
				b = append(b, "<title>"...)
				b = xmlText(b, it.full)
				b = append(b, "</title>"...)
			}
			glyphs, _ = t.shape(it.s, glyphs[:0])
			for _, g := range glyphs {
				if len(t.glyphOutline(g.index)) == 0 {
					continue // a space
				}
				b = append(b, `<use href="#`...)
				b = append(b, glyphID(it.bold, g.index)...)
				b = append(b, '"')
				if g.x != 0 {
					b = append(b, ` x="`...)
					b = strconv.AppendInt(b, int64(g.x), 10)
					b = append(b, '"')
				}
				b = append(b, "/>"...)
			}
			b = append(b, "</g>\n"...)
		}
		if len(b) > 32<<10 {
			if _, err := bw.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, "</svg>\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

// glyphPath writes a glyph's outline as SVG path data, in font units.
func glyphPath(b []byte, segs sfnt.Segments) []byte {
	for i, s := range segs {
		var op byte
		n := 1
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			op = 'M'
			if i > 0 {
				b = append(b, 'Z')
			}
		case sfnt.SegmentOpLineTo:
			op = 'L'
		case sfnt.SegmentOpQuadTo:
			op, n = 'Q', 2
		case sfnt.SegmentOpCubeTo:
			op, n = 'C', 3
		}
		b = append(b, op)
		for j := range n {
			if j > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(s.Args[j].X), 10)
			b = append(b, ' ')
			b = strconv.AppendInt(b, int64(s.Args[j].Y), 10)
		}
	}
	if len(segs) > 0 {
		b = append(b, 'Z')
	}
	return b
}

// xmlText appends s escaped as XML text or an attribute's value.
func xmlText(b []byte, s string) []byte {
	for _, r := range clean(s) {
		switch r {
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '&':
			b = append(b, "&amp;"...)
		case '"':
			b = append(b, "&quot;"...)
		default:
			b = append(b, string(r)...)
		}
	}
	return b
}

// id returns the prefix of the ids of the picture's <title> and <desc>:
// "gw-" and a short hash of the two, so that pictures inlined in one page
// do not share ids (unless they say the same), and the same picture always
// gets the same ids.
func (sc *scene) id() string {
	h := fnv.New64a()
	io.WriteString(h, sc.title)
	h.Write([]byte{0})
	io.WriteString(h, sc.desc)
	return fmt.Sprintf("gw-%08x", h.Sum64()>>32)
}
