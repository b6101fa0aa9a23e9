package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	var out, errOut bytes.Buffer
	code := Run([]string{"report", "--users", big, filepath.Join("..", "testdata", "sample", "sample.jsonl")}, Streams{
		In: strings.NewReader(""), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return goldenNow },
	})
	want := "jwtriage: report: --users " + big + ": larger than 64 MiB: not a users map\n"
	if code != ExitUsage || !strings.HasSuffix(errOut.String(), want) {
		t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut.String(), want)
	}
	if strings.Count(errOut.String(), big) != 1 {
		t.Errorf("stderr names the file %d times: %s", strings.Count(errOut.String(), big), errOut.String())
	}
}
