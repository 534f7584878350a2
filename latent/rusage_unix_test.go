//go:build unix

package latent

import "syscall"

// usage returns the CPU time (user and system) the process has used, in
// nanoseconds, and its peak resident set size in bytes (Linux reports
// kilobytes). On a machine shared with other work the CPU time measures a
// benchmark's cost better than the clock does.
func usage() (cpu, peakRSS int64) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), int64(ru.Maxrss) * 1024
}
