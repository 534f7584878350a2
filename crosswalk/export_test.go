package crosswalk

// ObservedFrom exposes observedFrom to the tests, which build registries of
// their own so as not to depend on which rounds the catalogue ships.
var ObservedFrom = observedFrom

// MaxCachedLevels lets tests stream the draws of every scale.
var MaxCachedLevels = &maxCachedLevels

// Quantile exposes quantile, which selects rather than sorts.
var Quantile = quantile
