package topk

import "math/bits"

// Key is a value together with its hash, so that a hash computed ahead (the
// aggregator's Prefetch hashes the next events' values to [Counter.Touch] their slots)
// is not computed again when the value is counted, and a value that repeats keeps its
// key (the aggregator's request fields). Make one with [MakeKey]; a Key whose Hash is
// not Hash(S) is counted wrongly.
type Key struct {
	Hash uint64
	S    string
}

// MakeKey returns s with its [Hash].
func MakeKey(s string) Key { return Key{Hash: Hash(s), S: s} }

// The multipliers of wyhash (Wang Yi, public domain): odd constants with good bit
// mixing, so that a 64×64→128-bit multiply folded to 64 bits spreads every input bit.
const (
	m0 = 0xa0761d6478bd642f
	m1 = 0xe7037ed1a0b428db
	m2 = 0x8ebc6af09c88c6e3
)

// Hash returns a 64-bit hash of s in the manner of wyhash. It is the same in every run
// and on every machine (unlike hash/maphash, whose seed is random), so that distinct
// estimates, which depend on the hashes, are reproducible, and the hashes of counters
// filled by different goroutines agree when they are merged. Every bit is usable: the
// table places and tags a value by the high 32 bits, the distinct sketch takes all 64.
func Hash(s string) uint64 {
	n := len(s)
	seed := uint64(m0)
	var a, b uint64
	switch {
	case n == 0:
	case n < 4:
		a = uint64(s[0])<<16 | uint64(s[n>>1])<<8 | uint64(s[n-1])
	case n <= 8:
		a, b = uint64(read4(s)), uint64(read4(s[n-4:]))
	case n <= 16:
		a, b = read8(s), read8(s[n-8:])
	default:
		i := 0
		for ; n-i > 16; i += 16 {
			seed = mix(read8(s[i:])^m1, read8(s[i+8:])^seed)
		}
		a, b = read8(s[n-16:]), read8(s[n-8:])
	}
	return mix(m1^uint64(n), mix(a^m1, b^seed^m2))
}

// Hash4 returns [Hash] of the four bytes of v, little-endian, such as an IPv4
// address's key, from v in a register: Hash would have them stored to memory, load
// them back twice and choose its case by their length (the report's workers hash an
// address for every event).
func Hash4(v uint32) uint64 {
	a := uint64(v)
	return mix(m1^4, mix(a^m1, a^m0^m2))
}

func mix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// read8 and read4 load little-endian words; the compiler turns them into single loads.
func read8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func read4(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}
