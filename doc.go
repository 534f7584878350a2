// Package gradewalk makes grades from different rating scales comparable.
//
// Inspectorates change their grading scales: HMIC graded police forces
// Excellent / Good / Fair / Poor in 2009, PEEL from 2014 used Outstanding /
// Good / Requires improvement / Inadequate, and PEEL 2021/22 (first reports
// March 2022) added Adequate.
// A 2022 "Adequate" is not a 2016 "Requires improvement". The packages of this
// module model each scale precisely, place every grade on a common ordinal,
// the interval [0, 1], and compare grades honestly: better, worse, equivalent
// or cannot tell, with the probability of "better" and the issuer's caveat.
//
// This package holds only this overview; the code is in the packages below.
//
// # Where to start
//
// To follow a subject's grades through time, start with package
// [github.com/gradewalk/gradewalk/trend]. To compare two grades, parse them
// with [github.com/gradewalk/gradewalk/grade.ParseQualified] and compare them
// with [github.com/gradewalk/gradewalk/crosswalk.Default]. To learn which
// scales exist, read the catalogue in package
// [github.com/gradewalk/gradewalk/scale] (scale.All, scale.Lookup,
// scale.InForce). The README's tour goes by task, and every Go snippet in it
// is an Example function of the package it uses.
//
// # Layering
//
// Each of these packages builds on the ones before it; none depends on
// anything outside this module and the Go standard library:
//
//   - scale: rating scales (levels worst to best, aliases, meanings, codes,
//     the era in force, the source document) and a registry of them, with
//     the built-in catalogue.
//   - grade: one level of one scale as a small comparable value, parsed from
//     labels as documents write them and written as "scale-id:Label".
//   - crosswalk: bands of the common ordinal for the levels of each scale,
//     equal-width by default or built from how often each grade was awarded;
//     comparison, conversion and equating across scales.
//   - trend: observations (a grade for a subject and area on a date) grouped
//     into series, the step from each grade to the next, summaries, and
//     period-by-period summaries, read from CSV or JSON.
//   - latent: a model of every subject's quality behind the grades through
//     time, fitted to trend's observations, whose answers (how likely a
//     subject really improved, the national trend) come as trend's own
//     steps and summaries and as a crosswalk of its own.
//
// Pictures sit on top, in package [github.com/gradewalk/gradewalk/chart]: a
// subject's grades through time, each period's grades, and a family's
// ladder of scales, as SVG or PNG. It draws through gonum.org/v1/plot's
// canvas, so it is the one package that depends on code outside the
// standard library; the five above do not import it.
//
// # The command-line tool
//
// Command gradewalk (in cmd/gradewalk) gives the same to programs not
// written in Go, reading and writing CSV and JSON: gradewalk scales, show,
// compare, normalize, trend, equate and chart. docs/cli.md in the repository is
// its reference.
package gradewalk
