package drivers_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/wikimedia/jwtriage/report/drivers"
)

// events is a planted log: each event's values in every dimension, counted per hour.
type events struct {
	hours  int
	counts map[string]map[string]int64 // dimension → value → count
	series []int64
	total  int64
}

func newEvents(hours int) *events {
	return &events{hours: hours, counts: map[string]map[string]int64{}, series: make([]int64, hours)}
}

// add plants n events in hour h with the given values (dimension, value pairs).
func (e *events) add(h int, n int64, values ...string) {
	for i := 0; i+1 < len(values); i += 2 {
		if e.counts[values[i]] == nil {
			e.counts[values[i]] = map[string]int64{}
		}
		e.counts[values[i]][values[i+1]] += n
	}
	e.series[h] += n
	e.total += n
}

// side is the report's view of e: top lists of length top, each with its Floor.
func (e *events) side(top int, weight float64) drivers.Side {
	s := drivers.Side{Count: e.total, Weight: weight, Hours: float64(e.hours)}
	for _, dim := range dims {
		vals := e.counts[dim]
		var items []drivers.Item
		for v, n := range vals {
			items = append(items, drivers.Item{Value: v, Count: n})
		}
		sortItems(items)
		l := drivers.List{Dimension: dim}
		if len(items) > top {
			l.Floor = items[top-1].Count
			items = items[:top]
		}
		l.Items = items
		s.Lists = append(s.Lists, l)
	}
	return s
}

var dims = []string{"messages", "wikis", "families", "user_agents", "ip_prefixes", "ips", "users"}

func sortItems(items []drivers.Item) {
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && (items[j].Count > items[j-1].Count || items[j].Count == items[j-1].Count && items[j].Value < items[j-1].Value); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}

// background plants an ordinary day: per hour 20 events of one message spread over 8
// wikis, 2 families, 40 IPs in 4 /24s and 25 users.
func background(e *events, perHour int) {
	for h := 0; h < e.hours; h++ {
		for i := 0; i < perHour; i++ {
			fam := "MobileApp"
			if i%4 == 3 {
				fam = "Chrome"
			}
			ip := (h*perHour + i) % 40
			e.add(h, 1, "messages", "JWT validation failed",
				"wikis", fmt.Sprintf("wiki%d", i%8),
				"families", fam, "user_agents", fam+"/1.0",
				"ip_prefixes", fmt.Sprintf("10.0.%d.0/24", ip%4), "ips", fmt.Sprintf("10.0.%d.%d", ip%4, ip),
				"users", fmt.Sprintf("user%d", (h*perHour+i)%25))
		}
	}
}

func TestOneWikiOneHour(t *testing.T) {
	base, cur := newEvents(24), newEvents(24)
	background(base, 20)
	background(cur, 20)
	for i := 0; i < 600; i++ { // testwiki, hour 14, the usual agents, many users and IPs
		fam := "MobileApp"
		if i%4 == 3 {
			fam = "Chrome"
		}
		cur.add(14, 1, "messages", "JWT validation failed", "wikis", "testwiki", "families", fam,
			"user_agents", fam+"/1.0", "ip_prefixes", fmt.Sprintf("172.16.%d.0/24", i%50),
			"ips", fmt.Sprintf("172.16.%d.%d", i%50, i), "users", fmt.Sprintf("spiker%d", i))
	}
	got := drivers.Explain(drivers.Input{Current: cur.side(10, 1), Baseline: base.side(10, 1)}, drivers.Options{})
	if len(got) != 1 || got[0].Dimension != "wikis" || got[0].Value != "testwiki" {
		t.Fatalf("drivers = %+v, want testwiki alone", got)
	}
	if got[0].Share < 0.95 || got[0].Share > 1 || got[0].Count != 600 || got[0].BaselineCount != 0 || got[0].BaselineBound {
		t.Errorf("testwiki driver = %+v, want share ≥ 0.95 of 600 events, baseline exactly 0 (the list was complete)", got[0])
	}
	if len(got[0].With) != 0 {
		t.Errorf("testwiki merged with %v; its events share nothing else", got[0].With)
	}
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: cur.series, Weight: 1}, drivers.Flat(20, len(cur.series))); fromStart || h != 14 {
		t.Errorf("BeganAgainst = %d, %v; want hour 14", h, fromStart)
	}
	// Without a baseline a burst that ended is no jump: the rate did not stay up.
	if h, ok := drivers.Began(drivers.Series{Counts: cur.series, Weight: 1}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Errorf("Began = %d: a one-hour burst is no lasting jump", h)
	}
}

func TestNewBotOnOneNetworkMerged(t *testing.T) {
	base, cur := newEvents(24), newEvents(24)
	background(base, 20)
	background(cur, 20)
	wikis := []string{"enwiki", "dewiki", "frwiki"}
	for h := 10; h < 14; h++ {
		for i := 0; i < 300; i++ {
			cur.add(h, 1, "messages", "JWT validation failed", "wikis", wikis[i%3], "families", "NewBot",
				"user_agents", "NewBot/0.1 (+https://example.org)", "ip_prefixes", "198.18.7.0/24",
				"ips", fmt.Sprintf("198.18.7.%d", i%200), "users", fmt.Sprintf("bot%d", i%100))
		}
	}
	got := drivers.Explain(drivers.Input{Current: cur.side(10, 1), Baseline: base.side(10, 1)}, drivers.Options{})
	if len(got) != 1 {
		t.Fatalf("drivers = %+v, want one merged driver", got)
	}
	d := got[0]
	if d.Dimension != "families" || d.Value != "NewBot" || d.Share < 0.95 {
		t.Errorf("driver = %+v, want the NewBot family with ≥ 95 %%", d)
	}
	with := map[drivers.Ref]bool{}
	for _, r := range d.With {
		with[r] = true
	}
	for _, r := range []drivers.Ref{{"user_agents", "NewBot/0.1 (+https://example.org)"}, {"ip_prefixes", "198.18.7.0/24"},
		{"wikis", "enwiki"}, {"wikis", "dewiki"}, {"wikis", "frwiki"}} {
		if !with[r] {
			t.Errorf("driver lacks %v in with: %+v", r, d.With)
		}
	}
	if with[drivers.Ref{"messages", "JWT validation failed"}] {
		t.Errorf("the kind's only message merged into the driver: it explains nothing")
	}
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: cur.series, Weight: 1}, drivers.Flat(20, len(cur.series))); fromStart || h != 10 {
		t.Errorf("BeganAgainst = %d, %v; want hour 10", h, fromStart)
	}
}

func TestBroadRiseNamesNone(t *testing.T) {
	base, cur := newEvents(24), newEvents(24)
	background(base, 20)
	background(cur, 60) // every value ×3
	if got := drivers.Explain(drivers.Input{Current: cur.side(10, 1), Baseline: base.side(10, 1)}, drivers.Options{}); len(got) != 0 {
		t.Errorf("drivers of a broad rise = %+v, want none", got)
	}
}

func TestNewKind(t *testing.T) {
	ref, cur := newEvents(24), newEvents(24)
	background(ref, 20) // the baseline's whole traffic, other kinds
	for h := 3; h < 24; h++ {
		for i := 0; i < 30; i++ {
			cur.add(h, 1, "messages", "brand new failure", "wikis", "testwiki", "families", "MobileApp",
				"user_agents", "MobileApp/1.0", "ip_prefixes", fmt.Sprintf("10.0.%d.0/24", i%4),
				"ips", fmt.Sprintf("10.0.%d.%d", i%4, i), "users", fmt.Sprintf("user%d", i%25))
		}
	}
	refSide := ref.side(10, 1)
	got := drivers.Explain(drivers.Input{Current: cur.side(10, 1), Baseline: drivers.Side{Hours: 24}, Reference: &refSide,
		Skip: []string{"messages"}}, drivers.Options{})
	if len(got) != 1 || got[0].Value != "testwiki" || got[0].Share != 1 {
		t.Fatalf("drivers of a new kind = %+v, want testwiki with all of it (MobileApp is usual, the message is the kind)", got)
	}
	if h, ok := drivers.Began(drivers.Series{Counts: cur.series, Weight: 1}, drivers.Rise{Factor: 2, Min: 10}); !ok || h != 3 {
		t.Errorf("Began = %d, %v; want 3", h, ok)
	}
}

func TestSampledChannelEstimates(t *testing.T) {
	base, cur := newEvents(24), newEvents(24)
	background(base, 20)
	background(cur, 20)
	for i := 0; i < 100; i++ {
		cur.add(5, 1, "wikis", "testwiki")
	}
	got := drivers.Explain(drivers.Input{Current: cur.side(10, 64), Baseline: base.side(10, 64)}, drivers.Options{})
	if len(got) != 1 || got[0].Count != 6400 {
		t.Fatalf("drivers = %+v, want testwiki with 6,400 estimated events (100 logged at 1:64)", got)
	}
	if got[0].BaselineCount != 0 {
		t.Errorf("baseline count %d, want 0", got[0].BaselineCount)
	}
}

// A value missing from the baseline's list is bounded by the list's floor, not zero: the
// share drops by what it may have had, and says it is a bound.
func TestAbsentValueBounded(t *testing.T) {
	cur := drivers.Side{Count: 1000, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"testwiki", 800, 0}, {"enwiki", 200, 0}}}}}
	base := drivers.Side{Count: 200, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"enwiki", 150, 0}}, Floor: 50}}}
	got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{})
	if len(got) != 1 {
		t.Fatalf("drivers = %+v", got)
	}
	// increase at least 800-50 = 750 of 800.
	if d := got[0]; d.Value != "testwiki" || d.BaselineCount != 50 || !d.BaselineBound || d.Exact() || math.Abs(d.Share-0.9375) > 1e-3 {
		t.Errorf("driver = %+v, want testwiki, baseline ≤ 50, share 0.9375, not exact", d)
	}
}

// A current count with an error bound counts at its lower end.
func TestErrorBoundLowersShare(t *testing.T) {
	cur := drivers.Side{Count: 1000, Hours: 24, Lists: []drivers.List{{Dimension: "ips", Items: []drivers.Item{{"192.0.2.1", 900, 400}}}}}
	base := drivers.Side{Count: 100, Hours: 24, Lists: []drivers.List{{Dimension: "ips"}}}
	got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{})
	if len(got) != 1 || got[0].Error != 400 || math.Abs(got[0].Share-500.0/900) > 1e-3 || got[0].Exact() {
		t.Fatalf("drivers = %+v, want share (900-400)/900 and error 400", got)
	}
	cur.Lists[0].Items[0].Error = 800 // at least 100: not a quarter of the rise
	if got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{}); len(got) != 0 {
		t.Errorf("drivers = %+v, want none: the bound allows too little", got)
	}
}

// The windows' lengths differ: the baseline is scaled to the current window.
func TestWindowsScaled(t *testing.T) {
	cur := drivers.Side{Count: 480, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"a", 240, 0}, {"b", 240, 0}}}}}
	base := drivers.Side{Count: 1440, Hours: 168, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"a", 1440, 0}}}}}
	// a: 240 - 1440*24/168 = 34.3 of 274.3; b: 240 of 274.3.
	got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{})
	if len(got) != 1 || got[0].Value != "b" || math.Abs(got[0].Share-0.875) > 1e-3 {
		t.Fatalf("drivers = %+v, want b with 87.5 %%", got)
	}
}

func TestNoRiseNoDrivers(t *testing.T) {
	s := drivers.Side{Count: 100, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"a", 100, 0}}}}}
	if got := drivers.Explain(drivers.Input{Current: s, Baseline: s}, drivers.Options{}); got != nil {
		t.Errorf("drivers = %+v, want nil", got)
	}
	if got := drivers.Explain(drivers.Input{}, drivers.Options{}); got != nil {
		t.Errorf("drivers of nothing = %+v", got)
	}
}

// Two values of one dimension that split the rise are two drivers, never merged.
func TestTwoDrivers(t *testing.T) {
	cur := drivers.Side{Count: 1100, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"a", 600, 0}, {"b", 400, 0}, {"c", 100, 0}}}}}
	base := drivers.Side{Count: 100, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"c", 100, 0}}}}}
	got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{})
	if len(got) != 2 || got[0].Value != "a" || got[1].Value != "b" || math.Abs(got[0].Share-0.6) > 1e-3 || math.Abs(got[1].Share-0.4) > 1e-3 || !got[0].Exact() {
		t.Fatalf("drivers = %+v, want a 60 %% and b 40 %%", got)
	}
}

func TestBegan(t *testing.T) {
	flat := make([]int64, 24)
	for i := range flat {
		flat[i] = 20 + int64(i%3)
	}
	if h, ok := drivers.Began(drivers.Series{Counts: flat}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Errorf("flat series began at %d", h)
	}
	small := []int64{0, 0, 0, 1, 0, 0, 3, 2, 2, 3} // a jump, but too small to matter
	if h, ok := drivers.Began(drivers.Series{Counts: small}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Errorf("small series began at %d", h)
	}
	if _, ok := drivers.Began(drivers.Series{Counts: []int64{500}}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Error("one hour cannot show a change")
	}
	sampled := []int64{1, 1, 1, 1, 1, 1, 5, 5, 5, 5} // ×64: 64/h → 320/h
	if h, ok := drivers.Began(drivers.Series{Counts: sampled, Weight: 64}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Errorf("sampled series of few events began at %d: the evidence is 30 events, not 1,920", h)
	}
	step := []int64{5, 6, 4, 5, 5, 80, 75, 90, 85, 70}
	if h, ok := drivers.Began(drivers.Series{Counts: step}, drivers.Rise{Factor: 2, Min: 10}); !ok || h != 5 {
		t.Errorf("step began at %d, %v; want 5", h, ok)
	}
	// Against a baseline of 5/h the step is found; against 50/h its earlier level is not
	// a rise, so still 5; a series high throughout rose before the window.
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: step}, drivers.Flat(5, len(step))); fromStart || h != 5 {
		t.Errorf("BeganAgainst(step) = %d, %v", h, fromStart)
	}
	high := []int64{80, 75, 90, 85, 70, 80, 75, 90}
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: high}, drivers.Flat(5, len(high))); !fromStart || h != 0 {
		t.Errorf("BeganAgainst(high) = %d, %v; want from the start", h, fromStart)
	}
	// A series already spiking before a further jump: the rise began at the start.
	// A few events late in the window: the rise began with them.
	late := []int64{0, 0, 0, 0, 0, 0, 3, 4, 2}
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: late}, drivers.Flat(0, len(late))); fromStart || h != 6 {
		t.Errorf("BeganAgainst(late) = %d, %v; want 6, within the window", h, fromStart)
	}
	// A daily cycle and bursts like earlier ones are no jump.
	daily := []int64{10, 6, 11, 7, 7, 8, 9, 15, 13, 27, 25, 22, 28, 27, 29, 29, 22, 24, 24, 26, 21, 26, 22, 15,
		10, 7, 5, 7, 11, 7, 15, 15, 22, 20, 19, 18, 25, 30, 19, 34, 24, 26, 28, 23, 26, 15, 18, 16}
	if h, ok := drivers.Began(drivers.Series{Counts: daily}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Errorf("a daily cycle jumped at %d", h)
	}
	bursts := []int64{1, 1, 11, 14, 19, 7, 1, 0, 1, 0, 1, 1, 1, 18, 14, 17, 7, 1, 2, 2, 0, 1, 1, 0,
		1, 14, 13, 17, 0, 0, 0, 1, 1, 1, 2, 0, 2, 1, 2, 0, 1, 1, 1, 5, 17, 11, 12, 9}
	if h, ok := drivers.Began(drivers.Series{Counts: bursts, Weight: 1000}, drivers.Rise{Factor: 2, Min: 10}); ok {
		t.Errorf("a burst like the earlier ones jumped at %d", h)
	}
	// A daily cycle three times as high every hour rose from the start, when the expected
	// series follows the baseline's hours of the day; against a flat rate its nights
	// would hide it until the morning.
	profile := []float64{5, 4, 3, 3, 4, 6, 10, 20, 30, 35, 40, 40, 40, 40, 38, 35, 30, 28, 25, 20, 15, 10, 8, 6}
	tripled := make([]int64, 24)
	for i, e := range profile {
		tripled[i] = int64(3 * e)
	}
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: tripled}, profile); !fromStart || h != 0 {
		t.Errorf("BeganAgainst(tripled cycle) = %d, %v; want from the start", h, fromStart)
	}
	if h, _ := drivers.BeganAgainst(drivers.Series{Counts: tripled}, drivers.Flat(20, 24)); h == 0 {
		t.Error("against a flat rate the tripled cycle began at the start: the profile test above proves nothing")
	}
	night := make([]int64, 24)
	for i, e := range profile {
		night[i] = int64(e)
	}
	night[3] += 200 // a burst at night
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: night}, profile); fromStart || h != 3 {
		t.Errorf("BeganAgainst(night burst) = %d, %v; want 3", h, fromStart)
	}
	// At the baseline's level until a jump: the rise began with the jump.
	twice := []int64{5, 5, 5, 5, 500, 500, 500, 500}
	if h, fromStart := drivers.BeganAgainst(drivers.Series{Counts: twice}, drivers.Flat(5, len(twice))); fromStart || h != 4 {
		t.Errorf("BeganAgainst(twice) = %d, %v; want 4", h, fromStart)
	}
}

// A couple of lines of a sampled channel stand for thousands of events, but they are two
// events: not a cause.
func TestFewSampledLinesNameNothing(t *testing.T) {
	cur := drivers.Side{Count: 12, Weight: 1000, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"testwiki", 4, 0}, {"enwiki", 8, 0}}}}}
	base := drivers.Side{Count: 8, Weight: 1000, Hours: 24, Lists: []drivers.List{{Dimension: "wikis", Items: []drivers.Item{{"enwiki", 8, 0}}}}}
	if got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{}); len(got) != 0 {
		t.Errorf("drivers of 4 logged lines = %+v, want none", got)
	}
	cur.Lists[0].Items[0].Count, cur.Count = 5, 13
	if got := drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{}); len(got) != 1 || got[0].Count != 5000 {
		t.Errorf("drivers of 5 logged lines = %+v, want testwiki with 5,000 estimated", got)
	}
}
