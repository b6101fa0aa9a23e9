package classify

import (
	"sync"
	"sync/atomic"
)

// agentCache remembers recent User-Agent results. A report sees the same few hundred
// UAs millions of times, so parsing each once matters. It is bounded: two generations
// of at most half the capacity each; when the young one fills up, the old one is
// dropped and the young one ages. A hit in the old generation is promoted. A short UA
// whose first product decides never reaches it: reading it again costs less than a
// lookup (agentOf).
//
// It is also a bet that pays only when UAs repeat: on input whose every UA is new (a
// botnet) each lookup is two map misses and an insert. So the cache watches its hit rate
// over windows of agentCacheWindow lookups; after a window with fewer than one hit in
// agentCacheMinHitShare it is consulted for only one call in agentCacheSample (the
// others classify directly) until a window of those sampled calls hits again. A
// result never depends on whether the cache was asked: it only memoizes agentOf.
type agentCache struct {
	mu       sync.Mutex
	young    map[string]Agent
	old      map[string]Agent
	genLimit int

	lookups, hits int         // the current window's, under mu
	bypass        atomic.Bool // the last window hit too rarely: sample
	calls         atomic.Uint32
}

const (
	// maxCachedUALen keeps giant junk values out of the cache.
	maxCachedUALen = 512
	// agentCacheWindow is how many lookups the hit rate is judged over.
	agentCacheWindow = 4096
	// agentCacheMinHitShare: a window with fewer than 1/agentCacheMinHitShare hits
	// turns the cache to sampling.
	agentCacheMinHitShare = 8
	// agentCacheSample: while sampling, one call in this many consults the cache.
	agentCacheSample = 64
)

func newAgentCache(capacity int) *agentCache {
	if capacity <= 0 {
		return nil
	}
	gen := max(capacity/2, 1)
	return &agentCache{young: make(map[string]Agent, gen), genLimit: gen}
}

// consult reports whether this call should ask the cache (and fill it on a miss);
// false for a nil cache and, while hits are rare, for all but one call in
// agentCacheSample.
func (c *agentCache) consult() bool {
	if c == nil {
		return false
	}
	if !c.bypass.Load() {
		return true
	}
	return c.calls.Add(1)%agentCacheSample == 0
}

// get returns the cached agent of ua; a nil cache never has one.
func (c *agentCache) get(ua string) (Agent, bool) {
	if c == nil {
		return Agent{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.young[ua]
	if !ok {
		if a, ok = c.old[ua]; ok {
			c.putLocked(ua, a)
		}
	}
	c.lookups++
	if ok {
		c.hits++
	}
	if c.lookups >= agentCacheWindow {
		c.bypass.Store(c.hits*agentCacheMinHitShare < c.lookups)
		c.lookups, c.hits = 0, 0
	}
	return a, ok
}

func (c *agentCache) put(ua string, a Agent) {
	if c == nil || len(ua) > maxCachedUALen {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(ua, a)
}

func (c *agentCache) putLocked(ua string, a Agent) {
	if len(c.young) >= c.genLimit {
		c.old = c.young
		c.young = make(map[string]Agent, c.genLimit)
	}
	c.young[ua] = a
}

// len is the number of cached entries (for tests).
func (c *agentCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.young) + len(c.old)
}
