// Package latent fits a model of the latent quality behind inspection
// grades: each subject's quality moves through time, persistent from one
// inspection to the next, and every grade is a noisy reading of it through
// its scale's cut points.
package latent
