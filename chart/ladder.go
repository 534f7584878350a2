package chart

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// Ladder draws a family of scales as a ladder: one column per scale, in era
// order, headed by the scale's name and era, each level a box at its band
// on the common ordinal. Thin dashed connectors join the overlapping levels
// of adjacent columns, each marked with the share of the left level's band
// that the right level covers (as [crosswalk.Crosswalk.Convert] gives it);
// an equivalence the issuer published is drawn as a solid connector.
// Scales' caveats become numbered footnotes. A share with no room to be
// written is left out, and the picture says how many were; the <desc>
// gives them all.
//
// The error wraps [ErrNoData] when scales is empty, [ErrFamilies] when the
// scales are not all of one family, [crosswalk.ErrNotCovered] when the
// crosswalk does not cover a scale, and [ErrLimit], [ErrSize] or
// [ErrOption] as [Options] says (a ladder takes no Axis, Order or Ribbons).
func Ladder(w io.Writer, scales []*scale.Scale, opt Options) error {
	return writeTo(w, opt.Format)(layoutLadder(scales, opt))
}

func layoutLadder(scales []*scale.Scale, opt Options) (*scene, error) {
	if err := opt.check("ladder", false, false, false); err != nil {
		return nil, err
	}
	if len(scales) == 0 {
		return nil, fmt.Errorf("chart: ladder: %w: no scales", ErrNoData)
	}
	if err := checkCount("MaxLabels", "scales", MaxLabels, len(scales)); err != nil {
		return nil, err
	}
	for _, s := range scales[1:] {
		if s.Family() != scales[0].Family() {
			return nil, fmt.Errorf("chart: ladder: %w, and was given %s (family %s) and %s (family %s)", ErrFamilies, scales[0].ID(), scales[0].Family(), s.ID(), s.Family())
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
	total := 0
	for i, s := range scales {
		if err := checkText("scale name", s.Name()); err != nil {
			return nil, err
		}
		bands, err := cw.Bands(s)
		if err != nil {
			return nil, fmt.Errorf("chart: ladder: %w", err)
		}
		for g, b := range bands {
			if err := checkText("grade label", g.Label()); err != nil {
				return nil, err
			}
			cols[i] = append(cols[i], level{g, b})
		}
		total += len(cols[i])
		if err := checkCount("MaxObservations", "levels", MaxObservations, total); err != nil {
			return nil, err
		}
	}

	p := newPage(opt)
	w := p.words
	sub := "Each box is a level's band on the common ordinal; " + w.method(cw) + "."
	title := familyWords(scales) + ": where each scale's grades sit"
	if w.public {
		sub = "Each box is the range a grade covers when the grades of every scale are placed on one scale from worst to best; " + w.method(cw) + "."
		title = familyWords(scales) + ": how the grades of each scale line up"
	}
	p.header(title, sub)
	sc := p.sc

	ax := w.ordinalAxis()
	ax.fit(p.w)
	axisRight := margin + ax.gutter
	n := float64(len(scales))
	avail := p.w - margin - axisRight - 4
	colW := min(120, avail/(n+(n-1)*0.6))
	gap := 0.0
	if n > 1 {
		gap = min(160, (avail-n*colW)/(n-1))
	}
	// Columns spread over the width, centred when there are few.
	x0 := axisRight + 4 + (avail-n*colW-(n-1)*gap)/2
	colX := func(i int) float64 { return x0 + float64(i)*(colW+gap) }

	var notes footnotes
	type header struct{ name, era []string }
	headers := make([]header, len(scales))
	eras := make([]string, len(scales)) // each scale's era and note mark
	headerH := 0.0
	for i, s := range scales {
		hw := min(colW+gap-6, p.w-margin-colX(i))
		eras[i] = s.Era().String() + notes.mark(s.Caveat())
		headers[i] = header{wrap(clean(s.Name()), sizeSmall, true, hw), wrap(eras[i], sizeSmall, false, hw)}
		headerH = max(headerH, float64(len(headers[i].name)+len(headers[i].era))*lineSmall)
	}
	headTop := p.y
	plotTop := headTop + headerH + 10

	// The footer's height must be known before the plot's; reserve room for
	// the line that may say how many shares were left out.
	var keys []legendEntry
	overlapText := "bands overlap: the % of the left level's band that falls in the right level"
	eqText := "equivalence published by the issuer (=)"
	unconfirmedMark, unconfirmedText := "=?", "; =? known only from secondary reports"
	if w.public {
		overlapText = "ranges overlap: the share of the left grade's range that falls in the right grade"
		unconfirmedMark, unconfirmedText = "=*", "; =* known only from secondary reports"
	}
	// Shares and equivalences, known before anything is drawn.
	eqs := make(map[[2]levelKey]*crosswalk.Equivalence)
	for e := range cw.Equivalences() {
		a, b := keyOf(e.From), keyOf(e.To)
		eqs[[2]levelKey{a, b}] = &e
		eqs[[2]levelKey{b, a}] = &e
	}
	type connector struct {
		col        int
		from, to   level
		y          float64 // the middle of the overlap, on the ordinal
		text       string
		eq         bool
		shareWords string
	}
	var conns []connector
	published, unconfirmed, overlaps := false, false, false
	for i := 0; i+1 < len(scales); i++ {
		for _, l := range cols[i] {
			matches, err := cw.Convert(l.g, scales[i+1])
			if err != nil {
				return nil, fmt.Errorf("chart: ladder: %w", err)
			}
			for _, m := range matches {
				mb, err := cw.Band(m.Grade)
				if err != nil {
					return nil, fmt.Errorf("chart: ladder: %w", err)
				}
				c := connector{col: i, from: l, to: level{m.Grade, mb}, y: (max(l.band.Lo, mb.Lo) + min(l.band.Hi, mb.Hi)) / 2, text: crosswalk.Percent(m.Share)}
				c.shareWords = c.text
				if eq := eqs[[2]levelKey{keyOf(l.g), keyOf(m.Grade)}]; eq != nil {
					c.eq, published = true, true
					c.text += " ="
					if !eq.Confirmed {
						c.text = c.text[:len(c.text)-1] + unconfirmedMark
						unconfirmed = true
					}
				} else {
					overlaps = true
				}
				conns = append(conns, c)
			}
		}
	}
	if overlaps {
		keys = append(keys, legendEntry{overlapText, func(sc *scene, x, y float64) {
			sc.stroke(line{grey, 0.9, dashed}, x, y-3.5, x+18, y-3.5)
		}})
	}
	if published {
		key := eqText
		if unconfirmed {
			key += unconfirmedText
		}
		keys = append(keys, legendEntry{key, func(sc *scene, x, y float64) {
			sc.stroke(line{black, 2.2, solid}, x, y-3.5, x+18, y-3.5)
		}})
	}
	reserve := p.newFooter(keys, &notes, w.leftOut(len(conns)+total, len(conns)+total, "shares"))
	ph, err := p.stretch(320, 160, plotTop+14+reserve.height)
	if err != nil {
		return nil, err
	}
	plotBottom := plotTop + ph
	yOf := func(v float64) float64 { return plotBottom - v*ph }

	ax.draw(sc, axisRight, p.w-margin, plotBottom, plotTop, p.w)
	for i, h := range headers {
		y := headTop + ascentOf(sizeSmall)
		for j, l := range h.name {
			sc.text(colX(i), y+float64(j)*lineSmall, l, sizeSmall, true, left, black)
		}
		for j, l := range h.era {
			sc.text(colX(i), y+float64(len(h.name)+j)*lineSmall, l, sizeSmall, false, left, grey)
		}
	}

	// Connectors first, so that boxes and labels sit on top of them.
	for _, c := range conns {
		x0, x1 := colX(c.col)+colW, colX(c.col+1)
		if c.eq {
			sc.stroke(line{black, 2.2, solid}, x0, yOf(c.y), x1, yOf(c.y))
		} else {
			sc.stroke(line{grey, 0.9, dashed}, x0, yOf(c.y), x1, yOf(c.y))
		}
	}
	missing := 0
	for i, col := range cols {
		x := colX(i)
		for _, l := range col {
			top, bottom := yOf(l.band.Hi), yOf(l.band.Lo)
			if bottom-top < 1 {
				// A level never awarded: a point of the ordinal.
				sc.stroke(line{blue, 2.5, solid}, x, top, x+colW, top)
			} else {
				sc.rect(x, top, x+colW, bottom, withAlpha(blue, 0.14), line{blue, 1, solid})
			}
		}
		for _, l := range col {
			top, bottom := yOf(l.band.Hi), yOf(l.band.Lo)
			label := clean(l.g.Label())
			if bottom-top < 12 {
				// Too thin for its label: a smaller one, on a white ground
				// that lets it read across the box's edges.
				short, cut := abridge(label, sizeTiny, false, colW-6)
				full := ""
				if cut {
					full = label
				}
				mid := (top+bottom)/2 + ascentOf(sizeTiny)*0.36
				var cands [][2]float64
				for _, dy := range []float64{0, -9, 9} {
					cands = append(cands, [2]float64{x + colW/2, mid + dy})
				}
				if !sc.place(short, full, sizeTiny, center, black, withAlpha(white, 0.9), 1, box{x, plotTop - 4, x + colW, plotBottom + 4}, cands) {
					missing++
				}
				continue
			}
			// In a narrow column, a smaller size where it keeps every
			// word whole.
			size, step := sizeSmall, 11.0
			if longestWord(label, sizeSmall, false) > colW-6 {
				size, step = sizeTiny, lineTiny
			}
			maxLines := min(4, max(1, int((bottom-top-2)/step)))
			lines := wrap(label, size, false, colW-6)
			full := ""
			if len(lines) > maxLines {
				lines = lines[:maxLines]
				last, _ := abridge(lines[maxLines-1]+" "+ellipsis, size, false, colW-6)
				lines[maxLines-1] = last
				full = label
			}
			y := (top+bottom)/2 - float64(len(lines)-1)*step/2 + ascentOf(size)*0.36
			for j, ln := range lines {
				sc.textAt(x+colW/2, y+float64(j)*step, ln, full, size, false, center, black)
			}
		}
	}
	plot := box{axisRight, plotTop - 6, p.w - 2, plotBottom + 6}
	placedShares := 0
	for _, c := range conns {
		x := (colX(c.col) + colW + colX(c.col+1)) / 2
		y := yOf(c.y) + ascentOf(8.5)*0.36
		var cands [][2]float64
		for _, dy := range []float64{0, -8, 8, -14, 14} {
			cands = append(cands, [2]float64{x, y + dy})
		}
		if sc.place(c.text, "", 8.5, center, black, white, 2, plot, cands) {
			placedShares++
		}
	}
	missing += len(conns) - placedShares

	f := p.newFooter(keys, &notes, w.leftOut(missing, len(conns)+total, "labels"))
	height := f.draw(sc, plotBottom+14)
	desc := ladderDesc(w, scales, eras, cw, func(i int) []string {
		var out []string
		for _, l := range cols[i] {
			out = append(out, l.g.Label()+" "+w.bandText(l.band))
		}
		return out
	}, func(yield func(string) bool) {
		for _, c := range conns {
			if !yield(fmt.Sprintf("%s of %s's %s falls in %s's %s", c.shareWords, scales[c.col].Name(), c.from.g.Label(), scales[c.col+1].Name(), c.to.g.Label())) {
				return
			}
		}
	}) + notes.desc()
	return p.finish(height, desc), nil
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
func ladderDesc(w words, scales []*scale.Scale, eras []string, cw *crosswalk.Crosswalk, levels func(int) []string, shares func(func(string) bool)) string {
	var b strings.Builder
	if w.public {
		fmt.Fprintf(&b, "How the grades of each scale of %s line up when placed on one scale from worst to best (%s): one column per scale, in era order.", familyWords(scales), w.method(cw))
	} else {
		fmt.Fprintf(&b, "Ladder of the scales of %s under the %s crosswalk: one column per scale, in era order, each level a box at its band on the common ordinal from 0 (worst) to 1 (best).", familyWords(scales), cw)
	}
	for i, s := range scales {
		fmt.Fprintf(&b, " %s (%s): %s.", s.Name(), eras[i], strings.Join(levels(i), ", "))
	}
	n := 0
	for s := range shares {
		if n == 4*descLimit {
			b.WriteString(" And more shares.")
			break
		}
		b.WriteString(" " + s + ".")
		n++
	}
	eqs := slices.Collect(cw.Equivalences())
	slices.SortFunc(eqs, func(a, b crosswalk.Equivalence) int { return cmp.Compare(a.From.String(), b.From.String()) })
	for _, e := range eqs {
		if slices.Contains(scales, e.From.Scale()) && slices.Contains(scales, e.To.Scale()) {
			fmt.Fprintf(&b, " Published equivalence: %s (%s) = %s (%s).", e.From.Label(), e.From.Scale().Name(), e.To.Label(), e.To.Scale().Name())
		}
	}
	return b.String()
}
