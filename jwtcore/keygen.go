package jwtcore

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"fmt"
	"io"
)

// GenerateKey makes a new private key for alg: RS256/384/512 (bits, at least 2048 since
// lcobucci 5 refuses shorter keys), ES256/384/512 or EdDSA. random is the entropy source
// (crypto/rand.Reader in production).
func GenerateKey(alg string, bits int, random io.Reader) (*Key, error) {
	switch alg {
	case "RS256", "RS384", "RS512":
		if bits < 2048 {
			return nil, keyTooShort(2048, bits)
		}
		k, err := rsa.GenerateKey(random, bits)
		if err != nil {
			return nil, err
		}
		return NewPrivateKey(k), nil
	case "ES256", "ES384", "ES512":
		curve := map[string]elliptic.Curve{"ES256": elliptic.P256(), "ES384": elliptic.P384(), "ES512": elliptic.P521()}[alg]
		k, err := ecdsa.GenerateKey(curve, random)
		if err != nil {
			return nil, err
		}
		return NewPrivateKey(k), nil
	case "EdDSA":
		_, k, err := ed25519.GenerateKey(random)
		if err != nil {
			return nil, err
		}
		return NewPrivateKey(k), nil
	}
	return nil, fmt.Errorf("%w %q for key generation (want RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA)", ErrUnsupportedAlgorithm, alg)
}

// DefaultAlgorithm is the algorithm a key is normally used with: RS256 for RSA (what
// MediaWiki uses), ES256/384/512 by curve, EdDSA for Ed25519, HS256 for a secret.
func DefaultAlgorithm(k *Key) string {
	switch k.Type() {
	case "RSA":
		return "RS256"
	case "EC":
		switch k.Bits() {
		case 384:
			return "ES384"
		case 521:
			return "ES512"
		}
		return "ES256"
	case "ED25519":
		return "EdDSA"
	}
	return "HS256"
}
