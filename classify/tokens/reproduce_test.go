package tokens

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/jwttest"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/normalize"
)

// at is a time inside every test token's validity (iat + 1h, before sxp).
var at = issuedAt.Add(time.Hour)

func TestReproduce(t *testing.T) {
	current := publicKeys(t, "mediawiki-rsa4096.pub")
	both := publicKeys(t, "mediawiki-rsa4096.pub", "retired-rsa4096.pub")
	jwks := publicKeys(t, "mediawiki.jwks.json")
	currentName, retiredName := current[0].Name(), both[1].Name()

	valid := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345")
	retired := issue(t, "retired-rsa4096.key", "mw:CentralAuth::12345")
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + strings.Split(issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::1"), ".")[1] + "." + parts[2]
	withExp := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", "exp", at.Unix())
	anonToken := issue(t, "mediawiki-rsa4096.key", "mw:anon")
	noSub := jwttest.Sign(t, "RS256", "mediawiki-rsa4096.key", nil, "iss", testIssuer, "iat", issuedAt.Unix())
	es256 := jwttest.Sign(t, "ES256", "ec-p256.key", nil, "iss", testIssuer, "sub", "mw:CentralAuth::1")
	retiredKid := jwttest.Sign(t, "RS256", "retired-rsa4096.key", jwtcore.NewObject("kid", "mw-retired"),
		"iss", testIssuer, "sxp", issuedAt.Add(4*time.Hour).Unix(), "sub", "mw:CentralAuth::12345", "iat", issuedAt.Unix())
	noSxp := jwttest.Sign(t, "RS256", "mediawiki-rsa4096.key", nil, "iss", testIssuer, "sub", "mw:CentralAuth::12345", "iat", issuedAt.Unix())
	futureExp := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", "exp", at.Add(time.Hour).Unix())
	noScope := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth:12345")
	tooManyColons := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12:345")
	local := issue(t, "mediawiki-rsa4096.key", "mw:local:enwiki:5")

	tests := []struct {
		name    string
		keys    []*jwtcore.Key
		opts    []Option
		token   string
		at      time.Time
		message string
		fields  map[string]any
		// want
		kind, reason, key          string
		subjectChecked, issChecked bool
	}{
		{name: "valid, no user known", keys: current, token: valid, at: at, key: currentName},
		{name: "tampered claims", keys: current, token: tampered, at: at,
			kind: "bad-signature", reason: "signature"},
		{name: "expired", keys: current, token: withExp, at: at, kind: "expired", key: currentName},
		{name: "expired a second later too", keys: current, token: withExp, at: at.Add(time.Second), kind: "expired", key: currentName},
		{name: "issued in the future", keys: current, token: valid, at: issuedAt.Add(-time.Second),
			kind: "not-yet-valid", key: currentName},
		{name: "soft-expired", keys: current, token: valid, at: issuedAt.Add(4*time.Hour + 61*time.Second),
			kind: "soft-expired", key: currentName},
		{name: "within the soft-expiry minute", keys: current, token: valid, at: issuedAt.Add(4*time.Hour + 60*time.Second),
			key: currentName},
		{name: "retired key, current key only", keys: current, token: retired, at: at,
			kind: "bad-signature", reason: "signature"},
		{name: "retired key, both keys", keys: both, token: retired, at: at, key: retiredName},
		{name: "retired key named by kid in a JWKS", keys: jwks, token: retiredKid, at: at, key: "mw-retired"},
		{name: "unknown key, JWKS", keys: jwks, token: issue(t, "rsa2048.key", "mw:CentralAuth::1"), at: at,
			kind: "bad-signature", reason: "signature"},
		{name: "ES256 token", keys: current, token: es256, at: at, kind: "bad-signature", reason: "signer"},
		{name: "two dots", keys: current, token: parts[0] + "." + parts[1], at: at, kind: "malformed", reason: "structure"},
		{name: "base64", keys: current, token: parts[0] + ".e/" + parts[1][2:] + "." + parts[2], at: at,
			kind: "malformed", reason: "base64"},
		// MediaWiki reads a missing sxp as null: refreshed and logged as soft-expired.
		{name: "no sxp", keys: current, token: noSxp, at: at, kind: "soft-expired", key: currentName},
		// An exp LooseValidAt lets through: 1.46's codec hands it back as an integer that
		// has not passed; 1.45's as a DateTimeImmutable, and verifyJwtCookie throws a PHP TypeError.
		{name: "exp not reached (1.46)", keys: current, token: futureExp, at: at, key: currentName},
		{name: "exp not reached (1.45)", keys: current, opts: []Option{WithVersion(mediawiki.V145)}, token: futureExp, at: at,
			kind: "other-jwt", reason: "type-error", key: currentName},
		{name: "one colon, no user known", keys: current, token: noScope, at: at, key: currentName},
		{name: "one colon, CentralAuth user", keys: current, token: noScope, at: at,
			fields: map[string]any{"expected_centralid_scope": "CentralAuth:"}, kind: "wrong-scope", key: currentName, subjectChecked: true},
		{name: "three colons", keys: current, token: tooManyColons, at: at, kind: "malformed", reason: "claims", key: currentName},
		{name: "no sub, no user known", keys: current, token: noSub, at: at, kind: "malformed", reason: "claims", key: currentName},

		{name: "anonymous session, user's token (1.46 warns)", keys: current, token: valid, at: at,
			fields: map[string]any{"expected_subject": "anon", "subject": "CentralAuth::12345"},
			kind:   "anon-expected-user-found", key: currentName, subjectChecked: true},
		{name: "anonymous session, user's token (1.45 fails)", keys: current, opts: []Option{WithVersion(mediawiki.V145)},
			token: valid, at: at, fields: map[string]any{"expected_subject": "anon"},
			kind: "anon-expected-user-found", key: currentName, subjectChecked: true},
		{name: "Non-anon message is an anonymous session", keys: current, token: valid, at: at,
			message: "Non-anon JWT cookie for anon session", kind: "anon-expected-user-found", key: currentName, subjectChecked: true},
		{name: "anonymous session by IP, anonymous token", keys: current, token: anonToken, at: at,
			fields: map[string]any{"user": "192.0.2.7"}, key: currentName, subjectChecked: true},
		{name: "logged-in session, anonymous token", keys: current, token: anonToken, at: at,
			fields: map[string]any{"expected_subject": "Example", "subject": "anon"},
			kind:   "user-expected-anon-found", key: currentName, subjectChecked: true},
		{name: "wrong user id", keys: current, token: valid, at: at,
			fields: map[string]any{"expected_central_id": int64(999), "central_id": int64(12345)},
			kind:   "wrong-user-id", key: currentName, subjectChecked: true},
		{name: "right user id (as text)", keys: current, token: valid, at: at,
			fields: map[string]any{"expected_central_id": "12345"}, key: currentName, subjectChecked: true},
		{name: "wrong provider", keys: current, token: local, at: at,
			fields: map[string]any{"expected_provider_id": "CentralAuth", "provider_id": "local"},
			kind:   "wrong-provider", key: currentName, subjectChecked: true},
		{name: "wrong scope", keys: current, token: local, at: at,
			fields: map[string]any{"expected_centralid_scope": "local:dewiki"},
			kind:   "wrong-scope", key: currentName, subjectChecked: true},
		{name: "local token, nothing known", keys: current, token: local, at: at, key: currentName},
		{name: "wrong issuer from the line", keys: current, token: valid, at: at,
			fields: map[string]any{"expected_issuer": "https://login.example.org", "user": "Example"},
			kind:   "wrong-issuer", key: currentName, subjectChecked: true, issChecked: true},
		{name: "wrong issuer from --issuer", keys: current, opts: []Option{WithIssuer("https://login.example.org")},
			token: valid, at: at, kind: "wrong-issuer", key: currentName, issChecked: true},
		{name: "right issuer from --issuer", keys: current, opts: []Option{WithIssuer(testIssuer)},
			token: valid, at: at, key: currentName, issChecked: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReproducer(tt.keys, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			ev := &normalize.Event{Time: tt.at, Token: tt.token, Message: tt.message, Fields: tt.fields}
			f := r.Inspect(ev)
			if f == nil || f.Reproduced == nil {
				t.Fatalf("no reproduction: %+v", f)
			}
			got := f.Reproduced
			if got.Kind != tt.kind || got.Reason != tt.reason || got.Key != tt.key {
				t.Errorf("kind %q reason %q key %q (%s), want %q %q %q", got.Kind, got.Reason, got.Key, got.Message, tt.kind, tt.reason, tt.key)
			}
			if got.SubjectChecked != tt.subjectChecked || got.IssuerChecked != tt.issChecked {
				t.Errorf("subject checked %v issuer checked %v, want %v %v", got.SubjectChecked, got.IssuerChecked, tt.subjectChecked, tt.issChecked)
			}
			if got.Verifies() != (tt.kind == "") || (got.Message == "") != (tt.kind == "") {
				t.Errorf("verifies %v message %q for kind %q", got.Verifies(), got.Message, tt.kind)
			}
			if strings.Contains(got.Message, tt.token) {
				t.Error("the message quotes the token")
			}
		})
	}
}

// TestReproduceByLineVersion: each event is verified with the chain of its own line's
// mwversion; the Reproducer's release is the fallback for lines without one, or forced.
func TestReproduceByLineVersion(t *testing.T) {
	current := publicKeys(t, "mediawiki-rsa4096.pub")
	futureExp := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345", "exp", at.Add(time.Hour).Unix())
	parts := strings.Split(issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345"), ".")
	emptySig := parts[0] + "." + parts[1] + "."
	const typeError, verifies, mismatch, noSigPart = "other-jwt/type-error", "", "bad-signature/signature", "malformed/structure"
	tests := []struct {
		name      string
		opts      []Option
		mwversion string
		token     string
		want      string // kind/reason
		mw, from  string
	}{
		{"1.46 line, exp not reached", nil, "1.46.0-wmf.5", futureExp, verifies, "1.46", MWFromLine},
		{"1.45 line, exp not reached", nil, "1.45.0-wmf.27", futureExp, typeError, "1.45", MWFromLine},
		{"1.47 line runs 1.46's chain", nil, "1.47.0-wmf.1", futureExp, verifies, "1.46", MWFromLine},
		{"1.45 line under a 1.46 fallback", []Option{WithVersion(mediawiki.V146)}, "1.45.0-wmf.27", futureExp, typeError, "1.45", MWFromLine},
		{"no mwversion: the fallback (default 1.46)", nil, "", futureExp, verifies, "1.46", MWFromFallback},
		{"no mwversion: the fallback 1.45", []Option{WithVersion(mediawiki.V145)}, "", futureExp, typeError, "1.45", MWFromFallback},
		{"unreadable mwversion: the fallback", []Option{WithVersion(mediawiki.V145)}, "wmf/next", futureExp, typeError, "1.45", MWFromFallback},
		{"forced 1.45 over a 1.46 line", []Option{WithVersion(mediawiki.V145), ForceVersion()}, "1.46.0-wmf.5", futureExp, typeError, "1.45", MWFromForced},
		{"forced 1.46 over a 1.45 line", []Option{ForceVersion()}, "1.45.0-wmf.27", futureExp, verifies, "1.46", MWFromForced},
		// The lcobucci version follows the line too: 4.1.5 reads an empty signature as a
		// mismatch, 5.x as a token without its signature part.
		{"1.45 line, empty signature", nil, "1.45.0-wmf.27", emptySig, mismatch, "1.45", MWFromLine},
		{"1.46 line, empty signature", nil, "1.46.0-wmf.5", emptySig, noSigPart, "1.46", MWFromLine},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewReproducer(current, tt.opts...)
			if err != nil {
				t.Fatal(err)
			}
			f := r.Inspect(&normalize.Event{Time: at, Token: tt.token, MWVersion: tt.mwversion})
			got := f.Reproduced
			kind := got.Kind
			if got.Reason != "" {
				kind += "/" + got.Reason
			}
			if kind != tt.want || got.MW != tt.mw || got.MWFrom != tt.from {
				t.Errorf("%q under %s (%s), want %q under %s (%s); message %q", kind, got.MW, got.MWFrom, tt.want, tt.mw, tt.from, got.Message)
			}
		})
	}
}

func TestInspectWithoutReproduction(t *testing.T) {
	tok := issue(t, "mediawiki-rsa4096.key", "mw:CentralAuth::12345")
	r, err := NewReproducer(publicKeys(t, "mediawiki-rsa4096.pub"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		r    *Reproducer
		ev   normalize.Event
		want string // "nil", "decoded" or "reproduced"
	}{
		{"no token", r, normalize.Event{Time: at}, "nil"},
		{"no keys", nil, normalize.Event{Time: at, Token: tok}, "decoded"},
		{"no time", r, normalize.Event{Token: tok}, "decoded"},
		{"keys and time", r, normalize.Event{Time: at, Token: tok}, "reproduced"},
	}
	for _, tt := range tests {
		f := tt.r.Inspect(&tt.ev)
		got := "nil"
		switch {
		case f != nil && f.Reproduced != nil:
			got = "reproduced"
		case f != nil:
			got = "decoded"
			if f.Subject != "mw:CentralAuth::12345" {
				t.Errorf("%s: subject %q", tt.name, f.Subject)
			}
		}
		if got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestLoadKeys(t *testing.T) {
	tests := []struct {
		file    string
		want    int
		wantErr error
	}{
		{"mediawiki-rsa4096.pub", 1, nil},
		{"mediawiki-rsa4096.key", 1, nil},
		{"rsa2048-pkcs1.pub", 1, nil},
		{"mediawiki.jwks.json", 2, nil},
		{"ec-p256.pub", 0, ErrNoRSAKey},
		{"ed25519.pub", 0, ErrNoRSAKey},
		{"hmac256.secret", 0, jwtcore.ErrNoKey},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(keysDir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		keys, err := LoadKeys(data)
		if len(keys) != tt.want || !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: %d keys, error %v; want %d, %v", tt.file, len(keys), err, tt.want, tt.wantErr)
		}
	}
}

func TestNewReproducerRefusesUnusableKeys(t *testing.T) {
	weak := publicKeys(t, "rsa1024-weak.pub")
	ec := jwttest.Key(t, "ec-p256.pub")
	tests := []struct {
		name    string
		keys    []*jwtcore.Key
		opts    []Option
		wantErr error
	}{
		{"no key", nil, nil, ErrNoRSAKey},
		{"EC key", []*jwtcore.Key{ec}, nil, ErrNoRSAKey},
		{"1024 bits under 1.46", weak, nil, ErrWeakKey},
		{"1024 bits under 1.45", weak, []Option{WithVersion(mediawiki.V145)}, nil},
	}
	for _, tt := range tests {
		_, err := NewReproducer(tt.keys, tt.opts...)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
		}
	}
}
