package mediawiki_test

import (
	"bytes"
	"fmt"
	"os"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
)

// Verifying a session cookie as MediaWiki 1.46 does, with the current and a retired key.
func ExampleVerify() {
	keys := fixtureKeys("mediawiki-rsa4096.pub", "retired-rsa4096.pub")
	cookie := "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN4cCI6MTc2MDUxODgwMCwianRpIjoicTBNL3grWWgyWjhicTFqdjBpMHE1dz09Iiwic3ViIjoibXc6YW5vbiIsImlhdCI6MTc2MDUwNDQwMH0.signature-does-not-matter-here"
	r := mediawiki.Verify(cookie, keys, mediawiki.Session{
		Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345,
	}, time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC))
	fmt.Println(r.Valid, r.Kind, r.Reason)
	fmt.Printf("%s %q\n", r.Log.Channel, r.Log.Message)
	// Output:
	// false malformed base64
	// session "JWT validation failed: Error while decoding from Base64Url, invalid base64 characters detected"
}

// Issuing a session cookie as MediaWiki does (claims iss, sxp, jti, sub, iat, RS256) and
// checking it with MediaWiki 1.45's chain an hour later.
func ExampleIssue() {
	keys := fixtureKeys("mediawiki-rsa4096.key")
	issued := time.Date(2025, 10, 15, 5, 0, 0, 0, time.UTC)
	cookie, err := mediawiki.Issue(keys[0], mediawiki.Claims{
		Issuer: "https://meta.wikimedia.org", Subject: "mw:CentralAuth::12345", IssuedAt: issued,
	}, bytes.NewReader(make([]byte, 16))) // the jti's 16 random bytes, fixed here
	if err != nil {
		panic(err)
	}
	tok, _ := jwtcore.NewParser().Parse(cookie)
	claims, _ := tok.Claims.MarshalJSON()
	fmt.Println(string(claims))

	r := mediawiki.Verify(cookie, keys, mediawiki.Session{
		Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345, Version: mediawiki.V145,
	}, issued.Add(time.Hour))
	fmt.Println(r.Valid, r.Log == nil, r.Refresh)
	// Output:
	// {"iss":"https://meta.wikimedia.org","sxp":1760518800,"jti":"AAAAAAAAAAAAAAAAAAAAAA==","sub":"mw:CentralAuth::12345","iat":1760504400}
	// true true false
}

// A cookie carrying an exp an hour ahead (MediaWiki's own cookies carry none): 1.46's
// codec hands exp back as an integer and the cookie verifies; 1.45's hands back a
// DateTimeImmutable, and the hard-expiry check throws a TypeError that nothing logs.
// The release comes from a log line's mwversion field.
func ExampleParseVersion() {
	keys := fixtureKeys("mediawiki-rsa4096.key")
	now := time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)
	cookie, err := mediawiki.Issue(keys[0], mediawiki.Claims{
		Issuer: "https://meta.wikimedia.org", Subject: "mw:CentralAuth::12345", IssuedAt: now.Add(-time.Minute),
		Extra: jwtcore.NewObject("exp", now.Add(time.Hour).Unix()),
	}, bytes.NewReader(make([]byte, 16)))
	if err != nil {
		panic(err)
	}
	for _, mwversion := range []string{"1.46.0-wmf.5", "1.45.0-wmf.27"} {
		v, _ := mediawiki.ParseVersion(mwversion)
		r := mediawiki.Verify(cookie, keys, mediawiki.Session{
			Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345, Version: v,
		}, now)
		fmt.Printf("%s (%s): valid=%v logged=%v err=%v\n", mwversion, v, r.Valid, r.Log != nil, r.Err)
	}
	// Output:
	// 1.46.0-wmf.5 (1.46): valid=true logged=false err=<nil>
	// 1.45.0-wmf.27 (1.45): valid=false logged=false err=PHP TypeError: Unsupported operand types: int - DateTimeImmutable (the exp claim in verifyJwtCookie)
}

// fixtureKeys loads the repository's test keys (testdata/keys), in order.
func fixtureKeys(files ...string) []*jwtcore.Key {
	var keys []*jwtcore.Key
	for _, f := range files {
		data, err := os.ReadFile("../../testdata/keys/" + f)
		if err != nil {
			panic(err)
		}
		ks, err := jwtcore.LoadKeys(data, false)
		if err != nil {
			panic(err)
		}
		keys = append(keys, ks...)
	}
	return keys
}
