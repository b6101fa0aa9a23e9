package normalize

import "hash/maphash"

// fastInterner hands out one string (and one boxed `any` of it) per distinct value it
// has seen recently, so that values repeated from line to line (channels, wikis, hosts,
// user agents, messages) cost a hash and a comparison instead of an allocation. It is
// a direct-mapped cache of fixed size: a new value replaces the one in its slot, so
// memory stays flat whatever the input.
type fastInterner struct {
	seed  maphash.Seed
	slots []fastInterned
}

type fastInterned struct {
	s   string
	box any // s as an interface value, made on first use
}

const (
	// fastInternSlots is the cache's size (a power of two).
	fastInternSlots = 4096
	// fastInternMaxLen keeps long, mostly unique values (long messages) out.
	fastInternMaxLen = 512
)

func (c *fastInterner) init() {
	c.seed = maphash.MakeSeed()
	c.slots = make([]fastInterned, fastInternSlots)
}

// slot returns b's slot, filled with b when it held another value.
func (c *fastInterner) slot(b []byte) *fastInterned {
	e := &c.slots[maphash.Bytes(c.seed, b)&(fastInternSlots-1)]
	if e.s != string(b) {
		*e = fastInterned{s: string(b)}
	}
	return e
}

// get returns b as a string, the cached one when b was seen recently.
func (c *fastInterner) get(b []byte) string {
	if len(b) > fastInternMaxLen || len(b) == 0 {
		return string(b)
	}
	return c.slot(b).s
}

// boxed returns b as an `any` holding a string, cached like get.
func (c *fastInterner) boxed(b []byte) any {
	if len(b) > fastInternMaxLen || len(b) == 0 {
		return string(b)
	}
	e := c.slot(b)
	if e.box == nil {
		e.box = e.s
	}
	return e.box
}
