package suggest_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/gradewalk/gradewalk/internal/suggest"
)

func TestNearest(t *testing.T) {
	ids := []string{"hmic-pledge-2009", "hmic-peel-2014", "hmicfrs-peel-2021", "hmicfrs-peel-2023"}
	for _, tt := range []struct {
		word, want string
		ok         bool
	}{
		{"hmic-peel-2015", "hmic-peel-2014", true},       // one digit
		{"hmic-pel-2014", "hmic-peel-2014", true},        // a deletion
		{"hmicfrs-peel-2022", "hmicfrs-peel-2021", true}, // ties: the first
		{"hmic-peel-2014", "", false},                    // an exact match is no suggestion
		{"ofsted-schools-2012", "", false},               // nothing near
		{"", "", false},
		{strings.Repeat("x", 65), "", false},
	} {
		got, ok := suggest.Nearest(tt.word, slices.Values(ids))
		assert.Equal(t, tt.ok, ok, tt.word)
		assert.Equal(t, tt.want, got, tt.word)
	}
	labels := []string{"inadequate", "requires improvement", "good", "outstanding"}
	got, ok := suggest.Nearest("requires improvment", slices.Values(labels))
	assert.True(t, ok)
	assert.Equal(t, "requires improvement", got)
	_, ok = suggest.Nearest("satisfactory", slices.Values(labels))
	assert.False(t, ok, "far from every label")
	_, ok = suggest.Nearest("bad", slices.Values(labels))
	assert.False(t, ok, "short words allow one edit only")
}

func TestMaxDistance(t *testing.T) {
	assert.Equal(t, []int{1, 1, 1, 2, 3, 3}, []int{
		suggest.MaxDistance(1), suggest.MaxDistance(4), suggest.MaxDistance(7),
		suggest.MaxDistance(8), suggest.MaxDistance(12), suggest.MaxDistance(40)})
}
