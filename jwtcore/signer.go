package jwtcore

import (
	"crypto"
	"fmt"
)

// Signer signs and verifies one algorithm as lcobucci's signer of that name does,
// including its key checks: a key it refuses is a *KeyError (thrown, not a violation).
type Signer interface {
	// Algorithm is the JWS alg this signer writes and expects in the header.
	Algorithm() string
	// Sign signs payload (the encoded header, a dot and the encoded claims).
	Sign(payload string, key *Key) ([]byte, error)
	// Verify reports whether signature is valid for payload; an error is a key or
	// signature-format problem that lcobucci throws instead of reporting a mismatch.
	Verify(signature []byte, payload string, key *Key) (bool, error)
}

// Algorithms lists the algorithms of a dialect, in the order of lcobucci's documentation.
func Algorithms(d Dialect) []string {
	algs := []string{"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA"}
	if d == Lcobucci4 {
		return append(algs, "none")
	}
	return append(algs, "BLAKE2B")
}

// NewSigner returns the signer for alg in dialect d (5.x has BLAKE2B; 4.x has none).
func NewSigner(alg string, d Dialect) (Signer, error) {
	switch alg {
	case "HS256":
		return &hmacSigner{alg: alg, hash: crypto.SHA256, minBits: 256, dialect: d}, nil
	case "HS384":
		return &hmacSigner{alg: alg, hash: crypto.SHA384, minBits: 384, dialect: d}, nil
	case "HS512":
		return &hmacSigner{alg: alg, hash: crypto.SHA512, minBits: 512, dialect: d}, nil
	case "RS256":
		return &rsaSigner{alg: alg, hash: crypto.SHA256, dialect: d}, nil
	case "RS384":
		return &rsaSigner{alg: alg, hash: crypto.SHA384, dialect: d}, nil
	case "RS512":
		return &rsaSigner{alg: alg, hash: crypto.SHA512, dialect: d}, nil
	case "ES256":
		return &ecdsaSigner{alg: alg, hash: crypto.SHA256, bits: 256, pointLen: 64, dialect: d}, nil
	case "ES384":
		return &ecdsaSigner{alg: alg, hash: crypto.SHA384, bits: 384, pointLen: 96, dialect: d}, nil
	case "ES512":
		return &ecdsaSigner{alg: alg, hash: crypto.SHA512, bits: 521, pointLen: 132, dialect: d}, nil
	case "EdDSA":
		return eddsaSigner{}, nil
	case "BLAKE2B":
		if d == Lcobucci5 {
			return blake2bSigner{}, nil
		}
	case "none":
		if d == Lcobucci4 {
			return noneSigner{}, nil
		}
	}
	return nil, fmt.Errorf("%w %q in %s", ErrUnsupportedAlgorithm, alg, d)
}

// noneSigner is 4.x's Signer\None: an empty signature, accepted only when empty.
type noneSigner struct{}

func (noneSigner) Algorithm() string                                 { return "none" }
func (noneSigner) Sign(string, *Key) ([]byte, error)                 { return []byte{}, nil }
func (noneSigner) Verify(sig []byte, _ string, _ *Key) (bool, error) { return len(sig) == 0, nil }
