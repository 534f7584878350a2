package scale

import (
	"crypto/sha256"
	"runtime"
	"sync"
	"weak"
)

// The intern table: one *Scale per definition digest, held weakly, so that
// [New] hands out the scale already built for a definition while anyone
// still uses it, and a scale nobody uses is collected as usual.
//
// Identity is decided here and nowhere else: two scales are the same scale
// exactly when they are the same *Scale (after [Scale.Canonical], for a
// Scale value copied out of its pointer). Grade ==, Grade.Compare, a
// crosswalk's coverage and trend's change-of-scale checks all compare
// pointers, and rest on this table for that to mean "the same definition".
var interned = struct {
	sync.Mutex
	m map[[sha256.Size]byte]weak.Pointer[Scale]
}{m: make(map[[sha256.Size]byte]weak.Pointer[Scale])}

// intern returns the scale already built for s's definition, if one is
// alive, or records s as that scale and returns it.
func intern(s *Scale) *Scale {
	interned.Lock()
	defer interned.Unlock()
	if wp, ok := interned.m[s.digest]; ok {
		if old := wp.Value(); old != nil {
			return old
		}
	}
	s.canon = s
	interned.m[s.digest] = weak.Make(s)
	runtime.AddCleanup(s, forget, s.digest)
	return s
}

// forget removes a collected scale's entry, unless a scale built since for
// the same definition has taken its place.
func forget(digest [sha256.Size]byte) {
	interned.Lock()
	defer interned.Unlock()
	if wp, ok := interned.m[digest]; ok && wp.Value() == nil {
		delete(interned.m, digest)
	}
}

// internedLen returns the number of entries in the intern table, for tests.
func internedLen() int {
	interned.Lock()
	defer interned.Unlock()
	return len(interned.m)
}
