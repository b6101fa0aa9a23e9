package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfigFilesAreBounded: a rules, user-agent rules or key file that is not one (a
// wrong path: a log file, /dev/zero) fails with one line after a bounded read, instead
// of filling the memory. The file here is sparse: a byte more than the bound.
func TestConfigFilesAreBounded(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxConfigFile + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, args := range [][]string{
		{"report", "--rules", big, "-"},
		{"report", "--ua-rules", big, "-"},
		{"report", "--key", big, "-"},
		{"filters", "--format", "lucene", "--rules", big},
		{"token", "verify", "--key", big, "-"},
	} {
		var out, errOut strings.Builder
		stdin := strings.NewReader("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n") // a token for token verify
		code := Run(args, Streams{In: stdin, Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
		if code == ExitOK || !strings.Contains(errOut.String(), "larger than 16 MiB") || strings.Count(errOut.String(), "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q: want one line refusing the file", args[:3], code, errOut.String())
		}
	}
}
