package aggregate

import (
	"fmt"
	"math/bits"
	"net/netip"
	"testing"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// TestAggregatedBucketsStayExact: the cluster's aggregate mode hands on one record per
// group with the group's size as Count; a busy day of such groups (20,000 users, 100,000
// IPs) stays exact, its distinct counts too.
func TestAggregatedBucketsStayExact(t *testing.T) {
	a := New(Options{})
	for i := range 100_000 {
		r := jwtEvent(normalize.KindUserExpectedAnonFound, true, "out of sync")
		r.Event.Count = int64(1 + i%3)
		r.Event.ClientIP = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		r.IPPrefix = classify.IPPrefix(r.Event.ClientIP)
		r.Event.Subject.Raw = fmt.Sprint("User ", i%20_000)
		r.Event.Wiki = fmt.Sprint("wiki", i%1000)
		a.Event(r)
	}
	k := a.Build(fixture.Now).Kinds[0]
	if k.Approximate || k.Uncertain != nil || !k.Distinct.Users.Exact || k.Distinct.Users.Value != 20_000 ||
		!k.Distinct.IPs.Exact || k.Distinct.IPs.Value != 100_000 || k.Distinct.Wikis.Value != 1000 {
		t.Fatalf("approximate %v, uncertain %+v, distinct %+v", k.Approximate, k.Uncertain, k.Distinct)
	}
	// User i%20,000 occurs for i = u, u+20,000, … (5 times) with counts 1+i%3.
	for _, u := range k.Users {
		var n, want int64
		fmt.Sscan(u.Subject[len("User "):], &n)
		for i := n; i < 100_000; i += 20_000 {
			want += 1 + i%3
		}
		if u.Count != want || u.Error != 0 {
			t.Errorf("%s: count %d error %d, want exactly %d", u.Subject, u.Count, u.Error, want)
		}
	}
}

// TestLabelsMergeCountsLabels: with a merging renderer (prefix redaction) the IP list
// counts the labels, so a label's count is exact, and bounded, past the budget too.
func TestLabelsMergeCountsLabels(t *testing.T) {
	prefix := func(a netip.Addr) string { return classify.IPPrefix(a).String() }
	a := New(Options{Memory: 1, RenderIP: prefix, LabelsMerge: true})
	truth := map[string]int64{}
	for i := range 300_000 {
		r := jwtEvent(normalize.KindBadSignature, false, "x")
		// Half from a few heavy /24s (each half as frequent as the one before), half
		// from a tail of 5,000 others.
		r.Event.ClientIP = netip.AddrFrom4([4]byte{10, 1, byte(bits.TrailingZeros(uint(i))), byte(i)})
		if i%2 == 1 {
			t := i / 2 % 5000
			r.Event.ClientIP = netip.AddrFrom4([4]byte{10, 2 + byte(t>>8), byte(t), byte(i)})
		}
		truth[prefix(r.Event.ClientIP)]++
		a.Event(r)
	}
	k := a.Build(fixture.Now).Kinds[0]
	if len(k.IPs) < 3 || !k.Approximate {
		t.Fatalf("IP labels %v, approximate %v; want the heavy /24s past the budget", k.IPs, k.Approximate)
	}
	for _, v := range k.IPs {
		if n := truth[v.Value]; n > v.Count || n < v.Count-v.Error {
			t.Errorf("%s: count %d error %d, true %d", v.Value, v.Count, v.Error, n)
		}
	}
	if d := k.Distinct.IPs; d.Value < int64(len(truth))*98/100 || d.Value > int64(len(truth))*102/100 {
		t.Errorf("distinct labels %+v, true %d", d, len(truth))
	}
}

// TestBusyDayWithBrowserAgentsStaysExact: the busy day of DefaultMemory's promise with
// user agents as long as real browsers' (about 130 bytes, where the generated shapes use
// short bot names): 100,000 distinct IPs and user agents, 20,000 users and 1,000 wikis in
// one kind, every list exact, within the default budget as it is charged.
func TestBusyDayWithBrowserAgentsStaysExact(t *testing.T) {
	a := New(Options{})
	for i := range 200_000 {
		r := jwtEvent(normalize.KindUserExpectedAnonFound, true, "out of sync")
		j := i % 100_000
		r.Event.ClientIP = netip.AddrFrom4([4]byte{10, byte(j >> 16), byte(j >> 8), byte(j)})
		r.IPPrefix = classify.IPPrefix(r.Event.ClientIP)
		r.Event.UserAgent = fmt.Sprintf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.%d.%d Safari/537.36", j/100, j%100)
		r.Agent = classify.Agent{Family: "Chrome", Recognized: true}
		r.Event.Subject.Raw = fmt.Sprint("User ", i%20_000)
		r.Event.Wiki = fmt.Sprint("wiki", i%1000)
		a.Event(r)
	}
	k := a.Build(fixture.Now).Kinds[0]
	d := k.Distinct
	if k.Approximate || k.Uncertain != nil || !d.IPs.Exact || d.IPs.Value != 100_000 || !d.UserAgents.Exact ||
		d.UserAgents.Value != 100_000 || !d.Users.Exact || d.Users.Value != 20_000 || d.Wikis.Value != 1000 {
		t.Fatalf("approximate %v, uncertain %+v, distinct %+v", k.Approximate, k.Uncertain, d)
	}
	for _, ua := range k.UserAgents {
		if ua.Count != 2 || ua.Error != 0 {
			t.Errorf("%s: count %d error %d, want exactly 2", ua.Value, ua.Count, ua.Error)
		}
	}
	t.Logf("the top lists hold %.1f MiB of the %d MiB budget", float64(a.MemoryUsed())/(1<<20), DefaultMemory>>20)
}

// TestAddressKeys holds the keys of addresses and prefixes to their documented form
// (the address's 4 or 16 bytes, then its zone; a prefix's length first), which the
// reports decode back: IPv4 keys are stored in place, others appended.
func TestAddressKeys(t *testing.T) {
	kb := keyBuf{b: make([]byte, 0, familyMaxBytes+agentMaxBytes)}
	for _, s := range []string{"192.0.2.77", "10.0.0.0", "255.255.255.255", "::ffff:192.0.2.77", "2001:db8::1", "fe80::1%eth0"} {
		a := netip.MustParseAddr(s)
		want := string(appendAddr(nil, a))
		if got := kb.addr(a); got != want || decodeAddr(got) != a {
			t.Errorf("addr(%s) = %x, want %x", a, got, want)
		}
		bits := 64
		if a.Is4() {
			bits = 24
		}
		p := netip.PrefixFrom(a, bits).Masked()
		want = string(appendAddr([]byte{byte(bits)}, p.Addr()))
		if got := kb.prefix(p); got != want || decodePrefix(got) != p {
			t.Errorf("prefix(%s) = %x, want %x", p, got, want)
		}
		if got := (&keyBuf{}).addr(a); got != string(appendAddr(nil, a)) { // no room yet
			t.Errorf("addr(%s) with an empty buffer = %x", a, got)
		}
	}
}

// TestPrefixRunsCountExactly: runs of addresses that share a prefix (counted again
// without making its key, see kindTally.counted) give each prefix of each kind its
// exact count, runs broken by other prefixes, by the other kind's events and by Build.
func TestPrefixRunsCountExactly(t *testing.T) {
	a := New(Options{})
	kinds := []normalize.Kind{normalize.KindBadSignature, normalize.KindUserExpectedAnonFound}
	truth := map[normalize.Kind]map[string]int64{}
	for i := range 50_000 {
		if i == 25_000 {
			a.Build(fixture.Now) // building leaves the counters as they were
		}
		kind := kinds[i/7%2]
		r := jwtEvent(kind, kind == normalize.KindUserExpectedAnonFound, "x")
		r.Event.Count = int64(1 + i%3)
		r.Event.ClientIP = netip.AddrFrom4([4]byte{10, byte(i / 300 % 5), byte(i / 11 % 3), byte(i)})
		r.IPPrefix = classify.IPPrefix(r.Event.ClientIP)
		if truth[kind] == nil {
			truth[kind] = map[string]int64{}
		}
		truth[kind][r.IPPrefix.String()] += r.Event.Count
		a.Event(r)
	}
	for _, k := range a.Build(fixture.Now).Kinds {
		if len(k.IPPrefixes) == 0 { // the top ones of 15 are listed
			t.Errorf("%s: no prefix listed", k.Kind)
		}
		for _, v := range k.IPPrefixes {
			if want := truth[normalize.Kind(k.Kind)][v.Value]; v.Count != want || v.Error != 0 {
				t.Errorf("%s %s: count %d error %d, want exactly %d", k.Kind, v.Value, v.Count, v.Error, want)
			}
		}
	}
}
