package benchcpu

import (
	"bufio"
	"bytes"
	"os"
	"testing"
)

// Lines loads the lines a decoding benchmark reads: $JWTRIAGE_BENCH_FILE (at most its
// first 64 MB), else sample; and their total size with newlines, for b.SetBytes.
func Lines(b *testing.B, sample string) ([][]byte, int64) {
	b.Helper()
	path := os.Getenv("JWTRIAGE_BENCH_FILE")
	if path == "" {
		path = sample
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
	return lines, size
}
