package sources

import (
	"slices"
	"testing"
)

// TestNewlines compares newlinesAVX2 (on a machine with AVX2 and BMI1) with a byte by
// byte search, for every length from 0 to 200 and every place of a first newline, with
// a second one after it, a run of newlines at the end, and other bytes (the newline's
// neighbours 0x09, 0x0b and 0x8a) around them; with room for every newline and with
// out so short that the search stops early.
func TestNewlines(t *testing.T) {
	if !newlineAVX2 {
		t.Skip("no AVX2 newline search on this machine")
	}
	buf := make([]byte, 200)
	out := make([]uint32, 200)
	for n := 0; n <= len(buf); n++ {
		for at := -1; at < n; at++ {
			for i := range buf {
				buf[i] = "\t\x0b\x8ax"[i%4]
			}
			if at >= 0 {
				buf[at] = '\n'
				if at+7 < n {
					buf[at+7] = '\n'
				}
				if at%5 == 0 { // a run of 70 newlines to the end: 64 in one step
					for i := max(at, n-70); i < n; i++ {
						buf[i] = '\n'
					}
				}
			}
			b := buf[:n]
			for _, k := range []int{64, 65, 127, 200} {
				found, done := newlinesAVX2(&buf[0], n, &out[0], k)
				if done%64 != 0 || done > n || found > k {
					t.Fatalf("len %d, newline at %d, k %d: found %d, done %d", n, at, k, found, done)
				}
				if done < n-n%64 && k-found >= 64 {
					t.Fatalf("len %d, newline at %d, k %d: stopped at %d with room for %d", n, at, k, done, k-found)
				}
				var want []uint32
				for i, c := range b[:done] {
					if c == '\n' {
						want = append(want, uint32(i))
					}
				}
				if got := out[:found]; !slices.Equal(got, want) {
					t.Fatalf("len %d, newline at %d, k %d, done %d: got %v, want %v", n, at, k, done, got, want)
				}
			}
		}
	}
}

// TestNewlinesIndexByte: newlines (the search without AVX2, and of a read's last
// bytes) finds every newline of p in order, and stops at the one that fills out.
func TestNewlinesIndexByte(t *testing.T) {
	p := []byte("\nab\n\ncd\r\n\x0b\x8a\n\t")
	all := []uint32{0, 3, 4, 8, 11}
	for k := 1; k <= 6; k++ {
		out := make([]uint32, k)
		found, done := newlines(p, out)
		want, wantDone := all, len(p)
		if k <= len(all) { // out full: done ends at its last newline
			want, wantDone = all[:k], int(all[k-1])+1
		}
		if !slices.Equal(out[:found], want) || done != wantDone {
			t.Fatalf("out of %d: got %v, done %d; want %v, done %d", k, out[:found], done, want, wantDone)
		}
	}
}
