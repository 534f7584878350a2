//go:build !race

package latent

// fastReplications is the number of replications of the fast calibration
// check.
const fastReplications = 10
