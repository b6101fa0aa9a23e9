package pipeline

import (
	"bufio"
	"os"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/benchcpu"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/aggregate"
)

// BenchmarkAggregateCorpus measures the aggregator alone on the benchmark corpus's
// events (decoded as Parallel decodes them and classified, once, before the timer).
// "serial" feeds them as [Parallel] does: their values prepared ahead (as the workers
// do; not timed) and prefetched prefetchAhead events ahead. The aggregator runs on one
// goroutine after the workers, so that is the pipeline's serial part; this isolates it
// from the decoding, which dominates BenchmarkPipeline and its noise. "inline" is the
// sequential Pipeline's way: Event prepares each event's values itself.
func BenchmarkAggregateCorpus(b *testing.B) {
	path, _ := benchCorpus(b)
	norm, cls := defaultStages(b)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var results []classify.Result
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	dec := norm.NewFastDecoder(normalize.FastReportFields(cls.ReadsURL()))
	var events []normalize.Event
	for sc.Scan() {
		line := append([]byte(nil), sc.Bytes()...) // the events may point into it
		events, err = dec.AppendEventsJSON(events[:0], line)
		if err != nil {
			continue
		}
		for i := range events {
			if events[i].Unusable == "" {
				results = append(results, classifyForReport(cls, &events[i]))
			}
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	prepared := make([]aggregate.Prepared, len(results))
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration // of the counting alone
		for b.Loop() {
			agg := aggregate.New(aggregate.Options{})
			pr := agg.NewPreparer()
			b.StopTimer() // the workers' part
			for k := range results {
				pr.Prepare(&prepared[k], &results[k])
			}
			b.StartTimer()
			start := benchcpu.Now()
			for k := range results {
				if a := k + prefetchAhead; a < len(results) {
					agg.Prefetch(&prepared[a])
				}
				agg.EventPrepared(&results[k], &prepared[k])
			}
			agg.Build(time.Unix(0, 0))
			cpu += benchcpu.Now() - start
		}
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	})
	b.Run("inline", func(b *testing.B) {
		b.ReportAllocs()
		cpu := benchcpu.Now()
		for b.Loop() {
			agg := aggregate.New(aggregate.Options{})
			for k := range results {
				agg.Event(&results[k])
			}
			agg.Build(time.Unix(0, 0))
		}
		benchcpu.Report(b, cpu)
	})
}
