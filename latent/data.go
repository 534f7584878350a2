package latent

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// maxKnots bounds the years a fit may span: μ has one knot a year, and its
// update costs the cube of their number.
const maxKnots = 301

// maxCrossSubjects bounds the anonymous subjects of all cross-sections.
const maxCrossSubjects = 10_000_000

// daysPerYear converts days to the years of the model's time axis.
const daysPerYear = 365.25

// cutKind says what prior a cut point has, beside its order.
type cutKind uint8

const (
	cutFixed   cutKind = iota // -Inf or +Inf: the ends of a scale
	cutFlat                   // bounded by the data: flat
	cutGapUp                  // beyond the highest level observed: exponential gap to the cut below
	cutGapDown                // beyond the lowest level observed: exponential gap to the cut above
)

// data is the input arranged for the sampler. Cut points of all scales
// live in one padded array: scale k's L levels take L+1 entries from
// cutBase[k], -Inf first and +Inf last, so that an observation of level y
// lies between entries cutBase[k]+y-1 and cutBase[k]+y.
//
// Observations are grouped by node, a node being one series on one date;
// nodes by series, and series named first (sorted by subject, then area),
// the anonymous subjects of cross-sections after them.
type data struct {
	scales   []*scale.Scale // sorted by ID
	cutBase  []int32
	cutKinds []cutKind
	counts   [][]int // per scale, per level

	obsNode  []int32
	obsLo    []int32 // padded index of the cut below the observation's level
	obsScale []int32
	nodeObs  []int32 // the observations of node n are nodeObs[n]:nodeObs[n+1]
	// The observations in level order, for the cut points' update: those
	// whose level lies above padded cut i take the positions
	// levelStart[i]:levelStart[i+1], levelNode holds the node of each, and
	// obsLevelPos the position of each observation.
	levelStart  []int32
	levelNode   []int32
	obsLevelPos []int32

	nodeKnot []int32   // μ(t) = (1-w)·m[knot] + w·m[knot+1]
	nodeW    []float64 // the w above
	nodeGap  []int32   // index into gapYears, or -1 for a series' first node
	nodeDay  []int32   // days since 1970-01-01, for the named nodes
	// nodeInvCnt is 1/(the node's number of observations): the variance
	// of the mean of its z given θ.
	nodeInvCnt []float64

	seriesStart []int32 // the nodes of series i are seriesStart[i]:seriesStart[i+1]
	// The filters run over the series side by side, position by position
	// (see chain.zLogLik): with the series ordered longest first, longer[j]
	// counts those with more than j nodes, and the nodes at position j are
	// posNodes[posStart[j]:posStart[j+1]], the k-th that of the k-th
	// series, k its lane.
	longer   []int32
	posStart []int32
	posNodes []int32
	// filterPos holds, in the order of posNodes, what the filters read of
	// each node, so that they read it in sequence.
	filterPos  []filterPos
	subjects   []string
	areas      []string
	named      int // series 0..named-1 are the input's; the rest are anonymous
	namedNodes int

	knotDay  []int32
	knotT    []float64 // years from the first knot
	gapYears []float64

	refDay  int32
	refKnot int32
	refW    float64

	muQ muTerms

	firstDay, lastDay int32 // of the input's observations
	observations      int   // in the input
	crossSubjects     int
}

// filterPos is a node as the filters see it: its index, its gap from the
// node before (nodeGap) and 1/(its number of observations) (nodeInvCnt).
type filterPos struct {
	node, gap int32
	invCnt    float64
}

// rawObs is an observation as read, before grouping.
type rawObs struct {
	series int32
	day    int32
	scale  int32
	level  int32
}

type seriesKey struct{ subject, area string }

// setLengths fills longer, posStart and posNodes from seriesStart.
func (dt *data) setLengths() {
	n := len(dt.seriesStart) - 1
	length := func(s int32) int32 { return dt.seriesStart[s+1] - dt.seriesStart[s] }
	byLength := make([]int32, n)
	for s := range byLength {
		byLength[s] = int32(s)
	}
	slices.SortStableFunc(byLength, func(a, b int32) int { return cmp.Compare(length(b), length(a)) })
	if n == 0 {
		return
	}
	dt.longer = make([]int32, length(byLength[0]))
	for _, s := range byLength {
		for j := range length(s) {
			dt.longer[j]++
		}
	}
	dt.posStart = make([]int32, len(dt.longer)+1)
	dt.posNodes = make([]int32, 0, dt.seriesStart[n])
	for j, active := range dt.longer {
		for _, s := range byLength[:active] {
			dt.posNodes = append(dt.posNodes, dt.seriesStart[s]+int32(j))
		}
		dt.posStart[j+1] = int32(len(dt.posNodes))
	}
}

// dayOf returns the day number of t: days since 1970-01-01 in UTC.
func dayOf(t time.Time) int64 {
	u := t.Unix()
	d := u / 86400
	if u%86400 < 0 {
		d--
	}
	return d
}

// dateOf is the inverse of dayOf: midnight UTC.
func dateOf(d int32) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// dayLimit keeps day numbers within int32 (years about -3,900,000 to
// 5,900,000 are far beyond any date a scale was used on).
const dayLimit = 1 << 30

// scaleTable assigns indices to scales, checking them against the
// registry.
type scaleTable struct {
	reg   *scale.Registry
	byPtr map[*scale.Scale]int32
	byID  map[string]int32
	list  []*scale.Scale
}

func (t *scaleTable) index(s *scale.Scale) (int32, bool) {
	if i, ok := t.byPtr[s]; ok {
		return i, true
	}
	rs, ok := t.reg.Lookup(s.ID())
	if !ok || (rs != s && !rs.Equal(s)) {
		return 0, false
	}
	i, ok := t.byID[s.ID()]
	if !ok {
		i = int32(len(t.list))
		t.byID[s.ID()] = i
		t.list = append(t.list, rs)
	}
	t.byPtr[s] = i
	return i, true
}

// build arranges the observations and cross-sections for the sampler.
func build(obs iter.Seq[trend.Observation], set *settings) (*data, error) {
	st := &scaleTable{reg: set.registry, byPtr: map[*scale.Scale]int32{}, byID: map[string]int32{}}
	seriesIndex := map[seriesKey]int32{}
	var keys []seriesKey
	// Each subject and area must come in date order, pooled or not.
	lastDay := map[seriesKey]int32{}
	var raws []rawObs
	i := 0
	for o := range obs {
		switch {
		case o.Date.IsZero():
			return nil, &ObservationError{i, o, trend.ErrZeroDate}
		case !o.Grade.IsValid():
			return nil, &ObservationError{i, o, trend.ErrZeroGrade}
		}
		d := dayOf(o.Date)
		if d <= -dayLimit || d >= dayLimit {
			return nil, &ObservationError{i, o, fmt.Errorf("%w: date %s is out of range", ErrSpan, o.Date)}
		}
		k, ok := st.index(o.Grade.Scale())
		if !ok {
			return nil, &ObservationError{i, o, ErrUnknownScale}
		}
		own := seriesKey{o.Subject, o.Area}
		if prev, ok := lastDay[own]; ok && int32(d) < prev {
			return nil, &OrderError{Subject: o.Subject, Area: o.Area, Index: i, Date: o.Date, Previous: dateOf(prev)}
		}
		lastDay[own] = int32(d)
		key := own
		if set.poolAreas {
			key.area = ""
		}
		si, ok := seriesIndex[key]
		if !ok {
			si = int32(len(keys))
			seriesIndex[key] = si
			keys = append(keys, key)
		}
		raws = append(raws, rawObs{series: si, day: int32(d), scale: k, level: int32(o.Grade.Rank())})
		i++
		if i > math.MaxInt32/2 {
			return nil, &ObservationError{i, o, fmt.Errorf("%w: more than 2³⁰ observations", ErrInvalidOption)}
		}
	}
	if len(raws) == 0 {
		return nil, fmt.Errorf("latent: fit: %w", ErrEmpty)
	}
	// Cross-sections: each count is that many one-observation series.
	type crossRow struct {
		day          int32
		scale, level int32
		n            int
	}
	var crossRows []crossRow
	total := 0
	for ci, cs := range set.crossSections {
		field := fmt.Sprintf("CrossSections[%d]", ci)
		if cs.Scale == nil {
			return nil, &OptionError{field + ".Scale", "nil scale"}
		}
		k, ok := st.index(cs.Scale)
		if !ok {
			return nil, &OptionError{field + ".Scale", fmt.Sprintf("%s: %v", cs.Scale.ID(), ErrUnknownScale)}
		}
		if cs.Date.IsZero() {
			return nil, &OptionError{field + ".Date", "no date"}
		}
		d := dayOf(cs.Date)
		if d <= -dayLimit || d >= dayLimit {
			return nil, &OptionError{field + ".Date", "out of range"}
		}
		if len(cs.Counts) != cs.Scale.Len() {
			return nil, &OptionError{field + ".Counts", fmt.Sprintf("%d counts for %d levels", len(cs.Counts), cs.Scale.Len())}
		}
		sum := 0
		for l, c := range cs.Counts {
			if !(c >= 0) || c > maxCrossSubjects {
				return nil, &OptionError{field + ".Counts", fmt.Sprintf("count %g of level %d is not a number from 0 to %d", c, l+1, maxCrossSubjects)}
			}
			n := int(math.Round(c))
			sum += n
			if n > 0 {
				crossRows = append(crossRows, crossRow{int32(d), k, int32(l + 1), n})
			}
		}
		if sum == 0 {
			return nil, &OptionError{field + ".Counts", "no subjects: every count rounds to 0"}
		}
		total += sum
		if total > maxCrossSubjects {
			return nil, &OptionError{field + ".Counts", fmt.Sprintf("more than %d anonymous subjects in all", maxCrossSubjects)}
		}
	}

	// Scales in ID order.
	order := make([]int32, len(st.list))
	for j := range order {
		order[j] = int32(j)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(st.list[a].ID(), st.list[b].ID()) })
	remap := make([]int32, len(order))
	dt := &data{observations: len(raws), crossSubjects: total}
	for newIdx, old := range order {
		remap[old] = int32(newIdx)
		dt.scales = append(dt.scales, st.list[old])
	}
	pos := int32(0)
	for _, s := range dt.scales {
		dt.cutBase = append(dt.cutBase, pos)
		pos += int32(s.Len() + 1)
		dt.counts = append(dt.counts, make([]int, s.Len()))
	}
	for j := range raws {
		raws[j].scale = remap[raws[j].scale]
		dt.counts[raws[j].scale][raws[j].level-1]++
	}
	for j := range crossRows {
		crossRows[j].scale = remap[crossRows[j].scale]
		dt.counts[crossRows[j].scale][crossRows[j].level-1] += crossRows[j].n
	}
	if err := dt.setCutKinds(); err != nil {
		return nil, err
	}

	// Series in (subject, area) order, each with its observations in input
	// order (already checked to be in date order).
	sorted := make([]int32, len(keys))
	for j := range sorted {
		sorted[j] = int32(j)
	}
	slices.SortFunc(sorted, func(a, b int32) int {
		return cmp.Or(strings.Compare(keys[a].subject, keys[b].subject), strings.Compare(keys[a].area, keys[b].area))
	})
	rank := make([]int32, len(keys))
	for r, s := range sorted {
		rank[s] = int32(r)
		dt.subjects = append(dt.subjects, keys[s].subject)
		dt.areas = append(dt.areas, keys[s].area)
	}
	start := make([]int32, len(keys)+1)
	for _, r := range raws {
		start[rank[r.series]+1]++
	}
	for j := 1; j < len(start); j++ {
		start[j] += start[j-1]
	}
	grouped := make([]rawObs, len(raws))
	fill := slices.Clone(start[:len(keys)])
	for _, r := range raws {
		s := rank[r.series]
		grouped[fill[s]] = r
		fill[s]++
	}
	raws = nil
	if set.poolAreas { // merge each subject's areas by date
		for s := range keys {
			slices.SortStableFunc(grouped[start[s]:start[s+1]], func(a, b rawObs) int { return cmp.Compare(a.day, b.day) })
		}
	}
	dt.named = len(keys)
	dt.firstDay, dt.lastDay = grouped[0].day, grouped[0].day
	var nodeDays []int32
	for s := range keys {
		dt.seriesStart = append(dt.seriesStart, int32(len(nodeDays)))
		for j := start[s]; j < start[s+1]; j++ {
			r := grouped[j]
			if j == start[s] || r.day != grouped[j-1].day {
				dt.nodeObs = append(dt.nodeObs, int32(len(dt.obsNode)))
				nodeDays = append(nodeDays, r.day)
			}
			dt.addObs(int32(len(nodeDays)-1), r.scale, r.level)
			dt.firstDay, dt.lastDay = min(dt.firstDay, r.day), max(dt.lastDay, r.day)
		}
	}
	dt.namedNodes = len(nodeDays)
	dt.nodeDay = slices.Clip(nodeDays)
	for _, cr := range crossRows {
		for range cr.n {
			dt.seriesStart = append(dt.seriesStart, int32(len(nodeDays)))
			dt.nodeObs = append(dt.nodeObs, int32(len(dt.obsNode)))
			nodeDays = append(nodeDays, cr.day)
			dt.addObs(int32(len(nodeDays)-1), cr.scale, cr.level)
		}
	}
	dt.seriesStart = append(dt.seriesStart, int32(len(nodeDays)))
	dt.nodeObs = append(dt.nodeObs, int32(len(dt.obsNode)))
	dt.setLengths()
	if err := dt.setTime(nodeDays, set); err != nil {
		return nil, err
	}
	dt.muQ = newMuTerms(dt)
	dt.nodeInvCnt = make([]float64, len(dt.nodeKnot))
	for n := range dt.nodeInvCnt {
		dt.nodeInvCnt[n] = 1 / float64(dt.nodeObs[n+1]-dt.nodeObs[n])
	}
	dt.filterPos = make([]filterPos, len(dt.posNodes))
	for p, n := range dt.posNodes {
		dt.filterPos[p] = filterPos{node: n, gap: dt.nodeGap[n], invCnt: dt.nodeInvCnt[n]}
	}
	dt.setLevels()
	return dt, nil
}

// setLevels arranges the observations in level order from obsLo.
func (dt *data) setLevels() {
	dt.levelStart = make([]int32, len(dt.cutKinds)+1)
	for _, lo := range dt.obsLo {
		dt.levelStart[lo+1]++
	}
	for i := 1; i < len(dt.levelStart); i++ {
		dt.levelStart[i] += dt.levelStart[i-1]
	}
	dt.levelNode = make([]int32, len(dt.obsLo))
	dt.obsLevelPos = make([]int32, len(dt.obsLo))
	next := slices.Clone(dt.levelStart)
	for o, lo := range dt.obsLo {
		p := next[lo]
		dt.levelNode[p] = dt.obsNode[o]
		dt.obsLevelPos[o] = p
		next[lo]++
	}
}

func (dt *data) addObs(node, scale, level int32) {
	dt.obsNode = append(dt.obsNode, node)
	dt.obsLo = append(dt.obsLo, dt.cutBase[scale]+level-1)
	dt.obsScale = append(dt.obsScale, scale)
}

// setCutKinds decides each cut point's prior from the levels observed, and
// rejects a scale with a single level observed.
func (dt *data) setCutKinds() error {
	for k, s := range dt.scales {
		lowest, highest := 0, 0
		for l, c := range dt.counts[k] {
			if c > 0 {
				if lowest == 0 {
					lowest = l + 1
				}
				highest = l + 1
			}
		}
		if lowest == highest {
			var seen, missing []string
			for l := range s.Len() {
				lv, _ := s.Level(l + 1)
				if dt.counts[k][l] > 0 {
					seen = append(seen, lv.Label())
				} else {
					missing = append(missing, lv.Label())
				}
			}
			return &ScaleError{Scale: s.ID(), Observed: seen, Missing: missing, Err: ErrOneLevel}
		}
		// Entry c of the scale (0..L) is the cut between levels c and c+1.
		for c := 0; c <= s.Len(); c++ {
			switch {
			case c == 0 || c == s.Len():
				dt.cutKinds = append(dt.cutKinds, cutFixed)
			case c >= highest:
				dt.cutKinds = append(dt.cutKinds, cutGapUp)
			case c < lowest:
				dt.cutKinds = append(dt.cutKinds, cutGapDown)
			default:
				dt.cutKinds = append(dt.cutKinds, cutFlat)
			}
		}
	}
	return nil
}

// setTime places the knots of μ, each node between two of them, the gaps
// between a series' nodes, and the reference date.
func (dt *data) setTime(nodeDays []int32, set *settings) error {
	first, last := slices.Min(nodeDays), slices.Max(nodeDays)
	y0, y1 := dateOf(first).Year(), dateOf(last).Year()
	jan1 := func(y int) int32 { return int32(dayOf(time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC))) }
	end := y1
	if last > jan1(y1) {
		end = y1 + 1 // a closing knot, so that every date lies between two
	}
	if end-y0+1 > maxKnots {
		return fmt.Errorf("latent: fit: %w: %s to %s needs %d yearly knots; at most %d", ErrSpan,
			day(dateOf(first)), day(dateOf(last)), end-y0+1, maxKnots)
	}
	for y := y0; y <= end; y++ {
		d := jan1(y)
		dt.knotDay = append(dt.knotDay, d)
		dt.knotT = append(dt.knotT, float64(d-dt.knotDayZero())/daysPerYear)
	}
	dt.nodeKnot = make([]int32, len(nodeDays))
	dt.nodeW = make([]float64, len(nodeDays))
	dt.nodeGap = make([]int32, len(nodeDays))
	for n, d := range nodeDays {
		dt.nodeKnot[n], dt.nodeW[n] = dt.knotOf(d)
	}
	gaps := map[int32]int32{}
	for s := 0; s+1 < len(dt.seriesStart); s++ {
		a, b := dt.seriesStart[s], dt.seriesStart[s+1]
		dt.nodeGap[a] = -1
		for n := a + 1; n < b; n++ {
			g := nodeDays[n] - nodeDays[n-1]
			gi, ok := gaps[g]
			if !ok {
				gi = int32(len(dt.gapYears))
				gaps[g] = gi
				dt.gapYears = append(dt.gapYears, float64(g)/daysPerYear)
			}
			dt.nodeGap[n] = gi
		}
	}
	dt.refDay = dt.firstDay
	if !set.reference.IsZero() {
		d := dayOf(set.reference)
		if d < int64(dt.knotDay[0]) || d > int64(dt.knotDay[len(dt.knotDay)-1]) {
			return &OptionError{"Reference", fmt.Sprintf("%s lies outside the span fitted, %s to %s",
				day(set.reference), day(dateOf(dt.knotDay[0])), day(dateOf(dt.knotDay[len(dt.knotDay)-1])))}
		}
		dt.refDay = int32(d)
	}
	dt.refKnot, dt.refW = dt.knotOf(dt.refDay)
	return nil
}

func (dt *data) knotDayZero() int32 { return dt.knotDay[0] }

// knotOf places day d between two knots: μ(d) = (1-w)·m[k] + w·m[k+1]. d
// must lie within the knots.
func (dt *data) knotOf(d int32) (k int32, w float64) {
	if len(dt.knotDay) == 1 {
		return 0, 0
	}
	i, _ := slices.BinarySearch(dt.knotDay, d+1) // first knot after d
	i--                                          // the knot at or before d
	if i >= len(dt.knotDay)-1 {
		i = len(dt.knotDay) - 2
	}
	lo, hi := dt.knotDay[i], dt.knotDay[i+1]
	return int32(i), float64(d-lo) / float64(hi-lo)
}

// interiorCuts counts the finite cut points of all scales.
func (dt *data) interiorCuts() int {
	n := 0
	for _, s := range dt.scales {
		n += s.Len() - 1
	}
	return n
}

// muTerms are the terms of the precision of μ's knots given θ that the
// data fix: with θ_n = w_n·m + x_n, the first node of a series adds
// w wᵀ/σ², and a transition with gap g adds
// (w - φw₋₁)(w - φw₋₁)ᵀ/(σ²(1-φ²)) = (a - φb + φ²c)/(σ²(1-φ²)), where a, b
// and c sum w wᵀ, w w₋₁ᵀ + w₋₁ wᵀ and w₋₁ w₋₁ᵀ over the gap's transitions.
type muTerms struct {
	first    []float64 // K×K
	terms    []muTerm  // by gap: terms[gapStart[g]:gapStart[g+1]]
	gapStart []int32
}

// muTerm is one entry (i ≤ j) of a gap's a, b and c, with the positions
// i·K+j and j·K+i it adds to. Entries of knot 0, which μ = 0 fixes, are
// left out: the update never reads them.
type muTerm struct {
	at, mirror int32
	a, b, c    float64
}

func newMuTerms(dt *data) muTerms {
	nk := len(dt.knotDay)
	mt := muTerms{first: make([]float64, nk*nk)}
	weights := func(n int) (k int32, w float64) { return dt.nodeKnot[n], dt.nodeW[n] }
	type key struct{ g, i, j int32 }
	index := map[key]int{}
	var keys []key
	var vals [][3]float64
	add := func(g, i, j int32, which int, x float64) {
		if x == 0 || int(i) >= nk || int(j) >= nk {
			return
		}
		if i > j {
			i, j = j, i
		}
		kk := key{g, i, j}
		p, ok := index[kk]
		if !ok {
			p = len(keys)
			index[kk] = p
			keys = append(keys, kk)
			vals = append(vals, [3]float64{})
		}
		vals[p][which] += x
	}
	for s := 0; s+1 < len(dt.seriesStart); s++ {
		a, b := int(dt.seriesStart[s]), int(dt.seriesStart[s+1])
		k, w := weights(a)
		ws := [2]float64{1 - w, w}
		for x := range 2 {
			for y := range 2 {
				if int(k)+x < nk && int(k)+y < nk {
					mt.first[(int(k)+x)*nk+int(k)+y] += ws[x] * ws[y]
				}
			}
		}
		for n := a + 1; n < b; n++ {
			g := dt.nodeGap[n]
			k, w := weights(n)
			kp, wp := weights(n - 1)
			cur := [2]float64{1 - w, w}
			prev := [2]float64{1 - wp, wp}
			for x := range int32(2) {
				for y := range int32(2) {
					if k+x <= k+y { // w wᵀ is symmetric: each entry once
						add(g, k+x, k+y, 0, cur[x]*cur[y])
					}
					if kp+x <= kp+y {
						add(g, kp+x, kp+y, 2, prev[x]*prev[y])
					}
					// w w₋₁ᵀ + w₋₁ wᵀ: on the diagonal twice
					v := cur[x] * prev[y]
					if k+x == kp+y {
						v *= 2
					}
					add(g, k+x, kp+y, 1, v)
				}
			}
		}
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		a, b := keys[x], keys[y]
		return cmp.Or(cmp.Compare(a.g, b.g), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j))
	})
	mt.gapStart = make([]int32, len(dt.gapYears)+1)
	for _, o := range order {
		kk := keys[o]
		if kk.i == 0 {
			continue
		}
		at, mirror := kk.i*int32(nk)+kk.j, kk.j*int32(nk)+kk.i
		mt.terms = append(mt.terms, muTerm{at: at, mirror: mirror, a: vals[o][0], b: vals[o][1], c: vals[o][2]})
		mt.gapStart[kk.g+1]++
	}
	for g := 1; g < len(mt.gapStart); g++ {
		mt.gapStart[g] += mt.gapStart[g-1]
	}
	return mt
}
