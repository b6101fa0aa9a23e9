package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// keygen never replaces a key without --force, and with it writes a fresh pair (the
// private key back at mode 0600).
func TestKeygenForce(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "k")
	run := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		code := Run(append([]string{"token", "keygen", "--alg", "EdDSA", "--out", prefix}, args...), Streams{Out: &out, Err: &errOut})
		return errOut.String(), code
	}
	if stderr, code := run(); code != 0 {
		t.Fatalf("first keygen: exit %d: %s", code, stderr)
	}
	first, _ := os.ReadFile(prefix + ".key")
	stderr, code := run()
	if code != ExitUsage || !strings.Contains(stderr, prefix+".key exists: give --force to replace it") {
		t.Errorf("second keygen without --force: exit %d, stderr %q", code, stderr)
	}
	if again, _ := os.ReadFile(prefix + ".key"); !bytes.Equal(again, first) {
		t.Error("the key was replaced without --force")
	}
	os.Chmod(prefix+".key", 0o644)
	if stderr, code := run("--force"); code != 0 {
		t.Fatalf("keygen --force: exit %d: %s", code, stderr)
	}
	second, _ := os.ReadFile(prefix + ".key")
	st, err := os.Stat(prefix + ".key")
	if bytes.Equal(second, first) || err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("keygen --force: same key %v, mode %v (%v)", bytes.Equal(second, first), st.Mode().Perm(), err)
	}
	// Only the public key left over still blocks.
	os.Remove(prefix + ".key")
	if stderr, code := run(); code != ExitUsage || !strings.Contains(stderr, prefix+".pub exists") {
		t.Errorf("a leftover .pub: exit %d, stderr %q", code, stderr)
	}
}
