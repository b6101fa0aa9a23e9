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
	got := uniqueInputs([]string{a, "-", b, dotted, hard, soft, "-", missing, missing + "x", a}, func(s string) { warnings = append(warnings, s) })
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

func TestUniqueInputsQuotesNames(t *testing.T) {
	var warnings []string
	name := "x\x1b[31m.jsonl"
	uniqueInputs([]string{name, name}, func(s string) { warnings = append(warnings, s) })
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
