package chart

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// Ladder draws a family of scales as a ladder: one column per scale, in era
// order, each level a box at its band on the common ordinal. Thin dashed
// connectors join the overlapping levels of adjacent columns, each marked
// with the share of the left level's band that the right level covers (as
// [crosswalk.Crosswalk.Convert] gives it); an equivalence the issuer
// published is drawn as a solid connector. Scales' caveats become numbered
// footnotes.
//
// The error wraps [ErrNoData] when scales is empty, [ErrFamilies] when the
// scales are not all of one family, and [crosswalk.ErrNotCovered] when the
// crosswalk does not cover a scale.
func Ladder(w io.Writer, scales []*scale.Scale, opt Options) error {
	if len(scales) == 0 {
		return fmt.Errorf("chart: ladder: %w: no scales", ErrNoData)
	}
	for _, s := range scales[1:] {
		if s.Family() != scales[0].Family() {
			return fmt.Errorf("chart: ladder: %w, and was given %s (family %q) and %s (family %q)", ErrFamilies, scales[0].ID(), scales[0].Family(), s.ID(), s.Family())
		}
	}
	scales = slices.Clone(scales)
	slices.SortStableFunc(scales, func(a, b *scale.Scale) int { return a.Era().From.Compare(b.Era().From) })
	cw := opt.crosswalk()
	type level struct {
		g    grade.Grade
		band crosswalk.Band
	}
	cols := make([][]level, len(scales))
	for i, s := range scales {
		bands, err := cw.Bands(s)
		if err != nil {
			return fmt.Errorf("chart: ladder: %w", err)
		}
		for g, b := range bands {
			cols[i] = append(cols[i], level{g, b})
		}
	}

	const (
		axisRight = 58.0
		plotH     = 320.0
	)
	n := float64(len(scales))
	avail := width - marginX - axisRight - 4
	colW := min(120, avail/(n+(n-1)*0.6))
	gap := 0.0
	if n > 1 {
		gap = min(160, (avail-n*colW)/(n-1))
	}
	// Columns spread over the width, centred when there are few.
	x0 := axisRight + 4 + (avail-n*colW-(n-1)*gap)/2
	colX := func(i int) float64 { return x0 + float64(i)*(colW+gap) }

	var notes footnotes
	headers := make([][]string, len(scales))
	eras := make([]string, len(scales)) // each scale's era and note mark
	headerLines := 0
	for i, s := range scales {
		hw := min(colW+min(gap, 40)-4, width-4-colX(i))
		lines := wrap(s.Name(), sizeSmall, true, hw)
		if len(lines) > 3 {
			lines = lines[:3]
			lines[2] = ellipsis(lines[2]+" …", sizeSmall, true, hw)
		}
		era := s.Era().String()
		if cv := s.Caveat(); cv != "" {
			era += " [" + strconv.Itoa(notes.number(cv)) + "]"
		}
		eras[i] = era
		lines = append(lines, ellipsis(era, sizeSmall, false, hw))
		headers[i] = lines
		headerLines = max(headerLines, len(lines))
	}
	family := scales[0].Family()
	title := opt.Title
	if title == "" {
		title = family + ": where each era's levels sit"
	}
	drawnTitle := ellipsis(title, sizeTitle, true, width-2*marginX)
	headTop := 62.0
	plotTop := headTop + float64(headerLines)*12 + 8
	plotBottom := plotTop + plotH
	yOf := func(v float64) float64 { return plotBottom - v*plotH }
	legendTop := plotBottom + 14
	noteLines := notes.lines(width - 2*marginX)
	notesTop := legendTop + 36
	height := notesTop + float64(len(noteLines))*12 + 10

	pic := newPicture(opt.Format, height, title, ladderDesc(scales, eras, cw, func(i int) []string {
		var out []string
		for _, l := range cols[i] {
			out = append(out, l.g.Label()+" "+l.band.String())
		}
		return out
	})+notes.desc())
	pic.text(marginX, 24, drawnTitle, sizeTitle, true, left, black)
	pic.text(marginX, 42, ellipsis("Each box is a level's band on the common ordinal; crosswalk: "+cw.String()+".", sizeSmall, false, width-2*marginX), sizeSmall, false, left, grey)
	pic.ordinalAxis(axisRight, width-marginX, axisRight-4, 14, yOf)
	for i, lines := range headers {
		for j, l := range lines {
			c, bold := black, true
			if j == len(lines)-1 {
				c, bold = grey, false
			}
			pic.text(colX(i), headTop+float64(j)*12, l, sizeSmall, bold, left, c)
		}
	}

	// Connectors first, so that boxes and labels sit on top of them. The
	// published equivalences are looked up by their two levels, either way
	// round.
	eqs := make(map[[2]levelKey]*crosswalk.Equivalence)
	for e := range cw.Equivalences() {
		a, b := keyOf(e.From), keyOf(e.To)
		eqs[[2]levelKey{a, b}] = &e
		eqs[[2]levelKey{b, a}] = &e
	}
	var placed labels
	type shareLabel struct {
		x, y float64
		text string
	}
	var shares []shareLabel
	published, unconfirmed, overlaps := false, false, false
	for i := 0; i+1 < len(scales); i++ {
		x0, x1 := colX(i)+colW, colX(i+1)
		for _, l := range cols[i] {
			matches, err := cw.Convert(l.g, scales[i+1])
			if err != nil {
				return fmt.Errorf("chart: ladder: %w", err)
			}
			for _, m := range matches {
				mb, err := cw.Band(m.Grade)
				if err != nil {
					return fmt.Errorf("chart: ladder: %w", err)
				}
				y := yOf((max(l.band.Lo, mb.Lo) + min(l.band.Hi, mb.Hi)) / 2)
				text := crosswalk.Percent(m.Share)
				if eq := eqs[[2]levelKey{keyOf(l.g), keyOf(m.Grade)}]; eq != nil {
					pic.stroke(line{black, 2.2, solid}, x0, y, x1, y)
					text += " ="
					published = true
					if !eq.Confirmed {
						text += "?"
						unconfirmed = true
					}
				} else {
					pic.stroke(line{grey, 0.9, dashed}, x0, y, x1, y)
					overlaps = true
				}
				shares = append(shares, shareLabel{(x0 + x1) / 2, y, text})
			}
		}
	}
	for i, col := range cols {
		x := colX(i)
		for _, l := range col {
			top, bottom := yOf(l.band.Hi), yOf(l.band.Lo)
			if bottom-top < 1 {
				// A level never awarded: a point of the ordinal.
				pic.stroke(line{okabeIto[0], 2.5, solid}, x, top, x+colW, top)
			} else {
				pic.rect(x, top, x+colW, bottom, withAlpha(okabeIto[0], 0.14), line{okabeIto[0], 1, solid})
			}
			if bottom-top < 12 {
				// Too thin for its label: a smaller one, on a white ground
				// that lets it read across the box's edges.
				label := ellipsis(l.g.Label(), 8, false, colW-8)
				tw, mid := textWidth(label, 8, false), (top+bottom)/2
				pic.rect(x+colW/2-tw/2-2, mid-5, x+colW/2+tw/2+2, mid+4, withAlpha(white, 0.9), line{})
				pic.text(x+colW/2, mid+3, label, 8, false, center, black)
				continue
			}
			maxLines := min(4, max(1, int((bottom-top-2)/11)))
			lines := wrap(l.g.Label(), sizeSmall, false, colW-6)
			if len(lines) > maxLines {
				lines = lines[:maxLines]
				lines[maxLines-1] = ellipsis(lines[maxLines-1]+" …", sizeSmall, false, colW-6)
			}
			y := (top+bottom)/2 - float64(len(lines)-1)*11/2 + 3.5
			for j, ln := range lines {
				pic.text(x+colW/2, y+float64(j)*11, ln, sizeSmall, false, center, black)
			}
		}
	}
	whole := box{0, 0, width, height}
	for _, s := range shares {
		tw := textWidth(s.text, 8.5, false)
		for _, dy := range []float64{0, -8, 8, -14, 14} {
			b := box{s.x - tw/2 - 2, s.y + dy - 6, s.x + tw/2 + 2, s.y + dy + 4}
			if ok, _ := placed.put(pic, b, whole, s.text, s.x, s.y+dy+3, 8.5, center, white); ok {
				break
			}
		}
	}

	// Key and footnotes.
	ly := legendTop + 10
	if overlaps {
		pic.stroke(line{grey, 0.9, dashed}, marginX, ly-3.5, marginX+18, ly-3.5)
		pic.text(marginX+22, ly, "bands overlap: the % of the left level's band that falls in the right level", sizeSmall, false, left, black)
		ly += 15
	}
	if published {
		pic.stroke(line{black, 2.2, solid}, marginX, ly-3.5, marginX+18, ly-3.5)
		key := "equivalence published by the issuer (=)"
		if unconfirmed {
			key += "; =? known only from secondary reports"
		}
		pic.text(marginX+22, ly, key, sizeSmall, false, left, black)
	}
	drawNotes(pic, noteLines, notesTop)
	return pic.writeTo(w)
}

// levelKey names a level by its scale's ID and its rank, so that a copy of
// a scale finds the equivalences of the original, as Compare does.
type levelKey struct {
	scale string
	rank  int
}

func keyOf(g grade.Grade) levelKey { return levelKey{g.Scale().ID(), g.Rank()} }

// ladderDesc describes the ladder in words, for its <desc>: eras[i] is the
// era of scales[i] as its column's header writes it.
func ladderDesc(scales []*scale.Scale, eras []string, cw *crosswalk.Crosswalk, levels func(int) []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Ladder of the %s family under the %s crosswalk: one column per scale, in era order, each level a box at its band on the common ordinal from 0 (worst) to 1 (best).", scales[0].Family(), cw)
	for i, s := range scales {
		fmt.Fprintf(&b, " %s (%s): %s.", s.Name(), eras[i], strings.Join(levels(i), ", "))
	}
	eqs := slices.Collect(cw.Equivalences())
	slices.SortFunc(eqs, func(a, b crosswalk.Equivalence) int { return cmp.Compare(a.From.String(), b.From.String()) })
	for _, e := range eqs {
		if slices.Contains(scales, e.From.Scale()) && slices.Contains(scales, e.To.Scale()) {
			fmt.Fprintf(&b, " Published equivalence: %s = %s.", e.From, e.To)
		}
	}
	return b.String()
}
