// Package latent fits a model of the latent quality behind inspection
// grades, and answers from it the question people ask of a series of
// grades: did this subject really improve? The name says what is modelled:
// each subject's quality is latent, seen only through grades; [Fit]
// returns a fitted *latent.Model, and the command line's -model latent
// uses one.
//
// # The model
//
// A series is one subject and area (one subject with Options.PoolAreas).
// Its latent quality θ moves through time around the population's mean μ
// as a stationary AR(1) process with persistence ρ per year and spread σ;
// μ is piecewise linear on yearly knots, 0 at the first, with a random
// walk prior (λ = 0.25 a year by default). A grade is θ plus normal noise
// of variance 1, cut at its scale's cut points: an ordered probit with
// each scale's own cut points. Across a change of scale, what places the
// new scale against the old is the subjects graded on both sides, through
// their persistence, and μ's smoothness: the model assumes that the
// national trend has no break at the change of scale. A fall of the whole
// population exactly at the change cannot be told from a harsher new
// scale, by this model or any. docs/model.md describes the model, its
// priors, its sampler and the checks it passes.
//
// # What it gives
//
//   - [Model.Crosswalk]: a [crosswalk.Crosswalk] whose bands are the shares
//     of the reference date's population graded below each cut point, with
//     intervals from the posterior draws. Every function of package
//     crosswalk works on it.
//   - [Model.Change], [Series.Steps] and [Series.Overall]: the posterior
//     probability that a series improved between two of its dates, and the
//     change of its position on the common ordinal with a 90% interval.
//   - [Model.Steps] and [Model.Summary]: trend's own steps and summaries of
//     a trend.Series, read by the model (trend.Step.Model holds the
//     reading), for everything that takes them: trend's sensitivity check
//     (trend.Linkings, where the model's crosswalk is named
//     [CrosswalkName]), the charts, the command line's trend -model latent.
//   - [Model.Population], [Model.PopulationOver] and
//     [Model.PopulationChange]: the national trend that a crosswalk counted
//     from the grades cannot show.
//   - [Model.Diagnostics]: R̂ and effective sample sizes, and a
//     [ConvergenceWarning] when the chains have not mixed.
//
// # Fitting
//
// [Fit] runs Gibbs sampling with data augmentation (Albert and Chib,
// 1993), the cut points updated with the latent variables integrated out
// (after Cowles, 1996), each series' path by forward filtering and
// backward sampling, and exact moves of whole eras and of σ and ρ with
// the paths integrated out. Four chains run in parallel by default, each
// with its own stream of random numbers from Options.Seed: the same input
// gives the same numbers on one processor or many. [FitContext] can be
// cancelled. Bad input is a typed error: an [*ObservationError], an
// [*OrderError], a [*ScaleError] or an [*OptionError].
package latent
