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
// events (decoded as Parallel decodes them and classified, once, before the timer), fed as [Parallel] feeds
// them: with Prefetch prefetchAhead events ahead. The aggregator runs on one goroutine
// after the workers, so its cost is the pipeline's serial part; this isolates it from
// the decoding, which dominates BenchmarkPipeline and its noise.
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
				var res classify.Result
				classifyForReport(&res, cls, &events[i])
				results = append(results, res)
			}
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := benchcpu.Now()
	for b.Loop() {
		agg := aggregate.New(aggregate.Options{})
		for k := range results {
			if a := k + prefetchAhead; a < len(results) {
				agg.Prefetch(&results[a])
			}
			agg.Event(&results[k])
		}
		agg.Prefetch(nil)
		agg.Build(time.Unix(0, 0))
	}
	benchcpu.Report(b, cpu)
}
