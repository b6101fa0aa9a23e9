package classify

import (
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
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

// BenchmarkClassifyCorpus classifies the events of $JWTRIAGE_BENCH_FILE (at most its
// first 64 MB; else the sample) as the report pipeline does: decoded once before the
// timer, events without a kind skipped, a fresh Classifier (and so a cold user-agent
// cache) per iteration. On the all-distinct shape every user agent is new, which is
// where classifying costs most of its share of the pipeline.
func BenchmarkClassifyCorpus(b *testing.B) {
	lines, _ := benchcpu.Lines(b, filepath.Join("..", "testdata", "sample", "sample.jsonl"))
	norm, err := normalize.New()
	if err != nil {
		b.Fatal(err)
	}
	dec := norm.NewFastDecoder(normalize.FastReportFields(false))
	var events []normalize.Event
	for _, line := range lines {
		all, err := dec.AppendEventsJSON(nil, line)
		if err != nil {
			continue
		}
		for _, ev := range all {
			if ev.Unusable == "" && ev.Kind != normalize.KindNone {
				events = append(events, ev)
			}
		}
	}
	// Classify as the report pipeline calls it; ClassifyInto with the events in place.
	// Each run classifies the events with a fresh Classifier.
	run := func(name string, classify func(c *Classifier)) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := benchcpu.Now()
			for b.Loop() {
				c, err := New()
				if err != nil {
					b.Fatal(err)
				}
				classify(c)
			}
			benchcpu.Report(b, cpu)
			b.ReportMetric(float64(len(events)), "events")
		})
	}
	for _, into := range []bool{false, true} {
		name := "Classify"
		if into {
			name = "ClassifyInto"
		}
		run(name, func(c *Classifier) {
			bots := 0
			var r Result
			for i := range events {
				if into {
					c.ClassifyInto(&r, &events[i])
				} else {
					r = c.Classify(events[i])
				}
				if r.Agent.Bot {
					bots++
				}
			}
			benchSink = bots
		})
	}
	// ClassifyInto-workers: one Classifier shared by GOMAXPROCS goroutines, each taking
	// batches of events in turn, as the pipeline's workers do (what they share, such as
	// the user-agent cache, is then written from several cores).
	run("ClassifyInto-workers", func(c *Classifier) {
		const batch = 256
		workers := runtime.GOMAXPROCS(0)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				var r Result
				for from := w * batch; from < len(events); from += workers * batch {
					for i := from; i < min(from+batch, len(events)); i++ {
						c.ClassifyInto(&r, &events[i])
					}
				}
			})
		}
		wg.Wait()
	})
}

// benchSink keeps a benchmark's results alive.
var benchSink int
