package sources

import (
	"bytes"
	"testing"
)

// TestIndexNewline compares indexNewlineAVX2 (on a machine with AVX2) with
// bytes.IndexByte for every length from 64 to 200 and every place of the first newline,
// with newlines after it and other bytes (the newline's neighbours 0x09, 0x0b and 0x8a)
// around it.
func TestIndexNewline(t *testing.T) {
	if !newlineAVX2 {
		t.Skip("no AVX2 newline search on this machine")
	}
	buf := make([]byte, 200)
	for n := 64; n <= len(buf); n++ {
		for at := -1; at < n; at++ {
			for i := range buf {
				buf[i] = "\t\x0b\x8ax"[i%4]
			}
			if at >= 0 {
				buf[at] = '\n'
				if at+7 < n {
					buf[at+7] = '\n'
				}
			}
			b := buf[:n]
			if got, want := indexNewlineAVX2(&b[0], len(b)), bytes.IndexByte(b, '\n'); got != want {
				t.Fatalf("len %d, newline at %d: got %d, want %d", n, at, got, want)
			}
		}
	}
}
