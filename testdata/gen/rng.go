package main

import (
	"encoding/base64"
	"math"
	"math/rand/v2"
)

// rng wraps a seeded generator: every random choice of the corpus goes through it, so the
// same seed gives the byte-identical corpus.
type rng struct{ *rand.Rand }

func newRNG(seed uint64) rng {
	return rng{rand.New(rand.NewPCG(seed, 0x6a77747269616765))} // "jwtriage"
}

// chance reports true with probability p.
func (r rng) chance(p float64) bool { return r.Float64() < p }

// between returns an int in [lo, hi].
func (r rng) between(lo, hi int) int { return lo + r.IntN(hi-lo+1) }

func pick[T any](r rng, xs []T) T { return xs[r.IntN(len(xs))] }

// weighted is a value with a relative weight.
type weighted[T any] struct {
	W float64
	V T
}

func pickWeighted[T any](r rng, xs []weighted[T]) T {
	total := 0.0
	for _, x := range xs {
		total += x.W
	}
	f := r.Float64() * total
	for _, x := range xs {
		if f < x.W {
			return x.V
		}
		f -= x.W
	}
	return xs[len(xs)-1].V
}

// zipf picks an index in [0, n) with a long tail (P(k) roughly proportional to 1/(k+1)),
// so a few users, IPs and agents dominate as they do in real logs and top-N lists mean
// something. It inverts the continuous CDF ln(k+1)/ln(n+1): one draw, any n.
func (r rng) zipf(n int) int {
	k := int(math.Pow(float64(n+1), r.Float64())) - 1
	return min(max(k, 0), n-1)
}

func (r rng) bytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.UintN(256))
	}
	return b
}

// hex returns n random lowercase hex digits.
func (r rng) hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.IntN(16)]
	}
	return string(b)
}

// uuid returns a random version-4 UUID, the form of Wikimedia request ids.
func (r rng) uuid() string {
	h := []byte(r.hex(32))
	h[12] = '4'
	h[16] = "89ab"[r.IntN(4)]
	s := string(h)
	return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// jti is the JWT id MediaWiki issues: standard base64 (not base64url) of 16 random bytes,
// so it may contain '/', '+' and '='.
func (r rng) jti() string { return base64.StdEncoding.EncodeToString(r.bytes(16)) }
