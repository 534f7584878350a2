package scale_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

// Building one definition twice gives one *Scale: identity is the pointer.
func TestNewInterns(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	again, err := scale.New(peel.Definition())
	require.NoError(t, err)
	assert.Same(t, peel, again)
	loaded, err := scale.Load(must(json.Marshal(peel)))
	require.NoError(t, err)
	assert.Same(t, peel, loaded[0])

	// Another definition with the same ID is another scale.
	d := peel.Definition()
	d.Levels[1].Label = "Needs improvement"
	other, err := scale.New(d)
	require.NoError(t, err)
	assert.NotSame(t, peel, other)
	assert.False(t, peel.Equal(other))
	assert.NotZero(t, peel.Compare(other), "distinct scales with one ID never compare equal")
	assert.Equal(t, -peel.Compare(other), other.Compare(peel))
	assert.Zero(t, peel.Compare(again))
}

// A struct copy of a scale, as json.Unmarshal into a Scale value makes,
// lives at another address; Canonical leads back to the interned one.
func TestCanonicalOfCopy(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	var copied scale.Scale
	require.NoError(t, json.Unmarshal(must(json.Marshal(peel)), &copied))
	assert.NotSame(t, peel, &copied)
	assert.Same(t, peel, copied.Canonical())
	assert.Same(t, peel, peel.Canonical())
	assert.True(t, copied.Equal(peel))
	assert.Zero(t, copied.Compare(peel))
	var nilScale *scale.Scale
	assert.Nil(t, nilScale.Canonical())
	assert.True(t, nilScale.Equal(nil))
	assert.False(t, nilScale.Equal(peel))
	assert.Equal(t, -1, nilScale.Compare(peel))
}

// The intern table holds scales weakly: a scale nobody uses is collected
// and its entry removed.
func TestInternTableForgets(t *testing.T) {
	before := scale.InternedLen()
	build := func(n int) {
		for i := range n {
			_, err := scale.New(scale.Definition{
				ID: fmt.Sprintf("transient-%d", i), Name: "t", Issuer: "t", Family: "transient",
				Era:    scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
				Levels: []scale.LevelDefinition{{Label: "Low"}, {Label: "High"}},
			})
			require.NoError(t, err)
		}
	}
	build(500)
	assert.GreaterOrEqual(t, scale.InternedLen(), before+1, "entries while the scales may live")
	deadline := time.Now().Add(5 * time.Second)
	for scale.InternedLen() > before+10 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	assert.LessOrEqual(t, scale.InternedLen(), before+10, "collected scales leave the table")
	// The built-in scales, held by the default registry, stay.
	again, err := scale.New(mustLookup(t, "hmicfrs-peel-2021").Definition())
	require.NoError(t, err)
	assert.Same(t, mustLookup(t, "hmicfrs-peel-2021"), again)
}

// Interning is safe for concurrent use: goroutines building one
// definition at once all get the same scale. Run with -race.
func TestInternConcurrent(t *testing.T) {
	def := scale.Definition{
		ID: "concurrent-intern", Name: "c", Issuer: "c", Family: "concurrent",
		Era:    scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Levels: []scale.LevelDefinition{{Label: "Low"}, {Label: "High"}},
	}
	const n = 8
	got := make([]*scale.Scale, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := scale.New(def)
			assert.NoError(t, err)
			got[i] = s
		}()
	}
	wg.Wait()
	for _, s := range got {
		assert.Same(t, got[0], s)
	}
}

// A scale of more levels than MaxLevels says how many are allowed.
func TestLevelCountMessage(t *testing.T) {
	levels := make([]scale.LevelDefinition, scale.MaxLevels+1)
	for i := range levels {
		levels[i].Label = fmt.Sprintf("L%d", i)
	}
	_, err := scale.New(scale.Definition{ID: "too-many", Name: "t", Issuer: "t", Family: "t",
		Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, Levels: levels})
	require.ErrorIs(t, err, scale.ErrLevelCount)
	assert.Contains(t, err.Error(), "at most 1000 levels: got 1001")
	assert.NotContains(t, err.Error(), "at least")
	_, err = scale.New(scale.Definition{ID: "too-few", Name: "t", Issuer: "t", Family: "t",
		Era: scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}, Levels: levels[:1]})
	require.ErrorIs(t, err, scale.ErrLevelCount)
	assert.Contains(t, err.Error(), "at least 2 levels: got 1")
}

// IDs match without regard to case; Find says why an ID matched nothing.
func TestLookupFoldsAndFindExplains(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	for _, id := range []string{"HMIC-PEEL-2014", " hmic-Peel-2014\t"} {
		s, ok := scale.Lookup(id)
		assert.True(t, ok, id)
		assert.Same(t, peel, s, id)
		s, err := scale.Find(id)
		require.NoError(t, err)
		assert.Same(t, peel, s)
	}

	_, err := scale.Find("hmic-peel-2015")
	require.ErrorIs(t, err, scale.ErrUnknownScale)
	var le *scale.LookupError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "hmic-peel-2014", le.Suggestion)
	assert.Contains(t, err.Error(), `did you mean "hmic-peel-2014"?`)
	assert.NotErrorIs(t, err, scale.ErrFamilyNotScale)

	_, err = scale.Find("HMICFRS-police")
	require.ErrorIs(t, err, scale.ErrFamilyNotScale)
	require.ErrorIs(t, err, scale.ErrUnknownScale, "a family is not a scale")
	require.ErrorAs(t, err, &le)
	assert.Equal(t, []string{"hmic-pledge-2009", "hmic-peel-2014", "hmicfrs-peel-2021", "hmicfrs-peel-2023"}, le.Family)
	assert.Contains(t, err.Error(), "is a family, not a scale")

	_, err = scale.Find("no-such-thing-at-all")
	require.ErrorAs(t, err, &le)
	assert.Empty(t, le.Suggestion)
	assert.NotContains(t, err.Error(), "did you mean")
}

func TestNearestLabel(t *testing.T) {
	peel := mustLookup(t, "hmic-peel-2014")
	got, ok := peel.NearestLabel("Requires improvment")
	assert.True(t, ok)
	assert.Equal(t, "Requires improvement", got)
	got, ok = peel.NearestLabel("requiring improvment") // near an alias: the level's label
	assert.True(t, ok)
	assert.Equal(t, "Requires improvement", got)
	_, ok = peel.NearestLabel("Good")
	assert.False(t, ok, "a match needs no suggestion")
	_, ok = peel.NearestLabel("Satisfactory")
	assert.False(t, ok)
}

// Register is linear in a family's size: registering n scales of one
// family, one call each in era order or all in one call, allocates O(n)
// bytes. The old Register copied and sorted the family for every scale:
// about n² / 2 pointers, 1.6 GB for 20,000 scales.
func TestRegisterLinear(t *testing.T) {
	const n = 4000
	scales := familyOf(t, "linear", n)
	for _, name := range []string{"one call each", "one call"} {
		t.Run(name, func(t *testing.T) {
			var r scale.Registry
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			if name == "one call" {
				require.NoError(t, r.Register(scales...))
			} else {
				for _, s := range scales {
					require.NoError(t, r.Register(s))
				}
			}
			runtime.ReadMemStats(&after)
			// n² / 2 pointers would be 64 MB; linear is a few hundred bytes each.
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(n*1024), "bytes allocated")
			assert.Equal(t, n, r.Len())
			var prev *scale.Scale
			for s := range r.Family("linear") {
				if prev != nil {
					assert.False(t, s.Era().From.Before(prev.Era().From))
				}
				prev = s
			}
		})
	}
}

// A scale registered out of era order is merged in, and a listing handed
// out before does not change.
func TestRegisterKeepsListings(t *testing.T) {
	var r scale.Registry
	fam := familyOf(t, "listing", 6)
	require.NoError(t, r.Register(fam[0], fam[2], fam[4]))
	before := ids(r.Family("listing"))
	listing := r.Family("listing")
	require.NoError(t, r.Register(fam[5]))         // appended
	require.NoError(t, r.Register(fam[1], fam[3])) // merged
	assert.Equal(t, before, ids(listing))
	assert.Equal(t, []string{"listing-0", "listing-1", "listing-2", "listing-3", "listing-4", "listing-5"}, ids(r.Family("listing")))
}

// familyOf builds n two-level scales of one family, in era order.
func familyOf(t testing.TB, family string, n int) []*scale.Scale {
	t.Helper()
	out := make([]*scale.Scale, n)
	for i := range out {
		out[i] = newScale(t, fmt.Sprintf("%s-%d", family, i), family,
			time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i), time.Time{})
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
