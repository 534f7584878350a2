package trend

import (
	"errors"
	"fmt"
	"hash/maphash"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/internal/date"
	"github.com/gradewalk/gradewalk/scale"
)

// resolver turns the five fields of a record into an observation, looking
// scales and grades up in a registry. A Reader keeps one with caches;
// NewObservation uses one without.
type resolver struct {
	reg       *scale.Registry
	order     date.Order
	inspected bool
	missing   []string
	recode    map[string]string // keys folded (see fold)
	areaMap   AreaMap
	foldCase  bool

	// What the registry answered for each scale or family as written,
	// since the same ones recur from row to row; emptied when it grows too
	// big. Used only when cache is true.
	cache bool
	ids   map[string]*idCache
	// recentIDs holds the IDs last met, looked in before ids: a file
	// names few.
	recentIDs recentCache[*idCache]

	interned stringTable // subjects and areas, by themselves or folded
	// The areas met last, looked in before interned, since a file has few;
	// and the last subject, since a subject's rows often come together.
	areas       recentCache[string]
	lastSubject string
	// variants holds the subjects and areas met, by the hash of their
	// folded form, to find those that differ only in case (see
	// noteVariant); without FoldCase only.
	variants    map[uint64]string
	variantSeed maphash.Seed
	stats       ReadStats
}

func newResolver(o *ReadOptions) resolver {
	r := resolver{reg: registryOr(o.Registry), cache: true, missing: o.Missing, areaMap: o.Areas, foldCase: o.FoldCase,
		inspected: o.Dated == Inspection}
	if o.DateOrder == MonthDayYear {
		r.order = date.MonthFirst
	}
	if len(o.Recode) > 0 {
		r.recode = make(map[string]string, len(o.Recode))
		for from, to := range o.Recode {
			r.recode[fold(from)] = to
		}
	}
	return r
}

func registryOr(reg *scale.Registry) *scale.Registry {
	if reg == nil {
		return scale.Default()
	}
	return reg
}

// fold is the form in which values are matched without regard to case or
// white space: lower case, with runs of white space one space and none at
// either end.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// ReadStats counts what a [Reader] read beside the observations and
// errors it returned.
type ReadStats struct {
	// Skipped counts the records skipped for a missing grade, by the value
	// of [ReadOptions].Missing they matched.
	Skipped map[string]int
	// OutOfEra counts, by scale ID, the observations given a scale ID and
	// dated outside that scale's era ([scale.Era]), and FirstOutOfEra
	// holds the line of the first of each: a date of 1999 on
	// ofsted-schools-2025 is more likely a wrong date or scale than a
	// grade given before the scale existed.
	OutOfEra      map[string]int
	FirstOutOfEra map[string]int
	// CaseVariants lists, up to ten, pairs of subjects or areas met that
	// differ only in case or white space, when [ReadOptions].FoldCase is
	// off: each pair is two spellings, the first met first.
	CaseVariants [][2]string
}

// SkippedTotal returns the number of records skipped as missing.
func (s *ReadStats) SkippedTotal() int {
	n := 0
	for _, k := range s.Skipped {
		n += k
	}
	return n
}

// Stats returns what the reader has counted so far; the maps are the
// reader's own, to be read, not changed.
func (r *Reader) Stats() *ReadStats { return &r.stats }

// Skipped returns the number of records skipped so far for a missing
// grade; see [ReadStats].Skipped for the count per value.
func (r *Reader) Skipped() int { return r.stats.SkippedTotal() }

// maxInterned bounds the strings a reader interns; beyond it, each string
// is copied on its own.
const maxInterned = 1 << 15

// stringTable maps strings to strings: a reader's interned subjects and
// areas. Keys of 1 to 15 bytes, as most are, are held in the table itself,
// as two words with the key's length, in slots beside their values:
// finding one reads one slot, neither a map's separate control words nor
// the key's bytes kept elsewhere, which in a file of many subjects, where
// the lookup every row makes misses the processor's caches, is one miss
// in place of three. Other keys go to a map. Slots are found by a seeded
// hash, so that no input can make them collide more than by chance.
type stringTable struct {
	seed  [2]uint64    // random, made with the first slots
	slots []stringSlot // a power of two of them, or none
	n     int          // slots in use
	long  map[string]string
}

type stringSlot struct {
	key   [2]uint64 // as shortKey16 makes it; zero when the slot is free
	value string
}

// shortKey16 returns the words of a key of 1 to 15 bytes: its bytes, then
// zeros, with its length in the last byte.
// It reads the bytes with overlapping loads, not a copy, since every row
// asks for a key or two.
func shortKey16(s string) (k [2]uint64, ok bool) {
	n := len(s)
	switch {
	case n == 0 || n > 15:
		return k, false
	case n >= 8:
		// Bytes 8 on: the last eight, less those in k[0].
		k[0], k[1] = load64(s), load64(s[n-8:])>>(8*(16-n))
	case n >= 4:
		k[0] = uint64(load32(s)) | uint64(load32(s[n-4:]))>>(8*(8-n))<<32
	default:
		k[0] = uint64(s[0]) | uint64(s[n/2])<<(8*(n/2)) | uint64(s[n-1])<<(8*(n-1))
	}
	k[1] |= uint64(n) << 56
	return k, true
}

// load32 reads the first four bytes of s as a little-endian number.
func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// slot returns where key, a short key, is or would go.
func (t *stringTable) slot(key [2]uint64) *stringSlot {
	mask := uint64(len(t.slots) - 1)
	for i := mix(key[0]^t.seed[0], key[1]^t.seed[1]) & mask; ; i = (i + 1) & mask {
		if sl := &t.slots[i]; sl.key == key || sl.key[1] == 0 {
			return sl
		}
	}
}

// mix hashes two words, each already mixed with a random one: their
// product's halves folded, the hash of wyhash and of Go's maps where the
// processor lacks AES, for a few instructions.
func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

func (t *stringTable) get(s string) (string, bool) {
	key, short := shortKey16(s)
	if !short {
		v, ok := t.long[s]
		return v, ok
	}
	if t.n == 0 {
		return "", false
	}
	sl := t.slot(key)
	return sl.value, sl.key[1] != 0
}

// set maps s to v; s must not be part of the input's blocks.
func (t *stringTable) set(s, v string) {
	key, short := shortKey16(s)
	if !short {
		if t.long == nil {
			t.long = make(map[string]string)
		}
		t.long[s] = v
		return
	}
	if 4*(t.n+1) > 3*len(t.slots) {
		old := t.slots
		if t.n == 0 {
			t.seed = [2]uint64{rand.Uint64(), rand.Uint64()}
		}
		t.slots = make([]stringSlot, max(2*len(old), 64))
		for _, sl := range old {
			if sl.key[1] != 0 {
				*t.slot(sl.key) = sl
			}
		}
	}
	sl := t.slot(key)
	if sl.key[1] == 0 {
		t.n++
	}
	*sl = stringSlot{key, v}
}

func (t *stringTable) len() int { return t.n + len(t.long) }

// intern returns s as kept by the reader: one copy of each distinct
// subject and area, so that observations hold no part of the input's
// blocks and repeated values cost nothing. With FoldCase, values that fold
// to one are one.
func (r *resolver) intern(s string) string {
	if !r.cache {
		return strings.Clone(s)
	}
	key := s
	if r.foldCase {
		if v, ok := r.interned.get(s); ok { // the exact spelling, met before
			return v
		}
		key = fold(s)
	}
	if v, ok := r.interned.get(key); ok {
		if r.foldCase && r.interned.len() < maxInterned {
			r.interned.set(strings.Clone(s), v)
		}
		return v
	}
	v := strings.Clone(s)
	if r.interned.len() < maxInterned {
		if key == s {
			r.interned.set(v, v)
		} else {
			r.interned.set(strings.Clone(key), v)
			r.interned.set(v, v)
		}
	}
	if !r.foldCase && len(r.stats.CaseVariants) < 10 {
		r.noteVariant(v)
	}
	return v
}

// noteVariant records v, a subject or area met for the first time, in
// variants, and the pair if another met before folds as v does. Variants
// are kept by the hash of their folded form, to the first spelling met,
// which is interned already: the folded forms themselves are not kept.
func (r *resolver) noteVariant(v string) {
	f := fold(v)
	if r.variants == nil {
		r.variants = make(map[uint64]string)
		r.variantSeed = maphash.MakeSeed()
	}
	h := maphash.String(r.variantSeed, f)
	first, ok := r.variants[h]
	switch {
	case ok && first != v && fold(first) == f:
		r.stats.CaseVariants = append(r.stats.CaseVariants, [2]string{first, v})
	case !ok && len(r.variants) < maxInterned:
		r.variants[h] = v
	}
}

// recentCache remembers the value found for each of the strings that
// recur from row to row (the areas of a file, its scale and family IDs, a
// subject on the rows that follow), so that finding one again costs a
// comparison or two, not a hash and a map lookup: a table of 16 slots
// indexed by the string's labelKey, where a string is looked for in its
// slot and the next, and kept in its slot, the string there moving to the
// next.
type recentCache[V any] struct {
	keys   [16]uint64
	texts  [16]string
	values [16]V
}

// slot16 returns the slot of a recentCache for a labelKey.
func slot16(key uint64) int { return int((key * 0x9E3779B97F4A7C15) >> 60) }

// find returns the value kept for s, whose labelKey is key; s is not "".
func (c *recentCache[V]) find(key uint64, s string) (V, bool) {
	i := slot16(key)
	if c.keys[i] == key && c.texts[i] == s {
		return c.values[i], true
	}
	if j := (i + 1) % 16; c.keys[j] == key && c.texts[j] == s {
		return c.values[j], true
	}
	var zero V
	return zero, false
}

// put keeps v for text, whose labelKey is key; text must not be part of
// the input's blocks, which the cache would keep alive.
func (c *recentCache[V]) put(key uint64, text string, v V) {
	i := slot16(key)
	j := (i + 1) % 16
	c.keys[j], c.texts[j], c.values[j] = c.keys[i], c.texts[i], c.values[i]
	c.keys[i], c.texts[i], c.values[i] = key, text, v
}

// internRecent is intern, looking first in the recent values of the field.
func (r *resolver) internRecent(s string, recent *recentCache[string]) string {
	key := labelKey(s)
	if v, ok := recent.find(key, s); ok {
		return v
	}
	v := r.intern(s)
	if v == s && r.cache {
		recent.put(key, v, v)
	}
	return v
}

// idCache holds what a scale ID or family ID stands for: one scale, or
// the scales of the family, each with the grades of its labels as written,
// and the scales of the family in force in each date span asked about.
type idCache struct {
	id     string // as written
	scale  *scale.Scale
	labels *labelCache
	// era is the scale's era, kept to check dates against it.
	era    scale.Era
	family []familyScale
	// answers holds the registry's distinct answers for the family, and
	// spans says which answer each date span asked about got, with a table
	// for each precision (see spanTable).
	answers []inForce
	spans   [3]spanTable
}

type familyScale struct {
	scale  *scale.Scale
	labels *labelCache
}

// inForce is the registry's answer for one family and span: the scales in
// force (positions in the family), or the error; one is the position of
// the only scale in force, or -1.
type inForce struct {
	one    int
	scales []int
	err    error
}

// spanTable holds, for the spans of one precision, which answer of an
// idCache each got: the entry of the span's first day is one more than
// the position in answers of its answer, or 0 for a span not yet asked
// about.
type spanTable = date.DayTable[uint16]

// maxAnswers bounds the answers an idCache keeps; beyond it, what is kept
// is dropped and asked again.
const maxAnswers = 1 << 12

// labelCache holds the grades of the labels of one scale as written, at
// most maxCachedLabel of them. slots is a hash table of their positions
// (plus one; 0 is empty) by labelKey, probed in order from the key's slot.
type labelCache struct {
	keys   []uint64
	labels []string
	grades []grade.Grade
	slots  [2 * maxCachedLabel]uint8
}

// find returns the grade of label, whose labelKey is key.
func (lc *labelCache) find(key uint64, label string) (grade.Grade, bool) {
	for h := slotOf(key); ; h = (h + 1) % len(lc.slots) {
		i := int(lc.slots[h]) - 1
		if i < 0 {
			return grade.Grade{}, false
		}
		if lc.keys[i] == key && lc.labels[i] == label {
			return lc.grades[i], true
		}
	}
}

// add keeps the grade of a label not yet kept, if there is room.
func (lc *labelCache) add(key uint64, label string, g grade.Grade) {
	if len(lc.labels) == maxCachedLabel {
		return
	}
	h := slotOf(key)
	for lc.slots[h] != 0 {
		h = (h + 1) % len(lc.slots)
	}
	lc.keys = append(lc.keys, key)
	lc.labels = append(lc.labels, strings.Clone(label))
	lc.grades = append(lc.grades, g)
	lc.slots[h] = uint8(len(lc.labels))
}

// slotOf returns the first slot of labelCache.slots to look at for key.
func slotOf(key uint64) int { return int((key * 0x9E3779B97F4A7C15) >> 58) } // 6 bits: 64 slots

// labelKey sums up a label in one word: its length and its first seven
// bytes, or for a longer label its length and its first and last eight
// bytes, mixed. Two labels with different keys differ; two with the same
// key are compared.
func labelKey(s string) uint64 {
	if len(s) >= 8 {
		return load64(s) ^ bits.RotateLeft64(load64(s[len(s)-8:]), 29) ^ uint64(len(s))
	}
	return shortKey(s)
}

// shortKey is labelKey for a string shorter than eight bytes.
func shortKey(s string) uint64 {
	k := uint64(len(s)) << 56
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	return k
}

// load64 reads the first eight bytes of s as a little-endian number.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// maxCached bounds the number of scale and family IDs, and of labels per
// scale, that a Reader keeps.
const (
	maxCached      = 1 << 10
	maxCachedLabel = 32
)

// trimmed reports whether a field that starts or ends with c has nothing
// there for strings.TrimSpace to remove: c is ASCII and not white space.
func trimmed(c byte) bool { return c-'!' < utf8.RuneSelf-'!' }

// trim removes the white space around each field, as strings.TrimSpace
// does, without a call for the usual field that has none.
func (f *Fields) trim() {
	if spaced(f.Subject) {
		f.Subject = strings.TrimSpace(f.Subject)
	}
	if spaced(f.Area) {
		f.Area = strings.TrimSpace(f.Area)
	}
	if spaced(f.Date) {
		f.Date = strings.TrimSpace(f.Date)
	}
	if spaced(f.Scale) {
		f.Scale = strings.TrimSpace(f.Scale)
	}
	if spaced(f.Grade) {
		f.Grade = strings.TrimSpace(f.Grade)
	}
}

// spaced reports whether s may have white space for strings.TrimSpace to
// remove; "" is left to it too.
func spaced(s string) bool { return s == "" || !trimmed(s[0]) || !trimmed(s[len(s)-1]) }

// lookupID returns the cache entry for a scale or family ID, making it on
// first use; nil when id is neither.
func (r *resolver) lookupID(id string) *idCache {
	var key uint64
	if r.cache {
		key = labelKey(id)
		if ic, ok := r.recentIDs.find(key, id); ok {
			return ic
		}
		if ic, ok := r.ids[id]; ok {
			r.recentIDs.put(key, ic.id, ic)
			return ic
		}
	}
	ic := &idCache{id: strings.Clone(id)}
	if s, ok := r.reg.Lookup(id); ok {
		ic.scale, ic.labels, ic.era = s, new(labelCache), s.Era()
	} else {
		for s := range r.reg.Family(id) {
			ic.family = append(ic.family, familyScale{scale: s, labels: new(labelCache)})
		}
		if ic.family == nil {
			return nil
		}
	}
	if r.cache {
		if r.ids == nil || len(r.ids) >= maxCached {
			r.ids = make(map[string]*idCache)
			r.recentIDs = recentCache[*idCache]{}
		}
		r.ids[ic.id] = ic
		r.recentIDs.put(key, ic.id, ic)
	}
	return ic
}

// during returns the scales of the family in force in the span, as
// positions in ic.family, asking the registry once per span.
func (ic *idCache) during(r *resolver, span date.Span) *inForce {
	t := &ic.spans[span.Precision-1]
	day := span.First.Unix() / 86400
	if k := t.At(day); k > 0 {
		return &ic.answers[k-1]
	}
	var scales []*scale.Scale
	var err error
	if r.inspected {
		scales, err = r.reg.InForceInspectedDuring(ic.id, span.First, span.Last)
	} else {
		scales, err = r.reg.InForceDuring(ic.id, span.First, span.Last)
	}
	a := inForce{one: -1, err: err}
	for _, s := range scales {
		for j := range ic.family {
			if ic.family[j].scale == s {
				a.scales = append(a.scales, j)
			}
		}
	}
	if len(a.scales) == 1 {
		a.one = a.scales[0]
	}
	k := ic.keep(a)
	ic.spans[span.Precision-1].Set(day, k)
	return &ic.answers[k-1]
}

// keep returns one more than the position of a in ic.answers, adding it
// unless an answer without error holds the same scales; when answers is
// full, it and the span tables are emptied first.
func (ic *idCache) keep(a inForce) uint16 {
	if a.err == nil {
		for i := range ic.answers {
			if ic.answers[i].err == nil && slices.Equal(ic.answers[i].scales, a.scales) {
				return uint16(i + 1)
			}
		}
	}
	if len(ic.answers) == maxAnswers {
		ic.answers, ic.spans = nil, [3]spanTable{}
	}
	ic.answers = append(ic.answers, a)
	return uint16(len(ic.answers))
}

// resolve checks the fields of the record on the line and returns its
// observation; missing reports a grade that is one of the missing values,
// and the record is then to be skipped. A date may be missing when the
// scale is a scale ID.
func (r *resolver) resolve(line int, f *Fields) (o Observation, re *RowError, missing bool) {
	f.trim()
	subject, area, dateText, id, label := f.Subject, f.Area, f.Date, f.Scale, f.Grade
	if r.recode != nil {
		if to, ok := r.recode[fold(label)]; ok {
			label = to
		}
	}
	if subject == "" {
		return o, &RowError{Line: line, Field: "subject", Err: ErrMissingField, Detail: "missing"}, false
	}
	if area == "" {
		return o, &RowError{Line: line, Field: "area", Err: ErrMissingField, Detail: "missing"}, false
	}
	if id == "" {
		return o, &RowError{Line: line, Field: "scale", Err: ErrMissingField, Detail: "missing"}, false
	}
	ic := r.lookupID(id)
	if ic == nil {
		return o, r.unknownScale(line, id), false
	}
	var span date.Span
	if dateText == "\x00" {
		dateText = ""
	}
	if dateText == "" {
		if ic.scale == nil {
			if r.isMissing(label) {
				return o, nil, true
			}
			return o, &RowError{Line: line, Field: "date", Err: ErrMissingField,
				Detail: "missing: " + id + " is a family, and a date says which of its scales was in force; give a date or a scale ID"}, false
		}
	} else {
		var err error
		if span, err = date.ParseInput(dateText, r.order); err != nil {
			if r.isMissing(label) { // no grade, and no date either
				return o, nil, true
			}
			return o, &RowError{Line: line, Field: "date", Value: dateText, Err: ErrBadDate, Detail: badDateDetail(dateText)}, false
		}
	}
	var s *scale.Scale
	var g grade.Grade
	if ic.scale != nil {
		s = ic.scale
		var ok bool
		if g, ok = r.labelOf(ic.labels, s, label); !ok {
			if r.isMissing(label) {
				return o, nil, true
			}
			return o, gradeError(line, s, label), false
		}
		if dateText != "" && r.cache {
			if era := &ic.era; !era.From.IsZero() && (era.From.After(span.Last) || !era.IsOpen() && era.Until.Before(span.First)) {
				r.outOfEra(s.ID(), line)
			}
		}
	} else {
		a := ic.during(r, span)
		switch {
		case a.err != nil:
			if r.isMissing(label) {
				return o, nil, true
			}
			return o, &RowError{Line: line, Field: "date", Value: dateText, Err: a.err, Detail: r.inForceDetail(id, span, a.err)}, false
		case a.one >= 0:
			fs := &ic.family[a.one]
			s = fs.scale
			var ok bool
			if g, ok = r.labelOf(fs.labels, s, label); !ok {
				if r.isMissing(label) {
					return o, nil, true
				}
				return o, gradeError(line, s, label), false
			}
		default:
			// More than one scale was in force: the label decides, if
			// exactly one of them has it.
			var found []*scale.Scale
			for _, j := range a.scales {
				fs := &ic.family[j]
				if h, ok := r.labelOf(fs.labels, fs.scale, label); ok {
					found = append(found, fs.scale)
					g = h
				}
			}
			if len(found) != 1 {
				if len(found) == 0 && r.isMissing(label) {
					return o, nil, true
				}
				ids := make([]string, len(a.scales))
				for i, j := range a.scales {
					ids[i] = ic.family[j].scale.ID()
				}
				err := &scale.InForceError{Family: id, Date: span.First, Scales: ids, Err: scale.ErrOverlap}
				re := &RowError{Line: line, Field: "date", Value: dateText, Err: err, Detail: r.inForceDetail(id, span, err)}
				if len(found) == 0 {
					re.Detail += "; the grade " + strconv.Quote(label) + " is on none of them"
				} else {
					re.Detail += "; the grade " + strconv.Quote(label) + " is on more than one of them"
				}
				return o, re, false
			}
		}
	}
	if r.areaMap != nil {
		area = r.areaMap.Map(area)
	}
	if last := r.lastSubject; len(subject) == len(last) && subject[len(subject)-1] == last[len(last)-1] && subject == last {
		subject = last
	} else {
		subject = r.intern(subject)
		if r.cache {
			r.lastSubject = subject
		}
	}
	o = Observation{Subject: subject, Area: r.internRecent(area, &r.areas), Date: span.First, Precision: precisionOf(span.Precision), Grade: g}
	return o, nil, false
}

// labelOf returns the grade of label on s, through the scale's cache.
func (r *resolver) labelOf(lc *labelCache, s *scale.Scale, label string) (grade.Grade, bool) {
	key := labelKey(label)
	if g, ok := lc.find(key, label); ok {
		return g, true
	}
	g, ok := parseGrade(s, label)
	if ok && r.cache {
		lc.add(key, label, g)
	}
	return g, ok
}

// isMissing reports whether a grade is one of the missing values, and
// counts it if so.
func (r *resolver) isMissing(label string) bool {
	for _, m := range r.missing {
		if strings.EqualFold(label, strings.TrimSpace(m)) {
			if r.stats.Skipped == nil {
				r.stats.Skipped = make(map[string]int)
			}
			r.stats.Skipped[m]++
			return true
		}
	}
	return false
}

func (r *resolver) outOfEra(id string, line int) {
	if r.stats.OutOfEra == nil {
		r.stats.OutOfEra = make(map[string]int)
		r.stats.FirstOutOfEra = make(map[string]int)
	}
	if r.stats.OutOfEra[id] == 0 {
		r.stats.FirstOutOfEra[id] = line
	}
	r.stats.OutOfEra[id]++
}

// badDateDetail explains a date that cannot be read.
func badDateDetail(s string) string {
	if isRound(s) {
		return "a round name such as 2018/19 does not say when in the round the grade was given; give the date of publication or inspection"
	}
	return "not a date: want YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD, an ISO date with a time, DD/MM/YYYY or DD/MM/YY (MM/DD with DateOrder MonthDayYear)"
}

// isRound reports whether s is written as a round of two years, 2018/19.
func isRound(s string) bool {
	if len(s) != 7 || s[4] != '/' {
		return false
	}
	for i, c := range []byte(s) {
		if i != 4 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func (r *resolver) unknownScale(line int, id string) *RowError {
	return &RowError{Line: line, Field: "scale", Value: id, Err: fmt.Errorf("%w: %w", ErrUnknownScale, &scale.InForceError{Family: id, Err: scale.ErrUnknownFamily}),
		Detail: "not a known scale or family"}
}

// maxListedLabels is how many of a scale's labels or codes an error lists.
const maxListedLabels = 20

// listSome joins at most maxListedLabels of items, then "… and N more".
func listSome(items []string) string {
	if len(items) <= maxListedLabels {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:maxListedLabels], ", ") + fmt.Sprintf(" … and %d more", len(items)-maxListedLabels)
}

// parseGrade reads the grade field: a label or alias of s, or, when it is
// a bare integer that is no label of s, the issuer's numeric code (see
// [grade.FromCode]).
func parseGrade(s *scale.Scale, label string) (grade.Grade, bool) {
	if g, err := grade.Parse(s, label); err == nil {
		return g, true
	}
	if code, ok := bareInteger(label); ok {
		if g, err := grade.FromCode(s, code); err == nil {
			return g, true
		}
	}
	return grade.Grade{}, false
}

// gradeError explains why label is not a grade of s.
func gradeError(line int, s *scale.Scale, label string) *RowError {
	const hint = "; to skip or map values that are not grades, see Missing and Recode (-missing, -recode)"
	if label == "" {
		return &RowError{Line: line, Field: "grade", Err: ErrMissingField, Detail: "missing"}
	}
	_, err := grade.Parse(s, label)
	if code, ok := bareInteger(label); ok {
		_, err := grade.FromCode(s, code)
		var ce *grade.CodeError
		errors.As(err, &ce)
		re := &RowError{Line: line, Field: "grade", Value: label, Err: err}
		switch {
		case ce == nil:
			re.Detail = "not a label or code of scale " + s.ID()
		case errors.Is(err, grade.ErrNoCodes):
			re.Detail = "not a label of scale " + s.ID() + ", which has no numeric codes (labels: " + listSome(ce.Labels) + ")"
		default:
			re.Detail = "not a label or code of scale " + s.ID() + " (codes, " + ce.Direction + ": " + listSome(ce.Codes) + ")"
		}
		return re
	}
	return &RowError{Line: line, Field: "grade", Value: label, Err: err,
		Detail: "not a label of scale " + s.ID() + " (labels: " + listSome(slices.Collect(s.Labels())) + ")" + hint}
}

// bareInteger reads s as a code: one to nine decimal digits and nothing
// else.
func bareInteger(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func (r *resolver) inForceDetail(family string, span date.Span, err error) string {
	var ife *scale.InForceError
	errors.As(err, &ife)
	if ife != nil && errors.Is(err, scale.ErrNotCatalogued) {
		// The scale package's own words name the successor and how to
		// register its scale; only its package prefix goes.
		return strings.TrimPrefix(ife.Error(), "scale: ")
	}
	var scales string
	if ife != nil {
		scales = strings.Join(ife.Scales, ", ")
	}
	dated := ""
	if r.inspected {
		dated = " (dated by inspection)"
	}
	when := "on " + date.Format(span.First, date.Day)
	if span.Precision != date.Day {
		when = "during " + date.Format(span.First, span.Precision)
	}
	switch {
	case errors.Is(err, scale.ErrOverlap) && span.Precision != date.Day:
		return fmt.Sprintf("more than one scale of family %s was in force %s%s (%s); give the scale ID or a fuller date", family, when, dated, scales)
	case errors.Is(err, scale.ErrOverlap):
		return fmt.Sprintf("more than one scale of family %s was in force %s%s (%s); give the scale ID", family, when, dated, scales)
	case span.Precision != date.Day:
		return fmt.Sprintf("no scale of family %s was in force at any time in %s%s", family, date.Format(span.First, span.Precision), dated)
	}
	return fmt.Sprintf("no scale of family %s was in force %s%s", family, when, dated)
}

// NewObservation builds an observation from its five fields written as the
// readers read them (see [Columns]): f.Scale is a scale ID, or a family ID
// that stands for its scale in force on the date, and f.Grade is a label,
// an alias or a numeric code of that scale. Surrounding white space is
// ignored. Scales and families are looked up in reg, or in the default
// registry when reg is nil. With a scale ID the date may be empty: the
// observation then has none, which [Series.Steps] and the other functions
// that need dates report.
//
// A bad field gives the same [*RowError] a reader gives for it, with Line
// 0: it wraps [ErrMissingField], [ErrBadDate], [ErrUnknownScale],
// [scale.ErrNotInForce], [scale.ErrOverlap], [grade.ErrUnknownLabel] or a
// [*grade.CodeError]. Missing values ([DefaultMissing]) are not skipped
// here: an empty grade is an [ErrMissingField] error.
func NewObservation(reg *scale.Registry, f Fields) (Observation, error) {
	r := resolver{reg: registryOr(reg)}
	o, re, _ := r.resolve(0, &f)
	if re != nil {
		return Observation{}, re
	}
	return o, nil
}

// ParseDate reads a date as the readers do (day before month in dates
// with slashes): YYYY-MM-DD, YYYY-MM or YYYY (years 1000 to 9999),
// YYYYMMDD, an ISO date with a time and an optional zone (the date as
// written, in that zone), DD/MM/YYYY or DD/MM/YY (YY below 69 is 20YY,
// else 19YY), with nothing around it. It returns the first day of the
// period written, at midnight UTC, and how much of the date was written;
// a year or a month stands for its first day, as in [Observation.Date].
// An error wraps [ErrBadDate].
func ParseDate(s string) (time.Time, Precision, error) {
	span, err := date.ParseInput(s, date.DayFirst)
	if err != nil {
		return time.Time{}, Day, fmt.Errorf("trend: %q: %w", s, ErrBadDate)
	}
	return span.First, precisionOf(span.Precision), nil
}
