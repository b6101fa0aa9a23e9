package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLinesRedactHash: with --redact-ips in hash mode (a key from the environment) no
// client address of the records is printed, in an ip field, a message or a user agent.
func TestLinesRedactHash(t *testing.T) {
	var out, errOut bytes.Buffer
	env := map[string]string{"JWTRIAGE_REDACT_KEY": "0123456789abcdef0123"}
	code := Run([]string{"lines", "--redact-ips", "--limit", "0", "--format", "jsonl",
		filepath.Join("..", "testdata", "hostile", "hostile.jsonl")}, Streams{
		In: strings.NewReader(""), Out: &out, Err: &errOut,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return goldenNow },
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if out.Len() == 0 {
		t.Fatal("no records printed")
	}
	for _, ip := range []string{"203.0.113.5", "198.51.100.77", "2001:db8::7"} {
		if strings.Contains(out.String(), ip) {
			t.Errorf("output holds %s:\n%s", ip, out.String())
		}
	}
	if !strings.Contains(out.String(), `"clientIp":"ip-`) {
		t.Errorf("no hash label for clientIp:\n%s", out.String())
	}
}
