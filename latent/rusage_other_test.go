//go:build !unix

package latent

// usage is not measured on this platform.
func usage() (cpu, peakRSS int64) { return 0, 0 }
