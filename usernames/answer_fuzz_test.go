package usernames

import (
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/normalize"
)

// FuzzParseAnswer: whatever the API (or a proxy in front of it) sends, the answer
// is one of the statuses, a name only when resolved and a usable one, and a reason
// whenever the id stays unresolved. Seeds: testdata/fuzz/FuzzParseAnswer.
func FuzzParseAnswer(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		o := parseAnswer(12345, body)
		if !o.done {
			if o.err == "" {
				t.Fatalf("a retry without a reason for %q", body)
			}
			return
		}
		res := o.res
		switch res.Status {
		case Resolved:
			if msg := checkName(res.Name); msg != "" || res.Err != "" {
				t.Fatalf("resolved %+v: %s", res, msg)
			}
		case Missing, Invalid:
			if res.Name != "" || res.Err != "" {
				t.Fatalf("%s with a name or error: %+v", res.Status, res)
			}
		case Unresolved:
			if res.Err == "" || res.Name != "" {
				t.Fatalf("unresolved without a reason: %+v", res)
			}
		default:
			t.Fatalf("status %s", res.Status)
		}
	})
}

// FuzzDecodeCache: a cache file of any content either is refused (and ignored by
// the caller) or gives only entries the resolver can use as they are.
// Seeds: testdata/fuzz/FuzzDecodeCache.
func FuzzDecodeCache(f *testing.F) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	store := &cacheStore{api: "https://meta.wikimedia.org/w/api.php", ttl: DefaultCacheTTL, missingTTL: DefaultMissingTTL}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _, err := decodeCache(data)
		if err != nil {
			return
		}
		for k, e := range doc.APIs[store.api] {
			id, ok := normalize.ParseID(k)
			if !ok || !e.valid() || !store.fresh(e, now) {
				continue // load and fresh skip these
			}
			res := e.resolution()
			if id <= 0 || res.Label() == "" || (res.Status == Resolved) != (res.Name != "") {
				t.Fatalf("entry %q %+v gives %+v", k, e, res)
			}
		}
	})
}
