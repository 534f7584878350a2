package scale_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

func FuzzNormalizeLabel(f *testing.F) {
	for _, seed := range []string{
		"",                           // empty
		"Good",                       // canonical label
		"  ‘Requiring-Improvement’ ", // messy alias from a press report
		"REQUIRES_IMPROVEMENT",       // underscores
		`"‘good’"`,                   // nested quotes
		"-'good'-",                   // quotes inside separators
		"a -' b",                     // quote after a separator, inside
		"don’t know",                 // inner quote kept
		"ÉVALUÉ",                     // non-ASCII upper case
		"İSTANBUL",                   // lower case longer in bytes than upper
		"\u00a0good\u2003",           // non-ASCII white space
		"good\xff",                   // invalid UTF-8
		"\xe2\x80",                   // truncated curly quote
		strings.Repeat("Good ", 30),  // longer than the stack buffer
		"\u212a",                     // Kelvin sign, lower case is ASCII k
		"ǅ",                          // title case letter
	} {
		f.Add(seed)
	}
	s, ok := scale.Lookup("hmic-peel-2014")
	require.True(f, ok)
	f.Fuzz(func(t *testing.T, label string) {
		n := scale.NormalizeLabel(label)
		assert.Equal(t, n, scale.NormalizeLabel(n), "idempotent")
		if utf8.ValidString(label) {
			assert.True(t, utf8.ValidString(n))
		}
		assert.False(t, strings.HasPrefix(n, " ") || strings.HasSuffix(n, " "), "%q", n)
		assert.NotContains(t, n, "  ")

		// RankOf matches exactly when the normal form is a label's.
		rank, ok := s.RankOf(label)
		rank2, ok2 := s.RankOf(n)
		assert.Equal(t, ok2, ok)
		assert.Equal(t, rank2, rank)
	})
}

// seedDefinition is a valid definition in JSON, for the seed corpus.
const seedDefinition = `{
  "id": "seed-2020", "name": "Seed", "issuer": "Seed inspectorate", "family": "seed",
  "era": {"from": "2020-04", "until": "2023"},
  "source": {"publisher": "P", "title": "T", "year": 2020, "url": "https://example.org"},
  "caveat": "c", "notes": "n",
  "levels": [
    {"label": "Weak", "aliases": ["poor"], "meaning": "m", "code": 3},
    {"label": "Sound", "code": 2},
    {"label": "Strong", "aliases": ["very good", "excellent"], "code": 1}
  ]
}`

// withDists returns seedDefinition with the given distributions.
func withDists(entries string) string {
	return strings.Replace(seedDefinition, `"caveat": "c",`, `"distributions": [`+entries+`], "caveat": "c",`, 1)
}

func FuzzParseDefinitions(f *testing.F) {
	for _, seed := range []string{
		seedDefinition,             // valid definition
		"[" + seedDefinition + "]", // valid array of one
		"[" + seedDefinition + ",\n" + strings.Replace(seedDefinition, "seed-2020", "seed-2024", 1) + "]", // two
		"[]",                                   // empty array
		seedDefinition[:len(seedDefinition)/2], // truncated JSON
		"[" + seedDefinition,                   // unclosed array
		strings.Replace(seedDefinition, `"2020-04"`, `"2020-13"`, 1),             // bad era date
		strings.Replace(seedDefinition, `"until": "2023"`, `"until": "2019"`, 1), // era ends before it starts
		strings.Replace(seedDefinition, `"Sound"`, `"weak"`, 1),                  // duplicate labels
		strings.Replace(seedDefinition, `"poor"`, `"‘Weak’"`, 1),                 // alias repeats its own label
		strings.Replace(seedDefinition, `"code": 2`, `"code": 3`, 1),             // duplicate codes
		strings.Replace(seedDefinition, `"caveat"`, `"caveats"`, 1),              // unknown field
		strings.Replace(seedDefinition, `"seed-2020"`, `"Seed 2020"`, 1),         // bad ID
		strings.Replace(seedDefinition, `"from": "2020-04", `, "", 1),            // no era start
		`{"era": null, "levels": null}`,                                          // nulls
		`{"levels": [{"label": "a"}, {"label": "b", "code": 1e3}]}`,              // float code
		`[1, "x", null]`,                    // wrong types
		"[" + seedDefinition + "] trailing", // data after the definitions
		"\ufeff" + seedDefinition,           // byte order mark
		"\"\xff\"",                          // invalid UTF-8
		withDists(`{"period": "2020", "counts": [1, 2.5, 0], "source": {"title": "T", "date": "2020-05"}, "confirmed": true, "reference": true}`),                                                                      // counts
		withDists(`{"period": "2021", "percentages": [10, 60, 30], "size": 40, "source": {"url": "https://example.org"}}`),                                                                                             // percentages
		withDists(`{"period": "2020", "counts": [1, 2], "source": {"title": "T"}}`),                                                                                                                                    // wrong length
		withDists(`{"period": "2020", "counts": [1, -2, 3], "source": {"title": "T"}}`),                                                                                                                                // negative count
		withDists(`{"period": "2020", "counts": [1, 2, 3], "percentages": [10, 60, 30], "size": 6, "source": {"title": "T"}}`),                                                                                         // both
		withDists(`{"period": "2020", "source": {"title": "T"}}`),                                                                                                                                                      // neither
		withDists(`{"period": "2020", "percentages": [10, 60, 20], "size": 40, "source": {"title": "T"}}`),                                                                                                             // sum 90
		withDists(`{"period": "2020", "percentages": [10, 60, 30], "source": {"title": "T"}}`),                                                                                                                         // no size
		withDists(`{"period": "a", "counts": [1, 1, 1], "source": {"title": "T"}, "reference": true}, {"period": "b", "counts": [1, 1, 1], "source": {"title": "T"}, "reference": true}`),                              // two references
		withDists(`{"period": "2020", "counts": [1, 2, 3], "source": {"title": "T", "date": "May 2020"}}`),                                                                                                             // bad source date
		withDists(`{"period": "2020", "counts": [1, 2, 3e400], "source": {"title": "T"}}`),                                                                                                                             // count out of range
		strings.Replace(seedDefinition, `"until": "2023"`, `"until": "2023", "inspected_from": "2019-11", "from_source": "https://example.org/a", "until_source": "https://example.org/b", "from_confirmed": true`, 1), // era evidence
		strings.Replace(seedDefinition, `"caveat": "c",`, `"caveat": "c", "confirmed": true, "checked": "2026-11-29",`, 1),                                                                                             // checked and confirmed
		strings.Replace(seedDefinition, `"until": "2023"`, `"until": "2023", "inspected_from": "2021"`, 1),                                                                                                             // inspections after the first publication
		strings.Replace(seedDefinition, `"until": "2023"`, `"until": "2023", "from_source": "example.org"`, 1),                                                                                                         // source not a URL
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defs, err := scale.ParseDefinitions(data)
		if err != nil {
			var de *scale.DefinitionError
			assert.ErrorAs(t, err, &de)
			assert.ErrorIs(t, err, scale.ErrInvalidDefinition)
			assert.Positive(t, de.Line)
			_, lerr := scale.Load(data)
			assert.Equal(t, err, lerr)
			return
		}
		for _, d := range defs {
			s, err := scale.New(d)
			if err != nil {
				assert.ErrorIs(t, err, scale.ErrInvalidDefinition)
				continue
			}
			want := s.Definition()
			out, err := json.Marshal(want)
			require.NoError(t, err)
			again, err := scale.ParseDefinitions(out)
			require.NoError(t, err, "%s", out)
			require.Len(t, again, 1)
			assert.Equal(t, want, again[0])
			s2, err := scale.New(again[0])
			require.NoError(t, err, "%s", out)
			assert.Equal(t, want, s2.Definition())
			assert.True(t, s.Equal(s2))
			n := 0
			for d := range s.Distributions() {
				assert.Len(t, d.Counts, s.Len())
				n++
			}
			assert.Len(t, want.Distributions, n)
		}
	})
}
