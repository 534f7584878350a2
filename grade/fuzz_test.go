package grade_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/grade"
	"github.com/gradewalk/gradewalk/scale"
)

func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"Good",                       // canonical label
		"requiring improvement",      // alias
		"  ‘Requiring-Improvement’ ", // messy alias
		"REQUIRES_IMPROVEMENT",       // underscores
		"Goodish",                    // near miss
		"",                           // empty
		"‘’",                         // only quotes
		"good\xff",                   // invalid UTF-8
		strings.Repeat("good ", 20),  // longer than RankOf's stack buffer
	} {
		f.Add(seed)
	}
	var scales []*scale.Scale
	for _, sc := range orderedScales {
		scales = append(scales, mustLookup(f, sc.id))
	}
	f.Fuzz(func(t *testing.T, label string) {
		for _, s := range scales {
			g, err := grade.Parse(s, label)
			if err != nil {
				assert.ErrorIs(t, err, grade.ErrUnknownLabel)
				assert.Equal(t, grade.Grade{}, g)
				continue
			}
			require.True(t, g.IsValid())
			assert.Same(t, s, g.Scale())
			back, err := grade.Parse(s, g.Label())
			require.NoError(t, err)
			assert.Equal(t, g, back)
			// It matched the level's label or one of its aliases, nothing else.
			assert.Truef(t, scale.NormalizeLabel(label) == scale.NormalizeLabel(g.Label()) ||
				isAlias(g.Level(), label), "%q matched %v", label, g)
		}
	})
}

// isAlias reports whether label matches one of l's aliases.
func isAlias(l scale.Level, label string) bool {
	for a := range l.Aliases() {
		if scale.NormalizeLabel(a) == scale.NormalizeLabel(label) {
			return true
		}
	}
	return false
}

func FuzzUnmarshalText(f *testing.F) {
	for _, seed := range []string{
		"hmic-peel-2014:Good",                  // canonical
		"hmic-peel-2014:requiring improvement", // alias
		" hmic-peel-2014 : ‘Good’ ",            // white space and quotes
		"hmicfrs-peel-2023:Outstanding",        // another scale
		"",                                     // the zero Grade
		"Good",                                 // no colon
		":",                                    // nothing either side
		"no-such-scale:Good",                   // unknown scale
		"hmic-peel-2014:Goodish",               // unknown label
		"hmic-peel-2014:Good:Good",             // two colons
		"hmic-peel-2014:\xff",                  // invalid UTF-8
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var g grade.Grade
		if err := g.UnmarshalText(text); err != nil {
			var pe *grade.ParseError
			assert.ErrorAs(t, err, &pe)
			assert.Equal(t, grade.Grade{}, g)
			return
		}
		out, err := g.MarshalText()
		require.NoError(t, err)
		var back grade.Grade
		require.NoError(t, back.UnmarshalText(out), "%q", out)
		assert.Equal(t, g, back)
		if g.IsValid() {
			assert.Equal(t, string(out), g.String())
		} else {
			assert.Empty(t, out)
		}
	})
}

// FuzzParseQualified checks ParseQualified on arbitrary text, against the
// default registry and a registry of one scale of many levels: every error
// is a *ParseError wrapping one of the documented sentinels, with a message
// that starts with the package name and stays short (it lists at most
// MaxListedLabels labels), and every grade read writes back as text that
// reads back to it.
func FuzzParseQualified(f *testing.F) {
	for _, seed := range []string{
		"hmic-peel-2014:Good",           // canonical
		"HMIC-PEEL-2014 : good",         // case and white space around the ID
		"hmicfrs-police:Good",           // a family, not a scale
		"hmic-peel-2015:Good",           // a near miss: did you mean
		"hmic-peel-2014:Requires impro", // a near-miss label
		"hmic-peel-2014:2",              // a bare code
		"big:Level 999",                 // the many-level scale
		"big:Level 1001",                // off its end
		"no-colon",
		":",
		"\xff:\xfe",
	} {
		f.Add(seed)
	}
	levels := make([]scale.LevelDefinition, 1000)
	for i := range levels {
		levels[i].Label = "Level " + strconv.Itoa(i+1)
	}
	big, err := scale.New(scale.Definition{ID: "big", Name: "Big", Issuer: "t", Family: "big-family",
		Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, Levels: levels})
	require.NoError(f, err)
	var own scale.Registry
	require.NoError(f, own.Register(big))
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range []*scale.Registry{nil, &own} {
			g, err := grade.ParseQualified(r, text)
			if err != nil {
				var pe *grade.ParseError
				require.ErrorAs(t, err, &pe)
				assert.True(t, errors.Is(err, grade.ErrSyntax) || errors.Is(err, grade.ErrUnknownLabel) ||
					errors.Is(err, scale.ErrUnknownScale), "%v", err)
				assert.Equal(t, grade.Grade{}, g)
				assert.True(t, strings.HasPrefix(err.Error(), "grade: "), err.Error())
				assert.LessOrEqual(t, len(pe.Labels), grade.MaxListedLabels)
				assert.Less(t, len(err.Error()), 1200+4*len(text), "a short message")
				continue
			}
			require.True(t, g.IsValid())
			back, err := grade.ParseQualified(r, g.String())
			require.NoError(t, err, "%q", g.String())
			assert.Equal(t, g, back)
		}
	})
}
