package jsonscan

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
)

// BenchmarkParse scans the lines normalize's BenchmarkNormalize decodes
// ($JWTRIAGE_BENCH_FILE, at most its first 64 MB, else the sample), with the
// machine's string scanner and with the eight-byte one, in MB/s of input.
func BenchmarkParse(b *testing.B) {
	path := os.Getenv("JWTRIAGE_BENCH_FILE")
	if path == "" {
		path = filepath.Join("..", "..", "testdata", "sample", "sample.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	var lines [][]byte
	var size int64
	for sc.Scan() && size < 64<<20 {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			lines = append(lines, bytes.Clone(line))
			size += int64(len(line)) + 1
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
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
