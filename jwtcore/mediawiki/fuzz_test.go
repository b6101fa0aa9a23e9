package mediawiki_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/jwttest"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
)

// FuzzVerify: MediaWiki's chain never panics, every rejection has a log line (unless it
// is a PHP TypeError, which MediaWiki does not catch) and every log line a canonical kind.
func FuzzVerify(f *testing.F) {
	pub := jwttest.Key(f, "mediawiki-rsa4096.pub")
	good := "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN1YiI6Im13OkNlbnRyYWxBdXRoOjoxIn0."
	f.Add(good+"AAAA", "Alice", int64(1))
	f.Add("a.b.c", "anon", int64(0))
	// RFC 7515 A.2 (RS256, another key).
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw", "192.0.2.1", int64(5))
	f.Add("", "Bob", int64(0))
	f.Add("deleted", "Bob", int64(0))
	session := mediawiki.Session{Issuer: "https://meta.wikimedia.org"}
	f.Fuzz(func(t *testing.T, token, user string, centralID int64) {
		session.User, session.CentralID = user, centralID
		for _, v := range []mediawiki.Version{mediawiki.V146, mediawiki.V145} {
			session.Version = v
			r := mediawiki.Verify(token, []*jwtcore.Key{pub}, session, time.Unix(1764000000, 0))
			if !r.Valid && r.Log == nil && !errors.Is(r.Err, jwtcore.ErrPHPTypeError) {
				t.Fatalf("rejection without a log line: %v", r.Err)
			}
			if r.Log != nil && r.Kind == "" {
				t.Fatalf("log line %q without a kind", r.Log.Message)
			}
			if r.Log != nil && !strings.HasPrefix(r.Log.Message, "JWT validation failed: ") && !r.Valid {
				t.Fatalf("rejection logged as %q", r.Log.Message)
			}
		}
	})
}
