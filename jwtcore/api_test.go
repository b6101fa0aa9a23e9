package jwtcore_test

import (
	"crypto/rand"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/mwlog"
)

// TestPublicRoundTrip uses jwtcore only through its exported API, as a program that
// imports it would: a token issued with each family of algorithms verifies with its
// key, and fails as lcobucci fails (errors.Is on the sentinels, KindOf naming the
// logged kind) when its signature, its key or its shape is wrong.
func TestPublicRoundTrip(t *testing.T) {
	at := time.Unix(1760504400, 0)
	for _, alg := range []string{"HS256", "RS256", "ES256", "EdDSA"} {
		t.Run(alg, func(t *testing.T) {
			signer, err := jwtcore.NewSigner(alg, jwtcore.Lcobucci5)
			if err != nil {
				t.Fatal(err)
			}
			newKey := func() *jwtcore.Key {
				if alg == "HS256" {
					secret := make([]byte, 32)
					rand.Read(secret)
					return jwtcore.NewSecretKey(secret)
				}
				k, err := jwtcore.GenerateKey(alg, 2048, rand.Reader)
				if err != nil {
					t.Fatal(err)
				}
				return k
			}
			key, other := newKey(), newKey()
			token, err := jwtcore.Issue(signer, key, nil, jwtcore.NewObject("sub", "mw:CentralAuth::1", "iat", at.Unix()))
			if err != nil {
				t.Fatal(err)
			}
			parser := jwtcore.NewParser()
			tok, err := parser.Parse(token)
			if err != nil {
				t.Fatal(err)
			}
			if sub, _ := tok.ClaimString("sub"); sub != "mw:CentralAuth::1" || tok.Alg() != alg {
				t.Errorf("parsed sub %q alg %q", sub, tok.Alg())
			}
			if k, err := jwtcore.VerifyWithKeys(tok, signer, []*jwtcore.Key{other, key}, jwtcore.FixedClock(at)); err != nil || k != key {
				t.Errorf("with its key: %v (key %p, want %p)", err, k, key)
			}
			_, err = jwtcore.VerifyWithKeys(tok, signer, []*jwtcore.Key{other}, jwtcore.FixedClock(at))
			if kind, reason := jwtcore.KindOf(err); kind != mwlog.KindBadSignature || reason != mwlog.ReasonSignature {
				t.Errorf("with another key: %v, kind %s/%s, want bad-signature/signature", err, kind, reason)
			}
			// A token whose claims were swapped under the signature.
			head, rest, _ := strings.Cut(token, ".")
			_, sig, _ := strings.Cut(rest, ".")
			forged, _ := jwtcore.Issue(signer, other, nil, jwtcore.NewObject("sub", "mw:CentralAuth::2", "iat", at.Unix()))
			_, forgedClaims, _ := strings.Cut(forged, ".")
			forgedClaims, _, _ = strings.Cut(forgedClaims, ".")
			swapped, err := parser.Parse(head + "." + forgedClaims + "." + sig)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := jwtcore.VerifyWithKeys(swapped, signer, []*jwtcore.Key{key}, jwtcore.FixedClock(at)); err == nil {
				t.Error("claims swapped under a real signature verified")
			}
		})
	}
	for _, tt := range []struct {
		token string
		want  error
	}{
		{"a.b", jwtcore.ErrTwoDots},
		{".e30.sig", jwtcore.ErrMissingHeader},
		{"eyJhbGciOiJIUzI1NiJ9..sig", jwtcore.ErrMissingClaims},
		{"eyJhbGciOiJIUzI1NiJ9.e30.", jwtcore.ErrMissingSignature},
		{"eyJhbGciOiJIUzI1NiJ9.e30!.sig", jwtcore.ErrBase64},
	} {
		_, err := jwtcore.NewParser().Parse(tt.token)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %v, want %v", tt.token, err, tt.want)
		}
		if kind, _ := jwtcore.KindOf(err); kind != mwlog.KindMalformed {
			t.Errorf("Parse(%q): kind %s, want malformed", tt.token, kind)
		}
	}
}
