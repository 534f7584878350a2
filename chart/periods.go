package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// binColors returns n colours for the bins of the common ordinal, worst
// first, that differ in lightness as well as hue: from dark vermilion
// through pale grey to dark blue, so that the order reads in grey scale
// too. The end points are Okabe and Ito's vermilion and blue.
func binColors(n int) []color.NRGBA {
	stops := []color.NRGBA{{0x99, 0x3d, 0x00, 255}, {0xD5, 0x5E, 0x00, 255}, {0xf2, 0xc4, 0x9b, 255}, {0xe8, 0xe8, 0xe8, 255}, {0x9e, 0xc9, 0xe2, 255}, {0x00, 0x72, 0xB2, 255}, {0x00, 0x3f, 0x66, 255}}
	out := make([]color.NRGBA, n)
	for i := range out {
		t := 0.5
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		f := t * float64(len(stops)-1)
		k := min(int(f), len(stops)-2)
		u := f - float64(k)
		a, b := stops[k], stops[k+1]
		mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-u) + float64(y)*u)) }
		out[i] = color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
	}
	return out
}

// textOn returns black or white, whichever reads better on c.
func textOn(c color.NRGBA) color.NRGBA {
	lum := 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
	if lum < 128 {
		return white
	}
	return black
}

// Periods draws the summaries of [trend.ByPeriod] as one stacked bar per
// period and area: the share of the period's grades in each bin of the
// common ordinal, worst at the bottom, with the number of grades above the
// bar and the mean score marked against a second axis, the common ordinal.
// The scales of the grades are named, found by their IDs in the default
// registry (an ID it does not hold is written as it is). A period's label
// too wide for its bar is written upwards. A count inside a bar with no
// room is left out, and the picture says how many were; the <desc> gives
// every count.
//
// The error wraps [ErrNoData] when there is no summary, and [ErrLimit],
// [ErrSize] or [ErrOption] as [Options] says (a periods picture takes no
// Axis, Order or Ribbons).
func Periods(w io.Writer, sums []trend.PeriodSummary, opt Options) error {
	return writeTo(w, opt.Format)(layoutPeriods(sums, opt))
}

func layoutPeriods(sums []trend.PeriodSummary, opt Options) (*scene, error) {
	if err := opt.check("periods", false, false, false); err != nil {
		return nil, err
	}
	var n int
	for _, s := range sums {
		n = max(n, len(s.Bins))
	}
	if len(sums) == 0 || n == 0 {
		return nil, fmt.Errorf("chart: periods: %w: no period has a grade", ErrNoData)
	}
	if err := checkCount("MaxLabels", "periods", MaxLabels, len(sums)); err != nil {
		return nil, err
	}
	if err := checkCount("MaxObservations", "bins in all periods", MaxObservations, len(sums)*n); err != nil {
		return nil, err
	}
	areas := map[string]bool{}
	var scales []*scale.Scale
	var unknown []string
	seen := map[string]bool{}
	for _, s := range sums {
		if err := checkText("area", s.Area); err != nil {
			return nil, err
		}
		areas[s.Area] = true
		for _, id := range s.Scales {
			if seen[id] {
				continue
			}
			seen[id] = true
			if sc, ok := scale.Lookup(id); ok {
				scales = append(scales, sc)
			} else {
				unknown = append(unknown, id)
			}
		}
	}
	showArea := len(areas) > 1
	cw := opt.crosswalk()
	p := newPage(opt)
	w := p.words

	title := "Grades by period"
	if !showArea && sums[0].Area != "" {
		title += ": " + sums[0].Area
	}
	sub := "Bars: share of grades by bin of the common ordinal; diamonds: mean score; " + w.method(cw) + "."
	if w.public {
		sub = "Bars: share of each period's grades by where they stand on one scale from worst (bottom) to best (top); diamonds: average position; " + w.method(cw) + "."
	}
	var notes footnotes
	key := ""
	if len(scales) > 0 {
		key = scalesKey(w, scales, &notes, nil)
	}
	if len(unknown) > 0 {
		key += " Other scales: " + strings.Join(unknown, ", ") + "."
	}
	p.header(title, sub, key)
	sc := p.sc

	shareTitle, meanTitle := "share of the period's grades", "mean score (0 = worst, 1 = best)"
	if w.public {
		meanTitle = "average position (worst to best)"
	}
	// Room for the axes' labels: "100%" on the left, "0.75" on the right.
	leftRoom := margin + lineSmall + 4 + textWidth("100%", sizeSmall, false) + 6
	rightLabels := []string{"0", "0.25", "0.5", "0.75", "1"}
	if w.public {
		rightLabels = []string{"worst", "", "", "", "best"}
	}
	rightW := 0.0
	for _, l := range rightLabels {
		rightW = max(rightW, textWidth(l, sizeSmall, false))
	}
	plotL, plotR := leftRoom, p.w-margin-lineSmall-4-rightW-6
	slot := (plotR - plotL) / float64(len(sums))
	barW := min(56, slot*0.7)

	// Labels under the bars: across when every one fits its slot, else
	// upwards, each abridged to 110 units.
	labels := make([]string, len(sums))
	fits := true
	widest := 0.0
	for i, s := range sums {
		labels[i] = s.Period.String()
		if showArea {
			labels[i] += " · " + s.Area
		}
		labels[i] = clean(labels[i])
		lw := textWidth(labels[i], sizeSmall, false)
		widest = max(widest, min(lw, 110))
		fits = fits && lw <= slot-2
	}
	below := lineSmall + 6.0
	if !fits {
		below = widest + 8
	}
	// Counts above the bars: "n = 43", or "43", across when it fits, else
	// upwards.
	counts := make([]string, len(sums))
	countsFit, widestCount := true, 0.0
	for i, s := range sums {
		counts[i] = "n = " + strconv.Itoa(s.Observations)
	}
	for _, c := range counts {
		countsFit = countsFit && textWidth(c, sizeSmall, false) <= slot-2
	}
	if !countsFit {
		countsFit = true
		for i, s := range sums {
			counts[i] = strconv.Itoa(s.Observations)
			countsFit = countsFit && textWidth(counts[i], sizeSmall, false) <= slot-2
		}
	}
	for _, c := range counts {
		widestCount = max(widestCount, textWidth(c, sizeSmall, false))
	}
	above := lineSmall + 2.0
	if !countsFit {
		above = widestCount + 6
	}
	plotTop := p.y + above
	// Upward labels are a line thick: where the bars are closer than that,
	// every stride-th bar is labelled.
	stride := 1
	if thick := ascentOf(sizeSmall) + descentOf(sizeSmall) + 1; (!fits || !countsFit) && slot < thick {
		stride = int(math.Ceil(thick / slot))
	}
	strideNote := ""
	if stride > 1 {
		strideNote = fmt.Sprintf("For want of room, every %s bar is labelled; the description gives them all.", nth(stride))
	}
	countNote := ""
	if !strings.HasPrefix(counts[0], "n = ") {
		countNote = "The number above each bar counts its grades."
		if w.public {
			countNote = "The number above each bar is how many grades it stands for."
		}
	}
	entries := periodsLegend(w, sums, n)
	// What the means measure, when the crosswalk places scales by counts.
	meansNote := trend.MeansNote(sums)
	reserve := p.newFooter(entries, &notes, meansNote, countNote, strideNote, w.leftOut(len(sums)*n, len(sums)*n, "counts"))
	ph, err := p.stretch(250, 120, plotTop+below+16+reserve.height)
	if err != nil {
		return nil, err
	}
	plotBottom := plotTop + ph
	yOf := func(v float64) float64 { return plotBottom - v*ph }

	mid := ascentOf(sizeSmall) * 0.36
	for i, v := range quarters {
		sc.stroke(line{lightGrey, 0.8, solid}, plotL, yOf(v), plotR, yOf(v))
		sc.text(plotL-5, yOf(v)+mid, strconv.Itoa(int(v*100))+"%", sizeSmall, false, right, grey)
		sc.text(plotR+5, yOf(v)+mid, rightLabels[i], sizeSmall, false, left, grey)
	}
	sc.vtext(margin-4+ascentOf(sizeSmall), (plotTop+plotBottom)/2, shareTitle, sizeSmall, grey, ph+20)
	sc.vtext(p.w-margin-descentOf(sizeSmall), (plotTop+plotBottom)/2, meanTitle, sizeSmall, grey, ph+20)

	colors := binColors(n)
	type segment struct {
		x0, y0, x1, y1 float64
		count          int
		c              color.NRGBA
	}
	var segs []segment
	for i, s := range sums {
		cx := plotL + slot*(float64(i)+0.5)
		x0, x1 := cx-barW/2, cx+barW/2
		acc := 0.0
		for b, count := range s.Bins {
			if count <= 0 || s.Observations <= 0 {
				continue
			}
			share := float64(count) / float64(s.Observations)
			y0, y1 := yOf(min(1, acc+share)), yOf(min(1, acc))
			sc.rect(x0, y0, x1, y1, colors[b], line{white, 0.8, solid})
			segs = append(segs, segment{x0, y0, x1, y1, count, colors[b]})
			acc += share
		}
		if i%stride != 0 {
			continue
		}
		if countsFit {
			sc.text(cx, plotTop-6, counts[i], sizeSmall, false, center, grey)
		} else {
			sc.vtext(cx+ascentOf(sizeSmall)*0.36, plotTop-4-textWidth(counts[i], sizeSmall, false)/2, counts[i], sizeSmall, grey, widestCount+1)
		}
		if fits {
			sc.text(cx, plotBottom+4+ascentOf(sizeSmall), labels[i], sizeSmall, false, center, black)
		} else {
			short, _ := abridge(labels[i], sizeSmall, false, 110)
			lw := textWidth(short, sizeSmall, false)
			sc.vtext(cx+ascentOf(sizeSmall)*0.36, plotBottom+4+lw/2, labels[i], sizeSmall, black, 110)
		}
	}
	// The means, joined across periods of the same area, then marked. A
	// period with no grades has no mean: no marker, and no join to it.
	graded := func(i int) bool { return sums[i].Observations > 0 }
	cxOf := func(i int) float64 { return plotL + slot*(float64(i)+0.5) }
	for i := 1; i < len(sums); i++ {
		if sums[i].Area == sums[i-1].Area && graded(i) && graded(i-1) {
			sc.stroke(line{black, 1.2, dashed}, cxOf(i-1), yOf(sums[i-1].Mean), cxOf(i), yOf(sums[i].Mean))
		}
	}
	for i, s := range sums {
		if !graded(i) {
			continue
		}
		cx, y := cxOf(i), yOf(s.Mean)
		sc.stroke(line{black, 2, solid}, cx-barW/2-4, y, cx+barW/2+4, y)
		sc.fillPoly(white, cx, y-6, cx+6, y, cx, y+6, cx-6, y)
		sc.marker(diamond, cx, y, 4, black)
		sc.free.mark(box{cx - 6, y - 6, cx + 6, y + 6})
		sc.free.mark(box{cx - barW/2 - 4, y - 1.5, cx + barW/2 + 4, y + 1.5})
	}
	// Counts inside the bars, where they fit clear of the means.
	placed := 0
	for _, s := range segs {
		text := strconv.Itoa(s.count)
		if s.y1-s.y0 >= 12 && textWidth(text, sizeSmall, false)+4 <= s.x1-s.x0 {
			// At the middle, or else above or below the mean's mark where
			// it crosses the middle.
			cy := (s.y0+s.y1)/2 + mid
			cands := [][2]float64{{(s.x0 + s.x1) / 2, cy}}
			for d := 8.0; d < (s.y1-s.y0)/2; d += 4 {
				cands = append(cands, [2]float64{(s.x0 + s.x1) / 2, cy - d}, [2]float64{(s.x0 + s.x1) / 2, cy + d})
			}
			if sc.place(text, "", sizeSmall, center, textOn(s.c), color.NRGBA{}, 0.5, box{s.x0, s.y0, s.x1, s.y1}, cands) {
				placed++
			}
		}
	}
	sc.stroke(line{grey, 0.8, solid}, plotL, plotBottom, plotR, plotBottom)
	f := p.newFooter(entries, &notes, meansNote, countNote, strideNote, w.leftOut(len(segs)-placed, len(segs), "counts inside the bars"))
	height := f.draw(sc, plotBottom+below+16)
	return p.finish(height, periodsDesc(w, sums, cw.String())+notes.desc()), nil
}

// nth writes n as "2nd", "3rd", "11th".
func nth(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// periodsLegend names each bin by the grades it holds (trend's
// PeriodSummary.Label), those of every period joined by " / " where
// periods differ: by the grades alone when every period is counted level
// by level, else after the bin's span of the ordinal.
func periodsLegend(w words, sums []trend.PeriodSummary, n int) []legendEntry {
	colors := binColors(n)
	byLevel := !slices.ContainsFunc(sums, func(s trend.PeriodSummary) bool { return !s.ByLevel })
	var entries []legendEntry
	for i := range n {
		var names []string
		for _, s := range sums {
			if l := s.Label(i); l != "" && !slices.Contains(names, l) {
				names = append(names, l)
			}
		}
		lo, hi := trend.BinEdges(i, n)
		var text string
		if w.public {
			text = crosswalk100(lo) + "–" + crosswalk100(hi) + "%"
		} else {
			text = "[" + approx(lo) + ", " + approx(hi) + ")"
			if i == n-1 {
				text = strings.TrimSuffix(text, ")") + "]"
			}
		}
		switch i {
		case 0:
			text += " worst"
		case n - 1:
			text += " best"
		}
		switch {
		case len(names) > 0 && byLevel:
			text = strings.Join(names, " / ")
		case len(names) > 0:
			text += ": " + strings.Join(names, " / ")
		}
		entries = append(entries, legendEntry{text, func(sc *scene, x, y float64) {
			sc.rect(x, y-9, x+12, y+2, colors[i], line{grey, 0.5, solid})
		}})
	}
	mean := "mean score"
	if w.public {
		mean = "average position"
	}
	entries = append(entries, legendEntry{mean, func(sc *scene, x, y float64) {
		sc.marker(diamond, x+6, y-3.5, 4, black)
	}})
	return entries
}

// crosswalk100 writes a position on the ordinal as a whole percentage of
// the way from worst to best, without the sign.
func crosswalk100(v float64) string { return strconv.Itoa(int(math.Round(v * 100))) }

func periodsDesc(w words, sums []trend.PeriodSummary, cw string) string {
	var b strings.Builder
	if w.public {
		fmt.Fprintf(&b, "Stacked bars of the grades in each period, by where they stand on one scale from worst to best (worst first; method: %s).", cw)
	} else {
		fmt.Fprintf(&b, "Stacked bars of the grades in each period, by bin of the common ordinal (worst first), under the %s crosswalk.", cw)
	}
	for _, s := range sums {
		fmt.Fprintf(&b, " %s", s.Period)
		if s.Area != "" {
			fmt.Fprintf(&b, ", %s", s.Area)
		}
		switch s.Observations {
		case 0:
			b.WriteString(": no grades.")
			continue
		case 1:
			b.WriteString(": 1 grade")
		default:
			fmt.Fprintf(&b, ": %d grades", s.Observations)
		}
		for i, c := range s.Bins {
			sep := ", "
			if i == 0 {
				sep = " ("
			}
			fmt.Fprintf(&b, "%s%d", sep, c)
		}
		if len(s.Bins) > 0 {
			b.WriteString(")")
		}
		if w.public {
			fmt.Fprintf(&b, ", average position %s of the way up.", percentOf(s.Mean))
		} else {
			fmt.Fprintf(&b, ", mean score %s.", approx(s.Mean))
		}
	}
	return b.String()
}

// percentOf writes a position on the ordinal as a percentage of the way
// from worst to best.
func percentOf(v float64) string { return crosswalk100(v) + "%" }
