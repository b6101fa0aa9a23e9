package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

func TestExplanationSentence(t *testing.T) {
	ratio := 40.8
	noon := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		k    report.KindDelta
		want string
	}{
		{"not a rise", report.KindDelta{Kind: "x", Ratio: &ratio}, ""},
		{"one driver", report.KindDelta{Spike: true, Ratio: &ratio, Began: &noon, Drivers: []report.Driver{
			{Dimension: "wikis", Value: "testwiki", Share: 0.987}}},
			"×40.8 since Nov 27 12:00 UTC: testwiki (wiki) carries 98 % of the rise"},
		{"bounded, two drivers", report.KindDelta{Spike: true, Ratio: &ratio, Began: &noon, Drivers: []report.Driver{
			{Dimension: "wikis", Value: "testwiki", Share: 0.6, BaselineAtMost: true},
			{Dimension: "wikis", Value: "enwiki", Share: 0.3}}},
			"×40.8 since Nov 27 12:00 UTC: testwiki (wiki) carries at least 60 % of the rise; enwiki (wiki) 30 %"},
		{"merged", report.KindDelta{New: true, Began: &noon, Drivers: []report.Driver{
			{Dimension: "families", Value: "NewBot", Share: 1, With: []report.DriverRef{
				{Dimension: "ip_prefixes", Value: "198.18.7.0/24"}, {Dimension: "wikis", Value: "enwiki"},
				{Dimension: "wikis", Value: "dewiki"}, {Dimension: "families", Value: "Other"}, {Dimension: "families", Value: "Another"}}}}},
			"new since Nov 27 12:00 UTC: NewBot (user-agent family) with 198.18.7.0/24 (network), 2 wikis (enwiki, dewiki), 2 user-agent families (Other, Another) carries 100 % of the rise"},
		{"none, from the start", report.KindDelta{Spike: true, Ratio: &ratio, Began: &noon, BeganAtWindowStart: true, Drivers: []report.Driver{}},
			"×40.8 since the window's start (Nov 27 12:00 UTC; it may have begun earlier): no single value explains it"},
		{"no series", report.KindDelta{New: true, Drivers: []report.Driver{}}, "new: no single value explains it"},
	}
	for _, tt := range tests {
		if got := tt.k.Explanation(); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// Values come from the logs: control and bidi characters never reach an output raw, and
// a long value is cut.
func TestSentenceValue(t *testing.T) {
	for in, want := range map[string]string{
		"plain value":               "plain value",
		"evil\u202eetyb\nline\x1b[": `evil\u202eetyb ⏎ line\x1b[`, // as internal/display shows them
		"ua eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl": "ua [JWT " + display.SignatureFingerprint("c2lnbmF0dXJl") + "]",
		"bad \xff byte":         "bad \ufffd byte",
		strings.Repeat("é", 70): strings.Repeat("é", 60) + "…",
		strings.Repeat("a", 60): strings.Repeat("a", 60),
	} {
		if got := report.SentenceValue(in); got != want {
			t.Errorf("SentenceValue(%q) = %q, want %q", in, got, want)
		}
	}
}

// day is a one-day window and an hourly series: perHour events every hour, plus extra
// in the hours from `from` on.
func dayKind(kind string, perHour, extra int64, from int) report.Kind {
	start := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	k := report.Kind{Kind: kind}
	for h := 0; h < 24; h++ {
		n := perHour
		if h >= from {
			n += extra
		}
		k.Hours = append(k.Hours, report.HourCount{Hour: start.Add(time.Duration(h) * time.Hour), Count: n, Estimated: n})
		k.Count += n
	}
	k.Estimated = k.Count
	return k
}

func dayReport(kinds ...report.Kind) *report.Report {
	from := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	to := from.Add(24 * time.Hour)
	r := &report.Report{Schema: report.Schema, Window: report.Window{From: &from, To: &to}, Kinds: kinds}
	for _, k := range kinds {
		r.Totals.JWTEvents += k.Count
		r.Totals.EstimatedJWTEvents += k.Estimated
	}
	return r
}

// A value missing from the baseline's top list is bounded by what the list allows: the
// smallest count shown, or the events the list leaves unaccounted for, whichever is less.
func TestCompareDriverBaselineBound(t *testing.T) {
	base := dayKind("malformed", 10, 0, 0)                                                   // 240
	base.Wikis = []report.Value{{Value: "enwiki", Count: 150}, {Value: "dewiki", Count: 70}} // 20 unaccounted
	cur := dayKind("malformed", 10, 50, 12)                                                  // 240 + 600
	cur.Wikis = []report.Value{{Value: "testwiki", Count: 600}, {Value: "enwiki", Count: 150}, {Value: "dewiki", Count: 70}}
	d := report.Compare(dayReport(cur), dayReport(base), report.CompareOptions{})
	k := d.Kinds[0]
	if !k.Spike || len(k.Drivers) != 1 {
		t.Fatalf("delta = %+v, want a spike with one driver", k)
	}
	// testwiki had at most 20: its increase is at least 580 of 600.
	if dr := k.Drivers[0]; dr.Value != "testwiki" || dr.BaselineCount != 20 || !dr.BaselineAtMost || dr.Share != 0.966 || dr.Exact() {
		t.Errorf("driver = %+v, want testwiki, baseline at most 20, share 0.966", dr)
	}
	if k.Began == nil || k.Began.Hour() != 12 || k.BeganAtWindowStart {
		t.Errorf("began %v (at start %v), want 12:00", k.Began, k.BeganAtWindowStart)
	}
}

// The total's lists are the kinds' summed: a value one kind does not list adds that
// kind's floor to its bound.
func TestCompareTotalDrivers(t *testing.T) {
	a, b := dayKind("malformed", 10, 0, 0), dayKind("soft-expired", 10, 0, 0)
	a.Wikis = []report.Value{{Value: "enwiki", Count: 240}}
	b.Wikis = []report.Value{{Value: "enwiki", Count: 230}, {Value: "dewiki", Count: 10}}
	ca, cb := dayKind("malformed", 10, 100, 6), dayKind("soft-expired", 10, 0, 0)
	ca.Wikis = []report.Value{{Value: "testwiki", Count: 1800, Error: 10}, {Value: "enwiki", Count: 240}}
	cb.Wikis = []report.Value{{Value: "enwiki", Count: 230}, {Value: "dewiki", Count: 10}}
	d := report.Compare(dayReport(ca, cb), dayReport(a, b), report.CompareOptions{})
	if !d.Spike || len(d.Drivers) != 1 {
		t.Fatalf("total = spike %v, drivers %+v; want one", d.Spike, d.Drivers)
	}
	dr := d.Drivers[0]
	if dr.Dimension != "kinds" || dr.Value != "malformed" || len(dr.With) != 1 || dr.With[0] != (report.DriverRef{Dimension: "wikis", Value: "testwiki"}) {
		t.Errorf("total's driver = %+v, want malformed with testwiki", dr)
	}
	if d.Began == nil || d.Began.Hour() != 6 {
		t.Errorf("total began %v, want 06:00", d.Began)
	}
	if !strings.Contains(d.Explanation(), "malformed (kind) with testwiki (wiki) carries") {
		t.Errorf("total's sentence %q", d.Explanation())
	}
}

func TestMarkJumps(t *testing.T) {
	r := dayReport(dayKind("malformed", 5, 60, 9), dayKind("soft-expired", 20, 0, 0))
	report.MarkJumps(r, report.CompareOptions{})
	if b := r.Kinds[0].Began; b == nil || b.Hour() != 9 {
		t.Errorf("malformed began %v, want 09:00", b)
	}
	if got, want := r.Kinds[0].JumpText(r.Window), "rate jumped at Nov 27 09:00 UTC: 5/h before, 65/h since"; got != want {
		t.Errorf("JumpText = %q, want %q", got, want)
	}
	if b := r.Kinds[1].Began; b != nil {
		t.Errorf("a flat kind jumped at %v", b)
	}
	if got := r.Kinds[1].JumpText(r.Window); got != "" {
		t.Errorf("JumpText of a flat kind = %q", got)
	}
}

// A deployment's version is a driver like a wiki, and merges with the values that moved
// with it; against a baseline older than the version list it is not compared at all
// (an absent list is not a list of zeros).
func TestCompareVersionDrivers(t *testing.T) {
	base := dayKind("wrong-issuer", 10, 0, 0) // 240
	base.MWVersions = []report.Value{{Value: "1.46.0-wmf.4", Count: 240}}
	base.ServerGroups = []report.Value{{Value: "kube-mw-web", Count: 180}, {Value: "kube-mw-api-ext", Count: 60}}
	cur := dayKind("wrong-issuer", 10, 40, 12) // 240 + 480
	cur.MWVersions = []report.Value{{Value: "1.46.0-wmf.5", Count: 600}, {Value: "1.46.0-wmf.4", Count: 120}}
	cur.ServerGroups = []report.Value{{Value: "kube-mw-api-ext", Count: 540}, {Value: "kube-mw-web", Count: 180}}
	k := report.Compare(dayReport(cur), dayReport(base), report.CompareOptions{}).Kinds[0]
	if !k.Spike || len(k.Drivers) != 1 {
		t.Fatalf("delta = %+v, want a spike with one driver", k)
	}
	dr := k.Drivers[0]
	if dr.Dimension != "mwversions" || dr.Value != "1.46.0-wmf.5" || dr.Share != 1 ||
		len(dr.With) != 1 || dr.With[0] != (report.DriverRef{Dimension: "server_groups", Value: "kube-mw-api-ext"}) {
		t.Errorf("driver = %+v, want 1.46.0-wmf.5 with kube-mw-api-ext", dr)
	}
	if !strings.Contains(k.Explanation(), "1.46.0-wmf.5 (MediaWiki version) with kube-mw-api-ext (server group) carries 100 %") {
		t.Errorf("sentence %q", k.Explanation())
	}

	old := dayKind("wrong-issuer", 10, 0, 0) // a report from before the lists: nil
	k = report.Compare(dayReport(cur), dayReport(old), report.CompareOptions{}).Kinds[0]
	if !k.Spike || len(k.Drivers) != 0 {
		t.Errorf("against an older baseline: drivers %+v, want none (the lists are not compared)", k.Drivers)
	}
}
