package aggregate

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// Prefetch (and Preload) change no count, also once the lists are big enough for it to run (it is
// skipped while every list is small), and also on a smaller budget; also where an
// event repeats some of the previous one's values (whose hashes it takes over) and
// where a user agent repeats with a family that is another string.
func TestPrefetchChangesNothing(t *testing.T) {
	results := benchResults(1<<17, 5_000_000)
	const kinds = 5 // benchResults cycles through five kinds: i-kinds is the kind's previous event
	for i := range results {
		r, prev := &results[i], &results[max(i-kinds, 0)]
		r.IPPrefix = netip.PrefixFrom(r.Event.ClientIP, 24).Masked()
		switch i / kinds % 4 {
		case 1: // every value the previous event's
			r.Event.Message, r.Event.Wiki, r.Event.UserAgent = prev.Event.Message, prev.Event.Wiki, prev.Event.UserAgent
			r.Event.Subject, r.Event.ClientIP, r.IPPrefix, r.Agent = prev.Event.Subject, prev.Event.ClientIP, prev.IPPrefix, prev.Agent
		case 2: // the same agent, its family another string (equal or not)
			r.Event.UserAgent = prev.Event.UserAgent
			r.Agent.Family = strings.Clone(prev.Agent.Family) + []string{"", "x"}[i/kinds/4%2]
		case 3: // the same address; equal wiki, agent and family in other strings
			r.Event.ClientIP, r.IPPrefix = prev.Event.ClientIP, prev.IPPrefix
			r.Event.Wiki, r.Event.UserAgent = strings.Clone(prev.Event.Wiki), strings.Clone(prev.Event.UserAgent)
			r.Agent.Family = strings.Clone(prev.Agent.Family)
		}
	}
	for _, memory := range []int64{0, 16 << 20} {
		plain, pre := New(Options{Memory: memory}), New(Options{Memory: memory})
		for i := range results {
			plain.Event(&results[i])
			if a := i + 3; a < len(results) {
				pre.Prefetch(&results[a])
			}
			if a := i + 6; a < len(results) {
				pre.Preload(&results[a])
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
