//go:build !linux

package benchcpu

import "time"

// Thread is 0: no per-thread CPU clock is read here.
func Thread() time.Duration { return 0 }
