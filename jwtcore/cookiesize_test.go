package jwtcore

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMediaWikiCookieSize prints the size of a MediaWiki session cookie per algorithm
// (Phabricator T407194) and checks each against its arithmetic: the same header shape and
// claims, plus the base64url of a signature of the algorithm's fixed length.
func TestMediaWikiCookieSize(t *testing.T) {
	claims := func() *Object {
		return NewObject("iss", "https://meta.wikimedia.org", "sxp", testNow.Unix()+14400,
			"jti", "q0M/x+Yh2Z8bq1jv0i0q5w==", "sub", "mw:CentralAuth::12345678", "iat", testNow.Unix())
	}
	rows := []struct {
		name, alg, keyFile string
		sigBytes           int
	}{
		{"RS256-4096", "RS256", "mediawiki-rsa4096.key", 512},
		{"RS256-2048", "RS256", "rsa2048.key", 256},
		{"ES256", "ES256", "ec-p256.key", 64},
		{"EdDSA", "EdDSA", "ed25519.key", 64},
	}
	var table strings.Builder
	table.WriteString("| algorithm | token bytes | `sessionJwt=<token>` bytes |\n|---|---|---|\n")
	for _, r := range rows {
		signer, _ := NewSigner(r.alg, Lcobucci5)
		tok, err := Issue(signer, loadTestKey(t, r.keyFile), nil, claims())
		if err != nil {
			t.Fatal(err)
		}
		h, c, s := splitToken(tok)
		wantHeader := len(enc(`{"typ":"JWT","alg":"` + r.alg + `"}`))
		wantSig := (r.sigBytes*8 + 5) / 6
		if len(h) != wantHeader || len(s) != wantSig || len(tok) != len(h)+len(c)+len(s)+2 {
			t.Fatalf("%s: header %d (want %d), signature %d (want %d)", r.name, len(h), wantHeader, len(s), wantSig)
		}
		table.WriteString("| " + r.name + " | " + itoa(len(tok)) + " | " + itoa(len("sessionJwt=")+len(tok)) + " |\n")
	}
	t.Logf("MediaWiki session cookie (claims iss, sxp, jti, sub=mw:CentralAuth::<8 digits>, iat) at %s:\n%s",
		testNow.UTC().Format(time.RFC3339), table.String())
}

func itoa(n int) string { return strconv.Itoa(n) }
