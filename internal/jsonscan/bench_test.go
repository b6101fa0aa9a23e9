package jsonscan

import (
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
)

// BenchmarkParse scans the lines normalize's BenchmarkNormalize decodes
// ($JWTRIAGE_BENCH_FILE, at most its first 64 MB, else the sample), with the
// machine's string scanner and with the eight-byte one, in MB/s of input.
func BenchmarkParse(b *testing.B) {
	lines, size := benchcpu.Lines(b, filepath.Join("..", "..", "testdata", "sample", "sample.jsonl"))
	for _, c := range []struct {
		name string
		wide bool
	}{{"machine", wideStrings}, {"swar", false}} {
		b.Run(c.name, func(b *testing.B) {
			var tape Tape
			b.SetBytes(size)
			b.ReportAllocs()
			cpu := benchcpu.Now()
			for b.Loop() {
				for _, l := range lines {
					tape.parseLine(l, c.wide && len(l) >= wideMinLine)
				}
			}
			benchcpu.Report(b, cpu)
		})
	}
}
