package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/pipeline"
)

func TestUniqueInputs(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.jsonl")
	b := filepath.Join(dir, "b.jsonl")
	for _, f := range []string{a, b} {
		if err := os.WriteFile(f, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hard := filepath.Join(dir, "hard.jsonl")
	if err := os.Link(a, hard); err != nil {
		t.Fatal(err)
	}
	soft := filepath.Join(dir, "soft.jsonl")
	if err := os.Symlink(b, soft); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.jsonl")
	dotted := filepath.Join(dir, ".", "a.jsonl")

	var warnings []string
	got := uniqueInputs([]string{a, "-", b, dotted, hard, soft, "-", missing, missing + "x", a}, nil, func(s string) { warnings = append(warnings, s) })
	want := []string{a, "-", b, missing, missing + "x"}
	if !slices.Equal(got, want) {
		t.Errorf("inputs = %q, want %q", got, want)
	}
	// One warning per dropped name, naming it and what it repeats.
	wantWarnings := []struct{ name, first string }{{dotted, a}, {hard, a}, {soft, b}, {"-", "-"}, {a, a}}
	if len(warnings) != len(wantWarnings) {
		t.Fatalf("warnings = %q, want %d", warnings, len(wantWarnings))
	}
	for i, w := range wantWarnings {
		if !strings.Contains(warnings[i], `"`+w.name+`"`) || !strings.Contains(warnings[i], `"`+w.first+`"`) || !strings.Contains(warnings[i], "reading it once") {
			t.Errorf("warning %d = %q, want it to name %q and %q", i, warnings[i], w.name, w.first)
		}
	}
}

// Stdin redirected from a file given by name as well (`report a.jsonl - <a.jsonl`) is
// that file: read once, whichever comes first.
func TestUniqueInputsStdinIsAFile(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a.jsonl")
	if err := os.WriteFile(a, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, files := range [][]string{{a, "-"}, {"-", a}} {
		stdin, err := os.Open(a)
		if err != nil {
			t.Fatal(err)
		}
		var warnings []string
		got := uniqueInputs(files, stdin, func(s string) { warnings = append(warnings, s) })
		stdin.Close()
		if !slices.Equal(got, files[:1]) || len(warnings) != 1 || !strings.Contains(warnings[0], "same file") {
			t.Errorf("%q: inputs = %q, warnings %q; want %q and one same-file warning", files, got, warnings, files[:1])
		}
	}
	// A stream that cannot say what it is stays an input of its own.
	if got := uniqueInputs([]string{a, "-"}, strings.NewReader("{}\n"), func(string) {}); !slices.Equal(got, []string{a, "-"}) {
		t.Errorf("reader stdin: inputs = %q", got)
	}
}

func TestUniqueInputsQuotesNames(t *testing.T) {
	var warnings []string
	name := "x\x1b[31m.jsonl"
	uniqueInputs([]string{name, name}, nil, func(s string) { warnings = append(warnings, s) })
	if len(warnings) != 1 || strings.ContainsRune(warnings[0], 0x1b) {
		t.Errorf("warnings = %q, want one without a raw escape character", warnings)
	}
}

func TestAskedWindow(t *testing.T) {
	from := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	now := time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)
	w := pipeline.Window{From: from, To: now}
	for _, tt := range []struct {
		name           string
		untilGiven, es bool
		want           pipeline.Window
	}{
		{"file without --until ends at its data", false, false, pipeline.Window{From: from}},
		{"file with --until", true, false, w},
		{"cluster without --until ends now", false, true, w},
		{"cluster with --until", true, true, w},
	} {
		if got := askedWindow(w, tt.untilGiven, tt.es); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestReportRefusesOutputsOverInputs: a report file that is an input (by path, spelled
// otherwise, or a hard link) or that two outputs share is refused before anything is
// read or written, and the input is left as it was.
func TestReportRefusesOutputsOverInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "day.jsonl")
	const line = `{"channel":"session","message":"Soft-expired JWT cookie","@timestamp":"2025-10-13T00:00:00Z"}` + "\n"
	if err := os.WriteFile(in, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.jsonl")
	if err := os.Link(in, link); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "r.json")
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"-o", in, in}, "also an input"},
		{[]string{"-o", filepath.Join(dir, ".", "day.jsonl"), in}, "also an input"},
		{[]string{"-o", link, in}, "also an input"},
		{[]string{"--also", "html=" + in, in}, "also an input"},
		{[]string{"-o", out, "--also", "html=" + out, in}, "output twice"},
		{[]string{"--also", "json=" + out, "--also", "csv=" + out, in}, "output twice"},
	} {
		var stdout, stderr strings.Builder
		code := Run(append([]string{"report"}, tt.args...), Streams{In: strings.NewReader(""), Out: &stdout, Err: &stderr, Getenv: func(string) string { return "" }})
		if code != ExitUsage || !strings.Contains(stderr.String(), tt.says) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q: want exit 2 and one line saying %q", tt.args, code, stderr.String(), tt.says)
		}
	}
	// Stdin redirected from the file that -o names.
	stdin, err := os.Open(in)
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	var stdout, stderr strings.Builder
	if code := Run([]string{"report", "-o", in}, Streams{In: stdin, Out: &stdout, Err: &stderr, Getenv: func(string) string { return "" }}); code != ExitUsage || !strings.Contains(stderr.String(), "also an input") {
		t.Errorf("-o over stdin's file: exit %d, stderr %q", code, stderr.String())
	}
	if data, err := os.ReadFile(in); err != nil || string(data) != line {
		t.Errorf("the input now holds %q (%v)", data, err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("%s was written: %v", out, err)
	}
}
