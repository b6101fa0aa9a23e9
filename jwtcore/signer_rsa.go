package jwtcore

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
)

// rsaSigner is lcobucci's Signer\Rsa (PKCS#1 v1.5): 5.x refuses keys under 2048 bits.
type rsaSigner struct {
	alg     string
	hash    crypto.Hash
	dialect Dialect
}

func (s *rsaSigner) Algorithm() string { return s.alg }

// checkKey is OpenSSL::validateKey + Rsa::guardAgainstIncompatibleKey.
func (s *rsaSigner) checkKey(key *Key) error {
	if err := checkAsymmetric(key, s.dialect); err != nil {
		return err
	}
	if t := key.Type(); t != "RSA" {
		return keyWrongType(s.dialect, "RSA", t)
	}
	if s.dialect == Lcobucci5 && key.Bits() < 2048 {
		return keyTooShort(2048, key.Bits())
	}
	return nil
}

func (s *rsaSigner) Sign(payload string, key *Key) ([]byte, error) {
	if err := s.checkKey(key); err != nil {
		return nil, err
	}
	priv, ok := key.Private.(*rsa.PrivateKey)
	if !ok {
		return nil, errNoPrivateKey(s.dialect)
	}
	h := s.hash.New()
	h.Write([]byte(payload))
	// PKCS#1 v1.5 is deterministic: the same key and payload give lcobucci's bytes.
	return rsa.SignPKCS1v15(rand.Reader, priv, s.hash, h.Sum(nil))
}

func (s *rsaSigner) Verify(sig []byte, payload string, key *Key) (bool, error) {
	if err := s.checkKey(key); err != nil {
		return false, err
	}
	h := s.hash.New()
	h.Write([]byte(payload))
	return key.rsaPublicVerifier().verify(s.hash, h.Sum(nil), sig), nil
}

// checkAsymmetric refuses a secret where OpenSSL needs a PEM key: openssl_pkey_get_*
// fails and lcobucci reports OpenSSL's error queue (5.x lists every queued error, so
// only the text up to "reason:" is stable; the first queued error is given here).
func checkAsymmetric(key *Key, d Dialect) error {
	if key.Public != nil {
		return nil
	}
	return errKeyNotParsed(d)
}

func errNoPrivateKey(d Dialect) error { return errKeyNotParsed(d) }

func errKeyNotParsed(d Dialect) error {
	if d == Lcobucci4 {
		return &KeyError{Msg: "It was not possible to parse your key, reason: error:0480006C:PEM routines::no start line"}
	}
	return &KeyError{Msg: "It was not possible to parse your key, reason:\n* error:0480006C:PEM routines::no start line"}
}
