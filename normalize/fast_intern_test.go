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
		get(internShared, "session")
	}
	if !c.sites[internAgent].sampling {
		t.Error("a site without hits still interns every value")
	}
	if c.sites[internShared].sampling {
		t.Error("a site that always hits stopped interning")
	}
	if a, b := get(internShared, "session"), get(internShared, "session"); unsafe.StringData(a) != unsafe.StringData(b) {
		t.Error("a repeated value of an interning site is not shared")
	}
	for range 2 * internWindow * internSample {
		get(internAgent, "curl/8.5.0")
	}
	if c.sites[internAgent].sampling {
		t.Error("a site whose values repeat again is still sampling")
	}
}
