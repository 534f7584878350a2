package scale_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

func intp(n int) *int { return &n }

// validDefinition returns a new valid definition each time, so that tests
// may change it freely.
func validDefinition() scale.Definition {
	return scale.Definition{
		ID:     "test-scale-2020",
		Name:   "Test scale",
		Issuer: "Test inspectorate",
		Family: "test-family",
		Era:    scale.Era{From: day(2020, time.January, 1), Until: day(2021, time.December, 31)},
		Source: scale.Source{Publisher: "Test inspectorate", Title: "Handbook", Year: 2020, URL: "https://example.org/handbook"},
		Caveat: "Not comparable with earlier eras.",
		Notes:  "Made up for tests.",
		Levels: []scale.LevelDefinition{
			{Label: "Weak", Aliases: []string{"poor"}, Meaning: "Worst.", Code: intp(3)},
			{Label: "Sound", Meaning: "Middle.", Code: intp(2)},
			{Label: "Strong", Aliases: []string{"very good", "excellent"}, Meaning: "Best.", Code: intp(1)},
		},
	}
}

func TestNewValid(t *testing.T) {
	tests := []struct {
		name   string
		change func(*scale.Definition)
	}{
		{"as given", func(*scale.Definition) {}},
		{"open era", func(d *scale.Definition) { d.Era.Until = time.Time{} }},
		{"one-day era", func(d *scale.Definition) { d.Era.Until = d.Era.From }},
		{"no codes", func(d *scale.Definition) {
			for i := range d.Levels {
				d.Levels[i].Code = nil
			}
		}},
		{"some codes", func(d *scale.Definition) { d.Levels[1].Code = nil }},
		{"code zero", func(d *scale.Definition) { d.Levels[1].Code = intp(0) }},
		{"no aliases, meanings or source", func(d *scale.Definition) {
			d.Source, d.Caveat, d.Notes = scale.Source{}, "", ""
			for i := range d.Levels {
				d.Levels[i].Aliases, d.Levels[i].Meaning = nil, ""
			}
		}},
		{"two levels", func(d *scale.Definition) { d.Levels = d.Levels[:2] }},
		{"MaxLevels levels", func(d *scale.Definition) {
			d.Levels = make([]scale.LevelDefinition, scale.MaxLevels)
			for i := range d.Levels {
				d.Levels[i].Label = fmt.Sprint("level ", i+1)
			}
		}},
		{"digits and hyphens in IDs", func(d *scale.Definition) { d.ID, d.Family = "a-1-b2", "9-x" }},
		{"non-ASCII labels", func(d *scale.Definition) { d.Levels[0].Label, d.Levels[1].Label = "Très faible", "Αρκετά" }},
		{"labels differing only in an inner word", func(d *scale.Definition) {
			d.Levels[0].Label, d.Levels[1].Label = "Good", "Very good"
			d.Levels[2].Aliases = nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDefinition()
			tt.change(&d)
			s, err := scale.New(d)
			require.NoError(t, err)
			require.NotNil(t, s)
			assert.Equal(t, d.ID, s.ID())
			assert.Equal(t, d.Name, s.Name())
			assert.Equal(t, d.Issuer, s.Issuer())
			assert.Equal(t, d.Family, s.Family())
			assert.Equal(t, d.Source, s.Source())
			assert.Equal(t, d.Caveat, s.Caveat())
			assert.Equal(t, d.Notes, s.Notes())
			assert.True(t, d.Era.From.Equal(s.Era().From))
			assert.True(t, d.Era.Until.Equal(s.Era().Until))
			require.Equal(t, len(d.Levels), s.Len())
			for i, ld := range d.Levels {
				l, ok := s.Level(i + 1)
				require.True(t, ok)
				assert.Equal(t, i+1, l.Rank())
				assert.Equal(t, ld.Label, l.Label())
				assert.Equal(t, ld.Meaning, l.Meaning())
				assert.Equal(t, ld.Aliases, slices.Collect(l.Aliases()))
				code, ok := l.Code()
				if ld.Code == nil {
					assert.False(t, ok)
				} else if assert.True(t, ok) {
					assert.Equal(t, *ld.Code, code)
				}
			}
		})
	}
}

func TestNewDatesAreCalendarDates(t *testing.T) {
	d := validDefinition()
	d.Era.From = time.Date(2020, time.January, 1, 23, 30, 0, 0, time.FixedZone("X", -5*3600))
	s, err := scale.New(d)
	require.NoError(t, err)
	assert.Equal(t, day(2020, time.January, 1), s.Era().From)
}

func TestNewInvalid(t *testing.T) {
	bad := string([]byte{0xff, 0xfe})
	tests := []struct {
		name   string
		change func(*scale.Definition)
		err    error
		field  string
	}{
		{"no id", func(d *scale.Definition) { d.ID = "" }, scale.ErrMissingField, "id"},
		{"id with capitals", func(d *scale.Definition) { d.ID = "Test-Scale" }, scale.ErrBadID, "id"},
		{"id with space", func(d *scale.Definition) { d.ID = "test scale" }, scale.ErrBadID, "id"},
		{"id with underscore", func(d *scale.Definition) { d.ID = "test_scale" }, scale.ErrBadID, "id"},
		{"id leading hyphen", func(d *scale.Definition) { d.ID = "-test" }, scale.ErrBadID, "id"},
		{"id trailing hyphen", func(d *scale.Definition) { d.ID = "test-" }, scale.ErrBadID, "id"},
		{"id double hyphen", func(d *scale.Definition) { d.ID = "test--scale" }, scale.ErrBadID, "id"},
		{"id with colon", func(d *scale.Definition) { d.ID = "test:scale" }, scale.ErrBadID, "id"},
		{"id non-ASCII", func(d *scale.Definition) { d.ID = "tést" }, scale.ErrBadID, "id"},
		{"no name", func(d *scale.Definition) { d.Name = "" }, scale.ErrMissingField, "name"},
		{"blank name", func(d *scale.Definition) { d.Name = " \t " }, scale.ErrMissingField, "name"},
		{"no issuer", func(d *scale.Definition) { d.Issuer = "" }, scale.ErrMissingField, "issuer"},
		{"no family", func(d *scale.Definition) { d.Family = "" }, scale.ErrMissingField, "family"},
		{"family not a slug", func(d *scale.Definition) { d.Family = "Test family" }, scale.ErrBadID, "family"},
		{"no era start", func(d *scale.Definition) { d.Era.From = time.Time{} }, scale.ErrMissingField, "era.from"},
		{"era ends before it starts", func(d *scale.Definition) {
			d.Era.Until = d.Era.From.AddDate(0, 0, -1)
		}, scale.ErrBadEra, "era"},
		{"no levels", func(d *scale.Definition) { d.Levels = nil }, scale.ErrLevelCount, "levels"},
		{"one level", func(d *scale.Definition) { d.Levels = d.Levels[:1] }, scale.ErrLevelCount, "levels"},
		{"too many levels", func(d *scale.Definition) {
			d.Levels = make([]scale.LevelDefinition, scale.MaxLevels+1)
			for i := range d.Levels {
				d.Levels[i].Label = fmt.Sprint("level ", i+1)
			}
		}, scale.ErrLevelCount, "levels"},
		{"empty label", func(d *scale.Definition) { d.Levels[1].Label = "" }, scale.ErrMissingField, "levels[1].label"},
		{"label only quotes", func(d *scale.Definition) { d.Levels[1].Label = "‘ ’" }, scale.ErrMissingField, "levels[1].label"},
		{"empty alias", func(d *scale.Definition) { d.Levels[2].Aliases[1] = " " }, scale.ErrMissingField, "levels[2].aliases[1]"},
		{"same label twice", func(d *scale.Definition) { d.Levels[2].Label = "Weak" }, scale.ErrDuplicateLabel, "levels[2].label"},
		{"labels equal after normalisation", func(d *scale.Definition) {
			d.Levels[1].Label = "  ‘WEAK’ "
		}, scale.ErrDuplicateLabel, "levels[1].label"},
		{"label equals another level's alias", func(d *scale.Definition) {
			d.Levels[1].Label = "Poor"
		}, scale.ErrDuplicateLabel, "levels[1].label"},
		{"alias normalises to another level's label", func(d *scale.Definition) {
			d.Levels[2].Aliases = []string{"SOUND"}
		}, scale.ErrDuplicateLabel, "levels[2].aliases[0]"},
		{"alias normalises to its own label", func(d *scale.Definition) {
			d.Levels[1].Aliases = []string{"'sound'"}
		}, scale.ErrDuplicateLabel, "levels[1].aliases[0]"},
		{"alias repeats another alias of its level", func(d *scale.Definition) {
			d.Levels[2].Aliases = []string{"very good", "Very-Good"}
		}, scale.ErrDuplicateLabel, "levels[2].aliases[1]"},
		{"alias repeats another level's alias", func(d *scale.Definition) {
			d.Levels[1].Aliases = []string{"very_good"}
		}, scale.ErrDuplicateLabel, "levels[2].aliases[0]"},
		{"duplicate code", func(d *scale.Definition) { d.Levels[2].Code = intp(3) }, scale.ErrDuplicateCode, "levels[2].code"},
		{"invalid UTF-8 in id", func(d *scale.Definition) { d.ID = bad }, scale.ErrBadText, "id"},
		{"invalid UTF-8 in name", func(d *scale.Definition) { d.Name = "Test" + bad }, scale.ErrBadText, "name"},
		{"invalid UTF-8 in caveat", func(d *scale.Definition) { d.Caveat = bad }, scale.ErrBadText, "caveat"},
		{"invalid UTF-8 in source URL", func(d *scale.Definition) { d.Source.URL = bad }, scale.ErrBadText, "source.url"},
		{"invalid UTF-8 in label", func(d *scale.Definition) { d.Levels[1].Label = "Sound" + bad }, scale.ErrBadText, "levels[1].label"},
		{"invalid UTF-8 in meaning", func(d *scale.Definition) { d.Levels[1].Meaning = bad }, scale.ErrBadText, "levels[1].meaning"},
		{"invalid UTF-8 in alias", func(d *scale.Definition) { d.Levels[2].Aliases[1] = bad }, scale.ErrBadText, "levels[2].aliases[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDefinition()
			tt.change(&d)
			de, err := rejectedDefinition(t, d, tt.err, tt.field)
			assert.Equal(t, 0, de.Line, "New reads no JSON")
			if d.ID != "" {
				assert.Equal(t, d.ID, de.ID)
			} else {
				assert.Equal(t, "#1", de.ID)
			}
			assert.True(t, strings.HasPrefix(err.Error(), "scale: "), "message %q starts with the package name", err)
		})
	}
}

func TestNewKeepsCopies(t *testing.T) {
	d := validDefinition()
	s, err := scale.New(d)
	require.NoError(t, err)
	want := validDefinition()
	require.Equal(t, want.Levels, s.Definition().Levels)

	// Change everything the definition shares with its caller.
	d.ID, d.Name, d.Family = "changed", "Changed", "changed"
	d.Source.Title = "Changed"
	d.Levels[0].Label = "Changed"
	d.Levels[0].Aliases[0] = "changed"
	*d.Levels[0].Code = 99
	d.Levels[2].Aliases = append(d.Levels[2].Aliases[:0], "changed")
	d.Levels = append(d.Levels, scale.LevelDefinition{Label: "Extra"})

	assert.Equal(t, "test-scale-2020", s.ID())
	assert.Equal(t, 3, s.Len())
	got := s.Definition()
	assert.Equal(t, want.Levels, got.Levels)
	assert.Equal(t, want.Source, got.Source)
	rank, ok := s.RankOf("poor")
	assert.True(t, ok)
	assert.Equal(t, 1, rank)
	_, ok = s.RankOf("changed")
	assert.False(t, ok)
}

func TestDefinitionReturnsCopy(t *testing.T) {
	s, err := scale.New(validDefinition())
	require.NoError(t, err)
	before := s.Definition()

	d := s.Definition()
	d.Levels[0].Label = "Changed"
	d.Levels[0].Aliases[0] = "changed"
	*d.Levels[0].Code = 99
	d.Levels[2].Aliases[1] = "changed"

	assert.Equal(t, before, s.Definition())
	l, _ := s.Level(1)
	assert.Equal(t, "Weak", l.Label())
	code, _ := l.Code()
	assert.Equal(t, 3, code)
	_, ok := s.RankOf("changed")
	assert.False(t, ok)
}

func TestLevelAliasesCannotChangeScale(t *testing.T) {
	s, err := scale.New(validDefinition())
	require.NoError(t, err)
	l, ok := s.Level(3)
	require.True(t, ok)

	aliases := slices.Collect(l.Aliases())
	require.Equal(t, []string{"very good", "excellent"}, aliases)
	aliases[0] = "changed"

	again, _ := s.Level(3)
	assert.Equal(t, []string{"very good", "excellent"}, slices.Collect(again.Aliases()))
	assert.Equal(t, []string{"very good", "excellent"}, slices.Collect(l.Aliases()))
	_, ok = s.RankOf("changed")
	assert.False(t, ok)
}

// roundTrip writes d as JSON, reads it back and builds a scale from it.
func roundTrip(t *testing.T, d scale.Definition) *scale.Scale {
	t.Helper()
	data, err := json.Marshal(d)
	require.NoError(t, err)
	defs, err := scale.ParseDefinitions(data)
	require.NoError(t, err, "%s", data)
	require.Len(t, defs, 1)
	s, err := scale.New(defs[0])
	require.NoError(t, err)
	return s
}

func TestJSONRoundTripBuiltin(t *testing.T) {
	n := 0
	for s := range scale.All() {
		n++
		t.Run(s.ID(), func(t *testing.T) {
			d := s.Definition()
			assert.Equal(t, d, roundTrip(t, d).Definition())

			// Scale.MarshalJSON writes the same.
			fromDef, err := json.Marshal(d)
			require.NoError(t, err)
			fromScale, err := json.Marshal(s)
			require.NoError(t, err)
			assert.JSONEq(t, string(fromDef), string(fromScale))
		})
	}
	require.NotZero(t, n)
}

func TestJSONRoundTripDefinedInCode(t *testing.T) {
	s, err := scale.New(validDefinition())
	require.NoError(t, err)
	d := s.Definition()
	assert.Equal(t, d, roundTrip(t, d).Definition())
}

func TestEraPrecision(t *testing.T) {
	tests := []struct {
		era, str     string
		from, until  time.Time
		fromJSON, un string
	}{
		{`{"from": "2014-11", "until": "2020"}`, "2014-11 to 2020",
			day(2014, time.November, 1), day(2020, time.December, 31), "2014-11", "2020"},
		{`{"from": "2020", "until": "2024-02"}`, "2020 to 2024-02",
			day(2020, time.January, 1), day(2024, time.February, 29), "2020", "2024-02"},
		{`{"from": "2014-11-27", "until": "2020-02-07"}`, "2014-11-27 to 2020-02-07",
			day(2014, time.November, 27), day(2020, time.February, 7), "2014-11-27", "2020-02-07"},
		{`{"from": "2023-10"}`, "from 2023-10", day(2023, time.October, 1), time.Time{}, "2023-10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.str, func(t *testing.T) {
			data := `{"id": "p", "name": "P", "issuer": "I", "family": "f", "era": ` + tt.era +
				`, "levels": [{"label": "low"}, {"label": "high"}]}`
			scales, err := scale.Load([]byte(data))
			require.NoError(t, err)
			require.Len(t, scales, 1)
			s := scales[0]
			assert.Equal(t, tt.str, s.Era().String())
			assert.Equal(t, tt.from, s.Era().From)
			assert.Equal(t, tt.until, s.Era().Until)

			out, err := json.Marshal(s.Era())
			require.NoError(t, err)
			var got struct{ From, Until string }
			require.NoError(t, json.Unmarshal(out, &got))
			assert.Equal(t, tt.fromJSON, got.From)
			assert.Equal(t, tt.un, got.Until)

			again := roundTrip(t, s.Definition())
			assert.Equal(t, tt.str, again.Era().String())
			assert.Equal(t, s.Definition(), again.Definition())
		})
	}
}

func TestEraUnmarshalJSONInvalid(t *testing.T) {
	tests := []struct {
		json string
		err  error
	}{
		{`{"from": "2014-13"}`, scale.ErrBadDate},
		{`{"from": "14"}`, scale.ErrBadDate},
		{`{"from": "0999"}`, scale.ErrBadDate},
		{`{"from": "2019-02-30"}`, scale.ErrBadDate},
		{`{"from": "2019-2-3"}`, scale.ErrBadDate},
		{`{"from": "2019-05-02T00:00:00Z"}`, scale.ErrBadDate},
		{`{"from": "2019", "until": "next year"}`, scale.ErrBadDate},
		{`{"from": "2019", "to": "2020"}`, scale.ErrSyntax},
		{`{"from": 2019}`, scale.ErrSyntax},
		{`"2019"`, scale.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			var e scale.Era
			err := json.Unmarshal([]byte(tt.json), &e)
			require.ErrorIs(t, err, tt.err)
			assert.Equal(t, scale.Era{}, e, "unchanged on error")
		})
	}
}

// twoDefinitions is a JSON array whose second definition starts on line 7
// (after the substitution of %s, a field or two of it).
const twoDefinitions = `[
  {"id": "first", "name": "First", "issuer": "I", "family": "f",
   "era": {"from": "2001", "until": "2002"},
   "levels": [{"label": "Low"}, {"label": "High"}]
  },

  {"id": "second", "name": "Second", "issuer": "I", "family": "f",
   "era": {"from": "2003"},
   %s
   "levels": [{"label": "Low"}, {"label": "High"}]
  }
]
`

func TestLoadInvalidDefinitionLine(t *testing.T) {
	data := strings.Replace(twoDefinitions, `[{"label": "Low"}, {"label": "High"}]
  }
]`, `[{"label": "Low"}, {"label": "LOW"}]
  }
]`, 1)
	data = fmt.Sprintf(data, "")

	defs, err := scale.ParseDefinitions([]byte(data))
	require.NoError(t, err, "the JSON is well formed")
	require.Len(t, defs, 2)

	scales, err := scale.Load([]byte(data))
	assert.Nil(t, scales)
	require.ErrorIs(t, err, scale.ErrInvalidDefinition)
	require.ErrorIs(t, err, scale.ErrDuplicateLabel)
	var de *scale.DefinitionError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, 10, de.Line, "the line of the offending level, not of the definition's start (7)")
	assert.Equal(t, "second", de.ID)
	assert.Equal(t, "levels[1].label", de.Field)
}

func TestLoadInvalidDefinitionWithoutID(t *testing.T) {
	data := fmt.Sprintf(twoDefinitions, "")
	data = strings.Replace(data, `"id": "second", `, "", 1)
	_, err := scale.Load([]byte(data))
	require.ErrorIs(t, err, scale.ErrMissingField)
	var de *scale.DefinitionError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, "#2", de.ID)
	assert.Equal(t, "id", de.Field)
	assert.Equal(t, 7, de.Line)
}

func TestParseDefinitionsInvalid(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		err   error
		line  int
		field string
	}{
		{"bad era date", fmt.Sprintf(strings.Replace(twoDefinitions, `"from": "2003"`, `"from": "2003-13"`, 1), ""),
			scale.ErrBadDate, 7, "era"},
		{"unknown field", fmt.Sprintf(twoDefinitions, `"colour": "blue",`), scale.ErrSyntax, 7, ""},
		{"misspelt field", fmt.Sprintf(twoDefinitions, `"source": {"publisher": "P", "yaer": 2003},`), scale.ErrSyntax, 7, ""},
		{"unknown era field", fmt.Sprintf(strings.Replace(twoDefinitions, `"from": "2003"`, `"from": "2003", "to": "2004"`, 1), ""),
			scale.ErrSyntax, 7, "era"},
		{"syntax error", fmt.Sprintf(twoDefinitions, `"notes": x,`), scale.ErrSyntax, 9, ""},
		{"wrong type", fmt.Sprintf(twoDefinitions, `"notes": 3,`), scale.ErrSyntax, 9, "notes"},
		{"truncated", fmt.Sprintf(twoDefinitions, "")[:200], scale.ErrSyntax, 0, ""},
		{"empty input", "", scale.ErrSyntax, 1, ""},
		{"white space only", "  \n\n ", scale.ErrSyntax, 0, ""},
		{"number", "42", scale.ErrSyntax, 1, ""},
		{"string", `"scale"`, scale.ErrSyntax, 1, ""},
		{"array of numbers", `[1]`, scale.ErrSyntax, 1, ""},
		{"missing comma", strings.Replace(fmt.Sprintf(twoDefinitions, ""), "\n  },\n", "\n  }\n", 1), scale.ErrSyntax, 7, ""},
		{"wrong type in first", strings.Replace(fmt.Sprintf(twoDefinitions, ""), `"First"`, "1", 1), scale.ErrSyntax, 2, "name"},
		{"wrong type in a level", strings.Replace(fmt.Sprintf(twoDefinitions, ""), `{"label": "High"}]
  }
]`, `{"label": ["High"]}]
  }
]`, 1), scale.ErrSyntax, 10, ""},
		{"data after the array", "[]\n[]", scale.ErrSyntax, 0, ""},
		{"data after the object", fmt.Sprintf(twoDefinitions, "")[2:] + "x", scale.ErrSyntax, 0, ""},
	}
	// Each case again after blank lines: lines are counted in the whole
	// input, including what the JSON decoder skips between tokens.
	for _, tt := range slices.Clone(tests) {
		if tt.line != 0 && tt.data != "" {
			tt.name += " after blank lines"
			tt.data = "\n\n" + tt.data
			tt.line += 2
			tests = append(tests, tt)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs, err := scale.ParseDefinitions([]byte(tt.data))
			assert.Nil(t, defs)
			require.ErrorIs(t, err, scale.ErrInvalidDefinition)
			require.ErrorIs(t, err, tt.err)
			var de *scale.DefinitionError
			require.ErrorAs(t, err, &de)
			if tt.line != 0 {
				assert.Equal(t, tt.line, de.Line)
			} else {
				assert.Positive(t, de.Line)
			}
			if tt.field != "" {
				assert.Equal(t, tt.field, de.Field)
			}

			// Load reports the same problem.
			scales, lerr := scale.Load([]byte(tt.data))
			assert.Nil(t, scales)
			assert.Equal(t, err, lerr)
		})
	}
}

func TestParseDefinitionsForms(t *testing.T) {
	one := `{"id": "p", "name": "P", "issuer": "I", "family": "f", "era": {"from": "2020"},
		"levels": [{"label": "low", "code": 0}, {"label": "high", "aliases": ["top"], "meaning": "Best.", "code": 1}]}`

	defs, err := scale.ParseDefinitions([]byte(one))
	require.NoError(t, err)
	require.Len(t, defs, 1)
	d := defs[0]
	assert.Equal(t, "p", d.ID)
	require.Len(t, d.Levels, 2)
	assert.Equal(t, []string{"top"}, d.Levels[1].Aliases)
	require.NotNil(t, d.Levels[0].Code)
	assert.Equal(t, 0, *d.Levels[0].Code)

	defs, err = scale.ParseDefinitions([]byte("\n  [" + one + ",\n" + strings.Replace(one, `"p"`, `"q"`, 1) + "]\n"))
	require.NoError(t, err)
	require.Len(t, defs, 2)
	assert.Equal(t, "q", defs[1].ID)

	defs, err = scale.ParseDefinitions([]byte("[]"))
	require.NoError(t, err)
	assert.Empty(t, defs)

	scales, err := scale.Load([]byte(one))
	require.NoError(t, err)
	require.Len(t, scales, 1)
	rank, ok := scales[0].RankOf("TOP")
	assert.True(t, ok)
	assert.Equal(t, 2, rank)
}

func TestDefinitionErrorMessage(t *testing.T) {
	// The message names the package, line, definition and field; callers
	// should use errors.Is, but the message must carry the details.
	err := &scale.DefinitionError{ID: "x", Field: "levels[1].label", Line: 7, Err: scale.ErrDuplicateLabel, Detail: "clash"}
	msg := err.Error()
	for _, part := range []string{"scale: ", "line 7", "x", "levels[1].label", "clash"} {
		assert.Contains(t, msg, part)
	}
	assert.ErrorIs(t, err, scale.ErrInvalidDefinition)
	assert.ErrorIs(t, err, scale.ErrDuplicateLabel)
}

func TestUnmarshalJSONBuildsThroughNew(t *testing.T) {
	want, ok := scale.Lookup("hmicfrs-peel-2021")
	require.True(t, ok)
	data, err := json.Marshal(want)
	require.NoError(t, err)

	var got scale.Scale
	require.NoError(t, json.Unmarshal(data, &got))
	assert.True(t, want.Equal(&got))
	rank, ok := got.RankOf("adequate")
	assert.True(t, ok)
	assert.Equal(t, 3, rank)

	// Into a pointer field, as part of a larger document.
	var doc struct {
		Scale *scale.Scale `json:"scale"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"scale": `+string(data)+`}`), &doc))
	assert.True(t, want.Equal(doc.Scale))
}

func TestUnmarshalJSONRejects(t *testing.T) {
	tests := []struct {
		name, data string
		err        error
	}{
		{"empty object", `{}`, scale.ErrMissingField},
		{"invalid definition", `{"id": "x-2020", "name": "X", "issuer": "I", "family": "x",
  "era": {"from": "2020"}, "levels": [{"label": "Low"}, {"label": "LOW"}]}`, scale.ErrDuplicateLabel},
		{"unknown field", `{"id": "x-2020", "nmae": "X"}`, scale.ErrSyntax},
		{"array", `[{"id": "x-2020"}]`, scale.ErrSyntax},
		{"string", `"hmic-peel-2014"`, scale.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s scale.Scale
			err := json.Unmarshal([]byte(tt.data), &s)
			require.ErrorIs(t, err, scale.ErrInvalidDefinition)
			require.ErrorIs(t, err, tt.err)
			var de *scale.DefinitionError
			require.ErrorAs(t, err, &de)
			assert.Positive(t, de.Line)
			assert.Empty(t, s.ID(), "nothing half-built is left behind")
		})
	}

	// A built scale never changes.
	built, ok := scale.Lookup("hmic-peel-2014")
	require.True(t, ok)
	other, err := json.Marshal(mustLookup(t, "hmicfrs-peel-2023"))
	require.NoError(t, err)
	copyOfBuilt := *built
	err = json.Unmarshal(other, &copyOfBuilt)
	require.ErrorIs(t, err, scale.ErrInvalidDefinition)
	assert.Contains(t, err.Error(), "already built")
	assert.Equal(t, "hmic-peel-2014", built.ID())
}

// rejectedDefinition checks that New rejects d with a *DefinitionError that
// wraps ErrInvalidDefinition and want and names field, and returns the
// *DefinitionError and the error itself.
func rejectedDefinition(t *testing.T, d scale.Definition, want error, field string) (*scale.DefinitionError, error) {
	t.Helper()
	s, err := scale.New(d)
	assert.Nil(t, s)
	require.ErrorIs(t, err, scale.ErrInvalidDefinition)
	require.ErrorIs(t, err, want)
	var de *scale.DefinitionError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, field, de.Field)
	return de, err
}
