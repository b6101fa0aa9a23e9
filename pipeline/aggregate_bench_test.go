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
// events (decoded as Parallel decodes them, classified and hashed as its workers do, once,
// before the timer), fed as [Parallel] feeds
// them: with Prefetch prefetchAhead events ahead and Preload preloadAhead. The aggregator runs on one goroutine
// after the workers, so its cost is the pipeline's serial part; this isolates it from
// the decoding, which dominates BenchmarkPipeline and its noise.
func BenchmarkAggregateCorpus(b *testing.B) { benchAggregate(b, aggregate.Options{}) }

// BenchmarkAggregateCorpusBounded is [BenchmarkAggregateCorpus] with the top lists'
// memory cut to 8 MiB: on the first 200,000 lines of the all-distinct shape the lists
// then run out of room after some 35,000 events, as on the whole 1,000,000-line file
// with the default memory after about 200,000, and count the rest as bounded summaries
// (a purge whenever one is full): the regime of most of that file's lines.
func BenchmarkAggregateCorpusBounded(b *testing.B) {
	benchAggregate(b, aggregate.Options{Memory: 8 << 20})
}

func benchAggregate(b *testing.B, opts aggregate.Options) {
	// The workers' hashes: what a Hasher makes depends on the options alone.
	results := benchResults(b, aggregate.New(opts).NewHasher())
	b.ReportAllocs()
	cpu := benchcpu.Now()
	for b.Loop() {
		agg := aggregate.New(opts)
		for k := range results {
			if a := k + prefetchAhead; a < len(results) {
				agg.Prefetch(&results[a])
			}
			if a := k + preloadAhead; a < len(results) {
				agg.Preload(&results[a])
			}
			agg.Event(&results[k])
		}
		agg.Prefetch(nil)
		agg.Build(time.Unix(0, 0))
	}
	benchcpu.Report(b, cpu)
}

// BenchmarkHashCorpus measures what Parallel's workers add to classify the corpus's
// events for the report: the aggregator's hashes of their values (aggregate.Hasher).
func BenchmarkHashCorpus(b *testing.B) {
	results := benchResults(b, nil)
	hs := aggregate.New(aggregate.Options{}).NewHasher()
	b.ReportAllocs()
	cpu := benchcpu.Now()
	for b.Loop() {
		for i := range results {
			hs.Hash(&results[i])
		}
	}
	benchcpu.Report(b, cpu)
}

// benchResults decodes the benchmark corpus's lines as Parallel does and classifies
// their usable events for the report, hashing them with hs unless it is nil.
func benchResults(b *testing.B, hs *aggregate.Hasher) []classify.Result {
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
		if events, err = dec.AppendEventsJSON(events[:0], line); err != nil {
			continue
		}
		for i := range events {
			if events[i].Unusable == "" {
				var res classify.Result
				classifyForReport(&res, cls, hs, &events[i])
				results = append(results, res)
			}
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return results
}
