package normalize

import "testing"

// BenchmarkScan scans (validates and records) every line of the corpus, the eight-byte
// string scanner against the wide one, in MB/s of input.
func BenchmarkScan(b *testing.B) {
	lines, size := benchLines(b)
	for _, c := range []struct {
		name string
		wide bool
	}{{"swar", false}, {"wide", true}} {
		b.Run(c.name, func(b *testing.B) {
			if c.wide && !wideStrings {
				b.Skip("no SIMD string masks on this machine")
			}
			defer func(w bool) { wideStrings = w }(wideStrings)
			wideStrings = c.wide
			var t jsonTape
			b.SetBytes(size)
			for b.Loop() {
				for _, l := range lines {
					t.parse(l)
				}
			}
		})
	}
}
