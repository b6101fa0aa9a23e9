package jwtcore

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"strconv"
	"sync"
)

// Key is key material for one signer: a secret (HMAC, BLAKE2B) or an asymmetric key
// (RSA, EC, Ed25519) with or without its private half. A Key is safe for concurrent use
// and caches the precomputed RSA verifier.
type Key struct {
	// KID names the key in a JWKS (never taken from a token as a trust decision).
	KID string
	// Secret is the shared secret of HS* and BLAKE2B.
	Secret []byte
	// Public is *rsa.PublicKey, *ecdsa.PublicKey or ed25519.PublicKey.
	Public crypto.PublicKey
	// Private is *rsa.PrivateKey, *ecdsa.PrivateKey or ed25519.PrivateKey (nil to verify only).
	Private crypto.Signer

	rsaOnce     sync.Once
	rsaVerifier *rsaPKCS1Verifier
}

// NewSecretKey wraps an HMAC or BLAKE2B secret.
func NewSecretKey(secret []byte) *Key { return &Key{Secret: secret} }

// NewPublicKey wraps an RSA, EC or Ed25519 public key.
func NewPublicKey(pub crypto.PublicKey) *Key { return &Key{Public: pub} }

// NewPrivateKey wraps an RSA, EC or Ed25519 private key (its public half is derived).
func NewPrivateKey(priv crypto.Signer) *Key { return &Key{Private: priv, Public: priv.Public()} }

// Type is the key type as OpenSSL names it in lcobucci's messages: "RSA", "EC", "ED25519"
// or "" for a secret.
func (k *Key) Type() string {
	switch k.Public.(type) {
	case *rsa.PublicKey:
		return "RSA"
	case *ecdsa.PublicKey:
		return "EC"
	case ed25519.PublicKey:
		return "ED25519"
	}
	return ""
}

// Bits is the key size as openssl_pkey_get_details reports it.
func (k *Key) Bits() int {
	switch p := k.Public.(type) {
	case *rsa.PublicKey:
		return p.N.BitLen()
	case *ecdsa.PublicKey:
		return p.Curve.Params().BitSize
	case ed25519.PublicKey:
		return 256
	}
	return 8 * len(k.Secret)
}

// Fingerprint is the hex SHA-256 of the public key's SPKI DER: a stable, non-secret name
// for a key in reports. For a secret key it is the SHA-256 of the secret, which a weak
// secret would not survive being published: reports use Name, which never shows it.
func (k *Key) Fingerprint() string {
	var sum [32]byte
	if k.Public != nil {
		der, err := x509.MarshalPKIXPublicKey(k.Public)
		if err != nil {
			return ""
		}
		sum = sha256.Sum256(der)
	} else {
		sum = sha256.Sum256(k.Secret)
	}
	return hex.EncodeToString(sum[:])
}

// Name is the KID when set, else the first 16 hex digits of a public key's fingerprint;
// a secret key without a KID is only named by its size.
func (k *Key) Name() string {
	switch {
	case k.KID != "":
		return k.KID
	case k.Public == nil:
		return "secret-" + strconv.Itoa(8*len(k.Secret)) + "-bits"
	}
	return k.Fingerprint()[:16]
}

func (k *Key) rsaPublicVerifier() *rsaPKCS1Verifier {
	k.rsaOnce.Do(func() {
		if pub, ok := k.Public.(*rsa.PublicKey); ok {
			k.rsaVerifier = newRSAPKCS1Verifier(pub)
		}
	})
	return k.rsaVerifier
}
