package mediawiki_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/jwttest"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/mwlog"
)

// mwToken issues a session token with the MediaWiki fixture key (or another), iat one
// minute before testNow, with sub and extra claims.
func mwToken(t *testing.T, keyFile, sub string, iat time.Time, extra ...any) string {
	t.Helper()
	tok, err := mediawiki.Issue(jwttest.Key(t, keyFile), mediawiki.Claims{
		Issuer: "https://meta.wikimedia.org", Subject: sub, JTI: "q0M/x+Yh2Z8bq1jv0i0q5w==",
		IssuedAt: iat, Extra: jwtcore.NewObject(extra...),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func ctxJSON(t *testing.T, o *jwtcore.Object) string {
	t.Helper()
	if o == nil {
		return ""
	}
	if o.Len() == 0 {
		return "[]" // Monolog writes an empty context as PHP's empty array
	}
	s, err := o.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(s)
}

func TestVerify(t *testing.T) {
	mwKey := []*jwtcore.Key{jwttest.Key(t, "mediawiki-rsa4096.pub")}
	alice := mediawiki.Session{Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345}
	anon := mediawiki.Session{Issuer: "https://meta.wikimedia.org", User: "anon"}
	anonIP := mediawiki.Session{Issuer: "https://meta.wikimedia.org", User: "192.0.2.7"}
	old := func(s mediawiki.Session) mediawiki.Session { s.Version = mediawiki.V145; return s }
	recent := testNow.Add(-time.Minute)
	user := mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", recent)
	tests := []struct {
		name    string
		token   string
		keys    []*jwtcore.Key
		session mediawiki.Session
		valid   bool
		kind    mwlog.Kind
		channel string
		message string
		context string
	}{
		{"valid user", user, mwKey, alice, true, "", "", "", ""},
		{"no cookie", "", mwKey, alice, true, "", "", "", ""},
		{"deleted cookie", "deleted", mwKey, alice, true, "", "", "", ""},
		{"two dots", "abc", mwKey, alice, false, mwlog.KindMalformed, "session", "JWT validation failed: The JWT string must have two dots", "[]"},
		{"base64", "a.b.c", mwKey, alice, false, mwlog.KindMalformed, "session", "JWT validation failed: Error while decoding from Base64Url, invalid base64 characters detected", "[]"},
		{"retired key", mwToken(t, "retired-rsa4096.key", "mw:CentralAuth::12345", recent), mwKey, alice, false, mwlog.KindBadSignature, "session",
			"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch", "[]"},
		{"retired key accepted when both keys given", mwToken(t, "retired-rsa4096.key", "mw:CentralAuth::12345", recent),
			append(mwKey, jwttest.Key(t, "retired-rsa4096.pub")), alice, true, "", "", "", ""},
		{"expired", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", recent, "exp", testNow.Unix()), mwKey, alice, false, mwlog.KindExpired, "session",
			"JWT validation failed: The token violates some mandatory constraints, details:\n- The token is expired", "[]"},
		{"issued in the future", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", testNow.Add(time.Second)), mwKey, alice, false, mwlog.KindNotYetValid, "session",
			"JWT validation failed: The token violates some mandatory constraints, details:\n- The token was issued in the future", "[]"},
		{"wrong user ID", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::999", recent), mwKey, alice, false, mwlog.KindWrongUserID, "session",
			"JWT validation failed: JWT error: wrong user ID", `{"expected_central_id":12345,"central_id":999}`},
		{"user expected, anon found", mwToken(t, "mediawiki-rsa4096.key", "mw:anon", recent), mwKey, alice, false, mwlog.KindUserExpectedAnonFound, "session",
			"JWT validation failed: JWT error: wrong subject", `{"expected_subject":"Alice","subject":"anon"}`},
		{"anon expected (1.45 fails)", user, mwKey, old(anon), false, mwlog.KindAnonExpectedUserFound, "session",
			"JWT validation failed: JWT error: wrong subject", `{"expected_subject":"anon","subject":"CentralAuth::12345"}`},
		{"anon session with user cookie (1.46 warns, accepts)", user, mwKey, anonIP, true, mwlog.KindAnonExpectedUserFound, "session-sampled",
			"Non-anon JWT cookie for anon session",
			`{"jwt_error":"JWT error: wrong subject","jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","subject":"mw:CentralAuth::12345","session_provider_type":"CentralAuthSessionProvider","expected_subject":"anon"}`},
		{"anon session with anon cookie", mwToken(t, "mediawiki-rsa4096.key", "mw:anon", recent), mwKey, anon, true, "", "", "", ""},
		{"empty sub", mwToken(t, "mediawiki-rsa4096.key", "", recent), mwKey, alice, false, mwlog.KindMalformed, "session", "JWT validation failed: JWT error: wrong schema for sub", "[]"},
		{"missing sub", jwttest.Sign(t, "RS256", "mediawiki-rsa4096.key", nil, "iss", "https://meta.wikimedia.org", "iat", recent.Unix()), mwKey, alice, false, mwlog.KindMalformed, "session", "JWT validation failed: JWT error: missing sub key", "[]"},
		{"wrong schema", mwToken(t, "mediawiki-rsa4096.key", "CentralAuth::12345", recent), mwKey, alice, false, mwlog.KindMalformed, "session", "JWT validation failed: JWT error: wrong schema for sub", "[]"},
		{"more than two colons: missing subject scope", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12:34", recent), mwKey, alice, false, mwlog.KindMalformed, "session",
			"JWT validation failed: JWT error: missing subject scope", `{"subject":"CentralAuth::12:34"}`},
		{"no colon: explode leaves nulls, wrong provider", mwToken(t, "mediawiki-rsa4096.key", "mw:12345", recent), mwKey, alice, false, mwlog.KindWrongProvider, "session",
			"JWT validation failed: JWT error: wrong provider", `{"expected_provider_id":"CentralAuth","provider_id":"12345"}`},
		{"one colon: wrong scope", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth:12345", recent), mwKey, alice, false, mwlog.KindWrongScope, "session",
			"JWT validation failed: JWT error: wrong scope", `{"expected_centralid_scope":"CentralAuth:","centralid_scope":"CentralAuth:12345"}`},
		{"numeric sub is coerced to a string: wrong schema", jwttest.Sign(t, "RS256", "mediawiki-rsa4096.key", nil, "sub", 12345, "iat", recent.Unix()), mwKey, alice, false, mwlog.KindMalformed, "session",
			"JWT validation failed: JWT error: wrong schema for sub", "[]"},
		{"array sub: PHP TypeError, nothing logged", jwttest.Sign(t, "RS256", "mediawiki-rsa4096.key", nil, "sub", []any{"mw:anon"}, "iat", recent.Unix()), mwKey, alice, false, "", "", "", ""},
		{"exp in the future (1.45): the codec's DateTimeImmutable, a PHP TypeError in the hard-expiry check", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", recent, "exp", testNow.Unix()+3600), mwKey, old(alice), false, "", "", "", ""},
		{"exp in the future (1.46): the codec's integer has not passed, valid", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", recent, "exp", testNow.Unix()+3600), mwKey, alice, true, "", "", "", ""},
		{"fractional exp in the future (1.46): valid", jwttest.SignRaw(t, "RS256", "mediawiki-rsa4096.key", `{"iss":"https://meta.wikimedia.org","sxp":1764014400,"sub":"mw:CentralAuth::12345","exp":1764000000.5}`), mwKey, alice, true, "", "", "", ""},
		{"exp passed (1.46): lcobucci refuses it first, not hard-expired", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", recent, "exp", testNow.Unix()-1), mwKey, alice, false, mwlog.KindExpired, "session",
			"JWT validation failed: The token violates some mandatory constraints, details:\n- The token is expired", "[]"},
		{"missing sxp: null, refreshed and soft-expired", jwttest.Sign(t, "RS256", "mediawiki-rsa4096.key", nil, "iss", "https://meta.wikimedia.org", "sub", "mw:CentralAuth::12345"), mwKey, alice, true, mwlog.KindSoftExpired, "session-sampled",
			"Soft-expired JWT cookie", `{"jti":null,"expiry":null,"expired_by":1764000000,"subject":"mw:CentralAuth::12345","session_provider_type":"CentralAuthSessionProvider"}`},
		{"wrong issuer (1.45: no provider type)", user, mwKey, mediawiki.Session{Issuer: "https://x.example", User: "Alice", CentralID: 12345, Version: mediawiki.V145}, false, mwlog.KindWrongIssuer, "session",
			"JWT validation failed: JWT error: wrong issuer", `{"expected_issuer":"https://x.example","issuer":"https://meta.wikimedia.org"}`},
		{"wrong provider", mwToken(t, "mediawiki-rsa4096.key", "mw:local:enwiki:12345", recent), mwKey, alice, false, mwlog.KindWrongProvider, "session",
			"JWT validation failed: JWT error: wrong provider", `{"expected_provider_id":"CentralAuth","provider_id":"local"}`},
		{"wrong scope", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth:meta:12345", recent), mwKey, alice, false, mwlog.KindWrongScope, "session",
			"JWT validation failed: JWT error: wrong scope", `{"expected_centralid_scope":"CentralAuth:","centralid_scope":"CentralAuth:meta"}`},
		{"wrong issuer", user, mwKey, mediawiki.Session{Issuer: "https://meta.wikimedia.beta.wmcloud.org", User: "Alice", CentralID: 12345}, false, mwlog.KindWrongIssuer, "session",
			"JWT validation failed: JWT error: wrong issuer",
			`{"expected_issuer":"https://meta.wikimedia.beta.wmcloud.org","issuer":"https://meta.wikimedia.org","session_provider_type":"CentralAuthSessionProvider"}`},
		{"soft-expired (1.46)", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", testNow.Add(-5*time.Hour)), mwKey, alice, true, mwlog.KindSoftExpired, "session-sampled",
			"Soft-expired JWT cookie", `{"jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","expiry":1763996400,"expired_by":3600,"subject":"mw:CentralAuth::12345","session_provider_type":"CentralAuthSessionProvider"}`},
		{"soft-expired (1.45)", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", testNow.Add(-5*time.Hour)), mwKey, old(alice), true, mwlog.KindSoftExpired, "session-sampled",
			"Soft-expired JWT cookie", `{"jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","expiry":1763996400,"expired_by":3600,"subject":"mw:CentralAuth::12345"}`},
		{"sxp passed by under a minute: refreshed, not logged", mwToken(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", testNow.Add(-4*time.Hour-30*time.Second)), mwKey, alice, true, "", "", "", ""},
		{"1.45 dialect: empty signature is a signature mismatch", strings.Join(strings.Split(user, ".")[:2], ".") + ".", mwKey, old(alice), false, mwlog.KindBadSignature, "session",
			"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch", "[]"},
		{"1.46 dialect: empty signature is structure", strings.Join(strings.Split(user, ".")[:2], ".") + ".", mwKey, alice, false, mwlog.KindMalformed, "session",
			"JWT validation failed: The JWT string is missing the Signature part", "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mediawiki.Verify(tt.token, tt.keys, tt.session, testNow)
			if r.Valid != tt.valid || r.Kind != tt.kind {
				t.Fatalf("valid=%v kind=%q (err %v), want valid=%v kind=%q", r.Valid, r.Kind, r.Err, tt.valid, tt.kind)
			}
			if tt.message == "" {
				if r.Log != nil {
					t.Fatalf("logged %q", r.Log.Message)
				}
				return
			}
			if r.Log == nil {
				t.Fatal("nothing logged")
			}
			if r.Log.Channel != tt.channel || r.Log.Message != tt.message {
				t.Fatalf("logged %s %q, want %s %q", r.Log.Channel, r.Log.Message, tt.channel, tt.message)
			}
			if got := ctxJSON(t, r.Log.Context); got != tt.context {
				t.Fatalf("context %s\nwant    %s", got, tt.context)
			}
		})
	}
}

func TestIssueShape(t *testing.T) {
	tok, err := mediawiki.Issue(jwttest.Key(t, "mediawiki-rsa4096.key"), mediawiki.Claims{
		Issuer: "https://meta.wikimedia.org", Subject: "mw:CentralAuth::12345", IssuedAt: testNow,
	}, bytes.NewReader(bytes.Repeat([]byte{0xfb}, 16)))
	if err != nil {
		t.Fatal(err)
	}
	h, c, _ := strings.Cut(tok, ".")
	c, _, _ = strings.Cut(c, ".")
	hj, _ := base64.RawURLEncoding.DecodeString(h)
	cj, _ := base64.RawURLEncoding.DecodeString(c)
	if string(hj) != `{"typ":"JWT","alg":"RS256"}` {
		t.Fatalf("header %s", hj)
	}
	want := `{"iss":"https://meta.wikimedia.org","sxp":1764014400,"jti":"+/v7+/v7+/v7+/v7+/v7+w==","sub":"mw:CentralAuth::12345","iat":1764000000}`
	if string(cj) != want {
		t.Fatalf("claims %s\nwant   %s", cj, want)
	}
	if !json.Valid(cj) {
		t.Fatal("claims are not JSON")
	}
	r := mediawiki.Verify(tok, []*jwtcore.Key{jwttest.Key(t, "mediawiki-rsa4096.pub")},
		mediawiki.Session{Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345}, testNow)
	if !r.Valid || r.Log != nil {
		t.Fatalf("own token refused: %v", r.Err)
	}
}

var testNow = time.Unix(1764000000, 0)
