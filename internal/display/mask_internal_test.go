package display

import (
	"strings"
	"testing"
)

// TestHasByteJ puts a J at every position of every length hasByteJ is asked about,
// and checks that a value without one is not taken for one.
func TestHasByteJ(t *testing.T) {
	for n := 8; n <= maxWordScan; n++ {
		plain := []byte(strings.Repeat("eyj.I-K", n)[:n])
		if hasByteJ(string(plain)) {
			t.Fatalf("hasByteJ(%q) = true", plain)
		}
		for i := range n {
			s := []byte(string(plain))
			s[i] = 'J'
			if !hasByteJ(string(s)) {
				t.Fatalf("hasByteJ(%q) = false (J at %d)", s, i)
			}
		}
	}
}

// FuzzMaskJWTs holds MaskJWTs to the regexp alone: its length and J tests only skip
// values the regexp would leave unchanged.
func FuzzMaskJWTs(f *testing.F) {
	for _, s := range []string{"", "Bot123456 (bot)", "CentralAuth::1000", "eyJAAAAAA.AA.", "xeyJAAAAAA.AA.", "J" + strings.Repeat("x", 70)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := MaskJWTs(s), jwtShape.ReplaceAllStringFunc(s, MaskToken); got != want {
			t.Fatalf("MaskJWTs(%q) = %q, want %q", s, got, want)
		}
		if n := len(s); n >= 8 && n <= maxWordScan && hasByteJ(s) != strings.Contains(s, "J") {
			t.Fatalf("hasByteJ(%q) = %v", s, !strings.Contains(s, "J"))
		}
	})
}
