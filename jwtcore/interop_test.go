package jwtcore

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/asn1"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gojwt "github.com/golang-jwt/jwt/v5"

	"github.com/wikimedia/jwtriage/internal/ci"
)

// needOpenSSL finds the openssl command; in CI its absence is a failure, not a skip.
func needOpenSSL(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("openssl")
	if err != nil {
		ci.Missing(t, "openssl is required for the interop tests: run testenv/setup.sh")
	}
	return path
}

func keyPath(name string) string { return filepath.Join("..", "testdata", "keys", name) }

func runOpenSSL(t *testing.T, bin string, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if stdin != nil {
		cmd.Stdin = strings.NewReader(string(stdin))
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("openssl %v: %v\n%s", args, err, out)
	}
	return out
}

type ecdsaDER struct{ R, S *big.Int }

// TestInteropOpenSSLSignsJwtcoreVerifies: tokens whose signatures the openssl command
// line made are accepted by jwtcore; one flipped bit makes them fail.
func TestInteropOpenSSLSignsJwtcoreVerifies(t *testing.T) {
	bin := needOpenSSL(t)
	dir := t.TempDir()
	for _, tt := range []struct{ alg, priv, pub string }{
		{"RS256", "mediawiki-rsa4096.key", "mediawiki-rsa4096.pub"},
		{"RS512", "rsa2048.key", "rsa2048.pub"},
		{"ES256", "ec-p256.key", "ec-p256.pub"},
		{"EdDSA", "ed25519.key", "ed25519.pub"},
	} {
		t.Run(tt.alg, func(t *testing.T) {
			input := enc(`{"typ":"JWT","alg":"`+tt.alg+`"}`) + "." + enc(`{"sub":"mw:CentralAuth::1","iat":1764000000}`)
			var sig []byte
			switch tt.alg {
			case "EdDSA":
				in := filepath.Join(dir, "in")
				os.WriteFile(in, []byte(input), 0o600)
				sig = runOpenSSL(t, bin, nil, "pkeyutl", "-sign", "-inkey", keyPath(tt.priv), "-rawin", "-in", in)
			case "ES256":
				der := runOpenSSL(t, bin, []byte(input), "dgst", "-sha256", "-sign", keyPath(tt.priv))
				var rs ecdsaDER
				if _, err := asn1.Unmarshal(der, &rs); err != nil {
					t.Fatal(err)
				}
				sig = make([]byte, 64)
				rs.R.FillBytes(sig[:32])
				rs.S.FillBytes(sig[32:])
			default:
				sig = runOpenSSL(t, bin, []byte(input), "dgst", "-sha"+tt.alg[2:], "-sign", keyPath(tt.priv))
			}
			signer, _ := NewSigner(tt.alg, Lcobucci5)
			key := loadTestKey(t, tt.pub)
			tok := mustParse(t, input+"."+encodeBase64URL(sig))
			if err := Validate(tok, SignedWith(signer, key), LooseValidAt(FixedClock(testNow), 0)); err != nil {
				t.Fatalf("openssl's signature refused: %v", err)
			}
			sig[len(sig)/3] ^= 0x10
			tok = mustParse(t, input+"."+encodeBase64URL(sig))
			if err := Validate(tok, SignedWith(signer, key)); errText(err) != "The token violates some mandatory constraints, details:\n- Token signature mismatch" {
				t.Fatalf("tampered signature: %v", err)
			}
		})
	}
}

// TestInteropJwtcoreSignsOpenSSLVerifies: openssl accepts jwtcore's signatures.
func TestInteropJwtcoreSignsOpenSSLVerifies(t *testing.T) {
	bin := needOpenSSL(t)
	dir := t.TempDir()
	for _, tt := range []struct{ alg, priv, pub string }{
		{"RS256", "mediawiki-rsa4096.key", "mediawiki-rsa4096.pub"},
		{"RS384", "rsa2048.key", "rsa2048.pub"},
		{"ES256", "ec-p256.key", "ec-p256.pub"},
		{"EdDSA", "ed25519.key", "ed25519.pub"},
	} {
		t.Run(tt.alg, func(t *testing.T) {
			token := mustIssue(t, tt.alg, tt.priv, nil, "iss", "https://meta.wikimedia.org", "sub", "mw:CentralAuth::1")
			h, c, s := splitToken(token)
			sig, _ := decodeBase64URL(s)
			in, sigFile := filepath.Join(dir, "in"), filepath.Join(dir, "sig")
			os.WriteFile(in, []byte(h+"."+c), 0o600)
			switch tt.alg {
			case "EdDSA":
				os.WriteFile(sigFile, sig, 0o600)
				runOpenSSL(t, bin, nil, "pkeyutl", "-verify", "-pubin", "-inkey", keyPath(tt.pub), "-rawin", "-in", in, "-sigfile", sigFile)
			case "ES256":
				der, err := asn1.Marshal(ecdsaDER{new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])})
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(sigFile, der, 0o600)
				runOpenSSL(t, bin, nil, "dgst", "-sha256", "-verify", keyPath(tt.pub), "-signature", sigFile, in)
			default:
				os.WriteFile(sigFile, sig, 0o600)
				runOpenSSL(t, bin, nil, "dgst", "-sha"+tt.alg[2:], "-verify", keyPath(tt.pub), "-signature", sigFile, in)
			}
		})
	}
}

// TestInteropGolangJWT: golang-jwt/v5 (test-only) verifies jwtcore's tokens and jwtcore
// verifies golang-jwt's.
func TestInteropGolangJWT(t *testing.T) {
	hmacSecret := []byte(strings.Repeat("s", 32))
	for _, tt := range []struct {
		alg, priv, pub string
		method         gojwt.SigningMethod
	}{
		{"RS256", "mediawiki-rsa4096.key", "mediawiki-rsa4096.pub", gojwt.SigningMethodRS256},
		{"ES256", "ec-p256.key", "ec-p256.pub", gojwt.SigningMethodES256},
		{"EdDSA", "ed25519.key", "ed25519.pub", gojwt.SigningMethodEdDSA},
		{"HS256", "", "", gojwt.SigningMethodHS256},
	} {
		t.Run(tt.alg, func(t *testing.T) {
			var ours *Key
			var theirsSign, theirsVerify any
			if tt.priv == "" {
				ours = NewSecretKey(hmacSecret)
				theirsSign, theirsVerify = hmacSecret, hmacSecret
			} else {
				ours = loadTestKey(t, tt.priv)
				switch p := ours.Private.(type) {
				case *rsa.PrivateKey:
					theirsSign, theirsVerify = p, &p.PublicKey
				case *ecdsa.PrivateKey:
					theirsSign, theirsVerify = p, &p.PublicKey
				case ed25519.PrivateKey:
					theirsSign, theirsVerify = p, p.Public()
				}
			}
			signer, _ := NewSigner(tt.alg, Lcobucci5)
			token, err := Issue(signer, ours, nil, NewObject("sub", "mw:CentralAuth::7", "exp", testNow.Unix()+60))
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := gojwt.Parse(token, func(*gojwt.Token) (any, error) { return theirsVerify, nil },
				gojwt.WithValidMethods([]string{tt.alg}), gojwt.WithTimeFunc(func() time.Time { return testNow }))
			if err != nil || !parsed.Valid {
				t.Fatalf("golang-jwt refused jwtcore's token: %v", err)
			}
			theirs, err := gojwt.NewWithClaims(tt.method, gojwt.MapClaims{"sub": "mw:CentralAuth::7", "exp": testNow.Unix() + 60}).SignedString(theirsSign)
			if err != nil {
				t.Fatal(err)
			}
			tok := mustParse(t, theirs)
			if err := Validate(tok, SignedWith(signer, ours), LooseValidAt(FixedClock(testNow), 0), RelatedTo("mw:CentralAuth::7")); err != nil {
				t.Fatalf("jwtcore refused golang-jwt's token: %v", err)
			}
			if err := Validate(tok, LooseValidAt(FixedClock(testNow.Add(time.Minute)), 0)); errText(err) != "The token violates some mandatory constraints, details:\n- The token is expired" {
				t.Fatalf("expiry: %v", err)
			}
		})
	}
}
