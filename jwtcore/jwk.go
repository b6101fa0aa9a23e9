package jwtcore

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
)

// jwk is the subset of RFC 7517/7518/8037 members jwtcore reads.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Crv string `json:"crv"`
	N   string `json:"n"`
	E   string `json:"e"`
	D   string `json:"d"`
	P   string `json:"p"`
	Q   string `json:"q"`
	X   string `json:"x"`
	Y   string `json:"y"`
	K   string `json:"k"`
}

// ParseJWKS reads a JWK or a JWKS ({"keys":[…]}) into keys, keeping each kid.
func ParseJWKS(data []byte) ([]*Key, error) {
	var set struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("JWK: %w", err)
	}
	if set.Keys == nil {
		var one jwk
		if err := json.Unmarshal(data, &one); err != nil {
			return nil, fmt.Errorf("JWK: %w", err)
		}
		set.Keys = []jwk{one}
	}
	keys := make([]*Key, 0, len(set.Keys))
	for i, j := range set.Keys {
		k, err := j.key()
		if err != nil {
			return nil, fmt.Errorf("JWK #%d (kid %q): %w", i, j.Kid, err)
		}
		k.KID = j.Kid
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, ErrNoKey
	}
	return keys, nil
}

func b64field(name, v string) ([]byte, error) {
	if v == "" {
		return nil, fmt.Errorf("missing %q", name)
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("%q is not base64url: %w", name, err)
	}
	return b, nil
}

func b64int(name, v string) (*big.Int, error) {
	b, err := b64field(name, v)
	if err != nil {
		return nil, err
	}
	return new(big.Int).SetBytes(b), nil
}

func (j jwk) key() (*Key, error) {
	switch j.Kty {
	case "oct":
		k, err := b64field("k", j.K)
		if err != nil {
			return nil, err
		}
		return NewSecretKey(k), nil
	case "RSA":
		return j.rsaKey()
	case "EC":
		return j.ecKey()
	case "OKP":
		return j.okpKey()
	}
	return nil, fmt.Errorf("unsupported kty %q", j.Kty)
}

func (j jwk) rsaKey() (*Key, error) {
	n, err := b64int("n", j.N)
	if err != nil {
		return nil, err
	}
	e, err := b64int("e", j.E)
	if err != nil {
		return nil, err
	}
	if !e.IsInt64() || e.Int64() < 3 || e.Int64() > 1<<31-1 {
		return nil, errors.New("unsupported RSA exponent")
	}
	pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
	if j.D == "" {
		return NewPublicKey(pub), nil
	}
	d, err := b64int("d", j.D)
	if err != nil {
		return nil, err
	}
	p, err := b64int("p", j.P)
	if err != nil {
		return nil, err
	}
	q, err := b64int("q", j.Q)
	if err != nil {
		return nil, err
	}
	priv := &rsa.PrivateKey{PublicKey: *pub, D: d, Primes: []*big.Int{p, q}}
	if err := priv.Validate(); err != nil {
		return nil, err
	}
	priv.Precompute()
	return NewPrivateKey(priv), nil
}

func (j jwk) ecKey() (*Key, error) {
	var curve elliptic.Curve
	var size int
	switch j.Crv {
	case "P-256":
		curve, size = elliptic.P256(), 32
	case "P-384":
		curve, size = elliptic.P384(), 48
	case "P-521":
		curve, size = elliptic.P521(), 66
	default:
		return nil, fmt.Errorf("unsupported crv %q", j.Crv)
	}
	x, err := b64field("x", j.X)
	if err != nil {
		return nil, err
	}
	y, err := b64field("y", j.Y)
	if err != nil {
		return nil, err
	}
	if len(x) != size || len(y) != size {
		return nil, errors.New("EC coordinates of the wrong length")
	}
	point := append(append([]byte{4}, x...), y...)
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, point)
	if err != nil {
		return nil, err
	}
	if j.D == "" {
		return NewPublicKey(pub), nil
	}
	d, err := b64field("d", j.D)
	if err != nil {
		return nil, err
	}
	priv, err := ecdsa.ParseRawPrivateKey(curve, d)
	if err != nil {
		return nil, err
	}
	if !priv.PublicKey.Equal(pub) {
		return nil, errors.New("EC private key does not match x/y")
	}
	return NewPrivateKey(priv), nil
}

func (j jwk) okpKey() (*Key, error) {
	if j.Crv != "Ed25519" {
		return nil, fmt.Errorf("unsupported OKP crv %q", j.Crv)
	}
	x, err := b64field("x", j.X)
	if err != nil {
		return nil, err
	}
	if len(x) != ed25519.PublicKeySize {
		return nil, errors.New("Ed25519 x must be 32 bytes")
	}
	if j.D == "" {
		return NewPublicKey(ed25519.PublicKey(x)), nil
	}
	d, err := b64field("d", j.D)
	if err != nil {
		return nil, err
	}
	if len(d) != ed25519.SeedSize {
		return nil, errors.New("Ed25519 d must be 32 bytes")
	}
	priv := ed25519.NewKeyFromSeed(d)
	if !priv.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(x)) {
		return nil, errors.New("Ed25519 d does not match x")
	}
	return NewPrivateKey(priv), nil
}

// SelectKeys orders keys for a token's kid: keys with that kid first, then the others.
// The kid only orders trusted keys; it never loads or names a key from outside the set.
func SelectKeys(keys []*Key, kid string) []*Key {
	if kid == "" {
		return keys
	}
	out := make([]*Key, 0, len(keys))
	for _, k := range keys {
		if k.KID == kid {
			out = append(out, k)
		}
	}
	for _, k := range keys {
		if k.KID != kid {
			out = append(out, k)
		}
	}
	return out
}
