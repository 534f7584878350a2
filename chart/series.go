package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Layout of the series picture, in picture units.
const (
	plotHeight   = 270 // the plot's natural height
	maxBar       = 6   // width of a grade's bar when there is room
	whiskerWidth = 3   // how far a whisker box reaches beyond a bar
	// labelBudget is the most grade labels a series tries to place, and
	// stepBudget the most step labels: beyond them labels are tried for an
	// even subsample, and the picture says how many were left out.
	labelBudget = 400
	stepBudget  = 150
)

// Series draws one subject's grades through time: one or more series (one
// per area) of the same subject, as [trend.Group] makes them.
//
// Each grade is a bar from its band's Lo to its Hi on the common ordinal,
// with a marker at its score and its label beside it. A date written as a
// year or a month is drawn at the middle of that span, with the span
// shaded. Consecutive grades of an area are joined: solid on one scale,
// dashed across a change of scale with the probability that the later grade
// stands higher written on it, and dotted when the bands overlap, so that
// the order is uncertain. Each change of scale is a vertical rule labelled
// with the new scale's name, at the start of its era when that falls
// between the last grade before and the first grade on it, and otherwise at
// the first grade on it. Every scale is named with its era under the title,
// and the issuers' caveats are numbered footnotes.
//
// With a crosswalk built from counts, each bar gets whiskers: light boxes,
// a little wider than the bar, over the 90% intervals of its band's lower
// and upper edges ([crosswalk.Crosswalk.BandInterval]), joined by a thin
// line, and the legend says so. Bars close enough for their whiskers to
// touch are then set side by side. Without counts nothing of this is drawn.
//
// [Options.Ribbons] are drawn behind the grades, each as its band and its
// line. A ribbon's point dated on the day of a grade is drawn where the
// grade is (mid-span, for a grade dated by a year or month), so that a
// model's trajectory, dated by the days of the grades it was fitted to,
// meets them. Labels that find no room are left out, and the picture says how
// many; with more than a few hundred grades, labels are tried for an even
// subsample of them.
//
// The error wraps [ErrNoData] when there are no observations,
// [ErrSubjects] when the series are of different subjects,
// [crosswalk.ErrNotCovered] when the crosswalk does not cover a scale,
// [ErrFamilies] when Options.Axis is Grades and the grades are of several
// families, and [ErrLimit], [ErrSize] or [ErrOption] as [Options] says.
func Series(w io.Writer, series []trend.Series, opt Options) error {
	return writeTo(w, opt.Format)(layoutSeries(series, opt))
}

func layoutSeries(series []trend.Series, opt Options) (*scene, error) {
	if err := opt.check("series", true, true, false); err != nil {
		return nil, err
	}
	cw := opt.crosswalk()
	var subject string
	var drawn []trend.Series
	for _, s := range series {
		if len(s.Observations) == 0 {
			continue
		}
		if len(drawn) > 0 && s.Subject != subject {
			return nil, fmt.Errorf("chart: %w, and was given %q and %q", ErrSubjects, subject, s.Subject)
		}
		subject = s.Subject
		drawn = append(drawn, s)
	}
	pts, err := gather(cw, drawn, true)
	if err != nil {
		return nil, err
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("chart: series: %w: no observations", ErrNoData)
	}
	areas := make([]string, len(drawn))
	for i, s := range drawn {
		areas[i] = s.Area
	}
	p := newPage(opt)
	w := p.words
	whiskers := slices.ContainsFunc(pts, func(p point) bool { return hasWhiskers(p.iv) })
	scales := scalesOf(pts)

	// Footnotes, numbered in the order the scales are named.
	var notes footnotes
	sub := "Each bar is a grade's band on the common ordinal; " + w.method(cw) + "."
	if w.public {
		sub = "Each bar is the range a grade covers when the grades of every scale are placed on one scale from worst to best; " + w.method(cw) + "."
	}
	p.header(subject+": grades through time", sub, scalesKey(w, scales, &notes, nil))

	// Changes of scale, in date order across areas.
	byDate := slices.Clone(pts)
	slices.SortStableFunc(byDate, func(a, b point) int { return a.obs.Date.Compare(b.obs.Date) })
	type rule struct {
		x           float64 // fractional year
		name        string  // the scale's name and note mark, for the <desc>
		label, full string
		row         int
		px, w       float64 // where the label starts, and its width
	}
	var rules []rule
	seen := map[*scale.Scale]bool{byDate[0].obs.Grade.Scale(): true}
	for i, pt := range byDate {
		s := pt.obs.Grade.Scale()
		if seen[s] {
			continue
		}
		seen[s] = true
		x := pt.from
		if from := s.Era().From; !from.IsZero() && yearOf(from) <= (pt.from+pt.to)/2 && yearOf(from) >= byDate[i-1].to {
			x = yearOf(from)
		}
		name := s.Name() + notes.mark(s.Caveat())
		rules = append(rules, rule{x: x, name: name})
	}

	// The vertical axis, and the plot's place across.
	ax, err := p.axisFor(cw, scales)
	if err != nil {
		return nil, err
	}
	ax.fit(p.w)
	plotLeft, plotRight := margin+ax.gutter, p.w-24
	plotW := plotRight - plotLeft

	// The time axis: whole years around every span and ribbon, at least two.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pt := range pts {
		lo, hi = min(lo, pt.from), max(hi, pt.to)
	}
	for _, r := range opt.Ribbons {
		for _, q := range r.Points {
			lo, hi = min(lo, yearOf(q.Date)), max(hi, yearOf(q.Date))
		}
	}
	ta := newTimeAxis(lo, hi, plotLeft, plotRight)
	mid := func(pt point) float64 { return (pt.from + pt.to) / 2 }

	// Grades drawn at (nearly) the same date sit side by side, in area
	// order; cluster[i] numbers the group of pts[i].
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(mid(pts[a]), mid(pts[b])), cmp.Compare(pts[a].series, pts[b].series))
	})
	perYear := plotW / (ta.x1 - ta.x0)
	// Bars narrow when the dates crowd together: half the space that each
	// distinct date has, between 1.5 and maxBar.
	distinctX := 1
	for i := 1; i < len(order); i++ {
		if (mid(pts[order[i]])-mid(pts[order[i-1]]))*perYear >= 1 {
			distinctX++
		}
	}
	barWidth := min(maxBar, max(1.5, plotW/float64(distinctX)/2))
	radius := min(4, max(2, barWidth*0.75))
	// Bars at the same x stand side by side, apart by a gap. With whiskers,
	// bars close enough for their whiskers to touch are set side by side too,
	// further apart by the whiskers' reach, so that whiskers never overlap.
	reach := min(whiskerWidth, barWidth/2)
	pitch, near := barWidth+1, 1.0
	if whiskers {
		pitch += 2 * reach
		near = pitch
	}
	offsets := make([]float64, len(pts))
	cluster := make([]int, len(pts))
	widest := 1
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && (mid(pts[order[end]])-mid(pts[order[start]]))*perYear < near {
			end++
		}
		k := end - start
		widest = max(widest, k)
		for i := start; i < end; i++ {
			offsets[order[i]] = (float64(i-start) - float64(k-1)/2) * pitch
			cluster[order[i]] = start
		}
		start = end
	}
	// Keep the outermost bars, their markers and whiskers off the axes.
	inset := min(plotW/4, float64(widest-1)/2*pitch+max(barWidth/2+reach, radius*1.3)+2)
	ta.left, ta.right = plotLeft+inset, plotRight-inset
	xMid := func(i int) float64 { return ta.xOf(mid(pts[i])) + offsets[i] }

	// Rule labels go in rows above the plot, as many as it takes to keep
	// them apart.
	var rows [][2]float64
	for i := range rules {
		r := &rules[i]
		r.label, r.full = r.name, ""
		if short, cut := abridge(r.name, sizeSmall, false, min(260, plotW)); cut {
			r.label, r.full = short, r.name
		}
		r.w = textWidth(r.label, sizeSmall, false)
		px := ta.xOf(r.x)
		r.px = px + 3
		if r.px+r.w > p.w-margin {
			r.px = max(margin, px-3-r.w)
		}
		r.row = -1
		for j, row := range rows {
			if r.px > row[1]+8 || r.px+r.w < row[0]-8 {
				rows[j] = [2]float64{min(row[0], r.px), max(row[1], r.px+r.w)}
				r.row = j
				break
			}
		}
		if r.row < 0 {
			r.row = len(rows)
			rows = append(rows, [2]float64{r.px, r.px + r.w})
		}
	}

	// Steps: their kinds and labels.
	type join struct {
		a, b  int // indexes in pts
		kind  joinKind
		label string
	}
	var joins []join
	intervals := false // whether a step's label gives its 90% interval
	modelled := false  // whether a step's label is a model's
	given := givenSteps(opt.Steps)
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if a.series != b.series {
			continue
		}
		c, err := cw.Compare(b.obs.Grade, a.obs.Grade)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", b.obs, err)
		}
		j := join{a: i - 1, b: i, kind: joinKindOf(c)}
		st, ok := given[stepKey{a.obs, b.obs}]
		switch {
		case ok && (c.CrossEra || st.Direction == trend.Uncertain):
			j.label = w.stepChance(st)
			intervals = intervals || st.HasInterval()
			modelled = modelled || st.Model != nil
		case !ok && (c.CrossEra || c.Relation == crosswalk.Overlapping):
			j.label = w.chance(c)
			intervals = intervals || c.HasInterval()
		}
		if j.label != "" {
			for cv := range c.Caveats() {
				j.label += notes.mark(cv)
			}
		}
		joins = append(joins, j)
	}
	var used [nJoinKinds]bool
	for _, j := range joins {
		used[j.kind] = true
	}

	// The legend, and how many labels found no room, are known only once
	// the plot is drawn; the footer's height must be known before. Lay it
	// out with room for the two lines that may say so.
	entries := seriesLegend(w, areas, used, intervals, whiskers, opt.Ribbons, cw.Basis().Kind() == crosswalk.FittedModel)
	if modelled {
		entries = append(entries, w.modelEntry())
	}
	reserve := p.newFooter(entries, &notes, w.leftOut(len(pts), len(pts), "grade labels"), w.leftOut(len(pts), len(pts), "step labels"))
	rulesTop := p.y
	plotTop := rulesTop + float64(len(rows))*lineSmall + 8
	caption := "date (ticks at 1 January; a grade dated by year or month is drawn mid-span, its span shaded)"
	if w.public {
		caption = "date (a grade dated by year or month is drawn mid-year or mid-month, the span shaded)"
	}
	capBlock := paragraph(caption, plotW, sizeSmall, lineSmall, false, grey)
	below := 22 + capBlock.height + 8
	ph, err := p.stretch(plotHeight, max(120, ax.least()), plotTop+below+reserve.height)
	if err != nil {
		return nil, err
	}
	plotBottom := plotTop + ph
	yOf := func(v float64) float64 { return plotBottom - v*ph }
	sc := p.sc

	// Axes: the ordinal or the grades up the side, years along the bottom.
	ax.draw(sc, plotLeft, plotRight, plotBottom, plotTop, p.w)
	ta.draw(sc, plotBottom, true)
	capBlock.draw(sc, plotLeft, plotBottom+22)

	// Changes of scale.
	for _, r := range rules {
		x := ta.xOf(r.x)
		top := rulesTop + float64(r.row)*lineSmall
		sc.stroke(line{grey, 1, []float64{4, 2}}, x, top, x, plotBottom)
	}
	for _, r := range rules {
		top := rulesTop + float64(r.row)*lineSmall
		base := top + ascentOf(sizeSmall)
		sc.rect(r.px-1, top-1, r.px+r.w+1, top+lineSmall-1, white, line{})
		sc.textAt(r.px, base, r.label, r.full, sizeSmall, false, left, black)
	}

	// Ribbons behind everything else, then bands shaded across their
	// date's span, then the joins, then the bars and markers on top.
	gradeX := make(map[time.Time]float64, len(pts)) // the place of the first grade of each day
	for _, pt := range pts {
		if _, ok := gradeX[date.DayOf(pt.obs.Date)]; !ok {
			gradeX[date.DayOf(pt.obs.Date)] = mid(pt)
		}
	}
	ribbonX := func(q RibbonPoint) float64 {
		if x, ok := gradeX[date.DayOf(q.Date)]; ok {
			return ta.xOf(x)
		}
		return ta.xOf(yearOf(q.Date))
	}
	for i, r := range opt.Ribbons {
		drawRibbon(sc, r, ribbonColor(i), ribbonX, yOf)
	}
	for _, pt := range pts {
		c := areaColor(pt.series)
		if pt.obs.Precision != trend.Day {
			sc.rect(ta.xOf(pt.from), yOf(pt.band.Hi), ta.xOf(pt.to), yOf(pt.band.Lo), withAlpha(c, 0.12), line{})
		}
	}
	if whiskers {
		for i, pt := range pts {
			for _, b := range drawWhiskers(sc, pt.iv, xMid(i), barWidth/2+reach, yOf, areaColor(pt.series)) {
				sc.free.mark(b)
			}
		}
	}
	for _, j := range joins {
		c := areaColor(pts[j.a].series)
		sc.stroke(line{c, 1.6, j.kind.dash()}, xMid(j.a), yOf(pts[j.a].band.Mid()), xMid(j.b), yOf(pts[j.b].band.Mid()))
	}
	for i, pt := range pts {
		c := areaColor(pt.series)
		x := xMid(i)
		if pt.band.Width() > 0 {
			sc.rect(x-barWidth/2, yOf(pt.band.Hi), x+barWidth/2, yOf(pt.band.Lo), withAlpha(c, 0.55), line{c, 1, solid})
		} else {
			sc.stroke(line{c, 2, solid}, x-barWidth, yOf(pt.band.Lo), x+barWidth, yOf(pt.band.Lo))
		}
		sc.free.mark(box{x - barWidth/2, yOf(pt.band.Hi), x + barWidth/2, yOf(pt.band.Lo)})
	}
	for i, pt := range pts {
		sc.free.mark(sc.marker(pt.series, xMid(i), yOf(pt.band.Mid()), radius, areaColor(pt.series)))
	}

	// Grade labels: one for grades side by side with the same label and
	// band, beside the outermost of them.
	type said struct {
		cluster int
		label   string
		band    crosswalk.Band
	}
	outer := map[said]float64{}
	var groups []int // the first point of each group, in date order
	for _, i := range order {
		k := said{cluster[i], pts[i].obs.Grade.Label(), pts[i].band}
		if x, ok := outer[k]; !ok {
			outer[k] = xMid(i)
			groups = append(groups, i)
		} else {
			outer[k] = max(x, xMid(i))
		}
	}
	inPlot := box{plotLeft, plotTop, p.w - 2, plotBottom}
	ground := withAlpha(white, 0.8)
	sameText := map[string][]box{} // where each text is written
	labelled := 0
	for _, i := range subsample(groups, labelBudget) {
		pt := pts[i]
		text, cut := abridge(clean(pt.obs.Grade.Label()), sizeSmall, false, maxLabelW)
		full := ""
		if cut {
			full = pt.obs.Grade.Label()
		}
		tw := textWidth(text, sizeSmall, false)
		right := outer[said{cluster[i], pt.obs.Grade.Label(), pt.band}]
		y := yOf(pt.band.Mid()) + 3.5
		var cands [][2]float64
		for _, dy := range []float64{0, -12, 12, -24, 24} {
			cands = append(cands, [2]float64{right + barWidth/2 + 4, y + dy})
		}
		for _, dy := range []float64{0, -12, 12, -24, 24} {
			cands = append(cands, [2]float64{xMid(i) - barWidth/2 - 4 - tw, y + dy})
		}
		// A neighbour that already says the same label says it for this
		// grade too.
		said := false
		for _, c := range cands {
			b := box{c[0] - 1, c[1] - ascentOf(sizeSmall) - 1, c[0] + tw + 1, c[1] + descentOf(sizeSmall) + 1}
			if slices.ContainsFunc(sameText[text], b.overlaps) {
				said = true
				break
			}
			if sc.place(text, full, sizeSmall, left, black, ground, 1, inPlot, [][2]float64{c}) {
				sameText[text] = append(sameText[text], b)
				said = true
				break
			}
		}
		if said {
			labelled++
		}
	}
	missingGrades := len(groups) - labelled

	// Step labels, after the grade labels, where they overlap nothing.
	var steps []int
	for k, j := range joins {
		if j.label != "" {
			steps = append(steps, k)
		}
	}
	placedSteps := 0
	for _, k := range subsample(steps, stepBudget) {
		j := joins[k]
		text, cut := abridge(j.label, sizeSmall, false, 220)
		full := ""
		if cut {
			full = j.label
		}
		mx, my := (xMid(j.a)+xMid(j.b))/2, (yOf(pts[j.a].band.Mid())+yOf(pts[j.b].band.Mid()))/2
		var cands [][2]float64
		for _, dx := range []float64{0, -30, 30, -60, 60} {
			for _, dy := range []float64{-6, 14, -18, 26, -30, 38} {
				cands = append(cands, [2]float64{mx + dx, my + dy})
			}
		}
		if sc.place(text, full, sizeSmall, center, black, withAlpha(white, 0.85), 2, inPlot, cands) {
			placedSteps++
		}
	}
	missingSteps := len(steps) - placedSteps

	what := "grade labels"
	if w.public {
		what = "grade names"
	}
	f := p.newFooter(entries, &notes, w.leftOut(missingGrades, len(groups), what), w.leftOut(missingSteps, len(steps), "step labels"))
	height := f.draw(sc, plotBottom+below)
	names := make([]string, len(rules))
	for i, r := range rules {
		names[i] = r.name
	}
	var stepTexts []string
	for _, k := range steps {
		j := joins[k]
		stepTexts = append(stepTexts, fmt.Sprintf("%s, %s to %s: %s", areas[pts[j.a].series], pts[j.a].obs.DateString(), pts[j.b].obs.DateString(), j.label))
	}
	desc := seriesDesc(w, subject, areas, pts, names, stepTexts, cw, whiskers) + notes.desc()
	return p.finish(height, desc), nil
}

// subsample returns at most n of items, evenly spread, in their order.
func subsample[T any](items []T, n int) []T {
	if len(items) <= n {
		return items
	}
	out := make([]T, 0, n)
	for k := range n {
		out = append(out, items[k*len(items)/n])
	}
	return out
}

// hasWhiskers reports whether iv is more than the point band's edges.
func hasWhiskers(iv crosswalk.BandInterval) bool { return iv.Lo.Width() > 0 || iv.Hi.Width() > 0 }

// drawWhiskers draws the 90% intervals of the edges of a band as light
// boxes reaching half from x on each side, wider than the bar at x, with a
// thin line from the lowest end to the highest, and returns the boxes it
// drew.
func drawWhiskers(sc *scene, iv crosswalk.BandInterval, x, half float64, yOf func(float64) float64, c color.NRGBA) []box {
	outer := iv.Outer()
	sc.stroke(line{withAlpha(c, 0.6), 0.8, solid}, x, yOf(outer.Lo), x, yOf(outer.Hi))
	var out []box
	for _, e := range []crosswalk.Band{iv.Lo, iv.Hi} {
		if e.Width() == 0 {
			continue
		}
		b := box{x - half, yOf(e.Hi), x + half, yOf(e.Lo)}
		sc.rect(b.x0, b.y0, b.x1, b.y1, withAlpha(c, 0.2), line{withAlpha(c, 0.6), 0.7, solid})
		out = append(out, b)
	}
	return out
}

// stepKey finds a given step by its two observations.
type stepKey struct{ from, to trend.Observation }

// givenSteps indexes the steps of Options.Steps.
func givenSteps(steps []trend.Step) map[stepKey]trend.Step {
	m := make(map[stepKey]trend.Step, len(steps))
	for _, st := range steps {
		m[stepKey{st.From, st.To}] = st
	}
	return m
}

// ribbonColor returns the colour of the i-th ribbon: dark grey, then the
// palette from its far end, so that ribbons stand apart from the areas.
func ribbonColor(i int) color.NRGBA {
	if i == 0 {
		return grey
	}
	return okabeIto[(len(okabeIto)-1-i%len(okabeIto)+len(okabeIto))%len(okabeIto)]
}

// drawRibbon draws a ribbon's band, light, and its line over it.
func drawRibbon(sc *scene, r Ribbon, c color.NRGBA, xOf func(RibbonPoint) float64, yOf func(float64) float64) {
	if len(r.Points) == 0 {
		return
	}
	band := make([]float64, 0, 4*len(r.Points))
	for _, q := range r.Points {
		band = append(band, xOf(q), yOf(q.Hi))
	}
	for i := len(r.Points) - 1; i >= 0; i-- {
		band = append(band, xOf(r.Points[i]), yOf(r.Points[i].Lo))
	}
	if len(r.Points) == 1 {
		q := r.Points[0]
		sc.rect(xOf(q)-2, yOf(q.Hi), xOf(q)+2, yOf(q.Lo), withAlpha(c, 0.25), line{})
		sc.stroke(line{c, 1.6, solid}, xOf(q)-4, yOf(q.Mean), xOf(q)+4, yOf(q.Mean))
		return
	}
	sc.fillPoly(withAlpha(c, 0.18), band...)
	mean := make([]float64, 0, 2*len(r.Points))
	for _, q := range r.Points {
		mean = append(mean, xOf(q), yOf(q.Mean))
	}
	sc.stroke(line{c, 1.6, solid}, mean...)
}

// ribbonEntries returns the legend's entries for ribbons.
func ribbonEntries(ribbons []Ribbon) []legendEntry {
	var out []legendEntry
	for i, r := range ribbons {
		c := ribbonColor(i)
		label := r.Label
		if label == "" {
			label = fmt.Sprintf("estimate %d", i+1)
		}
		out = append(out, legendEntry{label, func(sc *scene, x, y float64) {
			sc.rect(x, y-8, x+18, y+1, withAlpha(c, 0.18), line{})
			sc.stroke(line{c, 1.6, solid}, x, y-3.5, x+18, y-3.5)
		}})
	}
	return out
}

// seriesLegend returns the key to areas, line styles, whiskers and
// ribbons.
func seriesLegend(w words, areas []string, used [nJoinKinds]bool, intervals, whiskers bool, ribbons []Ribbon, fitted bool) []legendEntry {
	var entries []legendEntry
	for i, a := range areas {
		c := areaColor(i)
		name := a
		if name == "" {
			name = "(no area)"
		}
		entries = append(entries, legendEntry{name, func(sc *scene, x, y float64) {
			sc.marker(i, x+7, y-3.5, 4, c)
		}})
	}
	entries = append(entries, w.joinEntries(used)...)
	if whiskers {
		text := "whiskers: 90% interval of the band's edges"
		if w.public {
			text = "light boxes: range of likely positions of each grade's top and bottom"
		}
		entries = append(entries, legendEntry{text, func(sc *scene, x, y float64) {
			iv := crosswalk.BandInterval{Lo: crosswalk.Band{Lo: 0, Hi: 0.3}, Hi: crosswalk.Band{Lo: 0.7, Hi: 1}}
			yOf := func(v float64) float64 { return y + 2 - v*12 }
			drawWhiskers(sc, iv, x+9, 5, yOf, grey)
			sc.rect(x+7, yOf(0.85), x+11, yOf(0.15), withAlpha(grey, 0.55), line{grey, 1, solid})
		}})
	}
	if intervals {
		text := "P(higher) (a–b): with its 90% interval from the counts"
		if w.public {
			text = "(between a% and b%): how far the chance could move given the counts"
		}
		if fitted {
			text = "P(higher) (a–b): with its 90% interval over the model's draws of the bands"
			if w.public {
				text = "(between a% and b%): how far the chance could move given the model's uncertainty about the bands"
			}
		}
		entries = append(entries, legendEntry{text, nil})
	}
	return append(entries, ribbonEntries(ribbons)...)
}

// seriesDesc describes the picture in words, for its <desc>.
func seriesDesc(w words, subject string, areas []string, pts []point, rules, steps []string, cw *crosswalk.Crosswalk, whiskers bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Grades of %s", subject)
	if len(areas) == 1 {
		fmt.Fprintf(&b, " for %s", areas[0])
	} else {
		fmt.Fprintf(&b, " for %d areas (%s)", len(areas), strings.Join(subsample(areas, descLimit), ", "))
	}
	if w.public {
		fmt.Fprintf(&b, ", %d in all, placed on one scale from worst to best (%s).", len(pts), w.method(cw))
	} else {
		fmt.Fprintf(&b, ", %d in all, on the common ordinal from 0 (worst) to 1 (best) under the %s crosswalk.", len(pts), cw)
	}
	if whiskers {
		if w.public {
			b.WriteString(" The likely range of each grade's top and bottom comes from the counts.")
		} else {
			b.WriteString(" Each band's edges are given as their 90% intervals from the counts.")
		}
	}
	n := min(len(pts), descLimit)
	for _, p := range pts[:n] {
		fmt.Fprintf(&b, " %s, %s: %s, %s", p.obs.DateString(), areas[p.series], p.obs.Grade.Label(), w.bandText(p.band))
		if whiskers && !w.public {
			fmt.Fprintf(&b, ", edges %s and %s", edgeText(p.iv.Lo), edgeText(p.iv.Hi))
		}
		b.WriteString(".")
	}
	if n < len(pts) {
		fmt.Fprintf(&b, " And %d more.", len(pts)-n)
	}
	for _, r := range rules {
		fmt.Fprintf(&b, " Change of scale: %s.", r)
	}
	for _, s := range subsample(steps, descLimit) {
		fmt.Fprintf(&b, " Step: %s.", s)
	}
	if len(steps) > descLimit {
		fmt.Fprintf(&b, " %d steps in all.", len(steps))
	}
	return b.String()
}

// edgeText writes the 90% interval of a band's edge as "0.166–0.379", or
// as its one value when the edge is fixed.
func edgeText(e crosswalk.Band) string {
	if e.Width() == 0 {
		return approx(e.Lo)
	}
	return approx(e.Lo) + "–" + approx(e.Hi)
}
