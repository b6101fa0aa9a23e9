package aggregate

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
	"github.com/wikimedia/jwtriage/report/render"
	"github.com/wikimedia/jwtriage/sources"
)

// jwtEvent is a minimal JWT event for table-driven tests.
func jwtEvent(kind normalize.Kind, benign bool, reason string) *classify.Result {
	return &classify.Result{
		Event:   normalize.Event{Kind: kind, Count: 1, Weight: 1},
		Verdict: classify.Verdict{Benign: benign, Reason: reason, Rule: "default"},
	}
}

func TestAggregatorVerdict(t *testing.T) {
	type decision struct {
		benign bool
		reason string
		times  int
	}
	tests := []struct {
		name       string
		decisions  []decision
		wantBenign bool
		wantReason string
	}{
		{"all benign, one reason", []decision{{true, "renewed", 3}}, true, "renewed"},
		{"all benign, most frequent reason wins", []decision{{true, "a", 1}, {true, "b", 2}}, true, "b"},
		{"benign tie broken by reason", []decision{{true, "zeta", 2}, {true, "alpha", 2}}, true, "alpha"},
		{"one actionable makes the kind actionable", []decision{{true, "renewed", 50}, {false, "suspicious prefix", 1}}, false, "suspicious prefix"},
		{"actionable reason is the most frequent actionable one", []decision{{false, "x", 1}, {false, "y", 3}, {true, "z", 9}}, false, "y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := New(Options{})
			for _, d := range tt.decisions {
				for range d.times {
					a.Event(jwtEvent(normalize.KindSoftExpired, d.benign, d.reason))
				}
			}
			r := a.Build(fixture.Now)
			if len(r.Kinds) != 1 {
				t.Fatalf("kinds = %d, want 1", len(r.Kinds))
			}
			if k := r.Kinds[0]; k.Benign != tt.wantBenign || k.VerdictReason != tt.wantReason {
				t.Errorf("benign, reason = %v, %q; want %v, %q", k.Benign, k.VerdictReason, tt.wantBenign, tt.wantReason)
			}
		})
	}
}

func TestAggregatorKindOrder(t *testing.T) {
	a := New(Options{})
	counts := map[normalize.Kind]int{
		normalize.KindExpired:            2,
		normalize.KindWrongSubject:       2, // ties with expired: normalize.Kinds puts it first
		normalize.KindMalformed:          5,
		normalize.Kind("future-kind"):    2, // unknown kinds after the known ones
		normalize.KindSoftExpired:        1,
		normalize.Kind("another-future"): 2,
	}
	for kind, n := range counts {
		for range n {
			a.Event(jwtEvent(kind, true, "r"))
		}
	}
	var got []string
	for _, k := range a.Build(fixture.Now).Kinds {
		got = append(got, k.Kind)
	}
	want := []string{"malformed", "wrong-subject", "expired", "another-future", "future-kind", "soft-expired"}
	if !slices.Equal(got, want) {
		t.Errorf("kinds = %v, want %v", got, want)
	}
}

func TestAggregatorCountsAndEstimates(t *testing.T) {
	a := New(Options{})
	in := &sources.Input{Source: "file", Name: "x.jsonl"}
	sampled := jwtEvent(normalize.KindSoftExpired, true, "r")
	sampled.Event.Weight, sampled.Event.Count = 1000, 2
	zero := jwtEvent(normalize.KindSoftExpired, true, "r")
	zero.Event.Weight, zero.Event.Count = 0, 0 // taken as 1 and 1
	noise := &classify.Result{Event: normalize.Event{Count: 4, Weight: 1000}}
	a.Record(in, 7)
	for _, r := range []*classify.Result{sampled, zero, noise} {
		a.Event(r)
	}
	r := a.Build(fixture.Now)
	want := report.Totals{Lines: 7, Records: 7, SessionEvents: 7, JWTEvents: 3, EstimatedJWTEvents: 2001, Benign: 3}
	if r.Totals != want {
		t.Errorf("totals = %+v, want %+v", r.Totals, want)
	}
	if k := r.Kinds[0]; k.Count != 3 || k.Estimated != 2001 {
		t.Errorf("kind count, estimated = %d, %d; want 3, 2001", k.Count, k.Estimated)
	}
}

func TestAggregatorSkippedListIsCappedCountsStayExact(t *testing.T) {
	a := New(Options{})
	in := &sources.Input{Source: "file", Name: "bad.jsonl"}
	const n = report.MaxSkippedListed + 500
	for i := range n {
		a.Skip(sources.Skipped{Input: in, Line: int64(i + 1), Err: "invalid JSON"})
	}
	r := a.Build(fixture.Now)
	if len(r.Skipped) != report.MaxSkippedListed || r.Totals.Skipped != n || r.Inputs[0].Skipped != n || r.Inputs[0].Lines != n {
		t.Errorf("listed %d, totals %d, input %+v; want %d listed, %d counted", len(r.Skipped), r.Totals.Skipped, r.Inputs[0], report.MaxSkippedListed, n)
	}
	if last := r.Skipped[len(r.Skipped)-1]; last.Line != report.MaxSkippedListed || last.Input != "bad.jsonl" {
		t.Errorf("last listed skip = %+v, want line %d of bad.jsonl", last, report.MaxSkippedListed)
	}
}

func TestAggregatorEmptyReportHasListsNotNulls(t *testing.T) {
	a := New(Options{})
	a.Input(&sources.Input{Source: "file", Name: "empty.jsonl"})
	var buf bytes.Buffer
	if err := render.Write(&buf, "json", a.Build(fixture.Now)); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`"kinds": []`, `"skipped": []`, `"from": null`, `"to": null`, `"name": "empty.jsonl"`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "incomplete") {
		t.Errorf("a complete run must not mention incomplete:\n%s", out)
	}
}

func TestRenderJSONFillsNilListsOfForeignReports(t *testing.T) {
	// A report not built by the Aggregator (e.g. a baseline decoded from an old file).
	r := &report.Report{Kinds: []report.Kind{{Kind: "expired"}}}
	var buf bytes.Buffer
	if err := render.Write(&buf, "json", r); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"inputs", "skipped", "messages", "reasons", "wikis", "ips", "user_agents", "users"} {
		if !strings.Contains(buf.String(), `"`+key+`": []`) {
			t.Errorf("%s is not []:\n%s", key, buf.String())
		}
	}
	if r.Inputs != nil {
		t.Error("rendering changed the caller's report")
	}
}

func TestAggregatorIncomplete(t *testing.T) {
	a := New(Options{})
	a.Incomplete(&sources.Input{Source: "es", Name: "logstash-*"}, "timed out after 30s")
	a.Incomplete(nil, "3 shards failed")
	got := a.Build(fixture.Now).Incomplete
	want := []string{"logstash-*: timed out after 30s", "3 shards failed"}
	if !slices.Equal(got, want) {
		t.Errorf("incomplete = %q, want %q", got, want)
	}
}

func TestAggregatorBreakdownsSkipEmptyValuesAndCutLongOnes(t *testing.T) {
	a := New(Options{})
	long := strings.Repeat("é", agentMaxBytes) // 2 bytes a rune: cut mid-string
	r := jwtEvent(normalize.KindOtherJWT, false, "r")
	r.Event.UserAgent = long
	a.Event(r)
	a.Event(jwtEvent(normalize.KindOtherJWT, false, "r")) // no UA, IP, wiki, user, message
	k := a.Build(fixture.Now).Kinds[0]
	if len(k.UserAgents) != 1 || len(k.IPs) != 0 || len(k.Wikis) != 0 || len(k.Users) != 0 || len(k.Messages) != 0 {
		t.Fatalf("breakdowns = %+v", k)
	}
	ua := k.UserAgents[0].Value
	if len(ua) > agentMaxBytes || !strings.HasSuffix(ua, "…") || !strings.HasPrefix(long, strings.TrimSuffix(ua, "…")) {
		t.Errorf("cut UA has %d bytes, %q...; want at most %d bytes, a prefix of the original ending in …", len(ua), ua[:10], agentMaxBytes)
	}
}

func TestAggregatorRenderIPMergesRedactedValues(t *testing.T) {
	redact := func(a netip.Addr) string {
		p, _ := a.Prefix(24)
		return p.String()
	}
	a := New(Options{RenderIP: redact})
	for i, ip := range []string{"192.0.2.1", "192.0.2.200", "198.51.100.7", "192.0.2.9"} {
		r := jwtEvent(normalize.KindExpired, false, "r")
		r.Event.ClientIP = netip.MustParseAddr(ip)
		r.Event.Count = int64(i + 1)
		a.Event(r)
	}
	got := a.Build(fixture.Now).Kinds[0].IPs
	want := []report.Value{{Value: "192.0.2.0/24", Count: 1 + 2 + 4}, {Value: "198.51.100.0/24", Count: 3}}
	if !slices.Equal(got, want) {
		t.Errorf("ips = %v, want %v", got, want)
	}
}

func TestAggregatorHoursAndRules(t *testing.T) {
	a := New(Options{})
	at := func(hhmm string, benign bool, rule string, weight int64) {
		ts, err := time.Parse(time.RFC3339, "2026-11-27T"+hhmm+":00+01:00")
		if err != nil {
			t.Fatal(err)
		}
		r := jwtEvent(normalize.KindSoftExpired, benign, rule+" says so")
		r.Event.Time, r.Event.Weight, r.Verdict.Rule = ts, weight, rule
		a.Event(r)
	}
	at("10:59", true, "default", 1)
	at("10:01", true, "bots", 1000)
	at("12:30", false, "watch-list", 1)
	at("10:30", true, "default", 1)
	k := a.Build(fixture.Now).Kinds[0]
	h := func(s string) time.Time { ts, _ := time.Parse(time.RFC3339, s); return ts }
	wantHours := []report.HourCount{{Hour: h("2026-11-27T09:00:00Z"), Count: 3, Estimated: 1002}, {Hour: h("2026-11-27T11:00:00Z"), Count: 1, Estimated: 1}}
	if !slices.Equal(k.Hours, wantHours) {
		t.Errorf("hours = %v, want %v", k.Hours, wantHours)
	}
	wantRules := []report.RuleCount{{Rule: "default", Benign: true, Count: 2, Estimated: 2},
		{Rule: "bots", Benign: true, Count: 1, Estimated: 1000}, {Rule: "watch-list", Benign: false, Count: 1, Estimated: 1}}
	if !slices.Equal(k.Rules, wantRules) {
		t.Errorf("rules = %v, want %v", k.Rules, wantRules)
	}
	if !k.Split() {
		t.Error("a kind with benign and actionable rules is not split")
	}
	if *k.FirstSeen != h("2026-11-27T09:01:00Z") || *k.LastSeen != h("2026-11-27T11:30:00Z") {
		t.Errorf("seen %v to %v", k.FirstSeen, k.LastSeen)
	}
}

func TestAggregatorHourSeriesIsBounded(t *testing.T) {
	a := New(Options{})
	for i := range hourCapacity + 10 {
		r := jwtEvent(normalize.KindExpired, false, "r")
		r.Event.Time = fixture.Base.Add(time.Duration(i) * time.Hour)
		a.Event(r)
	}
	k := a.Build(fixture.Now).Kinds[0]
	if len(k.Hours) != hourCapacity || !k.Approximate || k.Count != hourCapacity+10 {
		t.Errorf("hours %d, approximate %v, count %d; want %d hours, approximate, exact count", len(k.Hours), k.Approximate, k.Count, hourCapacity)
	}
}

// referenceReport is the straightforward, unbounded computation the Aggregator must
// agree with while no breakdown exceeds its bound.
type referenceReport struct {
	totals report.Totals
	kinds  map[string]*referenceKind
}

type referenceKind struct {
	count, estimated, actionable int64
	wikis, ips, users, messages  map[string]int64
}

func referenceTop(m map[string]int64, top int) []report.Value {
	var values []report.Value
	for v, n := range m {
		values = append(values, report.Value{Value: v, Count: n})
	}
	slices.SortFunc(values, func(a, b report.Value) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
	})
	return values[:min(top, len(values))]
}

func TestAggregatorInvariantsOnRandomInput(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 99))
			top := 1 + rng.IntN(6)
			a := New(Options{Top: top})
			ref := referenceReport{kinds: map[string]*referenceKind{}}
			inputs := []*sources.Input{{Source: "file", Name: "a"}, {Source: "file", Name: "b"}, {Source: "es", Name: "c"}}
			kinds := append([]normalize.Kind{normalize.KindNone, normalize.KindNone}, normalize.Kinds...)
			refLines := map[string]int64{} // by input name
			for range rng.IntN(3000) {
				in := inputs[rng.IntN(len(inputs))]
				if rng.IntN(3) == 0 { // runs of one input's lines, as a file's come
					in = inputs[0]
				}
				if rng.IntN(10) == 0 {
					a.Skip(sources.Skipped{Input: in, Line: rng.Int64N(1000), Err: "bad"})
					ref.totals.Skipped++
					refLines[in.Name]++
					continue
				}
				count := 1 + rng.Int64N(3)
				a.Record(in, count)
				ref.totals.Records += count
				refLines[in.Name] += count
				if rng.IntN(5) == 0 {
					continue // another channel
				}
				r := &classify.Result{
					Event: normalize.Event{
						Kind: kinds[rng.IntN(len(kinds))], Count: count, Weight: []int64{1, 1, 1000}[rng.IntN(3)],
						Wiki: fmt.Sprint("wiki", rng.IntN(5)), ClientIP: netip.AddrFrom4([4]byte{10, 0, 0, byte(rng.IntN(20))}),
						Subject: normalize.Subject{Raw: fmt.Sprint("CentralAuth::", rng.IntN(8))},
						Message: fmt.Sprint("message ", rng.IntN(4)),
						Time:    fixture.Base.Add(time.Duration(rng.IntN(72*60)) * time.Minute),
					},
					Verdict: classify.Verdict{Benign: rng.IntN(3) > 0, Reason: fmt.Sprint("reason ", rng.IntN(2))},
				}
				a.Event(r)
				ref.totals.SessionEvents += count
				if r.Event.Kind == normalize.KindNone {
					continue
				}
				ref.totals.JWTEvents += count
				ref.totals.EstimatedJWTEvents += count * r.Event.Weight
				rk := ref.kinds[string(r.Event.Kind)]
				if rk == nil {
					rk = &referenceKind{wikis: map[string]int64{}, ips: map[string]int64{}, users: map[string]int64{}, messages: map[string]int64{}}
					ref.kinds[string(r.Event.Kind)] = rk
				}
				rk.count += count
				rk.estimated += count * r.Event.Weight
				if !r.Verdict.Benign {
					rk.actionable += count
					ref.totals.Actionable += count
				} else {
					ref.totals.Benign += count
				}
				rk.wikis[r.Event.Wiki] += count
				rk.ips[r.Event.ClientIP.String()] += count
				rk.users[r.Event.Subject.Raw] += count
				rk.messages[r.Event.Message] += count
			}
			rep := a.Build(fixture.Now)
			tt := rep.Totals
			if tt.Lines != tt.Records+tt.Skipped {
				t.Errorf("lines %d != records %d + skipped %d", tt.Lines, tt.Records, tt.Skipped)
			}
			if tt.Benign+tt.Actionable != tt.JWTEvents {
				t.Errorf("benign %d + actionable %d != jwt_events %d", tt.Benign, tt.Actionable, tt.JWTEvents)
			}
			ref.totals.Lines = ref.totals.Records + ref.totals.Skipped
			if tt != ref.totals {
				t.Errorf("totals = %+v, reference %+v", tt, ref.totals)
			}
			var inputLines, inputSkipped, kindSum int64
			for _, in := range rep.Inputs {
				inputLines += in.Lines
				inputSkipped += in.Skipped
				if in.Lines != refLines[in.Name] {
					t.Errorf("input %s: %d lines, reference %d", in.Name, in.Lines, refLines[in.Name])
				}
			}
			if inputLines != tt.Lines || inputSkipped != tt.Skipped {
				t.Errorf("inputs sum to %d lines, %d skipped; totals %d, %d", inputLines, inputSkipped, tt.Lines, tt.Skipped)
			}
			if len(rep.Kinds) != len(ref.kinds) {
				t.Fatalf("%d kinds, reference %d", len(rep.Kinds), len(ref.kinds))
			}
			for i, k := range rep.Kinds {
				kindSum += k.Count
				if i > 0 && rep.Kinds[i-1].Count < k.Count {
					t.Errorf("kinds not sorted by count: %s %d before %s %d", rep.Kinds[i-1].Kind, rep.Kinds[i-1].Count, k.Kind, k.Count)
				}
				rk := ref.kinds[k.Kind]
				if k.Count != rk.count || k.Estimated != rk.estimated || k.Benign != (rk.actionable == 0) || k.Approximate {
					t.Errorf("%s: %d/%d benign=%v approx=%v; reference %d/%d actionable %d", k.Kind, k.Count, k.Estimated, k.Benign, k.Approximate, rk.count, rk.estimated, rk.actionable)
				}
				var hourSum int64
				for _, h := range k.Hours {
					hourSum += h.Count
				}
				if hourSum != k.Count {
					t.Errorf("%s: hours sum to %d, count %d", k.Kind, hourSum, k.Count)
				}
				if !slices.Equal(k.Wikis, referenceTop(rk.wikis, top)) || !slices.Equal(k.IPs, referenceTop(rk.ips, top)) {
					t.Errorf("%s: wikis %v ips %v; reference %v %v", k.Kind, k.Wikis, k.IPs, referenceTop(rk.wikis, top), referenceTop(rk.ips, top))
				}
				var users, messages []report.Value
				for _, u := range k.Users {
					users = append(users, report.Value{Value: u.Subject, Count: u.Count})
				}
				for _, m := range k.Messages {
					messages = append(messages, report.Value{Value: m.Message, Count: m.Count})
				}
				if !slices.Equal(users, referenceTop(rk.users, top)) || !slices.Equal(messages, referenceTop(rk.messages, top)) {
					t.Errorf("%s: users %v messages %v; reference %v %v", k.Kind, users, messages, referenceTop(rk.users, top), referenceTop(rk.messages, top))
				}
			}
			if kindSum != tt.JWTEvents {
				t.Errorf("kinds sum to %d, jwt_events %d", kindSum, tt.JWTEvents)
			}
			// Building is repeatable and deterministic.
			first, _ := json.Marshal(rep)
			again, _ := json.Marshal(a.Build(fixture.Now))
			if !bytes.Equal(first, again) {
				t.Error("two builds of the same aggregator differ")
			}
		})
	}
}

func TestCutValue(t *testing.T) {
	for _, tt := range []struct {
		s    string
		max  int
		want string
	}{{"abc", 3, "abc"}, {"aééé", 5, "a…"}} {
		if got := cutValue(tt.s, tt.max); got != tt.want {
			t.Errorf("cutValue(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
		}
	}
}

// TestAggregatorOutsideAndDataSpan: events the window left out count in
// totals.outside_window and widen data_span, never the window or any kind.
func TestAggregatorOutsideAndDataSpan(t *testing.T) {
	h := func(hour int) time.Time { return time.Date(2025, 10, 14, hour, 0, 0, 0, time.UTC) }
	a := New(Options{})
	r := jwtEvent(normalize.KindMalformed, false, "r")
	r.Event.Time = h(12)
	a.Event(r)
	a.Outside(3, h(2), h(20))
	a.Outside(2, time.Time{}, time.Time{}) // events without a time
	rep := a.Build(fixture.Now)
	if rep.Totals.OutsideWindow != 5 || rep.Totals.JWTEvents != 1 || rep.Totals.SessionEvents != 1 {
		t.Errorf("totals %+v, want 5 outside, 1 JWT event, 1 session event", rep.Totals)
	}
	if *rep.DataSpan.From != h(2) || *rep.DataSpan.To != h(20) {
		t.Errorf("data span %v to %v, want %v to %v", rep.DataSpan.From, rep.DataSpan.To, h(2), h(20))
	}
	if w := rep.Window; *w.From != h(12) || *w.To != h(12) || !w.FromData || !w.ToData {
		t.Errorf("window %+v, want the one event's time at both ends, from the data", w)
	}
	if empty := New(Options{}).Build(fixture.Now); empty.Window.FromData || empty.Window.ToData || empty.DataSpan.From != nil {
		t.Errorf("an empty report's window %+v and span %+v, want unknown ends not said to be the data's", empty.Window, empty.DataSpan)
	}
}

// TestAggregatorRequestFieldLists: the provider, server-group and version lists count
// each event's value (empty values left out), mask a token where a value carries one,
// cut an over-long value, and say how many distinct values they met.
func TestAggregatorRequestFieldLists(t *testing.T) {
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtdzpDZW50cmFsQXV0aDo6MSJ9.c2lnbmF0dXJlc2lnbmF0dXJl"
	a := New(Options{})
	add := func(n int, provider, group, version string) {
		for range n {
			r := jwtEvent(normalize.KindWrongIssuer, false, "r")
			r.Event.Provider, r.Event.ServerGroup, r.Event.MWVersion = provider, group, version
			a.Event(r)
		}
	}
	add(5, "CentralAuthSessionProvider", "kube-mw-web", "1.46.0-wmf.5")
	add(3, "CentralAuthSessionProvider", "kube-mw-api-ext", "1.46.0-wmf.4")
	add(2, "", "", "")
	add(1, "BotPasswordSessionProvider", "group "+token, strings.Repeat("v", 300))
	k := a.Build(fixture.Now).Kinds[0]
	want := func(name string, got []report.Value, d report.DistinctCount, values ...report.Value) {
		t.Helper()
		if !slices.Equal(got, values) {
			t.Errorf("%s = %+v, want %+v", name, got, values)
		}
		if !d.Exact || d.Value != int64(len(values)) {
			t.Errorf("%s: distinct %+v, want %d exact", name, d, len(values))
		}
	}
	want("providers", k.Providers, k.Distinct.Providers,
		report.Value{Value: "CentralAuthSessionProvider", Count: 8}, report.Value{Value: "BotPasswordSessionProvider", Count: 1})
	masked := k.ServerGroups[len(k.ServerGroups)-1].Value
	if strings.Contains(masked, "c2lnbmF0dXJl") || !strings.HasPrefix(masked, "group ") {
		t.Errorf("a token in a server group is shown as %q", masked)
	}
	want("server_groups", k.ServerGroups, k.Distinct.ServerGroups,
		report.Value{Value: "kube-mw-web", Count: 5}, report.Value{Value: "kube-mw-api-ext", Count: 3}, report.Value{Value: masked, Count: 1})
	want("mwversions", k.MWVersions, k.Distinct.MWVersions,
		report.Value{Value: "1.46.0-wmf.5", Count: 5}, report.Value{Value: "1.46.0-wmf.4", Count: 3},
		report.Value{Value: cutValue(strings.Repeat("v", 300), fieldMaxBytes), Count: 1})
	if len(k.MWVersions[2].Value) > fieldMaxBytes {
		t.Errorf("an over-long version is kept at %d bytes", len(k.MWVersions[2].Value))
	}
}
