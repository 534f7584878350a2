package crosswalk

import (
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
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
// random-groups design: the delta-method standard error for discrete
// scores, derived in docs/crosswalk.md. It is [Crosswalk.EquateSENote]
// without the note; read the note where a grade may sit near a jump of the
// equating, where every analytic standard error understates.
func (c *Crosswalk) EquateSE(g grade.Grade, to *scale.Scale) (float64, error) {
	se, _, err := c.EquateSENote(g, to)
	return se, err
}

// SENote says where an analytic standard error of equating is known to be
// unreliable. The zero SENote means no such place: there the standard error
// agrees with a bootstrap of the counts (within 10% in gradewalk's tests).
type SENote uint8

const (
	// NearCut: the grade's percentile rank lies on a cut point of the
	// target scale, or so near one that resampled counts often put it
	// across (see maxCrossing), where the equating bends: the equivalent
	// then falls on either side, with different slopes, and the delta
	// method, which sees one slope, can be off by half or more either way.
	NearCut SENote = iota + 1
	// NextToEmptyLevel: the level of the target that the equivalent falls
	// in has a neighbour nobody was awarded, so that the equating jumps
	// across it when resampled counts cross the cut between them; the
	// analytic standard error then understates, by up to several times.
	NextToEmptyLevel
	// FewInTargetLevel: the level of the target that the equivalent falls
	// in holds so few units that its share has a relative standard error
	// above a fifth; the equivalent varies as one over that share, more
	// than the delta method's straight line, and the analytic standard
	// error understates.
	FewInTargetLevel
)

// maxShareCV is the relative standard error of the target level's share
// above which FewInTargetLevel applies.
const maxShareCV = 0.2

var seNoteNames = [...]string{0: "", NearCut: "near a cut point of the target", NextToEmptyLevel: "next to a level never awarded",
	FewInTargetLevel: "few units in the target level"}

// String says where the standard error is unreliable, or "" for the zero
// SENote.
func (n SENote) String() string {
	if int(n) < len(seNoteNames) {
		return seNoteNames[n]
	}
	return "invalid note"
}

// maxCrossing bounds the chance that a resample puts the percentile rank
// across a cut of the level it falls in, weighted by the square of how much
// steeper the equating is beyond the cut: above it, NearCut applies. It is
// about 1.6 standard errors for a cut between levels of equal shares, and
// further where the level beyond is thinner.
const maxCrossing = 0.05

// minSampleSize is the smallest sum of counts that EquateSE reads as a
// sample: below one graded unit the counts are not counts, and the
// standard error would grow without bound.
const minSampleSize = 1

// EquateSENote returns the standard error of [Crosswalk.Equate]'s
// equivalent of g on to, and a note when the grade sits where analytic
// standard errors understate.
//
// With P the percentile rank of g as a proportion (the middle of its band),
// f the proportion of g's own level, G(k) the cumulative proportion of to
// through level k (G(0) = 0), i the smallest level with G(i) > P,
// q = G(i) − G(i−1), and N_x, N_y the sums of the counts of g's scale and
// of to,
//
//	SE² = [ (P(1−P) − f/4) / N_x  +  (P(1−P) − (G(i)−P)(P−G(i−1))/q) / N_y ] / q²
//
// The first term is the sampling variance of the source's percentile rank,
// which for a discrete score is P(1−P) − f/4, not the P(1−P) of a
// continuous one; the second is that of the target's continuised inverse.
// Kolen and Brennan's formula (Test Equating, Scaling, and Linking, 2nd
// ed., 2004, p. 248) omits −f/4, and is the limit of this one as the source
// has many score points, each rare; on grade scales of two to seven levels
// it overstates the standard error by a quarter or more.
//
// EquateSENote returns 0 when P is 1 (every resampled equivalent is then
// the top of to's range). Both scales must have been given as counts (see
// [FromDistributions]) summing to at least one; otherwise the error wraps
// [ErrNoSampleSize]. An uncovered scale gives [ErrNotCovered] and an
// invalid grade [ErrInvalidGrade]. The result is always finite.
func (c *Crosswalk) EquateSENote(g grade.Grade, to *scale.Scale) (float64, SENote, error) {
	c = c.orDefault()
	if !g.IsValid() {
		return 0, 0, ErrInvalidGrade
	}
	if to == nil {
		return 0, 0, &ScaleError{Scale: to.String(), Err: ErrNotCovered}
	}
	if !c.dataDriven() {
		return 0, 0, &ScaleError{Scale: g.Scale().ID(), Err: ErrNoSampleSize, Detail: "the " + c.short + " crosswalk is not built from counts"}
	}
	ix, err := c.coverageOf(g.Scale())
	if err != nil {
		return 0, 0, err
	}
	iy, err := c.coverageOf(to)
	if err != nil {
		return 0, 0, err
	}
	x, y := &c.covs[ix], &c.covs[iy]
	for _, cov := range []*coverage{x, y} {
		switch {
		case cov.counts == nil:
			return 0, 0, &ScaleError{Scale: cov.scale.ID(), Err: ErrNoSampleSize, Detail: "the scale was given as cut points, not counts"}
		case cov.total < minSampleSize:
			return 0, 0, &ScaleError{Scale: cov.scale.ID(), Err: ErrNoSampleSize,
				Detail: "its counts sum to " + strconv.FormatFloat(cov.total, 'g', 6, 64) + ", less than one graded unit"}
		}
	}
	k := g.Rank()
	lo, hi := x.cuts[k-1], x.cuts[k]
	se, note := equateSE((lo+hi)/2, hi-lo, y.cuts, y.counts, x.total, y.total)
	return se, note, nil
}

// equateSE is the formula of EquateSENote for a percentile rank p, the
// proportion f of the source's level, the target's cut points G and counts,
// and the two sample sizes.
func equateSE(p, f float64, G, counts []float64, nx, ny float64) (float64, SENote) {
	if p >= 1 {
		return 0, 0
	}
	// The smallest i with G(i) > P. A cut point within rounding of P is
	// P itself: G(i) = P exactly when P falls on a cut.
	n := len(G) - 1
	i := 1
	for i < n && G[i] <= p+flatTolerance {
		i++
	}
	if G[i] <= p+flatTolerance {
		return 0, 0
	}
	q := G[i] - G[i-1]
	above, below := G[i]-p, max(0, p-G[i-1])
	varX := max(0, p*(1-p)-f/4) / nx
	varY := max(0, p*(1-p)-above*below/q) / ny
	// One note, the most severe that applies: a level never awarded next
	// door, then a cut within reach, then a thin target level.
	var note SENote
	if math.Sqrt((1-q)/(q*ny)) > maxShareCV {
		note = FewInTargetLevel
	}
	// The two cuts around level i, each with the level across it: below
	// cut i-1 lies level i-1, above cut i level i+1.
	for _, cut := range [2][2]int{{i - 1, i - 1}, {i, i + 1}} {
		j, across := cut[0], cut[1]
		if j < 1 || j >= n {
			continue
		}
		// P − G(j) varies with both samples: P's variance and G(j)'s. The
		// chance that a resample crosses the cut, weighted by how much
		// steeper the equating is beyond it, says how far off the straight
		// line of the delta method is.
		d := math.Abs(G[j] - p)
		sd := math.Sqrt(varX + G[j]*(1-G[j])/ny)
		qa := G[across] - G[across-1]
		cross := 0.5 * math.Erfc(d/sd/math.Sqrt2)
		if d <= flatTolerance || (qa > 0 && cross*max(1, (q/qa)*(q/qa)) > maxCrossing) {
			note = NearCut
		}
	}
	if (i > 1 && counts[i-2] == 0) || (i < n && counts[i] == 0) {
		note = NextToEmptyLevel
	}
	se := math.Sqrt(varX+varY) / q
	if math.IsInf(se, 0) || math.IsNaN(se) {
		return 0, note // not reached: q > flatTolerance and nx, ny ≥ 1
	}
	return se, note
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
	if !cov.hasDraws() {
		return pointInterval(Band{cov.cuts[k-1], cov.cuts[k]}), nil
	}
	return c.intervals.bandInterval(c, i, k), nil
}

// Interval settings. The interval of PAbove is the central 90% of PAbove
// over intervalDraws draws of the two bands, each from the Jeffreys
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

// The caches' bounds. Each crosswalk's caches together hold at most about
// 40 MiB, however many scales and levels it covers (a scale may have
// scale.MaxLevels levels):
//
//   - the intervals of PAbove of at most maxCachedPairs pairs of levels,
//     about 80 bytes each with the map's overhead: 20 MiB;
//   - the draws of at most maxCachedBands bands, 16 bytes per draw:
//     62.5 KiB each, 16 MiB;
//   - the intervals of at most maxCachedCuts cut points: about 4 MiB.
//
// Past a bound the entry least recently used (by the clock rule) makes
// room, and is computed again, to the same bits, if it is asked for again.
// They are variables only so that tests can make them small.
var (
	maxCachedPairs = 1 << 18
	maxCachedBands = 256
	maxCachedCuts  = 1 << 16
)

// intervals caches what the intervals of a data-driven crosswalk are made
// of: each band's draws, each cut point's interval and each pair's interval
// of PAbove, in caches of bounded size. It is shared by crosswalks that
// have the same bands (WithEquivalences, Named), and is safe for
// concurrent use.
//
// Levels are numbered across the crosswalk's scales, in the order of their
// IDs: level k of covs[i] is offsets[i]+k-1, so that which of a pair is
// computed (the lower number first) and so every interval's bits do not
// depend on the order in which scales were given.
type intervals struct {
	offsets []int // offsets[i] is the number of levels of the scales whose IDs sort before covs[i]'s
	draws   int   // the number of draws of every band
	pairs   *clockCache[[2]int, [2]float64]
	bands   *clockCache[int, []Band]
	cuts    *clockCache[[2]int, [2]float64] // by covs index and cut number
}

// newIntervals returns the cache for c, or nil when no scale of c has counts
// or draws.
func newIntervals(c *Crosswalk) *intervals {
	draws := 0
	for i := range c.covs {
		switch cov := &c.covs[i]; {
		case cov.counts != nil:
			draws = intervalDraws
		case cov.draws != nil:
			draws = len(cov.draws) / len(cov.cuts)
		}
	}
	if draws == 0 {
		return nil
	}
	byID := make([]int, len(c.covs))
	for i := range byID {
		byID[i] = i
	}
	slices.SortFunc(byID, func(i, j int) int { return strings.Compare(c.covs[i].scale.ID(), c.covs[j].scale.ID()) })
	iv := &intervals{offsets: make([]int, len(c.covs)), draws: draws,
		pairs: newClockCache[[2]int, [2]float64](maxCachedPairs),
		bands: newClockCache[int, []Band](maxCachedBands),
		cuts:  newClockCache[[2]int, [2]float64](maxCachedCuts),
	}
	levels := 0
	for _, i := range byID {
		iv.offsets[i] = levels
		levels += len(c.covs[i].cuts) - 1
	}
	return iv
}

// interval returns the interval of PAbove for level ka of covs[ia] against
// level kb of covs[ib], two different scales with draws. Once a pair's
// interval is known, it costs a map lookup under a read lock.
func (iv *intervals) interval(c *Crosswalk, ia, ka, ib, kb int) (lo, hi float64) {
	u, v := iv.offsets[ia]+ka-1, iv.offsets[ib]+kb-1
	mirrored := u > v // the cache holds B against A
	if mirrored {
		ia, ka, u, ib, kb, v = ib, kb, v, ia, ka, u
	}
	key := [2]int{u, v}
	iv2, ok := iv.pairs.get(key)
	if !ok {
		iv2 = iv.drawInterval(c, ia, ka, u, ib, kb, v)
		iv.pairs.put(key, iv2)
	}
	lo, hi = iv2[0], iv2[1]
	if mirrored {
		// Rounded as the ends are, so that 1 - 0.986308412 is 0.013691588,
		// not 0.013691588000000032.
		return roundInterval(1 - hi), roundInterval(1 - lo)
	}
	return lo, hi
}

// drawInterval computes the interval of PAbove for level ka of covs[ia]
// (level u) against level kb of covs[ib] (level v) from the two bands'
// draws: draw d of one with draw d of the other, which for a fitted model
// are the same posterior draw and for counts are independent streams.
func (iv *intervals) drawInterval(c *Crosswalk, ia, ka, u, ib, kb, v int) [2]float64 {
	da, db := iv.bandDraws(c, ia, ka, u), iv.bandDraws(c, ib, kb, v)
	ps := make([]float64, len(da))
	for d := range ps {
		_, ps[d] = relation(da[d], db[d])
	}
	lo, hi := centralInterval(ps)
	return [2]float64{lo, hi}
}

// bandDraws returns the draws of the band of level k of covs[i] (level u),
// from the cache or made now.
func (iv *intervals) bandDraws(c *Crosswalk, i, k, u int) []Band {
	if d, ok := iv.bands.get(u); ok {
		return d
	}
	cov := &c.covs[i]
	d := make([]Band, iv.draws)
	if cov.draws != nil {
		stride := len(cov.cuts)
		for j := range d {
			d[j] = Band{cov.draws[j*stride+k-1], cov.draws[j*stride+k]}
		}
	} else {
		drawBands(cov, k, d)
	}
	iv.bands.put(u, d)
	return d
}

// drawBands fills d with draws of the band of level k of cov, a scale with
// counts, from the Jeffreys posterior: by the aggregation property of the
// Dirichlet distribution, the shares below the level, of the level and
// above it are Dirichlet(a_below, a_k, a_above), with each a the sum of
// the counts + ½ of those levels, so three gamma variates give one draw of
// the band whatever the scale's size. Each band has its own PCG stream,
// seeded by the scale's ID and the level.
func drawBands(cov *coverage, k int, d []Band) {
	var below, above float64
	for j, n := range cov.counts {
		switch {
		case j < k-1:
			below += n + 0.5
		case j > k-1:
			above += n + 0.5
		}
	}
	own := cov.counts[k-1] + 0.5
	rng := drawStream(cov.scale.ID(), 'b', k)
	for j := range d {
		var x, z float64
		if below > 0 {
			x = gammaVariate(rng, below)
		}
		y := gammaVariate(rng, own)
		if above > 0 {
			z = gammaVariate(rng, above)
		}
		t := x + y + z
		d[j] = Band{x / t, (x + y) / t}
	}
	bandsDrawn.Add(1)
}

// bandsDrawn counts the bands drawn from counts, for the tests that pin
// that a new pair of levels draws two bands and no more.
var bandsDrawn atomic.Int64

// drawStream returns the PCG stream for one band ('b', level k) or cut
// ('c', cut k) of the scale with the given ID: the same draws whichever
// pair asks, in whichever order.
func drawStream(id string, kind byte, k int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(id))
	h.Write([]byte{0, kind, byte(k), byte(k >> 8), byte(k >> 16), byte(k >> 24)})
	return rand.New(rand.NewPCG(intervalSeed, h.Sum64()))
}

// centralInterval returns the central intervalLevel interval of xs,
// rounded. It reorders xs.
func centralInterval(xs []float64) (lo, hi float64) {
	tail := (1 - intervalLevel) / 2
	return roundInterval(quantile(xs, tail)), roundInterval(quantile(xs, 1-tail))
}

// bandInterval returns the intervals of the edges of the band of level k of
// covs[i], a scale with counts or draws.
func (iv *intervals) bandInterval(c *Crosswalk, i, k int) BandInterval {
	lo, hi := iv.cutInterval(c, i, k-1), iv.cutInterval(c, i, k)
	return BandInterval{Lo: Band{lo[0], lo[1]}, Hi: Band{hi[0], hi[1]}}
}

// cutInterval returns the central 90% interval of cut point j of covs[i]
// (0 for the bottom of the worst level, Len() for the top of the best):
// over the model's draws, or over draws of the cut's Beta(a_≤j, a_>j)
// marginal under the Jeffreys posterior. The bottom and top cuts are 0 and
// 1 in every draw. A cut is shared by the levels on either side, so the
// upper edge of one level and the lower edge of the next have one
// interval.
func (iv *intervals) cutInterval(c *Crosswalk, i, j int) [2]float64 {
	cov := &c.covs[i]
	n := len(cov.cuts) - 1
	switch {
	case j == 0:
		return [2]float64{0, 0}
	case j == n:
		return [2]float64{1, 1}
	}
	key := [2]int{i, j}
	if got, ok := iv.cuts.get(key); ok {
		return got
	}
	xs := make([]float64, iv.draws)
	if cov.draws != nil {
		for d := range xs {
			xs[d] = cov.draws[d*(n+1)+j]
		}
	} else {
		var below, above float64
		for l, count := range cov.counts {
			if l < j {
				below += count + 0.5
			} else {
				above += count + 0.5
			}
		}
		rng := drawStream(cov.scale.ID(), 'c', j)
		for d := range xs {
			x := gammaVariate(rng, below)
			xs[d] = x / (x + gammaVariate(rng, above))
		}
	}
	var out [2]float64
	out[0], out[1] = centralInterval(xs)
	iv.cuts.put(key, out)
	return out
}

// gammaVariate draws from Gamma(shape, 1) by Marsaglia and Tsang's method
// ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000),
// with their boost U^(1/shape) for shapes below 1.
func gammaVariate(rng *rand.Rand, shape float64) float64 {
	if shape < 1 {
		u := 1 - rng.Float64() // in (0, 1], so that the variate is never 0
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
