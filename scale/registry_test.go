package scale_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/scale"
)

// newScale builds a two-level scale of the given family and era; until may
// be zero for an open era.
func newScale(t testing.TB, id, family string, from, until time.Time) *scale.Scale {
	t.Helper()
	s, err := scale.New(scale.Definition{
		ID: id, Name: id, Issuer: "Test inspectorate", Family: family,
		Era:    scale.Era{From: from, Until: until},
		Levels: []scale.LevelDefinition{{Label: "Low"}, {Label: "High"}},
	})
	require.NoError(t, err)
	return s
}

func ids(seq func(func(*scale.Scale) bool)) []string {
	var out []string
	for s := range seq {
		out = append(out, s.ID())
	}
	return out
}

func TestRegistryZeroValue(t *testing.T) {
	var r scale.Registry
	s, ok := r.Lookup("anything")
	assert.False(t, ok)
	assert.Nil(t, s)
	assert.Empty(t, ids(r.All()))
	assert.Empty(t, ids(r.Family("f")))
	_, err := r.InForce("f", day(2020, time.January, 1))
	assert.ErrorIs(t, err, scale.ErrUnknownFamily)

	a := newScale(t, "a", "f", day(2020, time.January, 1), time.Time{})
	require.NoError(t, r.Register(a))
	got, ok := r.Lookup("a")
	assert.True(t, ok)
	assert.Same(t, a, got)
}

func TestRegistryLen(t *testing.T) {
	var r scale.Registry
	assert.Equal(t, 0, r.Len())
	require.NoError(t, r.Register(
		newScale(t, "a", "f", day(2001, time.January, 1), day(2001, time.December, 31)),
		newScale(t, "b", "g", day(2002, time.January, 1), time.Time{})))
	assert.Equal(t, 2, r.Len())
	assert.Equal(t, len(ids(r.All())), r.Len())
	assert.Equal(t, len(ids(scale.All())), scale.Default().Len())
}

// Family yields the family as it was when called, although it no longer
// copies the list: a registration makes a new one.
func TestRegistryFamilySnapshot(t *testing.T) {
	var r scale.Registry
	for _, id := range []string{"b", "d", "a"} { // the list has room to grow in place
		year := map[string]int{"a": 2001, "b": 2002, "d": 2004}[id]
		require.NoError(t, r.Register(newScale(t, id, "f", day(year, time.January, 1), day(year, time.December, 31))))
	}
	before := r.Family("f")
	// Between b and d, so that sorting in place would change what before yields.
	require.NoError(t, r.Register(newScale(t, "c", "f", day(2003, time.January, 1), day(2003, time.December, 31))))
	assert.Equal(t, []string{"a", "b", "d"}, ids(before))
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids(r.Family("f")))
}

func TestRegistryRegisterEmpty(t *testing.T) {
	var r scale.Registry
	require.NoError(t, r.Register())
	assert.Empty(t, ids(r.All()))
}

func TestRegistryRegisterDuplicate(t *testing.T) {
	var r scale.Registry
	a := newScale(t, "a", "f", day(2001, time.January, 1), day(2001, time.December, 31))
	require.NoError(t, r.Register(a))

	b := newScale(t, "b", "f", day(2002, time.January, 1), day(2002, time.December, 31))
	c := newScale(t, "c", "g", day(2002, time.January, 1), time.Time{})
	a2 := newScale(t, "a", "h", day(2003, time.January, 1), time.Time{})

	// A clash with a registered scale: nothing of the batch is added.
	err := r.Register(b, c, a2)
	require.ErrorIs(t, err, scale.ErrDuplicateID)
	assert.Contains(t, err.Error(), `"a"`, "the error names the ID")
	assert.Equal(t, []string{"a"}, ids(r.All()))
	assert.Equal(t, []string{"a"}, ids(r.Family("f")))
	_, ok := r.Lookup("b")
	assert.False(t, ok)
	_, err = r.InForce("g", day(2002, time.June, 1))
	assert.ErrorIs(t, err, scale.ErrUnknownFamily)
	got, _ := r.Lookup("a")
	assert.Same(t, a, got, "a registered scale is never replaced")

	// A clash within the batch: nothing is added either.
	b2 := newScale(t, "b", "f", day(2004, time.January, 1), time.Time{})
	err = r.Register(b, c, b2)
	require.ErrorIs(t, err, scale.ErrDuplicateID)
	assert.Equal(t, []string{"a"}, ids(r.All()))

	// The same scale twice is a clash too.
	err = r.Register(a)
	require.ErrorIs(t, err, scale.ErrDuplicateID)

	// The batch without the clash goes in.
	require.NoError(t, r.Register(b, c))
	assert.Equal(t, []string{"a", "b", "c"}, ids(r.All()))
}

func TestRegistryRegisterInvalid(t *testing.T) {
	var r scale.Registry
	a := newScale(t, "a", "f", day(2001, time.January, 1), time.Time{})
	for _, bad := range []*scale.Scale{nil, new(scale.Scale)} {
		err := r.Register(a, bad)
		require.ErrorIs(t, err, scale.ErrInvalidDefinition)
		assert.Empty(t, ids(r.All()), "nothing added")
	}
}

func TestRegistryAllInIDOrder(t *testing.T) {
	var r scale.Registry
	for _, id := range []string{"m", "b-2", "z", "a", "b-10", "b"} {
		require.NoError(t, r.Register(newScale(t, id, "f"+id, day(2000, time.January, 1), time.Time{})))
	}
	assert.Equal(t, []string{"a", "b", "b-10", "b-2", "m", "z"}, ids(r.All()))

	// All is a snapshot: registering afterwards does not change it.
	all := r.All()
	require.NoError(t, r.Register(newScale(t, "c", "fc", day(2000, time.January, 1), time.Time{})))
	assert.Equal(t, []string{"a", "b", "b-10", "b-2", "m", "z"}, ids(all))
	assert.Equal(t, []string{"a", "b", "b-10", "b-2", "c", "m", "z"}, ids(r.All()))
}

func TestRegistryFamilyInEraOrder(t *testing.T) {
	var r scale.Registry
	third := newScale(t, "aaa-third", "f", day(2020, time.January, 1), time.Time{})
	first := newScale(t, "zzz-first", "f", day(2000, time.January, 1), day(2009, time.December, 31))
	second := newScale(t, "mmm-second", "f", day(2010, time.January, 1), day(2019, time.December, 31))
	other := newScale(t, "other", "g", day(1990, time.January, 1), time.Time{})
	require.NoError(t, r.Register(third, other))
	require.NoError(t, r.Register(first))
	require.NoError(t, r.Register(second))

	fam := r.Family("f")
	assert.Equal(t, []string{"zzz-first", "mmm-second", "aaa-third"}, ids(fam))
	assert.Equal(t, []string{"other"}, ids(r.Family("g")))
	assert.Empty(t, ids(r.Family("nope")))

	// Family is a snapshot too.
	require.NoError(t, r.Register(newScale(t, "before", "f", day(1999, time.January, 1), day(1999, time.December, 31))))
	assert.Equal(t, []string{"zzz-first", "mmm-second", "aaa-third"}, ids(fam))
	assert.Equal(t, []string{"before", "zzz-first", "mmm-second", "aaa-third"}, ids(r.Family("f")))

	for _, tt := range []struct {
		date time.Time
		want string
	}{
		{day(1999, time.June, 1), "before"},
		{day(2000, time.January, 1), "zzz-first"},
		{day(2009, time.December, 31), "zzz-first"},
		{day(2010, time.January, 1), "mmm-second"},
		{day(2030, time.January, 1), "aaa-third"},
	} {
		s, err := r.InForce("f", tt.date)
		if assert.NoError(t, err) {
			assert.Equal(t, tt.want, s.ID())
		}
	}
	_, err := r.InForce("f", day(1998, time.December, 31))
	assert.ErrorIs(t, err, scale.ErrNotInForce)
}

func TestRegistryInForceOverlap(t *testing.T) {
	var r scale.Registry
	old := newScale(t, "old", "f", day(2000, time.January, 1), day(2010, time.June, 30))
	newer := newScale(t, "new", "f", day(2010, time.January, 1), time.Time{})
	require.NoError(t, r.Register(newer, old))

	date := day(2010, time.March, 1)
	s, err := r.InForce("f", date)
	assert.Nil(t, s)
	require.ErrorIs(t, err, scale.ErrOverlap)
	var ife *scale.InForceError
	require.ErrorAs(t, err, &ife)
	assert.Equal(t, "f", ife.Family)
	assert.Equal(t, date, ife.Date)
	assert.Equal(t, []string{"old", "new"}, ife.Scales, "both scales, in era order")
	assert.Contains(t, err.Error(), "old")
	assert.Contains(t, err.Error(), "new")

	// Either side of the overlap there is one scale.
	s, err = r.InForce("f", day(2009, time.December, 31))
	require.NoError(t, err)
	assert.Equal(t, "old", s.ID())
	s, err = r.InForce("f", day(2010, time.July, 1))
	require.NoError(t, err)
	assert.Equal(t, "new", s.ID())
}

func TestRegistryConcurrent(t *testing.T) {
	const goroutines, perGoroutine = 16, 20
	var r scale.Registry
	base := newScale(t, "base", "f", day(1990, time.January, 1), day(1990, time.December, 31))
	require.NoError(t, r.Register(base))

	// Build the scales first: require must not be called off the test goroutine.
	scales := make([][]*scale.Scale, goroutines)
	for g := range scales {
		for i := range perGoroutine {
			year := 2000 + g*perGoroutine + i
			scales[g] = append(scales[g], newScale(t, fmt.Sprintf("s-%d-%d", g, i), "f",
				day(year, time.January, 1), day(year, time.December, 31)))
		}
	}

	var wg sync.WaitGroup
	errs := make(chan error, goroutines*perGoroutine*2)
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, s := range scales[g] {
				if err := r.Register(s); err != nil {
					errs <- err
				}
				// Everyone races for the same ID; at most one wins.
				_ = r.Register(newScaleNoT(fmt.Sprintf("contested-%d", i)))
				if got, ok := r.Lookup(s.ID()); !ok || got != s {
					errs <- fmt.Errorf("lookup %s after register: %v %v", s.ID(), got, ok)
				}
				if _, ok := r.Lookup("base"); !ok {
					errs <- fmt.Errorf("lookup base failed")
				}
				n := 0
				for range r.All() {
					n++
				}
				if n < 2 {
					errs <- fmt.Errorf("All yielded %d scales", n)
				}
				if got, err := r.InForce("f", day(1990, time.June, 1)); err != nil || got != base {
					errs <- fmt.Errorf("InForce base: %v %v", got, err)
				}
				if got, err := r.InForce("f", s.Era().From); err != nil || got != s {
					errs <- fmt.Errorf("InForce %s: %v %v", s.ID(), got, err)
				}
				for range r.Family("f") {
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	all := ids(r.All())
	assert.Len(t, all, 1+goroutines*perGoroutine+perGoroutine)
	assert.True(t, slices.IsSorted(all))
	fam := slices.Collect(r.Family("f"))
	assert.Len(t, fam, 1+goroutines*perGoroutine)
	assert.True(t, slices.IsSortedFunc(fam, func(a, b *scale.Scale) int {
		return a.Era().From.Compare(b.Era().From)
	}))
}

// newScaleNoT is newScale for goroutines other than the test's; it panics
// on a bad definition, which would be a bug in the test.
func newScaleNoT(id string) *scale.Scale {
	s, err := scale.New(scale.Definition{
		ID: id, Name: id, Issuer: "Test inspectorate", Family: "contested",
		Era:    scale.Era{From: day(1980, time.January, 1)},
		Levels: []scale.LevelDefinition{{Label: "Low"}, {Label: "High"}},
	})
	if err != nil {
		panic(err)
	}
	return s
}

func TestDefaultRegistry(t *testing.T) {
	d := scale.Default()
	require.NotNil(t, d)
	assert.Same(t, d, scale.Default(), "one default registry")

	assert.Equal(t, ids(d.All()), ids(scale.All()))
	builtin, err := scale.Builtin()
	require.NoError(t, err)
	var want []string
	for _, s := range builtin {
		want = append(want, s.ID())
	}
	slices.Sort(want)
	all := ids(scale.All())
	// Other tests may register scales in the default registry; the
	// built-in ones are all there.
	for _, id := range want {
		assert.Contains(t, all, id)
	}

	s, ok := scale.Lookup("hmic-peel-2014")
	require.True(t, ok)
	ds, _ := d.Lookup("hmic-peel-2014")
	assert.Same(t, ds, s)

	got, err := scale.InForce(policeFamily, day(2019, time.May, 2))
	require.NoError(t, err)
	dgot, err := d.InForce(policeFamily, day(2019, time.May, 2))
	require.NoError(t, err)
	assert.Same(t, dgot, got)

	// Register adds to the default registry; built-in IDs are taken.
	custom := newScale(t, "test-default-registry-custom", "test-default-registry", day(2000, time.January, 1), time.Time{})
	require.NoError(t, scale.Register(custom))
	got2, ok := d.Lookup("test-default-registry-custom")
	assert.True(t, ok)
	assert.Same(t, custom, got2)
	assert.Contains(t, ids(scale.All()), "test-default-registry-custom")

	dup := newScale(t, "hmic-peel-2014", "x", day(2000, time.January, 1), time.Time{})
	require.ErrorIs(t, scale.Register(dup), scale.ErrDuplicateID)
	s2, _ := scale.Lookup("hmic-peel-2014")
	assert.Same(t, s, s2)
}
