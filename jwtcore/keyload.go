package jwtcore

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
)

// ErrNoKey: the data holds no key jwtcore can read.
var ErrNoKey = errors.New("no usable key found")

// LoadKeys reads keys from data in any supported form, detected by content: PEM
// (PKCS#1, PKCS#8, SPKI/"PUBLIC KEY", EC PRIVATE KEY, certificates), a JWK or a JWKS
// (JSON), or else the bytes themselves as a raw HMAC/BLAKE2B secret (raw=true). A PEM
// file may hold several blocks; a JWKS several keys. Raw secrets are only accepted when
// allowSecret is true, so that a mistyped PEM path is not silently used as an HMAC secret.
func LoadKeys(data []byte, allowSecret bool) ([]*Key, error) {
	trimmed := bytes.TrimSpace(data)
	switch {
	case bytes.HasPrefix(trimmed, []byte("-----BEGIN")):
		return loadPEMKeys(trimmed)
	case bytes.HasPrefix(trimmed, []byte("{")):
		return ParseJWKS(trimmed)
	case allowSecret && len(data) > 0:
		return []*Key{NewSecretKey(data)}, nil
	}
	return nil, ErrNoKey
}

func loadPEMKeys(data []byte) ([]*Key, error) {
	var keys []*Key
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		k, err := keyFromPEMBlock(block)
		if err != nil {
			return nil, err
		}
		if k != nil {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, ErrNoKey
	}
	return keys, nil
}

func keyFromPEMBlock(b *pem.Block) (*Key, error) {
	switch b.Type {
	case "RSA PRIVATE KEY":
		k, err := x509.ParsePKCS1PrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PKCS#1 private key: %w", err)
		}
		return NewPrivateKey(k), nil
	case "RSA PUBLIC KEY":
		k, err := x509.ParsePKCS1PublicKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PKCS#1 public key: %w", err)
		}
		return NewPublicKey(k), nil
	case "EC PRIVATE KEY":
		k, err := x509.ParseECPrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("EC private key: %w", err)
		}
		return NewPrivateKey(k), nil
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("PKCS#8 private key: %w", err)
		}
		return privateKeyOf(k)
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("SPKI public key: %w", err)
		}
		return publicKeyOf(k)
	case "CERTIFICATE":
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		return publicKeyOf(c.PublicKey)
	case "ENCRYPTED PRIVATE KEY":
		return nil, errors.New("encrypted private keys are not supported: decrypt it with openssl pkey first")
	}
	return nil, nil // other blocks (parameters, …) are skipped
}

func privateKeyOf(k any) (*Key, error) {
	switch p := k.(type) {
	case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
		return NewPrivateKey(p.(crypto.Signer)), nil
	}
	return nil, fmt.Errorf("unsupported private key type %T", k)
}

func publicKeyOf(k any) (*Key, error) {
	switch k.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return NewPublicKey(k), nil
	}
	return nil, fmt.Errorf("unsupported public key type %T", k)
}

// MarshalPEM encodes the key as PKCS#8 (private) or SPKI (public) PEM.
func MarshalPEM(k *Key, private bool) ([]byte, error) {
	if private {
		if k.Private == nil {
			return nil, errors.New("the key has no private half")
		}
		der, err := x509.MarshalPKCS8PrivateKey(k.Private)
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
	}
	der, err := x509.MarshalPKIXPublicKey(k.Public)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}
