package chart

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// width is the width of every picture in SVG user units (CSS pixels) and
// in PNG pixels at 1x.
const width = 640

// pngDPI draws PNGs at twice the SVG's pixel size, so that they stay sharp
// on high-density screens: a picture 640 units wide is 1280 pixels.
const pngDPI = 144

// The palette is Okabe and Ito's, chosen to stay distinct for the common
// forms of colour blindness (Okabe and Ito, "Color Universal Design", 2008).
// Series never rely on it alone: each area also has its own marker, and
// steps differ by dash pattern.
var (
	black     = color.NRGBA{0, 0, 0, 255}
	grey      = color.NRGBA{0x59, 0x59, 0x59, 255} // text and rules: 7:1 on white
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
)

// withAlpha returns c with opacity a (0 to 1).
func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(a * 255))
	return c
}

// fonts holds the Liberation Sans faces, which come compiled into the
// program with gonum/plot: nothing is fetched or read from the system.
var fonts = sync.OnceValue(func() *font.Cache { return font.NewCache(liberation.Collection()) })

// Font sizes, in units of the picture's width.
const (
	sizeTitle = 15
	sizeText  = 11
	sizeSmall = 9.5
)

func face(size float64, bold bool) font.Face {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: font.Length(size)}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return fonts().Lookup(f, f.Size)
}

// painter draws on a vg.Canvas in a top-left coordinate system (y grows
// downwards), which is how the layouts here are thought out.
type painter struct {
	c vg.Canvas
	h float64 // height of the picture
}

func (p *painter) pt(x, y float64) vg.Point { return vg.Point{X: vg.Length(x), Y: vg.Length(p.h - y)} }

// line is a stroke style.
type line struct {
	color color.Color
	width float64
	dash  []float64 // nil for a solid line
}

var (
	solid  []float64
	dashed = []float64{6, 3.5}
	dotted = []float64{1.6, 2.4}
)

func (p *painter) stroke(st line, xy ...float64) {
	if len(xy) < 4 {
		return
	}
	var path vg.Path
	path.Move(p.pt(xy[0], xy[1]))
	for i := 2; i+1 < len(xy); i += 2 {
		path.Line(p.pt(xy[i], xy[i+1]))
	}
	p.c.SetColor(st.color)
	p.c.SetLineWidth(vg.Length(st.width))
	dashes := make([]vg.Length, len(st.dash))
	for i, d := range st.dash {
		dashes[i] = vg.Length(d)
	}
	p.c.SetLineDash(dashes, 0)
	p.c.Stroke(path)
}

func (p *painter) fillPoly(c color.Color, xy ...float64) {
	var path vg.Path
	path.Move(p.pt(xy[0], xy[1]))
	for i := 2; i+1 < len(xy); i += 2 {
		path.Line(p.pt(xy[i], xy[i+1]))
	}
	path.Close()
	p.c.SetColor(c)
	p.c.Fill(path)
}

// rect fills the rectangle from (x0, y0) to (x1, y1) with fill, when fill is
// not nil, and outlines it with st, when st.width > 0.
func (p *painter) rect(x0, y0, x1, y1 float64, fill color.Color, st line) {
	if fill != nil {
		p.fillPoly(fill, x0, y0, x1, y0, x1, y1, x0, y1)
	}
	if st.width > 0 {
		p.stroke(st, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)
	}
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

func (p *painter) marker(kind int, x, y, r float64, c color.Color) {
	// A white outline keeps markers apart where they touch; small markers
	// get a thinner one, so that their shape still shows.
	ow := min(1, r/4)
	switch kind % nMarkers {
	case circle:
		var path vg.Path
		path.Move(p.pt(x+r, y))
		path.Arc(p.pt(x, y), vg.Length(r), 0, 2*math.Pi)
		path.Close()
		p.c.SetColor(c)
		p.c.Fill(path)
		p.c.SetColor(white)
		p.c.SetLineWidth(vg.Length(ow))
		p.c.SetLineDash(nil, 0)
		p.c.Stroke(path)
	case square:
		r *= 0.9
		p.rect(x-r, y-r, x+r, y+r, c, line{white, ow, solid})
	case triangle:
		r *= 1.2
		p.fillPoly(c, x, y-r, x+r, y+r*0.75, x-r, y+r*0.75)
		p.stroke(line{white, ow, solid}, x, y-r, x+r, y+r*0.75, x-r, y+r*0.75, x, y-r)
	case diamond:
		r *= 1.25
		p.fillPoly(c, x, y-r, x+r, y, x, y+r, x-r, y)
		p.stroke(line{white, ow, solid}, x, y-r, x+r, y, x, y+r, x-r, y, x, y-r)
	case triangleDown:
		r *= 1.2
		p.fillPoly(c, x, y+r, x+r, y-r*0.75, x-r, y-r*0.75)
		p.stroke(line{white, ow, solid}, x, y+r, x+r, y-r*0.75, x-r, y-r*0.75, x, y+r)
	case plus:
		r *= 1.2
		t := r * 0.38
		xy := []float64{x - t, y - r, x + t, y - r, x + t, y - t, x + r, y - t, x + r, y + t, x + t, y + t, x + t, y + r, x - t, y + r, x - t, y + t, x - r, y + t, x - r, y - t, x - t, y - t}
		p.fillPoly(c, xy...)
		p.stroke(line{white, ow, solid}, append(xy, xy[0], xy[1])...)
	}
}

// Text alignment.
type align uint8

const (
	left align = iota
	center
	right
)

// text writes s with its baseline at y, aligned on x, and returns its width.
func (p *painter) text(x, y float64, s string, size float64, bold bool, a align, c color.Color) float64 {
	s = clean(s)
	if s == "" {
		return 0
	}
	f := face(size, bold)
	w := float64(f.Width(s))
	switch a {
	case center:
		x -= w / 2
	case right:
		x -= w
	}
	p.c.SetColor(c)
	p.c.FillString(f, p.pt(x, y), s)
	return w
}

// vtext writes s rotated a quarter turn anticlockwise, centred on (x, y),
// reading from bottom to top.
func (p *painter) vtext(x, y float64, s string, size float64, c color.Color) {
	s = clean(s)
	f := face(size, false)
	w := float64(f.Width(s))
	p.c.Push()
	p.c.Translate(p.pt(x, y))
	p.c.Rotate(math.Pi / 2)
	p.c.SetColor(c)
	p.c.FillString(f, vg.Point{X: vg.Length(-w / 2)}, s)
	p.c.Pop()
}

// textWidth returns the width of s in the given font.
func textWidth(s string, size float64, bold bool) float64 {
	f := face(size, bold)
	return float64(f.Width(s))
}

// ellipsis cuts s to fit within maxWidth, ending it with "…" when it had to
// be cut.
func ellipsis(s string, size float64, bold bool, maxWidth float64) string {
	if textWidth(s, size, bold) <= maxWidth {
		return s
	}
	f := face(size, bold)
	limit := maxWidth - float64(f.Width("…"))
	w := 0.0
	for i, r := range s {
		w += float64(f.Width(string(r)))
		if w > limit {
			return strings.TrimRight(s[:i], " ,;:") + "…"
		}
	}
	return s
}

// wrap breaks s into lines no wider than maxWidth, at spaces; a word too
// long for a line is cut with an ellipsis.
func wrap(s string, size float64, bold bool, maxWidth float64) []string {
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if textWidth(next, size, bold) <= maxWidth {
			cur = next
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = ellipsis(word, size, bold, maxWidth)
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// picture is a drawing in progress and what it is about.
type picture struct {
	painter
	title, desc string
	c           vg.CanvasWriterTo
	svg         bool
}

// newPicture starts a picture of the given height in format f.
func newPicture(f Format, height float64, title, desc string) *picture {
	pic := &picture{title: title, desc: desc}
	height = math.Ceil(height)
	if f == PNG {
		c := vgimg.NewWith(vgimg.UseWH(vg.Length(width), vg.Length(height)), vgimg.UseDPI(pngDPI), vgimg.UseBackgroundColor(white))
		pic.c = vgimg.PngCanvas{Canvas: c}
		pic.painter = painter{c: c, h: height}
	} else {
		c := vgsvg.New(vg.Length(width), vg.Length(height))
		pic.c, pic.svg = c, true
		pic.painter = painter{c: c, h: height}
		// A white ground, so that the picture reads on a dark page too.
		pic.rect(0, 0, width, height, white, line{})
	}
	return pic
}

// writeTo writes the picture. An SVG gets a <title> and <desc> for screen
// readers, named by aria-labelledby and aria-describedby with ids unique to
// the picture, sizes in CSS pixels rather than points, and a font list that
// falls back from Liberation Sans to the metric-compatible Arial.
func (pic *picture) writeTo(w io.Writer) error {
	if !pic.svg {
		_, err := pic.c.WriteTo(w)
		return err
	}
	var buf bytes.Buffer
	if _, err := pic.c.WriteTo(&buf); err != nil {
		return err
	}
	out := buf.Bytes()
	i := bytes.Index(out, []byte("<svg "))
	j := bytes.IndexByte(out[max(i, 0):], '>')
	if i < 0 || j < 0 {
		return fmt.Errorf("chart: unexpected SVG from the renderer")
	}
	j += i + 1
	open := string(out[i:j])
	open = strings.Replace(open, fmt.Sprintf(`width="%dpt"`, width), fmt.Sprintf(`width="%d"`, width), 1)
	open = strings.Replace(open, fmt.Sprintf(`height="%gpt"`, pic.h), fmt.Sprintf(`height="%g"`, pic.h), 1)
	id := pic.id()
	open = strings.Replace(open, "<svg ", `<svg role="img" aria-labelledby="`+id+`-title" aria-describedby="`+id+`-desc" `, 1)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(open)
	b.WriteString("\n<title id=\"" + id + "-title\">")
	xmlEscape(&b, pic.title)
	b.WriteString("</title>\n<desc id=\"" + id + "-desc\">")
	xmlEscape(&b, pic.desc)
	b.WriteString("</desc>\n")
	body := out[j:]
	body = bytes.ReplaceAll(body, []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
	b.Write(bytes.TrimLeft(body, "\n"))
	_, err := w.Write(b.Bytes())
	return err
}

// id returns the prefix of the ids of the picture's <title> and <desc>:
// "gw-" and a short hash of the two, so that pictures inlined in one page
// do not share ids (unless they say the same), and the same picture always
// gets the same ids.
func (pic *picture) id() string {
	h := fnv.New64a()
	io.WriteString(h, pic.title)
	h.Write([]byte{0})
	io.WriteString(h, pic.desc)
	return fmt.Sprintf("gw-%08x", h.Sum64()>>32)
}

func xmlEscape(b *bytes.Buffer, s string) {
	for _, r := range clean(s) {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
}

// clean makes s safe to write as XML text: invalid UTF-8, control
// characters and the non-characters U+FFFE and U+FFFF become spaces.
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

// quarters are the values of the common ordinal that get grid lines.
var quarters = []float64{0, 0.25, 0.5, 0.75, 1}

// grid draws a light grid line from x0 to x1 at each of the quarters.
func (p *painter) grid(x0, x1 float64, yOf func(float64) float64) {
	for _, v := range quarters {
		p.stroke(line{lightGrey, 0.8, solid}, x0, yOf(v), x1, yOf(v))
	}
}

// ordinalAxis draws the common ordinal up the side of a plot, as the series
// and ladder pictures share it: grid lines at each quarter from x0 to x1,
// tick labels right-aligned at tickX (the ends named worst and best), and
// the axis title written upwards at titleX.
func (p *painter) ordinalAxis(x0, x1, tickX, titleX float64, yOf func(float64) float64) {
	p.grid(x0, x1, yOf)
	for _, v := range quarters {
		tick := strconv.FormatFloat(v, 'g', -1, 64)
		switch v {
		case 0:
			tick = "worst 0"
		case 1:
			tick = "best 1"
		}
		p.text(tickX, yOf(v)+3.5, tick, sizeSmall, false, right, grey)
	}
	p.vtext(titleX, (yOf(0)+yOf(1))/2, "common ordinal (0 = worst, 1 = best)", sizeSmall, grey)
}
