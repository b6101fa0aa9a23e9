package cli

import (
	"os"
	"runtime/debug"

	"github.com/wikimedia/jwtriage/report/aggregate"
)

// reportMemoryLimit is the Go heap's soft limit for a report: the top lists' budget
// (aggregate.DefaultMemory) plus the pipeline's batches and the runtime, with room. The
// lists never hold more than their budget, but slices they outgrew stay on the heap
// until a collection, and the default GOGC=100 lets the heap reach twice what is live
// first; under the limit the collector runs sooner, so peak RSS stays under 128 MiB
// whatever the input (bench/README.md has the measures).
const reportMemoryLimit = aggregate.DefaultMemory + 48<<20

// limitReportMemory sets reportMemoryLimit unless GOMEMLIMIT says otherwise.
func limitReportMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(reportMemoryLimit)
	}
}
