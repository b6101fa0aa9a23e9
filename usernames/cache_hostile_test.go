package usernames

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCacheBadEntriesDropOnlyThemselves: an entry of the wrong type, or an API whose
// entries are not an object, is dropped alone; the other entries, this API's and the
// other APIs', are used and kept when the file is saved again.
func TestCacheBadEntriesDropOnlyThemselves(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	api := newFakeAPI(t, map[string][]step{"3": {user(3, "Three")}})
	clk := newFakeClock()
	fetched := clk.Now().Add(-time.Minute).Format(time.RFC3339)
	const beta = "https://meta.wikimedia.beta.wmflabs.org/w/api.php"
	doc := `{"schema":"jwtriage.usernames.v1","apis":{` +
		`"` + api.url() + `":{"1":{"name":"One","status":"resolved","fetched":"` + fetched + `"},"2":{"name":7,"status":"resolved"}},` +
		`"` + beta + `":{"5":{"name":"Beta Five","status":"resolved","fetched":"` + fetched + `"},"6":"resolved"},` +
		`"https://broken.example.org/w/api.php":[1,2]}}`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	r := newTestResolver(t, api, clk, WithCache(path), WithWarn(func(s string) { warnings = append(warnings, s) }))
	got, st := r.Resolve(context.Background(), []string{"CentralAuth::1", "CentralAuth::3"})
	if got["CentralAuth::1"].Name != "One" || got["CentralAuth::3"].Name != "Three" || st.CacheHits != 1 || st.Requests != 1 {
		t.Errorf("%+v %+v: want id 1 from the cache, id 3 from the API", got, st)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "3 unreadable entries dropped") {
		t.Errorf("warnings %q, want one counting the 3 dropped entries", warnings)
	}
	var saved cacheDoc
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &saved); err != nil {
		t.Fatal(err)
	}
	if saved.APIs[beta]["5"].Name != "Beta Five" || saved.APIs[api.url()]["1"].Name != "One" || saved.APIs[api.url()]["3"].Name != "Three" {
		t.Errorf("saved cache lost good entries: %s", data)
	}
}

// TestCacheTooLargeIgnored: a cache file past maxCacheSize is ignored with a warning
// after a bounded read, not read whole.
func TestCacheTooLargeIgnored(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxCacheSize + 1); err != nil { // sparse: nothing written
		t.Fatal(err)
	}
	f.Close()
	var warnings []string
	c := &cacheStore{path: path, api: "x", warn: func(s string) { warnings = append(warnings, s) }}
	if got := c.load(); len(got) != 0 {
		t.Errorf("load = %d entries, want none", len(got))
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "larger than 64 MiB") {
		t.Errorf("warnings %q, want one saying the file is larger than 64 MiB", warnings)
	}
}
