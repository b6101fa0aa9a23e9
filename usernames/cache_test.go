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

func TestCacheTTL(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "usernames.json")
	api := newFakeAPI(t, map[string][]step{
		"1": {user(1, "One"), user(1, "One Renamed")},
		"2": {missing(false), user(2, "Two")},
		"3": {apiErr("invaliduserid", "Invalid user ID.", "")},
		"4": {garbage(), user(4, "Four")},
	})
	clk := newFakeClock()
	subjects := []string{"CentralAuth::1", "CentralAuth::2", "CentralAuth::3", "CentralAuth::4"}
	run := func() (map[string]Resolution, Stats) {
		// each run is a new Resolver, as each jwtriage run is
		r := newTestResolver(t, api, clk, WithCache(path), WithCacheTTL(7*24*time.Hour, 24*time.Hour))
		return r.Resolve(context.Background(), subjects)
	}
	names := func(got map[string]Resolution) string {
		var parts []string
		for _, s := range subjects {
			parts = append(parts, got[s].Label()+"/"+got[s].Source.String())
		}
		return strings.Join(parts, ", ")
	}
	steps := []struct {
		advance   time.Duration
		wantNames string
		wantAsked string // requests made by the run
		wantHits  int
	}{
		{0, "One/api, (missing)/api, (invalid id)/api, (unresolved)/none", "1 2 3 4", 0},
		// an hour later everything answered comes from the cache; the error was not cached
		{time.Hour, "One/cache, (missing)/cache, (invalid id)/cache, Four/api", "4", 3},
		// two days later the missing answer (1 day TTL) has expired, the others (7 days) not
		{48 * time.Hour, "One/cache, Two/api, (invalid id)/cache, Four/cache", "2", 3},
		// six days later (8 days after the first run) what was fetched in the first two
		// runs has expired; the name fetched in the third (6 days ago) has not
		{6 * 24 * time.Hour, "One Renamed/api, Two/cache, (invalid id)/api, Four/api", "1 3 4", 1},
	}
	before := 0
	for i, s := range steps {
		clk.advance(s.advance)
		got, st := run()
		checkStatsAddUp(t, st)
		asked := api.asked()
		if n := names(got); n != s.wantNames {
			t.Errorf("run %d: %s, want %s", i, n, s.wantNames)
		}
		if a := strings.Join(asked[before:], " "); a != s.wantAsked {
			t.Errorf("run %d asked %q, want %q", i, a, s.wantAsked)
		}
		if st.CacheHits != s.wantHits {
			t.Errorf("run %d: %d cache hits, want %d", i, st.CacheHits, s.wantHits)
		}
		before = len(asked)
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("cache mode %o, want 600", mode)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("cache directory holds %d files, want only the cache (no temporary files)", len(entries))
	}
	var doc cacheDoc
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &doc); err != nil || doc.Schema != cacheSchema {
		t.Fatalf("cache file %s: %v", data, err)
	}
	if e := doc.APIs[api.url()]["1"]; e.Name != "One Renamed" || e.Status != "resolved" || !e.Fetched.Equal(clk.Now()) {
		t.Errorf("cache entry for 1: %+v", e)
	}
}

func TestCacheFromTheFutureIsNotTrusted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One"), user(1, "One Again")}})
	clk := newFakeClock()
	r := newTestResolver(t, api, clk, WithCache(path))
	r.Resolve(context.Background(), []string{"CentralAuth::1"})
	clk.advance(-time.Hour) // the clock went back
	r2 := newTestResolver(t, api, clk, WithCache(path))
	got, _ := r2.Resolve(context.Background(), []string{"CentralAuth::1"})
	if got["CentralAuth::1"].Name != "One Again" {
		t.Errorf("%+v, want a fresh answer", got["CentralAuth::1"])
	}
}

func TestCorruptCacheIsIgnored(t *testing.T) {
	tests := []struct {
		name, content string
		wantWarning   string
	}{
		{"not json", "{\"schema\":\"jwtriage.usernames.v1\",\"apis\":{", "not valid JSON"},
		{"other schema", `{"schema":"something.else","apis":{}}`, `schema "something.else"`},
		{"apis not an object", `{"schema":"jwtriage.usernames.v1","apis":[1,2]}`, "not valid JSON"},
		{"binary", "\x00\x01\x02", "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "usernames.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
			var warnings []string
			r := newTestResolver(t, api, newFakeClock(), WithCache(path), WithWarn(func(s string) { warnings = append(warnings, s) }))
			got, _ := r.Resolve(context.Background(), []string{"CentralAuth::1"})
			if got["CentralAuth::1"].Name != "One" {
				t.Errorf("%+v", got)
			}
			if len(warnings) == 0 || !strings.Contains(warnings[0], "ignored") || !strings.Contains(warnings[0], tt.wantWarning) {
				t.Errorf("warnings %q, want one saying the cache was ignored because %s", warnings, tt.wantWarning)
			}
			var doc cacheDoc
			data, _ := os.ReadFile(path)
			if err := json.Unmarshal(data, &doc); err != nil || doc.APIs[api.url()]["1"].Name != "One" {
				t.Errorf("cache not replaced by a good one: %s (%v)", data, err)
			}
			if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
				t.Errorf("mode %o", info.Mode().Perm())
			}
		})
	}
}

func TestCacheEntriesWithBadValuesAreDropped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}, "2": {user(2, "Two")}})
	clk := newFakeClock()
	fetched := clk.Now().Add(-time.Minute).Format(time.RFC3339)
	doc := `{"schema":"jwtriage.usernames.v1","apis":{"` + api.url() + `":{` +
		`"1":{"name":"","status":"resolved","fetched":"` + fetched + `"},` +
		`"2":{"name":"X","status":"weird","fetched":"` + fetched + `"},` +
		`"-3":{"name":"Y","status":"resolved","fetched":"` + fetched + `"}}}}`
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newTestResolver(t, api, clk, WithCache(path))
	got, st := r.Resolve(context.Background(), []string{"CentralAuth::1", "CentralAuth::2"})
	if got["CentralAuth::1"].Name != "One" || got["CentralAuth::2"].Name != "Two" || st.CacheHits != 0 {
		t.Errorf("%+v %+v", got, st)
	}
}

func TestCacheIsKeptPerAPI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	prod := newFakeAPI(t, map[string][]step{"1": {user(1, "Production One")}})
	beta := newFakeAPI(t, map[string][]step{"1": {user(1, "Beta One")}})
	clk := newFakeClock()
	for _, tt := range []struct {
		api  *fakeAPI
		want string
	}{{prod, "Production One"}, {beta, "Beta One"}, {prod, "Production One"}} {
		r := newTestResolver(t, tt.api, clk, WithCache(path))
		got, _ := r.Resolve(context.Background(), []string{"CentralAuth::1"})
		if got["CentralAuth::1"].Name != tt.want {
			t.Errorf("%s: %+v, want %s", tt.api.url(), got["CentralAuth::1"], tt.want)
		}
	}
	if len(prod.asked()) != 1 || len(beta.asked()) != 1 {
		t.Errorf("prod asked %v, beta asked %v: want one request each, the third run from the cache", prod.asked(), beta.asked())
	}
}

func TestCacheMergesConcurrentRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}, "2": {user(2, "Two")}})
	clk := newFakeClock()
	first := newTestResolver(t, api, clk, WithCache(path))
	second := newTestResolver(t, api, clk, WithCache(path))
	first.Resolve(context.Background(), []string{"CentralAuth::1"})
	second.Resolve(context.Background(), []string{"CentralAuth::2"})
	third := newTestResolver(t, api, clk, WithCache(path))
	_, st := third.Resolve(context.Background(), []string{"CentralAuth::1", "CentralAuth::2"})
	if st.CacheHits != 2 || st.Requests != 0 {
		t.Errorf("Stats %+v: the second run's save lost the first run's entry", st)
	}
}

func TestUnwritableCacheWarns(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
	var warnings []string
	r := newTestResolver(t, api, newFakeClock(), WithCache(filepath.Join(blocker, "usernames.json")), WithWarn(func(s string) { warnings = append(warnings, s) }))
	got, _ := r.Resolve(context.Background(), []string{"CentralAuth::1"})
	if got["CentralAuth::1"].Name != "One" {
		t.Errorf("%+v", got)
	}
	if len(warnings) == 0 || !strings.Contains(warnings[len(warnings)-1], "not saved") {
		t.Errorf("warnings %q, want one saying the cache was not saved", warnings)
	}
}

func TestDefaultCachePath(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", "/tmp/xdg-cache-test")
	got, err := DefaultCachePath()
	if err != nil {
		t.Fatal(err)
	}
	if got != "/tmp/xdg-cache-test/jwtriage/usernames.json" {
		t.Errorf("DefaultCachePath = %q", got)
	}
}

// A cache path that cannot be opened is said once in the warning, with the cause.
func TestUnreadableCacheWarningNamesPathOnce(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(file, "usernames.json") // under a file: "not a directory"
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
	var warnings []string
	r := newTestResolver(t, api, newFakeClock(), WithCache(path), WithWarn(func(s string) { warnings = append(warnings, s) }))
	r.Resolve(context.Background(), []string{"CentralAuth::1"})
	want := "usernames cache " + path + " ignored: not a directory"
	if len(warnings) == 0 || warnings[0] != want {
		t.Errorf("warnings %q, want first %q", warnings, want)
	}
}
