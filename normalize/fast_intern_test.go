package normalize

import (
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
	if a, _, b := get(internChannel, "session"), get(internChannel, "x"), get(internChannel, "session"); unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("a repeated value of an interning site is not shared")
	}
	for i := range 2 * internWindow * internSample {
		get(internAgent, "curl/8."+strconv.Itoa(i%2)+".0") // alternating: the last value misses
	}
	if c.sites[internAgent].sampling {
		t.Error("a site whose values repeat again is still sampling")
	}
}
