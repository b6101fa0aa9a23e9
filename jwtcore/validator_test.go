package jwtcore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestConstraints(t *testing.T) {
	now := testNow.Unix()
	tok := mustParse(t, mustIssue(t, "EdDSA", "ed25519.key", nil,
		"iss", "https://meta.wikimedia.org", "sub", "mw:CentralAuth::1", "jti", "abc", "aud", []any{"a", "b"},
		"iat", now-10, "nbf", now-5, "exp", now+100, "rlc", "bot", "n", 3, "f", 1.5))
	at := func(d time.Duration) Clock { return FixedClock(testNow.Add(d)) }
	ed, _ := NewSigner("EdDSA", Lcobucci5)
	rs, _ := NewSigner("RS256", Lcobucci5)
	edKey := loadTestKey(t, "ed25519.pub")
	prefix := "The token violates some mandatory constraints, details:\n"
	tests := []struct {
		name string
		cs   []Constraint
		want string
	}{
		{"all pass", []Constraint{SignedWith(ed, edKey), StrictValidAt(at(0), 0), IssuedBy("x", "https://meta.wikimedia.org"),
			PermittedFor("b"), RelatedTo("mw:CentralAuth::1"), IdentifiedBy("abc"), HasClaim("rlc"),
			HasClaimWithValue("rlc", "bot"), HasClaimWithValue("n", 3), HasClaimWithValue("f", 1.5)}, ""},
		{"signer mismatch", []Constraint{SignedWith(rs, loadTestKey(t, "mediawiki-rsa4096.pub"))}, prefix + "- Token signer mismatch"},
		{"every violation collected in order", []Constraint{IssuedBy("x"), PermittedFor("c"), RelatedTo("y"), IdentifiedBy("z"),
			HasClaim("nope"), HasClaimWithValue("rlc", "human"), HasClaimWithValue("n", 3.0), HasClaimWithValue("n", "3")},
			prefix + "- The token was not issued by the given issuers\n- The token is not allowed to be used by this audience\n" +
				"- The token is not related to the expected subject\n- The token is not identified with the expected ID\n" +
				"- The token does not have the claim \"nope\"\n- The claim \"rlc\" does not have the expected value\n" +
				"- The claim \"n\" does not have the expected value\n- The claim \"n\" does not have the expected value"},
		{"expired exactly at exp", []Constraint{LooseValidAt(at(100*time.Second), 0)}, prefix + "- The token is expired"},
		{"valid one second before exp", []Constraint{LooseValidAt(at(99*time.Second), 0)}, ""},
		{"leeway keeps it valid", []Constraint{LooseValidAt(at(100*time.Second), time.Second)}, ""},
		{"issued in the future", []Constraint{LooseValidAt(at(-11*time.Second), 0)}, prefix + "- The token was issued in the future"},
		{"iat == now passes, then nbf is checked", []Constraint{LooseValidAt(at(-10*time.Second), 0)}, prefix + "- The token cannot be used yet"},
		{"leeway covers iat and nbf", []Constraint{LooseValidAt(at(-11*time.Second), 6*time.Second)}, ""},
		{"nbf", []Constraint{LooseValidAt(at(-6*time.Second), 0)}, prefix + "- The token cannot be used yet"},
		{"strict = loose when present", []Constraint{StrictValidAt(at(-6*time.Second), 0)}, prefix + "- The token cannot be used yet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errText(Validate(tok, tt.cs...)); got != tt.want {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestStrictValidAtMissingClaims(t *testing.T) {
	prefix := "The token violates some mandatory constraints, details:\n"
	tests := []struct {
		kv   []any
		want string
	}{
		{nil, prefix + `- "Issued At" claim missing`},
		{[]any{"iat", 1}, prefix + `- "Not Before" claim missing`},
		{[]any{"iat", 1, "nbf", 1}, prefix + `- "Expiration Time" claim missing`},
		{[]any{"iat", 1, "nbf", 1, "exp", testNow.Unix() + 1}, ""},
	}
	for _, tt := range tests {
		tok := mustParse(t, mustIssue(t, "EdDSA", "ed25519.key", nil, tt.kv...))
		if got := errText(Validate(tok, StrictValidAt(FixedClock(testNow), 0))); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.kv, got, tt.want)
		}
		if err := Validate(tok, LooseValidAt(FixedClock(testNow), 0)); err != nil {
			t.Errorf("%v: loose refused a token without dates: %v", tt.kv, err)
		}
	}
}

func TestValidatorEscapingErrors(t *testing.T) {
	tok := mustParse(t, mustIssue(t, "RS256", "mediawiki-rsa4096.key", nil, "exp", 1))
	rs, _ := NewSigner("RS256", Lcobucci5)
	err := Validate(tok, LooseValidAt(FixedClock(testNow), 0), SignedWith(rs, loadTestKey(t, "rsa1024-weak.pub")))
	var ke *KeyError
	if !errors.As(err, &ke) || errors.Is(err, ErrConstraintsViolated) {
		t.Fatalf("a key error must escape the validator, got %v", err)
	}
	if err.Error() != "Key provided is shorter than 2048 bits, only 1024 bits provided" {
		t.Fatalf("message %q", err)
	}
	if !errors.Is(Validate(tok), ErrNoConstraints) {
		t.Fatal("no constraints must be an error")
	}
	if !errors.Is(Validate(tok, LooseValidAt(FixedClock(testNow), -time.Second)), ErrNegativeLeeway) {
		t.Fatal("negative leeway accepted")
	}
	if !errors.Is(Validate(tok, HasClaim("exp")), ErrRegisteredClaim) {
		t.Fatal("HasClaim on a registered claim accepted")
	}
}

func TestLoadKeysFormats(t *testing.T) {
	for _, tt := range []struct {
		file, typ string
		bits      int
		private   bool
	}{
		{"mediawiki-rsa4096.key", "RSA", 4096, true},
		{"mediawiki-rsa4096.pub", "RSA", 4096, false},
		{"rsa2048-pkcs1.key", "RSA", 2048, true},
		{"rsa2048-pkcs1.pub", "RSA", 2048, false},
		{"ec-p256.key", "EC", 256, true},
		{"ec-p384.pub", "EC", 384, false},
		{"ed25519.key", "ED25519", 256, true},
		{"ed25519.pub", "ED25519", 256, false},
	} {
		k := loadTestKey(t, tt.file)
		if k.Type() != tt.typ || k.Bits() != tt.bits || (k.Private != nil) != tt.private {
			t.Errorf("%s: %s %d private=%v", tt.file, k.Type(), k.Bits(), k.Private != nil)
		}
	}
	if loadTestKey(t, "rsa2048-pkcs1.pub").Fingerprint() != loadTestKey(t, "rsa2048.pub").Fingerprint() {
		t.Error("PKCS#1 and SPKI forms of one key have different fingerprints")
	}
	if _, err := LoadKeys([]byte("not a key"), false); !errors.Is(err, ErrNoKey) {
		t.Errorf("garbage accepted: %v", err)
	}
	if keys, err := LoadKeys([]byte("s3cret"), true); err != nil || string(keys[0].Secret) != "s3cret" {
		t.Errorf("raw secret: %v", err)
	} else if name := keys[0].Name(); name != "secret-48-bits" {
		t.Errorf("a secret key is named %q: its name must not derive from the secret", name)
	}
}

func TestJWKSSelectByKid(t *testing.T) {
	set := `{"keys":[` + rfc7515A1JWK[:len(rfc7515A1JWK)-1] + `,"kid":"hmac"},` + rfc8037A4JWK[:len(rfc8037A4JWK)-1] + `,"kid":"ed"}]}`
	keys, err := ParseJWKS([]byte(set))
	if err != nil {
		t.Fatal(err)
	}
	if got := SelectKeys(keys, "ed"); got[0].KID != "ed" || len(got) != 2 {
		t.Fatalf("kid ed first: %v", got[0].KID)
	}
	if got := SelectKeys(keys, "../../etc/passwd"); got[0].KID != "hmac" || len(got) != 2 {
		t.Fatal("an unknown kid must not drop or add keys")
	}
	for _, bad := range []string{`{"kty":"RSA","n":"AQAB"}`, `{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}`, `{"kty":"OKP","crv":"X25519","x":"AA"}`, `{"kty":"nope"}`, `{`} {
		if _, err := ParseJWKS([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestFixtureJWKSMatchesPEM(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "keys", "mediawiki.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := LoadKeys(data, false)
	if err != nil || len(keys) != 2 {
		t.Fatalf("%v (%d keys)", err, len(keys))
	}
	for i, pemFile := range []string{"mediawiki-rsa4096.pub", "retired-rsa4096.pub"} {
		if keys[i].Fingerprint() != loadTestKey(t, pemFile).Fingerprint() {
			t.Errorf("JWKS key %s is not %s", keys[i].KID, pemFile)
		}
	}
	if keys[0].KID != "mw-2026" || keys[1].KID != "mw-retired" {
		t.Errorf("kids %q %q", keys[0].KID, keys[1].KID)
	}
}
