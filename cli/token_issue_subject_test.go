package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// A --subject without the mw: scheme is issued (a test of MediaWiki's `wrong schema for
// sub` needs such a token) with a warning that says what was likely meant.
func TestIssueWarnsAboutSubjectScheme(t *testing.T) {
	key := filepath.Join("..", "testdata", "keys", "mediawiki-rsa4096.key")
	tests := []struct {
		subject, warning string
	}{
		{"12345", `jwtriage: token issue: warning: --subject "12345" has no mw: scheme: MediaWiki rejects the token (JWT error: wrong schema for sub); did you mean mw:CentralAuth::12345?` + "\n"},
		{"CentralAuth::7", `did you mean mw:CentralAuth::7?`},
		{"mw:CentralAuth::12345", ""},
		{"mw:anon", ""},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := Run([]string{"token", "issue", "--mediawiki", "--key", key, "--issuer", "https://meta.wikimedia.org",
			"--subject", tt.subject, "--at", "1760486400"}, Streams{Out: &out, Err: &errOut})
		if code != 0 || strings.Count(out.String(), ".") != 2 {
			t.Errorf("--subject %s: exit %d, stdout %q, stderr %q", tt.subject, code, out.String(), errOut.String())
		}
		if tt.warning == "" && errOut.Len() > 0 || !strings.Contains(errOut.String(), tt.warning) {
			t.Errorf("--subject %s: stderr %q, want %q", tt.subject, errOut.String(), tt.warning)
		}
	}
}
