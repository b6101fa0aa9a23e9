package tokens

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/jwttest"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
)

// keysDir is the repository's fixture keys (testdata/keys/README.md).
var keysDir = filepath.Join("..", "..", "testdata", "keys")

// issuedAt is the iat of every test token; sxp is 4 hours later.
var issuedAt = time.Date(2025, 10, 15, 5, 0, 0, 0, time.UTC)

const testIssuer = "https://meta.wikimedia.org"

// issue signs a MediaWiki session cookie for sub with a fixture private key; extra
// claims (alternating names and values) follow iat.
func issue(t testing.TB, keyFile, sub string, extra ...any) string {
	t.Helper()
	var ex *jwtcore.Object
	if len(extra) > 0 {
		ex = jwtcore.NewObject(extra...)
	}
	tok, err := mediawiki.Issue(jwttest.Key(t, keyFile), mediawiki.Claims{
		Issuer: testIssuer, Subject: sub, JTI: "q0M/x+Yh2Z8bq1jv0i0q5w==", IssuedAt: issuedAt, Extra: ex,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// publicKeys loads the public halves of fixture key files, in order.
func publicKeys(t testing.TB, files ...string) []*jwtcore.Key {
	t.Helper()
	var keys []*jwtcore.Key
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(keysDir, f))
		if err != nil {
			t.Fatal(err)
		}
		ks, err := LoadKeys(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		keys = append(keys, ks...)
	}
	return keys
}
