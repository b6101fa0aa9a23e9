package jwtcore

import "crypto/subtle"

// blake2bSigner is lcobucci 5.x's Signer\Blake2b: keyed BLAKE2b-256 through
// sodium_crypto_generichash, with a secret of at least 256 bits (and at most 64 bytes,
// libsodium's limit).
type blake2bSigner struct{}

func (blake2bSigner) Algorithm() string { return "BLAKE2B" }

func (blake2bSigner) Sign(payload string, key *Key) ([]byte, error) {
	if key.Public != nil {
		return nil, &KeyError{Msg: "an asymmetric key cannot be a BLAKE2B secret"}
	}
	if 8*len(key.Secret) < 256 {
		return nil, keyTooShort(256, 8*len(key.Secret))
	}
	if len(key.Secret) > 64 {
		return nil, &KeyError{Msg: "unsupported key length"}
	}
	sum := blake2bSum256Keyed(key.Secret, []byte(payload))
	return sum[:], nil
}

func (s blake2bSigner) Verify(sig []byte, payload string, key *Key) (bool, error) {
	want, err := s.Sign(payload, key)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(sig, want) == 1, nil
}
