package normalize

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
)

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
	e := &c.slots[c.hash(b)&(fastInternSlots-1)]
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

// hash is maphash's, or for the many short values (channels, wikis, user names) two
// multiplications: a collision only costs a cache miss.
func (c *fastInterner) hash(b []byte) uint64 {
	var lo, hi uint64
	switch n := len(b); {
	case n > 16:
		return maphash.Bytes(c.seed, b)
	case n >= 8:
		lo, hi = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[n-8:])
	default:
		for i := n - 1; i >= 0; i-- {
			lo = lo<<8 | uint64(b[i])
		}
	}
	h := lo*0x9E3779B97F4A7C15 ^ hi*0xC2B2AE3D27D4EB4F ^ uint64(len(b))
	return bits.RotateLeft64(h, 12) // the top bits, which every input bit reaches
}
