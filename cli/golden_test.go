package cli

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Golden tests, as gojq keeps them: each directory under testdata/cli/ with an `args`
// file is one case.
//
//	args       the command line, one argument per line; the token {{testdata}} is
//	           replaced by the repository's testdata directory
//	stdin      optional standard input
//	stdout     the expected standard output, byte for byte
//	stderr     optional; each non-empty line must appear in standard error
//	exit       optional expected exit code (default 0)
//
// `go test ./cli -update` rewrites stdout (and exit) from the current behaviour; review
// the diff before committing it.
var update = flag.Bool("update", false, "rewrite the golden stdout and exit files")

// goldenNow is the clock of every golden run, so generated_at is stable.
var goldenNow = time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)

func TestGolden(t *testing.T) {
	root := filepath.Join("..", "testdata", "cli")
	var dirs []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == "args" {
			dirs = append(dirs, filepath.Dir(path))
		}
		return nil
	})
	if len(dirs) == 0 {
		t.Fatal("no golden cases found under testdata/cli")
	}
	// Relative, so widths and truncations in the goldens do not depend on the checkout path.
	testdata := filepath.Join("..", "testdata")
	for _, dir := range dirs {
		name, _ := filepath.Rel(root, dir)
		t.Run(name, func(t *testing.T) { runGoldenCase(t, dir, testdata) })
	}
}

func runGoldenCase(t *testing.T, dir, testdata string) {
	argsText, err := os.ReadFile(filepath.Join(dir, "args"))
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, a := range strings.Split(strings.TrimRight(string(argsText), "\n"), "\n") {
		args = append(args, strings.ReplaceAll(a, "{{testdata}}", testdata))
	}
	stdin, _ := os.ReadFile(filepath.Join(dir, "stdin"))
	var out, errOut bytes.Buffer
	code := Run(args, Streams{
		In: bytes.NewReader(stdin), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return goldenNow },
	})
	got := strings.ReplaceAll(out.String(), testdata, "{{testdata}}")

	wantExit := 0
	if b, err := os.ReadFile(filepath.Join(dir, "exit")); err == nil {
		wantExit, _ = strconv.Atoi(strings.TrimSpace(string(b)))
	}
	if *update {
		os.WriteFile(filepath.Join(dir, "stdout"), []byte(got), 0o644)
		if code != 0 {
			os.WriteFile(filepath.Join(dir, "exit"), []byte(strconv.Itoa(code)+"\n"), 0o644)
		}
		return
	}
	if code != wantExit {
		t.Errorf("exit code %d, want %d; stderr: %s", code, wantExit, errOut.String())
	}
	want, err := os.ReadFile(filepath.Join(dir, "stdout"))
	if err != nil {
		t.Fatalf("no stdout file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Errorf("stdout differs from %s/stdout:\n%s", dir, firstDiff(string(want), got))
	}
	if b, err := os.ReadFile(filepath.Join(dir, "stderr")); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if line != "" && !strings.Contains(errOut.String(), line) {
				t.Errorf("stderr lacks %q; it was: %s", line, errOut.String())
			}
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n want: " + wl + "\n  got: " + gl
		}
	}
	return "(equal lines, different endings)"
}
