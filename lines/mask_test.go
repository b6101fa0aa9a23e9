package lines_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/lines"
)

// tok signs with the bytes "signature": sha256("signature") begins 1a2fc26dc7ea5a2a.
const tok = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtdzphbm9uIn0.c2lnbmF0dXJl"

// fingerprint is the SHA-256 prefix of a part that is not base64, as the mask names it.
func fingerprint(part string) string {
	sum := sha256.Sum256([]byte(part))
	return hex.EncodeToString(sum[:8])
}

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"b":1,"a":[true,null,2.50,"x"]}`, `{"b":1,"a":[true,null,2.50,"x"]}`},
		{`{"context":{"jwtString":"not-a-jwt"}}`, `{"context":{"jwtString":"[JWT sha256:` + fingerprint("not-a-jwt") + `]"}}`},
		{`{"jwt":"` + tok + `"}`, `{"jwt":"[JWT sha256:1a2fc26dc7ea5a2a]"}`},
		{`{"message":"Cookie: a=1; sessionJwt=garb@ge; b=2"}`, `{"message":"Cookie: a=1; sessionJwt=[JWT sha256:` + fingerprint("garb@ge") + `]; b=2"}`},
		{`{"message":"Cookie: sessionJwt=` + tok + `"}`, `{"message":"Cookie: sessionJwt=[JWT sha256:1a2fc26dc7ea5a2a]"}`},
		{`{"trace":["at x(` + tok + `)"]}`, `{"trace":["at x([JWT sha256:1a2fc26dc7ea5a2a])"]}`},
		{`{"m":"\u001b[31m<b>&"}`, `{"m":"\u001b[31m<b>&"}`},
		{`{"m":"a\u202eb"}`, `{"m":"a\u202eb"}`},
		{`{"m":"a\\u003cb \\u0026"}`, `{"m":"a\\u003cb \\u0026"}`}, // the text, not an escape
		{`{"token":""}`, `{"token":""}`},
		{` { "x" : { } , "y" : [ ] } `, `{"x":{},"y":[]}`},
	}
	for _, tt := range tests {
		got, err := lines.Mask([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("Mask(%s) = %s, %v\n want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{``, `[]`, `"x"`, `{"a":1}{}`, `{"a":`, `{"a":1}]`} {
		if got, err := lines.Mask([]byte(bad)); err == nil {
			t.Errorf("Mask(%s) = %s, want an error", bad, got)
		}
	}
}

// FuzzMask: an object in gives an object out, valid JSON with the same keys, and a
// JWT never survives.
func FuzzMask(f *testing.F) {
	for _, s := range []string{`{"a":1}`, `{"jwt":"` + tok + `"}`, `{"m":"x ` + tok + ` y","n":[{"token":"z"}]}`, `{"m":"sessionJwt=abc"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var doc map[string]any
		got, err := lines.Mask([]byte(s))
		if json.Unmarshal([]byte(s), &doc) != nil || doc == nil {
			return // not one object: Mask may refuse it
		}
		if err != nil {
			t.Fatalf("Mask(%q): %v; encoding/json reads it", s, err)
		}
		var back map[string]any
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("Mask(%q) = %q: %v", s, got, err)
		}
		if len(back) != len(doc) {
			t.Fatalf("Mask(%q) = %q: %d members, want %d", s, got, len(back), len(doc))
		}
		if strings.Contains(s, tok) && strings.Contains(string(got), tok) {
			t.Fatalf("Mask(%q) = %q shows the token", s, got)
		}
	})
}
