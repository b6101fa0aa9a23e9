package jwtcore

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"runtime"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	josejwt "github.com/go-jose/go-jose/v4/jwt"
	gojwt "github.com/golang-jwt/jwt/v5"
)

// benchCase is one algorithm with its token and keys in each library's form.
type benchCase struct {
	name, alg string
	token     string
	key       *Key // public, jwtcore
	pub       any  // public, crypto form for the peers
	joseAlg   jose.SignatureAlgorithm
}

func benchCases(b *testing.B) []benchCase {
	b.Helper()
	mk := func(name, alg, priv, pubFile string, ja jose.SignatureAlgorithm) benchCase {
		tok := mustIssue(b, alg, priv, nil, "iss", "https://meta.wikimedia.org", "sxp", testNow.Unix()+14400,
			"jti", "q0M/x+Yh2Z8bq1jv0i0q5w==", "sub", "mw:CentralAuth::12345", "iat", testNow.Unix()-60)
		k := loadTestKey(b, pubFile)
		return benchCase{name: name, alg: alg, token: tok, key: k, pub: k.Public, joseAlg: ja}
	}
	return []benchCase{
		mk("RS256-4096", "RS256", "mediawiki-rsa4096.key", "mediawiki-rsa4096.pub", jose.RS256),
		mk("EdDSA", "EdDSA", "ed25519.key", "ed25519.pub", jose.EdDSA),
		mk("ES256", "ES256", "ec-p256.key", "ec-p256.pub", jose.ES256),
	}
}

// measureCPU runs the benchmark loop on one locked OS thread and also reports that
// thread's CPU time per operation ("cpu-ns/op"): unlike wall time it does not grow when
// other processes take the cores. Garbage collection on other threads is not counted.
func measureCPU(b *testing.B, op func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start, ok := threadCPUTime()
	for b.Loop() {
		op()
	}
	if end, ok2 := threadCPUTime(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkParseVerify compares parse+verify (signature and time claims) of jwtcore with
// golang-jwt/v5 and go-jose/v4 in the same run, on a MediaWiki-shaped session token.
func BenchmarkParseVerify(b *testing.B) {
	for _, c := range benchCases(b) {
		signer, _ := NewSigner(c.alg, Lcobucci5)
		clock := FixedClock(testNow)
		b.Run(c.name+"/jwtcore", func(b *testing.B) {
			b.ReportAllocs()
			measureCPU(b, func() {
				tok, err := NewParser().Parse(c.token)
				if err != nil {
					b.Fatal(err)
				}
				if err := Validate(tok, SignedWith(signer, c.key), LooseValidAt(clock, 0)); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(c.name+"/golang-jwt-v5", func(b *testing.B) {
			p := gojwt.NewParser(gojwt.WithValidMethods([]string{c.alg}), gojwt.WithTimeFunc(func() time.Time { return testNow }))
			keyFunc := func(*gojwt.Token) (any, error) { return c.pub, nil }
			b.ReportAllocs()
			measureCPU(b, func() {
				if _, err := p.Parse(c.token, keyFunc); err != nil {
					b.Fatal(err)
				}
			})
		})
		b.Run(c.name+"/go-jose-v4", func(b *testing.B) {
			b.ReportAllocs()
			measureCPU(b, func() {
				t, err := josejwt.ParseSigned(c.token, []jose.SignatureAlgorithm{c.joseAlg})
				if err != nil {
					b.Fatal(err)
				}
				var claims josejwt.Claims
				if err := t.Claims(c.pub, &claims); err != nil {
					b.Fatal(err)
				}
				if err := claims.ValidateWithLeeway(josejwt.Expected{Time: testNow}, 0); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkRSA4096Verify isolates the signature check: the per-key verifier against
// crypto/rsa.VerifyPKCS1v15 on the same 4096-bit key and signature.
func BenchmarkRSA4096Verify(b *testing.B) {
	key := loadTestKey(b, "mediawiki-rsa4096.key")
	priv := key.Private.(*rsa.PrivateKey)
	digest := sha256.Sum256([]byte("payload"))
	sig, err := rsa.SignPKCS1v15(nil, priv, crypto.SHA256, digest[:])
	if err != nil {
		b.Fatal(err)
	}
	v := newRSAPKCS1Verifier(&priv.PublicKey)
	b.Run("jwtcore-per-key", func(b *testing.B) {
		b.ReportAllocs()
		measureCPU(b, func() {
			if !v.verify(crypto.SHA256, digest[:], sig) {
				b.Fatal("refused")
			}
		})
	})
	b.Run("crypto-rsa", func(b *testing.B) {
		b.ReportAllocs()
		measureCPU(b, func() {
			if err := rsa.VerifyPKCS1v15(&priv.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
				b.Fatal(err)
			}
		})
	})
}
