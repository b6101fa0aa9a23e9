//go:build !linux

package jwtcore

// threadCPUTime is unavailable here: benchmarks report wall time only.
func threadCPUTime() (int64, bool) { return 0, false }
