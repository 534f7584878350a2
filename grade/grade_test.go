package grade_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

var (
	_ encoding.TextMarshaler   = grade.Grade{}
	_ encoding.TextUnmarshaler = (*grade.Grade)(nil)
	_ encoding.TextAppender    = grade.Grade{}
	_ fmt.Stringer             = grade.Grade{}
)

// orderedScales lists every built-in scale with its canonical labels from
// worst to best, as the scale gives them; the scale package's tests pin the
// police scales' labels, so they are not written out again here.
var orderedScales = func() (list []struct {
	id     string
	labels []string
}) {
	for s := range scale.All() {
		list = append(list, struct {
			id     string
			labels []string
		}{s.ID(), slices.Collect(s.Labels())})
	}
	return list
}()

func mustLookup(t testing.TB, id string) *scale.Scale {
	t.Helper()
	s, ok := scale.Lookup(id)
	require.Truef(t, ok, "built-in scale %q not found", id)
	return s
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return +1
	}
	return 0
}

func TestParse(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	tests := []struct {
		label string
		rank  int
		want  string
	}{
		{"Inadequate", 1, "Inadequate"},
		{"Requires improvement", 2, "Requires improvement"},
		{"requiring improvement", 2, "Requires improvement"},
		{"  ‘Requiring-Improvement’ ", 2, "Requires improvement"},
		{"REQUIRES_IMPROVEMENT", 2, "Requires improvement"},
		{"'good'", 3, "Good"},
		{"“Outstanding”", 4, "Outstanding"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			g, err := grade.Parse(peel, tt.label)
			require.NoError(t, err)
			assert.True(t, g.IsValid())
			assert.Same(t, peel, g.Scale())
			assert.Equal(t, tt.rank, g.Rank())
			assert.Equal(t, tt.want, g.Label())
			assert.Equal(t, tt.want, g.Level().Label())
			assert.Equal(t, tt.rank, g.Level().Rank())
			assert.Equal(t, "hmic-peel-2014:"+tt.want, g.String())
			assert.Equal(t, g, grade.MustParse(peel, tt.label))
		})
	}
}

func TestParseUnknownLabel(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	for _, label := range []string{"Goodish", "Require improvement", "Adequate", "", "2"} {
		t.Run(label, func(t *testing.T) {
			g, err := grade.Parse(peel, label)
			assert.Equal(t, grade.Grade{}, g)
			require.ErrorIs(t, err, grade.ErrUnknownLabel)
			var pe *grade.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "hmic-peel-2014", pe.Scale)
			assert.Equal(t, label, pe.Label)
			assert.Equal(t, []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}, pe.Labels)
			assert.Contains(t, err.Error(), "grade: ")

			assert.PanicsWithError(t, err.Error(), func() { grade.MustParse(peel, label) })
		})
	}
}

func TestParseNoScale(t *testing.T) {
	g, err := grade.Parse(nil, "Good")
	assert.Equal(t, grade.Grade{}, g)
	require.ErrorIs(t, err, grade.ErrNoScale)
	var pe *grade.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "Good", pe.Label)
	assert.Panics(t, func() { grade.MustParse(nil, "Good") })
}

func TestFromRank(t *testing.T) {
	for _, sc := range orderedScales {
		s := mustLookup(t, sc.id)
		for i, label := range sc.labels {
			g, err := grade.FromRank(s, i+1)
			require.NoError(t, err)
			assert.Equal(t, label, g.Label())
			assert.Equal(t, grade.MustParse(s, label), g)
		}
		for _, rank := range []int{-1, 0, len(sc.labels) + 1} {
			g, err := grade.FromRank(s, rank)
			assert.Equal(t, grade.Grade{}, g)
			require.ErrorIs(t, err, grade.ErrRange)
			var pe *grade.ParseError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, sc.id, pe.Scale)
		}
	}
	g, err := grade.FromRank(nil, 1)
	assert.Equal(t, grade.Grade{}, g)
	require.ErrorIs(t, err, grade.ErrNoScale)
}

func TestParseQualified(t *testing.T) {
	tests := []struct {
		text, id, label string
	}{
		{"hmic-peel-2014:Good", "hmic-peel-2014", "Good"},
		{"hmic-peel-2014:requiring improvement", "hmic-peel-2014", "Requires improvement"},
		{" hmic-peel-2014 : ‘Requiring-Improvement’ ", "hmic-peel-2014", "Requires improvement"},
		{"hmicfrs-peel-2021:ADEQUATE", "hmicfrs-peel-2021", "Adequate"},
		{"hmic-pledge-2009:FAIR", "hmic-pledge-2009", "Fair"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			g, err := grade.ParseQualified(nil, tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.id, g.Scale().ID())
			assert.Equal(t, tt.label, g.Label())
			assert.Equal(t, g, grade.MustParseQualified(tt.text))
			assert.Equal(t, grade.MustParse(mustLookup(t, tt.id), tt.label), g)
		})
	}
}

func TestParseQualifiedErrors(t *testing.T) {
	tests := []struct {
		text string
		err  error
	}{
		{"Good", grade.ErrSyntax},
		{"", grade.ErrSyntax},
		{"hmic-peel-2014 Good", grade.ErrSyntax},
		{"no-such-scale:Good", scale.ErrUnknownScale},
		{":Good", scale.ErrUnknownScale},
		{"hmicfrs-police:Good", scale.ErrFamilyNotScale}, // a family, not a scale
		{"hmic-peel-2014:Goodish", grade.ErrUnknownLabel},
		{"hmic-peel-2014:", grade.ErrUnknownLabel},
		{"hmic-peel-2014:Good:Good", grade.ErrUnknownLabel},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			g, err := grade.ParseQualified(nil, tt.text)
			assert.Equal(t, grade.Grade{}, g)
			require.ErrorIs(t, err, tt.err)
			var pe *grade.ParseError
			require.ErrorAs(t, err, &pe)
			assert.NotEmpty(t, err.Error())
			assert.Panics(t, func() { grade.MustParseQualified(tt.text) })
		})
	}

	_, err := grade.ParseQualified(nil, "no-such-scale:Good")
	var pe *grade.ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "no-such-scale", pe.Scale)
}

func TestParseQualifiedRegistry(t *testing.T) {
	s, err := scale.New(scale.Definition{
		ID: "custom-2020", Name: "Custom", Issuer: "Test", Family: "custom",
		Era:    scale.Era{From: time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{{Label: "Low"}, {Label: "High", Aliases: []string{"top"}}},
	})
	require.NoError(t, err)
	var r scale.Registry
	require.NoError(t, r.Register(s))

	g, err := grade.ParseQualified(&r, "custom-2020:TOP")
	require.NoError(t, err)
	assert.Same(t, s, g.Scale())
	assert.Equal(t, 2, g.Rank())

	// The custom registry does not hold the built-in scales, nor the default
	// registry the custom one.
	_, err = grade.ParseQualified(&r, "hmic-peel-2014:Good")
	require.ErrorIs(t, err, scale.ErrUnknownScale)
	_, err = grade.ParseQualified(nil, "custom-2020:Low")
	require.ErrorIs(t, err, scale.ErrUnknownScale)
}

// TestCompare checks Compare, Less and == against the order of each scale's
// labels, for every pair of grades of the scale.
func TestCompare(t *testing.T) {
	for _, sc := range orderedScales {
		t.Run(sc.id, func(t *testing.T) {
			s := mustLookup(t, sc.id)
			require.Equal(t, len(sc.labels), s.Len())
			grades := make([]grade.Grade, len(sc.labels))
			for i, label := range sc.labels {
				grades[i] = grade.MustParse(s, label)
			}
			for i, gi := range grades {
				for j, gj := range grades {
					want := sign(i - j)
					assert.Equalf(t, want, gi.Compare(gj), "Compare(%v, %v)", gi, gj)
					assert.Equalf(t, want < 0, gi.Less(gj), "Less(%v, %v)", gi, gj)
					assert.Equalf(t, want == 0, gi == gj, "%v == %v", gi, gj)
				}
			}
		})
	}
}

// TestCompareConsistent checks that Compare is antisymmetric and agrees with
// Less and == over grades of several scales and the zero Grade.
func TestCompareConsistent(t *testing.T) {
	all := []grade.Grade{{}}
	for _, sc := range orderedScales {
		s := mustLookup(t, sc.id)
		for _, label := range sc.labels {
			all = append(all, grade.MustParse(s, label))
		}
	}
	for _, g := range all {
		for _, h := range all {
			c := g.Compare(h)
			assert.Contains(t, []int{-1, 0, +1}, c)
			assert.Equalf(t, -c, h.Compare(g), "antisymmetric: %v, %v", g, h)
			assert.Equalf(t, c < 0, g.Less(h), "Less(%v, %v)", g, h)
			assert.Equalf(t, c == 0, g == h, "%v == %v", g, h)
		}
	}
}

func TestCompareZeroSortsFirst(t *testing.T) {
	var zero grade.Grade
	assert.Equal(t, 0, zero.Compare(grade.Grade{}))
	assert.False(t, zero.Less(zero))
	for _, sc := range orderedScales {
		s := mustLookup(t, sc.id)
		for _, label := range sc.labels {
			g := grade.MustParse(s, label)
			assert.Equal(t, -1, zero.Compare(g))
			assert.Equal(t, +1, g.Compare(zero))
			assert.True(t, zero.Less(g))
			assert.False(t, g.Less(zero))
		}
	}
}

func TestCompareDifferentScales(t *testing.T) {
	// Between scales, the order is that of the scale IDs, whatever the
	// labels: the best Pledge grade sorts after the worst PEEL 2014 one
	// only because "hmic-peel-2014" < "hmic-pledge-2009".
	excellent := grade.MustParseQualified("hmic-pledge-2009:Excellent")
	poor := grade.MustParseQualified("hmic-pledge-2009:Poor")
	inadequate := grade.MustParseQualified("hmic-peel-2014:Inadequate")
	outstanding := grade.MustParseQualified("hmic-peel-2014:Outstanding")
	adequate := grade.MustParseQualified("hmicfrs-peel-2021:Adequate")

	assert.Equal(t, +1, poor.Compare(outstanding))
	assert.Equal(t, +1, excellent.Compare(inadequate))
	assert.Equal(t, -1, outstanding.Compare(poor))
	assert.Equal(t, -1, excellent.Compare(adequate))
	assert.True(t, inadequate.Less(poor))
	assert.False(t, poor.Less(outstanding))
}

func TestSortFunc(t *testing.T) {
	want := []grade.Grade{
		{},
		grade.MustParseQualified("hmic-peel-2014:Inadequate"),
		grade.MustParseQualified("hmic-peel-2014:Good"),
		grade.MustParseQualified("hmic-peel-2014:Outstanding"),
		grade.MustParseQualified("hmic-pledge-2009:Poor"),
		grade.MustParseQualified("hmic-pledge-2009:Good"),
		grade.MustParseQualified("hmicfrs-peel-2021:Requires improvement"),
		grade.MustParseQualified("hmicfrs-peel-2021:Adequate"),
		grade.MustParseQualified("hmicfrs-peel-2023:Inadequate"),
		grade.MustParseQualified("hmicfrs-peel-2023:Outstanding"),
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	got[2], got[5] = got[5], got[2]
	slices.SortFunc(got, grade.Grade.Compare)
	assert.Equal(t, want, got)
	assert.True(t, slices.IsSortedFunc(want, grade.Grade.Compare))

	// Equal grades are equal as values, so they can be map keys.
	counts := map[grade.Grade]int{}
	for _, text := range []string{"hmic-peel-2014:Good", "hmic-peel-2014:'good'", "hmic-peel-2014:GOOD"} {
		counts[grade.MustParseQualified(text)]++
	}
	assert.Equal(t, map[grade.Grade]int{grade.MustParseQualified("hmic-peel-2014:Good"): 3}, counts)
}

func TestZeroGrade(t *testing.T) {
	var g grade.Grade
	assert.False(t, g.IsValid())
	assert.Nil(t, g.Scale())
	assert.Equal(t, 0, g.Rank())
	assert.Equal(t, "", g.Label())
	assert.Equal(t, scale.Level{}, g.Level())
	assert.Equal(t, "invalid grade", g.String())
	assert.Equal(t, "invalid grade", fmt.Sprint(g))

	text, err := g.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, text)
	b, err := g.AppendText([]byte("x"))
	require.NoError(t, err)
	assert.Equal(t, "x", string(b))

	got := grade.MustParseQualified("hmic-peel-2014:Good")
	require.NoError(t, got.UnmarshalText(nil))
	assert.Equal(t, grade.Grade{}, got)
	got = grade.MustParseQualified("hmic-peel-2014:Good")
	require.NoError(t, got.UnmarshalText([]byte("")))
	assert.Equal(t, grade.Grade{}, got)
}

func TestTextRoundTrip(t *testing.T) {
	n := 0
	for s := range scale.All() {
		for l := range s.Levels() {
			n++
			g, err := grade.FromRank(s, l.Rank())
			require.NoError(t, err)
			text, err := g.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, s.ID()+":"+l.Label(), string(text))
			assert.Equal(t, string(text), g.String())
			appended, err := g.AppendText([]byte("prefix "))
			require.NoError(t, err)
			assert.Equal(t, "prefix "+string(text), string(appended))

			var back grade.Grade
			require.NoError(t, back.UnmarshalText(text), "%s", text)
			assert.Equal(t, g, back, "%s", text)
		}
	}
	require.NotZero(t, n)
}

func TestUnmarshalTextAlias(t *testing.T) {
	var g grade.Grade
	require.NoError(t, g.UnmarshalText([]byte("hmic-peel-2014:requiring improvement")))
	assert.Equal(t, grade.MustParseQualified("hmic-peel-2014:Requires improvement"), g)
	text, err := g.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "hmic-peel-2014:Requires improvement", string(text), "written canonical")
}

func TestUnmarshalTextInvalid(t *testing.T) {
	for _, tt := range []struct {
		text string
		err  error
	}{
		{"Good", grade.ErrSyntax},
		{"no-such-scale:Good", scale.ErrUnknownScale},
		{"hmic-peel-2014:Goodish", grade.ErrUnknownLabel},
		{"invalid grade", grade.ErrSyntax},
	} {
		g := grade.MustParseQualified("hmic-peel-2014:Good")
		err := g.UnmarshalText([]byte(tt.text))
		require.ErrorIs(t, err, tt.err, tt.text)
		assert.Equal(t, grade.MustParseQualified("hmic-peel-2014:Good"), g, "unchanged on error")
	}
}

type report struct {
	Force   string                 `json:"force"`
	Overall grade.Grade            `json:"overall"`
	Missing grade.Grade            `json:"missing"`
	Pillars []grade.Grade          `json:"pillars"`
	ByName  map[string]grade.Grade `json:"by_name"`
}

func TestJSON(t *testing.T) {
	in := report{
		Force:   "Leicestershire",
		Overall: grade.MustParseQualified("hmic-peel-2014:requiring improvement"),
		Pillars: []grade.Grade{
			grade.MustParseQualified("hmic-peel-2014:Good"),
			grade.MustParseQualified("hmic-peel-2014:Requires improvement"),
		},
		ByName: map[string]grade.Grade{"efficiency": grade.MustParseQualified("hmic-peel-2014:Good")},
	}
	data, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"force": "Leicestershire",
		"overall": "hmic-peel-2014:Requires improvement",
		"missing": "",
		"pillars": ["hmic-peel-2014:Good", "hmic-peel-2014:Requires improvement"],
		"by_name": {"efficiency": "hmic-peel-2014:Good"}
	}`, string(data))

	var out report
	require.NoError(t, json.Unmarshal(data, &out))
	assert.Equal(t, in, out)

	// Grades can be map keys in JSON too.
	keyed := map[grade.Grade]int{grade.MustParseQualified("hmic-pledge-2009:Fair"): 33}
	data, err = json.Marshal(keyed)
	require.NoError(t, err)
	assert.JSONEq(t, `{"hmic-pledge-2009:Fair": 33}`, string(data))
	var keyedOut map[grade.Grade]int
	require.NoError(t, json.Unmarshal(data, &keyedOut))
	assert.Equal(t, keyed, keyedOut)

	err = json.Unmarshal([]byte(`{"overall": "hmic-peel-2014:Goodish"}`), &out)
	require.ErrorIs(t, err, grade.ErrUnknownLabel)
	var pe *grade.ParseError
	assert.ErrorAs(t, err, &pe)
}

func TestParseErrorMessages(t *testing.T) {
	// Messages start with the package name; callers use errors.Is and As.
	for _, err := range []error{
		&grade.ParseError{Scale: "s", Label: "x", Labels: []string{"A", "B"}, Err: grade.ErrUnknownLabel},
		&grade.ParseError{Scale: "s", Label: "s:x", Err: scale.ErrUnknownScale},
		&grade.ParseError{Scale: "s", Label: "9", Err: grade.ErrRange},
		&grade.ParseError{Label: "x", Err: grade.ErrSyntax},
		&grade.ParseError{Err: grade.ErrNoScale},
	} {
		assert.Regexp(t, "^grade: ", err.Error())
		var pe *grade.ParseError
		assert.True(t, errors.As(err, &pe))
	}
}
