package cli

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/display"
)

// Hostile log data (issue 16): text taken from the logs reaches every format masked
// and escaped. A whole JWT inside a message or a user agent is a credential; invisible
// and direction-changing characters make "ad\u200bmin" pass for "admin"; a cell a
// spreadsheet reads as a formula runs; an IP inside a message survives --redact-ips.

const hostileToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL21ldGEud2lraW1lZGlhLm9yZyIsInN1YiI6Im13OkNlbnRyYWxBdXRoOjoxMjMifQ.c2lnbmF0dXJlLWJ5dGVz"

// hostileLines writes three log lines carrying tokens, controls, format characters,
// formula-shaped user agents and IPs in their free text.
func hostileLines(t *testing.T) string {
	t.Helper()
	hostile := " ad\u200bmin \ufeff soft\u00adhy \u202eevil\u202c \u2066iso\u2069 \x1b]0;pwn\x07\x1b[2J c1\u009b from 198.51.100.77 and 2001:db8::7"
	base := map[string]any{"@timestamp": "2025-10-13T00:02:01.410Z", "type": "mediawiki", "channel": "session", "level": "INFO",
		"host": "mw1", "wiki": "enwiki", "url": "/wiki/Main_Page", "clientIp": "203.0.113.5"}
	line := func(extra map[string]any) string {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	lines := []string{
		line(map[string]any{"message": "JWT validation failed: The JWT string must have two dots " + hostileToken + hostile,
			"normalized_message": "JWT validation failed: {error}", "error": "The JWT string must have two dots " + hostileToken + hostile,
			"ua": " =HYPERLINK(\"http://x\") Mozilla/5.0 " + hostileToken + hostile}),
		line(map[string]any{"message": "Soft-expired JWT cookie", "normalized_message": "Soft-expired JWT cookie",
			"ua": "\n＝cmd|' /C calc'!A0", "subject": "mw:CentralAuth::12", "wiki": "en\u200bwiki"}),
		line(map[string]any{"message": "JWT validation failed: JWT error: wrong subject", "normalized_message": "JWT validation failed: JWT error: wrong subject",
			"ua": "@SUM(1+1)*cmd", "subject": "mw:CentralAuth::13"}),
	}
	path := filepath.Join(t.TempDir(), "hostile.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

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
	input := hostileLines(t)
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
