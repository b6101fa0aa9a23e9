package usernames

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const subject1 = "CentralAuth::12345"

func TestResolveAnswers(t *testing.T) {
	clkStart := newFakeClock().Now()
	tests := []struct {
		name     string
		steps    []step
		timeout  time.Duration // per request; 0: the test default
		want     Resolution
		wantErr  string // substring of Resolution.Err
		requests int
		// sleeps are the waits between attempts as [low, high] bounds (backoff has jitter)
		sleeps [][2]time.Duration
	}{
		{name: "user", steps: []step{user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 1},
		{name: "unicode user", steps: []step{user(12345, "Ωμέγα \"quoted\", name")},
			want: Resolution{Name: "Ωμέγα \"quoted\", name", Status: Resolved, Source: FromAPI}, requests: 1},
		{name: "missing", steps: []step{missing(false)},
			want: Resolution{Status: Missing, Source: FromAPI}, requests: 1},
		{name: "missing formatversion 1", steps: []step{missing(true)},
			want: Resolution{Status: Missing, Source: FromAPI}, requests: 1},
		{name: "invaliduserid", steps: []step{apiErr("invaliduserid", `Invalid user ID "12345".`, "")},
			want: Resolution{Status: Invalid, Source: FromAPI}, requests: 1},
		{name: "apierror-invaliduserid", steps: []step{apiErr("apierror-invaliduserid", "Invalid user ID.", "")},
			want: Resolution{Status: Invalid, Source: FromAPI}, requests: 1},
		{name: "other API error kept", steps: []step{apiErr("internal_api_error_DBQueryError", "[abc] Database query error.", "")},
			want: Resolution{Status: Unresolved}, wantErr: "API error internal_api_error_DBQueryError: [abc] Database query error.", requests: 1},
		{name: "503 Retry-After seconds then user", steps: []step{status(503, "7"), user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 2,
			sleeps: [][2]time.Duration{{7 * time.Second, 7 * time.Second}}},
		{name: "503 Retry-After date then user", steps: []step{status(503, clkStart.Add(30*time.Second).Format(http.TimeFormat)), user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 2,
			sleeps: [][2]time.Duration{{30 * time.Second, 30 * time.Second}}},
		{name: "429 then 502 then user: backoff doubles", steps: []step{status(429, ""), status(502, ""), user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 3,
			sleeps: [][2]time.Duration{{500 * time.Millisecond, time.Second}, {time.Second, 2 * time.Second}}},
		{name: "maxlag then user", steps: []step{apiErr("maxlag", "Waiting for 10.64.0.1: 6 seconds lagged.", "5"), user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 2,
			sleeps: [][2]time.Duration{{5 * time.Second, 5 * time.Second}}},
		{name: "503 every time", steps: []step{status(503, "")},
			want: Resolution{Status: Unresolved}, wantErr: "HTTP 503 Service Unavailable (after 4 attempts)", requests: 4,
			sleeps: [][2]time.Duration{{500 * time.Millisecond, time.Second}, {time.Second, 2 * time.Second}, {2 * time.Second, 4 * time.Second}}},
		{name: "slow then user", steps: []step{slow(), user(12345, "Example")}, timeout: 50 * time.Millisecond,
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 2,
			sleeps: [][2]time.Duration{{500 * time.Millisecond, time.Second}}},
		{name: "slow every time", steps: []step{slow()}, timeout: 20 * time.Millisecond,
			want: Resolution{Status: Unresolved}, wantErr: "no answer within 20ms (after 4 attempts)", requests: 4,
			sleeps: [][2]time.Duration{{500 * time.Millisecond, time.Second}, {time.Second, 2 * time.Second}, {2 * time.Second, 4 * time.Second}}},
		{name: "dropped connection then user", steps: []step{drop(), user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 2,
			sleeps: [][2]time.Duration{{500 * time.Millisecond, time.Second}}},
		{name: "truncated answer then user", steps: []step{truncated(), user(12345, "Example")},
			want: Resolution{Name: "Example", Status: Resolved, Source: FromAPI}, requests: 2,
			sleeps: [][2]time.Duration{{500 * time.Millisecond, time.Second}}},
		{name: "huge answer not retried", steps: []step{huge()},
			want: Resolution{Status: Unresolved}, wantErr: "answer larger than 1024 KiB", requests: 1},
		{name: "garbage JSON not retried", steps: []step{garbage()},
			want: Resolution{Status: Unresolved}, wantErr: "answer is not the API's JSON", requests: 1},
		{name: "404 not retried", steps: []step{status(404, "")},
			want: Resolution{Status: Unresolved}, wantErr: "HTTP 404 Not Found", requests: 1},
		{name: "answer about another id", steps: []step{user(999, "Other")},
			want: Resolution{Status: Unresolved}, wantErr: "answer is about id 999, not 12345", requests: 1},
		{name: "Retry-After too long stops", steps: []step{status(429, "3600")},
			want: Resolution{Status: Unresolved}, wantErr: "the API asked to wait 1h0m0s (Retry-After), more than the 2m0s allowed", requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, map[string][]step{"12345": tt.steps})
			clk := newFakeClock()
			var opts []Option
			if tt.timeout > 0 {
				opts = append(opts, WithRequestTimeout(tt.timeout))
			}
			r := newTestResolver(t, api, clk, opts...)
			got, st := r.Resolve(context.Background(), []string{subject1})
			checkStatsAddUp(t, st)
			res := got[subject1]
			if tt.wantErr == "" && res.Err != "" || !strings.Contains(res.Err, tt.wantErr) {
				t.Errorf("Err %q, want one containing %q", res.Err, tt.wantErr)
			}
			res.Err = ""
			if res != tt.want {
				t.Errorf("Resolution %+v, want %+v", res, tt.want)
			}
			if n := len(api.asked()); n != tt.requests || st.Requests != tt.requests {
				t.Errorf("server saw %d requests, Stats.Requests %d, want %d", n, st.Requests, tt.requests)
			}
			slept := clk.slept()
			if len(slept) != len(tt.sleeps) {
				t.Fatalf("slept %v, want %d waits within %v", slept, len(tt.sleeps), tt.sleeps)
			}
			for i, d := range slept {
				if d < tt.sleeps[i][0] || d > tt.sleeps[i][1] {
					t.Errorf("wait %d was %s, want within %v", i, d, tt.sleeps[i])
				}
			}
			if api.overlaps.Load() != 0 {
				t.Errorf("%d requests overlapped", api.overlaps.Load())
			}
		})
	}
}

func TestResolveAsksEachIDOnce(t *testing.T) {
	api := newFakeAPI(t, map[string][]step{
		"1": {user(1, "One")},
		"2": {missing(false)},
		"3": {garbage()},
	})
	r := newTestResolver(t, api, newFakeClock())
	subjects := []string{"CentralAuth::1", "mw:CentralAuth::1", "CentralAuth::2", "CentralAuth::001", "CentralAuth::3", "CentralAuth::1"}
	got, st := r.Resolve(context.Background(), subjects)
	checkStatsAddUp(t, st)
	if asked := api.asked(); !slices.Equal(asked, []string{"1", "2", "3"}) {
		t.Errorf("asked %v, want each id once in order of appearance", asked)
	}
	for _, s := range []string{"CentralAuth::1", "mw:CentralAuth::1", "CentralAuth::001"} {
		if got[s].Name != "One" {
			t.Errorf("%s: %+v, want One", s, got[s])
		}
	}
	if len(got) != 5 {
		t.Errorf("%d results, want one per distinct subject (5): %v", len(got), got)
	}
	wantStats := Stats{IDs: 3, Requests: 3, Resolved: 1, Missing: 1, Unresolved: 1, Failed: 1}
	if st != wantStats {
		t.Errorf("Stats %+v, want %+v", st, wantStats)
	}

	// A second call in the same run asks nothing again, failures included.
	again, st := r.Resolve(context.Background(), []string{"CentralAuth::3", "CentralAuth::2", "CentralAuth::1"})
	if n := len(api.asked()); n != 3 {
		t.Errorf("second call made %d more requests, want 0", n-3)
	}
	if again["CentralAuth::3"].Status != Unresolved || again["CentralAuth::3"].Err == "" || again["CentralAuth::2"].Status != Missing {
		t.Errorf("second call: %+v", again)
	}
	checkStatsAddUp(t, st)
	if st.Requests != 0 || st.IDs != 3 || st.Resolved != 1 || st.Missing != 1 || st.Unresolved != 1 {
		t.Errorf("second call Stats %+v", st)
	}
}

func TestResolveIsSerial(t *testing.T) {
	script := map[string][]step{}
	var subjects [3][]string
	for i := 1; i <= 30; i++ {
		id := int64(i)
		script[itoa(id)] = []step{func(w http.ResponseWriter, r *http.Request, release func()) {
			time.Sleep(time.Millisecond) // widen the window an overlapping request would hit
			user(id, "U"+itoa(id))(w, r, release)
		}}
		subjects[i%3] = append(subjects[i%3], "CentralAuth::"+itoa(id))
	}
	api := newFakeAPI(t, script)
	r := newTestResolver(t, api, newFakeClock())
	var wg sync.WaitGroup
	for _, batch := range subjects {
		wg.Go(func() {
			got, _ := r.Resolve(context.Background(), batch)
			for _, s := range batch {
				if got[s].Status != Resolved {
					t.Errorf("%s: %+v", s, got[s])
				}
			}
		})
	}
	wg.Wait()
	if n := api.overlaps.Load(); n != 0 {
		t.Errorf("%d requests overlapped another one", n)
	}
	if n := len(api.asked()); n != 30 {
		t.Errorf("%d requests, want 30", n)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
