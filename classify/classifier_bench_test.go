package classify

import (
	"net/netip"
	"os"
	"testing"

	"github.com/wikimedia/jwtriage/normalize"
)

// BenchmarkClassify measures the per-event cost with the example rules file, on a mix
// of kinds and user agents that repeat as they do in real logs (cache hits).
func BenchmarkClassify(b *testing.B) {
	data, err := os.ReadFile("../testdata/rules/example.json")
	if err != nil {
		b.Fatal(err)
	}
	rs, err := ParseRules("example.json", data)
	if err != nil {
		b.Fatal(err)
	}
	c, err := New(WithRules(rs))
	if err != nil {
		b.Fatal(err)
	}
	events := make([]normalize.Event, 0, len(agentCases))
	for i, tc := range agentCases {
		events = append(events, normalize.Event{
			Kind:      normalize.Kinds[i%len(normalize.Kinds)],
			Channel:   "session",
			Wiki:      "enwiki",
			URL:       "/wiki/Special:UserLogin",
			UserAgent: tc.ua,
			ClientIP:  netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}),
		})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_ = c.Classify(events[i%len(events)])
	}
}

// BenchmarkAgentUncached measures a User-Agent parse without the cache.
func BenchmarkAgentUncached(b *testing.B) {
	c, err := New(WithAgentCacheSize(0))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = c.Agent(agentCases[i%len(agentCases)].ua)
	}
}
