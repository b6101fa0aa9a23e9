package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// runOnTerminal runs args with stdout taken for a terminal of $COLUMNS columns.
func runOnTerminal(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	s := Streams{
		In: strings.NewReader(""), Out: &out, Err: &errOut,
		Getenv:     func(k string) string { return env[k] },
		Now:        func() time.Time { return goldenNow },
		IsTerminal: func(stream any) bool { return stream == any(&out) },
	}
	if code := Run(args, s); code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
	}
	return out.String()
}

func widest(s string) int {
	w := 0
	for _, l := range strings.Split(s, "\n") {
		w = max(w, utf8.RuneCountInString(stripANSI(l)))
	}
	return w
}

func stripANSI(s string) string {
	for {
		i := strings.Index(s, "\x1b[")
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], 'm')
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+1:]
	}
}

// Tables take a wide terminal's width, stay at 80 in a pipe and on a narrow terminal;
// colour marks the actionable verdicts on a terminal only, and never with NO_COLOR.
func TestReportTableOnATerminal(t *testing.T) {
	args := []string{"report", "--top", "3", samplePath}
	pipe, _, code := run(t, "", args...)
	if code != 0 {
		t.Fatal(code)
	}
	if w := widest(pipe); w > 80 || strings.Contains(pipe, "\x1b[") {
		t.Errorf("in a pipe: widest line %d columns, colour %v", w, strings.Contains(pipe, "\x1b["))
	}
	wide := runOnTerminal(t, map[string]string{"COLUMNS": "160"}, args...)
	if w := widest(wide); w <= 80 || w > 160 {
		t.Errorf("on a 160-column terminal: widest line %d columns", w)
	}
	if !strings.Contains(wide, "\x1b[1;31mactionable\x1b[0m") {
		t.Error("on a terminal: the actionable verdicts are not coloured")
	}
	if stripANSI(runOnTerminal(t, map[string]string{"COLUMNS": "60"}, args...)) != pipe {
		t.Error("on a narrow terminal the table differs from the pipe's (beyond colour)")
	}
	if plain := runOnTerminal(t, map[string]string{"COLUMNS": "160", "NO_COLOR": "1"}, args...); strings.Contains(plain, "\x1b[") {
		t.Error("NO_COLOR: still coloured")
	}
}
