//go:build unix

// Package benchcpu adds the process's CPU time per iteration to a benchmark's output.
// On a shared machine wall time swings with the load; CPU time (user + system, all
// threads) is the steadier figure for comparing two implementations. [Lines] loads
// the corpus the decoding benchmarks share.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Now is the process's CPU time so far.
func Now() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Report adds "cpu-ns/op", the CPU time since start per iteration; call it after the
// benchmark's loop.
func Report(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(Now()-start)/float64(b.N), "cpu-ns/op")
}
