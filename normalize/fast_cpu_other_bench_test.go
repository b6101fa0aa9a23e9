//go:build !unix

package normalize

import (
	"testing"
	"time"
)

// reportCPU: no portable process CPU clock here; the benchmark reports wall time only.
func reportCPU(*testing.B, time.Duration) {}

func processCPU() time.Duration { return 0 }
