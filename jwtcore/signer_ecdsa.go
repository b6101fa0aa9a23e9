package jwtcore

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"math/big"
)

// ecdsaSigner is lcobucci's Signer\Ecdsa: signatures are raw r‖s of a fixed length (any
// other length throws "Invalid signature length."); 5.x also checks the curve size.
type ecdsaSigner struct {
	alg      string
	hash     crypto.Hash
	bits     int // expected key length
	pointLen int // r‖s length in bytes
	dialect  Dialect
}

func (s *ecdsaSigner) Algorithm() string { return s.alg }

func (s *ecdsaSigner) checkKey(key *Key) error {
	if err := checkAsymmetric(key, s.dialect); err != nil {
		return err
	}
	if t := key.Type(); t != "EC" {
		return keyWrongType(s.dialect, "EC", t)
	}
	if s.dialect == Lcobucci5 && key.Bits() != s.bits {
		return keyWrongLength(s.bits, key.Bits())
	}
	return nil
}

func (s *ecdsaSigner) Sign(payload string, key *Key) ([]byte, error) {
	if err := s.checkKey(key); err != nil {
		return nil, err
	}
	priv, ok := key.Private.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errNoPrivateKey(s.dialect)
	}
	h := s.hash.New()
	h.Write([]byte(payload))
	r, sv, err := ecdsa.Sign(rand.Reader, priv, h.Sum(nil))
	if err != nil {
		return nil, err
	}
	out := make([]byte, s.pointLen)
	r.FillBytes(out[:s.pointLen/2])
	sv.FillBytes(out[s.pointLen/2:])
	return out, nil
}

func (s *ecdsaSigner) Verify(sig []byte, payload string, key *Key) (bool, error) {
	if err := s.checkKey(key); err != nil {
		return false, err
	}
	if len(sig) != s.pointLen {
		return false, ErrECDSASignatureLength
	}
	pub := key.Public.(*ecdsa.PublicKey)
	h := s.hash.New()
	h.Write([]byte(payload))
	half := s.pointLen / 2
	r := new(big.Int).SetBytes(sig[:half])
	sv := new(big.Int).SetBytes(sig[half:])
	return ecdsa.Verify(pub, h.Sum(nil), r, sv), nil
}
