package cli

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/internal/jwttest"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/normalize"
)

// tokensFixture is the committed log of the token golden cases (testdata/cli/report/
// tokens-*): lines that carry MediaWiki session tokens issued by jwtcore under the
// fixture keys (testdata/keys), each logged as MediaWiki (or an install that logs the
// cookie) would log it. TestTokensFixtureUpToDate regenerates it and fails when the
// committed file differs; `go test ./cli -run TestTokensFixture -update` rewrites it.
var tokensFixture = filepath.Join("..", "testdata", "tokens", "tokens.jsonl")

// fixtureLine is one log line of the fixture and what verifying its token again with
// both fixture keys (mediawiki.jwks.json) must give: the reproduced kind ("" verifies)
// and the key whose signature matches ("" none).
type fixtureLine struct {
	doc      *jwtcore.Object
	token    string
	wantKind string
	wantKey  string
}

func TestTokensFixtureUpToDate(t *testing.T) {
	var buf bytes.Buffer
	for _, l := range tokenFixtureLines(t) {
		b, err := l.doc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	if *update {
		if err := os.WriteFile(tokensFixture, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(tokensFixture)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -run TestTokensFixture -update)", err)
	}
	if !bytes.Equal(committed, buf.Bytes()) {
		t.Fatalf("%s is not what the generator writes: run go test ./cli -run TestTokensFixture -update", tokensFixture)
	}
}

// tokenFixtureLines builds the fixture. Tokens are issued at 05:00 on 2025-10-15
// (soft expiry 09:00) unless said otherwise; RS256 and EdDSA signatures are
// deterministic, so the file is the same on every run.
func tokenFixtureLines(t testing.TB) []fixtureLine {
	t.Helper()
	day := time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC)
	iat := day.Add(5 * time.Hour)
	current, retired := jwttest.Key(t, "mediawiki-rsa4096.key"), jwttest.Key(t, "retired-rsa4096.key")
	const meta = "https://meta.wikimedia.org"
	session := func(key *jwtcore.Key, sub string, issued time.Time, extra ...any) string {
		t.Helper()
		c := mediawiki.Claims{Issuer: meta, Subject: sub, JTI: "q0M/x+Yh2Z8bq1jv0i0q5w==", IssuedAt: issued}
		if len(extra) > 0 {
			c.Extra = jwtcore.NewObject(extra...)
		}
		tok, err := mediawiki.Issue(key, c, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	user := session(current, "mw:CentralAuth::12345", iat)
	userParts := strings.Split(user, ".")
	one := strings.Split(session(current, "mw:CentralAuth::1", iat), ".")
	tampered := userParts[0] + "." + one[1] + "." + userParts[2] // user 1's claims, user 12345's signature
	std := strings.Split(session(current, "mw:CentralAuth::777", iat), ".")
	rawClaims, _ := base64.RawURLEncoding.DecodeString(std[1])
	stdClaims := base64.StdEncoding.EncodeToString(rawClaims)
	if !strings.ContainsAny(stdClaims, "+/=") {
		t.Fatal("the standard-base64 claims would be valid base64url: pick another subject")
	}
	edSigner, err := jwtcore.NewSigner("EdDSA", jwtcore.Lcobucci5)
	if err != nil {
		t.Fatal(err)
	}
	eddsa, err := jwtcore.Issue(edSigner, jwttest.Key(t, "ed25519.key"), nil,
		jwtcore.NewObject("iss", meta, "sub", "mw:CentralAuth::31337", "iat", iat.Unix()))
	if err != nil {
		t.Fatal(err)
	}

	at := func(hh, mm int) string {
		return day.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute).Format("2006-01-02T15:04:05.000Z")
	}
	const mismatch = "The token violates some mandatory constraints, details:\n- Token signature mismatch"
	const expired = "The token violates some mandatory constraints, details:\n- The token is expired"
	// invalidJWT is MediaWiki's `Invalid JWT: {error}` line on channel json, in the flat
	// Logstash layout.
	invalidJWT := func(ts, wiki, errText, token string) *jwtcore.Object {
		return jwtcore.NewObject("@timestamp", ts, "type", "mediawiki", "channel", "json", "level", "INFO",
			"message", "Invalid JWT: "+errText, "normalized_message", "Invalid JWT: {error}", "wiki", wiki,
			"mwversion", "1.46.0-wmf.1", "error", errText, "jwtString", token, "jwtLength", len(token))
	}
	// monologInvalidJWT is the same line as Monolog's JsonFormatter writes it.
	monologInvalidJWT := func(ts, wiki, errText, token string) *jwtcore.Object {
		return jwtcore.NewObject("message", "Invalid JWT: "+errText,
			"context", jwtcore.NewObject("error", errText, "jwtString", token, "jwtLength", len(token)),
			"level", 200, "level_name", "INFO", "channel", "json", "datetime", strings.Replace(ts, "Z", "000+00:00", 1),
			"extra", jwtcore.NewObject("wiki", wiki, "mwversion", "1.46.0-wmf.1"))
	}
	// failed is a `JWT validation failed` line of an install that logs the cookie as
	// sessionJwt; context holds the exception's context keys.
	failed := func(ts, wiki, errText, token string, context ...any) *jwtcore.Object {
		doc := jwtcore.NewObject("@timestamp", ts, "type", "mediawiki", "channel", "session", "level", "INFO",
			"message", "JWT validation failed: "+errText, "normalized_message", "JWT validation failed: {error}",
			"wiki", wiki, "mwversion", "1.46.0-wmf.1")
		if ts == "" {
			doc = jwtcore.NewObject("type", "mediawiki", "channel", "session", "level", "INFO",
				"message", "JWT validation failed: "+errText, "wiki", wiki)
		}
		for i := 0; i+1 < len(context); i += 2 {
			doc.Set(context[i].(string), context[i+1])
		}
		doc.Set("sessionJwt", token)
		return doc
	}
	softExpiredToken := session(current, "mw:CentralAuth::222900", iat.Add(-4*time.Hour))
	// on145 moves a line to a wiki still on 1.45 during the weekly train: its token is
	// verified with 1.45's chain (lcobucci 4.1.5, exp handed back as a DateTimeImmutable).
	on145 := func(doc *jwtcore.Object) *jwtcore.Object {
		doc.Set("mwversion", "1.45.0-wmf.27")
		return doc
	}
	laterExp := session(current, "mw:CentralAuth::12345", iat, "exp", iat.Add(2*time.Hour).Unix())
	emptySig := userParts[0] + "." + userParts[1] + "."
	return []fixtureLine{
		// A truncated cookie, logged twice: the parser is right.
		{monologInvalidJWT(at(5, 10), "frwiki", "The JWT string must have two dots", userParts[0]+"."+userParts[1]),
			userParts[0] + "." + userParts[1], "malformed", ""},
		{invalidJWT(at(5, 20), "enwiki", "The JWT string must have two dots", userParts[0]+"."+userParts[1]),
			userParts[0] + "." + userParts[1], "malformed", ""},
		// Claims in standard base64 with padding.
		{invalidJWT(at(5, 30), "eswiki", "Error while decoding from Base64Url, invalid base64 characters detected",
			std[0]+"."+stdClaims+"."+std[2]), std[0] + "." + stdClaims + "." + std[2], "malformed", ""},
		// Signed with the retired key: a mismatch for the key in service, valid for the retired one.
		{monologInvalidJWT(at(5, 40), "dewiki", mismatch, session(retired, "mw:CentralAuth::4242", iat)),
			session(retired, "mw:CentralAuth::4242", iat), "", "mw-retired"},
		// Tampered claims, logged twice (the same token: one signature fingerprint).
		{failed(at(6, 0), "enwiki", mismatch, tampered), tampered, "bad-signature", ""},
		{failed(at(6, 5), "enwiki", mismatch, tampered), tampered, "bad-signature", ""},
		// Hard expiry (exp) at 06:00, logged at 06:10.
		{failed(at(6, 10), "enwiki", expired, session(current, "mw:CentralAuth::12345", iat, "exp", iat.Add(time.Hour).Unix())),
			session(current, "mw:CentralAuth::12345", iat, "exp", iat.Add(time.Hour).Unix()), "expired", "mw-2026"},
		// Logged as expired, but its exp (07:00) is after the line's time (a skewed clock).
		// On a 1.45 wiki, the exp that LooseValidAt lets through makes verifyJwtCookie
		// throw a PHP TypeError (1.45's codec hands it back as a DateTimeImmutable); on a
		// 1.46 wiki, whose codec hands back an integer, the same token verifies.
		{on145(failed(at(6, 15), "enwiki", expired, laterExp)), laterExp, "other-jwt", "mw-2026"},
		{failed(at(6, 16), "dewiki", expired, laterExp), laterExp, "", "mw-2026"},
		// A user's cookie on an anonymous session (1.45's wording).
		{failed(at(6, 20), "commonswiki", "JWT error: wrong subject", user, "expected_subject", "anon", "subject", "CentralAuth::12345"),
			user, "anon-expected-user-found", "mw-2026"},
		// Another user's cookie.
		{failed(at(6, 25), "commonswiki", "JWT error: wrong user ID", user, "expected_central_id", 999, "central_id", 12345),
			user, "wrong-user-id", "mw-2026"},
		// Soft-expired at 05:00, seen at 06:30 on the sampled channel (ECS layout).
		{jwtcore.NewObject("@timestamp", at(6, 30), "ecs", jwtcore.NewObject("version", "1.11.0"),
			"log", jwtcore.NewObject("level", "WARNING"), "message", "Soft-expired JWT cookie",
			"labels", jwtcore.NewObject("channel", "session-sampled", "normalized_message", "Soft-expired JWT cookie",
				"wiki", "enwiki", "jti", "q0M/x+Yh2Z8bq1jv0i0q5w==", "expiry", iat.Add(-4*time.Hour).Add(4*time.Hour).Unix(),
				"expired_by", 5400, "subject", "mw:CentralAuth::222900", "user", "MwClientBot", "sessionJwt", softExpiredToken)),
			softExpiredToken, "soft-expired", "mw-2026"},
		// Not a JWT at all.
		{failed(at(6, 35), "enwiki", "The JWT string must have two dots", "not-a-jwt"), "not-a-jwt", "malformed", ""},
		// No time: decoded, not verified again.
		{failed("", "enwiki", mismatch, user), user, "(not verified)", ""},
		// Signed with EdDSA: MediaWiki's RS256 signer refuses the header.
		{failed(at(6, 40), "enwiki", "The token violates some mandatory constraints, details:\n- Token signer mismatch", eddsa),
			eddsa, "bad-signature", ""},
		// Issued by another wiki farm's central wiki.
		{failed(at(6, 42), "enwiki", "JWT error: wrong issuer", fixtureIssuerToken(t, current, iat),
			"expected_issuer", meta, "issuer", "https://login.example.org"),
			fixtureIssuerToken(t, current, iat), "wrong-issuer", "mw-2026"},
		// A cookie cut after its last dot, on both releases: lcobucci 4.1.5 (1.45) reads the
		// empty signature as a mismatch, 5.x (1.46) as a token without its signature part.
		{on145(failed(at(6, 50), "enwiki", mismatch, emptySig)), emptySig, "bad-signature", ""},
		{failed(at(6, 51), "dewiki", "The JWT string is missing the Signature part", emptySig), emptySig, "malformed", ""},
		// Retired key and expired: what fails once the rotation is known is the expiry.
		{failed(at(6, 45), "dewiki", mismatch, session(retired, "mw:CentralAuth::4242", iat, "exp", iat.Add(time.Hour).Unix())),
			session(retired, "mw:CentralAuth::4242", iat, "exp", iat.Add(time.Hour).Unix()), "expired", "mw-retired"},
	}
}

func fixtureIssuerToken(t testing.TB, key *jwtcore.Key, iat time.Time) string {
	t.Helper()
	tok, err := mediawiki.Issue(key, mediawiki.Claims{
		Issuer: "https://login.example.org", Subject: "mw:CentralAuth::12345", JTI: "q0M/x+Yh2Z8bq1jv0i0q5w==", IssuedAt: iat,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestTokensFixtureReproduces checks every fixture line through normalize and the token
// stage: the token is found wherever the layout put it, and verifying it again with
// both fixture keys gives the kind and key the line was built for.
func TestTokensFixtureReproduces(t *testing.T) {
	norm, err := normalize.New(normalize.WithChannels("session", "session-sampled", "json"))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "testdata", "keys", "mediawiki.jwks.json"))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := tokens.LoadKeys(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tokens.NewReproducer(keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range tokenFixtureLines(t) {
		raw, _ := l.doc.MarshalJSON()
		events, err := norm.AppendEventsJSON(nil, raw)
		if err != nil || len(events) != 1 {
			t.Fatalf("line %d: %d events, %v", i+1, len(events), err)
		}
		ev := &events[0]
		if ev.Token != l.token {
			t.Fatalf("line %d: normalize found token %.20q…, want %.20q…", i+1, ev.Token, l.token)
		}
		f := r.Inspect(ev)
		got, key := "(not verified)", ""
		if f.Reproduced != nil {
			got, key = f.Reproduced.Kind, f.Reproduced.Key
		}
		if got != l.wantKind || key != l.wantKey {
			t.Errorf("line %d (%s): reproduced %q under %q, want %q under %q", i+1, ev.Kind, got, key, l.wantKind, l.wantKey)
		}
	}
}
