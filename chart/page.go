package chart

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Layout constants, in picture units.
const (
	margin     = 16   // around the picture
	sizeTitle  = 15   // font sizes
	sizeText   = 11   //
	sizeSmall  = 9.5  //
	sizeTiny   = 8    //
	lineTitle  = 19   // line spacing for each size
	lineSmall  = 12   //
	lineTiny   = 10   //
	maxLabelW  = 150  // the widest a grade's label beside a mark may be
	tickGap    = 11.5 // the least spacing of tick labels
	gutterFrac = 0.32 // the widest the tick labels may be, as a share of the width
)

// words is what a picture says, for one audience.
type words struct {
	public bool
}

func wordsFor(a Audience) words { return words{public: a == Public} }

// ordinalTitle is the title of a vertical axis of positions.
func (w words) ordinalTitle() string {
	if w.public {
		return "Grades placed on one scale from worst to best"
	}
	return "common ordinal (0 = worst, 1 = best)"
}

// method names the crosswalk.
func (w words) method(cw *crosswalk.Crosswalk) string {
	if w.public {
		return "method: " + cw.String()
	}
	return "crosswalk: " + cw.String()
}

// chance writes how likely the later grade stands higher, with its
// interval when it has one: "P(higher) 75%? (44–72%)" or "chance it is
// higher: 75% (between 44% and 72%)".
func (w words) chance(c crosswalk.Comparison) string {
	var s string
	if w.public {
		s = "chance it is higher: " + crosswalk.Percent(c.PAbove)
		if c.HasInterval() {
			s += " (between " + crosswalk.Percent(c.PAboveLo) + " and " + crosswalk.Percent(c.PAboveHi) + ")"
		}
		return s
	}
	s = "P(higher) " + crosswalk.Percent(c.PAbove)
	if c.Relation == crosswalk.Overlapping {
		s += "?"
	}
	if c.HasInterval() {
		s += " (" + intervalText(c.PAboveLo, c.PAboveHi) + ")"
	}
	return s
}

// stepChance writes a given step's probability of improvement: a model's
// as "P(rose) 55%" or "chance it rose: 55%", which says that it is the
// probability that the subject's quality rose, not that one band stands
// above another; any other step's as chance writes its comparison.
func (w words) stepChance(st trend.Step) string {
	if st.Model == nil {
		return w.chance(st.Comparison)
	}
	if w.public {
		return "chance it rose: " + crosswalk.Percent(st.PImproved())
	}
	return "P(rose) " + crosswalk.Percent(st.PImproved())
}

// modelEntry is the legend's key to the labels of a model's steps.
func (w words) modelEntry() legendEntry {
	if w.public {
		return legendEntry{"chance it rose: from a model of every subject's grades through time", nil}
	}
	return legendEntry{"P(rose): a fitted model's probability that the quality behind the grades rose", nil}
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

// approx writes x at three significant digits, never with an exponent:
// every number a picture writes in its labels and <desc> goes through it
// or through crosswalk.Percent.
func approx(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 3, 64), 64)
	if r == 0 {
		return "0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// bandText writes a band for a <desc>: "[0.093, 0.337]", or for the
// public "from 9% to 34% of the way from worst to best".
func (w words) bandText(b crosswalk.Band) string {
	if w.public {
		return "from " + crosswalk.Percent(b.Lo) + " to " + crosswalk.Percent(b.Hi) + " of the way from worst to best"
	}
	return "band [" + approx(b.Lo) + ", " + approx(b.Hi) + "]"
}

// footnotes numbers the issuers' caveats in the order they are first met.
type footnotes struct {
	texts []string
	// laid is the last layout of the notes, kept while the notes and the
	// width stay the same: a picture lays out its footer twice.
	laid       block
	laidWidth  float64
	laidTexts  int
	laidBefore bool
}

func (f *footnotes) number(text string) int {
	if i := slices.Index(f.texts, text); i >= 0 {
		return i + 1
	}
	f.texts = append(f.texts, text)
	return len(f.texts)
}

// mark returns " [n]" for a caveat, or "" for none.
func (f *footnotes) mark(text string) string {
	if text == "" {
		return ""
	}
	return " [" + strconv.Itoa(f.number(text)) + "]"
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

// block is a run of wrapped lines, laid out before it is drawn so that its
// height is known.
type block struct {
	lines  []blockLine
	size   float64
	step   float64
	bold   bool
	color  color.NRGBA
	height float64
}

type blockLine struct {
	text   string
	indent float64
}

// paragraph wraps s to width.
func paragraph(s string, width, size, step float64, bold bool, c color.NRGBA) block {
	b := block{size: size, step: step, bold: bold, color: c}
	for _, l := range wrap(clean(s), size, bold, width) {
		b.lines = append(b.lines, blockLine{text: l})
	}
	b.height = float64(len(b.lines)) * step
	return b
}

// notesBlock wraps the footnotes to width, each continuation line indented
// past its number.
func notesBlock(f *footnotes, width float64) block {
	if f.laidBefore && f.laidWidth == width && f.laidTexts == len(f.texts) {
		return f.laid
	}
	b := block{size: sizeSmall, step: lineSmall, color: grey}
	for i, t := range f.texts {
		mark := "[" + strconv.Itoa(i+1) + "] "
		indent := textWidth(mark, sizeSmall, false)
		for j, l := range wrap(clean(t), sizeSmall, false, width-indent) {
			if j == 0 {
				b.lines = append(b.lines, blockLine{text: mark + l})
			} else {
				b.lines = append(b.lines, blockLine{text: l, indent: indent})
			}
		}
	}
	b.height = float64(len(b.lines)) * lineSmall
	f.laid, f.laidWidth, f.laidTexts, f.laidBefore = b, width, len(f.texts), true
	return b
}

// draw writes the block with its top at y and returns the y below it.
func (b block) draw(sc *scene, x, y float64) float64 {
	base := y + ascentOf(b.size)
	for i, l := range b.lines {
		sc.text(x+l.indent, base+float64(i)*b.step, l.text, b.size, b.bold, left, b.color)
	}
	return y + b.height
}

// legendEntry is an entry of a legend: its key, drawn by key with its left
// at x and the text's baseline at y, then its text.
type legendEntry struct {
	text string
	key  func(sc *scene, x, y float64)
}

// legend is a legend laid out in rows.
type legend struct {
	entries  []placedEntry
	keyWidth float64
	height   float64
}

type placedEntry struct {
	key    func(sc *scene, x, y float64)
	lines  []string // the text, wrapped to the row's width
	x, row float64
}

const legendRow = 15

// layoutLegend lays entries out in rows within maxWidth, each key keyWidth
// wide and the entries gap apart; an entry wider than a row wraps onto
// rows of its own, its lines after the first under its text.
func layoutLegend(entries []legendEntry, keyWidth, gap, maxWidth float64) legend {
	l := legend{keyWidth: keyWidth}
	if len(entries) == 0 {
		return l
	}
	x, row := 0.0, 0.0
	for _, e := range entries {
		lines := wrap(clean(e.text), sizeSmall, false, maxWidth-keyWidth)
		if len(lines) == 0 {
			lines = []string{""}
		}
		w := keyWidth + textWidth(lines[0], sizeSmall, false)
		if x > 0 && (x+w > maxWidth || len(lines) > 1) {
			x, row = 0, row+1
		}
		l.entries = append(l.entries, placedEntry{e.key, lines, x, row})
		if len(lines) > 1 {
			// The next entry starts a row of its own.
			x, row = maxWidth, row+float64(len(lines)-1)
			continue
		}
		x += w + gap
	}
	l.height = (row + 1) * legendRow
	return l
}

// draw draws the legend with its top at y and returns the y below it.
func (l legend) draw(sc *scene, x0, y0 float64) float64 {
	for _, e := range l.entries {
		y := y0 + e.row*legendRow + 10
		if e.key != nil {
			e.key(sc, x0+e.x, y)
		}
		for i, ln := range e.lines {
			sc.text(x0+e.x+l.keyWidth, y+float64(i)*legendRow, ln, sizeSmall, false, left, black)
		}
	}
	return y0 + l.height
}

// familyWords names a family by its issuer's words: the issuer of its
// latest scale, as the catalogue writes it.
func familyWords(scales []*scale.Scale) string {
	latest := slices.MaxFunc(scales, func(a, b *scale.Scale) int { return a.Era().From.Compare(b.Era().From) })
	return latest.Issuer()
}

// families groups scales by family, in the order the families are first
// met, each family's scales in era order.
func families(scales []*scale.Scale) [][]*scale.Scale {
	var out [][]*scale.Scale
	index := map[string]int{}
	for _, s := range scales {
		i, ok := index[s.Family()]
		if !ok {
			i = len(out)
			index[s.Family()] = i
			out = append(out, nil)
		}
		if !slices.Contains(out[i], s) {
			out[i] = append(out[i], s)
		}
	}
	for _, f := range out {
		slices.SortStableFunc(f, func(a, b *scale.Scale) int { return a.Era().From.Compare(b.Era().From) })
	}
	return out
}

// scalesKey names every scale drawn, with its era and its caveat's mark,
// each family by its issuer's words: "Scales of HM Inspectorate of
// Constabulary (HMIC): Policing Pledge inspections (2009-10 to
// 2010-06-29); PEEL … [1]." Each scale after the first of its family is
// marked with its caveat's note, which tells of the change into it. A mark, when marks is not nil, is the letter
// or number by which the picture refers to the scale.
func scalesKey(w words, scales []*scale.Scale, notes *footnotes, marks map[*scale.Scale]string) string {
	var b strings.Builder
	for i, fam := range families(scales) {
		if i > 0 {
			b.WriteString(" ")
		}
		if w.public {
			b.WriteString("Grades from the scales of ")
		} else {
			b.WriteString("Scales of ")
		}
		b.WriteString(familyWords(fam))
		b.WriteString(": ")
		for j, s := range fam {
			if j > 0 {
				b.WriteString("; ")
			}
			if m := marks[s]; m != "" {
				b.WriteString(m + " ")
			}
			b.WriteString(s.Name() + " (" + s.Era().String() + ")")
			// A caveat is about the change into its scale: only a change
			// the picture shows gets its note.
			if notes != nil && j > 0 {
				b.WriteString(notes.mark(s.Caveat()))
			}
		}
		b.WriteString(".")
	}
	return b.String()
}

// page is the frame every picture shares: a title and subtitle at the top,
// then the picture's own content, then a legend, footnotes and a source
// line at the bottom.
type page struct {
	sc    *scene
	opt   Options
	words words
	w     float64 // the picture's width
	inner float64 // the width within the margins
	y     float64 // the top of what is drawn next
}

func newPage(opt Options) *page {
	w := opt.width()
	return &page{sc: newScene(w), opt: opt, words: wordsFor(opt.Audience), w: w, inner: w - 2*margin, y: 10}
}

// header draws the title, wrapped, and the paragraphs under it.
func (p *page) header(title string, paragraphs ...string) {
	if p.opt.Title != "" {
		title = p.opt.Title
	}
	p.sc.title = clean(title)
	p.y = paragraph(title, p.inner, sizeTitle, lineTitle, true, black).draw(p.sc, margin, p.y) + 4
	for _, s := range paragraphs {
		if s == "" {
			continue
		}
		p.y = paragraph(s, p.inner, sizeSmall, lineSmall, false, grey).draw(p.sc, margin, p.y) + 3
	}
	p.y += 6
}

// footer is what sits under a picture's content, laid out so that its
// height is known before the content is drawn.
type footer struct {
	legend legend
	notes  block
	extra  []block
	source block
	height float64
}

// newFooter lays out the legend, notes (more lines under the legend,
// such as a count of labels left out) and source.
func (p *page) newFooter(entries []legendEntry, notes *footnotes, extra ...string) footer {
	f := footer{legend: layoutLegend(entries, 22, 14, p.inner)}
	for _, e := range extra {
		if e != "" {
			f.extra = append(f.extra, paragraph(e, p.inner, sizeSmall, lineSmall, false, grey))
		}
	}
	if notes != nil {
		f.notes = notesBlock(notes, p.inner)
	}
	if p.opt.Source != "" {
		f.source = paragraph(p.opt.Source, p.inner, sizeSmall, lineSmall, false, grey)
	}
	h := f.legend.height
	for _, b := range []block{f.notes, f.source} {
		if b.height > 0 {
			h += b.height + 6
		}
	}
	for _, b := range f.extra {
		h += b.height + 4
	}
	f.height = h + 10
	return f
}

// draw draws the footer from y and returns the picture's height.
func (f footer) draw(sc *scene, y float64) float64 {
	y = f.legend.draw(sc, margin, y)
	for _, b := range f.extra {
		y = b.draw(sc, margin, y+4)
	}
	if f.notes.height > 0 {
		y = f.notes.draw(sc, margin, y+6)
	}
	if f.source.height > 0 {
		y = f.source.draw(sc, margin, y+6)
	}
	return y + 10
}

// stretch returns the height a picture's stretchable part gets: natural,
// or, when the options give a height, what is left of it once fixed (the
// rest of the picture) is taken; less than least is an error that says how
// tall the picture must be.
func (p *page) stretch(natural, least, fixed float64) (float64, error) {
	if p.opt.Height == 0 {
		h := max(natural, least)
		if fixed+h > MaxHeight {
			return 0, &SizeError{Dimension: "height", Got: math.Ceil(fixed + h), Min: 0, Max: MaxHeight}
		}
		return h, nil
	}
	got := float64(p.opt.Height) - fixed
	if got < least {
		return 0, &SizeError{Dimension: "height", Got: float64(p.opt.Height), Min: math.Ceil(fixed + least)}
	}
	return got, nil
}

// finish sets the scene's height and description and returns it.
func (p *page) finish(height float64, desc string) *scene {
	if p.opt.Height > 0 {
		height = max(height, float64(p.opt.Height))
	}
	p.sc.h = math.Ceil(height)
	p.sc.desc = clean(desc)
	return p.sc
}

// tick is a labelled value of a vertical axis.
type tick struct {
	v     float64
	label string
}

// yAxis is a vertical axis: positions on the common ordinal, or grades.
type yAxis struct {
	ticks  []tick
	title  string // written upwards beside the ticks; "" for none
	gutter float64
}

// ordinalAxis returns the axis of positions: a tick at each quarter, the
// ends named worst and best (the public get the names only).
func (w words) ordinalAxis() yAxis {
	ax := yAxis{title: w.ordinalTitle()}
	for _, v := range quarters {
		label := strconv.FormatFloat(v, 'g', -1, 64)
		switch {
		case v == 0 && w.public:
			label = "worst"
		case v == 1 && w.public:
			label = "best"
		case w.public:
			label = ""
		case v == 0:
			label = "worst 0"
		case v == 1:
			label = "best 1"
		}
		ax.ticks = append(ax.ticks, tick{v, label})
	}
	return ax
}

// quarters are the values of the common ordinal that get grid lines.
var quarters = []float64{0, 0.25, 0.5, 0.75, 1}

// gradesAxis returns the axis of the grades of scales, which must be of
// one family: a tick at the middle of each level's band, the labels of
// levels of different scales that share a band joined by " / ", and a
// label that stands at more than one place named with its scales' years.
func gradesAxis(cw *crosswalk.Crosswalk, scales []*scale.Scale) (yAxis, error) {
	fams := families(scales)
	if len(fams) > 1 {
		return yAxis{}, fmt.Errorf("chart: a grades axis: %w, and was given %s (family %s) and %s (family %s)", ErrFamilies,
			fams[0][0].ID(), fams[0][0].Family(), fams[1][0].ID(), fams[1][0].Family())
	}
	type place struct {
		band   crosswalk.Band
		labels []string                  // in era order of first use
		by     map[string][]*scale.Scale // the scales that give each label here
	}
	var places []*place
	at := map[crosswalk.Band]*place{}
	where := map[string]map[crosswalk.Band]bool{} // the bands each label stands at
	for _, s := range fams[0] {
		bands, err := cw.Bands(s)
		if err != nil {
			return yAxis{}, fmt.Errorf("chart: %w", err)
		}
		for g, b := range bands {
			pl := at[b]
			if pl == nil {
				pl = &place{band: b, by: map[string][]*scale.Scale{}}
				at[b] = pl
				places = append(places, pl)
			}
			l := g.Label()
			if _, ok := pl.by[l]; !ok {
				pl.labels = append(pl.labels, l)
			}
			pl.by[l] = append(pl.by[l], s)
			if where[l] == nil {
				where[l] = map[crosswalk.Band]bool{}
			}
			where[l][b] = true
		}
	}
	var ax yAxis
	for _, pl := range places {
		parts := make([]string, len(pl.labels))
		for i, l := range pl.labels {
			parts[i] = l
			if len(where[l]) > 1 {
				parts[i] += " (" + yearsOf(pl.by[l]) + ")"
			}
		}
		ax.ticks = append(ax.ticks, tick{pl.band.Mid(), strings.Join(parts, " / ")})
	}
	slices.SortStableFunc(ax.ticks, func(a, b tick) int { return cmp.Compare(a.v, b.v) })
	return ax, nil
}

// yearsOf writes the years the scales' eras span: "2014–20", "2022–" for
// an open one, "2019" for one year.
func yearsOf(scales []*scale.Scale) string {
	from, until, open := math.MaxInt, math.MinInt, false
	for _, s := range scales {
		e := s.Era()
		from = min(from, e.From.Year())
		if e.IsOpen() {
			open = true
		} else {
			until = max(until, e.Until.Year())
		}
	}
	switch {
	case open:
		return strconv.Itoa(from) + "–"
	case until == from:
		return strconv.Itoa(from)
	case until/100 == from/100:
		return fmt.Sprintf("%d–%02d", from, until%100)
	}
	return fmt.Sprintf("%d–%d", from, until)
}

// axisFor returns the vertical axis the options ask for, over the grades
// of scales.
func (p *page) axisFor(cw *crosswalk.Crosswalk, scales []*scale.Scale) (yAxis, error) {
	if p.opt.Axis == Grades {
		return gradesAxis(cw, scales)
	}
	return p.words.ordinalAxis(), nil
}

// fit abridges the axis's labels to the widest the gutter may be and sets
// the gutter: the room the ticks and title take left of the plot.
func (ax *yAxis) fit(pictureWidth float64) {
	maxW := pictureWidth * gutterFrac
	widest := 0.0
	for _, t := range ax.ticks {
		widest = max(widest, min(maxW, textWidth(t.label, sizeSmall, false)))
	}
	ax.gutter = widest + 8
	if ax.title != "" {
		ax.gutter += lineSmall + 2
	}
	ax.gutter = max(ax.gutter, 24)
}

// least returns the least height of a plot that keeps the axis's labels
// apart.
func (ax *yAxis) least() float64 {
	return float64(max(0, len(ax.ticks)-1)) * tickGap
}

// draw draws the axis for a plot from x0 to x1 whose values 0 and 1 are at
// y0 and y1 (y0 > y1): grid lines at each tick, the labels right-aligned
// left of the plot, moved apart where they crowd with a leader to their
// tick, and the title upwards at the picture's left margin.
func (ax *yAxis) draw(sc *scene, x0, x1, y0, y1 float64, pictureWidth float64) {
	yOf := func(v float64) float64 { return y0 + v*(y1-y0) }
	want := make([]float64, len(ax.ticks))
	for i, t := range ax.ticks {
		sc.stroke(line{lightGrey, 0.8, solid}, x0, yOf(t.v), x1, yOf(t.v))
		want[i] = yOf(t.v)
	}
	// Labels are centred on their ticks: the middle of a capital letter.
	mid := ascentOf(sizeSmall) * 0.36
	at := spread(want, tickGap, min(y0, y1)-4, max(y0, y1)+4)
	maxW := pictureWidth * gutterFrac
	for i, t := range ax.ticks {
		lx := x0 - 5
		if math.Abs(at[i]-want[i]) > 0.5 {
			sc.stroke(line{midGrey, 0.6, solid}, x0-4, want[i], x0, want[i])
			sc.stroke(line{midGrey, 0.6, solid}, x0-7, at[i], x0-4, want[i])
			lx = x0 - 8
		}
		sc.label(lx, at[i]+mid, t.label, sizeSmall, false, right, grey, maxW)
	}
	if ax.title != "" {
		sc.vtext(margin-4+ascentOf(sizeSmall), (y0+y1)/2, ax.title, sizeSmall, grey, math.Abs(y0-y1)+40)
	}
}

// spread moves positions apart to at least gap, keeping their order and
// each group of crowded ones centred on where its members want to be, and
// within lo and hi when there is room: the classic one-dimensional label
// placement, in O(n log n).
func spread(want []float64, gap, lo, hi float64) []float64 {
	n := len(want)
	out := make([]float64, n)
	if n == 0 {
		return out
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(want[a], want[b]) })
	type group struct {
		first, n int     // into order
		sum      float64 // of the wanted positions
		top      float64 // position of the first member
	}
	var groups []group
	for k, i := range order {
		g := group{first: k, n: 1, sum: want[i], top: want[i]}
		for len(groups) > 0 {
			prev := groups[len(groups)-1]
			if prev.top+float64(prev.n)*gap <= g.top {
				break
			}
			groups = groups[:len(groups)-1]
			g = group{first: prev.first, n: prev.n + g.n, sum: prev.sum + g.sum}
			g.top = g.sum/float64(g.n) - float64(g.n-1)*gap/2
		}
		groups = append(groups, g)
	}
	// Keep within bounds: push from the bottom up, then from the top down,
	// so that when there is not room the top wins.
	limit := hi
	for k := len(groups) - 1; k >= 0; k-- {
		g := &groups[k]
		if end := g.top + float64(g.n-1)*gap; end > limit {
			g.top -= end - limit
		}
		limit = g.top - gap
	}
	limit = lo
	for k := range groups {
		g := &groups[k]
		g.top = max(g.top, limit)
		limit = g.top + float64(g.n)*gap
	}
	for _, g := range groups {
		for j := range g.n {
			out[order[g.first+j]] = g.top + float64(j)*gap
		}
	}
	return out
}

// timeAxis is the horizontal axis of years.
type timeAxis struct {
	x0, x1 float64 // the years at the plot's ends
	left   float64 // the plot's left and right, in picture units
	right  float64
	// Year labels are written only where they lie wholly between minX and
	// maxX, when maxX > minX.
	minX, maxX float64
}

// newTimeAxis spans whole years around lo and hi (fractional years), at
// least two.
func newTimeAxis(lo, hi, left, right float64) timeAxis {
	x0, x1 := math.Floor(lo), math.Ceil(hi)
	if x1-x0 < 2 {
		x0, x1 = x0-1, x1+1
	}
	return timeAxis{x0: x0, x1: x1, left: left, right: right}
}

func (t timeAxis) xOf(year float64) float64 {
	return t.left + (year-t.x0)/(t.x1-t.x0)*(t.right-t.left)
}

// minorTick is the least distance between years, in picture units, at
// which every year gets a tick.
const minorTick = 4

// yearStep returns the step between labelled years on a time axis that
// spans the given number of years over a plot of the given width: the
// least of 1, 2, 5, 10, 20, 50 and so on that puts labels at least 40 units
// apart.
func yearStep(span, width float64) int {
	for k := 1; k < 1e9; k *= 10 {
		for _, m := range []int{1, 2, 5} {
			if float64(k*m)/span*width >= 40 {
				return k * m
			}
		}
	}
	return 1e9
}

// draw draws the axis line, ticks and year labels under a plot whose
// bottom is at y; labels only when labelled.
func (t timeAxis) draw(sc *scene, y float64, labelled bool) {
	step := yearStep(t.x1-t.x0, t.right-t.left)
	minor := (t.right-t.left)/(t.x1-t.x0) >= minorTick
	first, inc := int(t.x0), 1
	if !minor {
		first, inc = int(math.Ceil(t.x0/float64(step)))*step, step
	}
	for yr := first; float64(yr) <= t.x1; yr += inc {
		x := t.xOf(float64(yr))
		if minor {
			sc.stroke(line{lightGrey, 0.8, solid}, x, y, x, y+4)
		}
		if yr%step == 0 {
			sc.stroke(line{grey, 0.8, solid}, x, y, x, y+5)
			label := strconv.Itoa(yr)
			half := textWidth(label, sizeSmall, false) / 2
			if labelled && (t.maxX <= t.minX || (x-half >= t.minX && x+half <= t.maxX)) {
				sc.text(x, y+5+ascentOf(sizeSmall)+1, label, sizeSmall, false, center, grey)
			}
		}
	}
	sc.stroke(line{grey, 0.8, solid}, t.left, y, t.right, y)
}

// yearOf returns t as a fractional calendar year.
func yearOf(t time.Time) float64 {
	y := t.Year()
	start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC)
	return float64(y) + float64(t.Sub(start))/float64(end.Sub(start))
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

// text returns the legend's text for the kind.
func (w words) joinText(k joinKind) string {
	if w.public {
		return [nJoinKinds]string{"same scale", "change of scale", "ranges overlap: cannot tell which is higher"}[k]
	}
	return [nJoinKinds]string{"same scale", "change of scale", "bands overlap: order uncertain"}[k]
}

// joinKindOf returns the kind of the step from a to b.
func joinKindOf(c crosswalk.Comparison) joinKind {
	switch {
	case c.Relation == crosswalk.Overlapping:
		return overlapping
	case c.CrossEra:
		return changeOfScale
	}
	return sameScale
}

// joinEntries returns the legend's entries for the kinds of join used.
func (w words) joinEntries(used [nJoinKinds]bool) []legendEntry {
	var out []legendEntry
	for k := range nJoinKinds {
		if used[k] {
			out = append(out, legendEntry{w.joinText(k), func(sc *scene, x, y float64) {
				sc.stroke(line{grey, 1.6, k.dash()}, x, y-3.5, x+18, y-3.5)
			}})
		}
	}
	return out
}

// leftOut says how many labels of a kind had no room, or "" when none.
func (w words) leftOut(n, of int, what string) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("%d of %d %s had no room on the picture and are left out.", n, of, what)
}

// value writes a position on the ordinal: at three significant digits, or
// for the public as a percentage of the way from worst to best.
func (w words) value(v float64) string {
	if w.public {
		return percentOf(v)
	}
	return approx(v)
}
