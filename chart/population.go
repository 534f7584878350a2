package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Population draws ribbons through time on the common ordinal: each a line
// of estimates with the band of its interval about it, such as a
// population's mean grade and its 90% interval, or several groups' for
// comparison. It draws no grades; to draw a subject's grades with its
// ribbon behind them, give the ribbon to [Series] in [Options.Ribbons].
//
// The error wraps [ErrNoData] when no ribbon has a point, [ErrRibbon] for
// points out of date order or outside 0 ≤ Lo ≤ Mean ≤ Hi ≤ 1, and
// [ErrLimit], [ErrSize] or [ErrOption] as [Options] says. Options.Ribbons
// must be empty (the ribbons are the argument) and Options.Axis Ordinal.
func Population(w io.Writer, ribbons []Ribbon, opt Options) error {
	return writeTo(w, opt.Format)(layoutPopulation(ribbons, opt))
}

func layoutPopulation(ribbons []Ribbon, opt Options) (*scene, error) {
	if len(opt.Ribbons) > 0 {
		return nil, &OptionError{Option: "Ribbons", Value: fmt.Sprint(len(opt.Ribbons)), Reason: "Population takes its ribbons as its argument", Err: ErrOption}
	}
	opt.Ribbons = ribbons
	if err := opt.check("population", false, true, false); err != nil {
		return nil, err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	n := 0
	for _, r := range ribbons {
		for _, q := range r.Points {
			lo, hi = min(lo, yearOf(q.Date)), max(hi, yearOf(q.Date))
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("chart: population: %w: no ribbon has a point", ErrNoData)
	}
	p := newPage(opt)
	w := p.words
	sub := "Each line is an estimate on the common ordinal, its band the interval given with it."
	if w.public {
		sub = "Each line is an estimate of where grades stand on one scale from worst to best, the shaded band its likely range."
	}
	p.header("Estimates through time", sub)
	sc := p.sc
	ax := w.ordinalAxis()
	ax.fit(p.w)
	plotLeft, plotRight := margin+ax.gutter, p.w-24
	ta := newTimeAxis(lo, hi, plotLeft+4, plotRight-4)
	f := p.newFooter(ribbonEntries(ribbons), nil)
	plotTop := p.y + 4
	below := 22 + 8.0
	ph, err := p.stretch(plotHeight, 120, plotTop+below+f.height)
	if err != nil {
		return nil, err
	}
	plotBottom := plotTop + ph
	yOf := func(v float64) float64 { return plotBottom - v*ph }
	ax.draw(sc, plotLeft, plotRight, plotBottom, plotTop, p.w)
	ta.draw(sc, plotBottom, true)
	for i, r := range ribbons {
		drawRibbon(sc, r, ribbonColor(i), func(q RibbonPoint) float64 { return ta.xOf(yearOf(q.Date)) }, yOf)
	}
	height := f.draw(sc, plotBottom+below)
	return p.finish(height, populationDesc(w, ribbons)), nil
}

func populationDesc(w words, ribbons []Ribbon) string {
	var b strings.Builder
	if w.public {
		fmt.Fprintf(&b, "%d estimates through time of where grades stand on one scale from worst to best, each with its likely range.", len(ribbons))
	} else {
		fmt.Fprintf(&b, "%d ribbons through time on the common ordinal from 0 (worst) to 1 (best): each an estimate with its interval.", len(ribbons))
	}
	for i, r := range ribbons {
		label := r.Label
		if label == "" {
			label = fmt.Sprintf("estimate %d", i+1)
		}
		fmt.Fprintf(&b, " %s:", label)
		pts := subsample(r.Points, descLimit)
		for _, q := range pts {
			fmt.Fprintf(&b, " %s %s (%s to %s);", q.Date.Format(time.DateOnly), w.value(q.Mean), w.value(q.Lo), w.value(q.Hi))
		}
		if len(pts) < len(r.Points) {
			fmt.Fprintf(&b, " %d points in all, %d given here.", len(r.Points), len(pts))
		}
	}
	return b.String()
}
