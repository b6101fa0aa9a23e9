package aggregate

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
	"strings"
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/report"
)

// labels is how the report names addresses and prefixes (Options.RenderIP and
// RenderPrefix).
type labels struct {
	ip     func(netip.Addr) string
	prefix func(netip.Prefix) string
	// merge: distinct values may share a label, so the lists count labels.
	merge bool
}

// ipKey and prefixKey label an IP list's or prefix list's key.
func (l *labels) ipKey(key string) string {
	if l.merge {
		return key
	}
	return l.ip(decodeAddr(key))
}

func (l *labels) prefixKey(key string) string {
	if l.merge {
		return key
	}
	return l.prefix(decodePrefix(key))
}

// keyBuf builds the keys of one event's values without allocating: the counters copy
// a key when they first hold it, so a key may point into the buffer.
type keyBuf struct{ b []byte }

func (kb *keyBuf) str(b []byte) string {
	kb.b = b
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// addr is an address as a key: its 4 or 16 bytes, then its zone. An IPv4 address's
// four bytes are stored into the buffer in place, with no append (nor its tests of the
// capacity) and without storing the buffer back: the aggregator makes this key and
// the prefix's for every event it counts, on its one goroutine (whole binary on the
// all-distinct shape, cachegrind: about 25 instructions an event less for the two).
func (kb *keyBuf) addr(a netip.Addr) string {
	if a.Is4() && cap(kb.b) >= 4 {
		b := kb.b[:4]
		*(*[4]byte)(b) = a.As4()
		return unsafe.String(&b[0], len(b))
	}
	return kb.str(appendAddr(kb.b[:0], a))
}

// addrHash is [topk.Hash] of a's key ([keyBuf.addr]), made for an IPv4 address from
// its four bytes without the key ([topk.Hash4]).
func (kb *keyBuf) addrHash(a netip.Addr) uint64 {
	if a.Is4() {
		a4 := a.As4()
		return topk.Hash4(binary.LittleEndian.Uint32(a4[:]))
	}
	return topk.Hash(kb.addr(a))
}

// prefix is a prefix as a key: its length, then its address's key.
func (kb *keyBuf) prefix(p netip.Prefix) string {
	if a := p.Addr(); a.Is4() && cap(kb.b) >= 5 {
		b := kb.b[:5]
		b[0] = byte(p.Bits())
		*(*[4]byte)(b[1:]) = a.As4()
		return unsafe.String(&b[0], len(b))
	}
	return kb.str(appendAddr(append(kb.b[:0], byte(p.Bits())), p.Addr()))
}

func appendAddr(b []byte, a netip.Addr) []byte {
	if a.Is4() {
		a4 := a.As4()
		return append(b, a4[:]...)
	}
	a16 := a.As16()
	return append(append(b, a16[:]...), a.Zone()...)
}

// agent is a user agent and its family as one key (the family is a function of the
// agent, so the counts are the agent's); agentAux holds the family's length and flags.
func (kb *keyBuf) agent(agent, family string) string {
	return kb.str(append(append(kb.b[:0], family...), agent...))
}

// An agent's aux ([topk.Counter.AddAux] keeps 16 bits): the family's length in the low
// byte (cut to familyMaxBytes, which the constant below checks fits), then two flags.
// A family's aux is the flags alone.
const (
	auxFamilyLen    = 0xff
	auxBot          = 1 << 8
	auxUnrecognized = 1 << 9
	_               = uint8(familyMaxBytes) // does not compile when it would not fit
)

func agentAux(familyLen int, bot, unrecognized bool) uint16 {
	aux := uint16(familyLen)
	if bot {
		aux |= auxBot
	}
	if unrecognized {
		aux |= auxUnrecognized
	}
	return aux
}

func decodeAddr(key string) netip.Addr {
	if len(key) == 4 {
		return netip.AddrFrom4([4]byte([]byte(key)))
	}
	a := netip.AddrFrom16([16]byte([]byte(key[:16])))
	if len(key) > 16 {
		a = a.WithZone(key[16:])
	}
	return a
}

func decodePrefix(key string) netip.Prefix {
	return netip.PrefixFrom(decodeAddr(key[1:]), int(key[0]))
}

// distinct returns a counter's distinct count for the report.
func distinct(c *topk.Counter) report.DistinctCount {
	n, exact := c.Distinct()
	return report.DistinctCount{Value: n, Exact: exact}
}

// topValues returns c's top list as values.
func topValues(c *topk.Counter, top int) ([]report.Value, int) {
	entries, uncertain := c.Top(top)
	values := make([]report.Value, 0, len(entries))
	for _, e := range entries {
		values = append(values, report.Value{Value: e.Value, Count: e.Count, Error: e.Error})
	}
	return values, uncertain
}

// topLabeled returns the top list of a counter of addresses or prefixes, each
// labeled by render, ties in label order. Labels are taken to be one per value: when
// they are not (prefix redaction), Options.LabelsMerge makes the counters count the
// labels themselves. Two shown values that happen to share a label (a collision of
// hashed labels) are shown once with both counts and both errors.
func topLabeled(c *topk.Counter, top int, render func(key string) string) ([]report.Value, int) {
	// TopFunc's heap compares every value with the worst one it keeps, the same one for
	// long runs: b's label is remembered. Where every count ties (all-distinct input)
	// each comparison renders, and rendering both sides was 2.6 % of the pipeline's CPU
	// on 200,000 such lines; remembering halves the labels rendered
	// (BenchmarkAggregatorBuild/distinct: 5.5 → 3.4 ms, 132,513 → 67,026 allocations).
	var lastKey, lastLabel string
	haveLast := false
	tie := func(a, b string) int {
		if !haveLast || b != lastKey {
			lastKey, lastLabel, haveLast = b, render(b), true
		}
		return strings.Compare(render(a), lastLabel)
	}
	entries, uncertain := c.TopFunc(top, tie)
	values := make([]report.Value, 0, len(entries))
	for _, e := range entries {
		v := report.Value{Value: render(e.Value), Count: e.Count, Error: e.Error}
		if i := slices.IndexFunc(values, func(o report.Value) bool { return o.Value == v.Value }); i >= 0 {
			values[i].Count += v.Count
			values[i].Error += v.Error
			continue
		}
		values = append(values, v)
	}
	slices.SortFunc(values, func(a, b report.Value) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
	})
	return values, uncertain
}

func topAgents(c *topk.Counter, top int) ([]report.UserAgent, int) {
	entries, uncertain := c.Top(top)
	agents := make([]report.UserAgent, 0, len(entries))
	for _, e := range entries {
		n := int(e.Aux & auxFamilyLen)
		agents = append(agents, report.UserAgent{Value: e.Value[n:], Family: e.Value[:n],
			Bot: e.Aux&auxBot != 0, Count: e.Count, Error: e.Error})
	}
	return agents, uncertain
}

func topFamilies(c *topk.Counter, top int) ([]report.Family, int) {
	entries, uncertain := c.Top(top)
	if c.Len() == 0 {
		return nil, uncertain
	}
	families := make([]report.Family, 0, len(entries))
	for _, e := range entries {
		families = append(families, report.Family{Family: e.Value, Bot: e.Aux&auxBot != 0,
			Unrecognized: e.Aux&auxUnrecognized != 0, Count: e.Count, Error: e.Error})
	}
	return families, uncertain
}
