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
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Transitions draws a [trend.TransitionTable] as an alluvial picture: the
// grades of the first scale as blocks on the left, best at the top, those
// of the second on the right, each block as tall as the number of subjects
// and areas that had the grade, and a flow from each grade on the left to
// each on the right as wide as the number that went that way, with the
// number written on it. A flow is blue where the second grade stands higher
// for certain under the crosswalk, vermilion where it stands lower, and
// grey where the bands overlap or are identical. A number with no room on
// its flow is left out, and the picture says how many were; the <desc>
// gives every flow.
//
// The error wraps [ErrNoData] when the table counts no one,
// [crosswalk.ErrNotCovered] when the crosswalk does not cover a scale, and
// [ErrLimit], [ErrSize] or [ErrOption] as [Options] says (a transitions
// picture takes no Axis, Order or Ribbons).
func Transitions(w io.Writer, t trend.TransitionTable, opt Options) error {
	return writeTo(w, opt.Format)(layoutTransitions(t, opt))
}

// node is a grade's block in a transitions picture.
type node struct {
	g           grade.Grade
	count       int
	top, bottom float64
	used        float64 // how much of its height flows have taken
	label       string
}

func layoutTransitions(t trend.TransitionTable, opt Options) (*scene, error) {
	if err := opt.check("transitions", false, false, false); err != nil {
		return nil, err
	}
	if t.Len() == 0 {
		return nil, fmt.Errorf("chart: transitions: %w: no subject was graded on both scales", ErrNoData)
	}
	from, to := t.From(), t.To()
	for _, s := range []*scale.Scale{from, to} {
		if err := checkText("scale name", s.Name()); err != nil {
			return nil, err
		}
		for l := range s.Labels() {
			if err := checkText("grade label", l); err != nil {
				return nil, err
			}
		}
	}
	if err := checkCount("MaxLabels", "levels of the two scales", MaxLabels, from.Len()+to.Len()); err != nil {
		return nil, err
	}
	cw := opt.crosswalk()
	flows := slices.Collect(t.Flows())
	kinds := make([]int, len(flows)) // 0 higher, 1 lower, 2 neither
	for i, f := range flows {
		c, err := cw.Compare(f.To, f.From)
		if err != nil {
			return nil, fmt.Errorf("chart: transitions: %w", err)
		}
		switch c.Relation {
		case crosswalk.Above:
			kinds[i] = 0
		case crosswalk.Below:
			kinds[i] = 1
		default:
			kinds[i] = 2
		}
	}
	unordered := 0
	for range t.Unordered() {
		unordered++
	}

	p := newPage(opt)
	w := p.words
	var notes footnotes
	n := t.Len()
	title := "Where the grades went: " + from.Name() + " → " + to.Name()
	sub := fmt.Sprintf("%d subjects and areas graded on both scales: the last grade on the first against the first grade on the second; each flow is as wide as the number that went that way; %s.", n, w.method(cw))
	if w.public {
		sub = fmt.Sprintf("%d graded on both scales: the last grade on the old scale against the first grade on the new one; each band is as wide as the number that went that way; %s.", n, w.method(cw))
	}
	p.header(title, sub, scalesKey(w, []*scale.Scale{from, to}, &notes, nil))
	sc := p.sc

	// Blocks: one per level, best at the top.
	fromCounts, toCounts := make([]int, from.Len()+1), make([]int, to.Len()+1) // by rank
	for _, f := range flows {
		fromCounts[f.From.Rank()] += f.Count
		toCounts[f.To.Rank()] += f.Count
	}
	nodesOf := func(s *scale.Scale, counts []int) []node {
		var out []node
		for r := s.Len(); r >= 1; r-- {
			g, _ := grade.FromRank(s, r)
			out = append(out, node{g: g, count: counts[r], label: clean(g.Label()) + " · " + strconv.Itoa(counts[r])})
		}
		return out
	}
	fromNodes, toNodes := nodesOf(from, fromCounts), nodesOf(to, toCounts)
	const nodeW = 12.0
	// The labels take what the flows, at least 100 units wide, leave.
	labelMax := min(p.w*0.28, (p.w-2*margin-2*nodeW-20-100)/2)
	widest := func(ns []node) float64 {
		wd := 0.0
		for _, nd := range ns {
			wd = max(wd, min(labelMax, textWidth(nd.label, sizeSmall, false)))
		}
		return wd
	}
	xl := margin + widest(fromNodes) + 10
	xr := p.w - margin - widest(toNodes) - 10 - nodeW
	// Headings over the two columns: each scale's name and era.
	half := (p.w - 2*margin) / 2
	headL := wrap(clean(from.Name()+" ("+from.Era().String()+")"), sizeSmall, true, half-8)
	headR := wrap(clean(to.Name()+" ("+to.Era().String()+")"), sizeSmall, true, half-8)
	headTop := p.y
	plotTop := headTop + float64(max(len(headL), len(headR)))*lineSmall + 10

	// The legend keys the kinds of flow drawn, and only those.
	var used [3]bool
	for _, k := range kinds {
		used[k] = true
	}
	var entries []legendEntry
	for k, c := range flowColours {
		if used[k] {
			entries = append(entries, legendEntry{w.flowText(k), func(sc *scene, x, y float64) { sc.rect(x, y-8, x+18, y+1, withAlpha(c, 0.45), line{}) }})
		}
	}
	unorderedLine := ""
	if unordered > 0 {
		unorderedLine = fmt.Sprintf("%d subjects and areas graded on the second scale before the first are not counted.", unordered)
	}
	reserve := p.newFooter(entries, &notes, w.leftOut(len(flows), len(flows), "flow counts"), unorderedLine)
	gaps := float64(max(from.Len(), to.Len())-1) * 6
	least := max(120, gaps+40, float64(max(from.Len(), to.Len()))*tickGap)
	ph, err := p.stretch(max(300, least), least, plotTop+12+reserve.height)
	if err != nil {
		return nil, err
	}
	plotBottom := plotTop + ph

	// Each column's blocks share its height in proportion to their counts,
	// with a gap between blocks.
	layoutColumn := func(ns []node) {
		gap := 6.0
		avail := ph - gap*float64(len(ns)-1)
		y := plotTop
		for i := range ns {
			h := avail * float64(ns[i].count) / float64(n)
			ns[i].top, ns[i].bottom = y, y+h
			y += h + gap
		}
	}
	layoutColumn(fromNodes)
	layoutColumn(toNodes)
	scaleH := (ph - 6*float64(max(len(fromNodes), len(toNodes))-1)) / float64(n)

	for i, l := range headL {
		sc.text(margin, headTop+ascentOf(sizeSmall)+float64(i)*lineSmall, l, sizeSmall, true, left, black)
	}
	for i, l := range headR {
		sc.text(p.w-margin, headTop+ascentOf(sizeSmall)+float64(i)*lineSmall, l, sizeSmall, true, right, black)
	}

	// Flows, stacked within each block: on the left by grade on the right,
	// best first, and on the right by grade on the left, best first.
	type ribbon struct {
		y0a, y1a, y0b, y1b float64
		flow               int
	}
	ribbons := make([]ribbon, len(flows))
	idxL := func(f trend.Flow) int { return from.Len() - f.From.Rank() }
	idxR := func(f trend.Flow) int { return to.Len() - f.To.Rank() }
	// stack stacks the flows within the blocks of one side, in the order
	// of their block, then of their block on the other side, and sets
	// where each starts and ends.
	stack := func(nodes []node, own, other func(trend.Flow) int, set func(r *ribbon, y0, y1 float64)) {
		order := make([]int, len(flows))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int {
			return cmp.Or(cmp.Compare(own(flows[a]), own(flows[b])), cmp.Compare(other(flows[a]), other(flows[b])))
		})
		for _, i := range order {
			nd := &nodes[own(flows[i])]
			h := float64(flows[i].Count) * scaleH
			set(&ribbons[i], nd.top+nd.used, nd.top+nd.used+h)
			ribbons[i].flow = i
			nd.used += h
		}
	}
	stack(fromNodes, idxL, idxR, func(r *ribbon, y0, y1 float64) { r.y0a, r.y1a = y0, y1 })
	stack(toNodes, idxR, idxL, func(r *ribbon, y0, y1 float64) { r.y0b, r.y1b = y0, y1 })
	xa, xb := xl+nodeW, xr
	curve := func(ya, yb, t float64) (float64, float64) {
		// A cubic from (xa, ya) to (xb, yb) leaving and arriving level.
		u := 1 - t
		x := u*u*u*xa + 3*u*u*t*(xa+(xb-xa)/2) + 3*u*t*t*(xb-(xb-xa)/2) + t*t*t*xb
		y := (u*u*u+3*u*u*t)*ya + (3*u*t*t+t*t*t)*yb
		return x, y
	}
	const steps = 24
	for _, r := range ribbons {
		pts := make([]float64, 0, 4*(steps+1))
		for k := 0; k <= steps; k++ {
			x, y := curve(r.y0a, r.y0b, float64(k)/steps)
			pts = append(pts, x, y)
		}
		for k := steps; k >= 0; k-- {
			x, y := curve(r.y1a, r.y1b, float64(k)/steps)
			pts = append(pts, x, y)
		}
		sc.shape(withAlpha(flowColours[kinds[r.flow]], 0.42), line{white, 0.5, solid}, pts...)
	}
	drawNodes := func(ns []node, x float64, labelLeft bool) {
		want := make([]float64, len(ns))
		for i, nd := range ns {
			if nd.bottom-nd.top < 1 {
				sc.stroke(line{grey, 2, solid}, x, nd.top, x+nodeW, nd.top)
			} else {
				sc.rect(x, nd.top, x+nodeW, nd.bottom, grey, line{})
			}
			want[i] = (nd.top + nd.bottom) / 2
		}
		at := spread(want, tickGap, plotTop-4, plotBottom+4)
		mid := ascentOf(sizeSmall) * 0.36
		for i, nd := range ns {
			lx, a := x+nodeW+6, left
			if labelLeft {
				lx, a = x-6, right
			}
			if math.Abs(at[i]-want[i]) > 0.5 {
				if labelLeft {
					sc.stroke(line{midGrey, 0.6, solid}, x-1, want[i], x-5, at[i])
				} else {
					sc.stroke(line{midGrey, 0.6, solid}, x+nodeW+1, want[i], x+nodeW+5, at[i])
				}
			}
			// The count stays whole: only the grade's label is wrapped or
			// abridged. It wraps onto two lines where the block and its
			// neighbours' labels leave room.
			count := " · " + strconv.Itoa(nd.count)
			if two := wrap(clean(nd.g.Label()), sizeSmall, false, labelMax); len(two) == 2 && textWidth(two[1]+count, sizeSmall, false) <= labelMax &&
				nd.bottom-nd.top >= 2*lineSmall && (i == 0 || at[i]-at[i-1] >= 1.5*lineSmall) && (i == len(ns)-1 || at[i+1]-at[i] >= 1.5*lineSmall) {
				sc.textAt(lx, at[i]+mid-lineSmall/2, two[0], "", sizeSmall, false, a, black)
				sc.textAt(lx, at[i]+mid+lineSmall/2, two[1]+count, "", sizeSmall, false, a, black)
				continue
			}
			name, cut := abridge(clean(nd.g.Label()), sizeSmall, false, labelMax-textWidth(count, sizeSmall, false))
			full := ""
			if cut {
				full = nd.label
			}
			sc.textAt(lx, at[i]+mid, name+count, full, sizeSmall, false, a, black)
		}
	}
	drawNodes(fromNodes, xl, true)
	drawNodes(toNodes, xr, false)

	// Counts on the flows, at their middle or along them.
	placed := 0
	bounds := box{xa + 2, plotTop - 6, xb - 2, plotBottom + 6}
	for _, r := range ribbons {
		text := strconv.Itoa(flows[r.flow].Count)
		var cands [][2]float64
		for _, tt := range []float64{0.5, 0.35, 0.65, 0.2, 0.8} {
			x, y := curve((r.y0a+r.y1a)/2, (r.y0b+r.y1b)/2, tt)
			cands = append(cands, [2]float64{x, y + ascentOf(sizeSmall)*0.36})
		}
		if sc.place(text, "", sizeSmall, center, black, withAlpha(white, 0.85), 1.5, bounds, cands) {
			placed++
		}
	}
	f := p.newFooter(entries, &notes, w.leftOut(len(flows)-placed, len(flows), "flow counts"), unorderedLine)
	height := f.draw(sc, plotBottom+12)
	return p.finish(height, transitionsDesc(w, t, flows, cw, unordered)+notes.desc()), nil
}

// flowText returns the legend's text for a kind of flow.
// flowColours are the colours of the kinds of flow: higher, lower, neither.
var flowColours = [3]color.NRGBA{blue, vermilion, midGrey}

func (w words) flowText(k int) string {
	if w.public {
		return [3]string{"to a better grade, for certain", "to a worse grade, for certain", "cannot tell, or the same"}[k]
	}
	return [3]string{"higher on the common ordinal (bands apart)", "lower (bands apart)", "bands overlap or equivalent"}[k]
}

func transitionsDesc(w words, t trend.TransitionTable, flows []trend.Flow, cw *crosswalk.Crosswalk, unordered int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Where the grades of %d subjects and areas went from %s (%s), their last grade on it, to %s (%s), their first grade on it", t.Len(), t.From().Name(), t.From().Era(), t.To().Name(), t.To().Era())
	if w.public {
		fmt.Fprintf(&b, " (%s).", w.method(cw))
	} else {
		fmt.Fprintf(&b, ", compared under the %s crosswalk.", cw)
	}
	for i, f := range flows {
		if i == 4*descLimit {
			fmt.Fprintf(&b, " And %d more flows.", len(flows)-i)
			break
		}
		fmt.Fprintf(&b, " %d from %s to %s.", f.Count, f.From.Label(), f.To.Label())
	}
	if unordered > 0 {
		fmt.Fprintf(&b, " %d graded on the second scale before the first are not counted.", unordered)
	}
	return b.String()
}
