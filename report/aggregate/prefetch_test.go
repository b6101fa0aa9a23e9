package aggregate

import (
	"reflect"
	"testing"

	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// Prefetch changes no count, also once the lists are big enough for it to run (it is
// skipped while every list is small), and also on a smaller budget.
func TestPrefetchChangesNothing(t *testing.T) {
	results := benchResults(1<<16, 5_000_000)
	for _, memory := range []int64{0, 16 << 20} {
		plain, pre := New(Options{Memory: memory}), New(Options{Memory: memory})
		for i := range results {
			plain.Event(&results[i])
			if a := i + 3; a < len(results) {
				pre.Prefetch(&results[a])
			}
			pre.Event(&results[i])
		}
		if !pre.prefetching {
			t.Fatalf("memory %d: prefetch never ran (no list reached %d values)", memory, prefetchMinValues)
		}
		if want, got := plain.Build(fixture.Now), pre.Build(fixture.Now); !reflect.DeepEqual(want, got) {
			t.Errorf("memory %d: the report differs with Prefetch", memory)
		}
	}
}
