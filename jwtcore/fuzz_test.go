package jwtcore

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/mwlog"
)

// FuzzParse: the parser never panics, fails only with one of lcobucci's errors (each
// with a kind), and whatever it accepts re-splits into the same three parts.
func FuzzParse(f *testing.F) {
	f.Add(rfc7515A1Token)
	f.Add(rfc7515A2Token)
	f.Add("a.b.c")
	f.Add("..")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("eyJhbGciOiJSUzI1NiIsImVuYyI6IngifQ.e30.AA")
	f.Add("W10.W10.AA")
	f.Add("e30.eyJpYXQiOiIxZTMifQ.AA")
	f.Add("e30.eyJleHAiOm51bGx9.AA")
	f.Add("e30.eyJleHAiOjFlMjB9.AA")
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range []Dialect{Lcobucci5, Lcobucci4} {
			tok, err := NewParser(WithDialect(d)).Parse(s)
			if err != nil {
				if kind, _ := KindOf(err); kind == mwlog.KindNone || kind == mwlog.KindOtherJWT && !errors.Is(err, ErrPHPTypeError) {
					t.Fatalf("%v: error %q has no lcobucci kind", d, err)
				}
				continue
			}
			if tok.Payload()+"."+tok.RawSignature != s {
				t.Fatalf("%v: parts do not rebuild the input", d)
			}
			if !tok.Header.Has("typ") {
				t.Fatalf("%v: typ not filled in", d)
			}
			if _, err := tok.Claims.MarshalJSON(); err != nil && utf8.ValidString(s) {
				t.Fatalf("%v: accepted claims cannot be re-encoded: %v", d, err)
			}
		}
	})
}

// FuzzRSAVerify: the per-key RSA verifier agrees with crypto/rsa on the token's
// signature (a differential check of the fast path), and the EdDSA signer with
// crypto/ed25519. MediaWiki's chain is fuzzed in jwtcore/mediawiki (FuzzVerify).
func FuzzRSAVerify(f *testing.F) {
	pub := loadTestKey(f, "mediawiki-rsa4096.pub")
	f.Add("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN1YiI6Im13OkNlbnRyYWxBdXRoOjoxIn0.AAAA")
	f.Add(mustIssue(f, "RS256", "mediawiki-rsa4096.key", nil, "sub", "mw:anon"))
	f.Add(mustIssue(f, "EdDSA", "ed25519.key", nil, "sub", "mw:anon"))
	f.Add(rfc7515A2Token)
	ed := loadTestKey(f, "ed25519.pub")
	edSigner, _ := NewSigner("EdDSA", Lcobucci5)
	f.Fuzz(func(t *testing.T, token string) {
		tok, err := NewParser().Parse(token)
		if err != nil {
			return
		}
		digest := sha256.Sum256([]byte(tok.Payload()))
		ours := pub.rsaPublicVerifier().verify(crypto.SHA256, digest[:], tok.Signature)
		theirs := rsa.VerifyPKCS1v15(pub.Public.(*rsa.PublicKey), crypto.SHA256, digest[:], tok.Signature) == nil
		if ours != theirs {
			t.Fatalf("RSA verifier says %v, crypto/rsa says %v", ours, theirs)
		}
		if ok, err := edSigner.Verify(tok.Signature, tok.Payload(), ed); err == nil && ok != ed25519.Verify(ed.Public.(ed25519.PublicKey), []byte(tok.Payload()), tok.Signature) {
			t.Fatal("EdDSA signer disagrees with crypto/ed25519")
		}
	})
}
