package jwtcore

import (
	"crypto"
	"crypto/rsa"
	"crypto/subtle"
	"math/big"
)

// rsaPKCS1Verifier verifies RSASSA-PKCS1-v1_5 signatures for one public key. Verifying
// uses only public values, so it needs no constant-time arithmetic: it raises s to e with
// math/big (a short square-and-multiply for e = 65537) instead of the standard library's
// constant-time path, which rebuilds the modulus' Montgomery context on every call. It
// then compares the WHOLE encoded block 0x00 0x01 FF…FF 0x00 DigestInfo‖hash with the one
// it expects, byte for byte, and never parses the block (no Bleichenbacher-style leniency).
type rsaPKCS1Verifier struct {
	n *big.Int
	e *big.Int
	k int // modulus length in bytes
	// prefixes[h] is the expected block up to (not including) the hash.
	prefixes map[crypto.Hash][]byte
}

// digestInfoPrefixes are the DER DigestInfo headers of RFC 8017 §9.2, note 1.
var digestInfoPrefixes = map[crypto.Hash][]byte{
	crypto.SHA256: {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20},
	crypto.SHA384: {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30},
	crypto.SHA512: {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40},
}

func newRSAPKCS1Verifier(pub *rsa.PublicKey) *rsaPKCS1Verifier {
	v := &rsaPKCS1Verifier{
		n:        new(big.Int).Set(pub.N),
		e:        big.NewInt(int64(pub.E)),
		k:        (pub.N.BitLen() + 7) / 8,
		prefixes: make(map[crypto.Hash][]byte, len(digestInfoPrefixes)),
	}
	for h, di := range digestInfoPrefixes {
		tLen := len(di) + h.Size()
		if v.k < tLen+11 {
			continue // modulus too short for this hash: every signature fails
		}
		p := make([]byte, v.k-h.Size())
		p[0], p[1] = 0x00, 0x01
		ps := p[2 : v.k-tLen-1]
		for i := range ps {
			ps[i] = 0xff
		}
		p[v.k-tLen-1] = 0x00
		copy(p[v.k-tLen:], di)
		v.prefixes[h] = p
	}
	return v
}

// verify reports whether sig is a valid signature of digest (already hashed with h).
func (v *rsaPKCS1Verifier) verify(h crypto.Hash, digest, sig []byte) bool {
	prefix, ok := v.prefixes[h]
	if !ok || len(digest) != h.Size() || len(sig) != v.k {
		return false
	}
	s := new(big.Int).SetBytes(sig)
	if s.Cmp(v.n) >= 0 {
		return false
	}
	m := s.Exp(s, v.e, v.n)
	if m.BitLen() > 8*v.k {
		return false
	}
	// The encoded message lives on the stack for every key size MediaWiki uses.
	var stack [1024]byte
	var em []byte
	if v.k > len(stack) {
		em = make([]byte, v.k)
	} else {
		em = stack[:v.k]
	}
	m.FillBytes(em)
	return subtle.ConstantTimeCompare(em[:len(prefix)], prefix) == 1 &&
		subtle.ConstantTimeCompare(em[len(prefix):], digest) == 1
}
