//go:build unix

package pipeline

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU adds the process's CPU time (user+system, all threads) per iteration to a
// benchmark's output. On a shared machine wall time swings with the load; CPU time is
// the steadier figure for comparing two implementations. Call it after the loop.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
