package aggregate

// topCounter counts how often each key occurs, in memory bounded by its capacity. It
// counts a kind's verdicts and deciding rules, which are few (as many as the rules file
// and the built-in reasons hold); the top lists use internal/topk instead.
//
// While it has seen at most capacity distinct keys every count is exact. The first new
// key past that turns it into a Space-Saving sketch (Metwally, Agrawal, El Abbadi, 2005):
// the key with the smallest count is evicted and the newcomer inherits that count plus
// its own. From then on a count may be too high by at most the evicted count it
// inherited (overestimate), never too low, and every key whose true count exceeds
// total/capacity is guaranteed to be held. The heavy hitters a report shows are exactly
// those keys, so a report stays right where it matters while memory stays flat.
type topCounter[K comparable] struct {
	capacity int
	// keep copies a key before it is stored (strings may alias a read buffer); nil when
	// no copy is needed.
	keep    func(K) K
	entries map[K]*topEntry[K]
	// last is the entry of the previous add: logs repeat a value in runs (a wiki, a
	// verdict, a message), and comparing to it is cheaper than hashing.
	last *topEntry[K]
	// heap holds the entries in insertion order while every count is exact (so the exact
	// phase costs one map lookup per add); the first time the counter is full it is
	// turned, in place and deterministically, into a min-heap on count.
	heap   []*topEntry[K]
	evicts bool // heap is a heap: some key was evicted
}

// topEntry is one held key.
type topEntry[K comparable] struct {
	key   K
	count int64
	// overestimate bounds how much count exceeds the key's true count: the count of the
	// key it evicted (0 for a key that never replaced another).
	overestimate int64
	index        int // position in heap
}

// newTopCounter returns a counter that holds at most capacity keys (at least 1). keep,
// when not nil, copies a key before it is stored.
func newTopCounter[K comparable](capacity int, keep func(K) K) *topCounter[K] {
	capacity = max(capacity, 1)
	return &topCounter[K]{
		capacity: capacity,
		keep:     keep,
		entries:  make(map[K]*topEntry[K], min(capacity, 64)),
	}
}

// add counts n more occurrences of key.
func (c *topCounter[K]) add(key K, n int64) {
	e := c.last
	if e == nil || e.key != key {
		e = c.entries[key]
	}
	if e != nil {
		e.count += n
		if c.evicts {
			c.down(e.index)
		}
		c.last = e
		return
	}
	if c.keep != nil {
		key = c.keep(key)
	}
	if len(c.entries) < c.capacity {
		e := &topEntry[K]{key: key, count: n, index: len(c.heap)}
		c.entries[key] = e
		c.heap = append(c.heap, e)
		c.last = e
		return
	}
	if !c.evicts {
		c.evicts = true
		for i := len(c.heap)/2 - 1; i >= 0; i-- {
			c.down(i)
		}
	}
	smallest := c.heap[0]
	delete(c.entries, smallest.key)
	smallest.overestimate = smallest.count
	smallest.key = key
	smallest.count += n
	c.entries[key] = smallest
	c.last = smallest
	c.down(0)
}

// repeat counts n more occurrences of the key the previous add counted, and reports
// whether it could (false before the first add). It spares a caller that knows its
// key repeats comparing it with the held copy and looking it up.
func (c *topCounter[K]) repeat(n int64) bool {
	e := c.last
	if e == nil {
		return false
	}
	e.count += n
	if c.evicts {
		c.down(e.index)
	}
	return true
}

// approximate reports whether some key was evicted, so counts may be overestimates.
func (c *topCounter[K]) approximate() bool { return c.evicts }

// len returns the number of keys held.
func (c *topCounter[K]) len() int { return len(c.entries) }

// each calls fn for every held key, in an order that depends only on the sequence of
// adds (callers sort anyway).
func (c *topCounter[K]) each(fn func(key K, count int64)) {
	for _, e := range c.heap {
		fn(e.key, e.count)
	}
}

// down restores the heap below i after heap[i]'s count grew.
func (c *topCounter[K]) down(i int) {
	h := c.heap
	for {
		smallest := i
		if l := 2*i + 1; l < len(h) && h[l].count < h[smallest].count {
			smallest = l
		}
		if r := 2*i + 2; r < len(h) && h[r].count < h[smallest].count {
			smallest = r
		}
		if smallest == i {
			return
		}
		h[i], h[smallest] = h[smallest], h[i]
		h[i].index = i
		h[smallest].index = smallest
		i = smallest
	}
}
