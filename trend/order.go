package trend

import (
	"cmp"
	"slices"
)

// span is the calendar span an observation's date was written for, each end
// encoded as year*10000 + month*100 + day. The last day of a month is
// written as day 31: no date of the month lies after it, which is all the
// ordering needs.
type span struct{ first, last int64 }

func (o Observation) span() span {
	y, m, d := o.Date.Date()
	base := int64(y) * 10000
	switch o.Precision {
	case Year:
		return span{base + 101, base + 1231}
	case Month:
		return span{base + int64(m)*100 + 1, base + int64(m)*100 + 31}
	}
	day := base + int64(m)*100 + int64(d)
	return span{day, day}
}

type sortKey struct {
	first int64
	i     int32
}

// overlap reports whether two spans share a day.
func overlap(a, b span) bool { return a.first <= b.last && b.first <= a.last }

// orderScratch holds the buffers of order, reused from series to series.
type orderScratch struct {
	spans    []span
	keys     []sortKey
	byFirst  []int32
	lastHeap []int32 // unplaced (and lazily, placed) indices by span end
	avail    []int32 // indices that no unplaced observation precedes
	placed   []bool
	result   []Observation
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
	sc.result = sc.result[:0]
	// Spans of one precision either coincide or do not overlap at all: a
	// stable sort by the first day is the whole rule.
	uniform := true
	for _, o := range obs[1:] {
		if o.Precision != obs[0].Precision {
			uniform = false
			break
		}
	}
	if uniform {
		// Sorting (first day, index) pairs is a stable sort by first day.
		sc.keys = sc.keys[:0]
		for i := range n {
			sc.keys = append(sc.keys, sortKey{sp[i].first, int32(i)})
		}
		slices.SortFunc(sc.keys, func(a, b sortKey) int { return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.i, b.i)) })
		for _, k := range sc.keys {
			sc.result = append(sc.result, obs[k.i])
		}
		copy(obs, sc.result)
		clear(sc.result)
		return
	}
	// Kahn's algorithm. An unplaced observation is available when it starts
	// no later than the earliest end among the unplaced ones; that end only
	// grows, so once available an observation stays available.
	sc.byFirst = sc.byFirst[:0]
	sc.lastHeap = sc.lastHeap[:0]
	for i := range n {
		sc.byFirst = append(sc.byFirst, int32(i))
		sc.lastHeap = append(sc.lastHeap, int32(i))
	}
	slices.SortFunc(sc.byFirst, func(a, b int32) int { return cmp.Or(cmp.Compare(sp[a].first, sp[b].first), cmp.Compare(a, b)) })
	lastLess := func(a, b int32) bool { return sp[a].last < sp[b].last || sp[a].last == sp[b].last && a < b }
	idxLess := func(a, b int32) bool { return a < b }
	heapInit(sc.lastHeap, lastLess)
	sc.avail = sc.avail[:0]
	sc.placed = slices.Grow(sc.placed[:0], n)[:n]
	clear(sc.placed)
	next := 0
	for len(sc.result) < n {
		for sc.placed[sc.lastHeap[0]] {
			sc.lastHeap = heapPop(sc.lastHeap, lastLess)
		}
		end := sp[sc.lastHeap[0]].last
		for next < n && sp[sc.byFirst[next]].first <= end {
			sc.avail = heapPush(sc.avail, sc.byFirst[next], idxLess)
			next++
		}
		i := sc.avail[0]
		sc.avail = heapPop(sc.avail, idxLess)
		sc.placed[i] = true
		sc.result = append(sc.result, obs[i])
	}
	copy(obs, sc.result)
	clear(sc.result) // drop references to grades' scales
}

func heapInit(h []int32, less func(a, b int32) bool) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		heapDown(h, i, less)
	}
}

func heapPush(h []int32, x int32, less func(a, b int32) bool) []int32 {
	h = append(h, x)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !less(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	return h
}

func heapPop(h []int32, less func(a, b int32) bool) []int32 {
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	heapDown(h, 0, less)
	return h
}

func heapDown(h []int32, i int, less func(a, b int32) bool) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		c := l
		if r := l + 1; r < len(h) && less(h[r], h[l]) {
			c = r
		}
		if !less(h[c], h[i]) {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}
