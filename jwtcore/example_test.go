package jwtcore_test

import (
	"fmt"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// Decoding a token without trusting it, and naming the failure the way the logs do.
func ExampleParser_Parse() {
	tok, err := jwtcore.NewParser().Parse("eyJhbGciOiJSUzI1NiJ9.e30.")
	kind, reason := jwtcore.KindOf(err)
	fmt.Println(tok == nil, err, kind, reason)

	tok, _ = jwtcore.NewParser().Parse("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtdzphbm9uIiwiaWF0IjoxNzYwNTA0NDAwfQ.AA")
	sub, _ := tok.ClaimString("sub")
	fmt.Println(tok.Alg(), sub, tok.IssuedAt.UTC().Format(time.RFC3339))
	// Output:
	// true The JWT string is missing the Signature part malformed structure
	// RS256 mw:anon 2025-10-15T05:00:00Z
}

// Issuing a token as lcobucci's Builder does, then checking it as its Validator would
// with SignedWith and LooseValidAt.
func ExampleIssue() {
	signer, _ := jwtcore.NewSigner("HS256", jwtcore.Lcobucci5)
	key := jwtcore.NewSecretKey([]byte("a secret of thirty-two bytes !!!"))
	token, err := jwtcore.Issue(signer, key, nil, jwtcore.NewObject("sub", "mw:anon", "iat", 1760504400))
	fmt.Println(token, err)

	tok, _ := jwtcore.NewParser().Parse(token)
	_, err = jwtcore.VerifyWithKeys(tok, signer, []*jwtcore.Key{key}, jwtcore.FixedClock(time.Unix(1760504400, 0)))
	fmt.Println("valid:", err == nil)
	_, err = jwtcore.VerifyWithKeys(tok, signer, []*jwtcore.Key{jwtcore.NewSecretKey([]byte("another secret of thirty-two !!!"))}, jwtcore.FixedClock(time.Unix(1760504400, 0)))
	kind, reason := jwtcore.KindOf(err)
	fmt.Println(kind, reason)
	// Output:
	// eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtdzphbm9uIiwiaWF0IjoxNzYwNTA0NDAwfQ.qey-QGrvhTb9hpglPsZzzlq6SZ_m41OZPAT_oQ0SRu4 <nil>
	// valid: true
	// bad-signature signature
}
