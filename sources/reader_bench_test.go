package sources

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
)

// benchData is the corpus the reader benchmarks split: $JWTRIAGE_BENCH_FILE (at most
// its first 64 MB), else the sample.
func benchData(b *testing.B) []byte {
	b.Helper()
	path := os.Getenv("JWTRIAGE_BENCH_FILE")
	if path == "" {
		path = filepath.Join("..", "testdata", "sample", "sample.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkLineReaderCorpus splits the corpus into lines from memory: the reader's own
// cost on realistic lines.
func BenchmarkLineReaderCorpus(b *testing.B) {
	data := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		lr := NewLineReader(bytes.NewReader(data), DefaultMaxLine)
		for {
			if _, err := lr.Next(); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
		}
	}
}

// countingSink counts records, as cheaply as a sink can.
type countingSink struct{ records, skipped int }

func (s *countingSink) Begin(*Input)              {}
func (s *countingSink) Record(Record) error       { s.records++; return nil }
func (s *countingSink) Skip(Skipped)              { s.skipped++ }
func (s *countingSink) Incomplete(*Input, string) {}

// blockCountingSink counts the lines of blocks and gives every block back at once: the
// block cutter's own cost.
type blockCountingSink struct{ countingSink }

func (s *blockCountingSink) Block(b *LineBlock) error {
	s.records += len(b.Lines)
	b.Release()
	return nil
}

// BenchmarkJSONL reads the corpus from a file through the JSONL source, plain and
// gzip-compressed (decompressed on its own goroutine), into a sink that only counts
// records, and ("blocks/…") into a BlockSink that only counts lines.
func BenchmarkJSONL(b *testing.B) {
	data := benchData(b)
	dir := b.TempDir()
	plain := filepath.Join(dir, "corpus.jsonl")
	if err := os.WriteFile(plain, data, 0o644); err != nil {
		b.Fatal(err)
	}
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	zw.Write(data)
	zw.Close()
	compressed := filepath.Join(dir, "corpus.jsonl.gz")
	if err := os.WriteFile(compressed, zbuf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	for _, blocks := range []bool{false, true} {
		for _, c := range []struct{ name, path string }{{"plain", plain}, {"gzip", compressed}} {
			name := c.name
			if blocks {
				name = "blocks/" + name
			}
			b.Run(name, func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					src, err := NewJSONL([]string{c.path}, nil)
					if err != nil {
						b.Fatal(err)
					}
					var plainSink countingSink
					var blockSink blockCountingSink
					var sink Sink = &plainSink
					if blocks {
						sink = &blockSink
					}
					if err := src.Stream(context.Background(), sink); err != nil {
						b.Fatal(err)
					}
					if plainSink.records+blockSink.records == 0 {
						b.Fatal("no records read")
					}
				}
			})
		}
	}
}

// BenchmarkCutBlocks cuts the corpus, read from memory, into blocks handed to a sink
// that only counts their lines: the block cutter's own cost, without a file's reads.
func BenchmarkCutBlocks(b *testing.B) {
	data := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := benchcpu.Now()
	for b.Loop() {
		var sink blockCountingSink
		_, readErr, err := cutBlocks(context.Background(), bytes.NewReader(data), &Input{}, DefaultMaxLine, blockChunkSize, &sink)
		if err != nil || readErr != nil {
			b.Fatal(readErr, err)
		}
		if sink.records == 0 {
			b.Fatal("no records read")
		}
	}
	benchcpu.Report(b, cpu)
}
