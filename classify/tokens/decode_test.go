package tokens

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"
)

func TestDecode(t *testing.T) {
	whole := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", "exp", issuedAt.Add(time.Hour).Unix())
	parts := strings.Split(whole, ".")
	sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
	sum := sha256.Sum256(sig)
	wantSig := "sha256:" + hex.EncodeToString(sum[:8])
	// The claims in standard base64 with padding: what a strict parser refuses.
	rawClaims, _ := base64.RawURLEncoding.DecodeString(parts[1])
	stdClaims := base64.StdEncoding.EncodeToString(rawClaims)

	tests := []struct {
		name                   string
		token                  string
		wantParts              int
		wantHeader, wantClaims bool
		wantAlg, wantSub       string
		wantIat, wantSxp       time.Time
		wantExp                time.Time
		wantSig                string
	}{
		{"whole token", whole, 3, true, true, "RS256", "mw:CentralAuth::12345",
			issuedAt, issuedAt.Add(4 * time.Hour), issuedAt.Add(time.Hour), wantSig},
		{"truncated after the claims", parts[0] + "." + parts[1], 2, true, true, "RS256", "mw:CentralAuth::12345",
			issuedAt, issuedAt.Add(4 * time.Hour), issuedAt.Add(time.Hour), ""},
		{"standard base64 claims", parts[0] + "." + stdClaims + "." + parts[2], 3, true, true, "RS256", "mw:CentralAuth::12345",
			issuedAt, issuedAt.Add(4 * time.Hour), issuedAt.Add(time.Hour), wantSig},
		{"no dots", "garbage", 1, false, false, "", "", time.Time{}, time.Time{}, time.Time{}, ""},
		{"empty parts", "..", 3, false, false, "", "", time.Time{}, time.Time{}, time.Time{}, ""},
		{"claims not JSON", parts[0] + ".bm90IGpzb24." + parts[2], 3, true, false, "RS256", "",
			time.Time{}, time.Time{}, time.Time{}, wantSig},
		{"extra dots", whole + ".x", 4, true, true, "RS256", "mw:CentralAuth::12345",
			issuedAt, issuedAt.Add(4 * time.Hour), issuedAt.Add(time.Hour), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Decode(tt.token)
			if f.Size != len(tt.token) || f.Parts != tt.wantParts {
				t.Errorf("size %d parts %d, want %d and %d", f.Size, f.Parts, len(tt.token), tt.wantParts)
			}
			if (f.Header != nil) != tt.wantHeader || (f.Claims != nil) != tt.wantClaims || f.Decoded() != tt.wantClaims {
				t.Errorf("header %v claims %v, want %v %v", f.Header != nil, f.Claims != nil, tt.wantHeader, tt.wantClaims)
			}
			if f.Alg != tt.wantAlg || f.Subject != tt.wantSub {
				t.Errorf("alg %q sub %q, want %q %q", f.Alg, f.Subject, tt.wantAlg, tt.wantSub)
			}
			if !f.IssuedAt.Equal(tt.wantIat) || !f.SoftExpiry.Equal(tt.wantSxp) || !f.Expires.Equal(tt.wantExp) {
				t.Errorf("iat %v sxp %v exp %v, want %v %v %v", f.IssuedAt, f.SoftExpiry, f.Expires, tt.wantIat, tt.wantSxp, tt.wantExp)
			}
			if tt.name != "extra dots" && f.Signature != tt.wantSig {
				t.Errorf("signature %q, want %q", f.Signature, tt.wantSig)
			}
			if tt.wantClaims && f.Issuer != testIssuer {
				t.Errorf("issuer %q", f.Issuer)
			}
		})
	}
}

func TestDecodeSignatureFingerprintIsShort(t *testing.T) {
	tok := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::1")
	sig := tok[strings.LastIndex(tok, ".")+1:]
	f := Decode(tok)
	if len(f.Signature) != len("sha256:")+16 || strings.Contains(sig, strings.TrimPrefix(f.Signature, "sha256:")) {
		t.Fatalf("fingerprint %q is not a short hash of the signature", f.Signature)
	}
	// Two tokens that differ only in their signature get different fingerprints.
	other := issue(t, "retired-rsa4096.key", "mw:CentralAuth::1")
	if Decode(other).Signature == f.Signature {
		t.Fatal("different signatures, same fingerprint")
	}
}

func TestClaimTime(t *testing.T) {
	tests := []struct {
		claims string
		want   time.Time
	}{
		{`{"iat":1760504400}`, issuedAt},
		{`{"iat":"1760504400"}`, issuedAt},
		{`{"iat":" 1760504400.5 "}`, issuedAt.Add(500 * time.Millisecond)},
		{`{"iat":1760504400.25}`, issuedAt.Add(250 * time.Millisecond)},
		{`{"iat":0}`, time.Unix(0, 0).UTC()},
		{`{"iat":"0x10"}`, time.Time{}},
		{`{"iat":"Inf"}`, time.Time{}},
		{`{"iat":"1_000"}`, time.Time{}},
		{`{"iat":1e300}`, time.Time{}},
		{`{"iat":null}`, time.Time{}},
		{`{"iat":true}`, time.Time{}},
		{`{"iat":[1]}`, time.Time{}},
		{`{}`, time.Time{}},
	}
	for _, tt := range tests {
		claims := base64.RawURLEncoding.EncodeToString([]byte(tt.claims))
		f := Decode("eyJhbGciOiJSUzI1NiJ9." + claims + ".c2ln")
		if f.Claims == nil {
			t.Fatalf("%s: claims did not decode", tt.claims)
		}
		if !f.IssuedAt.Equal(tt.want) {
			t.Errorf("%s: iat %v, want %v", tt.claims, f.IssuedAt, tt.want)
		}
	}
}

func TestDecodeTooLargeIsOnlyMeasured(t *testing.T) {
	tok := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::1") + strings.Repeat("A", MaxDecodeSize)
	f := Decode(tok)
	if f.Size != len(tok) || f.Claims != nil || f.Signature != "" {
		t.Fatalf("got %+v", f)
	}
}
