package render

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// hostileDeltaPair is a baseline and a report whose new top entries carry terminal
// escapes, line breaks and markup, as log fields can.
func hostileDeltaPair() (cur *report.Report, d *report.Delta) {
	base := &report.Report{Schema: report.Schema, Kinds: []report.Kind{{Kind: "bad-signature", Count: 1, Estimated: 1}}}
	cur = &report.Report{Schema: report.Schema, Kinds: []report.Kind{{
		Kind: "bad-signature", Count: 2, Estimated: 2, VerdictReason: "needs *a* person",
		Users:      []report.User{{Subject: "CentralAuth::1", Name: "Evil\x1b[31mRed\nNext line: [x](javascript:alert(1)) <script>@admin", Count: 2}},
		IPs:        []report.Value{{Value: "203.0.113.7\u202egnp.exe", Count: 2}},
		UserAgents: []report.UserAgent{{Value: "x", Family: "`code` | pipe", Count: 2}},
	}}}
	return cur, report.Compare(cur, base, report.CompareOptions{})
}

func TestDailySummaryLinesEscapeLogText(t *testing.T) {
	cur, d := hostileDeltaPair()
	text := summaryText(dailySummaryLines(cur, d))
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
	if err := renderSummaryMarkdown(&out, cur, d); err != nil {
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
		{report.FormatCount(0), "0"}, {report.FormatCount(999), "999"}, {report.FormatCount(1000), "1,000"},
		{report.FormatCount(-1234567), "-1,234,567"}, {report.FormatCount(12345678901), "12,345,678,901"},
		{report.FormatRate(0), "0"}, {report.FormatRate(0.6667), "0.67"}, {report.FormatRate(3.25), "3.25"},
		{report.FormatRate(45.06), "45.1"}, {report.FormatRate(1249.6), "1,250"},
		{deltaEvents(3, 3), "3 events"}, {deltaEvents(1, 1), "1 event"}, {deltaEvents(0, 0), "no events"},
		{deltaEvents(21, 21000), "≈21,000 events (21 logged)"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// TestSummaryGolden renders the daily summary, as text and as Markdown, of each baseline
// comparison case of the model's tests (../testdata/daily/compare: base.json, cur.json).
func TestSummaryGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "daily", "compare", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no compare cases: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			cur, base := fixture.LoadPair(t, dir)
			d := report.Compare(cur, base, report.CompareOptions{})
			text := summaryText(dailySummaryLines(cur, d)) + "\n"
			fixture.Golden(t, filepath.Join(dir, "summary.golden.txt"), []byte(text), *update)
			var md bytes.Buffer
			if err := renderSummaryMarkdown(&md, cur, d); err != nil {
				t.Fatal(err)
			}
			fixture.Golden(t, filepath.Join(dir, "summary.golden.md"), md.Bytes(), *update)
		})
	}
}

// A driver sentence in Markdown ends with its Discover links; an approximation is said
// beside its link, a value without a link is named with the reason; log text in the
// labels stays literal.
func TestRenderSummaryMarkdownDriverLinks(t *testing.T) {
	cur, d := hostileDeltaPair()
	k := &d.Kinds[0]
	k.Spike = true
	k.Drivers = []report.Driver{{Dimension: "users", Value: "[x](javascript:alert(1))", Count: 2, Share: 1,
		DashboardsURL: "https://d.example.org/app/discover#/?_a=(q:'u')", DashboardsNote: "matched in *three* fields",
		With: []report.DriverRef{{Dimension: "families", Value: "NewBot", DashboardsNote: "no field holds it"}}}}
	var out bytes.Buffer
	if err := renderSummaryMarkdown(&out, cur, d); err != nil {
		t.Fatal(err)
	}
	md := out.String()
	for _, want := range []string{
		`; open in Dashboards: [\[x\](javascript:alert(1)) (user)](<https://d.example.org/app/discover#/?_a=(q:'u')>) (approximate: matched in \*three\* fields)`,
		`, NewBot (user-agent family): no link, no field holds it`,
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// The summary's figures read as a sentence whichever ends the window has.
func TestSummaryFiguresWindowWording(t *testing.T) {
	from := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	to := from.Add(24 * time.Hour)
	for _, tt := range []struct {
		w    report.Window
		want string
	}{
		{report.Window{From: &from, To: &to}, "0 JWT events in 2025-10-14 00:00 – 2025-10-15 00:00 UTC."},
		{report.Window{From: &from}, "0 JWT events since 2025-10-14 00:00 UTC."},
		{report.Window{To: &to}, "0 JWT events until 2025-10-15 00:00 UTC."},
		{report.Window{}, "0 JWT events in an unknown window."},
	} {
		r := &report.Report{Window: tt.w}
		if got := summaryFigures(r, nil, &dailySummary{}); got != tt.want {
			t.Errorf("window %v: %q, want %q", tt.w, got, tt.want)
		}
	}
}

// summaryText is the summary's lines unwrapped, one a line.
func summaryText(lines []summaryLine) string {
	var s []string
	for _, l := range lines {
		s = append(s, l.String())
	}
	return strings.Join(s, "\n")
}
