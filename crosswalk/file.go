package crosswalk

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gradewalk/gradewalk/scale"
)

// Errors wrapped by a [*FileError]. Problems with one scale's numbers wrap
// [ErrInvalidCounts] or [ErrInvalidCuts] (through a [*ScaleError]) and an
// unknown scale ID wraps [scale.ErrUnknownScale].
var (
	ErrFileSyntax   = errors.New("malformed crosswalk file")
	ErrFileEmpty    = errors.New("crosswalk file covers no scale")
	ErrFileTwice    = errors.New("scale given twice")
	ErrFileNotArray = errors.New("want an array of numbers")
)

// FileError reports what is wrong with a crosswalk file, and where.
type FileError struct {
	Line  int    // line in the JSON input, when known; 0 otherwise
	Field string // "counts" or "cuts", when known
	Scale string // the scale ID at fault, when known
	Err   error
	// Detail adds what was found.
	Detail string
}

// Error describes the problem and where it is.
func (e *FileError) Error() string {
	var b strings.Builder
	b.WriteString("crosswalk: file: ")
	if e.Line > 0 {
		b.WriteString("line " + strconv.Itoa(e.Line) + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Scale != "" {
			b.WriteString("[" + strconv.Quote(e.Scale) + "]")
		}
		b.WriteString(": ")
	}
	var se *ScaleError
	if errors.As(e.Err, &se) {
		// The field and scale are named already; say the rest.
		if se.Level > 0 {
			b.WriteString("level " + strconv.Itoa(se.Level) + ": ")
		}
		b.WriteString(se.Err.Error())
		if se.Detail != "" {
			b.WriteString(": " + se.Detail)
		}
	} else {
		b.WriteString(e.Err.Error())
	}
	if e.Detail != "" {
		b.WriteString(": " + e.Detail)
	}
	return b.String()
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *FileError) Unwrap() error { return e.Err }

// ParseJSON reads a data-driven crosswalk from JSON. The file gives, for
// each scale it covers, either how often each level was awarded (worst
// level first) or the scale's cut points on the common ordinal:
//
//	{"counts": {"hmic-peel-2014": [2, 10, 25, 6]},
//	 "cuts":   {"hmicfrs-peel-2021": [0, 0.1, 0.3, 0.6, 0.9, 1]}}
//
// Either key may be left out, but not both, and a scale may appear under
// only one. Counts are read as by [FromDistributions] and cut points as by
// [FromCutPoints]. Scale IDs are looked up in r, or in the default registry
// when r is nil. Unknown keys are rejected, so that a misspelt key is
// reported rather than ignored. Errors are [*FileError]s naming the field
// and scale at fault.
//
// The crosswalk covers only the scales in the file: using any other is an
// error wrapping [ErrNotCovered]. Its basis is [File]; [Crosswalk.Named]
// names the file. With counts it is norm-referenced
// ([Crosswalk.NormReferenced]).
func ParseJSON(data []byte, r *scale.Registry) (*Crosswalk, error) {
	if r == nil {
		r = scale.Default()
	}
	p := fileParser{data: data, dec: json.NewDecoder(bytes.NewReader(data)), reg: r}
	counts, cuts, err := p.parse()
	if err != nil {
		return nil, err
	}
	cw := newDataDriven("", len(counts)+len(cuts))
	for _, e := range counts { // in file order, so the first bad scale is reported
		cov, err := coverageFromCounts(e.scale, e.values)
		if err == nil {
			err = cw.add(cov, ErrInvalidCounts)
		}
		if err != nil {
			return nil, &FileError{Line: e.line, Field: "counts", Scale: e.scale.ID(), Err: err}
		}
	}
	for _, e := range cuts {
		err := checkCuts(e.scale, e.values)
		if err == nil {
			err = cw.add(coverage{scale: e.scale, cuts: e.values}, ErrInvalidCuts)
		}
		if err != nil {
			return nil, &FileError{Line: e.line, Field: "cuts", Scale: e.scale.ID(), Err: err}
		}
	}
	cw.intervals = newIntervals(cw)
	switch {
	case len(cuts) == 0:
		cw.name = "data-driven (from distributions)"
	case len(counts) == 0:
		cw.name = "from cut points"
	default:
		cw.name = "data-driven (from distributions and cut points)"
	}
	cw.short, cw.basis = "from a file", Basis{kind: File}
	return cw, nil
}

type fileEntry struct {
	scale  *scale.Scale
	values []float64
	line   int
}

type fileParser struct {
	data []byte
	dec  *json.Decoder
	reg  *scale.Registry
	seen map[*scale.Scale]string
}

func (p *fileParser) line() int { return lineOf(p.data, p.dec.InputOffset()) }

func lineOf(data []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(data)))
	return 1 + bytes.Count(data[:offset], []byte{'\n'})
}

func (p *fileParser) syntax(err error) error {
	detail := "unexpected end of input"
	line := p.line()
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		detail, line = syn.Error(), lineOf(p.data, syn.Offset)
	case err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF):
		detail = err.Error()
	}
	return &FileError{Line: line, Err: ErrFileSyntax, Detail: detail}
}

func (p *fileParser) want(d json.Delim, what string) error {
	tok, err := p.dec.Token()
	if err != nil {
		return p.syntax(err)
	}
	if tok != d {
		return &FileError{Line: p.line(), Err: ErrFileSyntax, Detail: "want " + what}
	}
	return nil
}

func (p *fileParser) parse() (counts, cuts []fileEntry, err error) {
	p.seen = make(map[*scale.Scale]string)
	if err := p.want('{', `an object with "counts" or "cuts"`); err != nil {
		return nil, nil, err
	}
	var keys []string
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, nil, p.syntax(err)
		}
		key, _ := tok.(string)
		if key != "counts" && key != "cuts" {
			return nil, nil, &FileError{Line: p.line(), Err: ErrFileSyntax, Detail: "unknown key " + strconv.Quote(key) + `: want "counts" or "cuts"`}
		}
		if slices.Contains(keys, key) {
			return nil, nil, &FileError{Line: p.line(), Err: ErrFileSyntax, Detail: "key " + strconv.Quote(key) + " appears twice"}
		}
		keys = append(keys, key)
		entries, err := p.scales(key)
		if err != nil {
			return nil, nil, err
		}
		if key == "counts" {
			counts = entries
		} else {
			cuts = entries
		}
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return nil, nil, p.syntax(err)
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, nil, &FileError{Line: p.line(), Err: ErrFileSyntax, Detail: "unexpected data after the object"}
	}
	if len(counts)+len(cuts) == 0 {
		return nil, nil, &FileError{Err: ErrFileEmpty}
	}
	return counts, cuts, nil
}

func (p *fileParser) scales(field string) ([]fileEntry, error) {
	if err := p.want('{', "an object from scale IDs to arrays of numbers"); err != nil {
		err.(*FileError).Field = field
		return nil, err
	}
	var entries []fileEntry
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return nil, p.syntax(err)
		}
		id, _ := tok.(string)
		line := p.line()
		s, ok := p.reg.Lookup(id)
		if !ok {
			return nil, &FileError{Line: line, Field: field, Scale: id, Err: scale.ErrUnknownScale}
		}
		if prev, dup := p.seen[s]; dup {
			return nil, &FileError{Line: line, Field: field, Scale: id, Err: ErrFileTwice, Detail: "also under " + prev}
		}
		p.seen[s] = field
		var values []float64
		if err := p.dec.Decode(&values); err != nil {
			var typ *json.UnmarshalTypeError
			if errors.As(err, &typ) {
				return nil, &FileError{Line: lineOf(p.data, typ.Offset), Field: field, Scale: id, Err: ErrFileNotArray, Detail: "got " + typ.Value}
			}
			fe := p.syntax(err).(*FileError)
			fe.Field, fe.Scale = field, id
			return nil, fe
		}
		if values == nil {
			return nil, &FileError{Line: line, Field: field, Scale: id, Err: ErrFileNotArray, Detail: "got null"}
		}
		entries = append(entries, fileEntry{s, values, line})
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return nil, p.syntax(err)
	}
	return entries, nil
}
