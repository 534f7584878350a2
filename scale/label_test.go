package scale_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

func TestNormalizeLabel(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"canonical lower case", "good", "good"},
		{"title case", "Good", "good"},
		{"upper case", "GOOD", "good"},
		{"mixed case", "ReQuIrEs ImPrOvEmEnT", "requires improvement"},
		{"leading and trailing spaces", "  good  ", "good"},
		{"tabs and newlines around", "\t\ngood\r\n", "good"},
		{"repeated inner spaces", "requires   improvement", "requires improvement"},
		{"inner tab and newline", "requires\t\nimprovement", "requires improvement"},
		{"hyphen", "requires-improvement", "requires improvement"},
		{"underscore", "REQUIRES_IMPROVEMENT", "requires improvement"},
		{"hyphen and spaces", "requires - improvement", "requires improvement"},
		{"repeated separators", "requires--__  improvement", "requires improvement"},
		{"leading and trailing separators", "-_good_-", "good"},
		{"straight single quotes", "'good'", "good"},
		{"straight double quotes", `"good"`, "good"},
		{"curly single quotes", "‘good’", "good"},
		{"curly double quotes", "“good”", "good"},
		{"unbalanced quote", "‘good", "good"},
		{"mismatched quotes", "'good”", "good"},
		{"nested quotes", `"‘good’"`, "good"},
		{"nested quotes and spaces", ` “ ' good ' ” `, "good"},
		{"quotes inside separators", "-'good'-", "good"},
		{"inner quote kept", "don't know", "don't know"},
		{"inner curly quote kept", "don’t know", "don’t know"},
		{"messy alias", "  ‘Requiring-Improvement’ ", "requiring improvement"},
		{"non-ASCII upper case", "ÉVALUÉ", "évalué"},
		{"non-ASCII kept", "Très bon", "très bon"},
		{"Greek", "ΚΑΛΟ", "καλο"},
		{"no-break space inside", "requires\u00a0improvement", "requires improvement"},
		{"no-break space around", "\u00a0good\u2003", "good"},
		{"digits", "Grade 1", "grade 1"},
		{"empty", "", ""},
		{"only white space", " \t\n ", ""},
		{"only quotes", `'"‘’“”`, ""},
		{"only separators", "-_ -", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scale.NormalizeLabel(tt.in)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, got, scale.NormalizeLabel(got), "idempotent")
		})
	}
}

// seedLabels are labels as they are written in the seed documents (news
// reports and an HMIC force report), with the scale each was graded on.
var seedLabels = []struct {
	scale, label, want string
}{
	// Seed 000: a 2021/22 PEEL report in the press.
	{"hmicfrs-peel-2021", "“adequate”", "Adequate"},
	{"hmicfrs-peel-2021", "Adequate", "Adequate"},
	{"hmicfrs-peel-2021", "‘outstanding’", "Outstanding"},
	{"hmicfrs-peel-2021", "outstanding", "Outstanding"},
	{"hmicfrs-peel-2021", "‘good’", "Good"},
	{"hmicfrs-peel-2021", "‘requires improvement’", "Requires improvement"},
	{"hmicfrs-peel-2021", "requires improvement", "Requires improvement"},
	{"hmicfrs-peel-2021", "‘inadequate’", "Inadequate"},
	// Seed 001: a 2018/19 PEEL report, published 2 May 2019.
	{"hmic-peel-2014", "'good'", "Good"},
	{"hmic-peel-2014", "good", "Good"},
	// Seed 002: PEEL 2014 to 2018/19 in the press.
	{"hmic-peel-2014", "‘requiring improvement’", "Requires improvement"},
	{"hmic-peel-2014", "requiring improvement", "Requires improvement"},
	{"hmic-peel-2014", "‘good’", "Good"},
	// Seeds 003 and 004: Policing Pledge reports, 2009.
	{"hmic-pledge-2009", "GOOD", "Good"},
	{"hmic-pledge-2009", "FAIR", "Fair"},
	{"hmic-pledge-2009", "POOR", "Poor"},
	{"hmic-pledge-2009", "EXCELLENT", "Excellent"},
	{"hmic-pledge-2009", "fair", "Fair"},
	{"hmic-pledge-2009", "good", "Good"},
	// The other PEEL scales write the same labels.
	{"hmicfrs-peel-2023", "“adequate”", "Adequate"},
	{"hmicfrs-peel-2023", "‘requiring improvement’", "Requires improvement"},
	{"hmicfrs-peel-2023", "‘inadequate’", "Inadequate"},
	// Messy forms of the same labels.
	{"hmic-peel-2014", "  ‘Requiring-Improvement’ ", "Requires improvement"},
	{"hmic-peel-2014", "requires-improvement", "Requires improvement"},
	{"hmic-peel-2014", "REQUIRES_IMPROVEMENT", "Requires improvement"},
	{"hmicfrs-peel-2021", "  ‘Requiring-Improvement’ ", "Requires improvement"},
	{"hmicfrs-peel-2023", "REQUIRES_IMPROVEMENT", "Requires improvement"},
}

func TestRankOfSeedLabels(t *testing.T) {
	for _, tt := range seedLabels {
		t.Run(tt.scale+"/"+tt.label, func(t *testing.T) {
			s := mustLookup(t, tt.scale)
			rank, ok := s.RankOf(tt.label)
			if assert.True(t, ok, "label should match") {
				l, _ := s.Level(rank)
				assert.Equal(t, tt.want, l.Label())
			}
		})
	}
}

func TestRankOfNoMatch(t *testing.T) {
	tests := []struct {
		scale, label string
	}{
		{"hmic-peel-2014", "Goodish"},
		{"hmic-peel-2014", "Require improvement"},
		{"hmic-peel-2014", "improvement required"},
		{"hmic-peel-2014", "requires improvement."},
		{"hmic-peel-2014", "good!"},
		{"hmic-peel-2014", "go od"},
		{"hmic-peel-2014", "Adequate"},  // only from 2021
		{"hmic-peel-2014", "Excellent"}, // only on the Pledge scale
		{"hmic-pledge-2009", "Outstanding"},
		{"hmic-pledge-2009", "Requires improvement"},
		{"hmicfrs-peel-2021", "Fair"},
		{"hmicfrs-peel-2021", ""},
		{"hmicfrs-peel-2021", "   "},
		{"hmicfrs-peel-2021", "‘’"},
		{"hmicfrs-peel-2021", "1"}, // ranks are not labels
	}
	for _, tt := range tests {
		t.Run(tt.scale+"/"+tt.label, func(t *testing.T) {
			s := mustLookup(t, tt.scale)
			rank, ok := s.RankOf(tt.label)
			assert.False(t, ok)
			assert.Equal(t, 0, rank)
		})
	}
}

func TestRankOfLongLabel(t *testing.T) {
	// Labels longer than RankOf's stack buffer still match.
	s := mustLookup(t, "hmic-peel-2014")
	long := "   ‘Requires" + strings.Repeat(" ", 80) + "Improvement’   "
	require.Greater(t, len(long), 64)
	rank, ok := s.RankOf(long)
	assert.True(t, ok)
	assert.Equal(t, 2, rank)
}
