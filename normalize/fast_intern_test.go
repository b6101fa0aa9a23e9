package normalize

import (
	"bytes"
	"slices"
	"strconv"
	"testing"
	"unsafe"
)

// TestInternerSamplesSitesThatNeverHit: a site whose every value is new turns to
// sampling, another site keeps interning, repeats turn the first back, and every value
// is returned unchanged throughout.
func TestInternerSamplesSitesThatNeverHit(t *testing.T) {
	var c fastInterner
	c.init()
	get := func(site internSite, s string) string {
		t.Helper()
		got := c.get(site, []byte(s))
		if got != s {
			t.Fatalf("get(%d, %q) = %q", site, s, got)
		}
		return got
	}
	for i := range 2 * internWindow {
		get(internAgent, "Bot"+strconv.Itoa(i)+" (bot)")
		get(internChannel, []string{"session", "DBPerformance"}[i%2]) // alternating: the last value misses
	}
	if !c.sites[internAgent].sampling {
		t.Error("a site without hits still interns every value")
	}
	if c.sites[internChannel].sampling {
		t.Error("a site that always hits stopped interning")
	}
	// Through its slot (the two do not share one: values of up to 24 bytes hash unseeded).
	if a, _, b := get(internChannel, "session"), get(internChannel, "DBPerformance"), get(internChannel, "session"); unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("a repeated value of an interning site is not shared")
	}
	for i := range 2 * internWindow * internSample {
		get(internAgent, "curl/8."+strconv.Itoa(i%2)+".0") // alternating: the last value misses
	}
	if c.sites[internAgent].sampling {
		t.Error("a site whose values repeat again is still sampling")
	}
}

// TestInternerTellsValuesApart: values that differ in one byte anywhere, or only in
// length, come back as themselves, through the last value and through the slots.
func TestInternerTellsValuesApart(t *testing.T) {
	var c fastInterner
	c.init()
	base := "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF"
	for n := 1; n <= len(base); n++ {
		values := []string{base[:n], base[:n] + "\x00", base[:n-1]}
		for i := range n {
			values = append(values, base[:i]+string(base[i]^0x20)+base[i+1:n])
		}
		for range 2 { // the second round finds them in the slots
			for _, v := range values {
				for _, site := range []internSite{internChannel, internWiki} {
					if got := c.get(site, []byte(v)); got != v {
						t.Fatalf("get(%q) = %q", v, got)
					}
				}
				if got := c.boxed([]byte(v)); got != any(v) && v != "" {
					t.Fatalf("boxed(%q) = %q", v, got)
				}
			}
		}
	}
}

// TestWordsPlain checks fastWords.plain against the bytes themselves, for every
// length up to fastWordsExact with a backslash, a high byte, or neither, at each
// position (the SWAR test must see every word and ignore the padding).
func TestWordsPlain(t *testing.T) {
	for n := 1; n <= fastWordsExact; n++ {
		base := make([]byte, n)
		for i := range base {
			base[i] = 'a' + byte(i)
		}
		if !wordsOf(base).plain() {
			t.Fatalf("%q: not plain", base)
		}
		for i := range n {
			for _, c := range []byte{'\\', 0x80, 0xC3, 0xFF, '[', ']', 0x5B, 0xDC, 0x5D} {
				b := append([]byte(nil), base...)
				b[i] = c
				want := c != '\\' && c < 0x80
				if got := wordsOf(b).plain(); got != want {
					t.Errorf("%q: plain = %v, want %v", b, got, want)
				}
				for j := range n { // and two changed bytes (a borrow from one to the next)
					for _, d := range []byte{'\\', 0x80, ']', 0x5D + 1, 1} {
						b2 := append([]byte(nil), b...)
						b2[j] = d
						want := !bytes.ContainsAny(b2, "\\") && !slices.ContainsFunc(b2, func(c byte) bool { return c >= 0x80 })
						if got := wordsOf(b2).plain(); got != want {
							t.Errorf("%q: plain = %v, want %v", b2, got, want)
						}
					}
				}
			}
		}
	}
}

// TestInternerTextKeepsEveryString: strings carved from shared chunks keep their
// bytes while later ones are carved (a chunk is never written where a string was, not
// even by the padding that textWords writes past a short value), whatever their
// lengths, chunk edges included, copied from bytes or from words, and never share
// bytes with the input.
func TestInternerTextKeepsEveryString(t *testing.T) {
	var c fastInterner
	c.init()
	var want, got []string
	buf := make([]byte, 0, 2*fastTextMaxLen)
	for i := range 5000 {
		n := i % (fastTextMaxLen + 8) // some longer than fastTextMaxLen: copied alone
		buf = buf[:0]
		for j := range n {
			buf = append(buf, byte('a'+(i+j)%26))
		}
		want = append(want, string(buf))
		if i%3 == 0 {
			got = append(got, c.text(buf))
		} else {
			got = append(got, c.textOf(buf, wordsOf(buf))) // from its words up to fastWordsExact bytes
		}
		for j := range buf {
			buf[j] = '#' // the caller's bytes change: the string must not
		}
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d = %q, want %q", i, got[i], want[i])
		}
	}
}
