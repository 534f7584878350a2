package crosswalk_test

import (
	"iter"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gradewalk/gradewalk/crosswalk"
	"github.com/gradewalk/gradewalk/scale"
)

// observedScale builds a test scale of n levels with the given
// distributions.
func observedScale(t *testing.T, id string, n int, dists ...scale.DistributionDefinition) *scale.Scale {
	t.Helper()
	d := scale.Definition{
		ID: id, Name: "Test scale " + id, Issuer: "gradewalk tests", Family: "observed-tests",
		Era:           scale.Era{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		Distributions: dists,
	}
	for k := 1; k <= n; k++ {
		d.Levels = append(d.Levels, scale.LevelDefinition{Label: "L" + strconv.Itoa(k)})
	}
	s, err := scale.New(d)
	require.NoError(t, err)
	return s
}

func testSource() scale.Source {
	return scale.Source{Publisher: "gradewalk tests", Title: "Illustrative counts", Year: 2024, URL: "https://example.org/illustrative"}
}

func TestObservedFromRegistry(t *testing.T) {
	a := observedScale(t, "obs-a", 4,
		scale.DistributionDefinition{Period: "2016", Area: "effectiveness", Counts: []float64{5, 5, 5, 5}, Source: testSource()},
		scale.DistributionDefinition{Period: "2019", Area: "effectiveness", Counts: []float64{1, 10, 25, 7}, Source: testSource(), Reference: true},
	)
	b := observedScale(t, "obs-b", 5,
		scale.DistributionDefinition{Period: "2021/22", Percentages: []float64{2.5, 12.5, 37.5, 42.5, 5}, Size: 40, Source: testSource(), Reference: true},
	)
	noRef := observedScale(t, "obs-c", 3,
		scale.DistributionDefinition{Period: "2010", Counts: []float64{1, 2, 3}, Source: testSource()},
	)
	none := observedScale(t, "obs-d", 3)
	var r scale.Registry
	require.NoError(t, r.Register(a, b, noRef, none))

	cw, err := crosswalk.ObservedFrom(&r)
	require.NoError(t, err)
	assert.Equal(t, "observed (reference distributions: obs-a 2019 effectiveness; obs-b 2021/22)", cw.String(),
		"no sector or population to name")

	want, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{
		a: {1, 10, 25, 7},
		b: {1, 5, 15, 17, 2},
	})
	require.NoError(t, err)
	for _, s := range []*scale.Scale{a, b} {
		assert.True(t, cw.Covers(s), s.ID())
		got, err := cw.CutPoints(s)
		require.NoError(t, err)
		expected, err := want.CutPoints(s)
		require.NoError(t, err)
		assert.InDeltaSlice(t, expected, got, 1e-12, s.ID())
	}
	for _, s := range []*scale.Scale{noRef, none} {
		assert.False(t, cw.Covers(s), s.ID())
		_, err := cw.Band(fromRank(t, s, 1))
		assert.ErrorIs(t, err, crosswalk.ErrNotCovered, s.ID())
	}

	// Counts, so intervals and standard errors.
	c, err := cw.Compare(fromRank(t, a, 3), fromRank(t, b, 3))
	require.NoError(t, err)
	assert.Less(t, c.PAboveLo, c.PAbove)
	assert.Greater(t, c.PAboveHi, c.PAbove)
	se, err := cw.EquateSE(fromRank(t, a, 3), b)
	require.NoError(t, err)
	assert.Greater(t, se, 0.0)

	var empty scale.Registry
	require.NoError(t, empty.Register(none))
	cwEmpty, err := crosswalk.ObservedFrom(&empty)
	require.NoError(t, err)
	assert.Equal(t, "observed (no scale has a reference distribution)", cwEmpty.String())
	assert.False(t, cwEmpty.Covers(none))
}

// Observed covers exactly the catalogue's scales with a reference
// distribution, placed by it, whichever rounds the catalogue ships.
func TestObservedCatalogue(t *testing.T) {
	cw := crosswalk.Observed()
	assert.Same(t, cw, crosswalk.Observed(), "built once while the registry is unchanged")
	for s := range scale.All() {
		ref, ok := s.Reference()
		assert.Equal(t, ok, cw.Covers(s), s.ID())
		if !ok {
			continue
		}
		want, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{s: ref.Counts})
		require.NoError(t, err)
		expected, err := want.CutPoints(s)
		require.NoError(t, err)
		got, err := cw.CutPoints(s)
		require.NoError(t, err)
		assert.Equal(t, expected, got, s.ID())
		assert.True(t, strings.Contains(cw.String(), s.ID()+" "+ref.Period), "String names %s's round", s.ID())
		assert.True(t, strings.Contains(cw.String(), " "+ref.Sector), "String names %s's population", s.ID())
		got2, ok := cw.Reference(s)
		require.True(t, ok, s.ID())
		assert.Equal(t, ref, got2, s.ID())
	}
}

// sectorScales builds a registry like the catalogue's CQC entry: one scale
// with a reference for GP practices and single rounds for two kinds of NHS
// trust, a second scale with every round for NHS trusts, and one with two
// unmarked rounds for one sector.
func sectorScales(t *testing.T) (r *scale.Registry, cqc, hcc, twice *scale.Scale) {
	t.Helper()
	d := func(period, area, pop, sector string, counts []float64, ref bool) scale.DistributionDefinition {
		return scale.DistributionDefinition{Period: period, Area: area, Population: pop, Sector: sector,
			Counts: counts, Source: testSource(), Reference: ref}
	}
	cqc = observedScale(t, "sec-cqc", 4,
		d("2017", "overall", "GP practices", "gp-practices", []float64{116, 528, 5934, 299}, true),
		d("2016", "overall", "acute trusts", "nhs-acute-trusts", []float64{10, 70, 21, 2}, false),
		d("2016", "overall", "all trusts", "nhs-trusts", []float64{12, 109, 53, 5}, false),
	)
	hcc = observedScale(t, "sec-hcc", 4,
		d("2008/09", "quality of services", "trusts", "nhs-trusts", []float64{20, 125, 184, 59}, true),
		d("2007/08", "quality of services", "trusts", "nhs-trusts", []float64{20, 132, 139, 100}, false),
	)
	twice = observedScale(t, "sec-twice", 3,
		d("2020", "overall", "homes", "care-homes", []float64{1, 2, 3}, false),
		d("2021", "overall", "homes", "care-homes", []float64{2, 2, 2}, false),
	)
	r = new(scale.Registry)
	require.NoError(t, r.Register(cqc, hcc, twice))
	return r, cqc, hcc, twice
}

func TestObservedForSector(t *testing.T) {
	r, cqc, hcc, twice := sectorScales(t)

	def, err := crosswalk.ObservedFrom(r)
	require.NoError(t, err)
	ref, ok := def.Reference(cqc)
	require.True(t, ok)
	assert.Equal(t, "gp-practices", ref.Sector, "without a sector, the reference")
	assert.False(t, def.Covers(twice), "no reference, no sector named")

	trusts, err := crosswalk.ObservedFrom(r, "nhs-trusts")
	require.NoError(t, err)
	got, ok := trusts.Reference(cqc)
	require.True(t, ok)
	assert.Equal(t, "all trusts", got.Population, "the scale's one round for the sector")
	got, ok = trusts.Reference(hcc)
	require.True(t, ok)
	assert.Equal(t, "2008/09", got.Period, "the reference, which is for the sector")
	want, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{cqc: {12, 109, 53, 5}})
	require.NoError(t, err)
	wantCuts, err := want.CutPoints(cqc)
	require.NoError(t, err)
	gotCuts, err := trusts.CutPoints(cqc)
	require.NoError(t, err)
	assert.InDeltaSlice(t, wantCuts, gotCuts, 1e-12)
	assert.Contains(t, trusts.String(), "sec-cqc 2016 overall, 179 nhs-trusts;")

	_, err = crosswalk.ObservedFrom(r, "prisons")
	var se *crosswalk.SectorError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, crosswalk.ErrUnknownSector)
	assert.Equal(t, "prisons", se.Sector)
	assert.Contains(t, err.Error(), "gp-practices", "the message lists the sectors there are")

	_, err = crosswalk.ObservedFrom(r, "nhs-trusts", "gp-practices")
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, crosswalk.ErrSectorChoice)
	assert.Equal(t, "sec-cqc", se.Scale)

	_, err = crosswalk.ObservedFrom(r, "care-homes")
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, crosswalk.ErrSectorChoice)
	assert.Equal(t, "sec-twice", se.Scale)
	assert.True(t, strings.HasPrefix(err.Error(), "crosswalk: "))
}

func TestObservedForCatalogue(t *testing.T) {
	cw, err := crosswalk.ObservedFor()
	require.NoError(t, err)
	assert.Same(t, crosswalk.Observed(), cw, "no sector is Observed")
	trusts, err := crosswalk.ObservedFor("nhs-trusts")
	require.NoError(t, err)
	again, err := crosswalk.ObservedFor("nhs-trusts", "nhs-trusts")
	require.NoError(t, err)
	assert.Same(t, trusts, again, "built once per choice of sectors")
	cqc, ok := scale.Lookup("cqc-ratings-2014")
	require.True(t, ok)
	ref, ok := trusts.Reference(cqc)
	require.True(t, ok)
	assert.Equal(t, "nhs-trusts", ref.Sector)
	_, err = crosswalk.ObservedFor("no-such-sector")
	assert.ErrorIs(t, err, crosswalk.ErrUnknownSector)
}

func TestReferenceNotes(t *testing.T) {
	r, cqc, hcc, twice := sectorScales(t)
	def, err := crosswalk.ObservedFrom(r)
	require.NoError(t, err)
	data := func(rows ...any) func(func(*scale.Scale, string) bool) {
		return func(yield func(*scale.Scale, string) bool) {
			for i := 0; i < len(rows); i += 2 {
				if !yield(rows[i].(*scale.Scale), rows[i+1].(string)) {
					return
				}
			}
		}
	}
	notes := def.ReferenceNotes(data(
		cqc, "Overall", cqc, "adult social care", cqc, "Adult  Social Care", cqc, "adult social care",
		hcc, "quality of services", twice, "overall", (*scale.Scale)(nil), "overall",
	))
	require.Len(t, notes, 1, "one note for the one scale that does not fit; an uncovered scale is not noted")
	n := notes[0]
	assert.Equal(t, "sec-cqc", n.Scale)
	assert.Equal(t, []string{"adult social care"}, n.Areas, "one spelling per area, matching areas left out")
	assert.Equal(t, []string{"nhs-acute-trusts", "nhs-trusts"}, n.Sectors)
	assert.Equal(t, "GP practices", n.Reference.Population)
	assert.Equal(t, "sec-cqc is placed by its 2017 round for overall in GP practices; the data grade adult social care; "+
		"the catalogue also has rounds of it for nhs-acute-trusts, nhs-trusts (crosswalk.ObservedFor names the sector that fits the data)", n.String())

	chosen, err := crosswalk.ObservedFrom(r, "gp-practices")
	require.NoError(t, err)
	assert.Empty(t, chosen.ReferenceNotes(data(cqc, "overall", hcc, "quality of services")),
		"a named sector and matching areas fit")

	fromCounts, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{cqc: {1, 2, 3, 4}})
	require.NoError(t, err)
	assert.Nil(t, fromCounts.ReferenceNotes(data(cqc, "adult social care")), "not an observed crosswalk")
	_, ok := fromCounts.Reference(cqc)
	assert.False(t, ok)
}

func TestCheckCovers(t *testing.T) {
	r, cqc, _, twice := sectorScales(t)
	cw, err := crosswalk.ObservedFrom(r)
	require.NoError(t, err)
	assert.NoError(t, cw.CheckCovers(one(cqc)))

	err = cw.CheckCovers(one(twice))
	var se *crosswalk.ScaleError
	require.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, crosswalk.ErrNotCovered)
	assert.Equal(t, "sec-twice", se.Scale)
	assert.Contains(t, se.Detail, "none is marked as its reference")
	assert.Contains(t, se.Detail, "crosswalk.Default")

	none := observedScale(t, "sec-none", 3)
	require.ErrorAs(t, cw.CheckCovers(one(none)), &se)
	assert.Contains(t, se.Detail, "no national distribution")

	fromCounts, err := crosswalk.FromDistributions(map[*scale.Scale][]float64{cqc: {1, 2, 3, 4}})
	require.NoError(t, err)
	require.ErrorAs(t, fromCounts.CheckCovers(one(none)), &se)
	assert.Contains(t, se.Detail, "no counts or cut points")
	assert.NoError(t, crosswalk.Default().CheckCovers(one(none)))
	assert.ErrorIs(t, cw.CheckCovers(one(nil)), crosswalk.ErrInvalidGrade)
}

// one yields the one scale s: CheckCovers takes a sequence, an input's
// scales.
func one(s *scale.Scale) iter.Seq[*scale.Scale] { return slices.Values([]*scale.Scale{s}) }
