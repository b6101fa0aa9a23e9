package jwtcore

import (
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
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
				if kind, _ := KindOf(err); kind == "" || kind == KindOtherJWT && !errors.Is(err, ErrPHPTypeError) {
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

// FuzzVerify: MediaWiki's chain never panics, every rejection has a log line and every
// log line a canonical kind, and the per-key RSA verifier agrees with crypto/rsa on the
// token's signature (a differential check of the fast path).
func FuzzVerify(f *testing.F) {
	pub := loadTestKey(f, "mediawiki-rsa4096.pub")
	good := "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN1YiI6Im13OkNlbnRyYWxBdXRoOjoxIn0."
	f.Add(good+"AAAA", "Alice", int64(1))
	f.Add("a.b.c", "anon", int64(0))
	f.Add(rfc7515A2Token, "192.0.2.1", int64(5))
	f.Add("", "Bob", int64(0))
	f.Add("deleted", "Bob", int64(0))
	session := MediaWikiSession{Issuer: "https://meta.wikimedia.org"}
	ed := loadTestKey(f, "ed25519.pub")
	edSigner, _ := NewSigner("EdDSA", Lcobucci5)
	f.Fuzz(func(t *testing.T, token, user string, centralID int64) {
		session.User, session.CentralID = user, centralID
		for _, v := range []MediaWikiVersion{MW146, MW145} {
			session.Version = v
			r := VerifyMediaWikiSession(token, []*Key{pub}, session, time.Unix(1764000000, 0))
			if !r.Valid && r.Log == nil && !errors.Is(r.Err, ErrPHPTypeError) {
				t.Fatalf("rejection without a log line: %v", r.Err)
			}
			if r.Log != nil && r.Kind == "" {
				t.Fatalf("log line %q without a kind", r.Log.Message)
			}
			if r.Log != nil && !strings.HasPrefix(r.Log.Message, "JWT validation failed: ") && r.Valid == false {
				t.Fatalf("rejection logged as %q", r.Log.Message)
			}
		}
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
