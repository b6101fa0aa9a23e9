package jwtcore

import (
	"errors"
	"strings"
	"testing"
)

// TestAttacks: well-known JWT attacks, each refused with lcobucci's own words under
// MediaWiki's constraints (SignedWith(RS256, the wiki's key) + LooseValidAt).
func TestAttacks(t *testing.T) {
	pubPEM := "-----BEGIN PUBLIC KEY-----" // the HS256 secret is the PEM text of the public key
	pub := loadTestKey(t, "mediawiki-rsa4096.pub")
	pemText, err := MarshalPEM(pub, false)
	if err != nil || !strings.HasPrefix(string(pemText), pubPEM) {
		t.Fatal(err)
	}
	good := mustIssue(t, "RS256", "mediawiki-rsa4096.key", nil, "sub", "mw:CentralAuth::1", "iat", testNow.Unix()-1)
	h, c, s := splitToken(good)
	hs256, _ := NewSigner("HS256", Lcobucci5)
	forgedHS, err := Issue(hs256, NewSecretKey(pemText), nil, NewObject("sub", "mw:CentralAuth::1"))
	if err != nil {
		t.Fatal(err)
	}
	withHeader := func(header string, keyFile string) string {
		return mustIssue(t, "RS256", keyFile, mustObject(t, header), "sub", "mw:CentralAuth::1")
	}
	const violated = "The token violates some mandatory constraints, details:\n- "
	tests := []struct {
		name, token, want string
	}{
		{"alg none, empty signature", enc(`{"typ":"JWT","alg":"none"}`) + "." + c + ".", "The JWT string is missing the Signature part"},
		{"alg none, signature kept", enc(`{"typ":"JWT","alg":"none"}`) + "." + c + "." + s, violated + "Token signer mismatch"},
		{"alg None", enc(`{"alg":"None"}`) + "." + c + "." + s, violated + "Token signer mismatch"},
		{"HS256 with the RSA public key as secret", forgedHS, violated + "Token signer mismatch"},
		{"ES256 header on an RSA token", enc(`{"typ":"JWT","alg":"ES256"}`) + "." + c + "." + s, violated + "Token signer mismatch"},
		{"stripped signature", h + "." + c + ".", "The JWT string is missing the Signature part"},
		{"truncated signature (base64 length)", good[:len(good)-1], "Error while decoding from Base64Url, invalid base64 characters detected"},
		{"truncated signature (bytes)", h + "." + c + "." + truncatedSig(t, s), violated + "Token signature mismatch"},
		{"signature of another token", h + "." + enc(`{"sub":"mw:CentralAuth::2"}`) + "." + s, violated + "Token signature mismatch"},
		{"kid pointing at a file", withHeader(`{"kid":"../../../../dev/null"}`, "retired-rsa4096.key"), violated + "Token signature mismatch"},
		{"jku to an attacker's JWKS", withHeader(`{"jku":"https://evil.example/jwks.json"}`, "retired-rsa4096.key"), violated + "Token signature mismatch"},
		{"x5u to an attacker's cert", withHeader(`{"x5u":"https://evil.example/c.pem"}`, "retired-rsa4096.key"), violated + "Token signature mismatch"},
		{"embedded jwk", withHeader(`{"jwk":{"kty":"oct","k":"AAAA"}}`, "retired-rsa4096.key"), violated + "Token signature mismatch"},
		{"crit header is ignored, as lcobucci does", withHeader(`{"crit":["exp"],"exp":1}`, "mediawiki-rsa4096.key"), ""},
		{"padded base64", h + "=." + c + "." + s, "Error while decoding from Base64Url, invalid base64 characters detected"},
		{"standard base64 alphabet", h + "." + c + "." + strings.NewReplacer("-", "+", "_", "/").Replace(s) + "+", "Error while decoding from Base64Url, invalid base64 characters detected"},
		{"line break inside", h[:4] + "\r\n" + h[4:] + "." + c + "." + s, "Error while decoding from Base64Url, invalid base64 characters detected"},
		{"oversized token", h + "." + strings.Repeat("A", DefaultMaxTokenSize) + "." + s, "The JWT string is longer than the allowed maximum"},
		{"deeply nested claims", h + "." + enc(strings.Repeat("[", 40000)) + "." + s, "Error while decoding from JSON"},
		{"JSON with a BOM", enc("\ufeff{\"typ\":\"JWT\",\"alg\":\"RS256\"}") + "." + c + "." + s, "Error while decoding from JSON"},
		{"encrypted (JWE) header", enc(`{"alg":"RSA-OAEP","enc":"A256GCM"}`) + "." + c + "." + s, "Encryption is not supported yet"},
	}
	rs256, _ := NewSigner("RS256", Lcobucci5)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := NewParser().Parse(tt.token)
			if err == nil {
				err = Validate(tok, SignedWith(rs256, pub), LooseValidAt(FixedClock(testNow), 0))
			}
			if got := errText(err); got != tt.want {
				t.Fatalf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestWrongKeyTypes(t *testing.T) {
	tok := mustParse(t, mustIssue(t, "RS256", "mediawiki-rsa4096.key", nil, "a", 1))
	tests := []struct {
		alg, keyFile string
		secret       string
		want         string
	}{
		{"RS256", "ec-p256.pub", "", `The type of the provided key is not "RSA", "EC" provided`},
		{"RS256", "rsa1024-weak.pub", "", "Key provided is shorter than 2048 bits, only 1024 bits provided"},
		{"ES256", "mediawiki-rsa4096.pub", "", `The type of the provided key is not "EC", "RSA" provided`},
		{"ES256", "ec-p384.pub", "", "The length of the provided key is different than 256 bits, 384 bits provided"},
		{"HS256", "", "short", "Key provided is shorter than 256 bits, only 40 bits provided"},
		{"HS512", "", strings.Repeat("k", 32), "Key provided is shorter than 512 bits, only 256 bits provided"},
		{"BLAKE2B", "", "short", "Key provided is shorter than 256 bits, only 40 bits provided"},
		{"HS256", "mediawiki-rsa4096.pub", "", "an asymmetric key cannot be an HMAC secret"},
	}
	for _, tt := range tests {
		key := NewSecretKey([]byte(tt.secret))
		if tt.keyFile != "" {
			key = loadTestKey(t, tt.keyFile)
		}
		signer, err := NewSigner(tt.alg, Lcobucci5)
		if err != nil {
			t.Fatal(err)
		}
		tok.Header.Set("alg", tt.alg)
		err = Validate(tok, SignedWith(signer, key))
		if !errors.Is(err, ErrInvalidKey) || err.Error() != tt.want {
			t.Errorf("%s with %s%s: got %v, want %q", tt.alg, tt.keyFile, tt.secret, err, tt.want)
		}
	}
}

func splitToken(s string) (h, c, sig string) {
	parts := strings.SplitN(s, ".", 3)
	return parts[0], parts[1], parts[2]
}

func truncatedSig(t *testing.T, s string) string {
	raw, err := decodeBase64URL(s)
	if err != nil {
		t.Fatal(err)
	}
	return encodeBase64URL(raw[:len(raw)-1])
}

func enc(s string) string { return encodeBase64URL([]byte(s)) }

func mustObject(t *testing.T, s string) *Object {
	t.Helper()
	o, err := ParseObject(s)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
