package scale

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gradewalk/gradewalk/internal/date"
)

// MaxLevels is the largest number of levels a scale may have.
const MaxLevels = 1000

// Definition is the plain, editable description of a scale, from which
// [New] builds an immutable [Scale]. Its JSON form is the one the built-in
// catalogue is written in.
type Definition struct {
	ID     string `json:"id"`     // lowercase slug: letters, digits, single hyphens
	Name   string `json:"name"`   // required
	Issuer string `json:"issuer"` // required
	Family string `json:"family"` // slug, required
	Era    Era    `json:"era"`    // From required
	Source Source `json:"source"`
	// Caveat states, in gradewalk's words, what changed when this scale
	// replaced the previous one of its family (see [Scale.Caveat]).
	Caveat string `json:"caveat,omitempty"`
	Notes  string `json:"notes,omitempty"`
	// Confirmed reports that everything in the definition (labels, order,
	// meanings, era) was checked against the issuer's own publications.
	// False, the default, means that something is unconfirmed, and Notes
	// should say what.
	Confirmed bool `json:"confirmed"`
	// Checked is the date on which the definition was last checked against
	// its sources, written as YYYY, YYYY-MM or YYYY-MM-DD; optional.
	Checked string `json:"checked,omitempty"`
	// Levels lists the levels from worst to best: at least two.
	Levels []LevelDefinition `json:"levels"`
	// Distributions lists the national distributions of grades published
	// for rounds graded on the scale, at most one marked as the reference.
	Distributions []DistributionDefinition `json:"distributions,omitempty"`
	// Successor, when set, names the scale known to have replaced this one
	// whose definition is not yet in the catalogue (see [Successor]). Only a
	// closed era can have one.
	Successor *Successor `json:"successor,omitempty"`
}

// Successor names the scale that replaced a scale of the catalogue when the
// replacement is known to be in use but cannot be defined yet, typically
// because its labels are not confirmed. A date after the end of the
// predecessor's era is then not silently outside every era: [Registry.InForce]
// reports it with [ErrNotCatalogued] and says how to register the scale.
type Successor struct {
	Name string `json:"name"` // what the issuer calls the new round or framework
	// From is the first publication graded on the successor, written as
	// YYYY, YYYY-MM or YYYY-MM-DD; it must come after the predecessor's era.
	From string `json:"from"`
	// InspectedFrom is when its inspections began, in the same form, on or
	// before From; optional.
	InspectedFrom string `json:"inspected_from,omitempty"`
	Source        Source `json:"source"`
}

// LevelDefinition describes one level of a [Definition].
type LevelDefinition struct {
	Label   string   `json:"label"`
	Aliases []string `json:"aliases,omitempty"`
	Meaning string   `json:"meaning,omitempty"`
	// Code is the issuer's published numeric code, nil where none is published.
	Code *int `json:"code,omitempty"`
}

// ErrInvalidDefinition is wrapped by every error that rejects a definition.
// The error is a [*DefinitionError], which also wraps one of the more
// specific errors below.
var ErrInvalidDefinition = errors.New("invalid scale definition")

// Specific problems with a definition, each wrapped by a [*DefinitionError].
// ErrMissingField and ErrBadDate also stand for an empty required field and
// a malformed date outside definitions: the trend package's row errors wrap
// these same values (see [ErrUnknownScale] on who owns each sentinel).
var (
	ErrMissingField = errors.New("required field is empty")
	ErrBadID        = errors.New("not a lowercase slug (letters, digits and single hyphens)")
	// ErrLevelCount: fewer than 2 levels, or more than [MaxLevels]; the
	// error's detail says which, as "at most 1000 levels: got 1001".
	ErrLevelCount     = errors.New("wrong number of levels")
	ErrDuplicateLabel = errors.New("label or alias repeats another after normalisation")
	ErrDuplicateCode  = errors.New("numeric code repeats another level's")
	ErrBadEra         = errors.New("era ends before it starts")
	ErrBadDate        = errors.New("date is not YYYY, YYYY-MM or YYYY-MM-DD")
	ErrBadText        = errors.New("text is not valid UTF-8")
	ErrBadURL         = errors.New("not an absolute http or https URL")
	ErrSyntax         = errors.New("malformed JSON")
)

// DefinitionError reports what is wrong with a scale definition and where.
type DefinitionError struct {
	ID    string // the definition's ID, or "#N" (N counted from 1) when it has none
	Field string // JSON path of the offending field, e.g. "levels[2].aliases[0]"
	Line  int    // line in the JSON input, when known; 0 otherwise
	Err   error  // one of the specific errors above, or a JSON decoding error
	// Detail adds what was found, e.g. the clashing labels.
	Detail string
}

// Error describes the problem and where it is.
func (e *DefinitionError) Error() string {
	var b strings.Builder
	b.WriteString("scale: ")
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.ID != "" {
		fmt.Fprintf(&b, "definition %s: ", e.ID)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "%s: ", e.Field)
	}
	b.WriteString(e.Err.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns [ErrInvalidDefinition] and the specific error.
func (e *DefinitionError) Unwrap() []error { return []error{ErrInvalidDefinition, e.Err} }

// New validates d and builds a scale from it. The scale keeps copies of
// everything in d. A rejected definition gives a [*DefinitionError].
//
// New interns scales (see [Scale]): when a scale built from the same
// definition is still in use, New returns that very *Scale, so that
// building a definition twice gives one scale, not two that must be told
// apart. The table holds scales weakly and is safe for concurrent use: a
// scale that nothing else refers to is collected, and its entry with it.
func New(d Definition) (*Scale, error) {
	name := d.ID
	if name == "" {
		name = "#1"
	}
	return build(d, name)
}

func build(d Definition, name string) (*Scale, error) {
	fail := func(field string, err error, detail string) (*Scale, error) {
		return nil, &DefinitionError{ID: name, Field: field, Err: err, Detail: detail}
	}
	for _, f := range [...]struct{ field, value string }{
		{"id", d.ID}, {"name", d.Name}, {"issuer", d.Issuer}, {"family", d.Family},
		{"caveat", d.Caveat}, {"notes", d.Notes}, {"checked", d.Checked}, {"era.from_source", d.Era.FromSource}, {"era.until_source", d.Era.UntilSource},
	} {
		if !utf8.ValidString(f.value) {
			return fail(f.field, ErrBadText, "")
		}
	}
	switch {
	case d.ID == "":
		return fail("id", ErrMissingField, "")
	case !isSlug(d.ID):
		return fail("id", ErrBadID, strconv.Quote(d.ID))
	case strings.TrimSpace(d.Name) == "":
		return fail("name", ErrMissingField, "")
	case strings.TrimSpace(d.Issuer) == "":
		return fail("issuer", ErrMissingField, "")
	case d.Family == "":
		return fail("family", ErrMissingField, "")
	case !isSlug(d.Family):
		return fail("family", ErrBadID, strconv.Quote(d.Family))
	case d.Era.From.IsZero():
		return fail("era.from", ErrMissingField, "")
	case !d.Era.IsOpen() && dayOf(d.Era.Until).Before(dayOf(d.Era.From)):
		return fail("era", ErrBadEra, d.Era.String())
	case len(d.Levels) < 2:
		return fail("levels", ErrLevelCount, fmt.Sprintf("at least 2 levels: got %d", len(d.Levels)))
	case len(d.Levels) > MaxLevels:
		return fail("levels", ErrLevelCount, fmt.Sprintf("at most %d levels: got %d", MaxLevels, len(d.Levels)))
	case checkDate(d.Checked) != nil:
		return fail("checked", ErrBadDate, strconv.Quote(d.Checked))
	case !d.Era.InspectedFrom.IsZero() && dayOf(d.Era.InspectedFrom).After(dayOf(d.Era.From)):
		return fail("era.inspected_from", ErrBadEra, "inspections began after the first publication")
	case d.Era.IsOpen() && (d.Era.UntilSource != "" || d.Era.UntilConfirmed):
		return fail("era.until_source", ErrBadEra, "an open era has no end to source or confirm")
	}
	if field, detail, err := checkSource("source", d.Source); err != nil {
		return fail(field, err, detail)
	}
	for _, u := range [...]struct{ field, value string }{
		{"era.from_source", d.Era.FromSource}, {"era.until_source", d.Era.UntilSource},
	} {
		if !isURL(u.value) {
			return fail(u.field, ErrBadURL, strconv.Quote(u.value))
		}
	}

	s := &Scale{
		id: d.ID, name: d.Name, issuer: d.Issuer, family: d.Family,
		era: Era{From: dayOf(d.Era.From), fromPrecision: dayPrecision(d.Era.fromPrecision),
			FromSource: d.Era.FromSource, FromConfirmed: d.Era.FromConfirmed},
		source: d.Source, caveat: d.Caveat, notes: d.Notes,
		confirmed: d.Confirmed, checked: d.Checked,
		levels: make([]Level, len(d.Levels)),
		index:  make(map[string]int),
	}
	if !d.Era.IsOpen() {
		s.era.Until, s.era.untilPrecision = dayOf(d.Era.Until), dayPrecision(d.Era.untilPrecision)
		s.era.UntilSource, s.era.UntilConfirmed = d.Era.UntilSource, d.Era.UntilConfirmed
	}
	if !d.Era.InspectedFrom.IsZero() {
		s.era.InspectedFrom = dayOf(d.Era.InspectedFrom)
		s.era.inspectedPrecision = dayPrecision(d.Era.inspectedPrecision)
	}
	where := make(map[string]string) // normal form -> field that defined it
	codes := make(map[int]string)
	for i, ld := range d.Levels {
		rank := i + 1
		field := fmt.Sprintf("levels[%d]", i)
		if !utf8.ValidString(ld.Label) {
			return fail(field+".label", ErrBadText, "")
		}
		if !utf8.ValidString(ld.Meaning) {
			return fail(field+".meaning", ErrBadText, "")
		}
		add := func(field, text string) error {
			norm := NormalizeLabel(text)
			if norm == "" {
				return &DefinitionError{ID: name, Field: field, Err: ErrMissingField}
			}
			if prev, dup := where[norm]; dup {
				return &DefinitionError{ID: name, Field: field, Err: ErrDuplicateLabel,
					Detail: fmt.Sprintf("%q matches %s", text, prev)}
			}
			where[norm] = fmt.Sprintf("%s %q", field, text)
			s.index[norm] = rank
			return nil
		}
		if err := add(field+".label", ld.Label); err != nil {
			return nil, err
		}
		lvl := Level{rank: rank, label: ld.Label, meaning: ld.Meaning}
		for j, a := range ld.Aliases {
			if !utf8.ValidString(a) {
				return fail(fmt.Sprintf("%s.aliases[%d]", field, j), ErrBadText, "")
			}
			if err := add(fmt.Sprintf("%s.aliases[%d]", field, j), a); err != nil {
				return nil, err
			}
		}
		if len(ld.Aliases) > 0 {
			lvl.aliases = append([]string(nil), ld.Aliases...)
		}
		if ld.Code != nil {
			if prev, dup := codes[*ld.Code]; dup {
				return fail(field+".code", ErrDuplicateCode, fmt.Sprintf("%d is also the code of %s", *ld.Code, prev))
			}
			codes[*ld.Code] = fmt.Sprintf("%q", ld.Label)
			lvl.code, lvl.hasCode = *ld.Code, true
		}
		s.levels[i] = lvl
	}
	if field, detail, err := checkDistributions(d.Distributions, len(d.Levels)); err != nil {
		return fail(field, err, detail)
	}
	s.dists = cloneDistributions(d.Distributions)
	if d.Successor != nil {
		succ, field, detail, err := newSuccessor(*d.Successor, s.era)
		if err != nil {
			return fail(field, err, detail)
		}
		s.successor = succ
	}
	s.digest = s.definitionDigest()
	return intern(s), nil
}

// newSuccessor validates a definition's successor against the era of the
// scale it follows and returns it with its dates read, or the field, a
// detail and the error of the first problem.
func newSuccessor(d Successor, era Era) (*successor, string, string, error) {
	const f = "successor"
	if !utf8.ValidString(d.Name) {
		return nil, f + ".name", "", ErrBadText
	}
	if strings.TrimSpace(d.Name) == "" {
		return nil, f + ".name", "", ErrMissingField
	}
	if era.IsOpen() {
		return nil, f, "an open era has no successor", ErrBadEra
	}
	if d.From == "" {
		return nil, f + ".from", "", ErrMissingField
	}
	from, err := date.Parse(d.From)
	if err != nil {
		return nil, f + ".from", strconv.Quote(d.From), ErrBadDate
	}
	if !from.First.After(dayOf(era.Until)) {
		return nil, f + ".from", "the successor must start after the era ends", ErrBadEra
	}
	inspected := from.First
	if d.InspectedFrom != "" {
		span, err := date.Parse(d.InspectedFrom)
		if err != nil {
			return nil, f + ".inspected_from", strconv.Quote(d.InspectedFrom), ErrBadDate
		}
		if span.First.After(from.First) {
			return nil, f + ".inspected_from", "inspections began after the first publication", ErrBadEra
		}
		inspected = span.First
	}
	if field, detail, err := checkSource(f+".source", d.Source); err != nil {
		return nil, field, detail, err
	}
	return &successor{def: d, from: from.First, inspected: inspected}, "", "", nil
}

// checkSource validates a [Source] written at field (such as "source" or
// "distributions[0].source"): its text, its optional date and its optional
// URL. It returns the offending field, a detail and the error of the first
// problem.
func checkSource(field string, src Source) (string, string, error) {
	for _, f := range [...]struct{ name, value string }{
		{"publisher", src.Publisher}, {"title", src.Title}, {"date", src.Date}, {"url", src.URL},
	} {
		if !utf8.ValidString(f.value) {
			return field + "." + f.name, "", ErrBadText
		}
	}
	if checkDate(src.Date) != nil {
		return field + ".date", strconv.Quote(src.Date), ErrBadDate
	}
	if !isURL(src.URL) {
		return field + ".url", strconv.Quote(src.URL), ErrBadURL
	}
	return "", "", nil
}

// isURL reports whether s is empty or an absolute http or https URL with a
// host.
func isURL(s string) bool {
	if s == "" {
		return true
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}

// ParseDefinitions reads scale definitions from JSON: either one definition
// object or an array of them. Unknown fields are rejected, so a misspelt
// field is reported rather than ignored. Errors are [*DefinitionError]s that
// give the line of the problem.
func ParseDefinitions(data []byte) ([]Definition, error) {
	defs, _, err := parseDefinitions(data)
	return defs, err
}

// parseDefinitions also returns the offset at which each definition starts,
// so that [Load] can say where an invalid one is.
func parseDefinitions(data []byte) (defs []Definition, starts []int64, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	decodeOne := func() error {
		var d Definition
		offset := dec.InputOffset() + int64(leadingSpace(data[dec.InputOffset():]))
		starts = append(starts, offset)
		start := len(defs) + 1
		if err := dec.Decode(&d); err != nil {
			return decodeError(data, dec, err, "#"+strconv.Itoa(start), offset)
		}
		defs = append(defs, d)
		return nil
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if err := decodeOne(); err != nil {
			return nil, nil, err
		}
	} else {
		tok, err := dec.Token()
		if err != nil || tok != json.Delim('[') {
			return nil, nil, &DefinitionError{Line: lineAt(data, dec.InputOffset()), Err: ErrSyntax,
				Detail: "want a definition object or an array of them"}
		}
		for dec.More() {
			if err := decodeOne(); err != nil {
				return nil, nil, err
			}
		}
		if _, err := dec.Token(); err != nil {
			return nil, nil, decodeError(data, dec, err, "", -1)
		}
	}
	if _, extra := dec.Token(); extra != io.EOF {
		return nil, nil, &DefinitionError{Line: lineAt(data, dec.InputOffset()), Err: ErrSyntax,
			Detail: "unexpected data after the definitions"}
	}
	return defs, starts, nil
}

func leadingSpace(b []byte) int {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t' || b[n] == '\r' || b[n] == '\n' || b[n] == ',') {
		n++
	}
	return n
}

// decodeError describes err from decoding the definition that starts at
// offset start in data (-1 when not decoding a definition).
//
// The offsets in errors from dec are not reliably offsets in data (a Decoder
// counts neither the bytes that Token reads nor the white space it skips, and
// type errors count from the start of the value), so a definition that fails
// is decoded again on its own from start, where both kinds count from start.
// Errors with no offset of their own (a bad era date, an unknown field) are
// reported on the line the definition starts on, as [Load] reports invalid
// definitions.
func decodeError(data []byte, dec *json.Decoder, err error, name string, start int64) error {
	e := &DefinitionError{ID: name, Err: ErrSyntax, Line: lineAt(data, dec.InputOffset())}
	base := int64(0)
	if start >= 0 {
		e.Line = lineAt(data, start)
		var d Definition
		again := json.NewDecoder(bytes.NewReader(data[start:]))
		again.DisallowUnknownFields()
		if err2 := again.Decode(&d); err2 != nil {
			err, base = err2, start
		}
	}
	e.Detail = err.Error()
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var era *eraError
	switch {
	case errors.As(err, &era):
		e.Err, e.Detail, e.Field = era.err, era.detail, "era"
	case errors.As(err, &syn):
		e.Line = lineAt(data, base+syn.Offset)
	case errors.As(err, &typ):
		e.Line = lineAt(data, base+typ.Offset)
		e.Field = typ.Field
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		e.Detail = "unexpected end of input"
		e.Line = lineAt(data, int64(len(data)))
	}
	return e
}

func lineAt(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	return 1 + bytes.Count(data[:offset], []byte{'\n'})
}

// Load reads definitions from JSON (see [ParseDefinitions]) and builds a
// scale from each. It stops at the first invalid definition and reports it
// with the line of the offending field, or the line on which the definition
// starts when the field is missing.
func Load(data []byte) ([]*Scale, error) {
	defs, starts, err := parseDefinitions(data)
	if err != nil {
		return nil, err
	}
	scales := make([]*Scale, 0, len(defs))
	for i, d := range defs {
		name := d.ID
		if name == "" {
			name = "#" + strconv.Itoa(i+1)
		}
		s, err := build(d, name)
		if err != nil {
			var de *DefinitionError
			if errors.As(err, &de) {
				de.Line = lineAt(data, fieldOffset(data, starts[i], de.Field))
			}
			return nil, err
		}
		scales = append(scales, s)
	}
	return scales, nil
}

func marshalDefinition(d Definition) ([]byte, error) { return json.Marshal(d) }

// UnmarshalJSON builds the scale from one definition object in the form
// [ParseDefinitions] reads, validating it as [Load] does, so that
// json.Unmarshal into a Scale either gives a valid scale or fails with a
// [*DefinitionError]. It only fills a zero Scale: a scale once built never
// changes, so unmarshalling into one fails. The scale is not registered.
func (s *Scale) UnmarshalJSON(data []byte) error {
	if s.id != "" {
		return &DefinitionError{ID: s.id, Err: ErrSyntax,
			Detail: "cannot unmarshal into a scale that is already built; use a new Scale"}
	}
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return &DefinitionError{Line: 1, Err: ErrSyntax, Detail: "want one definition object"}
	}
	scales, err := Load(data)
	if err != nil {
		return err
	}
	*s = *scales[0]
	return nil
}

type precision = date.Precision

func dayOf(t time.Time) time.Time { return date.DayOf(t) }

// dayPrecision returns p, or [date.Day] for the zero precision of an Era
// written in code, so that a scale's Definition says how its dates are
// written in JSON and survives a round trip through it unchanged.
func dayPrecision(p precision) precision {
	if p == 0 {
		return date.Day
	}
	return p
}

type eraJSON struct {
	From           string `json:"from"`
	Until          string `json:"until,omitempty"`
	InspectedFrom  string `json:"inspected_from,omitempty"`
	FromSource     string `json:"from_source,omitempty"`
	UntilSource    string `json:"until_source,omitempty"`
	FromConfirmed  bool   `json:"from_confirmed,omitempty"`
	UntilConfirmed bool   `json:"until_confirmed,omitempty"`
}

type eraError struct {
	err    error
	detail string
}

func (e *eraError) Error() string { return "scale: era: " + e.err.Error() + ": " + e.detail }

// Unwrap returns [ErrBadDate] or [ErrSyntax], so that callers decoding an
// [Era] on its own can tell them apart with errors.Is.
func (e *eraError) Unwrap() error { return e.err }

// MarshalJSON writes the era as {"from": …, "until": …, …}, omitting an
// open end and empty fields, with each date in the precision it was defined
// with.
func (e Era) MarshalJSON() ([]byte, error) {
	j := eraJSON{
		FromSource: e.FromSource, UntilSource: e.UntilSource,
		FromConfirmed: e.FromConfirmed, UntilConfirmed: e.UntilConfirmed,
	}
	if !e.From.IsZero() {
		j.From = date.Format(e.From, e.fromPrecision)
	}
	if !e.IsOpen() {
		j.Until = date.Format(e.Until, e.untilPrecision)
	}
	if !e.InspectedFrom.IsZero() {
		j.InspectedFrom = date.Format(e.InspectedFrom, e.inspectedPrecision)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads {"from": …, "until": …, …} with dates written as YYYY,
// YYYY-MM or YYYY-MM-DD.
func (e *Era) UnmarshalJSON(data []byte) error {
	var j eraJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return &eraError{ErrSyntax, err.Error()}
	}
	era := Era{
		FromSource: j.FromSource, UntilSource: j.UntilSource,
		FromConfirmed: j.FromConfirmed, UntilConfirmed: j.UntilConfirmed,
	}
	for _, f := range [...]struct {
		name, text string
		at         *time.Time
		p          *precision
		last       bool
	}{
		{"from", j.From, &era.From, &era.fromPrecision, false},
		{"until", j.Until, &era.Until, &era.untilPrecision, true},
		{"inspected_from", j.InspectedFrom, &era.InspectedFrom, &era.inspectedPrecision, false},
	} {
		if f.text == "" {
			continue
		}
		span, err := date.Parse(f.text)
		if err != nil {
			return &eraError{ErrBadDate, f.name + ": " + strconv.Quote(f.text)}
		}
		*f.at, *f.p = span.First, span.Precision
		if f.last {
			*f.at = span.Last
		}
	}
	*e = era
	return nil
}

// fieldOffset returns the offset in data of the field at path (such as
// "distributions[1].counts[2]") of the JSON object that starts at offset
// start, or start when the field is not there. The offset is that of the
// field's key, or of the element for a path that ends in an index.
func fieldOffset(data []byte, start int64, path string) int64 {
	dec := json.NewDecoder(bytes.NewReader(data[start:]))
	at := int64(0)
	for seg := range strings.SplitSeq(path, ".") {
		key, index, _ := strings.Cut(seg, "[")
		if key == "" || !findKey(dec, key) {
			return start
		}
		at = dec.InputOffset()
		for index != "" {
			var nStr string
			nStr, index, _ = strings.Cut(index, "]")
			index = strings.TrimPrefix(index, "[")
			n, err := strconv.Atoi(nStr)
			if err != nil || !findElement(dec, n) {
				return start
			}
			at = dec.InputOffset()
			at += int64(leadingSpace(data[start+at:]))
		}
	}
	return start + at
}

// findKey reads the opening of an object from dec and its members up to the
// key, leaving dec before the key's value.
func findKey(dec *json.Decoder, key string) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if tok == key {
			return true
		}
		if !skipValue(dec) {
			return false
		}
	}
	return false
}

// findElement reads the opening of an array from dec and its elements
// before element n, leaving dec before that element.
func findElement(dec *json.Decoder, n int) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	for i := 0; i < n; i++ {
		if !dec.More() || !skipValue(dec) {
			return false
		}
	}
	return dec.More()
}

// skipValue reads one whole value from dec.
func skipValue(dec *json.Decoder) bool {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return true
		}
	}
}
