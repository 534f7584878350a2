//go:build !unix

package main

// cpuTime is not measured here: benchmarks report 0 cpu-ns/row.
func cpuTime() int64 { return 0 }
