package usernames

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMapWinsOverCacheAndAPI(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usernames.json")
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "API One")}, "2": {user(2, "API Two")}})
	clk := newFakeClock()
	warm := newTestResolver(t, api, clk, WithCache(path))
	warm.Resolve(context.Background(), []string{"CentralAuth::1"}) // the cache now says "API One"

	r := newTestResolver(t, api, clk, WithCache(path), WithUsers(Map{1: "Map One", 3: "Map Three"}))
	got, st := r.Resolve(context.Background(), []string{"CentralAuth::1", "CentralAuth::2", "CentralAuth::3"})
	want := map[string]Resolution{
		"CentralAuth::1": {Name: "Map One", Status: Resolved, Source: FromMap},
		"CentralAuth::2": {Name: "API Two", Status: Resolved, Source: FromAPI},
		"CentralAuth::3": {Name: "Map Three", Status: Resolved, Source: FromMap},
	}
	for s, w := range want {
		if got[s] != w {
			t.Errorf("%s: %+v, want %+v", s, got[s], w)
		}
	}
	if asked := api.asked(); !slices.Equal(asked, []string{"1", "2"}) {
		t.Errorf("asked %v, want only the warm-up's 1 and then 2", asked)
	}
	if st.FromMap != 2 || st.CacheHits != 0 || st.Requests != 1 || st.Resolved != 3 {
		t.Errorf("Stats %+v", st)
	}
}

func TestSubjectsThatNeedNoRequest(t *testing.T) {
	r, err := New(WithUsers(Map{5: "Five"}))
	if err != nil {
		t.Fatal(err)
	}
	subjects := []string{"anon", "mw:anon", "local:enwiki:5", "OAuth:x:5", "", "Example User", "CentralAuth::abc",
		"CentralAuth::0", "CentralAuth::-1", "CentralAuth::", "mw:CentralAuth::5", "CentralAuth::6"}
	got, st := r.Resolve(context.Background(), subjects)
	want := map[string]Resolution{
		"anon":              {},
		"mw:anon":           {},
		"local:enwiki:5":    {},
		"OAuth:x:5":         {},
		"":                  {},
		"Example User":      {Name: "Example User", Status: Resolved, Source: FromSubject},
		"CentralAuth::abc":  {Status: Invalid, Source: FromSubject},
		"CentralAuth::0":    {Status: Invalid, Source: FromSubject},
		"CentralAuth::-1":   {Status: Invalid, Source: FromSubject},
		"CentralAuth::":     {Status: Invalid, Source: FromSubject},
		"mw:CentralAuth::5": {Name: "Five", Status: Resolved, Source: FromMap},
		"CentralAuth::6":    {Status: Unresolved, Err: "not in the users map, and no API to ask (--resolve-api)"},
	}
	if len(got) != len(want) {
		t.Errorf("%d results, want %d", len(got), len(want))
	}
	for s, w := range want {
		if res, ok := got[s]; !ok || res != w {
			t.Errorf("%q: %+v (present %v), want %+v", s, res, ok, w)
		}
	}
	wantStats := Stats{IDs: 6, FromMap: 1, Resolved: 1, Invalid: 4, Unresolved: 1, NoSource: 1}
	if st != wantStats {
		t.Errorf("Stats %+v, want %+v", st, wantStats)
	}
}

func TestCancel(t *testing.T) {
	t.Run("before", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]step{})
		r := newTestResolver(t, api, newFakeClock())
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got, st := r.Resolve(ctx, []string{"CentralAuth::1", "CentralAuth::2"})
		for s, res := range got {
			if res.Status != Unresolved || res.Err != "not asked: interrupted: context canceled" {
				t.Errorf("%s: %+v", s, res)
			}
		}
		if st.Skipped != 2 || st.Requests != 0 || len(api.asked()) != 0 {
			t.Errorf("Stats %+v, asked %v", st, api.asked())
		}
	})
	t.Run("during backoff", func(t *testing.T) {
		api := newFakeAPI(t, map[string][]step{"1": {status(503, "3"), user(1, "One")}, "2": {user(2, "Two")}})
		clk := newFakeClock()
		ctx, cancel := context.WithCancel(context.Background())
		clk.onSleep = cancel
		r := newTestResolver(t, api, clk)
		got, st := r.Resolve(ctx, []string{"CentralAuth::1", "CentralAuth::2"})
		if res := got["CentralAuth::1"]; res.Status != Unresolved || res.Err != "HTTP 503 Service Unavailable; context canceled" {
			t.Errorf("id 1: %+v", res)
		}
		if res := got["CentralAuth::2"]; res.Status != Unresolved || !strings.Contains(res.Err, "interrupted") {
			t.Errorf("id 2: %+v", res)
		}
		if st.Requests != 1 || st.Failed != 1 || st.Skipped != 1 {
			t.Errorf("Stats %+v", st)
		}
		// An interrupted id was not answered: a later call with a live context asks it.
		clk.onSleep = nil
		got, _ = r.Resolve(context.Background(), []string{"CentralAuth::1", "CentralAuth::2"})
		if got["CentralAuth::1"].Name != "One" || got["CentralAuth::2"].Name != "Two" {
			t.Errorf("after the interruption: %+v", got)
		}
	})
	t.Run("during a slow request", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		api := newFakeAPI(t, map[string][]step{"1": {func(w http.ResponseWriter, r *http.Request, release func()) {
			cancel()
			slow()(w, r, release)
		}}})
		r := newTestResolver(t, api, newFakeClock(), WithRequestTimeout(time.Hour))
		got, _ := r.Resolve(ctx, []string{"CentralAuth::1"})
		if res := got["CentralAuth::1"]; res.Status != Unresolved || res.Err != "context canceled" {
			t.Errorf("%+v", res)
		}
	})
}

func TestNewRefusesWhatCannotWork(t *testing.T) {
	const api = "https://meta.wikimedia.org/w/api.php"
	tests := []struct {
		name string
		opts []Option
		want error
	}{
		{"api without contact", []Option{WithAPI(api)}, ErrNoContact},
		{"blank contact", []Option{WithAPI(api), WithContact("  ")}, ErrNoContact},
		{"contact with newline", []Option{WithAPI(api), WithContact("a@b.org\r\nX-Evil: 1")}, ErrBadContact},
		{"contact with parenthesis", []Option{WithAPI(api), WithContact("me)")}, ErrBadContact},
		{"relative url", []Option{WithAPI("/w/api.php"), WithContact("a@b.org")}, ErrBadAPIURL},
		{"ftp url", []Option{WithAPI("ftp://meta.wikimedia.org/w/api.php"), WithContact("a@b.org")}, ErrBadAPIURL},
		{"negative bound", []Option{WithMaxRequests(-1)}, ErrBadOption},
		{"zero ttl", []Option{WithCacheTTL(0, time.Hour)}, ErrBadOption},
		{"zero timeout", []Option{WithRequestTimeout(0)}, ErrBadOption},
		{"no attempts", []Option{WithRetries(0, time.Second, time.Second, time.Second)}, ErrBadOption},
		{"negative maxlag", []Option{WithMaxLag(-5)}, ErrBadOption},
		{"bad version", []Option{WithAPI(api), WithContact("a@b.org"), WithVersion("1.0\n")}, ErrBadOption},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.opts...)
			if !errors.Is(err, tt.want) {
				t.Errorf("New = %v, %v; want %v", r, err, tt.want)
			}
		})
	}
	if _, err := New(WithAPI(api), WithContact("User:Example"), WithCache("")); err != nil {
		t.Errorf("a good configuration: %v", err)
	}
}

func TestMaxLagParameter(t *testing.T) {
	for _, tt := range []struct {
		maxLag int
		want   string
	}{{0, ""}, {5, "5"}} {
		api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
		r := newTestResolver(t, api, newFakeClock(), WithMaxLag(tt.maxLag))
		r.Resolve(context.Background(), []string{"CentralAuth::1"})
		if len(api.maxLagArg) != 1 || api.maxLagArg[0] != tt.want {
			t.Errorf("maxlag %d: sent %q, want %q", tt.maxLag, api.maxLagArg, tt.want)
		}
	}
}

func TestAPIURLKeepsItsQuery(t *testing.T) {
	api := newFakeAPI(t, map[string][]step{"1": {user(1, "One")}})
	r, err := New(WithAPI(api.url()+"?origin=*&action=parse"), WithContact("ops@example.org"), WithVersion("1.2.3"),
		WithHTTPClient(api.server.Client()), WithClock(newFakeClock()))
	if err != nil {
		t.Fatal(err)
	}
	// the fake API checks action=query: ours replaces the URL's
	got, _ := r.Resolve(context.Background(), []string{"CentralAuth::1"})
	if got["CentralAuth::1"].Name != "One" {
		t.Errorf("%+v", got)
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		res  Resolution
		want string
	}{
		{Resolution{Name: "Example", Status: Resolved}, "Example"},
		{Resolution{Status: Missing}, "(missing)"},
		{Resolution{Status: Invalid}, "(invalid id)"},
		{Resolution{Status: Unresolved, Err: "HTTP 503"}, "(unresolved)"},
		{Resolution{}, ""},
	}
	for _, tt := range tests {
		if got := tt.res.Label(); got != tt.want {
			t.Errorf("%+v.Label() = %q, want %q", tt.res, got, tt.want)
		}
	}
	if s := Missing.String(); s != "missing" {
		t.Errorf("Missing.String() = %q", s)
	}
	if s := Status(42).String(); s != "Status(42)" {
		t.Errorf("Status(42).String() = %q", s)
	}
}

func TestBackoffStaysInItsBounds(t *testing.T) {
	p := retryPolicy{base: time.Second, maxBackoff: 30 * time.Second}
	for n, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second} {
		for range 50 {
			if d := p.backoff(n); d < want/2 || d > want {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", n, d, want/2, want)
			}
		}
	}
	if d := p.backoff(200); d < 15*time.Second || d > 30*time.Second {
		t.Errorf("backoff(200) = %s, want capped", d)
	}
}

func TestStatusInJSON(t *testing.T) {
	data, err := json.Marshal(map[string]Status{"a": Missing, "b": Resolved, "c": NotApplicable})
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `{"a":"missing","b":"resolved","c":"n/a"}` {
		t.Errorf("JSON %s", data)
	}
}
