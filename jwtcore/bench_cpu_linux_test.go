//go:build linux

package jwtcore

import "syscall"

// threadCPUTime is the CPU time the calling OS thread has used (RUSAGE_THREAD), so a
// benchmark on a shared, loaded machine can report CPU cost as well as wall time.
func threadCPUTime() (int64, bool) {
	const rusageThread = 1
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}
