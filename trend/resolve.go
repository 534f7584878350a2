package trend

import (
	"errors"
	"fmt"
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
	areas     AreaMap
	foldCase  bool

	// What the registry answered for each scale or family as written,
	// since the same ones recur from row to row; emptied when it grows too
	// big. Used only when cache is true.
	cache bool
	ids   map[string]*idCache
	// recent holds the last IDs looked up, searched in order before ids:
	// a file names few, and comparing a word and then a short string costs
	// less than hashing it.
	recent  [recentIDs]recentID
	nRecent int

	interned map[string]string // subjects and areas, by themselves or folded
	variants map[string]string // folded, to the first spelling met (without FoldCase)
	stats    ReadStats
}

func newResolver(o *ReadOptions) resolver {
	r := resolver{reg: registryOr(o.Registry), cache: true, missing: o.Missing, areas: o.Areas, foldCase: o.FoldCase,
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
const maxInterned = 1 << 16

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
		if v, ok := r.interned[s]; ok { // the exact spelling, met before
			return v
		}
		key = fold(s)
	}
	if v, ok := r.interned[key]; ok {
		if r.foldCase && len(r.interned) < maxInterned {
			r.interned[strings.Clone(s)] = v
		}
		return v
	}
	v := strings.Clone(s)
	if r.interned == nil {
		r.interned = make(map[string]string)
	}
	if len(r.interned) < maxInterned {
		r.interned[strings.Clone(key)] = v
		if r.foldCase && key != s {
			r.interned[v] = v
		}
	}
	if !r.foldCase && len(r.stats.CaseVariants) < 10 {
		f := fold(v)
		if first, ok := r.variants[f]; ok && first != v {
			r.stats.CaseVariants = append(r.stats.CaseVariants, [2]string{first, v})
		} else if !ok && len(r.variants) < maxInterned {
			if r.variants == nil {
				r.variants = make(map[string]string)
			}
			r.variants[f] = v
		}
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
	family []familyScale
	// spans holds the answer for each date span asked about, by spanKey
	// (emptied when it grows too big).
	spans map[uint32]*inForce
}

type familyScale struct {
	scale  *scale.Scale
	labels *labelCache
}

// inForce is the registry's answer for one family and span: the scales in
// force (positions in the family), or the error.
type inForce struct {
	scales []int
	err    error
}

// spanKey identifies a span as date.Parse makes it: its first day, at
// midnight UTC, counted from 1970, and its precision, which together fix
// its last day. Years 1000 to 9999 give distinct keys.
func spanKey(span date.Span) uint32 {
	return uint32(span.First.Unix()/86400)<<2 | uint32(span.Precision)
}

// maxCachedSpans bounds the spans an idCache keeps.
const maxCachedSpans = 1 << 16

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
// bytes, or for a longer label its first eight bytes and its length. Two
// labels with different keys differ; two with the same key are compared.
func labelKey(s string) uint64 {
	if len(s) >= 8 {
		return load64(s) ^ uint64(len(s))
	}
	k := uint64(len(s)) << 56
	for i := 0; i < len(s); i++ {
		k |= uint64(s[i]) << (8 * i)
	}
	return k
}

// maxCached bounds the number of scale and family IDs, and of labels per
// scale, that a Reader keeps.
const (
	maxCached      = 1 << 10
	maxCachedLabel = 32
)

// trimmed reports whether a field that starts or ends with c has nothing
// there for strings.TrimSpace to remove: c is ASCII and not white space.
func trimmed(c byte) bool { return c > ' ' && c < utf8.RuneSelf }

// trim is strings.TrimSpace, without a call for the usual field that has
// nothing to trim.
func trim(v string) string {
	if v == "" || !trimmed(v[0]) || !trimmed(v[len(v)-1]) {
		return strings.TrimSpace(v)
	}
	return v
}

// recentIDs is the size of resolver.recent.
const recentIDs = 8

type recentID struct {
	key uint64 // labelKey(id)
	id  string
	ic  *idCache
}

// lookupID returns the cache entry for a scale or family ID, making it on
// first use; nil when id is neither.
func (r *resolver) lookupID(id string) *idCache {
	var key uint64
	if r.cache {
		key = labelKey(id)
		for i := range r.nRecent {
			if e := &r.recent[i]; e.key == key && e.id == id {
				return e.ic
			}
		}
		if ic, ok := r.ids[id]; ok {
			r.remember(key, ic)
			return ic
		}
	}
	ic := &idCache{id: strings.Clone(id)}
	if s, ok := r.reg.Lookup(id); ok {
		ic.scale, ic.labels = s, new(labelCache)
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
		}
		r.ids[ic.id] = ic
		r.remember(key, ic)
	}
	return ic
}

// remember puts ic, the cache entry of an ID with the given labelKey, in
// recent, in place of the oldest.
func (r *resolver) remember(key uint64, ic *idCache) {
	if r.nRecent < recentIDs {
		r.nRecent++
	}
	copy(r.recent[1:r.nRecent], r.recent[:r.nRecent-1])
	r.recent[0] = recentID{key, ic.id, ic}
}

// during returns the scales of the family in force in the span, as
// positions in ic.family, asking the registry once per span.
func (ic *idCache) during(r *resolver, span date.Span) *inForce {
	key := spanKey(span)
	if a, ok := ic.spans[key]; ok {
		return a
	}
	var scales []*scale.Scale
	var err error
	if r.inspected {
		scales, err = r.reg.InForceInspectedDuring(ic.id, span.First, span.Last)
	} else {
		scales, err = r.reg.InForceDuring(ic.id, span.First, span.Last)
	}
	a := &inForce{err: err}
	for _, s := range scales {
		for j := range ic.family {
			if ic.family[j].scale == s {
				a.scales = append(a.scales, j)
			}
		}
	}
	if ic.spans == nil || len(ic.spans) >= maxCachedSpans {
		ic.spans = make(map[uint32]*inForce)
	}
	ic.spans[key] = a
	return a
}

// resolve checks the fields of the record on the line and returns its
// observation; missing reports a grade that is one of the missing values,
// and the record is then to be skipped. A date may be missing when the
// scale is a scale ID.
func (r *resolver) resolve(line int, f *Fields) (o Observation, re *RowError, missing bool) {
	subject, area, dateText, id, label := trim(f.Subject), trim(f.Area), trim(f.Date), trim(f.Scale), trim(f.Grade)
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
			if era := s.Era(); !era.From.IsZero() && (era.From.After(span.Last) || !era.IsOpen() && era.Until.Before(span.First)) {
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
		case len(a.scales) == 1:
			fs := &ic.family[a.scales[0]]
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
	if r.areas != nil {
		area = r.areas.Map(area)
	}
	o = Observation{Subject: r.intern(subject), Area: r.intern(area), Date: span.First, Precision: precisionOf(span.Precision), Grade: g}
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
