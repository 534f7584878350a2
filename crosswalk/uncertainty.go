package crosswalk

import (
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

// ErrNoSampleSize is wrapped by the error of [Crosswalk.EquateSE] when a
// scale's bands did not come from counts ([Default], [FromCutPoints], cut
// points in a file), so that there is no sample size to give a standard
// error.
var ErrNoSampleSize = errors.New("the crosswalk has no counts for the scale, so no sample size")

// EquateSE returns the standard error of the equipercentile equivalent that
// [Crosswalk.Equate] returns for g on to, in to's level units, under a
// random-groups design: Kolen and Brennan, Test Equating, Scaling, and
// Linking (2nd ed., 2004), p. 248, the delta-method approximation they
// attribute to Lord (1982).
//
// With P the percentile rank of g as a proportion (the middle of its band),
// G(k) the cumulative proportion of to through level k (G(0) = 0), i the
// smallest level with G(i) > P, g = G(i) − G(i−1), and N_x, N_y the sums of
// the counts of g's scale and of to,
//
//	SE² = [P(1−P)(N_x+N_y)/(N_x·N_y) − (G(i)−P)(P−G(i−1))/(N_y·g)] / g²
//
// EquateSE returns 0 when P is 1 or SE² is not positive.
//
// Both scales must have been given as counts (see [FromDistributions]):
// counts are read as counts of graded units, so proportions or percentages
// give meaningless standard errors. Otherwise the error wraps
// [ErrNoSampleSize]; an uncovered scale gives [ErrNotCovered] and an
// invalid grade [ErrInvalidGrade].
func (c *Crosswalk) EquateSE(g grade.Grade, to *scale.Scale) (float64, error) {
	c = c.orDefault()
	if !g.IsValid() {
		return 0, ErrInvalidGrade
	}
	if to == nil {
		return 0, &ScaleError{Scale: to.String(), Err: ErrNotCovered}
	}
	if !c.dataDriven() {
		return 0, &ScaleError{Scale: g.Scale().ID(), Err: ErrNoSampleSize, Detail: "the " + c.name + " crosswalk is not built from counts"}
	}
	ix, err := c.coverageOf(g.Scale())
	if err != nil {
		return 0, err
	}
	iy, err := c.coverageOf(to)
	if err != nil {
		return 0, err
	}
	x, y := &c.covs[ix], &c.covs[iy]
	for _, cov := range []*coverage{x, y} {
		if cov.counts == nil {
			return 0, &ScaleError{Scale: cov.scale.ID(), Err: ErrNoSampleSize, Detail: "the scale was given as cut points, not counts"}
		}
	}
	k := g.Rank()
	p := (x.cuts[k-1] + x.cuts[k]) / 2
	return equateSE(p, y.cuts, x.total, y.total), nil
}

// equateSE is the formula of EquateSE for a percentile rank p, the target's
// cut points G and the two sample sizes.
func equateSE(p float64, G []float64, nx, ny float64) float64 {
	if p >= 1 {
		return 0
	}
	// The smallest i with G(i) > P. A cut point within rounding of P is
	// P itself: G(i) = P exactly when P falls on a cut.
	i := 1
	for i < len(G)-1 && G[i] <= p+flatTolerance {
		i++
	}
	if G[i] <= p+flatTolerance {
		return 0
	}
	gi := G[i] - G[i-1]
	above, below := G[i]-p, max(0, p-G[i-1])
	se2 := (p*(1-p)*(nx+ny)/(nx*ny) - above*below/(ny*gi)) / (gi * gi)
	if !(se2 > 0) {
		return 0
	}
	return math.Sqrt(se2)
}

// BandInterval is how far sampling variation in the counts could move a
// grade's band: the central 90% intervals of the band's lower and upper
// edges on the common ordinal. See [Crosswalk.BandInterval].
type BandInterval struct {
	// Lo is the interval of the band's lower edge, Hi that of its upper
	// edge. Each is written as a Band: Lo.Lo ≤ Lo.Hi and Hi.Lo ≤ Hi.Hi.
	Lo Band `json:"lo"`
	Hi Band `json:"hi"`
}

// Outer returns the span from the lowest end of the lower edge's interval
// to the highest end of the upper edge's: everywhere the band reaches in
// the central 90% of the draws of either edge.
func (b BandInterval) Outer() Band { return Band{b.Lo.Lo, b.Hi.Hi} }

// pointInterval is the BandInterval of a band known exactly.
func pointInterval(b Band) BandInterval {
	return BandInterval{Lo: Band{b.Lo, b.Lo}, Hi: Band{b.Hi, b.Hi}}
}

// BandInterval returns the central 90% intervals of the edges of g's band
// over the sampling variation in the counts of a data-driven crosswalk. The
// draws are those behind [Comparison.PAboveLo] and [Comparison.PAboveHi]:
// 4,000 draws of the proportions of g's scale from the Jeffreys posterior
// Dirichlet(counts + ½), from a fixed seed, so the same counts always give
// the same intervals. The lower edge of the worst level is always 0 and the
// upper edge of the best always 1.
//
// When the crosswalk has no counts for g's scale ([Default], a nil
// crosswalk, [FromCutPoints], cut points in a file), each interval is the
// point band's edge. A level never awarded has a zero-width band, but its
// draws give it a small share, so its intervals need not contain the point
// edges.
//
// The intervals are computed once per level per crosswalk and cached; the
// cache is safe for concurrent use. An uncovered scale gives an error
// wrapping [ErrNotCovered], and an invalid grade [ErrInvalidGrade].
func (c *Crosswalk) BandInterval(g grade.Grade) (BandInterval, error) {
	c = c.orDefault()
	if !c.dataDriven() {
		b, err := c.Band(g)
		if err != nil {
			return BandInterval{}, err
		}
		return pointInterval(b), nil
	}
	i, err := c.coverageOf(g.Scale())
	if err != nil {
		return BandInterval{}, err
	}
	cov, k := &c.covs[i], g.Rank()
	if cov.counts == nil {
		return pointInterval(Band{cov.cuts[k-1], cov.cuts[k]}), nil
	}
	return c.intervals.bandInterval(c, i, k), nil
}

// Interval settings. The interval of PAbove is the central 90% of PAbove
// over intervalDraws draws of each scale's proportions from the Jeffreys
// posterior Dirichlet(counts + ½), from PCG streams with fixed seeds.
const (
	intervalDraws = 4000
	intervalLevel = 0.90
	intervalSeed  = 0x6772616465776c6b // "gradewlk"
	// intervalDigits is 10 to the number of decimals the interval's ends
	// keep (nine): far finer than the Monte Carlo error (about 0.005), and
	// coarse enough that differences in the last bits of floating-point
	// functions between platforms do not show.
	intervalDigits = 1e9
)

// intervals caches the interval of PAbove for each pair of levels of a
// data-driven crosswalk's counted scales that has been asked for, and the
// draws and band intervals behind them. It is shared by crosswalks that have
// the same bands (WithEquivalences), and is safe for concurrent use.
//
// Levels are numbered across the crosswalk's scales, in the order of their
// IDs: level k of covs[i] is offsets[i]+k-1. Memory grows with what is
// asked, not with the square of the number of levels: a pair u < v is kept
// in the row of u, which is allocated when the first pair in it is asked for
// and holds one entry for each level of the scales after u's.
type intervals struct {
	offsets []int // offsets[i] is the number of levels of the scales whose IDs sort before covs[i]'s
	levels  int   // the number of levels of all the scales
	// rows[u] holds the pairs of level u with later levels, once one is asked for.
	rows []atomic.Pointer[pairRow]
	// bands holds the intervals of the edges of each level's band.
	bands []bandEntry
	// draws holds the draws of covs[i]'s proportions at i.
	draws []drawEntry
}

type bandEntry struct {
	once sync.Once // sets iv
	iv   BandInterval
}

// pairRow holds the intervals of one level u against the levels from start
// on, those of the scales whose IDs sort after u's.
type pairRow struct {
	start   int
	mu      sync.Mutex // held while an entry is computed
	entries []pairEntry
}

type pairEntry struct {
	ready  atomic.Bool // lo and hi are set
	lo, hi float64
}

// newIntervals returns the cache for c, or nil when no scale of c has counts.
func newIntervals(c *Crosswalk) *intervals {
	if !slices.ContainsFunc(c.covs, func(cov coverage) bool { return cov.counts != nil }) {
		return nil
	}
	// Levels are numbered in the order of the scales' IDs, not the order
	// they were added, so that the pair computed (A against B, with A's ID
	// first) and so the bits of every interval do not depend on the order
	// of construction.
	byID := make([]int, len(c.covs))
	for i := range byID {
		byID[i] = i
	}
	slices.SortFunc(byID, func(i, j int) int { return strings.Compare(c.covs[i].scale.ID(), c.covs[j].scale.ID()) })
	iv := &intervals{offsets: make([]int, len(c.covs))}
	for _, i := range byID {
		iv.offsets[i] = iv.levels
		iv.levels += len(c.covs[i].cuts) - 1
	}
	iv.rows = make([]atomic.Pointer[pairRow], iv.levels)
	iv.bands = make([]bandEntry, iv.levels)
	iv.draws = make([]drawEntry, len(c.covs))
	return iv
}

// interval returns the interval of PAbove for level ka of covs[ia] against
// level kb of covs[ib], two different scales with counts. Once a pair's
// interval is known, it costs two atomic loads.
func (iv *intervals) interval(c *Crosswalk, ia, ka, ib, kb int) (lo, hi float64) {
	u, v := iv.offsets[ia]+ka-1, iv.offsets[ib]+kb-1
	mirrored := u > v // the cache holds B against A
	if mirrored {
		ia, ka, u, ib, kb, v = ib, kb, v, ia, ka, u
	}
	if r := iv.rows[u].Load(); r != nil && r.entries[v-r.start].ready.Load() {
		lo, hi = r.entries[v-r.start].lo, r.entries[v-r.start].hi
	} else {
		lo, hi = iv.fill(c, ia, ka, u, ib, kb, v)
	}
	if mirrored {
		// Rounded as the ends are, so that 1 - 0.986308412 is 0.013691588,
		// not 0.013691588000000032.
		return roundInterval(1 - hi), roundInterval(1 - lo)
	}
	return lo, hi
}

// fill computes the interval of level u (level ka of covs[ia]) against
// level v > u (level kb of covs[ib]) once, however many goroutines ask at
// once: the row's lock is held while one of its entries is computed, so
// pairs of other rows are computed in parallel. The row is allocated here
// on first use.
func (iv *intervals) fill(c *Crosswalk, ia, ka, u, ib, kb, v int) (lo, hi float64) {
	r := iv.rows[u].Load()
	if r == nil {
		start := iv.offsets[ia] + len(c.covs[ia].cuts) - 1 // the first level after A's scale
		r = &pairRow{start: start, entries: make([]pairEntry, iv.levels-start)}
		if !iv.rows[u].CompareAndSwap(nil, r) { // another goroutine stored one first
			r = iv.rows[u].Load()
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e := &r.entries[v-r.start]
	if !e.ready.Load() {
		e.lo, e.hi = iv.drawInterval(c, ia, ka, ib, kb)
		e.ready.Store(true)
	}
	return e.lo, e.hi
}

// drawInterval computes the interval of PAbove for level ka of covs[ia]
// against level kb of covs[ib] from the two scales' draws.
func (iv *intervals) drawInterval(c *Crosswalk, ia, ka, ib, kb int) (lo, hi float64) {
	dx, dy := iv.drawsOf(c, ia), iv.drawsOf(c, ib)
	ps := make([]float64, intervalDraws)
	for i := range ps {
		_, ps[i] = relation(dx.band(i, ka), dy.band(i, kb))
	}
	return centralInterval(ps)
}

// centralInterval returns the central intervalLevel interval of xs,
// rounded. It reorders xs.
func centralInterval(xs []float64) (lo, hi float64) {
	tail := (1 - intervalLevel) / 2
	return roundInterval(quantile(xs, tail)), roundInterval(quantile(xs, 1-tail))
}

// bandInterval returns the intervals of the edges of the band of level k of
// covs[i], a scale with counts. Once known, they cost an atomic load.
func (iv *intervals) bandInterval(c *Crosswalk, i, k int) BandInterval {
	e := &iv.bands[iv.offsets[i]+k-1]
	e.once.Do(func() { e.iv = drawBandInterval(iv.drawsOf(c, i), k) })
	return e.iv
}

// drawBandInterval computes the intervals of the edges of the band of level
// k from the draws of its scale, those that the intervals of PAbove use.
func drawBandInterval(d *scaleDraws, k int) BandInterval {
	los, his := make([]float64, intervalDraws), make([]float64, intervalDraws)
	for i := range los {
		b := d.band(i, k)
		los[i], his[i] = b.Lo, b.Hi
	}
	var bi BandInterval
	bi.Lo.Lo, bi.Lo.Hi = centralInterval(los)
	bi.Hi.Lo, bi.Hi.Hi = centralInterval(his)
	return bi
}

// maxCachedLevels is the largest number of levels of a scale whose draws
// are kept: they take intervalDraws·8 bytes (32 KiB) per level, so a scale
// of up to 64 levels keeps at most 2 MiB. A larger scale is drawn again,
// one draw at a time, for each interval that needs it. It is a variable only
// so that a test can send every scale down the streaming path.
var maxCachedLevels = 64

// drawsOf returns the draws of covs[i], a scale with counts. For a scale of
// up to maxCachedLevels levels they are made once per crosswalk (and per
// crosswalk sharing its bands) and shared by every pair of levels and every
// BandInterval, since they depend on the scale alone; for a larger scale
// the result is a new stream that must be read once, draw by draw, in order.
func (iv *intervals) drawsOf(c *Crosswalk, i int) *scaleDraws {
	cov := &c.covs[i]
	if len(cov.counts) > maxCachedLevels {
		return newDrawStream(cov)
	}
	e := &iv.draws[i]
	e.once.Do(func() {
		s := newDrawStream(cov)
		d := &scaleDraws{n: s.n, cum: make([]float64, intervalDraws*s.n)}
		for j := range intervalDraws {
			s.draw(d.cum[j*s.n : (j+1)*s.n])
		}
		e.d = d
	})
	return e.d
}

// drawEntry holds the draws of one scale, made on first use.
type drawEntry struct {
	once sync.Once // sets d
	d    *scaleDraws
}

// scaleDraws are intervalDraws draws of a scale's proportions, each a row of
// n running sums of gamma variates: the band of level k is [row[k-2],
// row[k-1]] over the total row[n-1], the same sums in the same order as
// drawing that band on its own. Either all rows are kept in cum, or, when
// rng is set, the rows are drawn one after the other into cum as they are
// read.
type scaleDraws struct {
	n      int
	cum    []float64
	rng    *rand.Rand
	counts []float64
}

// newDrawStream returns the draws of cov's proportions as a stream, from
// the scale's own PCG stream, seeded by its ID: the same draws whichever
// pair asks.
func newDrawStream(cov *coverage) *scaleDraws {
	h := fnv.New64a()
	h.Write([]byte(cov.scale.ID()))
	n := len(cov.counts)
	return &scaleDraws{n: n, cum: make([]float64, n),
		rng: rand.New(rand.NewPCG(intervalSeed, h.Sum64())), counts: cov.counts}
}

// row returns the running sums of draw i. A stream draws the next one,
// whatever i is: it must be read in order.
func (d *scaleDraws) row(i int) []float64 {
	if d.rng == nil {
		return d.cum[i*d.n : (i+1)*d.n]
	}
	d.draw(d.cum)
	return d.cum
}

// draw writes the running sums of a stream's next draw to row.
func (d *scaleDraws) draw(row []float64) {
	sum := 0.0
	for j, c := range d.counts {
		sum += gammaVariate(d.rng, c+0.5)
		row[j] = sum
	}
}

// band returns the band of level k in draw i.
func (d *scaleDraws) band(i, k int) Band {
	row := d.row(i)
	below := 0.0
	if k > 1 {
		below = row[k-2]
	}
	total := row[d.n-1]
	return Band{below / total, row[k-1] / total}
}

// gammaVariate draws from Gamma(shape, 1) by Marsaglia and Tsang's method
// ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000),
// with their boost U^(1/shape) for shapes below 1.
func gammaVariate(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		u := rng.Float64()
		return gammaVariate(rng, shape+1) * math.Pow(u, 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := rng.NormFloat64()
		v := 1 + float64(c*x)
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := rng.Float64()
		x2 := float64(x * x)
		if u < 1-float64(0.0331*float64(x2*x2)) {
			return d * v
		}
		if math.Log(u) < float64(0.5*x2)+float64(d*(1-v+math.Log(v))) {
			return d * v
		}
	}
}

// quantile returns the q-quantile of xs, interpolating between order
// statistics (Hyndman and Fan's type 7, R's default). It finds the two order
// statistics it needs by selection rather than sorting all of xs, which it
// reorders; they are the values a sort would put there, so the result is the
// same to the bit.
func quantile(xs []float64, q float64) float64 {
	h := q * float64(len(xs)-1)
	i := int(h)
	if i >= len(xs)-1 {
		return selectNth(xs, len(xs)-1)
	}
	lo := selectNth(xs, i)
	hi := slices.Min(xs[i+1:]) // all at least lo, after selectNth
	return lo + (h-float64(i))*(hi-lo)
}

// selectNth reorders xs so that xs[n] is the value a sort would put there,
// with none greater before it and none smaller after it, and returns it
// (xs holds no NaN). It is quickselect with a median-of-three pivot and a
// three-way partition, so that runs of equal values (a level never awarded,
// a relation that holds in every draw) cost no more than distinct ones.
func selectNth(xs []float64, n int) float64 {
	lo, hi := 0, len(xs) // xs[n] is within xs[lo:hi]
	for hi-lo > 1 {
		a, b, c := xs[lo], xs[lo+(hi-lo)/2], xs[hi-1]
		pivot := max(min(a, b), min(max(a, b), c))
		// xs[lo:lt] < pivot, xs[lt:i] == pivot, xs[gt:hi] > pivot.
		lt, i, gt := lo, lo, hi
		for i < gt {
			switch x := xs[i]; {
			case x < pivot:
				xs[lt], xs[i] = x, xs[lt]
				lt++
				i++
			case x > pivot:
				gt--
				xs[i], xs[gt] = xs[gt], x
			default:
				i++
			}
		}
		switch {
		case n < lt:
			hi = lt
		case n >= gt:
			lo = gt
		default:
			return pivot
		}
	}
	return xs[n]
}

func roundInterval(p float64) float64 {
	return clamp01(math.Round(p*intervalDigits) / intervalDigits)
}
