package jwtcore

import (
	"crypto/ed25519"
)

// eddsaSigner is lcobucci's Signer\Eddsa (libsodium). Libsodium's argument errors are
// rethrown as InvalidKeyProvided with sodium's message, so a truncated signature is a
// key error there, not a signature mismatch.
type eddsaSigner struct{}

func (eddsaSigner) Algorithm() string { return "EdDSA" }

func (eddsaSigner) Sign(payload string, key *Key) ([]byte, error) {
	priv, ok := key.Private.(ed25519.PrivateKey)
	if !ok || len(priv) != ed25519.PrivateKeySize {
		return nil, &KeyError{Msg: "sodium_crypto_sign_detached(): Argument #2 ($secret_key) must be SODIUM_CRYPTO_SIGN_SECRETKEYBYTES bytes long"}
	}
	return ed25519.Sign(priv, []byte(payload)), nil
}

func (eddsaSigner) Verify(sig []byte, payload string, key *Key) (bool, error) {
	if len(sig) != ed25519.SignatureSize {
		return false, &KeyError{Msg: "sodium_crypto_sign_verify_detached(): Argument #1 ($signature) must be SODIUM_CRYPTO_SIGN_BYTES bytes long"}
	}
	pub, ok := key.Public.(ed25519.PublicKey)
	if !ok || len(pub) != ed25519.PublicKeySize {
		return false, &KeyError{Msg: "sodium_crypto_sign_verify_detached(): Argument #3 ($public_key) must be SODIUM_CRYPTO_SIGN_PUBLICKEYBYTES bytes long"}
	}
	return ed25519.Verify(pub, []byte(payload), sig), nil
}
