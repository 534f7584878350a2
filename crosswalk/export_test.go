package crosswalk

// ObservedFrom exposes observedFrom to the tests, which build registries of
// their own so as not to depend on which rounds the catalogue ships.
var ObservedFrom = observedFrom

// Quantile exposes quantile, which selects rather than sorts.
var Quantile = quantile

// PAboveBands exposes pAbove, for the property tests of bands of any width.
var PAboveBands = pAbove

// Cache bounds, which tests make small.
var (
	MaxCachedPairs = &maxCachedPairs
	MaxCachedBands = &maxCachedBands
	MaxCachedCuts  = &maxCachedCuts
)

// BandsDrawn counts the bands drawn from counts since the program started.
func BandsDrawn() int64 { return bandsDrawn.Load() }

// CacheLens returns the number of entries in c's caches of pair
// intervals, band draws and cut intervals.
func CacheLens(c *Crosswalk) (pairs, bands, cuts int) {
	if c.intervals == nil {
		return 0, 0, 0
	}
	return c.intervals.pairs.len(), c.intervals.bands.len(), c.intervals.cuts.len()
}
