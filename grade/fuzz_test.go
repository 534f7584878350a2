package grade_test

import (
	"strings"
	"testing"

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
