package pipeline

import (
	"bytes"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/shapegen"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/sources"
)

// shapeTruth is the exact count of every value of each list, counted from what the
// generator says each line holds.
type shapeTruth map[string]map[string]int64

func (t shapeTruth) add(list, value string) {
	if t[list] == nil {
		t[list] = map[string]int64{}
	}
	t[list][value]++
}

// shapeScale is the share of a shape's full size (the cardinality shapes of the top-list tests) the tests generate: the full
// sizes (1,000,000 lines) take a minute on a loaded 2-core machine, so by default the
// all-distinct and heavy-tail shapes run at a fifth of their size with a budget cut
// alike, which exercises the same regimes (every list past its budget, or not).
// JWTRIAGE_SHAPES_FULL=1 runs them at full size with the default budget.
func shapeScale() (lines func(shapegen.Shape) int, memory int64) {
	if os.Getenv("JWTRIAGE_SHAPES_FULL") == "1" {
		return func(s shapegen.Shape) int { return shapegen.DefaultLines[s] }, 0
	}
	return func(s shapegen.Shape) int {
		if s == shapegen.BusyDay { // always full: it must be exact with the default budget
			return shapegen.DefaultLines[s]
		}
		return shapegen.DefaultLines[s] / 5
	}, aggregate.DefaultMemory / 5
}

// runShape writes n lines of shape to a file, reports on it through the parallel
// pipeline and returns the report and the truth.
func runShape(t *testing.T, shape shapegen.Shape, n int, memory int64) (*report.Report, shapeTruth) {
	rep, truth, _ := runShapeMemory(t, shape, n, memory)
	return rep, truth
}

// runShapeMemory is runShape that also returns the bytes the top lists held.
func runShapeMemory(t *testing.T, shape shapegen.Shape, n int, memory int64) (*report.Report, shapeTruth, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), string(shape)+".jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := shapegen.Write(f, shape, n, 1); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	truth := shapeTruth{}
	err = shapegen.Generate(shape, n, 1, func(l shapegen.Line, doc []byte) error {
		truth.add("wikis", l.Wiki)
		truth.add("ips", l.IP)
		truth.add("ip_prefixes", classify.IPPrefix(netip.MustParseAddr(l.IP)).String())
		truth.add("user_agents", l.UserAgent)
		truth.add("families", l.Family)
		truth.add("users", l.Subject)
		for list, field := range map[string]string{"mwversions": "mwversion", "providers": "session_provider_type", "server_groups": "servergroup"} {
			if v, ok := docString(doc, field); ok {
				truth.add(list, v)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	src, err := sources.NewJSONL([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, agg := buildReportAggregator(t, src, -1, Window{}, aggregate.Options{Memory: memory})
	if len(rep.Kinds) != 1 || rep.Kinds[0].Count != int64(n) {
		t.Fatalf("%d kinds, want one of %d events: %+v", len(rep.Kinds), n, rep.Totals)
	}
	return rep, truth, agg.MemoryUsed()
}

// docString is the value of a top-level string field of a generated line (no escapes
// in those the generator writes).
func docString(doc []byte, field string) (string, bool) {
	key := []byte(`"` + field + `":"`)
	i := bytes.Index(doc, key)
	if i < 0 {
		return "", false
	}
	rest := doc[i+len(key):]
	end := bytes.IndexByte(rest, '"')
	if end < 0 {
		return "", false
	}
	return string(rest[:end]), true
}

// shownEntry is a top-list entry, whatever its list.
type shownEntry struct {
	value        string
	count, error int64
}

func shownLists(k *report.Kind) map[string][]shownEntry {
	lists := map[string][]shownEntry{}
	for name, values := range map[string][]report.Value{"wikis": k.Wikis, "ips": k.IPs, "ip_prefixes": k.IPPrefixes,
		"providers": k.Providers, "server_groups": k.ServerGroups, "mwversions": k.MWVersions} {
		for _, v := range values {
			lists[name] = append(lists[name], shownEntry{v.Value, v.Count, v.Error})
		}
	}
	for _, v := range k.UserAgents {
		lists["user_agents"] = append(lists["user_agents"], shownEntry{v.Value, v.Count, v.Error})
	}
	for _, v := range k.Families {
		lists["families"] = append(lists["families"], shownEntry{v.Family, v.Count, v.Error})
	}
	for _, v := range k.Users {
		lists["users"] = append(lists["users"], shownEntry{v.Subject, v.Count, v.Error})
	}
	return lists
}

func distinctOf(k *report.Kind, list string) report.DistinctCount {
	d := k.Distinct
	return map[string]report.DistinctCount{"wikis": d.Wikis, "ips": d.IPs, "ip_prefixes": d.IPPrefixes,
		"user_agents": d.UserAgents, "families": d.Families, "users": d.Users,
		"providers": d.Providers, "server_groups": d.ServerGroups, "mwversions": d.MWVersions}[list]
}

// checkShape checks every number of the kind's lists against the truth: each shown
// count within its bound and certain to belong to the top list, exact lists exactly
// the true top list, every distinct count exact or within ±2 %.
func checkShape(t *testing.T, k *report.Kind, truth shapeTruth) {
	t.Helper()
	shown := shownLists(k)
	for list, counts := range truth {
		d := distinctOf(k, list)
		if d.Exact && d.Value != int64(len(counts)) {
			t.Errorf("%s: distinct %d (exact), true %d", list, d.Value, len(counts))
		}
		if rel := float64(d.Value)/float64(len(counts)) - 1; math.Abs(rel) > 0.02 {
			t.Errorf("%s: distinct %d (exact %v), true %d: off by %.2f%%", list, d.Value, d.Exact, len(counts), 100*rel)
		}
		for _, e := range shown[list] {
			n := counts[e.value]
			if n > e.count || n < e.count-e.error {
				t.Errorf("%s %q: count %d error %d, true %d", list, e.value, e.count, e.error, n)
			}
			greater := 0
			for _, m := range counts {
				if m > n {
					greater++
				}
			}
			if greater >= aggregate.DefaultTop {
				t.Errorf("%s %q (true %d) shown in the top %d, but %d values occurred more often",
					list, e.value, n, aggregate.DefaultTop, greater)
			}
		}
		var maxErr int64
		for _, e := range shown[list] {
			maxErr = max(maxErr, e.error)
		}
		t.Logf("%-11s distinct %d (exact %v, true %d, off %+.2f%%), %d shown, largest error %d",
			list, d.Value, d.Exact, len(counts), 100*(float64(d.Value)/float64(len(counts))-1), len(shown[list]), maxErr)
		if d.Exact && len(shown[list]) != min(aggregate.DefaultTop, len(counts)) {
			t.Errorf("%s: exact list shows %d entries of %d values", list, len(shown[list]), len(counts))
		}
	}
}

// TestShapeBusyDay: 200,000 wrong-subject lines from 20,000 users (10 each) on 1,000
// wikis from 100,000 IPs and user agents fit the default budget: every count exact,
// no error anywhere, 20,000 distinct users exactly.
func TestShapeBusyDay(t *testing.T) {
	lines, _ := shapeScale()
	rep, truth, used := runShapeMemory(t, shapegen.BusyDay, lines(shapegen.BusyDay), 0)
	t.Logf("busy day: the top lists hold %.1f MiB of the %d MiB budget", float64(used)/(1<<20), aggregate.DefaultMemory>>20)
	k := &rep.Kinds[0]
	checkShape(t, k, truth)
	if k.Approximate || k.Uncertain != nil {
		t.Errorf("busy day: approximate %v, uncertain %+v; want exact", k.Approximate, k.Uncertain)
	}
	for list, entries := range shownLists(k) {
		for _, e := range entries {
			if e.error != 0 {
				t.Errorf("busy day: %s %q carries error %d", list, e.value, e.error)
			}
		}
	}
	if d := k.Distinct.Users; !d.Exact || d.Value != 20000 {
		t.Errorf("busy day: distinct users %+v, want exactly 20,000", d)
	}
	for _, u := range k.Users {
		if u.Count != 10 {
			t.Errorf("busy day: user %s counted %d times, true 10", u.Subject, u.Count)
		}
	}
}

// TestShapeAllDistinct: when every IP, agent and user occurs once, no top list shows
// a value of these (none is more frequent than another), the distinct counts are
// estimates within ±2 %, and the wikis (200 lines each) stay exact.
func TestShapeAllDistinct(t *testing.T) {
	lines, memory := shapeScale()
	n := lines(shapegen.Distinct)
	rep, truth := runShape(t, shapegen.Distinct, n, memory)
	k := &rep.Kinds[0]
	checkShape(t, k, truth)
	if !k.Approximate || k.Uncertain == nil {
		t.Fatalf("all distinct past the budget: approximate %v, uncertain %+v", k.Approximate, k.Uncertain)
	}
	if len(k.IPs)+len(k.Users)+len(k.UserAgents) != 0 {
		t.Errorf("all distinct: shown IPs %v, users %v, agents %v; none is certain", k.IPs, k.Users, k.UserAgents)
	}
	if d := k.Distinct.Wikis; !d.Exact || d.Value != 5000 {
		t.Errorf("distinct wikis %+v, want exactly 5,000", d)
	}
	for _, w := range k.Wikis {
		if w.Count != int64(n/5000) || w.Error != 0 {
			t.Errorf("wiki %s: count %d error %d, true %d", w.Value, w.Count, w.Error, n/5000)
		}
	}
}

// TestShapeHeavyTail: heavy hitters over a long tail past the budget: the heavy
// hitters are shown, each within its bound, and the distinct counts within ±2 %.
func TestShapeHeavyTail(t *testing.T) {
	lines, memory := shapeScale()
	rep, truth := runShape(t, shapegen.HeavyTail, lines(shapegen.HeavyTail), memory)
	k := &rep.Kinds[0]
	checkShape(t, k, truth)
	if !k.Approximate {
		t.Error("heavy tail past the budget: not approximate")
	}
	for list, entries := range map[string]int{"ips": len(k.IPs), "users": len(k.Users), "user_agents": len(k.UserAgents)} {
		if entries < 5 {
			t.Errorf("%s: %d heavy hitters shown, want the top 5 at least", list, entries)
		}
	}
	if len(k.IPs) > 0 && k.IPs[0].Value != "10.0.0.0" {
		t.Errorf("top IP %s, want the heaviest hitter 10.0.0.0", k.IPs[0].Value)
	}
}
