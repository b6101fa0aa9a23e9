package usernames

import (
	"context"
	"strings"
	"testing"
)

func TestRequestBound(t *testing.T) {
	script := map[string][]step{}
	var subjects []string
	for _, id := range []int64{1, 2, 3, 4, 5, 6} {
		script[itoa(id)] = []step{user(id, "U"+itoa(id))}
		subjects = append(subjects, "CentralAuth::"+itoa(id))
	}
	script["7"] = []step{status(503, "1"), user(7, "U7")}
	api := newFakeAPI(t, script)
	var warnings []string
	r := newTestResolver(t, api, newFakeClock(), WithMaxRequests(2), WithWarn(func(s string) { warnings = append(warnings, s) }))

	got, st := r.Resolve(context.Background(), subjects[:5])
	for i, s := range subjects[:5] {
		res := got[s]
		if i < 2 {
			if res.Status != Resolved {
				t.Errorf("%s: %+v, want resolved (within the bound)", s, res)
			}
			continue
		}
		if res.Status != Unresolved || res.Err != "not asked: request bound of 2 reached (raise --resolve-max)" {
			t.Errorf("%s: %+v, want unresolved by the bound", s, res)
		}
	}
	want := Stats{IDs: 5, Requests: 2, Resolved: 2, Unresolved: 3, Skipped: 3, Stopped: "request bound of 2 reached (raise --resolve-max)"}
	if st != want {
		t.Errorf("Stats %+v, want %+v", st, want)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "request bound of 2 reached") || !strings.Contains(warnings[0], "3 CentralAuth ids not asked") {
		t.Errorf("warnings %q, want one saying the bound left 3 ids unresolved", warnings)
	}

	// The bound covers the run: a later call asks nothing and says so again.
	got, st = r.Resolve(context.Background(), []string{subjects[5], subjects[0]})
	if got[subjects[5]].Status != Unresolved || got[subjects[0]].Name != "U1" || st.Skipped != 1 || st.Requests != 0 {
		t.Errorf("later call: %+v, %+v", got, st)
	}
	if n := len(api.asked()); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestRequestBoundDuringRetries(t *testing.T) {
	api := newFakeAPI(t, map[string][]step{"7": {status(503, "1"), user(7, "U7")}, "8": {user(8, "U8")}})
	clk := newFakeClock()
	r := newTestResolver(t, api, clk, WithMaxRequests(1))
	got, st := r.Resolve(context.Background(), []string{"CentralAuth::7", "CentralAuth::8"})
	if slept := clk.slept(); len(slept) != 0 {
		t.Errorf("slept %v before a retry the bound forbids", slept)
	}
	if res := got["CentralAuth::7"]; res.Status != Unresolved || res.Err != "HTTP 503 Service Unavailable; request bound of 1 reached (raise --resolve-max)" {
		t.Errorf("id 7: %+v", res)
	}
	want := Stats{IDs: 2, Requests: 1, Unresolved: 2, Failed: 1, Skipped: 1, Stopped: "request bound of 1 reached (raise --resolve-max)"}
	if st != want {
		t.Errorf("Stats %+v, want %+v", st, want)
	}
}

func TestZeroBoundAsksNothing(t *testing.T) {
	api := newFakeAPI(t, map[string][]step{})
	r := newTestResolver(t, api, newFakeClock(), WithMaxRequests(0))
	got, st := r.Resolve(context.Background(), []string{"CentralAuth::1"})
	if got["CentralAuth::1"].Status != Unresolved || st.Skipped != 1 || len(api.asked()) != 0 {
		t.Errorf("%+v %+v, %d requests", got, st, len(api.asked()))
	}
}

func TestFailingAPIIsGivenUp(t *testing.T) {
	script := map[string][]step{}
	var subjects []string
	for id := int64(1); id <= 6; id++ {
		script[itoa(id)] = []step{status(500, "")}
		subjects = append(subjects, "CentralAuth::"+itoa(id))
	}
	script["2"] = []step{user(2, "Two")} // a success resets the streak
	api := newFakeAPI(t, script)
	var warnings []string
	r := newTestResolver(t, api, newFakeClock(), WithRetries(2, 1, 1, 1), WithFailureStreak(3), WithWarn(func(s string) { warnings = append(warnings, s) }))
	got, st := r.Resolve(context.Background(), subjects)
	checkStatsAddUp(t, st)
	// 1 fails, 2 resolves, 3 4 5 fail (streak of 3), 6 is not asked.
	if asked := api.asked(); strings.Join(asked, " ") != "1 1 2 3 3 4 4 5 5" {
		t.Errorf("asked %v", asked)
	}
	if got["CentralAuth::2"].Name != "Two" || !strings.HasPrefix(got["CentralAuth::6"].Err, "not asked: 3 ids in a row could not be resolved") {
		t.Errorf("results %+v", got)
	}
	if st.Failed != 4 || st.Skipped != 1 || st.Resolved != 1 || st.Requests != 9 {
		t.Errorf("Stats %+v", st)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "given up") {
		t.Errorf("warnings %q", warnings)
	}
}

func TestLongRetryAfterStopsTheRun(t *testing.T) {
	api := newFakeAPI(t, map[string][]step{"1": {status(429, "600")}, "2": {user(2, "Two")}})
	var warnings []string
	r := newTestResolver(t, api, newFakeClock(), WithWarn(func(s string) { warnings = append(warnings, s) }))
	got, st := r.Resolve(context.Background(), []string{"CentralAuth::1", "CentralAuth::2"})
	if got["CentralAuth::2"].Status != Unresolved || st.Skipped != 1 || len(api.asked()) != 1 {
		t.Errorf("%+v %+v, asked %v", got, st, api.asked())
	}
	if !strings.Contains(st.Stopped, "asked to wait 10m0s") || len(warnings) != 1 {
		t.Errorf("Stopped %q, warnings %q", st.Stopped, warnings)
	}
}
