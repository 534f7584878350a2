// Package chart draws gradewalk's pictures: a subject's grades through time
// on the common ordinal ([Series]), the grades of each period as stacked
// bars ([Periods]), and a "ladder" that shows where the levels of each era
// of a family of scales sit against the others ([Ladder]).
//
// Every picture is 640 units wide and comes as SVG or PNG ([Format]). The
// SVG is deterministic (the same input gives the same bytes), keeps its text
// as text, and carries a <title> and <desc> for screen readers. Colours come
// from Okabe and Ito's colour-blind-safe palette, and nothing is told apart
// by colour alone: areas also differ by marker, steps by dash pattern, and
// bins by lightness. The fonts (Liberation Sans) are compiled into the
// program; nothing is fetched.
//
// # Why gonum/plot
//
// The pictures are drawn through gonum.org/v1/plot's vg.Canvas interface,
// not through plot.Plot's axes and plotters, and not by writing SVG by hand.
// The same drawing code then gives SVG (vgsvg) and PNG (vgimg, a real
// anti-aliasing rasteriser), and text is measured with the same font
// metrics in both, so that labels can be truncated and wrapped to fit. SVG
// written by hand would have been about as short for the SVG alone, but a
// PNG would then need a second renderer and font measurement of its own.
// plot.Plot's ready-made axes do not fit these pictures (bands drawn as
// bars, labelled era rules, footnotes, a ladder with no x axis at all), so
// the layout is done here, in a few hundred lines. The cost is a
// dependency, which is why this package lives outside the standard-library
// only core (scale, grade, crosswalk, trend).
package chart

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
)

// Format is the format of a picture. The zero Format is SVG.
type Format uint8

const (
	// SVG is Scalable Vector Graphics, 640 units wide: the default.
	SVG Format = iota
	// PNG is Portable Network Graphics, 1280 pixels wide (640 units at
	// twice the pixel density).
	PNG
)

// String returns "svg" or "png".
func (f Format) String() string {
	switch f {
	case SVG:
		return "svg"
	case PNG:
		return "png"
	}
	return fmt.Sprintf("invalid format %d", uint8(f))
}

// ErrUnknownFormat is wrapped by the error of [FormatOf].
var ErrUnknownFormat = errors.New("unknown picture format: want .svg or .png")

// FormatOf returns the format a file name's extension asks for, .svg or
// .png in any case.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".svg":
		return SVG, nil
	case ".png":
		return PNG, nil
	}
	return 0, fmt.Errorf("chart: %q: %w", name, ErrUnknownFormat)
}

// Options says how to draw a picture. The zero Options draws SVG with the
// default crosswalk.
type Options struct {
	// Crosswalk places grades on the common ordinal; nil means
	// crosswalk.Default().
	Crosswalk *crosswalk.Crosswalk
	// Format is the picture's format; the zero Format is SVG.
	Format Format
	// Title replaces the title made from the data.
	Title string
}

func (o Options) crosswalk() *crosswalk.Crosswalk {
	if o.Crosswalk == nil {
		return crosswalk.Default()
	}
	return o.Crosswalk
}

// Errors for input that cannot be drawn.
var (
	// ErrNoData: there is nothing to draw.
	ErrNoData = errors.New("nothing to draw")
	// ErrSubjects: a series picture shows one subject, and was given several.
	ErrSubjects = errors.New("a series picture shows one subject")
	// ErrFamilies: a ladder shows the scales of one family, and was given
	// scales of several.
	ErrFamilies = errors.New("a ladder shows the scales of one family")
)
