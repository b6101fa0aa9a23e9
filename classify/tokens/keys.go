package tokens

import (
	"crypto/rsa"
	"errors"
	"fmt"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
)

// ErrNoRSAKey: a key file holds no RSA key. MediaWiki signs session cookies with RS256
// only, so no other key can verify one.
var ErrNoRSAKey = errors.New("no RSA key (MediaWiki signs session cookies with RS256)")

// ErrWeakKey: an RSA key lcobucci 5 (MediaWiki 1.46+) refuses, so every token would
// fail with a key error instead of being reproduced.
var ErrWeakKey = errors.New("RSA key shorter than 2048 bits, which lcobucci 5 refuses (MediaWiki 1.45's lcobucci 4 accepts it: --mw 1.45)")

// LoadKeys reads the RSA public keys of one key file: PEM (public or private keys,
// certificates; several blocks allowed) or a JWK/JWKS. Other key types in a JWKS are
// left out, as MediaWiki cannot use them; a file with no RSA key at all is an error.
// Raw secrets are never read: a mistyped path must not become an HMAC key.
func LoadKeys(data []byte) ([]*jwtcore.Key, error) {
	all, err := jwtcore.LoadKeys(data, false)
	if err != nil {
		return nil, err
	}
	var keys []*jwtcore.Key
	for _, k := range all {
		if _, ok := k.Public.(*rsa.PublicKey); ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, ErrNoRSAKey
	}
	return keys, nil
}

// checkKeys refuses keys the chosen MediaWiki's lcobucci would throw on.
func checkKeys(keys []*jwtcore.Key, v mediawiki.Version) error {
	if len(keys) == 0 {
		return ErrNoRSAKey
	}
	for _, k := range keys {
		if _, ok := k.Public.(*rsa.PublicKey); !ok {
			return fmt.Errorf("key %s: %w", k.Name(), ErrNoRSAKey)
		}
		if v == mediawiki.V146 && k.Bits() < 2048 {
			return fmt.Errorf("key %s (%d bits): %w", k.Name(), k.Bits(), ErrWeakKey)
		}
	}
	return nil
}
