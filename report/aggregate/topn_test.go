package aggregate

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

func TestTopCounterExactUpToCapacity(t *testing.T) {
	c := newTopCounter(3, strings.Clone)
	for _, k := range []string{"a", "b", "a", "c", "a", "b"} {
		c.add(k, 1)
	}
	c.add("c", 10)
	got := map[string]int64{}
	c.each(func(k string, n int64) { got[k] = n })
	want := map[string]int64{"a": 3, "b": 2, "c": 11}
	if fmt.Sprint(got) != fmt.Sprint(want) || c.approximate() {
		t.Errorf("counts %v approximate %v; want %v exact", got, c.approximate(), want)
	}
	c.add("d", 1) // evicts b, the smallest: d inherits 2
	got = map[string]int64{}
	c.each(func(k string, n int64) { got[k] = n })
	want = map[string]int64{"a": 3, "d": 3, "c": 11}
	if fmt.Sprint(got) != fmt.Sprint(want) || !c.approximate() || c.len() != 3 {
		t.Errorf("after eviction counts %v approximate %v; want %v approximate", got, c.approximate(), want)
	}
}

// TestTopCounterSpaceSavingGuarantees checks the sketch's guarantees on skewed random
// streams: every key more frequent than total/capacity is held, a held count is never
// below the truth, and count - overestimate never above it.
func TestTopCounterSpaceSavingGuarantees(t *testing.T) {
	for seed := range uint64(5) {
		rng := rand.New(rand.NewPCG(seed, 7))
		zipf := rand.NewZipf(rng, 1.2, 1, 100000)
		const capacity = 200
		c := newTopCounter[uint64](capacity, nil)
		truth := map[uint64]int64{}
		var total int64
		for range 200000 {
			k, n := zipf.Uint64(), int64(1+rng.IntN(3))
			c.add(k, n)
			truth[k] += n
			total += n
		}
		if !c.approximate() || c.len() != capacity {
			t.Fatalf("seed %d: approximate %v, %d keys; the stream has %d distinct keys", seed, c.approximate(), c.len(), len(truth))
		}
		for _, e := range c.entries {
			if e.count < truth[e.key] || e.count-e.overestimate > truth[e.key] {
				t.Errorf("seed %d: key %d count %d (overestimate %d), true %d", seed, e.key, e.count, e.overestimate, truth[e.key])
			}
		}
		for k, n := range truth {
			if n > total/capacity {
				if _, ok := c.entries[k]; !ok {
					t.Errorf("seed %d: key %d with %d of %d occurrences was lost", seed, k, n, total)
				}
			}
		}
	}
}

func TestTopCounterHeapStaysValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	c := newTopCounter[int](16, nil)
	for range 5000 {
		c.add(rng.IntN(64), int64(1+rng.IntN(5)))
		for i, e := range c.heap {
			if e.index != i {
				t.Fatalf("entry at %d thinks it is at %d", i, e.index)
			}
			if l := 2*i + 1; c.evicts && l < len(c.heap) && c.heap[l].count < e.count {
				t.Fatalf("heap order broken at %d", i)
			}
		}
	}
}

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestTopNMemoryIsBoundedAndFindsHeavyHitters feeds one kind with a million distinct
// IPs (and as many distinct users) plus ten heavy hitters, and checks that the live heap
// after 1M events is no bigger than after 100k — the lists stop growing at their
// budget — while the ten heavy hitters are still the top ten, each true count within
// its entry's bound.
func TestTopNMemoryIsBoundedAndFindsHeavyHitters(t *testing.T) {
	const total = 1_000_000
	heavy := make([]netip.Addr, 10)
	for i := range heavy {
		heavy[i] = netip.AddrFrom4([4]byte{203, 0, 113, byte(i)})
	}
	const memory = 8 << 20 // spent well before the tenth event
	a := New(Options{Memory: memory})
	r := jwtEvent(normalize.KindBadSignature, false, "bad")
	r.Event.UserAgent = "python-requests/2.31.0"
	before := heapInUse()
	var atTenth uint64
	heavyCount := make([]int64, len(heavy))
	for i := range total {
		if i%10 == 0 {
			h := (i / 10) % len(heavy)
			r.Event.ClientIP = heavy[h]
			heavyCount[h]++
		} else {
			r.Event.ClientIP = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		}
		r.Event.Subject.Raw = fmt.Sprintf("CentralAuth::%d", i)
		a.Event(r)
		if i == total/10 {
			atTenth = heapInUse()
		}
	}
	after := heapInUse()
	rep := a.Build(fixture.Now)
	grown := int64(after) - int64(atTenth)
	t.Logf("live heap: %d KiB before, %d KiB after %d events, %d KiB after %d (growth over the last 90%%: %d KiB)",
		before>>10, atTenth>>10, total/10, after>>10, total, grown>>10)
	if grown > 1<<20 {
		t.Errorf("live heap grew by %d KiB between %d and %d distinct IPs: the breakdowns are not bounded", grown>>10, total/10, total)
	}
	if used := after - before; used > memory+2<<20 {
		t.Errorf("one kind holds %d MiB; its budget is %d MiB", used>>20, memory>>20)
	}
	k := rep.Kinds[0]
	if k.Count != total || !k.Approximate {
		t.Errorf("count %d approximate %v; want exact %d and flagged approximate", k.Count, k.Approximate, total)
	}
	if len(k.IPs) != DefaultTop {
		t.Fatalf("top IPs: %d, want %d", len(k.IPs), DefaultTop)
	}
	found := map[string]bool{}
	for _, v := range k.IPs {
		found[v.Value] = true
	}
	for i, ip := range heavy {
		if !found[ip.String()] {
			t.Errorf("heavy hitter %s (%d events) missing from the top list %v", ip, heavyCount[i], k.IPs)
		}
	}
	for _, v := range k.IPs {
		i := int(netip.MustParseAddr(v.Value).As4()[3])
		if v.Count < heavyCount[i] || v.Count-v.Error > heavyCount[i] || v.Error == 0 {
			t.Errorf("%s: count %d error %d, true %d", v.Value, v.Count, v.Error, heavyCount[i])
		}
	}
	if d := k.Distinct.IPs; d.Exact || d.Value < total*9/10*98/100 || d.Value > (total*9/10+10)*102/100 {
		t.Errorf("distinct IPs %+v, true %d", d, total*9/10+10)
	}
}

// TestKindMemoryWorstCase fills every breakdown of one kind past its budget with values
// longer than their cut, and checks that the kind holds no more than the budget, the
// counters' floors and distinct sketches, and the hours and verdicts (about 2 MiB).
func TestKindMemoryWorstCase(t *testing.T) {
	const memory = 4 << 20
	const bound = memory + 8*(topk.DefaultFloor+16<<10) + 2<<20
	pad := func(i, n int) string { s := fmt.Sprint(i, "-"); return s + strings.Repeat("x", n-len(s)) }
	a := New(Options{Memory: memory})
	before := heapInUse()
	for i := range 2 * hourCapacity {
		r := jwtEvent(normalize.KindBadSignature, i%2 == 0, pad(i, 2*verdictMaxBytes))
		r.Verdict.Rule = pad(i, 2*verdictMaxBytes)
		r.Event.Message = pad(i, 2*messageMaxBytes)
		r.Event.Reason = pad(i, 2*reasonMaxBytes)
		r.Event.Wiki = pad(i, 2*wikiMaxBytes)
		r.Event.UserAgent = pad(i, 2*agentMaxBytes)
		r.Agent.Family = pad(i, 2*familyMaxBytes)
		r.Event.Subject.Raw = pad(i, 2*userMaxBytes)
		r.Event.ClientIP = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 12: byte(i >> 16), byte(i >> 8), byte(i)})
		r.Event.Time = fixture.Base.Add(time.Duration(i) * time.Hour)
		a.Event(r)
	}
	used := int64(heapInUse()) - int64(before)
	k := a.Build(fixture.Now).Kinds[0] // keeps a live until after the measure
	t.Logf("one kind with every breakdown full: %d KiB", used>>10)
	if used > bound {
		t.Errorf("one kind holds %d KiB, documented bound %d KiB", used>>10, bound>>10)
	}
	if !k.Approximate || len(k.Hours) != hourCapacity {
		t.Errorf("approximate %v, %d hours; want approximate with %d hours", k.Approximate, len(k.Hours), hourCapacity)
	}
	for _, ua := range k.UserAgents {
		if len(ua.Value) > agentMaxBytes || len(ua.Family) > familyMaxBytes {
			t.Errorf("stored UA of %d bytes, family of %d", len(ua.Value), len(ua.Family))
		}
	}
}
