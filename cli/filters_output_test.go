package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `filters -o FILE` writes what stdout would get, and nothing to stdout.
func TestFiltersOutputFile(t *testing.T) {
	run := func(args ...string) (string, string, int) {
		var out, errOut bytes.Buffer
		code := Run(args, Streams{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
		return out.String(), errOut.String(), code
	}
	want, _, code := run("filters", "--format", "osd")
	if code != 0 || want == "" {
		t.Fatalf("filters --format osd: exit %d", code)
	}
	path := filepath.Join(t.TempDir(), "hide-benign.ndjson")
	out, stderr, code := run("filters", "-f", "OSD", "-o", path)
	if code != 0 || out != "" {
		t.Fatalf("filters -o: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != want {
		t.Errorf("the file holds %q (%v), want what stdout gets", got, err)
	}
	_, stderr, code = run("filters", "-f", "lucene", "-o", filepath.Join(t.TempDir(), "no-dir", "q.txt"))
	if code != ExitUsage || !strings.HasPrefix(stderr, "jwtriage: filters: cannot write ") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("unwritable -o: exit %d, stderr %q", code, stderr)
	}
}
