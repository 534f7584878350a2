// Package chart draws gradewalk's pictures:
//
//   - [Series]: one subject's grades through time, each grade's band on
//     the common ordinal, with the changes of scale marked;
//   - [Grid]: small multiples, one panel per subject on shared axes;
//   - [Slope]: every subject from one date or round to another;
//   - [Transitions]: where the subjects graded on both sides of a change of
//     scale went, from each grade on the first scale to each on the second
//     ([trend.Transitions] gives the table behind it);
//   - [Periods]: the grades of each period as stacked bars;
//   - [Ladder]: where the levels of each era of a family sit against the
//     others;
//   - [Population]: estimates through time with their intervals, such as a
//     model's, and [Options.Ribbons] to draw such a band behind a series,
//     with [Options.Steps] to label its steps with a model's chances.
//
// # What every picture promises
//
// Every picture comes as SVG or PNG ([Format]), [DefaultWidth] units wide
// unless [Options.Width] says otherwise, as tall as its content needs
// unless [Options.Height] says otherwise. No text runs off the picture and
// no two texts overlap, at every size: long texts wrap, and a label cut to
// fit its place ends in "…" and keeps its whole text in the SVG's <title>
// for it. A label that cannot be placed clear of the others is left out, and
// the picture says how many were (labels are placed in time that grows with
// the number of grades times a constant, never with its square).
//
// Each picture names every scale it draws, with its era, and each family by
// its issuer's words, never by an identifier. [Options.Audience] picks the
// wording: [Analysts] (probabilities, the common ordinal) or [Public] (plain
// words, no jargon). [Options.Axis] labels the vertical axis by the
// family's grades instead of positions on the ordinal, and [Options.Source]
// adds a credit line.
//
// The SVG is deterministic (the same input gives the same bytes) and carries
// a <title> and a <desc> for screen readers, with every number at three
// significant digits or as a percentage. Colours come from Okabe and Ito's
// colour-blind-safe palette, and nothing is told apart by colour alone:
// areas also differ by marker, steps by dash pattern, and bins by
// lightness.
//
// # Text as outlines
//
// Text is drawn as the outlines of the font it was measured with,
// Liberation Sans (compiled into the program; nothing is fetched or read
// from the system): each glyph is defined once in the SVG's <defs> and used
// where it appears. A picture therefore looks the same in every browser and
// renderer, whatever fonts are installed, and a measured label can never be
// drawn wider in a fallback font. Embedding the font instead would add
// about a megabyte to every SVG, and librsvg ignores embedded fonts. The
// words stay available: in the <title> and <desc>, in each text's
// data-text attribute, and in the <title> of an abridged one; they cannot
// be selected with the mouse.
//
// # Why gonum/plot
//
// The pictures are laid out here, into a list of shapes and texts, and
// written as SVG directly; gonum.org/v1/plot supplies the fonts and, for
// PNG, a real anti-aliasing rasteriser (vgimg) that draws the same shapes
// and glyph outlines. plot.Plot's ready-made axes do not fit these pictures
// (bands drawn as bars, labelled era rules, footnotes, a ladder with no x
// axis at all). The cost is a dependency, which is why this package lives
// outside the standard-library-only core (scale, grade, crosswalk, trend).
package chart

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/trend"
)

// Format is the format of a picture. The zero Format is SVG.
type Format uint8

const (
	// SVG is Scalable Vector Graphics, in CSS pixels: the default.
	SVG Format = iota
	// PNG is Portable Network Graphics at twice the SVG's pixel size: 1280
	// pixels wide for the default width.
	PNG
)

// String returns "svg" or "png".
func (f Format) String() string { return formats.name(uint8(f)) }

// ErrUnknownFormat is wrapped by the error of [FormatOf], and by a
// drawing function's error when [Options.Format] is neither SVG nor PNG.
var ErrUnknownFormat = errors.New("unknown picture format: want svg or png")

// FormatOf returns the format a file name's extension asks for, .svg or
// .png in any case.
func FormatOf(name string) (Format, error) {
	f, err := formats.parse(strings.TrimPrefix(filepath.Ext(name), "."))
	if err != nil {
		return 0, fmt.Errorf("chart: %q: %w", name, ErrUnknownFormat)
	}
	return Format(f), nil
}

// ParseFormat reads a format's name, "svg" or "png" in any case. The error
// is an *OptionError wrapping ErrUnknownFormat.
func ParseFormat(s string) (Format, error) {
	f, err := formats.parse(s)
	return Format(f), err
}

// enum names the values of an option, from 0, for String and Parse… to
// share.
type enum struct {
	option string
	names  []string
	err    error // wrapped by the error of parse
}

var (
	formats   = enum{"Format", []string{"svg", "png"}, ErrUnknownFormat}
	audiences = enum{"Audience", []string{"analysts", "public"}, ErrOption}
	axes      = enum{"Axis", []string{"ordinal", "grades"}, ErrOption}
	orders    = enum{"Order", []string{"name", "last"}, ErrOption}
)

// name returns the name of v, or "invalid audience 9" for a value out of
// range.
func (e enum) name(v uint8) string {
	if int(v) < len(e.names) {
		return e.names[v]
	}
	return fmt.Sprintf("invalid %s %d", strings.ToLower(e.option), v)
}

// parse reads a name in any case; the error is an *OptionError.
func (e enum) parse(s string) (uint8, error) {
	for i, n := range e.names {
		if strings.EqualFold(s, n) {
			return uint8(i), nil
		}
	}
	return 0, &OptionError{Option: e.option, Value: fmt.Sprintf("%q", s), Reason: "want " + strings.Join(e.names, " or "), Err: e.err}
}

// valid reports whether v names a value.
func (e enum) valid(v uint8) bool { return int(v) < len(e.names) }

// Audience is who a picture is worded for. The zero Audience is Analysts.
type Audience uint8

const (
	// Analysts get the words of the crosswalk's documentation: the common
	// ordinal, probabilities such as "P(higher) 75%", whiskers.
	Analysts Audience = iota
	// Public get plain words: "Grades placed on one scale from worst to
	// best", "chance it is higher: 75%", "range of likely positions"; no
	// "ordinal", no question marks, no whiskers.
	Public
)

// String returns "analysts" or "public".
func (a Audience) String() string { return audiences.name(uint8(a)) }

// ParseAudience reads an audience's name, "analysts" or "public".
func ParseAudience(s string) (Audience, error) {
	v, err := audiences.parse(s)
	return Audience(v), err
}

// Axis is what labels a picture's vertical axis. The zero Axis is Ordinal.
type Axis uint8

const (
	// Ordinal labels the axis by position on the common ordinal, 0 (worst)
	// to 1 (best).
	Ordinal Axis = iota
	// Grades labels the axis by the grades drawn, each tick at the middle
	// of its band; where two scales give a grade different bands, each is
	// named with its scales' years, as "Good (2014–20)" and "Good (2022–)".
	// Every grade drawn must then come from one family.
	Grades
)

// String returns "ordinal" or "grades".
func (a Axis) String() string { return axes.name(uint8(a)) }

// ParseAxis reads an axis's name, "ordinal" or "grades".
func ParseAxis(s string) (Axis, error) {
	v, err := axes.parse(s)
	return Axis(v), err
}

// Order is the order of a grid's panels. The zero Order is ByName.
type Order uint8

const (
	// ByName orders panels by subject, in the order of their names' bytes
	// after case folding.
	ByName Order = iota
	// ByLastGrade orders panels by the score of each subject's latest
	// grade, best first, then by name.
	ByLastGrade
)

// String returns "name" or "last".
func (o Order) String() string { return orders.name(uint8(o)) }

// ParseOrder reads an order's name, "name" or "last".
func ParseOrder(s string) (Order, error) {
	v, err := orders.parse(s)
	return Order(v), err
}

// Sizes, in picture units (CSS pixels in SVG; a PNG has twice as many
// pixels).
const (
	// DefaultWidth is the width of a picture when Options.Width is 0.
	DefaultWidth = 640
	// MinWidth and MaxWidth bound Options.Width.
	MinWidth = 320
	MaxWidth = 4000
	// MaxHeight bounds a picture's height, given or needed.
	MaxHeight = 20000
)

// Limits on what one picture draws. Each bounds the memory and time of a
// picture; input beyond one is an error wrapping [ErrLimit], a
// *[LimitError] that names the limit.
const (
	// MaxObservations is the most grades one picture draws.
	MaxObservations = 100_000
	// MaxLabels is the most distinct named things one picture draws:
	// subjects, areas, scales, periods, ribbons.
	MaxLabels = 2_000
	// MaxPanels is the most panels of a grid.
	MaxPanels = 300
	// MaxTextBytes is the longest text one picture takes: a title, a
	// source line, a subject's or area's name, a grade's label.
	MaxTextBytes = 2_000
)

// Options says how to draw a picture. The zero Options draws SVG, 640
// units wide, for analysts, with the default crosswalk.
type Options struct {
	// Crosswalk places grades on the common ordinal; nil means
	// crosswalk.Default().
	Crosswalk *crosswalk.Crosswalk
	// Format is the picture's format; the zero Format is SVG.
	Format Format
	// Title replaces the title made from the data.
	Title string
	// Audience picks the wording; the zero Audience is Analysts.
	Audience Audience
	// Axis picks the vertical axis's labels (Series, Grid, Slope); the
	// zero Axis is Ordinal.
	Axis Axis
	// Order orders a grid's panels; the zero Order is ByName.
	Order Order
	// Source is a credit line written at the bottom, such as "Source:
	// HMICFRS PEEL reports; gradewalk"; "" writes none.
	Source string
	// Width is the picture's width, from MinWidth to MaxWidth; 0 means
	// DefaultWidth. The layout adapts: columns, panels and wrapping.
	Width int
	// Height is the picture's height; 0 means as tall as the content
	// needs. A height is filled by stretching the plot; one too small for
	// the picture's text is an error wrapping ErrSize that says how tall
	// it must be.
	Height int
	// Ribbons are estimates through time, drawn as bands behind a Series'
	// grades, or alone by Population.
	Ribbons []Ribbon
	// Steps are steps of the series a Series picture draws, such as a
	// fitted model's (package latent's Model.Steps): a join between two
	// grades with a step here (the same subject, area, dates and grades)
	// is labelled with the step's probability of improvement
	// (trend.Step.PImproved, with its interval where it has one) instead
	// of the crosswalk's comparison of the two grades, whenever the step's
	// direction is uncertain or it crosses a change of scale. Only Series
	// takes them.
	Steps []trend.Step
}

// Ribbon is a line through time with a band about it, on the common
// ordinal: an estimate at each date and its interval, such as a model's
// trajectory or a population's mean.
type Ribbon struct {
	// Label names the ribbon in the legend, e.g. "model estimate (90%
	// interval)".
	Label string
	// Points are the estimates, in date order.
	Points []RibbonPoint
}

// RibbonPoint is one date of a ribbon: the estimate Mean and its interval
// from Lo to Hi, each on the common ordinal (0 to 1), Lo ≤ Mean ≤ Hi.
type RibbonPoint struct {
	Date         time.Time
	Mean, Lo, Hi float64
}

func (o Options) crosswalk() *crosswalk.Crosswalk {
	if o.Crosswalk == nil {
		return crosswalk.Default()
	}
	return o.Crosswalk
}

func (o Options) width() float64 {
	if o.Width == 0 {
		return DefaultWidth
	}
	return float64(o.Width)
}

// Errors for input that cannot be drawn.
var (
	// ErrNoData: there is nothing to draw.
	ErrNoData = errors.New("nothing to draw")
	// ErrSubjects: a series picture shows one subject, and was given several.
	ErrSubjects = errors.New("a series picture shows one subject")
	// ErrFamilies: a ladder, a transitions picture or a grades axis shows
	// the scales of one family, and was given scales of several.
	ErrFamilies = errors.New("the picture shows the scales of one family")
	// ErrOption: an option is out of range or does not apply to the
	// picture; the error is an *OptionError that names it.
	ErrOption = errors.New("bad option")
	// ErrSize: the width or height asked for is out of range, or too small
	// for what the picture must write; the error is a *SizeError.
	ErrSize = errors.New("picture size out of range")
	// ErrLimit: the input is beyond one of the package's limits; the error
	// is a *LimitError that names it.
	ErrLimit = errors.New("input beyond a chart limit")
	// ErrPeriods: a slope's periods are not one before the other.
	ErrPeriods = errors.New("the first period must end before the second begins")
	// ErrRibbon: a ribbon's points are not in date order, or not
	// Lo ≤ Mean ≤ Hi within [0, 1].
	ErrRibbon = errors.New("bad ribbon")
)

// OptionError reports an option that is out of range or does not apply to
// the picture drawn.
type OptionError struct {
	Option string // the field of Options, e.g. "Axis"
	Value  string // the value given
	Reason string // why it was refused, when more than "unknown value"
	Err    error  // ErrOption, or ErrUnknownFormat for Format
}

// Error names the option, the value given and why it was refused.
func (e *OptionError) Error() string {
	msg := fmt.Sprintf("chart: option %s = %s", e.Option, e.Value)
	if e.Reason != "" {
		return msg + ": " + e.Reason
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the sentinel the error wraps.
func (e *OptionError) Unwrap() error { return e.Err }

// SizeError reports a size out of range, or one too small for the
// picture's content.
type SizeError struct {
	Dimension string  // "width" or "height"
	Got       float64 // the size given
	Min, Max  float64 // the sizes allowed; Max is 0 when only Min applies
}

// Error names the dimension, the size given and the sizes allowed.
func (e *SizeError) Error() string {
	if e.Max > 0 {
		return fmt.Sprintf("chart: %s %g: want %g to %g", e.Dimension, e.Got, e.Min, e.Max)
	}
	return fmt.Sprintf("chart: %s %g is too small for this picture: it needs at least %g", e.Dimension, e.Got, e.Min)
}

// Unwrap returns ErrSize.
func (e *SizeError) Unwrap() error { return ErrSize }

// LimitError reports input beyond one of the package's limits.
type LimitError struct {
	Limit string // the constant's name, e.g. "MaxObservations"
	What  string // what was counted, e.g. "observations" or "title"
	Max   int
	Got   int
}

// Error names the limit and how far the input went beyond it.
func (e *LimitError) Error() string {
	return fmt.Sprintf("chart: %d %s, more than %s (%d)", e.Got, e.What, e.Limit, e.Max)
}

// Unwrap returns ErrLimit.
func (e *LimitError) Unwrap() error { return ErrLimit }

// kind names a picture in errors.
type kind string

// check validates the options that every picture reads, and which of the
// kind-specific ones it takes.
func (o Options) check(k kind, axis, ribbons, order bool) error {
	for _, e := range []struct {
		enum
		v uint8
	}{{formats, uint8(o.Format)}, {audiences, uint8(o.Audience)}, {axes, uint8(o.Axis)}, {orders, uint8(o.Order)}} {
		if !e.valid(e.v) {
			return &OptionError{Option: e.option, Value: fmt.Sprint(e.v), Reason: "want " + strings.Join(e.names, " or "), Err: e.err}
		}
	}
	if o.Axis != Ordinal && !axis {
		return &OptionError{Option: "Axis", Value: o.Axis.String(), Reason: "a " + string(k) + " picture has no grades axis", Err: ErrOption}
	}
	if o.Order != ByName && !order {
		return &OptionError{Option: "Order", Value: o.Order.String(), Reason: "only a grid orders its panels", Err: ErrOption}
	}
	if len(o.Ribbons) > 0 && !ribbons {
		return &OptionError{Option: "Ribbons", Value: fmt.Sprint(len(o.Ribbons)), Reason: "only Series and Population draw ribbons", Err: ErrOption}
	}
	if len(o.Steps) > 0 && k != "series" {
		return &OptionError{Option: "Steps", Value: fmt.Sprint(len(o.Steps)), Reason: "only Series labels steps", Err: ErrOption}
	}
	if o.Width != 0 && (o.Width < MinWidth || o.Width > MaxWidth) {
		return &SizeError{Dimension: "width", Got: float64(o.Width), Min: MinWidth, Max: MaxWidth}
	}
	if o.Height < 0 || o.Height > MaxHeight {
		return &SizeError{Dimension: "height", Got: float64(o.Height), Min: 0, Max: MaxHeight}
	}
	if err := checkText("title", o.Title); err != nil {
		return err
	}
	if err := checkText("source", o.Source); err != nil {
		return err
	}
	if err := checkCount("MaxLabels", "ribbons", MaxLabels, len(o.Ribbons)); err != nil {
		return err
	}
	n := 0
	for i, r := range o.Ribbons {
		if err := checkText("ribbon label", r.Label); err != nil {
			return err
		}
		n += len(r.Points)
		if err := checkCount("MaxObservations", "ribbon points", MaxObservations, n); err != nil {
			return err
		}
		if err := r.check(i); err != nil {
			return err
		}
	}
	return nil
}

func (r Ribbon) check(i int) error {
	for j, p := range r.Points {
		ok := p.Lo >= 0 && p.Lo <= p.Mean && p.Mean <= p.Hi && p.Hi <= 1 && !p.Date.IsZero()
		if !ok {
			return fmt.Errorf("chart: ribbon %d (%q), point %d (%s: %g in [%g, %g]): %w: want a date and 0 ≤ Lo ≤ Mean ≤ Hi ≤ 1", i+1, r.Label, j+1, p.Date.Format(time.DateOnly), p.Mean, p.Lo, p.Hi, ErrRibbon)
		}
		if j > 0 && p.Date.Before(r.Points[j-1].Date) {
			return fmt.Errorf("chart: ribbon %d (%q), point %d: %w: %s comes before %s", i+1, r.Label, j+1, ErrRibbon, p.Date.Format(time.DateOnly), r.Points[j-1].Date.Format(time.DateOnly))
		}
	}
	return nil
}

// checkText refuses a text longer than MaxTextBytes.
func checkText(what, s string) error {
	if len(s) > MaxTextBytes {
		return &LimitError{Limit: "MaxTextBytes", What: "bytes in a " + what + " (" + truncate(s, 40) + ")", Max: MaxTextBytes, Got: len(s)}
	}
	return nil
}

func checkCount(limit, what string, max, got int) error {
	if got > max {
		return &LimitError{Limit: limit, What: what, Max: max, Got: got}
	}
	return nil
}

// truncate cuts s to n bytes, at a character's boundary, for an error
// message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
