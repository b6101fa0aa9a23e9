package pipeline

import (
	"context"
	"os"
	"path/filepath"
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
					err = src.Stream(context.Background(), par)
					par.Close()
				}
				if err != nil {
					b.Fatal(err)
				}
				agg.Build(time.Unix(0, 0))
			}
			benchcpu.Report(b, cpu)
		})
	}
}
