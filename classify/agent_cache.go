package classify

import "sync"

// agentCache remembers recent User-Agent results. A report sees the same few hundred
// UAs millions of times, so parsing each once matters. It is bounded: two generations
// of at most half the capacity each; when the young one fills up, the old one is
// dropped and the young one ages. A hit in the old generation is promoted.
type agentCache struct {
	mu       sync.Mutex
	young    map[string]Agent
	old      map[string]Agent
	genLimit int
}

// maxCachedUALen keeps giant junk values out of the cache.
const maxCachedUALen = 512

func newAgentCache(capacity int) *agentCache {
	if capacity <= 0 {
		return nil
	}
	gen := max(capacity/2, 1)
	return &agentCache{young: make(map[string]Agent, gen), genLimit: gen}
}

// get returns the cached agent of ua; a nil cache never has one.
func (c *agentCache) get(ua string) (Agent, bool) {
	if c == nil {
		return Agent{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if a, ok := c.young[ua]; ok {
		return a, true
	}
	if a, ok := c.old[ua]; ok {
		c.putLocked(ua, a)
		return a, true
	}
	return Agent{}, false
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
