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

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Slope draws every subject and area graded in both of two periods (two
// dates, or two rounds): a line from the band of its grade in the first
// period, on the left, to the band of its grade in the second, on the
// right. Where a series has several grades in a period, the latest counts.
// Lines that share a band are spread within it, so that every line shows
// and the band's height holds them all. A line is solid when the change is
// certain under the crosswalk (the bands do not overlap, or are
// identical), and dashed when the bands overlap so that the direction
// cannot be told; it is blue when the second grade stands higher for
// certain, vermilion when lower, and grey otherwise.
//
// The grades are written beside the bands on each side. Each line is named
// at its right end; where the names are more than the picture's height
// holds, the lines that end in one band are named together, by a count and
// the first of them, and the picture says so (the <desc> names every line).
// A series with a grade in only one of the periods is not drawn, and the
// picture says how many there were.
//
// The error wraps [ErrPeriods] unless from ends before to begins,
// [ErrNoData] when no series has a grade in both, [crosswalk.ErrNotCovered]
// when the crosswalk does not cover a scale, [ErrFamilies] when
// Options.Axis is Grades and the grades are of several families, and
// [ErrLimit], [ErrSize] or [ErrOption] as [Options] says (a slope draws no
// Ribbons and has no Order).
func Slope(w io.Writer, series []trend.Series, from, to trend.Period, opt Options) error {
	return writeTo(w, opt.Format)(layoutSlope(series, from, to, opt))
}

// slopeLine is one series of a slope.
type slopeLine struct {
	name   string // subject, and area when several
	a, b   point  // the grades in the first and second period
	cmp    crosswalk.Comparison
	ya, yb float64 // where the line starts and ends
}

func layoutSlope(series []trend.Series, from, to trend.Period, opt Options) (*scene, error) {
	if err := opt.check("slope", true, false, false); err != nil {
		return nil, err
	}
	if from.From.IsZero() || to.From.IsZero() || !from.Until.Before(to.From) {
		return nil, fmt.Errorf("chart: slope from %s to %s: %w", from, to, ErrPeriods)
	}
	cw := opt.crosswalk()
	pts, err := gather(cw, series, false)
	if err != nil {
		return nil, err
	}
	areas := map[string]bool{}
	for _, s := range series {
		areas[s.Area] = true
	}
	byArea := len(areas) > 1
	// The latest grade of each series in each period.
	first := make([]int, len(series))
	second := make([]int, len(series))
	for i := range series {
		first[i], second[i] = -1, -1
	}
	for i, pt := range pts {
		if from.Contains(pt.obs.Date) {
			first[pt.series] = i
		}
		if to.Contains(pt.obs.Date) {
			second[pt.series] = i
		}
	}
	var lines []slopeLine
	onlyOne := 0
	for i, s := range series {
		a, b := first[i], second[i]
		if a < 0 || b < 0 {
			if a >= 0 || b >= 0 {
				onlyOne++
			}
			continue
		}
		c, err := cw.Compare(pts[b].obs.Grade, pts[a].obs.Grade)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", pts[b].obs, err)
		}
		name := s.Subject
		if byArea {
			name += " (" + s.Area + ")"
		}
		lines = append(lines, slopeLine{name: clean(name), a: pts[a], b: pts[b], cmp: c})
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("chart: slope from %s to %s: %w: no series has a grade in both periods", from, to, ErrNoData)
	}
	var drawn []point
	for _, l := range lines {
		drawn = append(drawn, l.a, l.b)
	}
	scales := scalesOf(drawn)

	p := newPage(opt)
	w := p.words
	var notes footnotes
	sub := fmt.Sprintf("%d series graded in both periods; each line runs from a grade's band on the common ordinal in %s to its band in %s; %s.", len(lines), from, to, w.method(cw))
	if w.public {
		sub = fmt.Sprintf("%d graded in both periods; each line runs from where a grade stands in %s to where the next stands in %s, on one scale from worst to best; %s.", len(lines), from, to, w.method(cw))
	}
	p.header(fmt.Sprintf("Grades in %s and %s", from, to), sub, scalesKey(w, scales, &notes, nil))
	sc := p.sc

	// The two sides' axes: the grades of each period's scales, or the
	// ordinal's quarters.
	sideAxis := func(side []point) (yAxis, error) {
		var ss []*scale.Scale
		for _, pt := range side {
			if s := pt.obs.Grade.Scale(); !slices.Contains(ss, s) {
				ss = append(ss, s)
			}
		}
		if opt.Axis == Grades {
			return gradesAxis(cw, ss)
		}
		// The grades of the side's scales still label the bands.
		return gradesAxisAny(cw, ss)
	}
	var as, bs []point
	for _, l := range lines {
		as, bs = append(as, l.a), append(bs, l.b)
	}
	axA, err := sideAxis(as)
	if err != nil {
		return nil, err
	}
	axB, err := sideAxis(bs)
	if err != nil {
		return nil, err
	}
	maxTick := p.w * 0.2
	widthOf := func(ax yAxis) float64 {
		wd := 0.0
		for _, t := range ax.ticks {
			wd = max(wd, min(maxTick, textWidth(t.label, sizeSmall, false)))
		}
		return wd
	}
	nameW := min(p.w*0.24, 160)
	xa := margin + widthOf(axA) + 12
	xb := p.w - margin - nameW - 14 - widthOf(axB) - 12
	if xb-xa < 80 {
		xb = xa + 80
	}
	// Period headings over the two sides.
	headA := wrap(from.String(), sizeSmall, true, xa+3-margin)
	headB := wrap(to.String(), sizeSmall, true, p.w-margin-(xb-3))
	headH := float64(max(len(headA), len(headB))) * lineSmall
	headTop := p.y
	plotTop := headTop + headH + 10

	// Names at the right: one a line when they fit, else by band.
	// The legend keys the kinds of line drawn, and only those.
	var used [4]bool
	for i := range lines {
		_, k := slopeKind(&lines[i])
		used[k] = true
	}
	var entries []legendEntry
	for k, dash := range [4][]float64{solid, solid, solid, dashed} {
		if used[k] {
			c := slopeColours[k]
			entries = append(entries, legendEntry{w.slopeText(k), func(sc *scene, x, y float64) { sc.stroke(line{c, 1.6, dash}, x, y-3.5, x+18, y-3.5) }})
		}
	}
	natural := max(300, float64(len(lines))*lineTiny+10)
	natural = min(natural, 640)
	grouped := "There are more lines than room to name them: the lines that end in one band are counted together, and the description names each."
	missingLine := ""
	if onlyOne > 0 {
		missingLine = fmt.Sprintf("%d series with a grade in only one of the periods are not drawn.", onlyOne)
	}
	reserve := p.newFooter(entries, &notes, grouped, missingLine)
	ph, err := p.stretch(natural, max(160, axA.least(), axB.least()), plotTop+12+reserve.height)
	if err != nil {
		return nil, err
	}
	plotBottom := plotTop + ph
	yOf := func(v float64) float64 { return plotBottom - v*ph }

	for i, l := range headA {
		sc.text(xa+3, headTop+ascentOf(sizeSmall)+float64(i)*lineSmall, l, sizeSmall, true, right, black)
	}
	for i, l := range headB {
		sc.text(xb-3, headTop+ascentOf(sizeSmall)+float64(i)*lineSmall, l, sizeSmall, true, left, black)
	}
	// Bands on each side, spread lines within each.
	spreadIn := func(side func(*slopeLine) point, other func(*slopeLine) point, set func(*slopeLine, float64)) {
		groups := map[crosswalk.Band][]int{}
		var keys []crosswalk.Band
		for i := range lines {
			b := side(&lines[i]).band
			if _, ok := groups[b]; !ok {
				keys = append(keys, b)
			}
			groups[b] = append(groups[b], i)
		}
		for _, b := range keys {
			g := groups[b]
			slices.SortStableFunc(g, func(x, y int) int {
				return cmp.Or(cmp.Compare(other(&lines[y]).band.Mid(), other(&lines[x]).band.Mid()), strings.Compare(lines[x].name, lines[y].name))
			})
			top, bottom := yOf(b.Hi), yOf(b.Lo)
			pad := min(3, (bottom-top)/4)
			for k, i := range g {
				y := (top + bottom) / 2
				if len(g) > 1 {
					y = top + pad + (bottom-top-2*pad)*float64(k)/float64(len(g)-1)
				}
				set(&lines[i], y)
			}
		}
	}
	spreadIn(func(l *slopeLine) point { return l.a }, func(l *slopeLine) point { return l.b }, func(l *slopeLine, y float64) { l.ya = y })
	spreadIn(func(l *slopeLine) point { return l.b }, func(l *slopeLine) point { return l.a }, func(l *slopeLine, y float64) { l.yb = y })

	drawBands := func(x float64, side []point) {
		done := map[crosswalk.Band]bool{}
		for _, pt := range side {
			if done[pt.band] {
				continue
			}
			done[pt.band] = true
			sc.rect(x-3, yOf(pt.band.Hi), x+3, yOf(pt.band.Lo), withAlpha(grey, 0.25), line{grey, 0.8, solid})
		}
	}
	// drawTicks writes a side's grades beside its bands. The right side's
	// stand where the lines run to their names, so each gets a white
	// ground, drawn over the lines, to keep it legible.
	drawTicks := func(ax yAxis, x float64, labelLeft bool) {
		want := make([]float64, len(ax.ticks))
		for i, t := range ax.ticks {
			want[i] = yOf(t.v)
		}
		at := spread(want, tickGap, plotTop-4, plotBottom+4)
		mid := ascentOf(sizeSmall) * 0.36
		for i, t := range ax.ticks {
			lx, a := x+8, left
			if labelLeft {
				lx, a = x-8, right
			}
			if math.Abs(at[i]-want[i]) > 0.5 {
				dir := 1.0
				if labelLeft {
					dir = -1
				}
				sc.stroke(line{midGrey, 0.6, solid}, x+dir*4, want[i], x+dir*7, at[i])
			}
			if !labelLeft {
				short, _ := abridge(clean(t.label), sizeSmall, false, maxTick)
				wd := textWidth(short, sizeSmall, false)
				sc.rect(lx-1, at[i]+mid-ascentOf(sizeSmall)-1, lx+wd+2, at[i]+mid+descentOf(sizeSmall)+1, white, line{})
			}
			sc.label(lx, at[i]+mid, t.label, sizeSmall, false, a, grey, maxTick)
		}
	}
	drawBands(xa, as)
	drawTicks(axA, xa, true)
	drawBands(xb, bs)
	for i := range lines {
		l := &lines[i]
		dash, k := slopeKind(l)
		sc.stroke(line{slopeColours[k], 1.3, dash}, xa+3, l.ya, xb-3, l.yb)
	}

	// Names at the right end of the lines.
	nameX := xb + 8 + widthOf(axB) + 12
	nameW = p.w - 2 - nameX
	capacity := int((ph + 8) / lineTiny)
	grouping := len(lines) > capacity
	type name struct {
		y          float64
		text, full string
	}
	var names []name
	if !grouping {
		for i := range lines {
			names = append(names, name{y: lines[i].yb, text: lines[i].name})
		}
	} else {
		groups := map[crosswalk.Band][]int{}
		var keys []crosswalk.Band
		for i := range lines {
			b := lines[i].b.band
			if _, ok := groups[b]; !ok {
				keys = append(keys, b)
			}
			groups[b] = append(groups[b], i)
		}
		for _, b := range keys {
			g := groups[b]
			var all []string
			for _, i := range g {
				all = append(all, lines[i].name)
			}
			text := lines[g[0]].name
			if len(g) > 1 {
				text = strconv.Itoa(len(g)) + " lines end here"
			}
			names = append(names, name{y: yOf(b.Mid()), text: text, full: strings.Join(all, ", ")})
		}
	}
	want := make([]float64, len(names))
	for i, n := range names {
		want[i] = n.y
	}
	at := spread(want, lineTiny, plotTop-2, plotBottom+2)
	mid := ascentOf(sizeTiny) * 0.36
	for i, n := range names {
		if math.Abs(at[i]-want[i]) > 0.5 {
			sc.stroke(line{lightGrey, 0.6, solid}, xb+4, want[i], nameX-2, at[i])
		}
		short, cut := abridge(n.text, sizeTiny, false, nameW)
		full := n.full
		if cut && full == "" {
			full = n.text
		}
		sc.textAt(nameX, at[i]+mid, short, full, sizeTiny, false, left, black)
	}
	drawTicks(axB, xb, false)
	groupedLine := ""
	if grouping {
		groupedLine = grouped
	}
	f := p.newFooter(entries, &notes, groupedLine, missingLine)
	height := f.draw(sc, plotBottom+12)
	return p.finish(height, slopeDesc(w, lines, from, to, cw, onlyOne)+notes.desc()), nil
}

// slopeColours are the colours of the kinds of line, as slopeKind numbers
// them.
var slopeColours = [4]color.NRGBA{blue, vermilion, midGrey, midGrey}

// slopeKind returns a line's dash pattern and kind: 0 higher, 1 lower, 2
// equivalent, 3 overlapping.
func slopeKind(l *slopeLine) ([]float64, int) {
	switch l.cmp.Relation {
	case crosswalk.Overlapping:
		return dashed, 3
	case crosswalk.Above:
		return solid, 0
	case crosswalk.Below:
		return solid, 1
	}
	return solid, 2
}

// slopeText returns the legend's text for a kind of line: higher, lower,
// no change, cannot tell.
func (w words) slopeText(k int) string {
	if w.public {
		return [4]string{"better, for certain", "worse, for certain", "the same", "ranges overlap: cannot tell"}[k]
	}
	return [4]string{"higher (bands apart)", "lower (bands apart)", "equivalent", "bands overlap: direction uncertain"}[k]
}

// gradesAxisAny is gradesAxis for scales of any families: the labels of
// each family's grades, all on one axis.
func gradesAxisAny(cw *crosswalk.Crosswalk, scales []*scale.Scale) (yAxis, error) {
	var ax yAxis
	for _, fam := range families(scales) {
		f, err := gradesAxis(cw, fam)
		if err != nil {
			return yAxis{}, err
		}
		ax.ticks = append(ax.ticks, f.ticks...)
	}
	slices.SortStableFunc(ax.ticks, func(a, b tick) int { return cmp.Compare(a.v, b.v) })
	return ax, nil
}

func slopeDesc(w words, lines []slopeLine, from, to trend.Period, cw *crosswalk.Crosswalk, onlyOne int) string {
	var b strings.Builder
	if w.public {
		fmt.Fprintf(&b, "Grades of %d in %s and %s, placed on one scale from worst to best (%s).", len(lines), from, to, w.method(cw))
	} else {
		fmt.Fprintf(&b, "Slope chart of %d series from %s to %s on the common ordinal under the %s crosswalk.", len(lines), from, to, cw)
	}
	for _, l := range lines {
		fmt.Fprintf(&b, " %s: %s (%s) to %s (%s), %s.", l.name, l.a.obs.Grade.Label(), l.a.obs.DateString(), l.b.obs.Grade.Label(), l.b.obs.DateString(), w.change(l.cmp))
	}
	if onlyOne > 0 {
		fmt.Fprintf(&b, " %d series with a grade in only one period are not drawn.", onlyOne)
	}
	return b.String()
}

// change says how a grade compares with the one before it.
func (w words) change(c crosswalk.Comparison) string {
	switch c.Relation {
	case crosswalk.Above:
		return "higher"
	case crosswalk.Below:
		return "lower"
	case crosswalk.Equivalent:
		if w.public {
			return "the same"
		}
		return "equivalent"
	}
	if w.public {
		return "cannot tell, " + w.chance(c)
	}
	return "bands overlap, " + w.chance(c)
}
