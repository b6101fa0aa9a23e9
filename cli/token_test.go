package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runToken(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(append([]string{"token"}, args...), Streams{
		In: strings.NewReader(stdin), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC) },
	})
	return out.String(), errOut.String(), code
}

// TestTokenKeygenIssueVerifyDecode drives the four commands end to end per algorithm.
func TestTokenKeygenIssueVerifyDecode(t *testing.T) {
	for _, tt := range []struct{ alg, bits string }{{"EdDSA", ""}, {"ES256", ""}, {"RS256", "2048"}} {
		t.Run(tt.alg, func(t *testing.T) {
			prefix := filepath.Join(t.TempDir(), "k")
			args := []string{"keygen", "--alg", tt.alg, "--out", prefix}
			if tt.bits != "" {
				args = append(args, "--bits", tt.bits)
			}
			if _, stderr, code := runToken(t, "", args...); code != 0 {
				t.Fatalf("keygen: %d %s", code, stderr)
			}
			if st, err := os.Stat(prefix + ".key"); err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("private key file: %v %v", err, st)
			}
			if _, _, code := runToken(t, "", args...); code != ExitUsage {
				t.Fatal("keygen overwrote an existing key")
			}
			tok, stderr, code := runToken(t, "", "issue", "--key", prefix+".key", "--claims", `{"sub":"mw:CentralAuth::1","exp":1760508001}`)
			if code != 0 {
				t.Fatalf("issue: %s", stderr)
			}
			tok = strings.TrimSpace(tok)
			out, _, code := runToken(t, tok+"\n", "verify", "--key", prefix+".pub", "--format", "json", "-")
			var res struct {
				Valid bool   `json:"valid"`
				Kind  string `json:"kind"`
			}
			if code != 0 || json.Unmarshal([]byte(out), &res) != nil || !res.Valid {
				t.Fatalf("verify: %d %s", code, out)
			}
			out, _, code = runToken(t, "", "verify", "--key", prefix+".pub", "--at", "1760508001", "--format", "json", tok)
			if code != ExitNegative || json.Unmarshal([]byte(out), &res) != nil || res.Kind != "expired" {
				t.Fatalf("verify at exp: %d %s", code, out)
			}
			out, _, code = runToken(t, "", "decode", tok)
			sig := tok[strings.LastIndexByte(tok, '.')+1:]
			if code != 0 || strings.Contains(out, sig) || strings.Contains(out, tok) || !strings.Contains(out, "sha256:") {
				t.Fatalf("decode must show a fingerprint, never the signature: %s", out)
			}
		})
	}
}

func TestTokenIssueMediaWikiDeterministic(t *testing.T) {
	key := filepath.Join("..", "testdata", "keys", "mediawiki-rsa4096.key")
	args := []string{"issue", "--mediawiki", "--key", key, "--issuer", "https://meta.wikimedia.org", "--subject", "mw:CentralAuth::12345", "--at", "2025-10-15T05:00:00Z"}
	var out bytes.Buffer
	o := tokenIssueOptions{Key: key, MediaWiki: true, Issuer: "https://meta.wikimedia.org", Subject: "mw:CentralAuth::12345",
		At: "2025-10-15T05:00:00Z", Expiration: 4 * time.Hour, Compat: "lcobucci5", Random: bytes.NewReader(make([]byte, 16))}
	if err := runTokenIssue(&o, Streams{Out: &out}); err != nil {
		t.Fatal(err)
	}
	tok := strings.TrimSpace(out.String())
	decoded, _, _ := runToken(t, "", "decode", "--format", "json", tok)
	want := `"claims":{"iss":"https://meta.wikimedia.org","sxp":1760518800,"jti":"AAAAAAAAAAAAAAAAAAAAAA==","sub":"mw:CentralAuth::12345","iat":1760504400}`
	if !strings.Contains(decoded, want) {
		t.Fatalf("claims: %s", decoded)
	}
	if _, stderr, code := runToken(t, "", append(args, "--alg", "ES256")...); code != ExitUsage || !strings.Contains(stderr, "RS256") {
		t.Fatalf("--mediawiki with ES256 must be refused: %d %s", code, stderr)
	}
}

// TestTokenIssueVerifyPerRelease: --mw picks the release on both sides. 1.45 (lcobucci
// 4.1.5) issues and verifies with an RSA-1024 key, which 1.46 (lcobucci 5.x) refuses.
func TestTokenIssueVerifyPerRelease(t *testing.T) {
	weak := filepath.Join("..", "testdata", "keys", "rsa1024-weak")
	issue := []string{"issue", "--mediawiki", "--key", weak + ".key", "--issuer", "https://meta.wikimedia.org",
		"--subject", "mw:CentralAuth::12345", "--at", "2025-10-15T05:00:00Z"}
	tok, stderr, code := runToken(t, "", append(issue, "--mw", "1.45")...)
	if code != 0 {
		t.Fatalf("issue --mw 1.45 with RSA-1024: %d %s", code, stderr)
	}
	verify := []string{"verify", "--mediawiki", "--key", weak + ".pub", "--issuer", "https://meta.wikimedia.org",
		"--user", "Alice", "--central-id", "12345", "--at", "2025-10-15T06:00:00Z", strings.TrimSpace(tok)}
	if out, stderr, code := runToken(t, "", append(verify, "--mw", "1.45")...); code != 0 {
		t.Fatalf("verify --mw 1.45: %d %s %s", code, out, stderr)
	}
	if _, stderr, code := runToken(t, "", append(issue, "--mw", "1.46")...); code == 0 || !strings.Contains(stderr, "2048") {
		t.Fatalf("issue --mw 1.46 with RSA-1024 must fail on the key size: %d %s", code, stderr)
	}
	if _, stderr, code := runToken(t, "", append(issue, "--mw", "1.44")...); code != ExitUsage || !strings.Contains(stderr, "--mw") {
		t.Fatalf("issue --mw 1.44: %d %s", code, stderr)
	}
}

func TestTokenUsageErrors(t *testing.T) {
	pub := filepath.Join("..", "testdata", "keys", "mediawiki-rsa4096.pub")
	secret := filepath.Join("..", "testdata", "keys", "hmac256.secret")
	tests := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"verify", "--key", pub}, "stdin holds no token"},
		{[]string{"verify", "--key", pub, "a", "b"}, "want one TOKEN argument, or the token on stdin (got 2 arguments)"},
		{[]string{"verify", "--key", pub, "--at", "yesterday-ish", "a.b.c"}, "--at"},
		{[]string{"verify", "--key", pub, "--compat", "lcobucci3", "a.b.c"}, "--compat"},
		{[]string{"verify", "--key", secret, "a.b.c"}, "neither a PEM nor a JWK key"},
		{[]string{"verify", "--mediawiki", "--key", pub, "a.b.c"}, "--issuer and --user are required"},
		{[]string{"verify", "--mediawiki", "--mw", "1.44", "--issuer", "x", "--user", "y", "--key", pub, "a.b.c"}, "--mw"},
		{[]string{"issue", "--key", pub, "--claims", "{}"}, "is a public key"},
		{[]string{"issue", "--key", pub}, "--claims JSON is required"},
		{[]string{"issue", "--key", pub, "--claims", "[1"}, "--claims"},
		{[]string{"issue", "--key", secret, "--alg", "HS256", "--claims", `{"iat":"soon"}`}, "iat, nbf and exp must be numbers"},
		{[]string{"keygen", "--alg", "RS256", "--bits", "1024", "--out", filepath.Join(t.TempDir(), "k")}, "shorter than 2048 bits"},
		{[]string{"keygen", "--alg", "HS256", "--out", filepath.Join(t.TempDir(), "k")}, "is not one keygen makes keys for: want RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA"},
		{[]string{"decode", "--format", "xml", "a.b.c"}, "--format"},
	}
	for _, tt := range tests {
		_, stderr, code := runToken(t, "", tt.args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", tt.args, code, ExitUsage)
		}
		if strings.Count(stderr, "\n") < 1 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: stderr %q, want a line containing %q", tt.args, stderr, tt.want)
		}
	}
}

func TestTokenHMACSecretFile(t *testing.T) {
	secret := filepath.Join("..", "testdata", "keys", "hmac256.secret")
	tok, stderr, code := runToken(t, "", "issue", "--key", secret, "--alg", "HS256", "--claims", `{"a":"<&>/é"}`)
	if code != 0 {
		t.Fatal(stderr)
	}
	out, _, code := runToken(t, "", "verify", "--key", secret, "--alg", "HS256", "--format", "json", strings.TrimSpace(tok))
	if code != 0 || !strings.Contains(out, `"claims":{"a":"<&>/é"}`) {
		t.Fatalf("%d %s", code, out)
	}
}

func TestTokenHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"verify", "--help"}, {"issue", "--help"}, {"keygen", "--help"}, {"decode", "--help"}} {
		out, _, code := runToken(t, "", args...)
		if code != 0 || !strings.Contains(out, "usage:") {
			t.Errorf("%v: %d %q", args, code, out)
		}
	}
}
