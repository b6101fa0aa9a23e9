package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
	"github.com/wikimedia/jwtriage/report/aggregate"

	"github.com/wikimedia/jwtriage/sources"
)

// benchCorpus is the file the pipeline benchmarks read: $JWTRIAGE_BENCH_FILE (e.g. the
// 100k-line corpus of `go run ./testdata/gen -profile bench`), else the sample.
func benchCorpus(b testing.TB) (string, int64) {
	b.Helper()
	path := os.Getenv("JWTRIAGE_BENCH_FILE")
	if path == "" {
		path = filepath.Join(sampleDir, "sample.jsonl")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return path, st.Size()
}

// BenchmarkPipeline measures the whole file path, read → normalize → classify →
// aggregate → build, sequential reference and parallel fast path, in MB/s of input.
// With JWTRIAGE_BENCH_SERIAL=1 the parallel path also reports the aggregation of the
// batches and their recycling, on the goroutine that calls Run, as "serial-cpu-ns/op":
// the CPU time its thread spent in it (on Linux), steadier than the wall time on a
// loaded machine. That goroutine is then locked to its thread (so that the clock is
// that of one thread), which changes how it waits: the other figures are not
// comparable with runs without it.
func BenchmarkPipeline(b *testing.B) {
	path, size := benchCorpus(b)
	norm, cls := defaultStages(b)
	for _, c := range []struct {
		name    string
		workers int // 0: the sequential reference Pipeline
	}{{"reference", 0}, {"parallel-1", 1}, {"parallel", -1}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			cpu := benchcpu.Now()
			var serial time.Duration
			timeSerial := c.workers != 0 && os.Getenv("JWTRIAGE_BENCH_SERIAL") == "1"
			if timeSerial {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
			}
			for b.Loop() {
				src, err := sources.NewJSONL([]string{path}, nil)
				if err != nil {
					b.Fatal(err)
				}
				agg := aggregate.New(aggregate.Options{})
				if c.workers == 0 {
					err = src.Stream(context.Background(), New(norm, cls, agg, Window{}))
				} else {
					par := NewParallel(norm, cls, agg, Window{}, max(c.workers, 0))
					if timeSerial {
						par.timeReplay = func(replay func()) {
							t := benchcpu.Thread()
							replay()
							serial += benchcpu.Thread() - t
						}
					}
					err = par.Run(context.Background(), src)
				}
				if err != nil {
					b.Fatal(err)
				}
				agg.Build(time.Unix(0, 0))
			}
			benchcpu.Report(b, cpu)
			if timeSerial {
				b.ReportMetric(float64(serial)/float64(b.N), "serial-cpu-ns/op")
			}
		})
	}
}
