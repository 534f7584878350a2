package latent

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
	"github.com/gradewalk/gradewalk/trend"
)

// Model is a fitted model: the posterior draws of its parameters and, for
// the kept draws, of every series' latent quality at every date it was
// observed. It is immutable and safe for concurrent use.
type Model struct {
	dt      *data
	set     *settings
	nParams int
	keepPer int
	params  [][]float64 // per chain: draws × nParams
	theta   [][]float32 // per chain: kept × named nodes
	// per kept draw, chain by chain: μ at the reference date and the
	// spread √(σ²+1) of the reference population's grades
	ref, spread []float64
	means       []float64 // posterior means of the parameters
	cw          *crosswalk.Crosswalk
	edgeDraws   map[*scale.Scale][][]float64
	diag        Diagnostics
}

// Point is where a series stood on a date, or where the population's mean
// μ stood at a knot: its position on the common ordinal (Mean, Lo90, Hi90)
// and on the latent scale (Latent, in units of the inspection noise's
// standard deviation, with μ = 0 at the first knot).
//
// The position of a latent quality θ on the common ordinal is
// Φ((θ - μ_ref)/√(σ²+1)): the share of the reference date's population
// that would be graded below θ's place, noise included, the same measure
// as the model's crosswalk bands. The population's mean at the reference
// date is at 0.5.
type Point struct {
	Date             time.Time
	Mean, Lo90, Hi90 float64
	Latent           trend.Estimate
}

// Change is the change of a series' latent quality between two of its
// dates, or of the population's mean between two dates: the model's
// reading of the change (trend.ModelChange, whose fields it promotes) and
// what it is a change of.
//
// PImproved is the posterior probability that the latent quality at To
// exceeds that at From (ties, which occur only when From and To are one
// date, count half). It carries every uncertainty the model knows of, so
// it has no interval of its own; PImprovedSE is its Monte Carlo standard
// error (0 when every draw agrees). Mean, Lo90 and Hi90 are the change of
// position on the common ordinal: per draw, the position at To minus the
// position at From (see [Point]); near the subject's position this is the
// latent change times the density of the reference population there, so
// it is in the common ordinal's units where the subject stands. Latent is
// the change of the latent quality itself, in units of the inspection
// noise's standard deviation. Direction is Improved when PImproved is at
// least Options.ImprovedAt, Declined when it is at most
// Options.DeclinedAt, Unchanged when From and To are one date, and
// Uncertain otherwise. Name and Basis name the model, as its crosswalk
// does.
type Change struct {
	// Subject and Area name the series; both are "" for the population.
	Subject, Area string
	From, To      time.Time
	trend.ModelChange
}

// Series is one series the model holds: one subject and area, or one
// subject when areas are pooled. The zero Series holds nothing.
type Series struct {
	Subject, Area string
	m             *Model
	index         int
}

func newModel(dt *data, set *settings, recs []chainRecord, nParams, keepPer int, elapsed time.Duration) *Model {
	m := &Model{dt: dt, set: set, nParams: nParams, keepPer: keepPer}
	for _, r := range recs {
		m.params = append(m.params, r.params)
		m.theta = append(m.theta, r.theta)
	}
	m.means = make([]float64, nParams)
	for _, ps := range m.params {
		for d := 0; d < set.draws; d++ {
			for p, v := range ps[d*nParams : (d+1)*nParams] {
				m.means[p] += v
			}
		}
	}
	for p := range m.means {
		m.means[p] /= float64(set.chains * set.draws)
	}
	for ch := range m.params {
		for j := range keepPer {
			ps := m.kept(ch, j)
			m.ref = append(m.ref, m.refMu(ps))
			s := ps[nParams-2]
			m.spread = append(m.spread, math.Sqrt(s*s+1))
		}
	}
	m.buildCrosswalk()
	m.diag = m.diagnose(elapsed)
	return m
}

// kept returns the parameters of chain ch's j-th kept draw.
func (m *Model) kept(ch, j int) []float64 {
	d := keptDraw(j, m.keepPer, m.set.draws)
	return m.params[ch][d*m.nParams : (d+1)*m.nParams]
}

// knotParam is the index of knot k (k ≥ 1) among the parameters.
func (m *Model) knotParam(k int) int { return m.dt.interiorCuts() + k - 1 }

// knot returns μ at knot k in the parameters ps.
func (m *Model) knot(ps []float64, k int) float64 {
	if k == 0 {
		return 0
	}
	return ps[m.knotParam(k)]
}

// muAt returns μ at day d (within the knots) in the parameters ps.
func (m *Model) muAt(ps []float64, d int32) float64 {
	k, w := m.dt.knotOf(d)
	v := m.knot(ps, int(k))
	if w != 0 {
		v = (1-w)*v + w*m.knot(ps, int(k)+1)
	}
	return v
}

func (m *Model) refMu(ps []float64) float64 { return m.muAt(ps, m.dt.refDay) }

// buildCrosswalk places every level of every scale fitted: the band of
// level ℓ runs from Φ((τ_{ℓ-1} - μ_ref)/√(σ²+1)) to Φ((τ_ℓ - μ_ref)/√(σ²+1))
// at the posterior means of τ, μ_ref and σ, and each kept draw gives the
// same edges at its own values.
func (m *Model) buildCrosswalk() {
	dt := m.dt
	ref := m.refMu(m.means)
	sigma := m.means[m.nParams-2]
	spread := math.Sqrt(sigma*sigma + 1)
	cuts := make(map[*scale.Scale][]float64, len(dt.scales))
	m.edgeDraws = make(map[*scale.Scale][][]float64, len(dt.scales))
	p := 0
	for _, s := range dt.scales {
		cuts[s] = edges(m.means[p:p+s.Len()-1], ref, spread)
		draws := make([][]float64, 0, len(m.ref))
		for ch := range m.params {
			for j := range m.keepPer {
				i := ch*m.keepPer + j
				draws = append(draws, edges(m.kept(ch, j)[p:p+s.Len()-1], m.ref[i], m.spread[i]))
			}
		}
		m.edgeDraws[s] = draws
		p += s.Len() - 1
	}
	desc := m.description()
	cw, err := crosswalk.FromCutPointDraws(desc, cuts, m.edgeDraws)
	if err != nil {
		// edges always gives valid cut points; reaching this is a bug.
		panic(fmt.Sprintf("latent: crosswalk from the model's cut points: %v", err))
	}
	m.cw = cw.Named(CrosswalkName, desc)
}

// CrosswalkName is the Name of every model's crosswalk
// ([crosswalk.Crosswalk.Name]), which names it among the linkings of a
// sensitivity check (trend.Linkings) and heads its column in the command
// line's -sensitivity; its basis names the model and its data.
const CrosswalkName = "latent"

// edges turns a scale's finite cut points into its cut points on the
// common ordinal: 0, Φ((τ - ref)/spread)..., 1, never decreasing.
func edges(tau []float64, ref, spread float64) []float64 {
	out := make([]float64, len(tau)+2)
	for i, t := range tau {
		out[i+1] = max(exactCDF((t-ref)/spread), out[i])
	}
	out[len(out)-1] = 1
	return out
}

// Crosswalk returns the model's crosswalk: each level of each scale fitted
// has the band of the reference population's grades, inspection noise
// included, that its cut points enclose, at their posterior means (see
// docs/model.md). Its intervals come from the kept posterior draws, joint
// across scales: [crosswalk.Crosswalk.BandInterval] is the 90% interval of
// each edge, and a comparison's PAboveLo and PAboveHi the 90% interval of
// PAbove over the draws. Scales not fitted are not covered.
func (m *Model) Crosswalk() *crosswalk.Crosswalk { return m.cw }

// CutPointDraws yields, for each scale fitted, the kept posterior draws of
// its cut points on the common ordinal: each draw holds s.Len()+1 values,
// 0 first and 1 last. The draws are joint: draw i of every scale comes
// from the same posterior draw. The slices are copies.
func (m *Model) CutPointDraws() iter.Seq2[*scale.Scale, [][]float64] {
	return func(yield func(*scale.Scale, [][]float64) bool) {
		for _, s := range m.dt.scales {
			draws := make([][]float64, len(m.edgeDraws[s]))
			for i, d := range m.edgeDraws[s] {
				draws[i] = slices.Clone(d)
			}
			if !yield(s, draws) {
				return
			}
		}
	}
}

// Scales yields the scales fitted, in ID order.
func (m *Model) Scales() iter.Seq[*scale.Scale] { return slices.Values(m.dt.scales) }

// description names the model, its data and its reference date, for its
// crosswalk's basis: "latent model, λ = 0.25, of 6 observations in 1
// series and 4 national distributions, 2009-10-01 to 2022-01-01,
// reference 2009-10-01". The crosswalk's String then reads "latent (a
// fitted model (latent model, …))".
func (m *Model) description() string {
	dt := m.dt
	cross := ""
	switch n := len(m.set.crossSections); n {
	case 0:
	case 1:
		cross = " and 1 national distribution"
	default:
		cross = fmt.Sprintf(" and %d national distributions", n)
	}
	return fmt.Sprintf("latent model, λ = %g, of %d observations in %d series%s, %s to %s, reference %s",
		m.set.lambda, dt.observations, dt.named, cross, day(dateOf(dt.firstDay)), day(dateOf(dt.lastDay)), day(dateOf(dt.refDay)))
}

// String names the model, the data and the reference date.
func (m *Model) String() string {
	dt, set := m.dt, m.set
	var b strings.Builder
	fmt.Fprintf(&b, "latent: ordered-probit model with AR(1) persistence (λ = %g) of %d observations in %d series",
		set.lambda, dt.observations, dt.named)
	if set.poolAreas {
		b.WriteString(" (areas pooled)")
	}
	fmt.Fprintf(&b, ", %s to %s", day(dateOf(dt.firstDay)), day(dateOf(dt.lastDay)))
	if n := len(set.crossSections); n > 0 {
		names := make([]string, n)
		for i, cs := range set.crossSections {
			names[i] = cs.Name
			if names[i] == "" {
				names[i] = cs.Scale.ID() + " " + day(cs.Date)
			}
		}
		fmt.Fprintf(&b, ", with %d anonymous subjects from %s", dt.crossSubjects, strings.Join(names, "; "))
	}
	ids := make([]string, len(dt.scales))
	for i, s := range dt.scales {
		ids[i] = s.ID()
	}
	fmt.Fprintf(&b, "; scales %s; %d chains of %d draws; common ordinal at the population of %s",
		strings.Join(ids, ", "), set.chains, set.draws, day(dateOf(dt.refDay)))
	return b.String()
}

// Reference returns the reference date: the population's mean there lies
// at 0.5 on the common ordinal.
func (m *Model) Reference() time.Time { return dateOf(m.dt.refDay) }

// Series yields every series the model holds, ordered by subject and then
// area. The anonymous subjects of cross-sections are not among them.
func (m *Model) Series() iter.Seq[Series] {
	return func(yield func(Series) bool) {
		for i := range m.dt.named {
			if !yield(Series{Subject: m.dt.subjects[i], Area: m.dt.areas[i], m: m, index: i}) {
				return
			}
		}
	}
}

// Lookup returns the series of subject and area; with pooled areas, area
// must be "". The error is a [*SeriesError] wrapping ErrUnknownSeries.
func (m *Model) Lookup(subject, area string) (Series, error) {
	dt := m.dt
	i, ok := slices.BinarySearchFunc(dt.subjects[:dt.named], subject, strings.Compare)
	for ; ok && i < dt.named && dt.subjects[i] == subject; i++ {
		if dt.areas[i] == area {
			return Series{Subject: subject, Area: area, m: m, index: i}, nil
		}
	}
	detail := ""
	if m.set.poolAreas && area != "" {
		detail = "areas are pooled: the area of every series is \"\""
	}
	return Series{}, &SeriesError{Subject: subject, Area: area, Err: ErrUnknownSeries, Detail: detail}
}

// Change returns the change of the series' latent quality from one date it
// was observed on to another (see [Series.Change]).
func (m *Model) Change(subject, area string, from, to time.Time) (Change, error) {
	s, err := m.Lookup(subject, area)
	if err != nil {
		return Change{}, err
	}
	return s.Change(from, to)
}

// Trajectory yields the series' position at each date it was observed on
// (see [Series.Trajectory]). The error is a [*SeriesError] for a series
// the model does not hold.
func (m *Model) Trajectory(subject, area string) (iter.Seq[Point], error) {
	s, err := m.Lookup(subject, area)
	if err != nil {
		return nil, err
	}
	return s.Trajectory(), nil
}

// nodes returns the series' first node and its number of nodes.
func (s Series) nodes() (first, n int) {
	if s.m == nil {
		return 0, 0
	}
	a, b := s.m.dt.seriesStart[s.index], s.m.dt.seriesStart[s.index+1]
	return int(a), int(b - a)
}

// Dates yields the dates the series was observed on, in order.
func (s Series) Dates() iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		a, n := s.nodes()
		for i := range n {
			if !yield(dateOf(s.m.dt.nodeDay[a+i])) {
				return
			}
		}
	}
}

// Trajectory yields the series' position at each date it was observed on,
// in date order: the posterior mean and 90% interval of its latent quality,
// on the common ordinal and on the latent scale.
func (s Series) Trajectory() iter.Seq[Point] {
	return func(yield func(Point) bool) {
		a, n := s.nodes()
		for i := range n {
			if !yield(s.m.point(a + i)) {
				return
			}
		}
	}
}

// point summarises node n's kept draws.
func (m *Model) point(n int) Point {
	nodes := m.dt.namedNodes
	return m.pointOf(dateOf(m.dt.nodeDay[n]), func(ch, j int) float64 { return float64(m.theta[ch][j*nodes+n]) })
}

// pointOf summarises a latent value, value(ch, j) in chain ch's j-th kept
// draw, on the latent scale and the common ordinal.
func (m *Model) pointOf(date time.Time, value func(ch, j int) float64) Point {
	lat := make([]float64, 0, len(m.ref))
	ord := make([]float64, 0, len(m.ref))
	for ch := range m.params {
		for j := range m.keepPer {
			i := ch*m.keepPer + j
			v := value(ch, j)
			lat = append(lat, v)
			ord = append(ord, exactCDF((v-m.ref[i])/m.spread[i]))
		}
	}
	o := estimate(ord)
	return Point{Date: date, Mean: o.Mean, Lo90: o.Lo90, Hi90: o.Hi90, Latent: estimate(lat)}
}

// changeDraws gives, per kept draw, the change of a latent value from
// from(ch, j) to to(ch, j), on the latent scale and the common ordinal.
func (m *Model) changeDraws(from, to func(ch, j int) float64) (lat, ord []float64) {
	lat = make([]float64, 0, len(m.ref))
	ord = make([]float64, 0, len(m.ref))
	for ch := range m.params {
		for j := range m.keepPer {
			i := ch*m.keepPer + j
			va, vb := from(ch, j), to(ch, j)
			lat = append(lat, vb-va)
			ord = append(ord, exactCDF((vb-m.ref[i])/m.spread[i])-exactCDF((va-m.ref[i])/m.spread[i]))
		}
	}
	return lat, ord
}

// estimate summarises draws: their mean and central 90% interval.
func estimate(xs []float64) trend.Estimate {
	mean := 0.0
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	slices.Sort(xs)
	return trend.Estimate{Mean: mean, Lo90: sortedQuantile(xs, 0.05), Hi90: sortedQuantile(xs, 0.95)}
}

// node returns the node of the series observed on t's day.
func (s Series) node(t time.Time) (int, error) {
	a, n := s.nodes()
	if s.m == nil {
		return 0, &SeriesError{Subject: s.Subject, Area: s.Area, Err: ErrUnknownSeries}
	}
	d := dayOf(t)
	days := s.m.dt.nodeDay[a : a+n]
	if i, ok := slices.BinarySearch(days, int32(max(min(d, dayLimit), -dayLimit))); ok && int64(days[i]) == d {
		return a + i, nil
	}
	return 0, &SeriesError{Subject: s.Subject, Area: s.Area, Date: t, Dates: slices.Collect(s.Dates()), Err: ErrUnknownDate}
}

// Change returns the change of the series' latent quality from date from
// to date to, both dates it was observed on (any time of day; the model
// works in days). Another date is a [*SeriesError] wrapping
// ErrUnknownDate that lists the dates there are. from may come after to;
// the change is then the other way round.
func (s Series) Change(from, to time.Time) (Change, error) {
	a, err := s.node(from)
	if err != nil {
		return Change{}, err
	}
	b, err := s.node(to)
	if err != nil {
		return Change{}, err
	}
	return s.m.change(s.Subject, s.Area, from, to, a, b), nil
}

// Steps yields the changes between consecutive dates of the series, in
// date order: n-1 of them for n dates.
func (s Series) Steps() iter.Seq[Change] {
	return func(yield func(Change) bool) {
		a, n := s.nodes()
		for i := 1; i < n; i++ {
			from, to := dateOf(s.m.dt.nodeDay[a+i-1]), dateOf(s.m.dt.nodeDay[a+i])
			if !yield(s.m.change(s.Subject, s.Area, from, to, a+i-1, a+i)) {
				return
			}
		}
	}
}

// Overall returns the change from the series' first date to its last; ok
// is false when it was observed on one date only.
func (s Series) Overall() (c Change, ok bool) {
	a, n := s.nodes()
	if n < 2 {
		return Change{}, false
	}
	from, to := dateOf(s.m.dt.nodeDay[a]), dateOf(s.m.dt.nodeDay[a+n-1])
	return s.m.change(s.Subject, s.Area, from, to, a, a+n-1), true
}

// change summarises the kept draws of the change from node a to node b.
func (m *Model) change(subject, area string, from, to time.Time, a, b int) Change {
	nodes := m.dt.namedNodes
	theta := func(n int) func(ch, j int) float64 {
		return func(ch, j int) float64 { return float64(m.theta[ch][j*nodes+n]) }
	}
	lat, ord := m.changeDraws(theta(a), theta(b))
	return m.summariseChange(subject, area, from, to, lat, ord, a == b)
}

// summariseChange turns draws of a latent change (and of the change of
// position on the common ordinal) into a Change.
func (m *Model) summariseChange(subject, area string, from, to time.Time, lat, ord []float64, same bool) Change {
	ind := make([][]float64, len(m.theta))
	sum := 0.0
	for ch := range ind {
		ind[ch] = make([]float64, m.keepPer)
		for j := range m.keepPer {
			d := lat[ch*m.keepPer+j]
			switch {
			case d > 0:
				ind[ch][j] = 1
			case d == 0:
				ind[ch][j] = 0.5
			}
			sum += ind[ch][j]
		}
	}
	p := sum / float64(len(lat))
	se := 0.0
	if ess := basicESS(ind); ess > 0 && !math.IsNaN(ess) {
		_, v := meanVar(slices.Concat(ind...))
		se = math.Sqrt(v / ess)
	}
	o := estimate(ord)
	c := Change{Subject: subject, Area: area, From: from, To: to, ModelChange: trend.ModelChange{
		Name: m.cw.Name(), Basis: m.cw.Basis(),
		PImproved: p, PImprovedSE: se, Mean: o.Mean, Lo90: o.Lo90, Hi90: o.Hi90, Latent: estimate(lat)}}
	switch {
	case same:
		c.Direction = trend.Unchanged
	case p >= m.set.improvedAt:
		c.Direction = trend.Improved
	case p <= m.set.declinedAt:
		c.Direction = trend.Declined
	default:
		c.Direction = trend.Uncertain
	}
	return c
}

// Population yields the population's mean μ at each knot of its trend
// (the first day of each year, from the first year observed to the end of
// the last), with its posterior mean and 90% interval on the common
// ordinal and on the latent scale. This is the trend a crosswalk counted
// from the grades cannot show.
func (m *Model) Population() iter.Seq[Point] {
	return func(yield func(Point) bool) {
		for _, d := range m.dt.knotDay {
			if !yield(m.populationAt(d)) {
				return
			}
		}
	}
}

// PopulationAt returns the population's mean on date t, which must lie
// within the knots; otherwise the error wraps ErrOutOfRange.
func (m *Model) PopulationAt(t time.Time) (Point, error) {
	d, err := m.knotSpan(t)
	if err != nil {
		return Point{}, err
	}
	return m.populationAt(d), nil
}

func (m *Model) knotSpan(t time.Time) (int32, error) {
	d := dayOf(t)
	k := m.dt.knotDay
	if d < int64(k[0]) || d > int64(k[len(k)-1]) {
		return 0, fmt.Errorf("latent: population on %s: %w (%s to %s)", day(t), ErrOutOfRange,
			day(dateOf(k[0])), day(dateOf(k[len(k)-1])))
	}
	return int32(d), nil
}

func (m *Model) populationAt(d int32) Point {
	return m.pointOf(dateOf(d), m.muOn(d))
}

// muOn gives μ on day d in a kept draw.
func (m *Model) muOn(d int32) func(ch, j int) float64 {
	return func(ch, j int) float64 { return m.muAt(m.kept(ch, j), d) }
}

// PopulationOver returns the population's mean μ averaged over a span of
// days, from the start of day from to the end of day to (a calendar year,
// say, as trend.Period holds it), on the common ordinal and the latent
// scale. μ is linear between its yearly knots, so over one calendar year
// the average is μ in the middle of the year. The part of the span outside
// the knots is left out: the average is over the days within them, and
// Point.Date is the middle of those days. A span with no day within the
// knots, or that ends before it begins, is an error wrapping
// ErrOutOfRange.
func (m *Model) PopulationOver(from, to time.Time) (Point, error) {
	k := m.dt.knotDay
	a := max(dayOf(from), int64(k[0]))
	b := min(dayOf(to)+1, int64(k[len(k)-1])) // the end of day to
	if a > b || dayOf(from) > dayOf(to) {
		return Point{}, fmt.Errorf("latent: population from %s to %s: %w (%s to %s)", day(from), day(to), ErrOutOfRange,
			day(dateOf(k[0])), day(dateOf(k[len(k)-1])))
	}
	lo, hi := int32(a), int32(b)
	mid := dateOf(lo).Add(time.Duration(hi-lo) * 12 * time.Hour)
	return m.pointOf(mid, func(ch, j int) float64 { return m.meanMu(m.kept(ch, j), lo, hi) }), nil
}

// meanMu is the mean of μ over the days from lo to hi, within the knots,
// in the parameters ps: the integral of a piecewise linear function,
// segment by segment, over its length; μ(lo) when lo is hi.
func (m *Model) meanMu(ps []float64, lo, hi int32) float64 {
	if lo == hi {
		return m.muAt(ps, lo)
	}
	sum := 0.0
	x0, y0 := lo, m.muAt(ps, lo)
	for _, d := range m.dt.knotDay {
		if d <= lo || d >= hi {
			continue
		}
		y := m.muAt(ps, d)
		sum += (y0 + y) / 2 * float64(d-x0)
		x0, y0 = d, y
	}
	sum += (y0 + m.muAt(ps, hi)) / 2 * float64(hi-x0)
	return sum / float64(hi-lo)
}

// PopulationChange returns the change of the population's mean from one
// date to another, both within the knots; Subject and Area are "".
func (m *Model) PopulationChange(from, to time.Time) (Change, error) {
	a, err := m.knotSpan(from)
	if err != nil {
		return Change{}, err
	}
	b, err := m.knotSpan(to)
	if err != nil {
		return Change{}, err
	}
	lat, ord := m.changeDraws(m.muOn(a), m.muOn(b))
	return m.summariseChange("", "", from, to, lat, ord, a == b), nil
}
