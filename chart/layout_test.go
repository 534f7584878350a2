package chart

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

var picturesDir = flag.String("pictures", "", "write every picture the layout test draws, as SVG, into `DIR`")

// checkScene checks what every picture promises: each text's box, measured
// with the font it is drawn in, lies inside the picture; no two texts
// overlap; every shape lies inside the picture; and a text that ends in
// "…" keeps its whole text. It returns the problems found, so that the fuzz
// target can report them too.
func checkScene(sc *scene) []string {
	var problems []string
	canvas := box{0, 0, sc.w, sc.h}
	type tb struct {
		b box
		s string
	}
	var texts []tb
	for i := range sc.items {
		it := &sc.items[i]
		switch it.kind {
		case textItem:
			b := it.box()
			if !b.within(canvas) {
				problems = append(problems, fmt.Sprintf("text %q at %v runs off the %gx%g picture", it.s, b, sc.w, sc.h))
			}
			if strings.HasSuffix(it.s, ellipsis) && it.full == "" {
				problems = append(problems, fmt.Sprintf("text %q is abridged without its whole text", it.s))
			}
			texts = append(texts, tb{b, it.s})
		case pathItem, circleItem:
			pts := it.pts
			if it.kind == circleItem {
				r := pts[2] - pts[0]
				pts = []float64{pts[0] - r, pts[1] - r, pts[0] + r, pts[1] + r}
			}
			for j := 0; j+1 < len(pts); j += 2 {
				x, y := pts[j], pts[j+1]
				if !(x >= -0.5 && x <= sc.w+0.5 && y >= -0.5 && y <= sc.h+0.5) {
					problems = append(problems, fmt.Sprintf("a shape reaches (%g, %g), off the %gx%g picture", x, y, sc.w, sc.h))
					break
				}
			}
		}
	}
	// Overlaps, by a sweep from left to right.
	slices.SortFunc(texts, func(a, b tb) int { return cmp.Compare(a.b.x0, b.b.x0) })
	for i := range texts {
		for j := i + 1; j < len(texts) && texts[j].b.x0 < texts[i].b.x1; j++ {
			if texts[i].b.overlaps(texts[j].b) {
				problems = append(problems, fmt.Sprintf("texts %q at %v and %q at %v overlap", texts[i].s, texts[i].b, texts[j].s, texts[j].b))
			}
		}
	}
	return problems
}

// hostile is a set of inputs meant to break the layout.
type hostile struct {
	name   string
	series []trend.Series
	sums   []trend.PeriodSummary
	ladder []*scale.Scale
	slope  [2]trend.Period
	trans  trend.TransitionTable
	// oneFamily: every grade comes from one family, so that a grades axis
	// can be drawn.
	oneFamily bool
}

func lookup(t testing.TB, id string) *scale.Scale {
	s, ok := scale.Lookup(id)
	require.True(t, ok, id)
	return s
}

func gradeOf(t testing.TB, s *scale.Scale, rank int) grade.Grade {
	g, err := grade.FromRank(s, 1+(rank%s.Len()+s.Len())%s.Len())
	require.NoError(t, err)
	return g
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// forces returns 43 subjects graded on the four police scales, with
// deterministic pseudo-random grades, in two areas.
func forces(t testing.TB, subjects int, name func(int) string) []trend.Observation {
	type round struct {
		id   string
		date time.Time
		p    trend.Precision
	}
	rounds := []round{
		{"hmic-pledge-2009", day(2010, 3, 1), trend.Month},
		{"hmic-peel-2014", day(2016, 1, 1), trend.Year},
		{"hmic-peel-2014", day(2017, 3, 1), trend.Month},
		{"hmic-peel-2014", day(2019, 5, 2), trend.Day},
		{"hmicfrs-peel-2021", day(2022, 6, 1), trend.Month},
		{"hmicfrs-peel-2023", day(2024, 1, 1), trend.Year},
	}
	seed := uint32(7)
	next := func() int {
		seed = seed*1664525 + 1013904223
		return int(seed >> 24)
	}
	var obs []trend.Observation
	for i := range subjects {
		for _, area := range []string{"effectiveness", "legitimacy"} {
			for _, r := range rounds {
				s := lookup(t, r.id)
				obs = append(obs, trend.Observation{Subject: name(i), Area: area, Date: r.date, Precision: r.p, Grade: gradeOf(t, s, next())})
			}
		}
	}
	return obs
}

// sevenScales is a family of seven scales, with long names, from 3 to 9
// levels, each with a caveat.
func sevenScales(t testing.TB) []*scale.Scale {
	var defs []string
	for i := range 7 {
		var levels []string
		for l := range 3 + i {
			levels = append(levels, fmt.Sprintf(`{"label": "Level %d of scale %d, %s"}`, l+1, i+1, strings.Repeat("long words ", i)))
		}
		defs = append(defs, fmt.Sprintf(`{"id": "hostile-%d", "name": "Hostile inspection framework number %d with a rather long official name", "issuer": "The Hostile Inspectorate of Things That Break Layouts (THITBL)", "family": "hostile", "era": {"from": "%d", "until": "%d"}, "caveat": "When scale %d replaced the one before it, the inspectorate said that %s", "levels": [%s]}`,
			i+1, i+1, 2000+3*i, 2002+3*i, i+1, strings.Repeat("grades cannot be compared directly, ", 3), strings.Join(levels, ", ")))
	}
	scales, err := scale.Load([]byte("[" + strings.Join(defs, ",") + "]"))
	require.NoError(t, err)
	return scales
}

// longScale has a 300-character name, issuer and labels.
func longScale(t testing.TB) *scale.Scale {
	long := strings.TrimSpace(strings.Repeat("verylongword ", 23))
	require.GreaterOrEqual(t, len(long), 298)
	def := fmt.Sprintf(`[{"id": "long-labels", "name": %q, "issuer": %q, "family": "long", "era": {"from": "2000"}, "caveat": %q,
		"levels": [{"label": "Bad"}, {"label": %q}, {"label": "x%s"}]}]`, long, long, long, long, strings.Repeat("W", 300))
	scales, err := scale.Load([]byte(def))
	require.NoError(t, err)
	return scales[0]
}

func hostileInputs(t testing.TB) []hostile {
	var out []hostile
	cw := crosswalk.Default()

	// 43 subjects.
	obs := forces(t, 43, func(i int) string { return fmt.Sprintf("Constabulary of place %02d", i+1) })
	peel14, peel21 := lookup(t, "hmic-peel-2014"), lookup(t, "hmicfrs-peel-2021")
	tr, err := trend.Transitions(obs, peel14, peel21)
	require.NoError(t, err)
	sums, err := trend.ByPeriod(cw, obs, trend.PeriodOptions{})
	require.NoError(t, err)
	out = append(out, hostile{name: "43 subjects", series: trend.Group(obs), sums: sums,
		ladder: slices.Collect(scale.Default().Family("hmicfrs-police")),
		slope:  [2]trend.Period{trend.YearPeriod(2019), trend.YearPeriod(2022)}, trans: tr, oneFamily: true})

	// 300-character labels: subject, area, scale name, issuer, labels and
	// caveat.
	ls := longScale(t)
	long := strings.Repeat("x", 300)
	var lobs []trend.Observation
	for i := range 6 {
		lobs = append(lobs, trend.Observation{Subject: long, Area: long + fmt.Sprint(i%2), Date: day(2001+i, 1, 1), Precision: trend.Year, Grade: gradeOf(t, ls, i)})
	}
	lsums, err := trend.ByPeriod(cw, lobs, trend.PeriodOptions{})
	require.NoError(t, err)
	ltr, err := trend.Transitions(append(slices.Clone(lobs[:2]), forces(t, 3, func(i int) string { return long })...), peel14, peel21)
	require.NoError(t, err)
	out = append(out, hostile{name: "300-character labels", series: trend.Group(lobs), sums: lsums, ladder: []*scale.Scale{ls},
		slope: [2]trend.Period{trend.YearPeriod(2001), trend.YearPeriod(2005)}, trans: ltr, oneFamily: true})

	// 20 periods, 7 scales of one family.
	seven := sevenScales(t)
	var sobs []trend.Observation
	for i := range 20 {
		s := seven[min(6, i/3)]
		for k := range 4 {
			sobs = append(sobs, trend.Observation{Subject: fmt.Sprintf("Subject %c", 'A'+k), Area: "overall", Date: day(2000+i, 1+k, 1), Precision: trend.Month, Grade: gradeOf(t, s, i+k)})
		}
	}
	ssums, err := trend.ByPeriod(cw, sobs, trend.PeriodOptions{})
	require.NoError(t, err)
	require.Len(t, ssums, 20)
	str, err := trend.Transitions(sobs, seven[5], seven[6])
	require.NoError(t, err)
	var one []trend.Series
	for _, s := range trend.Group(sobs) {
		if s.Subject == "Subject A" {
			one = append(one, s)
		}
	}
	out = append(out, hostile{name: "20 periods, 7 scales", series: one, sums: ssums, ladder: seven,
		slope: [2]trend.Period{trend.YearPeriod(2003), trend.YearPeriod(2018)}, trans: str, oneFamily: true})

	// Every caveat of the catalogue: one subject graded on every scale.
	var cobs []trend.Observation
	for s := range scale.All() {
		e := s.Era()
		d := e.From.AddDate(0, 1, 0)
		cobs = append(cobs, trend.Observation{Subject: "Everywhere", Area: "overall", Date: d, Grade: gradeOf(t, s, 1)})
	}
	slices.SortFunc(cobs, func(a, b trend.Observation) int { return a.Date.Compare(b.Date) })
	csums, err := trend.ByPeriod(cw, cobs, trend.PeriodOptions{})
	require.NoError(t, err)
	out = append(out, hostile{name: "every caveat", series: trend.Group(cobs), sums: csums,
		ladder: slices.Collect(scale.Default().Family("ofsted-schools")),
		slope:  [2]trend.Period{trend.YearPeriod(2005), trend.YearPeriod(2023)}, trans: tr})
	return out
}

// drawAll lays out every kind of picture for one input and options, and
// returns the scenes by kind; a kind the input or options rule out is
// skipped with the error it gave, which must be an expected one.
func drawAll(t *testing.T, h hostile, opt Options) map[string]*scene {
	out := map[string]*scene{}
	add := func(kind string, sc *scene, err error) {
		if err != nil {
			require.ErrorIs(t, err, ErrFamilies, "%s: %s", h.name, kind)
			return
		}
		out[kind] = sc
	}
	plain := opt
	plain.Axis = Ordinal
	subject := h.series[:0:0]
	for _, s := range h.series {
		if s.Subject == h.series[0].Subject {
			subject = append(subject, s)
		}
	}
	sc, err := layoutSeries(subject, opt)
	add("series", sc, err)
	sc, err = layoutGrid(h.series, opt)
	add("grid", sc, err)
	sc, err = layoutSlope(h.series, h.slope[0], h.slope[1], opt)
	add("slope", sc, err)
	sc, err = layoutPeriods(h.sums, plain)
	add("periods", sc, err)
	sc, err = layoutLadder(h.ladder, plain)
	add("ladder", sc, err)
	sc, err = layoutTransitions(h.trans, plain)
	add("transitions", sc, err)
	var rb Ribbon
	for i := range 12 {
		v := 0.3 + 0.03*float64(i)
		rb.Points = append(rb.Points, RibbonPoint{Date: day(2010+i, 6, 1), Mean: v, Lo: v - 0.1, Hi: v + 0.12})
	}
	rb.Label = "estimate of " + h.series[0].Subject
	sc, err = layoutPopulation([]Ribbon{rb}, plain)
	add("population", sc, err)
	return out
}

// TestLayout draws every kind of picture over the hostile inputs, at every
// width offered and at a fixed height, for both audiences and both axes,
// and checks every picture's texts and shapes.
func TestLayout(t *testing.T) {
	inputs := hostileInputs(t)
	widths := []int{MinWidth, 0, 1200}
	if testing.Short() {
		widths = []int{0}
	}
	for _, h := range inputs {
		for _, width := range widths {
			for _, aud := range []Audience{Analysts, Public} {
				for _, axis := range []Axis{Ordinal, Grades} {
					opt := Options{Width: width, Audience: aud, Axis: axis, Source: "Source: " + strings.Repeat("HMICFRS PEEL reports; gradewalk; ", 4)}
					name := fmt.Sprintf("%s/w%d/%s/%s", h.name, width, aud, axis)
					scenes := drawAll(t, h, opt)
					if h.oneFamily || axis == Ordinal {
						assert.Len(t, scenes, 7, name)
					}
					for kind, sc := range scenes {
						assert.Empty(t, checkScene(sc), "%s/%s", name, kind)
						assert.NotEmpty(t, sc.title, "%s/%s", name, kind)
						assert.NotEmpty(t, sc.desc, "%s/%s", name, kind)
						if aud == Public {
							assert.Empty(t, jargon(sc), "%s/%s: the public's words", name, kind)
						}
						if *picturesDir != "" {
							file := strings.NewReplacer("/", "-", " ", "-", ",", "").Replace(name + "-" + kind + ".svg")
							var buf bytes.Buffer
							require.NoError(t, sc.writeSVG(&buf))
							require.NoError(t, os.WriteFile(filepath.Join(*picturesDir, file), buf.Bytes(), 0o644))
						}
					}
				}
			}
		}
	}
}

// jargon returns the texts of a scene, its title and its desc that use a
// word the public are spared.
func jargon(sc *scene) []string {
	var out []string
	all := []string{sc.title, sc.desc}
	for _, it := range sc.items {
		if it.kind == textItem {
			all = append(all, it.s)
		}
	}
	for _, s := range all {
		l := strings.ToLower(s)
		if strings.Contains(l, "ordinal") || strings.Contains(l, "?") || strings.Contains(l, "whisker") {
			out = append(out, s)
		}
	}
	return out
}

// A fixed height is filled, never overflowed; one too small is an error
// that says how tall the picture must be.
func TestFixedHeight(t *testing.T) {
	h := hostileInputs(t)[0]
	for _, height := range []int{900, 2000} {
		scenes := drawAll(t, h, Options{Height: height})
		for kind, sc := range scenes {
			if sc == nil {
				continue
			}
			assert.Equal(t, float64(height), sc.h, kind)
			assert.Empty(t, checkScene(sc), kind)
		}
	}
	_, err := layoutSeries(h.series[:1], Options{Height: 200})
	var se *SizeError
	require.ErrorAs(t, err, &se)
	require.ErrorIs(t, err, ErrSize)
	assert.Equal(t, "height", se.Dimension)
	assert.Greater(t, se.Min, 200.0)
	sc, err := layoutSeries(h.series[:1], Options{Height: int(se.Min)})
	require.NoError(t, err, "the height the error names is enough")
	assert.Empty(t, checkScene(sc))
}

// wrap keeps every character: the lines, joined, give back the words.
func TestWrapKeepsEverything(t *testing.T) {
	for _, s := range []string{
		"Requires improvement",
		strings.Repeat("verylongword ", 30),
		strings.Repeat("W", 300) + " tail",
		"a  b\tc",
		"",
	} {
		for _, width := range []float64{20, 80, 300} {
			lines := wrap(s, sizeSmall, false, width)
			for _, l := range lines {
				if len([]rune(l)) > 1 {
					assert.LessOrEqual(t, textWidth(l, sizeSmall, false), width+1e-9, "%q fits %g", l, width)
				}
			}
			// A word broken between letters gains a hyphen (the inputs
			// have none of their own).
			assert.Equal(t, strings.Join(strings.Fields(s), ""), strings.NewReplacer(" ", "", "-", "").Replace(strings.Join(lines, "")), "%q at %g", s, width)
		}
	}
}

// A word broken between letters is hyphenated, within the width; one
// broken elsewhere is not.
func TestWrapHyphenates(t *testing.T) {
	lines := wrap("Outstanding", sizeSmall, false, 30)
	require.Greater(t, len(lines), 1)
	for _, l := range lines[:len(lines)-1] {
		assert.True(t, strings.HasSuffix(l, "-"), "%q of %q", l, lines)
		assert.LessOrEqual(t, textWidth(l, sizeSmall, false), 30.0)
	}
	assert.False(t, strings.HasSuffix(lines[len(lines)-1], "-"))
	for _, l := range wrap("2014/2015/2016/2017/2018", sizeSmall, false, 30) {
		assert.False(t, strings.HasSuffix(l, "-"), "no hyphen between digits and slashes: %q", l)
	}
}

// abridge cuts to fit and says so with an ellipsis.
func TestAbridge(t *testing.T) {
	s := strings.Repeat("long ", 40)
	short, cut := abridge(s, sizeSmall, false, 100)
	assert.True(t, cut)
	assert.True(t, strings.HasSuffix(short, ellipsis))
	assert.LessOrEqual(t, textWidth(short, sizeSmall, false), 100.0)
	same, cut := abridge("Good", sizeSmall, false, 100)
	assert.False(t, cut)
	assert.Equal(t, "Good", same)
}

// The font's measurement of a string is the sum of its glyphs' advances
// and kerning, as gonum's own measurement gives it.
func TestMeasureAgreesWithGonum(t *testing.T) {
	for _, s := range []string{"Requires improvement", "AV To", "Ωmega ✓", "PEEL 2014–19"} {
		for _, bold := range []bool{false, true} {
			want := float64(gonumWidth(s, 10, bold))
			assert.InDelta(t, want, textWidth(s, 10, bold), 1e-6, "%q bold=%v", s, bold)
		}
	}
}

func TestSpread(t *testing.T) {
	got := spread([]float64{10, 10, 10}, 5, 0, 100)
	assert.Equal(t, []float64{5, 10, 15}, got, "a crowd is centred on where it wants to be")
	got = spread([]float64{30, 0, 60}, 5, 0, 100)
	assert.Equal(t, []float64{30, 0, 60}, got, "apart already: unmoved")
	got = spread([]float64{1, 1}, 10, 0, 100)
	assert.Equal(t, []float64{0, 10}, got, "kept within bounds")
	got = spread([]float64{99, 99}, 10, 0, 100)
	assert.Equal(t, []float64{90, 100}, got)
}

func TestRuleLetter(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		assert.Equal(t, want, ruleLetter(i), "%d", i)
	}
}

func TestYearsOf(t *testing.T) {
	police := slices.Collect(scale.Default().Family("hmicfrs-police"))
	assert.Equal(t, "2009–10", yearsOf(police[:1]))
	assert.Equal(t, "2014–20", yearsOf(police[1:2]))
	assert.Equal(t, "2022–", yearsOf(police[2:]))
}

// A grades axis names each grade once at each band, and both eras where a
// label stands at two bands.
func TestGradesAxis(t *testing.T) {
	police := slices.Collect(scale.Default().Family("hmicfrs-police"))
	ax, err := gradesAxis(crosswalk.Default(), police[1:])
	require.NoError(t, err)
	var labels []string
	for _, tk := range ax.ticks {
		labels = append(labels, tk.label)
	}
	assert.Contains(t, labels, "Good (2014–20)")
	assert.Contains(t, labels, "Good (2022–)")
	assert.Contains(t, labels, "Adequate", "a label at one band only is not tagged")
	for i := 1; i < len(ax.ticks); i++ {
		assert.Less(t, ax.ticks[i-1].v, ax.ticks[i].v, "ticks in order, one per band")
	}
	_, err = gradesAxis(crosswalk.Default(), []*scale.Scale{police[0], lookup(t, "cqc-ratings-2014")})
	assert.ErrorIs(t, err, ErrFamilies)
}

// occupancy never lets two boxes that overlap both be placed, and lets
// boxes that only touch.
func TestOccupancy(t *testing.T) {
	var o occupancy
	o.reset(100)
	o.mark(box{10, 10, 20, 20})
	assert.True(t, o.taken(box{19.9, 19.9, 30, 30}))
	assert.False(t, o.taken(box{20, 10, 30, 20}), "touching is not overlapping")
	assert.False(t, o.taken(box{10, 500, 20, 510}), "rows not yet reached are free")
	o.mark(box{0, 600, 5, 610})
	assert.True(t, o.taken(box{4, 605, 6, 606}))
}

// gonumWidth measures s as gonum's own font package does.
func gonumWidth(s string, size float64, bold bool) float64 {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: font.Length(size)}
	if bold {
		f.Weight = xfont.WeightBold
	}
	face := font.NewCache(liberation.Collection()).Lookup(f, f.Size)
	return float64(face.Width(s))
}
