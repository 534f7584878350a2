//go:build race

package latent

// fastReplications is the number of replications of the fast calibration
// check; the race detector slows the sampler some tenfold.
const fastReplications = 3
