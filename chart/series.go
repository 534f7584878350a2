package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Layout of the series picture, in picture units.
const (
	marginX    = 16
	plotLeft   = 70 // room for the y tick labels and the axis title
	plotRight  = width - 24
	plotHeight = 270
	maxBar     = 6 // width of a grade's bar when there is room
	lineHeight = 13
)

// point is one observation placed on the picture.
type point struct {
	obs      trend.Observation
	band     crosswalk.Band
	iv       crosswalk.BandInterval // the 90% intervals of the band's edges
	from, to float64                // the date's span, in fractional years
	area     int                    // index of the area (colour, marker, offset)
}

// yearOf returns t as a fractional calendar year.
func yearOf(t time.Time) float64 {
	y := t.Year()
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(y) + float64(t.Sub(start))/float64(end.Sub(start))
}

// spanOf returns the span of days an observation's date stands for: the
// day, the month or the year it was written with.
func spanOf(o trend.Observation) (from, to float64) {
	d := date.DayOf(o.Date)
	var end time.Time
	switch o.Precision {
	case trend.Year:
		d = time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		end = d.AddDate(1, 0, 0)
	case trend.Month:
		d = time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		end = d.AddDate(0, 1, 0)
	default:
		end = d.AddDate(0, 0, 1)
	}
	return yearOf(d), yearOf(end)
}

// box is the space a label takes, for keeping labels apart.
type box struct{ x0, y0, x1, y1 float64 }

func (b box) overlaps(c box) bool { return b.x0 < c.x1 && c.x0 < b.x1 && b.y0 < c.y1 && c.y0 < b.y1 }

// labels places text without overlap.
type labels struct {
	placed []box
	texts  []string
}

// free reports whether b overlaps no label placed so far, and whether a
// label it overlaps says the same text.
func (l *labels) free(b box, s string) (ok, same bool) {
	ok = true
	for i, p := range l.placed {
		if p.overlaps(b) {
			ok = false
			if l.texts[i] == s {
				same = true
			}
		}
	}
	return ok, same
}

func (l *labels) add(b box, s string) {
	l.placed = append(l.placed, b)
	l.texts = append(l.texts, s)
}

// put writes s, in size at (x, y) aligned by a, on a ground of colour
// ground over b, when b lies within bounds and overlaps no label placed so
// far, and adds it. It reports whether it wrote s, and whether b overlaps
// a label that says the same.
func (l *labels) put(pic *picture, b, bounds box, s string, x, y, size float64, a align, ground color.Color) (ok, same bool) {
	if b.x0 < bounds.x0 || b.x1 > bounds.x1 || b.y0 < bounds.y0 || b.y1 > bounds.y1 {
		return false, false
	}
	if ok, same = l.free(b, s); !ok {
		return false, same
	}
	pic.rect(b.x0, b.y0, b.x1, b.y1, ground, line{})
	pic.text(x, y, s, size, false, a, black)
	l.add(b, s)
	return true, false
}

// footnotes numbers the issuers' caveats in the order they are first met.
type footnotes struct {
	texts []string
}

func (f *footnotes) number(text string) int {
	if i := slices.Index(f.texts, text); i >= 0 {
		return i + 1
	}
	f.texts = append(f.texts, text)
	return len(f.texts)
}

// desc returns the footnotes for a picture's <desc>, which screen readers
// read in place of the picture's text: " Notes: [1] text [2] text", or ""
// when there are none.
func (f *footnotes) desc() string {
	if len(f.texts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(" Notes:")
	for i, t := range f.texts {
		fmt.Fprintf(&b, " [%d] %s", i+1, t)
	}
	return b.String()
}

// noteLine is a line of the footnotes; continuation lines are indented.
type noteLine struct {
	text   string
	indent float64
}

func (f *footnotes) lines(maxWidth float64) []noteLine {
	var out []noteLine
	for i, t := range f.texts {
		mark := "[" + strconv.Itoa(i+1) + "] "
		indent := textWidth(mark, sizeSmall, false)
		for j, l := range wrap(t, sizeSmall, false, maxWidth-indent) {
			if j == 0 {
				out = append(out, noteLine{mark + l, 0})
			} else {
				out = append(out, noteLine{l, indent})
			}
		}
	}
	return out
}

// drawNotes writes the footnotes' lines from y down.
func drawNotes(pic *picture, lines []noteLine, y float64) {
	for i, l := range lines {
		pic.text(marginX+l.indent, y+float64(i)*12+9, l.text, sizeSmall, false, left, grey)
	}
}

// rule is a change of scale, drawn as a vertical rule.
type rule struct {
	x     float64 // fractional year
	name  string  // the scale's name in full, for the <desc>
	label string  // the drawn label: the name, cut to fit, and its note
	row   int
	px    float64 // where the label starts, and its width
	w     float64
}

// joinKind is the kind of step between consecutive grades of an area, which
// picks its line's dash pattern.
type joinKind uint8

const (
	sameScale     joinKind = iota // solid
	changeOfScale                 // dashed
	overlapping                   // dotted: the bands overlap
	nJoinKinds
)

func (k joinKind) dash() []float64 {
	return [nJoinKinds][]float64{solid, dashed, dotted}[k]
}

// String returns the legend's text for the kind.
func (k joinKind) String() string {
	return [nJoinKinds]string{"same scale", "change of scale", "bands overlap: order uncertain"}[k]
}

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
// the first grade on it. The issuers' caveats are numbered footnotes.
//
// With a crosswalk built from counts, each bar gets whiskers: light boxes,
// a little wider than the bar, over the 90% intervals of its band's lower
// and upper edges ([crosswalk.Crosswalk.BandInterval]), joined by a thin
// line, and the legend says so. Bars close enough for their whiskers to
// touch are then set side by side. Without counts nothing of this is drawn.
//
// The error wraps [ErrNoData] when there are no observations,
// [ErrSubjects] when the series are of different subjects, and
// [crosswalk.ErrNotCovered] when the crosswalk does not cover a scale.
func Series(w io.Writer, series []trend.Series, opt Options) error {
	cw := opt.crosswalk()
	var subject string
	var pts []point
	var areas []string
	for _, s := range series {
		if len(s.Observations) == 0 {
			continue
		}
		if len(pts) > 0 && s.Subject != subject {
			return fmt.Errorf("chart: %w, and was given %q and %q", ErrSubjects, subject, s.Subject)
		}
		subject = s.Subject
		area := len(areas)
		areas = append(areas, s.Area)
		for _, o := range s.Observations {
			band, err := cw.Band(o.Grade)
			if err != nil {
				return fmt.Errorf("chart: %s: %w", o, err)
			}
			iv, err := cw.BandInterval(o.Grade)
			if err != nil {
				return fmt.Errorf("chart: %s: %w", o, err)
			}
			from, to := spanOf(o)
			pts = append(pts, point{obs: o, band: band, iv: iv, from: from, to: to, area: area})
		}
	}
	if len(pts) == 0 {
		return fmt.Errorf("chart: series: %w: no observations", ErrNoData)
	}
	// Whiskers show the intervals of the bands' edges, when the crosswalk
	// has counts that give any.
	whiskers := slices.ContainsFunc(pts, func(p point) bool { return hasWhiskers(p.iv) })

	// The time axis: whole years around every span, at least two.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = min(lo, p.from), max(hi, p.to)
	}
	x0, x1 := math.Floor(lo), math.Ceil(hi)
	if x1-x0 < 2 {
		x0, x1 = x0-1, x1+1
	}
	xOf := func(year float64) float64 { return plotLeft + (year-x0)/(x1-x0)*(plotRight-plotLeft) }
	// Grades drawn at (nearly) the same date sit side by side, in area
	// order; cluster[i] numbers the group of pts[i].
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	midOf := func(p point) float64 { return xOf((p.from + p.to) / 2) }
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(midOf(pts[a]), midOf(pts[b])), cmp.Compare(pts[a].area, pts[b].area))
	})
	// Bars narrow when the dates crowd together: half the space that each
	// distinct date has, between 1.5 and maxBar.
	distinctX := 1
	for i := 1; i < len(order); i++ {
		if midOf(pts[order[i]])-midOf(pts[order[i-1]]) >= 1 {
			distinctX++
		}
	}
	barWidth := min(maxBar, max(1.5, (plotRight-plotLeft)/float64(distinctX)/2))
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
	for start := 0; start < len(order); {
		end := start + 1
		for end < len(order) && midOf(pts[order[end]])-midOf(pts[order[start]]) < near {
			end++
		}
		k := end - start
		for i := start; i < end; i++ {
			offsets[order[i]] = (float64(i-start) - float64(k-1)/2) * pitch
			cluster[order[i]] = start
		}
		start = end
	}

	// Changes of scale, in date order across areas, and the footnotes.
	var notes footnotes
	byDate := slices.Clone(pts)
	slices.SortStableFunc(byDate, func(a, b point) int { return a.obs.Date.Compare(b.obs.Date) })
	var rules []rule
	seen := map[*scale.Scale]bool{byDate[0].obs.Grade.Scale(): true}
	for i, p := range byDate {
		s := p.obs.Grade.Scale()
		if seen[s] {
			continue
		}
		seen[s] = true
		x := p.from
		if from := s.Era().From; !from.IsZero() && yearOf(from) <= (p.from+p.to)/2 && yearOf(from) >= byDate[i-1].to {
			x = yearOf(from)
		}
		name, label := s.Name(), ellipsis(s.Name(), sizeSmall, false, 240)
		if cv := s.Caveat(); cv != "" {
			mark := " [" + strconv.Itoa(notes.number(cv)) + "]"
			name, label = name+mark, label+mark
		}
		rules = append(rules, rule{x: x, name: name, label: label})
	}
	// Rule labels go in rows above the plot, as many as it takes to keep
	// them apart.
	var rows [][2]float64
	for i := range rules {
		r := &rules[i]
		r.w = textWidth(r.label, sizeSmall, false)
		px := xOf(r.x)
		r.px = px + 3
		if r.px+r.w > width-marginX {
			r.px = px - 3 - r.w
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

	// Steps: their kinds, labels and footnotes.
	type join struct {
		a, b     int // indexes in pts
		kind     joinKind
		label    string
		crossEra bool
	}
	var joins []join
	intervals := false // whether a step's label gives its 90% interval
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		if a.area != b.area {
			continue
		}
		c, err := cw.Compare(b.obs.Grade, a.obs.Grade)
		if err != nil {
			return fmt.Errorf("chart: %s: %w", b.obs, err)
		}
		j := join{a: i - 1, b: i, kind: sameScale, crossEra: c.CrossEra}
		switch {
		case c.Relation == crosswalk.Overlapping:
			j.kind = overlapping
		case c.CrossEra:
			j.kind = changeOfScale
		}
		if c.CrossEra || c.Relation == crosswalk.Overlapping {
			j.label = "P(higher) " + crosswalk.Percent(c.PAbove)
			if c.Relation == crosswalk.Overlapping {
				j.label += "?"
			}
			if c.HasInterval() {
				j.label += " (" + intervalText(c.PAboveLo, c.PAboveHi) + ")"
				intervals = true
			}
			for cv := range c.Caveats() {
				j.label += " [" + strconv.Itoa(notes.number(cv)) + "]"
			}
		}
		joins = append(joins, j)
	}

	// Vertical layout.
	title := opt.Title
	if title == "" {
		title = subject + ": grades through time"
	}
	drawnTitle := ellipsis(title, sizeTitle, true, width-2*marginX)
	sub := ellipsis("Each bar is a grade's band on the common ordinal; crosswalk: "+cw.String()+".", sizeSmall, false, width-2*marginX)
	rulesTop := 56.0
	plotTop := rulesTop + float64(len(rows))*lineHeight + 8
	plotBottom := plotTop + plotHeight
	var used [nJoinKinds]bool // which kinds of join are drawn
	for _, j := range joins {
		used[j.kind] = true
	}
	legend, legendH := seriesLegend(areas, used, intervals, whiskers, width-2*marginX)
	legendTop := plotBottom + 44
	noteLines := notes.lines(width - 2*marginX)
	notesTop := legendTop + legendH + 8
	height := notesTop + float64(len(noteLines))*12 + 10

	pic := newPicture(opt.Format, height, title, seriesDesc(subject, areas, pts, rules, cw, whiskers)+notes.desc())
	yOf := func(v float64) float64 { return plotBottom - v*plotHeight }
	pic.text(marginX, 24, drawnTitle, sizeTitle, true, left, black)
	pic.text(marginX, 42, sub, sizeSmall, false, left, grey)

	// Axes: the common ordinal up the side, years along the bottom.
	pic.ordinalAxis(plotLeft, plotRight, plotLeft-5, 18, yOf)
	step := yearStep(x1 - x0)
	// A light tick at every year, when years are at least minorTick apart;
	// otherwise only the labelled years get ticks.
	minor := (plotRight-plotLeft)/(x1-x0) >= minorTick
	first, inc := int(x0), 1
	if !minor {
		first, inc = int(math.Ceil(x0/float64(step)))*step, step
	}
	for y := first; float64(y) <= x1; y += inc {
		x := xOf(float64(y))
		if minor {
			pic.stroke(line{lightGrey, 0.8, solid}, x, plotBottom, x, plotBottom+4)
		}
		if y%step == 0 {
			pic.stroke(line{grey, 0.8, solid}, x, plotBottom, x, plotBottom+5)
			pic.text(x, plotBottom+17, strconv.Itoa(y), sizeSmall, false, center, grey)
		}
	}
	pic.stroke(line{grey, 0.8, solid}, plotLeft, plotBottom, plotRight, plotBottom)
	pic.text((plotLeft+plotRight)/2, plotBottom+32, "date (ticks at 1 January; a grade dated by year or month is drawn mid-span, its span shaded)", sizeSmall, false, center, grey)

	// Changes of scale.
	for _, r := range rules {
		x := xOf(r.x)
		top := rulesTop + float64(r.row)*lineHeight
		pic.stroke(line{grey, 1, []float64{4, 2}}, x, top-9, x, plotBottom)
	}
	for _, r := range rules {
		top := rulesTop + float64(r.row)*lineHeight
		pic.rect(r.px-1, top-9, r.px+r.w+1, top+3, white, line{})
		pic.text(r.px, top, r.label, sizeSmall, false, left, black)
	}

	// Bands, shaded across their date's span, then the joins, then the
	// markers on top.
	for _, p := range pts {
		c := okabeIto[p.area%len(okabeIto)]
		if p.obs.Precision != trend.Day {
			pic.rect(xOf(p.from), yOf(p.band.Hi), xOf(p.to), yOf(p.band.Lo), withAlpha(c, 0.12), line{})
		}
	}
	xMid := func(i int) float64 { return midOf(pts[i]) + offsets[i] }
	var placed labels
	// Labels stay inside the plot, and may reach into the right margin.
	inPlot := box{plotLeft, plotTop, width - 2, plotBottom}
	if whiskers {
		for i, p := range pts {
			for _, b := range drawWhiskers(pic, p.iv, xMid(i), barWidth/2+reach, yOf, okabeIto[p.area%len(okabeIto)]) {
				placed.add(b, "")
			}
		}
	}
	for _, j := range joins {
		c := okabeIto[pts[j.a].area%len(okabeIto)]
		pic.stroke(line{c, 1.6, j.kind.dash()}, xMid(j.a), yOf(pts[j.a].band.Mid()), xMid(j.b), yOf(pts[j.b].band.Mid()))
	}
	for i, p := range pts {
		c := okabeIto[p.area%len(okabeIto)]
		x := xMid(i)
		if p.band.Width() > 0 {
			pic.rect(x-barWidth/2, yOf(p.band.Hi), x+barWidth/2, yOf(p.band.Lo), withAlpha(c, 0.55), line{c, 1, solid})
		} else {
			pic.stroke(line{c, 2, solid}, x-barWidth, yOf(p.band.Lo), x+barWidth, yOf(p.band.Lo))
		}
		placed.add(box{x - barWidth/2, yOf(p.band.Hi), x + barWidth/2, yOf(p.band.Lo)}, "")
	}
	for i, p := range pts {
		pic.marker(p.area, xMid(i), yOf(p.band.Mid()), radius, okabeIto[p.area%len(okabeIto)])
	}
	// One label for grades side by side with the same label and band.
	type said struct {
		cluster int
		label   string
		band    crosswalk.Band
	}
	done := make(map[said]bool)
	for i, p := range pts {
		k := said{cluster[i], p.obs.Grade.Label(), p.band}
		if done[k] {
			continue
		}
		done[k] = true
		s := ellipsis(p.obs.Grade.Label(), sizeSmall, false, 150)
		tw := textWidth(s, sizeSmall, false)
		x, y := xMid(i), yOf(p.band.Mid())+3.5
		// Beside the outermost bar of the group.
		for j := range pts {
			if cluster[j] == cluster[i] && pts[j].obs.Grade.Label() == p.obs.Grade.Label() && pts[j].band == p.band {
				x = max(x, xMid(j))
			}
		}
	candidates:
		for _, side := range []float64{1, -1} {
			for _, dy := range []float64{0, -12, 12, -24, 24} {
				lx := x + side*(barWidth/2+4)
				if side < 0 {
					lx = xMid(i) - barWidth/2 - 4 - tw
				}
				b := box{lx - 1, y + dy - 10, lx + tw + 1, y + dy + 3}
				// Stop once written, or when a neighbour already says it.
				if ok, same := placed.put(pic, b, inPlot, s, lx, y+dy, sizeSmall, left, withAlpha(white, 0.8)); ok || same {
					break candidates
				}
			}
		}
	}

	// Step labels, after the grade labels, where they overlap nothing.
	for _, j := range joins {
		if j.label == "" {
			continue
		}
		s := ellipsis(j.label, sizeSmall, false, 200)
		tw := textWidth(s, sizeSmall, false)
		mx, my := (xMid(j.a)+xMid(j.b))/2, (yOf(pts[j.a].band.Mid())+yOf(pts[j.b].band.Mid()))/2
	place:
		for _, dx := range []float64{0, -30, 30, -60, 60} {
			for _, dy := range []float64{-6, 14, -18, 26, -30, 38} {
				x, y := mx+dx, my+dy
				b := box{x - tw/2 - 2, y - 10, x + tw/2 + 2, y + 3}
				if ok, _ := placed.put(pic, b, inPlot, s, x, y, sizeSmall, center, withAlpha(white, 0.85)); ok {
					break place
				}
			}
		}
	}
	legend(pic, marginX, legendTop)
	drawNotes(pic, noteLines, notesTop)
	return pic.writeTo(w)
}

// minorTick is the least distance between years, in picture units, at
// which every year gets a tick.
const minorTick = 4

// yearStep returns the step between labelled years on a time axis that
// spans the given number of years: the least of 1, 2, 5, 10, 20, 50 and so
// on that puts labels at least 40 units apart.
func yearStep(span float64) int {
	for k := 1; ; k *= 10 {
		for _, m := range []int{1, 2, 5} {
			if float64(k*m)/span*(plotRight-plotLeft) >= 40 {
				return k * m
			}
		}
	}
}

// intervalText writes a 90% interval of probabilities as "44–72%", with
// the ends that [crosswalk.Percent] writes as "under 1%" and "over 99%"
// written "<1" and ">99": "<1–40%", "60–>99%".
func intervalText(lo, hi float64) string {
	end := func(p float64) string {
		return strings.TrimSuffix(strings.NewReplacer("under ", "<", "over ", ">").Replace(crosswalk.Percent(p)), "%")
	}
	return end(lo) + "–" + end(hi) + "%"
}

// hasWhiskers reports whether iv is more than the point band's edges.
func hasWhiskers(iv crosswalk.BandInterval) bool { return iv.Lo.Width() > 0 || iv.Hi.Width() > 0 }

// whiskerWidth is how far a whisker box reaches beyond each side of a bar
// when there is room. Narrow bars get whiskers that reach half their width,
// so that the whiskers of bars at neighbouring dates do not overlap.
const whiskerWidth = 3

// drawWhiskers draws the 90% intervals of the edges of a band as light
// boxes reaching half from x on each side, wider than the bar at x, with a
// thin line from the lowest end to the highest, and returns the boxes it
// drew.
func drawWhiskers(pic *picture, iv crosswalk.BandInterval, x, half float64, yOf func(float64) float64, c color.NRGBA) []box {
	outer := iv.Outer()
	pic.stroke(line{withAlpha(c, 0.6), 0.8, solid}, x, yOf(outer.Lo), x, yOf(outer.Hi))
	var out []box
	for _, e := range []crosswalk.Band{iv.Lo, iv.Hi} {
		if e.Width() == 0 {
			continue
		}
		b := box{x - half, yOf(e.Hi), x + half, yOf(e.Lo)}
		pic.rect(b.x0, b.y0, b.x1, b.y1, withAlpha(c, 0.2), line{withAlpha(c, 0.6), 0.7, solid})
		out = append(out, b)
	}
	return out
}

// seriesLegend lays out the key to areas and line styles within maxWidth
// and returns a function that draws it, and its height.
func seriesLegend(areas []string, used [nJoinKinds]bool, intervals, whiskers bool, maxWidth float64) (draw func(pic *picture, x, y float64), height float64) {
	var entries []legendEntry
	for i, a := range areas {
		c := okabeIto[i%len(okabeIto)]
		name := a
		if name == "" {
			name = "(no area)"
		}
		entries = append(entries, legendEntry{ellipsis(name, sizeSmall, false, 200), func(pic *picture, x, y float64) {
			pic.marker(i, x+7, y-3.5, 4, c)
		}})
	}
	for k := range nJoinKinds {
		if !used[k] {
			continue
		}
		entries = append(entries, legendEntry{k.String(), func(pic *picture, x, y float64) {
			pic.stroke(line{grey, 1.6, k.dash()}, x, y-3.5, x+18, y-3.5)
		}})
	}
	if whiskers {
		entries = append(entries, legendEntry{"whiskers: 90% interval of the band's edges", func(pic *picture, x, y float64) {
			iv := crosswalk.BandInterval{Lo: crosswalk.Band{Lo: 0, Hi: 0.3}, Hi: crosswalk.Band{Lo: 0.7, Hi: 1}}
			yOf := func(v float64) float64 { return y + 2 - v*12 }
			drawWhiskers(pic, iv, x+9, 5, yOf, grey)
			pic.rect(x+7, yOf(0.85), x+11, yOf(0.15), withAlpha(grey, 0.55), line{grey, 1, solid})
		}})
	}
	if intervals {
		entries = append(entries, legendEntry{"P(higher) (a–b): with its 90% interval from the counts", func(*picture, float64, float64) {}})
	}
	return layoutLegend(entries, 22, 14, maxWidth)
}

// legendEntry is an entry of a legend: its key, drawn by key with its left
// at x and the text's baseline at y, then its text.
type legendEntry struct {
	text string
	key  func(pic *picture, x, y float64)
}

// layoutLegend lays entries out in rows within maxWidth, each key keyWidth
// wide and the entries gap apart, and returns a function that draws them
// from (x, y), and their height.
func layoutLegend(entries []legendEntry, keyWidth, gap, maxWidth float64) (draw func(pic *picture, x, y float64), height float64) {
	type placedEntry struct {
		legendEntry
		x, row float64
	}
	var out []placedEntry
	x, row := 0.0, 0.0
	for _, e := range entries {
		w := keyWidth + textWidth(e.text, sizeSmall, false)
		if x > 0 && x+w > maxWidth {
			x, row = 0, row+1
		}
		out = append(out, placedEntry{e, x, row})
		x += w + gap
	}
	return func(pic *picture, x0, y0 float64) {
		for _, e := range out {
			y := y0 + e.row*15 + 10
			e.key(pic, x0+e.x, y)
			pic.text(x0+e.x+keyWidth, y, e.text, sizeSmall, false, left, black)
		}
	}, (row + 1) * 15
}

// seriesDesc describes the picture in words, for its <desc>.
func seriesDesc(subject string, areas []string, pts []point, rules []rule, cw *crosswalk.Crosswalk, whiskers bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Grades of %s", subject)
	if len(areas) == 1 {
		fmt.Fprintf(&b, " for %s", areas[0])
	} else {
		fmt.Fprintf(&b, " for %d areas (%s)", len(areas), strings.Join(areas, ", "))
	}
	fmt.Fprintf(&b, ", %d in all, on the common ordinal from 0 (worst) to 1 (best) under the %s crosswalk.", len(pts), cw)
	if whiskers {
		b.WriteString(" Each band's edges are given as their 90% intervals from the counts.")
	}
	n := min(len(pts), 20)
	for _, p := range pts[:n] {
		fmt.Fprintf(&b, " %s, %s: %s, band %s", p.obs.DateString(), areas[p.area], p.obs.Grade.Label(), p.band)
		if whiskers {
			fmt.Fprintf(&b, ", edges %s and %s", edgeText(p.iv.Lo), edgeText(p.iv.Hi))
		}
		b.WriteString(".")
	}
	if n < len(pts) {
		fmt.Fprintf(&b, " And %d more.", len(pts)-n)
	}
	for _, r := range rules {
		fmt.Fprintf(&b, " Change of scale: %s.", r.name)
	}
	return b.String()
}

// edgeText writes the 90% interval of a band's edge as "0.166–0.379", or
// as its one value when the edge is fixed.
func edgeText(e crosswalk.Band) string {
	if e.Width() == 0 {
		return fmt.Sprintf("%.3g", e.Lo)
	}
	return fmt.Sprintf("%.3g–%.3g", e.Lo, e.Hi)
}
