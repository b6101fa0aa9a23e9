package jwtcore

import (
	"crypto"
	"crypto/hmac"
	"crypto/subtle"
)

// hmacSigner is lcobucci's Signer\Hmac: 5.x refuses a secret shorter than the hash.
type hmacSigner struct {
	alg     string
	hash    crypto.Hash
	minBits int
	dialect Dialect
}

func (s *hmacSigner) Algorithm() string { return s.alg }

func (s *hmacSigner) Sign(payload string, key *Key) ([]byte, error) {
	secret := key.Secret
	if key.Public != nil {
		// lcobucci hands the key file's contents to hash_hmac whatever they are; a
		// public key object has no such bytes here, so it is refused as a wrong key.
		return nil, &KeyError{Msg: "an asymmetric key cannot be an HMAC secret"}
	}
	if s.dialect == Lcobucci5 && 8*len(secret) < s.minBits {
		return nil, keyTooShort(s.minBits, 8*len(secret))
	}
	m := hmac.New(s.hash.New, secret)
	m.Write([]byte(payload))
	return m.Sum(nil), nil
}

func (s *hmacSigner) Verify(sig []byte, payload string, key *Key) (bool, error) {
	want, err := s.Sign(payload, key)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(sig, want) == 1, nil
}
