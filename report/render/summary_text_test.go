package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// hostileDeltaPair is a baseline and a report whose new top entries carry terminal
// escapes, line breaks and markup, as log fields can.
func hostileDeltaPair() (cur *Report, d *Delta) {
	base := &Report{Schema: Schema, Kinds: []Kind{{Kind: "bad-signature", Count: 1, Estimated: 1}}}
	cur = &Report{Schema: Schema, Kinds: []Kind{{
		Kind: "bad-signature", Count: 2, Estimated: 2, VerdictReason: "needs *a* person",
		Users:      []User{{Subject: "CentralAuth::1", Name: "Evil\x1b[31mRed\nNext line: [x](javascript:alert(1)) <script>@admin", Count: 2}},
		IPs:        []Value{{Value: "203.0.113.7\u202egnp.exe", Count: 2}},
		UserAgents: []UserAgent{{Value: "x", Family: "`code` | pipe", Count: 2}},
	}}}
	return cur, Compare(cur, base, CompareOptions{})
}

func TestDailySummaryLinesEscapeLogText(t *testing.T) {
	cur, d := hostileDeltaPair()
	lines := DailySummaryLines(cur, d)
	text := strings.Join(lines, "\n")
	for _, bad := range []string{"\x1b", "\u202e", "Red\nNext"} {
		if strings.Contains(text, bad) {
			t.Errorf("summary lines contain %q raw:\n%s", bad, text)
		}
	}
	for _, want := range []string{`Evil\x1b[31mRed ⏎ Next line`, `203.0.113.7\u202egnp.exe`} {
		if !strings.Contains(text, want) {
			t.Errorf("summary lines lack the escaped %q:\n%s", want, text)
		}
	}
}

func TestRenderSummaryMarkdownEscapesLogText(t *testing.T) {
	cur, d := hostileDeltaPair()
	var out bytes.Buffer
	if err := RenderSummaryMarkdown(&out, cur, d); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	// What is left once every backslash-escaped character is taken out must hold none
	// of the markup the log text carried.
	unescaped := regexp.MustCompile(`\\.`).ReplaceAllString(md, "")
	for _, bad := range []string{"[x](javascript:", "<script>", "@admin", "`code`", "| pipe", "*a*", "\x1b"} {
		if strings.Contains(unescaped, bad) {
			t.Errorf("markdown contains %q unescaped:\n%s", bad, md)
		}
	}
	for _, want := range []string{`\[x\](javascript:alert(1)) &lt;script&gt;\@admin`, "\\`code\\` \\| pipe", `needs \*a\* person`} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestDeltaFormatting(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{formatCount(0), "0"}, {formatCount(999), "999"}, {formatCount(1000), "1,000"},
		{formatCount(-1234567), "-1,234,567"}, {formatCount(12345678901), "12,345,678,901"},
		{deltaRate(0), "0"}, {deltaRate(0.6667), "0.67"}, {deltaRate(3.25), "3.25"},
		{deltaRate(45.06), "45.1"}, {deltaRate(1249.6), "1,250"},
		{deltaEvents(3, 3), "3 events"}, {deltaEvents(1, 1), "1 event"}, {deltaEvents(0, 0), "no events"},
		{deltaEvents(21, 21000), "≈21,000 events (21 logged)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
