package mediawiki

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/jwttest"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/mwlog"
)

// TestHardExpiredByVersion: a request that crosses seconds between RsaJwtCodec's clock
// and verifyJwtCookie's time() with an exp in between. 1.46's codec hands exp back as an
// integer: "JWT error: hard-expired" with integer expiry and expired_by, then
// session_provider_type and the security context. 1.45's hands back a DateTimeImmutable:
// the check's context throws a PHP TypeError and nothing is logged.
func TestHardExpiredByVersion(t *testing.T) {
	parsed := time.Unix(1764000000, 0)
	checked := parsed.Add(3 * time.Second)
	pub := []*jwtcore.Key{jwttest.Key(t, "mediawiki-rsa4096.pub")}
	for _, tt := range []struct {
		name string
		exp  string // as the JSON claims carry it
		want string // the context; "" when nothing is logged
	}{
		{"integer exp", "1764000001",
			`{"jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","expiry":1764000001,"expired_by":2,"session_provider_type":"CentralAuthSessionProvider","clientIp":"192.0.2.7","ua":"curl/8.5.0"}`},
		{"fractional exp: getTimestamp drops the microseconds", "1764000001.75",
			`{"jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","expiry":1764000001,"expired_by":2,"session_provider_type":"CentralAuthSessionProvider","clientIp":"192.0.2.7","ua":"curl/8.5.0"}`},
		{"numeric-string exp", `"1764000002"`,
			`{"jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","expiry":1764000002,"expired_by":1,"session_provider_type":"CentralAuthSessionProvider","clientIp":"192.0.2.7","ua":"curl/8.5.0"}`},
		{"exp not passed at the later time either", "1764000003", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			token := jwttest.SignRaw(t, "RS256", "mediawiki-rsa4096.key", `{"iss":"https://meta.wikimedia.org","sxp":1764003600,`+
				`"jti":"q0M/x+Yh2Z8bq1jv0i0q5w==","sub":"mw:CentralAuth::12345","iat":1763999940,"exp":`+tt.exp+`}`)
			s := Session{Issuer: "https://meta.wikimedia.org", User: "Alice", CentralID: 12345,
				Security: jwtcore.NewObject("clientIp", "192.0.2.7", "ua", "curl/8.5.0", "session_provider_type", "ignored: the left-hand key wins")}

			r := verifyAt(token, pub, s, parsed, checked)
			if tt.want == "" {
				if !r.Valid || r.Log != nil {
					t.Fatalf("1.46: valid=%v log=%v err=%v, want valid and nothing logged", r.Valid, r.Log, r.Err)
				}
			} else {
				if r.Valid || r.Kind != mwlog.KindHardExpired || r.Log == nil {
					t.Fatalf("1.46: valid=%v kind=%q err=%v, want hard-expired", r.Valid, r.Kind, r.Err)
				}
				if r.Log.Message != "JWT validation failed: JWT error: hard-expired" || r.Log.Channel != "session" {
					t.Fatalf("1.46 logged %s %q", r.Log.Channel, r.Log.Message)
				}
				got, _ := r.Log.Context.MarshalJSON()
				if string(got) != tt.want {
					t.Fatalf("1.46 context %s\nwant            %s", got, tt.want)
				}
				for _, k := range []string{"expiry", "expired_by"} {
					if v, _ := r.Log.Context.Get(k); !isInt(v) {
						t.Errorf("1.46 %s is %T, want an integer", k, v)
					}
				}
			}

			s.Version = V145
			r = verifyAt(token, pub, s, parsed, checked)
			if r.Valid || r.Log != nil || !errors.Is(r.Err, jwtcore.ErrPHPTypeError) {
				t.Fatalf("1.45: valid=%v log=%v err=%v, want an unlogged PHP TypeError", r.Valid, r.Log, r.Err)
			}
		})
	}
}

func isInt(v any) bool {
	_, ok := v.(int64)
	return ok
}

func TestParseVersion(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Version
		ok   bool
	}{
		{"", V146, true}, {"master", V146, true},
		{"1.45", V145, true}, {"1.45.0-wmf.27", V145, true}, {"1.45.1", V145, true},
		{"1.46", V146, true}, {"1.46.0-wmf.5", V146, true}, {"1.47.0-wmf.1", V146, true}, {"1.46-alpha", V146, true},
		{"1.44.0-wmf.9", V146, false}, {"1.4", V146, false}, {"2.0", V146, false}, {"1.", V146, false},
		{"1.45x", V146, false}, {"wmf.27", V146, false}, {"1.99999999999999999999", V146, false},
	} {
		got, ok := ParseVersion(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzParseVersion: ParseVersion reads any text without panicking; what it accepts is a
// release it names (1.45.x is 1.45, every other accepted one is 1.46's chain), and a
// Version's own spelling reads back as itself.
func FuzzParseVersion(f *testing.F) {
	for _, s := range []string{"", "master", "1.45", "1.45.0-wmf.27", "1.46.0-wmf.5", "1.47", "1.44", "1.", "1.45x", "2.0", "1.0450"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseVersion(s)
		if !ok {
			if v != V146 {
				t.Fatalf("refused %q but returned %v", s, v)
			}
			return
		}
		if v == V145 && s != "1.45" && !strings.HasPrefix(s, "1.45.") && !strings.HasPrefix(s, "1.45-") {
			t.Fatalf("%q read as 1.45", s)
		}
		if s != "" && s != "master" && !strings.HasPrefix(s, "1.") {
			t.Fatalf("accepted %q", s)
		}
		if back, ok := ParseVersion(v.String()); !ok || back != v {
			t.Fatalf("%v reads back as %v, %v", v, back, ok)
		}
	})
}
