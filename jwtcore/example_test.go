package jwtcore_test

import (
	"fmt"
	"os"
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

// Verifying a session cookie as MediaWiki 1.46 does, with the current and a retired key.
func ExampleVerifyMediaWikiSession() {
	var keys []*jwtcore.Key
	for _, f := range []string{"../testdata/keys/mediawiki-rsa4096.pub", "../testdata/keys/retired-rsa4096.pub"} {
		data, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		ks, err := jwtcore.LoadKeys(data, false)
		if err != nil {
			panic(err)
		}
		keys = append(keys, ks...)
	}
	cookie := "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN4cCI6MTc2MDUxODgwMCwianRpIjoicTBNL3grWWgyWjhicTFqdjBpMHE1dz09Iiwic3ViIjoibXc6YW5vbiIsImlhdCI6MTc2MDUwNDQwMH0.signature-does-not-matter-here"
	r := jwtcore.VerifyMediaWikiSession(cookie, keys, jwtcore.MediaWikiSession{
		Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345,
	}, time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC))
	fmt.Println(r.Valid, r.Kind, r.Reason)
	fmt.Printf("%s %q\n", r.Log.Channel, r.Log.Message)
	// Output:
	// false malformed base64
	// session "JWT validation failed: Error while decoding from Base64Url, invalid base64 characters detected"
}
