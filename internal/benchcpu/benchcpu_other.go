//go:build !unix

package benchcpu

import (
	"testing"
	"time"
)

// Now is 0: no portable process CPU clock here; benchmarks report wall time only.
func Now() time.Duration { return 0 }

// Report does nothing where Now has no clock.
func Report(*testing.B, time.Duration) {}
