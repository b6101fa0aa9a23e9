package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/render"
)

var samplePath = filepath.Join("..", "testdata", "sample", "sample.jsonl")

// run drives the CLI with buffers and the golden clock.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, Streams{
		In: strings.NewReader(stdin), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return goldenNow },
	})
	return out.String(), errOut.String(), code
}

// TestAlsoWritesTheSameReports: --also gives, from one read, the bytes separate runs give.
func TestAlsoWritesTheSameReports(t *testing.T) {
	dir := t.TempDir()
	jsonOut, _, code := run(t, "", "report", "--format", "json", samplePath,
		"--also", "html="+filepath.Join(dir, "r.html"), "--also", "prometheus="+filepath.Join(dir, "r.prom"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for format, file := range map[string]string{"html": "r.html", "prometheus": "r.prom"} {
		want, _, _ := run(t, "", "report", "--format", format, samplePath)
		got, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil || string(got) != want {
			t.Errorf("--also %s wrote %d bytes (%v), a separate run prints %d", format, len(got), err, len(want))
		}
	}
	if !strings.Contains(jsonOut, `"schema": "jwtriage.report.v1"`) {
		t.Errorf("stdout is not the JSON report")
	}
}

func TestFailOn(t *testing.T) {
	_, stderr, code := run(t, "", "report", "--format", "json", "--fail-on", "any-actionable", samplePath)
	if code != ExitNegative || !strings.Contains(stderr, "--fail-on any-actionable") {
		t.Errorf("any-actionable on the sample: exit %d, stderr %q; want 1 and the reason", code, stderr)
	}
	_, stderr, code = run(t, "", "report", "--fail-on", "spike", samplePath)
	if code != ExitUsage || !strings.Contains(stderr, "baseline") {
		t.Errorf("spike without --baseline: exit %d, stderr %q; want a usage error", code, stderr)
	}
}

// TestBaselineRoundTrip: a report compared with itself has nothing new and no spike; a
// report of the first day compared with the whole sample's, as baseline, has kinds
// that spiked or are new only if the second day brought them.
func TestBaselineRoundTrip(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "base.json")
	if _, _, code := run(t, "", "report", "--format", "json", "-o", base, samplePath); code != 0 {
		t.Fatalf("exit %d", code)
	}
	out, stderr, code := run(t, "", "report", "--format", "json", "--baseline", base, "--fail-on", "new-actionable,spike", samplePath)
	if code != 0 {
		t.Fatalf("the sample against itself: exit %d (%s)", code, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Baseline == nil {
		t.Fatal("no baseline object in the JSON report")
	}
	for _, k := range rep.Baseline.Kinds {
		if k.New || k.Vanished || k.Spike {
			t.Errorf("kind %s against itself: new %v vanished %v spike %v", k.Kind, k.New, k.Vanished, k.Spike)
		}
	}
}

func TestWindowKeepsOnlyItsEvents(t *testing.T) {
	all, _, _ := run(t, "", "report", "--format", "json", samplePath)
	day1, _, _ := run(t, "", "report", "--format", "json", "--until", "2025-10-14", samplePath)
	day2, _, _ := run(t, "", "report", "--format", "json", "--since", "2025-10-14", samplePath)
	var a, d1, d2 report.Report
	for _, x := range []struct {
		s string
		r *report.Report
	}{{all, &a}, {day1, &d1}, {day2, &d2}} {
		if err := json.Unmarshal([]byte(x.s), x.r); err != nil {
			t.Fatal(err)
		}
	}
	if d1.Totals.JWTEvents+d2.Totals.JWTEvents != a.Totals.JWTEvents || d1.Totals.JWTEvents == 0 || d2.Totals.JWTEvents == 0 {
		t.Errorf("JWT events: day 1 %d + day 2 %d, want both non-zero and adding up to %d",
			d1.Totals.JWTEvents, d2.Totals.JWTEvents, a.Totals.JWTEvents)
	}
	if d1.Totals.Lines != a.Totals.Lines {
		t.Errorf("a window must not change the line accounting: %d lines, want %d", d1.Totals.Lines, a.Totals.Lines)
	}
	if d2.Window.From == nil || d2.Window.From.Format("2006-01-02") != "2025-10-14" {
		t.Errorf("window from = %v, want the asked 2025-10-14", d2.Window.From)
	}
}

// TestStdinAndBigLine reads a pipe holding an 8 MiB line between two events.
func TestStdinAndBigLine(t *testing.T) {
	event := `{"channel":"session","message":"JWT validation failed: The JWT string must have two dots"}` + "\n"
	big := `{"channel":"session","message":"Session store: ` + strings.Repeat("x", 8<<20) + `"}` + "\n"
	out, stderr, code := run(t, event+big+event, "report", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Totals.Lines != 3 || rep.Totals.SessionEvents != 3 || rep.Totals.JWTEvents != 2 || rep.Inputs[0].Name != "-" {
		t.Errorf("totals %+v, inputs %+v", rep.Totals, rep.Inputs)
	}
	_, stderr, code = run(t, big, "report", "--max-line", "1048576", "--format", "json", "-")
	want := "jwtriage: report: 1 line skipped (not a JSON object, or longer than --max-line), the first at stdin:1: line longer than 1048576 bytes\n"
	if code != 0 || stderr != want {
		t.Errorf("an over-long line must be skipped, said, and not be fatal: exit %d, %q", code, stderr)
	}
}

// TestOutputIsAtomic: a failing -o leaves no file behind and says why in one line.
func TestOutputIsAtomic(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing-dir", "r.json")
	_, stderr, code := run(t, "", "report", "--format", "json", "-o", path, samplePath)
	if code != ExitUsage || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, path) {
		t.Errorf("exit %d, stderr %q: want 2 and one line naming the file", code, stderr)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("a file was left at %s", path)
	}
}

// TestRedactedReportsHoldNoAddress: with --redact-ips no output format holds any client
// address of the sample, in either mode.
func TestRedactedReportsHoldNoAddress(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "sample", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Lines []struct {
			IP string `json:"ip"`
		} `json:"lines"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	ips := map[string]bool{}
	for _, l := range m.Lines {
		if l.IP != "" {
			ips[l.IP] = true
		}
	}
	if len(ips) < 10 {
		t.Fatalf("the sample has only %d addresses", len(ips))
	}
	for _, mode := range []string{"hash", "prefix"} {
		for _, format := range render.Formats() {
			out, stderr, code := run(t, "", "report", "--redact-ips", "--redact-mode", mode, "--format", format, samplePath)
			if code != 0 {
				t.Fatalf("%s/%s: exit %d: %s", mode, format, code, stderr)
			}
			for ip := range ips {
				if strings.Contains(out, ip) {
					t.Errorf("%s/%s output holds %s", mode, format, ip)
				}
			}
		}
	}
}
