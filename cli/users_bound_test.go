package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A --users file past the bound (here a sparse file of 64 MiB + 1 byte) is one stderr
// line naming it once, and exit 2.
func TestUsersMapTooLarge(t *testing.T) {
	big := filepath.Join(t.TempDir(), "users.csv")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64<<20 + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, stderr, code := run(t, "", "report", "--users", big, samplePath)
	want := "jwtriage: report: --users " + big + ": larger than 64 MiB: not a users map\n"
	if code != ExitUsage || !strings.HasSuffix(stderr, want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, want)
	}
	if strings.Count(stderr, big) != 1 {
		t.Errorf("stderr names the file %d times: %s", strings.Count(stderr, big), stderr)
	}
}
