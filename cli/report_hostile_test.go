package cli

import (
	"encoding/base64"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/display"
)

// Hostile log data: text taken from the logs (testdata/hostile) reaches every format
// masked and escaped. A whole JWT inside a message or a user agent is a credential; invisible
// and direction-changing characters make "ad\u200bmin" pass for "admin"; a cell a
// spreadsheet reads as a formula runs; an IP inside a message survives --redact-ips.

// hostileToken is the JWT the lines of testdata/hostile carry.
const hostileToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN1YiI6Im13OkNlbnRyYWxBdXRoOjoxMjMifQ.c2lnbmF0dXJlLWJ5dGVz"

// rawHidden returns the first control, format or separator character of out that is
// not a line break a format uses itself.
func rawHidden(out string) (rune, bool) {
	for _, r := range out {
		if r == '\n' || r == '\r' {
			continue
		}
		if r < 0x20 || r == 0x7f || display.Hidden(r) {
			return r, true
		}
	}
	return 0, false
}

func TestReportHostileTextInEveryFormat(t *testing.T) {
	input := filepath.Join("..", "testdata", "hostile", "hostile.jsonl") // see its README
	for _, format := range []string{"table", "markdown", "json", "html", "csv", "prometheus"} {
		for _, redact := range []bool{false, true} {
			args := []string{"report", "--format", format, input}
			if redact {
				args = append(args, "--redact-ips", "--redact-mode", "prefix")
			}
			out, stderr, code := run(t, "", args...)
			name := format
			if redact {
				name += " --redact-ips"
			}
			if code != ExitOK {
				t.Fatalf("%s: exit %d: %s", name, code, stderr)
			}
			for _, part := range strings.Split(hostileToken, ".") {
				if strings.Contains(out, part) {
					t.Errorf("%s: the token's part %.12s… is printed", name, part)
				}
			}
			if r, ok := rawHidden(out); ok {
				t.Errorf("%s: raw %U in the output", name, r)
			}
			if format != "prometheus" && !strings.Contains(out, "[JWT") { // the table cuts it to its width
				t.Errorf("%s: the masked token is not shown", name)
			}
			if redact {
				for _, ip := range []string{"198.51.100.77", "2001:db8::7", "203.0.113.5"} {
					if strings.Contains(out, ip) {
						t.Errorf("%s: IP %s printed", name, ip)
					}
				}
			}
			switch format {
			case "html":
				if !strings.Contains(out, `<bdi>ad\u200bmin`) && !strings.Contains(out, `ad\u200bmin`) || !strings.Contains(out, "<bdi>") {
					t.Errorf("html: values are not escaped and isolated in <bdi>")
				}
			case "csv":
				for _, cell := range []string{`"' =HYPERLINK(`, "\"'\r\n＝cmd", "'@SUM(1+1)*cmd"} {
					if !strings.Contains(out, cell) {
						t.Errorf("csv: no neutralized cell %q in\n%s", cell, out)
					}
				}
			}
		}
	}
}

// TestTokenDecodeEscapesClaims: a token's claims are anyone's text; `token decode` shows
// their controls and invisible or direction-changing characters escaped, in text and
// in JSON (where the escapes decode to the same values).
func TestTokenDecodeEscapesClaims(t *testing.T) {
	enc := base64.RawURLEncoding.EncodeToString
	claims := `{"sub":"mw:CentralAuth::1","name":"ad\u202emin","x":"z\u200bw \u001b[2J"}`
	token := enc([]byte(`{"typ":"JWT","alg":"RS256"}`)) + "." + enc([]byte(claims)) + "." + enc([]byte("signature"))
	for _, format := range []string{"text", "json"} {
		out, stderr, code := run(t, "", "token", "decode", "--format", format, token)
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		if r, ok := rawHidden(out); ok {
			t.Errorf("%s: raw %U in %q", format, r, out)
		}
		if !strings.Contains(out, `\u202e`) {
			t.Errorf("%s: %q: want U+202E shown escaped", format, out)
		}
	}
}
