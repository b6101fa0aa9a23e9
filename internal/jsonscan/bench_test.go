package jsonscan

import (
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
)

// BenchmarkParse scans the lines normalize's BenchmarkNormalize decodes
// ($JWTRIAGE_BENCH_FILE, at most its first 64 MB, else the sample), with the
// machine's string scanner and with the eight-byte one, in MB/s of input. In
// machine-block the lines lie one after another in one buffer, each a slice running
// to the buffer's end, as the pipeline's workers get them from a read block (the
// others' lines are copies of their own).
func BenchmarkParse(b *testing.B) {
	lines, size := benchcpu.Lines(b, filepath.Join("..", "..", "testdata", "sample", "sample.jsonl"))
	block := make([]byte, 0, size)
	inBlock := make([][]byte, len(lines))
	for k, l := range lines {
		start := len(block)
		block = append(append(block, l...), '\n')
		inBlock[k] = block[start : start+len(l)]
	}
	for _, c := range []struct {
		name  string
		wide  bool
		lines [][]byte
	}{{"machine", wideStrings, lines}, {"machine-block", wideStrings, inBlock}, {"swar", false, lines}} {
		b.Run(c.name, func(b *testing.B) {
			var tape Tape
			b.SetBytes(size)
			b.ReportAllocs()
			cpu := benchcpu.Now()
			for b.Loop() {
				for _, l := range c.lines {
					tape.parseLine(l, c.wide && len(l) >= wideMinLine)
				}
			}
			benchcpu.Report(b, cpu)
		})
	}
}
