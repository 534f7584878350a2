package crosswalk

import (
	"sync"
	"sync/atomic"
)

// clockCache is a map of bounded size, safe for concurrent use, that evicts
// by the clock rule (second chance), an approximation of least recently
// used: a hit only marks its entry, under a read lock, so that hits from
// many goroutines do not contend; a miss takes the write lock, and when the
// cache is full the hand sweeps the entries, clearing marks, until it finds
// one unmarked to replace. Two goroutines that miss on one key at once may
// both compute it; the values are deterministic, so either is right.
type clockCache[K comparable, V any] struct {
	mu    sync.RWMutex
	index map[K]int
	slots []clockSlot[K, V]
	hand  int
	limit int
}

type clockSlot[K comparable, V any] struct {
	key  K
	val  V
	used atomic.Bool
}

func newClockCache[K comparable, V any](limit int) *clockCache[K, V] {
	return &clockCache[K, V]{index: make(map[K]int), limit: max(1, limit)}
}

// get returns the value for k, if cached.
func (c *clockCache[K, V]) get(k K) (v V, ok bool) {
	c.mu.RLock()
	i, ok := c.index[k]
	if ok {
		s := &c.slots[i]
		s.used.Store(true)
		v = s.val
	}
	c.mu.RUnlock()
	return v, ok
}

// put caches v for k, evicting an entry when the cache is full.
func (c *clockCache[K, V]) put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.index[k]; ok {
		return
	}
	if len(c.slots) < c.limit {
		c.index[k] = len(c.slots)
		c.slots = append(c.slots, clockSlot[K, V]{key: k, val: v})
		return
	}
	for {
		s := &c.slots[c.hand]
		if s.used.Swap(false) {
			c.hand = (c.hand + 1) % len(c.slots)
			continue
		}
		delete(c.index, s.key)
		s.key, s.val = k, v
		c.index[k] = c.hand
		c.hand = (c.hand + 1) % len(c.slots)
		return
	}
}

// len returns the number of entries cached.
func (c *clockCache[K, V]) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.slots)
}
