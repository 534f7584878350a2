package scale_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

func builtins(t *testing.T) []*scale.Scale {
	t.Helper()
	scales, err := scale.Builtin()
	require.NoError(t, err)
	require.NotEmpty(t, scales)
	return scales
}

// builtinID is issuer-topic-year: slug words ending in a four-digit year.
var builtinID = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*-(19|20)\d\d$`)

func TestBuiltinScalesAreComplete(t *testing.T) {
	for _, s := range builtins(t) {
		t.Run(s.ID(), func(t *testing.T) {
			assert.Regexp(t, builtinID, s.ID())
			assert.NotEmpty(t, s.Name())
			assert.NotEmpty(t, s.Issuer())
			assert.NotEmpty(t, s.Family())
			src := s.Source()
			assert.NotEmpty(t, src.Publisher, "source publisher")
			assert.NotEmpty(t, src.Title, "source title")
			assert.Positive(t, src.Year, "source year")
			assert.Regexp(t, `^https?://`, src.URL, "source address")
			era := s.Era()
			require.False(t, era.From.IsZero(), "era start")
			if !era.IsOpen() {
				assert.False(t, era.Until.Before(era.From), "era ends before it starts")
			}
			assert.GreaterOrEqual(t, s.Len(), 2)
			for l := range s.Levels() {
				assert.NotEmpty(t, l.Meaning(), "meaning of %q", l.Label())
			}
		})
	}
}

// TestBuiltinLabelsAreUnambiguous checks directly, not through New, that no
// label or alias of a built-in scale normalises to another level's label or
// alias.
func TestBuiltinLabelsAreUnambiguous(t *testing.T) {
	for _, s := range builtins(t) {
		owner := map[string]int{}
		for l := range s.Levels() {
			names := []string{l.Label()}
			for a := range l.Aliases() {
				names = append(names, a)
			}
			for _, name := range names {
				norm := scale.NormalizeLabel(name)
				require.NotEmpty(t, norm, "%s: %q normalises to nothing", s.ID(), name)
				if rank, seen := owner[norm]; seen {
					assert.Failf(t, "ambiguous label", "%s: %q (level %d) also names level %d", s.ID(), name, l.Rank(), rank)
				}
				owner[norm] = l.Rank()
				rank, ok := s.RankOf(name)
				assert.True(t, ok, "%s: %q", s.ID(), name)
				assert.Equal(t, l.Rank(), rank, "%s: %q", s.ID(), name)
			}
		}
	}
}

func TestCatalogueRoundTripsThroughJSON(t *testing.T) {
	scales := builtins(t)
	data, err := json.MarshalIndent(scales, "", "  ")
	require.NoError(t, err)
	again, err := scale.Load(data)
	require.NoError(t, err)
	require.Len(t, again, len(scales))
	for i, s := range scales {
		assert.Equal(t, s.Definition(), again[i].Definition(), s.ID())
		assert.Equal(t, s.Era().String(), again[i].Era().String(), "era precision of %s", s.ID())
	}
}

func TestBuiltinMatchesDefaultRegistry(t *testing.T) {
	scales := builtins(t)
	n := 0
	for _, s := range scales {
		reg, ok := scale.Lookup(s.ID())
		require.True(t, ok, s.ID())
		assert.Equal(t, s.Definition(), reg.Definition())
		assert.Same(t, reg, s, "New interns: Builtin returns the registry's scales")
		n++
	}
	assert.Len(t, scales, n)
}

// TestInForceAnswersForEveryFamily checks that each built-in scale is the one
// in force on the first and last days of its era, and that the eras of a
// family never overlap.
func TestInForceAnswersForEveryFamily(t *testing.T) {
	families := map[string][]*scale.Scale{}
	for s := range scale.All() {
		families[s.Family()] = append(families[s.Family()], s)
	}
	for family, scales := range families {
		for _, s := range scales {
			days := []time.Time{s.Era().From}
			if !s.Era().IsOpen() {
				days = append(days, s.Era().Until)
			}
			for _, d := range days {
				got, err := scale.InForce(family, d)
				if assert.NoError(t, err, "%s on %s", family, d) {
					assert.Equal(t, s.ID(), got.ID(), "%s on %s", family, d)
				}
			}
			before := s.Era().From.AddDate(0, 0, -1)
			if got, err := scale.InForce(family, before); err == nil {
				assert.NotEqual(t, s.ID(), got.ID(), "%s in force the day before its era", s.ID())
			}
		}
		for s := range scale.Default().Family(family) { // the earliest scale only
			_, err := scale.InForce(family, s.Era().From.AddDate(0, 0, -1))
			assert.ErrorIs(t, err, scale.ErrNotInForce, "%s: the day before its first era", family)
			break
		}
	}
}

func ExampleBuiltin() {
	scales, _ := scale.Builtin()
	for _, s := range scales {
		if s.Family() == "hmicfrs-police" {
			fmt.Printf("%s: %d levels\n", s.ID(), s.Len())
		}
	}
	// Output:
	// hmic-pledge-2009: 4 levels
	// hmic-peel-2014: 4 levels
	// hmicfrs-peel-2021: 5 levels
	// hmicfrs-peel-2023: 5 levels
}

// sourceProblems lists what makes a scale's fidelity uncheckable: an era
// boundary without the address of its evidence, no date of the last check,
// or a confidence flag that disagrees with the notes.
func sourceProblems(s *scale.Scale) []string {
	var problems []string
	era := s.Era()
	unconfirmedNote := strings.Contains(s.Notes(), "UNCONFIRMED")
	if era.FromSource == "" {
		problems = append(problems, "era.from has no source")
	}
	if !era.IsOpen() && era.UntilSource == "" {
		problems = append(problems, "era.until has no source")
	}
	if s.Checked() == "" {
		problems = append(problems, "no checked date")
	}
	if unconfirmedNote && s.Confirmed() {
		problems = append(problems, "notes say UNCONFIRMED but the scale is marked confirmed")
	}
	boundaryUnconfirmed := !era.FromConfirmed || (!era.IsOpen() && !era.UntilConfirmed)
	if boundaryUnconfirmed && s.Confirmed() {
		problems = append(problems, "an era boundary is unconfirmed but the scale is marked confirmed")
	}
	if (boundaryUnconfirmed || !s.Confirmed()) && !unconfirmedNote {
		problems = append(problems, "something is unconfirmed but the notes do not say UNCONFIRMED")
	}
	if succ, ok := s.Successor(); ok && succ.Source.URL == "" {
		problems = append(problems, "the successor has no source address")
	}
	i := 0
	for d := range s.Distributions() {
		where := fmt.Sprintf("distributions[%d] (%s)", i, d.Period)
		i++
		switch {
		case d.Source.URL == "":
			problems = append(problems, where+": no source address")
		case d.Source.Date == "" && d.Source.Year == 0:
			problems = append(problems, where+": the source has no date")
		}
		if d.Population == "" || d.Area == "" {
			problems = append(problems, where+": no population or area")
		}
		if d.Sector == "" {
			problems = append(problems, where+": no sector")
		}
		if d.Notes == "" {
			problems = append(problems, where+": no notes saying where the figures come from")
		}
	}
	return problems
}

// TestCatalogueSources makes the catalogue's fidelity checkable: every era
// boundary has the address of its evidence, every scale says when it was
// last checked, every UNCONFIRMED in the notes is matched by a confirmed:
// false flag (and the other way round), and every published count or share
// has a dated source with an address, a population, an area, a sector and
// notes on where it comes from.
func TestCatalogueSources(t *testing.T) {
	for _, s := range builtins(t) {
		assert.Empty(t, sourceProblems(s), s.ID())
	}
}

// TestCatalogueSourcesCatchesProblems shows that the check behind
// TestCatalogueSources can fail.
func TestCatalogueSourcesCatchesProblems(t *testing.T) {
	good := `{"id": "x-2020", "name": "X", "issuer": "I", "family": "x", "checked": "2026-11",
  "era": {"from": "2020", "until": "2021", "from_source": "https://example.org/a",
          "until_source": "https://example.org/b", "from_confirmed": true, "until_confirmed": true},
  "confirmed": true, "notes": "All confirmed.",
  "distributions": [{"period": "2020", "area": "overall", "population": "All widgets", "sector": "widgets", "counts": [1, 2],
    "source": {"year": 2021, "url": "https://example.org/c"}, "confirmed": true, "notes": "Counted by the issuer."}],
  "levels": [{"label": "Low"}, {"label": "High"}]}`
	tests := []struct {
		name, old, new, want string
	}{
		{"fine", "", "", ""},
		{"no from source", `"from_source": "https://example.org/a",`, "", "era.from has no source"},
		{"no until source", `"until_source": "https://example.org/b",`, "", "era.until has no source"},
		{"no checked date", `"checked": "2026-11",`, "", "no checked date"},
		{"unconfirmed note on a confirmed scale", "All confirmed.", "Start UNCONFIRMED.",
			"notes say UNCONFIRMED but the scale is marked confirmed"},
		{"unconfirmed boundary on a confirmed scale", `"until_confirmed": true`, `"until_confirmed": false`,
			"an era boundary is unconfirmed but the scale is marked confirmed"},
		{"unconfirmed scale, silent notes", `"confirmed": true,`, `"confirmed": false,`,
			"something is unconfirmed but the notes do not say UNCONFIRMED"},
		{"count without a source address", `"url": "https://example.org/c"`, `"title": "Counts"`,
			"distributions[0] (2020): no source address"},
		{"count without a dated source", `"year": 2021, `, "", "distributions[0] (2020): the source has no date"},
		{"count without a sector", `"sector": "widgets", `, "", "distributions[0] (2020): no sector"},
		{"count without a population", `"population": "All widgets", `, "", "distributions[0] (2020): no population or area"},
		{"count without notes", `, "notes": "Counted by the issuer."`, "", "distributions[0] (2020): no notes saying where the figures come from"},
		{"successor without a source address", `"distributions"`, `"successor": {"name": "Next", "from": "2022", "source": {"title": "T"}}, "distributions"`,
			"the successor has no source address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(good, tt.old, tt.new, 1)
			scales, err := scale.Load([]byte(data))
			require.NoError(t, err)
			got := sourceProblems(scales[0])
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			assert.Contains(t, got, tt.want)
		})
	}
}

// TestEveryChangeOfScaleHasACaveat: a scale's caveat describes the change
// that brought it in, so every scale after the first of its family has one,
// and a comparison across any change of scale says what changed.
func TestEveryChangeOfScaleHasACaveat(t *testing.T) {
	families := map[string]bool{}
	for _, s := range builtins(t) {
		families[s.Family()] = true
	}
	for fam := range families {
		first := true
		for s := range scale.Default().Family(fam) {
			if !first {
				assert.NotEmpty(t, s.Caveat(), "%s replaced an earlier scale of %s but has no caveat", s.ID(), fam)
			}
			first = false
		}
	}
}

// A fire grade published after round 3 belongs to round 4, whose labels are
// not confirmed: it must be reported as not yet catalogued, never placed on
// round 3, by publication and by inspection date.
func TestFireRound4IsNotPlacedOnRound3(t *testing.T) {
	round3, ok := scale.Lookup("hmicfrs-fire-2023")
	require.True(t, ok)
	last := round3.Era().Until
	got, err := scale.InForce("hmicfrs-fire", last)
	require.NoError(t, err)
	assert.Equal(t, "hmicfrs-fire-2023", got.ID())
	for _, d := range []time.Time{
		last.AddDate(0, 0, 1),
		time.Date(2026, time.March, 18, 0, 0, 0, 0, time.UTC),
		time.Date(2026, time.December, 31, 0, 0, 0, 0, time.UTC),
	} {
		_, err := scale.InForce("hmicfrs-fire", d)
		require.ErrorIs(t, err, scale.ErrNotCatalogued, "%s", d)
		assert.Contains(t, err.Error(), "round 4")
		assert.Contains(t, err.Error(), "scale.Register")
	}
	_, err = scale.InForceInspected("hmicfrs-fire", time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, scale.ErrNotCatalogued, "round 4 visits began in June 2025")
	got, err = scale.InForceInspected("hmicfrs-fire", time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, "hmicfrs-fire-2023", got.ID())
}

// Ofsted's other remits are families of their own: their grades resolve to
// their own scales on every date the schools' scales cover, and an ILACS
// label is not a schools' label.
func TestOfstedRemitsAreFamiliesOfTheirOwn(t *testing.T) {
	for _, tt := range []struct{ family, before, after string }{
		{"ofsted-further-education", "ofsted-further-education-2015", "ofsted-further-education-2025"},
		{"ofsted-early-years", "ofsted-early-years-2015", "ofsted-early-years-2025"},
		{"ofsted-independent-schools", "ofsted-independent-schools-2015", "ofsted-independent-schools-2025"},
	} {
		for day, want := range map[string]string{"2019-06-01": tt.before, "2025-11-09": tt.before, "2025-11-10": tt.after, "2026-06-01": tt.after} {
			d, err := time.Parse(time.DateOnly, day)
			require.NoError(t, err)
			got, err := scale.InForce(tt.family, d)
			require.NoError(t, err, "%s on %s", tt.family, day)
			assert.Equal(t, want, got.ID(), "%s on %s", tt.family, day)
		}
	}
	ilacs, err := scale.InForce("ofsted-childrens-services", time.Date(2024, time.May, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	rank, ok := ilacs.RankOf("Requires improvement to be good")
	assert.True(t, ok)
	assert.Equal(t, 2, rank)
	schools, ok := scale.Lookup("ofsted-schools-2012")
	require.True(t, ok)
	_, ok = schools.RankOf("Requires improvement to be good")
	assert.False(t, ok, "an ILACS grade is not a schools' grade")
}
