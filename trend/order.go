package trend

import (
	"slices"

	"github.com/gradewalk/gradewalk/internal/date"
)

// span is the calendar span an observation's date was written for: its
// first and last day, counted from 1970-01-01.
type span struct{ first, last int64 }

func (o Observation) span() span {
	first, last := date.Days(o.Date, o.Precision.date())
	return span{first, last}
}

// overlap reports whether two spans share a day.
func overlap(a, b span) bool { return a.first <= b.last && b.first <= a.last }

// orderScratch holds the buffers of order, reused from series to series.
type orderScratch struct {
	spans  []span
	first  []uint32 // spans' ends, numbered in the same order (see order)
	last   []uint32
	vals   []int64
	keys   []uint64 // first<<32 | index, sorted: the indices by first day
	ends   []uint64 // heap of last<<32 | index: unplaced (and lazily, placed) indices by span end
	avail  []uint64 // heap of indices that no unplaced observation precedes
	placed []bool
	result []Observation
}

// order puts obs in the order described under "Order" in the package
// documentation: the linear extension of "a's span ends before b's begins"
// that takes, at each point, the earliest-given observation that no
// remaining observation precedes.
func (sc *orderScratch) order(obs []Observation) {
	n := len(obs)
	if n < 2 {
		return
	}
	sc.spans = sc.spans[:0]
	for _, o := range obs {
		sc.spans = append(sc.spans, o.span())
	}
	sp := sc.spans
	// Input already in order, the usual case: each observation starts no
	// later than every later one ends.
	minLast := sp[n-1].last
	inOrder := true
	for i := n - 2; i >= 0; i-- {
		if sp[i].first > minLast {
			inOrder = false
			break
		}
		minLast = min(minLast, sp[i].last)
	}
	if inOrder {
		return
	}
	sc.number()
	// The indices sorted by first day, ties in input order: first day and
	// index packed in one number, sorted as numbers.
	sc.keys = sc.keys[:0]
	for i, f := range sc.first {
		sc.keys = append(sc.keys, uint64(f)<<32|uint64(i))
	}
	slices.Sort(sc.keys)
	sc.result = sc.result[:0]
	// Spans that do not overlap at all, each ending before the next
	// begins, or spans of one precision, which either coincide or do not
	// overlap: a stable sort by the first day is the whole rule.
	uniform := true
	for k := 1; k < n; k++ {
		if sc.last[uint32(sc.keys[k-1])] >= sc.first[uint32(sc.keys[k])] {
			uniform = false
			break
		}
	}
	if !uniform {
		uniform = !slices.ContainsFunc(obs[1:], func(o Observation) bool { return o.Precision != obs[0].Precision })
	}
	if uniform {
		for _, k := range sc.keys {
			sc.result = append(sc.result, obs[uint32(k)])
		}
		copy(obs, sc.result)
		clear(sc.result)
		return
	}
	// Kahn's algorithm. An unplaced observation is available when it starts
	// no later than the earliest end among the unplaced ones; that end only
	// grows, so once available an observation stays available.
	sc.ends = sc.ends[:0]
	for i, l := range sc.last {
		sc.ends = append(sc.ends, uint64(l)<<32|uint64(i))
	}
	heapInit(sc.ends)
	sc.avail = sc.avail[:0]
	sc.placed = slices.Grow(sc.placed[:0], n)[:n]
	clear(sc.placed)
	next := 0
	for len(sc.result) < n {
		for sc.placed[uint32(sc.ends[0])] {
			sc.ends = heapPop(sc.ends)
		}
		end := uint32(sc.ends[0] >> 32)
		for next < n && sc.first[uint32(sc.keys[next])] <= end {
			sc.avail = heapPush(sc.avail, uint64(uint32(sc.keys[next])))
			next++
		}
		i := sc.avail[0]
		sc.avail = heapPop(sc.avail)
		sc.placed[i] = true
		sc.result = append(sc.result, obs[i])
	}
	copy(obs, sc.result)
	clear(sc.result) // drop references to grades' scales
}

// number sets first and last to the ends of the spans as numbers below
// 2^32 in the same order: their distance from the earliest first day or,
// when the spans lie too far apart for that, their ranks among all ends.
func (sc *orderScratch) number() {
	sp := sc.spans
	lo, hi := sp[0].first, sp[0].last
	for _, s := range sp {
		lo, hi = min(lo, s.first), max(hi, s.last)
	}
	sc.first, sc.last = sc.first[:0], sc.last[:0]
	if d := hi - lo; d >= 0 && d < 1<<32 { // d < 0: the subtraction overflowed
		for _, s := range sp {
			sc.first = append(sc.first, uint32(s.first-lo))
			sc.last = append(sc.last, uint32(s.last-lo))
		}
		return
	}
	sc.vals = sc.vals[:0]
	for _, s := range sp {
		sc.vals = append(sc.vals, s.first, s.last)
	}
	slices.Sort(sc.vals)
	vals := slices.Compact(sc.vals)
	for _, s := range sp {
		f, _ := slices.BinarySearch(vals, s.first)
		l, _ := slices.BinarySearch(vals, s.last)
		sc.first = append(sc.first, uint32(f))
		sc.last = append(sc.last, uint32(l))
	}
}

// heapInit, heapPush and heapPop keep a heap of numbers, the least first.
func heapInit(h []uint64) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		heapDown(h, i)
	}
}

func heapPush(h []uint64, x uint64) []uint64 {
	h = append(h, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[i] >= h[p] {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func heapPop(h []uint64) []uint64 {
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	heapDown(h, 0)
	return h
}

func heapDown(h []uint64, i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		c := l
		if r := l + 1; r < len(h) && h[r] < h[l] {
			c = r
		}
		if h[c] >= h[i] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
