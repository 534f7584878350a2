package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

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
// The error wraps [ErrNoData] when there is no summary.
func Periods(w io.Writer, sums []trend.PeriodSummary, opt Options) error {
	var n int
	for _, s := range sums {
		n = max(n, len(s.Bins))
	}
	if len(sums) == 0 || n == 0 {
		return fmt.Errorf("chart: periods: %w: no period has a grade", ErrNoData)
	}
	areas := map[string]bool{}
	for _, s := range sums {
		areas[s.Area] = true
	}
	showArea := len(areas) > 1
	cw := opt.crosswalk()

	const (
		plotL, plotR = 62.0, width - 62.0
		plotTop      = 64.0
		height0      = 250.0
	)
	plotBottom := plotTop + height0
	slot := (plotR - plotL) / float64(len(sums))
	barW := min(56, slot*0.7)
	legend, legendH := periodsLegend(sums, n, width-2*marginX)
	legendTop := plotBottom + 26
	if showArea {
		legendTop += 12
	}
	legendTop += 16
	// What the means measure, when the crosswalk places scales by counts.
	note := wrap(trend.MeansNote(sums), sizeSmall, false, width-2*marginX)
	height := legendTop + legendH + 10 + 13*float64(len(note))

	title := opt.Title
	if title == "" {
		title = "Grades by period"
		if !showArea && sums[0].Area != "" {
			title += ": " + sums[0].Area
		}
	}
	pic := newPicture(opt.Format, height, title, periodsDesc(sums, cw.String()))
	pic.text(marginX, 24, ellipsis(title, sizeTitle, true, width-2*marginX), sizeTitle, true, left, black)
	pic.text(marginX, 42, ellipsis("Bars: share of grades by bin of the common ordinal; diamonds: mean score; crosswalk: "+cw.String()+".", sizeSmall, false, width-2*marginX), sizeSmall, false, left, grey)
	yOf := func(v float64) float64 { return plotBottom - v*height0 }
	pic.grid(plotL, plotR, yOf)
	for _, v := range quarters {
		pic.text(plotL-5, yOf(v)+3.5, strconv.Itoa(int(v*100))+"%", sizeSmall, false, right, grey)
		pic.text(plotR+5, yOf(v)+3.5, strconv.FormatFloat(v, 'g', -1, 64), sizeSmall, false, left, grey)
	}
	pic.vtext(16, (plotTop+plotBottom)/2, "share of the period's grades", sizeSmall, grey)
	pic.vtext(width-14, (plotTop+plotBottom)/2, "mean score (0 = worst, 1 = best)", sizeSmall, grey)

	colors := binColors(n)
	var means []float64
	for i, s := range sums {
		cx := plotL + slot*(float64(i)+0.5)
		x0, x1 := cx-barW/2, cx+barW/2
		acc := 0.0
		for b, count := range s.Bins {
			if count == 0 || s.Observations == 0 {
				continue
			}
			share := float64(count) / float64(s.Observations)
			y0, y1 := yOf(acc+share), yOf(acc)
			pic.rect(x0, y0, x1, y1, colors[b], line{white, 0.8, solid})
			if y1-y0 >= 12 && barW >= 18 {
				pic.text(cx, (y0+y1)/2+3.5, strconv.Itoa(count), sizeSmall, false, center, textOn(colors[b]))
			}
			acc += share
		}
		pic.text(cx, plotTop-6, ellipsis("n = "+strconv.Itoa(s.Observations), sizeSmall, false, slot-2), sizeSmall, false, center, grey)
		pic.text(cx, plotBottom+14, ellipsis(s.Period.String(), sizeSmall, false, slot-2), sizeSmall, false, center, black)
		if showArea {
			pic.text(cx, plotBottom+26, ellipsis(s.Area, sizeSmall, false, slot-2), sizeSmall, false, center, grey)
		}
		means = append(means, s.Mean)
	}
	// The means, joined across periods of the same area, then marked. A
	// period with no grades has no mean: no marker, and no join to it.
	graded := func(i int) bool { return sums[i].Observations > 0 }
	for i := 1; i < len(sums); i++ {
		if sums[i].Area == sums[i-1].Area && graded(i) && graded(i-1) {
			pic.stroke(line{black, 1.2, dashed}, plotL+slot*(float64(i)-0.5), yOf(means[i-1]), plotL+slot*(float64(i)+0.5), yOf(means[i]))
		}
	}
	for i, m := range means {
		if !graded(i) {
			continue
		}
		cx := plotL + slot*(float64(i)+0.5)
		pic.stroke(line{black, 2, solid}, cx-barW/2-4, yOf(m), cx+barW/2+4, yOf(m))
		pic.fillPoly(white, cx, yOf(m)-6, cx+6, yOf(m), cx, yOf(m)+6, cx-6, yOf(m))
		pic.marker(diamond, cx, yOf(m), 4, black)
	}
	pic.stroke(line{grey, 0.8, solid}, plotL, plotBottom, plotR, plotBottom)
	legend(pic, marginX, legendTop)
	for i, l := range note {
		pic.text(marginX, legendTop+legendH+10+13*float64(i)+9, l, sizeSmall, false, left, grey)
	}
	return pic.writeTo(w)
}

// periodsLegend names each bin by the grades it holds (trend's
// PeriodSummary.Label), those of every period joined by " / " where
// periods differ: by the grades alone when every period is counted level
// by level, else after the bin's span of the ordinal.
func periodsLegend(sums []trend.PeriodSummary, n int, maxWidth float64) (draw func(pic *picture, x, y float64), height float64) {
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
		text := "[" + strconv.FormatFloat(lo, 'g', 3, 64) + ", " + strconv.FormatFloat(hi, 'g', 3, 64) + ")"
		if i == n-1 {
			text = strings.TrimSuffix(text, ")") + "]"
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
		entries = append(entries, legendEntry{text, func(pic *picture, x, y float64) {
			pic.rect(x, y-9, x+12, y+2, colors[i], line{grey, 0.5, solid})
		}})
	}
	entries = append(entries, legendEntry{"mean score", func(pic *picture, x, y float64) {
		pic.marker(diamond, x+6, y-3.5, 4, black)
	}})
	return layoutLegend(entries, 18, 12, maxWidth)
}

func periodsDesc(sums []trend.PeriodSummary, cw string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Stacked bars of the grades in each period, by bin of the common ordinal (worst first), under the %s crosswalk.", cw)
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
		fmt.Fprintf(&b, ", mean score %s.", strconv.FormatFloat(s.Mean, 'f', 3, 64))
	}
	return b.String()
}
