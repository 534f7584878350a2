package scale_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

const policeFamily = "hmicfrs-police"

// policeScales lists the built-in police scales of family hmicfrs-police, in
// era order, with their canonical labels from worst to best. IDs, labels and
// their order are fixed; eras and sources are deliberately not pinned here.
var policeScales = []struct {
	id     string
	labels []string
}{
	{"hmic-pledge-2009", []string{"Poor", "Fair", "Good", "Excellent"}},
	{"hmic-peel-2014", []string{"Inadequate", "Requires improvement", "Good", "Outstanding"}},
	{"hmicfrs-peel-2021", []string{"Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"}},
	{"hmicfrs-peel-2023", []string{"Inadequate", "Requires improvement", "Adequate", "Good", "Outstanding"}},
}

// mustLookup returns the built-in scale id, failing the test if it is missing.
func mustLookup(t testing.TB, id string) *scale.Scale {
	t.Helper()
	s, ok := scale.Lookup(id)
	require.Truef(t, ok, "built-in scale %q not found", id)
	require.NotNil(t, s)
	return s
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestBuiltin(t *testing.T) {
	scales, err := scale.Builtin()
	require.NoError(t, err)
	require.NotEmpty(t, scales)

	ids := make(map[string]bool)
	for _, s := range scales {
		assert.Falsef(t, ids[s.ID()], "duplicate built-in ID %q", s.ID())
		ids[s.ID()] = true
		assert.GreaterOrEqualf(t, s.Len(), 2, "%s has too few levels", s.ID())
		assert.NotEmptyf(t, s.Name(), "%s has no name", s.ID())
		assert.NotEmptyf(t, s.Issuer(), "%s has no issuer", s.ID())
		assert.NotEmptyf(t, s.Family(), "%s has no family", s.ID())
		assert.Falsef(t, s.Era().From.IsZero(), "%s has no era start", s.ID())

		// Every canonical label and alias finds its own level.
		for l := range s.Levels() {
			rank, ok := s.RankOf(l.Label())
			assert.Truef(t, ok, "%s: label %q", s.ID(), l.Label())
			assert.Equalf(t, l.Rank(), rank, "%s: label %q", s.ID(), l.Label())
			for a := range l.Aliases() {
				rank, ok := s.RankOf(a)
				assert.Truef(t, ok, "%s: alias %q", s.ID(), a)
				assert.Equalf(t, l.Rank(), rank, "%s: alias %q", s.ID(), a)
			}
		}

		// New interns scales: Builtin gives the default registry's own.
		d, ok := scale.Lookup(s.ID())
		if assert.Truef(t, ok, "%s not in the default registry", s.ID()) {
			assert.Same(t, d, s, "Builtin returns the interned scales")
			assert.Equal(t, s.Definition(), d.Definition())
		}
	}

	// Builtin returns the same scales each time.
	again, err := scale.Builtin()
	require.NoError(t, err)
	require.Len(t, again, len(scales))
	assert.Same(t, scales[0], again[0])
}

func TestPoliceScales(t *testing.T) {
	var ids []string
	for s := range scale.Default().Family(policeFamily) {
		ids = append(ids, s.ID())
	}
	var want []string
	for _, p := range policeScales {
		want = append(want, p.id)
	}
	assert.Equal(t, want, ids, "family %s in era order", policeFamily)

	for _, p := range policeScales {
		t.Run(p.id, func(t *testing.T) {
			s := mustLookup(t, p.id)
			assert.Equal(t, p.id, s.ID())
			assert.Equal(t, p.id, s.String())
			assert.Equal(t, policeFamily, s.Family())
			assert.Equal(t, len(p.labels), s.Len())
			assert.Equal(t, p.labels, slices.Collect(s.Labels()))

			var levels []string
			for l := range s.Levels() {
				levels = append(levels, l.Label())
				assert.Equal(t, len(levels), l.Rank(), "ranks count from 1, worst first")
			}
			assert.Equal(t, p.labels, levels)

			for i, label := range p.labels {
				l, ok := s.Level(i + 1)
				require.True(t, ok)
				assert.Equal(t, label, l.Label())
				assert.Equal(t, i+1, l.Rank())
				rank, ok := s.RankOf(label)
				assert.True(t, ok)
				assert.Equal(t, i+1, rank)
			}
		})
	}
}

func TestInForce(t *testing.T) {
	tests := []struct {
		date time.Time
		want string
	}{
		{day(2009, time.October, 6), "hmic-pledge-2009"},
		{day(2017, time.March, 15), "hmic-peel-2014"},
		{day(2019, time.May, 2), "hmic-peel-2014"},
		// Only the calendar date counts, not the time of day or zone.
		{time.Date(2019, time.May, 2, 23, 59, 59, 0, time.UTC), "hmic-peel-2014"},
		{time.Date(2019, time.May, 2, 0, 30, 0, 0, time.FixedZone("BST", 3600)), "hmic-peel-2014"},
	}
	for _, tt := range tests {
		t.Run(tt.date.String(), func(t *testing.T) {
			s, err := scale.InForce(policeFamily, tt.date)
			require.NoError(t, err)
			assert.Equal(t, tt.want, s.ID())
		})
	}
}

func TestInForceNotInForce(t *testing.T) {
	date := day(2012, time.June, 1)
	s, err := scale.InForce(policeFamily, date)
	assert.Nil(t, s)
	require.ErrorIs(t, err, scale.ErrNotInForce)
	var ife *scale.InForceError
	require.ErrorAs(t, err, &ife)
	assert.Equal(t, policeFamily, ife.Family)
	assert.Equal(t, date, ife.Date)
	assert.Empty(t, ife.Scales)
}

func TestInForceUnknownFamily(t *testing.T) {
	s, err := scale.InForce("no-such-family", day(2019, time.May, 2))
	assert.Nil(t, s)
	require.ErrorIs(t, err, scale.ErrUnknownFamily)
	var ife *scale.InForceError
	require.ErrorAs(t, err, &ife)
	assert.Equal(t, "no-such-family", ife.Family)
	assert.ErrorIs(t, ife, scale.ErrUnknownFamily)
	assert.NotErrorIs(t, err, scale.ErrNotInForce)
}

func TestLookupUnknown(t *testing.T) {
	s, ok := scale.Lookup("no-such-scale")
	assert.False(t, ok)
	assert.Nil(t, s)
}

func TestLevelOutOfRange(t *testing.T) {
	s := mustLookup(t, "hmic-peel-2014")
	for _, rank := range []int{-1, 0, s.Len() + 1, 1 << 40} {
		l, ok := s.Level(rank)
		assert.Falsef(t, ok, "rank %d", rank)
		assert.Equalf(t, scale.Level{}, l, "rank %d", rank)
	}
}

func TestLevelZero(t *testing.T) {
	var l scale.Level
	assert.Equal(t, 0, l.Rank())
	assert.Equal(t, "", l.Label())
	assert.Equal(t, "", l.Meaning())
	assert.Empty(t, slices.Collect(l.Aliases()))
	_, ok := l.Code()
	assert.False(t, ok)
}

func TestScaleNilString(t *testing.T) {
	var s *scale.Scale
	assert.Equal(t, "<nil scale>", s.String())
}

func TestIteratorsStopEarly(t *testing.T) {
	s := mustLookup(t, "hmicfrs-peel-2023")
	n := 0
	for range s.Levels() {
		n++
		break
	}
	assert.Equal(t, 1, n)
	for range s.Labels() {
		n++
		break
	}
	assert.Equal(t, 2, n)
	for l := range s.Levels() {
		if l.Rank() == 2 {
			for range l.Aliases() {
				n++
				break
			}
		}
	}
	assert.Equal(t, 3, n)
	for range scale.All() {
		n++
		break
	}
	assert.Equal(t, 4, n)
}

func TestEra(t *testing.T) {
	closed := scale.Era{From: day(2014, time.November, 27), Until: day(2020, time.February, 29)}
	open := scale.Era{From: day(2023, time.October, 1)}

	assert.False(t, closed.IsOpen())
	assert.True(t, open.IsOpen())
	assert.Equal(t, "2014-11-27 to 2020-02-29", closed.String())
	assert.Equal(t, "from 2023-10-01", open.String())
	assert.Equal(t, "no era", scale.Era{}.String())

	tests := []struct {
		era  scale.Era
		date time.Time
		want bool
	}{
		{closed, day(2014, time.November, 26), false},
		{closed, day(2014, time.November, 27), true}, // both ends inclusive
		{closed, time.Date(2014, time.November, 27, 23, 0, 0, 0, time.UTC), true},
		{closed, day(2020, time.February, 29), true},
		{closed, time.Date(2020, time.February, 29, 23, 59, 59, 999, time.UTC), true},
		{closed, day(2020, time.March, 1), false},
		{open, day(2023, time.September, 30), false},
		{open, day(2023, time.October, 1), true},
		{open, day(9999, time.December, 31), true},
	}
	for _, tt := range tests {
		assert.Equalf(t, tt.want, tt.era.Contains(tt.date), "%v contains %v", tt.era, tt.date)
	}
}
