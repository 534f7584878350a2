package chart

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Layout of a grid, in picture units.
const (
	minPanelW   = 92 // the narrowest a panel may be
	panelGapX   = 10
	panelTitleH = 13
	panelPlotH  = 58 // a panel plot's natural height
)

// Grid draws small multiples: one panel per subject, each the subject's
// grades through time as [Series] draws them but small (bars for bands,
// joined within each area: solid on one scale, dashed across a change,
// dotted where the bands overlap), on axes shared by every panel, with the
// same rules at each change of scale. The grades of several areas on one
// date are set side by side, in the order of the areas' names, so that
// none hides another. The rules are lettered above the top
// panels and named with their eras under the title. Panels run in rows
// across the width (as many columns as fit panels [minPanelW] wide), in the
// order of [Options.Order]: by name, or by the score of each subject's
// latest grade, best first. The vertical axis is written once per row,
// and the years under the bottom row (under every panel in one column).
//
// Grades are not labelled in the panels; [Options.Axis] = Grades names
// them on the axis, and the <desc> gives each subject's latest grade.
//
// The error wraps [ErrNoData] when there are no observations,
// [crosswalk.ErrNotCovered] when the crosswalk does not cover a scale,
// [ErrFamilies] when Options.Axis is Grades and the grades are of several
// families, [ErrLimit] beyond MaxPanels subjects, and [ErrLimit], [ErrSize]
// or [ErrOption] as [Options] says (a grid draws no Ribbons).
func Grid(w io.Writer, series []trend.Series, opt Options) error {
	return writeTo(w, opt.Format)(layoutGrid(series, opt))
}

// panel is one subject of a grid.
type panel struct {
	subject string
	pts     []int // into the grid's points, in series order
	last    int   // the latest grade, into the points
}

func layoutGrid(series []trend.Series, opt Options) (*scene, error) {
	if err := opt.check("grid", true, false, true); err != nil {
		return nil, err
	}
	cw := opt.crosswalk()
	pts, err := gather(cw, series, false)
	if err != nil {
		return nil, err
	}
	if len(pts) == 0 {
		return nil, fmt.Errorf("chart: grid: %w: no observations", ErrNoData)
	}
	// Areas by name, for colours and markers; subjects into panels.
	var areaNames []string
	for _, s := range series {
		if len(s.Observations) > 0 && !slices.Contains(areaNames, s.Area) {
			areaNames = append(areaNames, s.Area)
		}
	}
	slices.Sort(areaNames)
	areaOf := make([]int, len(series))
	for i, s := range series {
		areaOf[i], _ = slices.BinarySearch(areaNames, s.Area)
	}
	index := map[string]int{}
	var panels []panel
	for i, pt := range pts {
		subj := series[pt.series].Subject
		k, ok := index[subj]
		if !ok {
			k = len(panels)
			index[subj] = k
			panels = append(panels, panel{subject: subj, last: i})
			if err := checkCount("MaxPanels", "subjects in a grid", MaxPanels, len(panels)); err != nil {
				return nil, err
			}
		}
		pn := &panels[k]
		pn.pts = append(pn.pts, i)
		if l := pts[pn.last]; pt.to > l.to || (pt.to == l.to && areaOf[pt.series] < areaOf[l.series]) {
			pn.last = i
		}
	}
	byName := func(a, b panel) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.subject), strings.ToLower(b.subject)), strings.Compare(a.subject, b.subject))
	}
	if opt.Order == ByLastGrade {
		slices.SortStableFunc(panels, func(a, b panel) int {
			return cmp.Or(cmp.Compare(pts[b.last].band.Mid(), pts[a.last].band.Mid()), byName(a, b))
		})
	} else {
		slices.SortStableFunc(panels, byName)
	}

	p := newPage(opt)
	w := p.words
	scales := scalesOf(pts)
	// The changes of scale, lettered: each at the start of its scale's era
	// when that lies within the data, else at its earliest grade.
	lo, hi := math.Inf(1), math.Inf(-1)
	earliest := map[*scale.Scale]float64{}
	for _, pt := range pts {
		lo, hi = min(lo, pt.from), max(hi, pt.to)
		s := pt.obs.Grade.Scale()
		if e, ok := earliest[s]; !ok || pt.from < e {
			earliest[s] = pt.from
		}
	}
	type rule struct {
		x      float64
		letter string
	}
	var rules []rule
	marks := map[*scale.Scale]string{}
	for i, s := range scales[1:] {
		x := earliest[s]
		if from := s.Era().From; !from.IsZero() && yearOf(from) >= lo && yearOf(from) <= x {
			x = yearOf(from)
		}
		letter := ruleLetter(i)
		marks[s] = letter + ":"
		rules = append(rules, rule{x, letter})
	}
	var notes footnotes
	order := "in alphabetical order"
	if opt.Order == ByLastGrade {
		order = "ordered by latest grade, best first"
	}
	sub := fmt.Sprintf("%d subjects, %s; each bar is a grade's band on the common ordinal; %s.", len(panels), order, w.method(cw))
	if w.public {
		sub = fmt.Sprintf("%d subjects, %s; each bar is the range a grade covers on one scale from worst to best; %s.", len(panels), order, w.method(cw))
	}
	key := scalesKey(w, scales, &notes, marks)
	if len(rules) > 0 {
		key += " Dashed lines mark each change of scale, lettered as here."
	}
	p.header("Grades through time", sub, key)
	sc := p.sc

	ax, err := p.axisFor(cw, scales)
	if err != nil {
		return nil, err
	}
	if p.opt.Axis == Ordinal {
		// Small panels: the middle and the ends only.
		for i := range ax.ticks {
			if v := ax.ticks[i].v; v != 0 && v != 0.5 && v != 1 {
				ax.ticks[i].label = ""
			}
		}
		ax.title = ""
		if !w.public {
			ax.title = "common ordinal"
		}
	}
	ax.fit(p.w)
	gridLeft := margin + ax.gutter
	avail := p.w - margin - gridLeft
	cols := max(1, min(len(panels), int((avail+panelGapX)/(minPanelW+panelGapX))))
	rows := (len(panels) + cols - 1) / cols
	panelW := (avail - float64(cols-1)*panelGapX) / float64(cols)
	ta := newTimeAxis(lo, hi, 0, panelW)

	// Bars narrow when the dates crowd together.
	dates := make([]float64, len(pts))
	for i, pt := range pts {
		dates[i] = (pt.from + pt.to) / 2
	}
	slices.Sort(dates)
	distinct := 1
	perYear := panelW / (ta.x1 - ta.x0)
	for i := 1; i < len(dates); i++ {
		if (dates[i]-dates[i-1])*perYear >= 1 {
			distinct++
		}
	}
	barW := min(3, max(1, panelW/float64(distinct)/2))
	// The areas' grades of one date are set side by side, dodge apart, so
	// that none hides another.
	dodge := 0.0
	if len(areaNames) > 1 {
		dodge = min(barW+1.5, panelW/float64(distinct)/float64(2*len(areaNames)))
	}
	spreadHalf := dodge * float64(len(areaNames)-1) / 2
	offset := func(series int) float64 { return float64(areaOf[series])*dodge - spreadHalf }
	// Inset enough for a year label at either end to reach no further than
	// half the gap to the next panel.
	inset := max(barW/2+2.5+spreadHalf, textWidth("2000", sizeSmall, false)/2-panelGapX/2+1.5)
	ta.left, ta.right = inset, panelW-inset

	// Steps between consecutive grades of each series.
	var used [nJoinKinds]bool
	kinds := make([]joinKind, len(pts)) // of the step into pts[i], when joined
	joined := make([]bool, len(pts))
	for i := 1; i < len(pts); i++ {
		if pts[i].series != pts[i-1].series {
			continue
		}
		c, err := cw.Compare(pts[i].obs.Grade, pts[i-1].obs.Grade)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", pts[i].obs, err)
		}
		kinds[i], joined[i] = joinKindOf(c), true
		used[kinds[i]] = true
	}
	var entries []legendEntry
	if len(areaNames) > 1 {
		for i, a := range areaNames {
			name := a
			if name == "" {
				name = "(no area)"
			}
			entries = append(entries, legendEntry{name, func(sc *scene, x, y float64) { sc.marker(i, x+7, y-3.5, 3.5, areaColor(i)) }})
		}
	}
	entries = append(entries, w.joinEntries(used)...)
	f := p.newFooter(entries, &notes)

	// The rules' letters go in a strip above the top panels: in as many
	// rows as it takes for each row's letters to fit a panel's width,
	// the rules dealt to the rows in turn.
	letterGap := 3.0
	for _, ru := range rules {
		letterGap = max(letterGap, textWidth(ru.letter, sizeTiny, true)+3)
	}
	perRow := max(1, int(panelW/letterGap))
	letterRows := (len(rules) + perRow - 1) / perRow
	stripH := float64(letterRows) * (lineTiny + 1)
	if len(rules) > 0 {
		stripH += 2
	}
	yearsH := 5 + lineSmall + 2.0
	// In one column the years are written under every panel, since the
	// last may be far below; otherwise under the bottom row only.
	everyRow := cols == 1
	rowGap := 8.0
	if everyRow {
		rowGap += yearsH
	}
	fixed := p.y + stripH + float64(rows)*(panelTitleH+rowGap) - rowGap + yearsH + f.height
	total, err := p.stretch(float64(rows)*panelPlotH, float64(rows)*max(30, ax.least()), fixed)
	if err != nil {
		return nil, err
	}
	ph := total / float64(rows)
	rowH := panelTitleH + ph + rowGap
	top := p.y + stripH

	for k, pn := range panels {
		r, c := k/cols, k%cols
		x0 := gridLeft + float64(c)*(panelW+panelGapX)
		y0 := top + float64(r)*rowH
		plotTop, plotBottom := y0+panelTitleH, y0+panelTitleH+ph
		xOf := func(year float64) float64 { return x0 + ta.xOf(year) }
		yOf := func(v float64) float64 { return plotBottom - v*ph }
		sc.label(x0, y0+ascentOf(sizeSmall)+1, pn.subject, sizeSmall, true, left, black, panelW)
		if c == 0 {
			ax.draw(sc, x0, x0+panelW, plotBottom, plotTop, p.w)
		} else {
			for _, t := range ax.ticks {
				sc.stroke(line{lightGrey, 0.8, solid}, x0, yOf(t.v), x0+panelW, yOf(t.v))
			}
		}
		sc.rect(x0, plotTop, x0+panelW, plotBottom, withAlpha(white, 0), line{lightGrey, 0.8, solid})
		for _, ru := range rules {
			x := xOf(ru.x)
			sc.stroke(line{midGrey, 0.8, []float64{3, 2}}, x, plotTop, x, plotBottom)
		}
		// Years under the panels with none below them.
		pta := ta
		pta.left, pta.right = x0+ta.left, x0+ta.right
		pta.minX, pta.maxX = max(1, x0-panelGapX/2+1), min(p.w-1, x0+panelW+panelGapX/2-1)
		pta.draw(sc, plotBottom, everyRow || k+cols >= len(panels))
		xAt := func(pt point) float64 { return xOf((pt.from+pt.to)/2) + offset(pt.series) }
		for _, i := range pn.pts {
			pt := pts[i]
			x, col := xAt(pt), areaColor(areaOf[pt.series])
			if pt.band.Width() > 0 {
				sc.rect(x-barW/2, yOf(pt.band.Hi), x+barW/2, yOf(pt.band.Lo), withAlpha(col, 0.45), line{col, 0.6, solid})
			} else {
				sc.stroke(line{col, 1.5, solid}, x-barW, yOf(pt.band.Lo), x+barW, yOf(pt.band.Lo))
			}
			if joined[i] {
				prev := pts[i-1]
				sc.stroke(line{col, 1.2, kinds[i].dash()}, xAt(prev), yOf(prev.band.Mid()), x, yOf(pt.band.Mid()))
			}
		}
		for _, i := range pn.pts {
			pt := pts[i]
			sc.marker(areaOf[pt.series], xAt(pt), yOf(pt.band.Mid()), min(2.5, max(1.5, barW)), areaColor(areaOf[pt.series]))
		}
	}
	// The rules' letters, moved apart where they crowd.
	for row := range letterRows {
		var idx []int
		for i := row; i < len(rules); i += letterRows {
			idx = append(idx, i)
		}
		y := top - 3 - float64(letterRows-1-row)*(lineTiny+1)
		for c := range min(cols, len(panels)) {
			x0 := gridLeft + float64(c)*(panelW+panelGapX)
			want := make([]float64, len(idx))
			for k, i := range idx {
				want[k] = x0 + ta.xOf(rules[i].x)
			}
			at := spread(want, letterGap, x0+letterGap/2, x0+panelW-letterGap/2)
			for k, i := range idx {
				sc.text(at[k], y, rules[i].letter, sizeTiny, true, center, grey)
			}
		}
	}
	height := f.draw(sc, top+float64(rows)*rowH-rowGap+yearsH)
	return p.finish(height, gridDesc(w, panels, pts, scales, cw, order)+notes.desc()), nil
}

// ruleLetter returns the letter of the i-th change of scale: A to Z, then
// AA, AB and so on.
func ruleLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

func gridDesc(w words, panels []panel, pts []point, scales []*scale.Scale, cw *crosswalk.Crosswalk, order string) string {
	var b strings.Builder
	if w.public {
		fmt.Fprintf(&b, "Grades through time of %d subjects, one small panel each, %s, placed on one scale from worst to best (%s).", len(panels), order, w.method(cw))
	} else {
		fmt.Fprintf(&b, "Small multiples of the grades of %d subjects through time, %s, on the common ordinal from 0 (worst) to 1 (best) under the %s crosswalk.", len(panels), order, cw)
	}
	for _, s := range scales {
		fmt.Fprintf(&b, " Scale: %s (%s).", s.Name(), s.Era())
	}
	for _, pn := range panels {
		last := pts[pn.last]
		fmt.Fprintf(&b, " %s: %d grades; latest %s (%s, %s).", pn.subject, len(pn.pts), last.obs.Grade.Label(), last.obs.DateString(), w.bandText(last.band))
	}
	return b.String()
}
