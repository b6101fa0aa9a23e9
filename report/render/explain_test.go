package render

import (
	"bufio"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/report"
)

// lcobucciMessages are four bad-signature messages that share their whole first line,
// as the sample has them.
var lcobucciMessages = []string{
	"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch",
	"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signature mismatch\n- The token is expired",
	"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signer mismatch",
	"JWT validation failed: The token violates some mandatory constraints, details:\n- Token signer mismatch\n- The token was issued in the future",
}

func TestMessageLabel(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{lcobucciMessages[1], "violated: Token signature mismatch; The token is expired"},
		{"JWT validation failed: The token violates some mandatory constraints, details:\r\n- Token signer mismatch\r\n", "violated: Token signer mismatch"},
		{"JWT validation failed: JWT error: wrong subject", "JWT validation failed: JWT error: wrong subject"},
		{"first line\nsecond line", "first line\nsecond line"},         // not lcobucci's: shown whole
		{"constraints, details:\n- \n", "constraints, details:\n- \n"}, // no violation to show
	} {
		if got := messageLabel(tt.in); got != tt.want {
			t.Errorf("messageLabel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMultiLineMessagesToldApart: in the table and in Markdown, each of the four
// messages is shown by its violations, so no two message rows read alike.
func TestMultiLineMessagesToldApart(t *testing.T) {
	k := report.Kind{Kind: "bad-signature", Count: 27, Estimated: 27}
	for i, m := range lcobucciMessages {
		k.Messages = append(k.Messages, report.Message{Message: m, Count: int64(9 - i)})
	}
	r := &report.Report{Schema: report.Schema, Kinds: []report.Kind{k}}
	for _, format := range []string{"table", "markdown"} {
		var out bytes.Buffer
		if err := Write(&out, format, r); err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			line := sc.Text()
			if !strings.Contains(line, "violated:") {
				continue
			}
			cells := strings.Split(line, "|")
			value := strings.TrimSpace(cells[2])
			if seen[value] {
				t.Errorf("%s: two message rows read %q", format, value)
			}
			seen[value] = true
		}
		if len(seen) != len(lcobucciMessages) {
			t.Errorf("%s: %d distinct message rows, want %d:\n%s", format, len(seen), len(lcobucciMessages), out.String())
		}
	}
}

// TestLongValuesToldApart: one-line messages and user agents that share more than the
// column of the table or of Markdown still read differently, each by where it differs.
func TestLongValuesToldApart(t *testing.T) {
	msg := "JWT validation failed: Error while decoding from Base64Url, invalid base64 characters detected in segment " + strings.Repeat("number ", 20)
	const ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
	k := report.Kind{Kind: "malformed", Count: 12, Estimated: 12}
	for i, s := range []string{"one", "two", "three"} {
		k.Messages = append(k.Messages, report.Message{Message: msg + s, Count: int64(3 - i)})
		k.UserAgents = append(k.UserAgents, report.UserAgent{Value: ua + s + ".0 Safari/537.36", Family: "Chrome", Count: int64(3 - i)})
	}
	r := &report.Report{Schema: report.Schema, Kinds: []report.Kind{k}}
	for _, format := range []string{"table", "markdown"} {
		var out bytes.Buffer
		if err := Write(&out, format, r); err != nil {
			t.Fatal(err)
		}
		for _, prefix := range []string{"JWT validation failed", "Chrome: Mozilla"} {
			seen := map[string]bool{}
			for line := range strings.SplitSeq(out.String(), "\n") {
				if cells := strings.Split(line, "|"); len(cells) > 2 && strings.HasPrefix(strings.TrimSpace(cells[2]), prefix) {
					seen[strings.TrimSpace(cells[2])] = true
				}
			}
			if len(seen) != 3 {
				t.Errorf("%s, %q: %d distinct rows, want 3:\n%s", format, prefix, len(seen), out.String())
			}
		}
	}
}

func TestFitApart(t *testing.T) {
	for _, tt := range []struct {
		in, want []string
	}{
		{[]string{"short", "values"}, []string{"short", "values"}},
		{[]string{"alpha beta gamma one", "alpha beta gamma two"}, []string{"alpha b…one", "alpha b…two"}},
		{[]string{"same long value here", "same long value here"}, []string{"same long …", "same long …"}},
		{[]string{"abcdefghijklmnopq1", "abcdefghijklmnopq2"}, []string{"abcdefghi…1", "abcdefghi…2"}},
		{[]string{"日本語のとても長い値です一", "日本語のとても長い値です二"}, []string{"日本語の…一", "日本語の…二"}},
	} {
		if got := fitApart(tt.in, 11); !slices.Equal(got, tt.want) {
			t.Errorf("fitApart(%q, 11) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFitWords(t *testing.T) {
	for _, tt := range []struct {
		in    string
		width int
		want  string
	}{
		{"short", 10, "short"},
		{"invalid JSON: the line ends inside a value", 36, "invalid JSON: the line ends inside …"},
		{"invalid JSON: the line ends inside a value", 35, "invalid JSON: the line ends …"},
		{"averyveryverylongwordwithoutspaces", 10, "averyvery…"}, // no space to cut at
	} {
		got := fitWords(tt.in, tt.width)
		if got != tt.want || textWidth(got) > tt.width {
			t.Errorf("fitWords(%q, %d) = %q (%d columns), want %q", tt.in, tt.width, got, textWidth(got), tt.want)
		}
	}
}

func TestEmptyExplanation(t *testing.T) {
	at := func(s string) *time.Time { ts, _ := time.Parse(time.RFC3339, s); return &ts }
	until := at("2025-10-01T00:00:00Z")
	for _, tt := range []struct {
		name string
		r    report.Report
		want []string
	}{
		{"no records", report.Report{}, []string{"No JWT events.", "The input held no JSON records."}},
		{"no session events", report.Report{Totals: report.Totals{Records: 5}},
			[]string{"None of the 5 records read is an event of the session channels read", "No event read carried a time."}},
		{"session events only", report.Report{Totals: report.Totals{Records: 3, SessionEvents: 3}, DataSpan: report.Span{From: at("2025-10-13T00:00:00Z"), To: at("2025-10-13T01:00:00Z")}},
			[]string{"The window holds 3 session events, none about JWT cookies.", "The data runs from 2025-10-13T00:00:00Z to 2025-10-13T01:00:00Z."}},
		{"all outside", report.Report{Window: report.Window{To: until}, Totals: report.Totals{Records: 7, OutsideWindow: 7},
			DataSpan: report.Span{From: at("2025-10-13T00:00:00Z"), To: at("2025-10-14T00:00:00Z")}},
			[]string{"7 session events fell outside the window (until 2025-10-01 00:00 UTC).", "The data runs from 2025-10-13T00:00:00Z to 2025-10-14T00:00:00Z."}},
	} {
		got := emptyExplanation(&tt.r)
		for _, want := range tt.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q lacks %q", tt.name, got, want)
			}
		}
	}
}

func TestWindowSource(t *testing.T) {
	ts := time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		w    report.Window
		want string
	}{
		{report.Window{From: &ts, To: &ts}, ""},
		{report.Window{From: &ts, To: &ts, FromData: true, ToData: true}, " (both ends from the data)"},
		{report.Window{From: &ts, To: &ts, ToData: true}, " (end from the data)"},
		{report.Window{From: &ts, FromData: true, ToData: true}, " (start from the data)"}, // no end known
	} {
		if got := windowSource(tt.w); got != tt.want {
			t.Errorf("windowSource(%+v) = %q, want %q", tt.w, got, tt.want)
		}
	}
}

// splitReport has a kind that rules split, as the sample with split-rules.json has it:
// 223 of 518 malformed events made benign by a rule.
func splitReport() *report.Report {
	return &report.Report{
		Schema: report.Schema,
		Totals: report.Totals{JWTEvents: 530, EstimatedJWTEvents: 2530, Benign: 223 + 10, Actionable: 295 + 2},
		Kinds: []report.Kind{
			{Kind: "malformed", Count: 518, Estimated: 518, Rules: []report.RuleCount{
				{Rule: "default", Benign: false, Count: 295, Estimated: 295},
				{Rule: "base64-mobile", Benign: true, Count: 223, Estimated: 223}}},
			{Kind: "soft-expired", Benign: true, Count: 10, Estimated: 2010, Rules: []report.RuleCount{
				{Rule: "default", Benign: true, Count: 10, Estimated: 2010}}},
			{Kind: "expired", Count: 2, Estimated: 2}, // a report without rules (an older one)
		},
	}
}

// TestVerdictRowsAddUpToTotals: the kinds table's verdict rows (table and Markdown) and
// Prometheus' jwtriage_events by verdict add up to the report's benign and actionable
// totals when rules split a kind.
func TestVerdictRowsAddUpToTotals(t *testing.T) {
	r := splitReport()
	for _, format := range []string{"table", "markdown"} {
		var out bytes.Buffer
		if err := Write(&out, format, r); err != nil {
			t.Fatal(err)
		}
		sums := map[string]int64{}
		for _, line := range strings.Split(out.String(), "\n") {
			cells := strings.Split(line, "|")
			if len(cells) != 6 {
				continue
			}
			verdict := strings.TrimSpace(cells[2])
			if n, err := strconv.ParseInt(strings.ReplaceAll(strings.TrimSpace(cells[3]), ",", ""), 10, 64); err == nil {
				sums[verdict] += n
			}
		}
		if sums["benign"] != r.Totals.Benign || sums["actionable"] != r.Totals.Actionable || sums["split"] != 518 {
			t.Errorf("%s: verdict rows add up to %v, want benign %d, actionable %d (split 518):\n%s",
				format, sums, r.Totals.Benign, r.Totals.Actionable, out.String())
		}
	}

	var out bytes.Buffer
	if err := Write(&out, "prometheus", r); err != nil {
		t.Fatal(err)
	}
	sums := map[string]int64{}
	for _, line := range strings.Split(out.String(), "\n") {
		for _, v := range []string{"benign", "actionable"} {
			if rest, ok := strings.CutPrefix(line, "jwtriage_events{"); ok && strings.Contains(rest, `verdict="`+v+`"}`) {
				n, err := strconv.ParseInt(rest[strings.LastIndexByte(rest, ' ')+1:], 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				sums[v] += n
			}
		}
	}
	if sums["benign"] != r.Totals.Benign || sums["actionable"] != r.Totals.Actionable {
		t.Errorf("prometheus: jwtriage_events add up to %v, want benign %d, actionable %d:\n%s", sums, r.Totals.Benign, r.Totals.Actionable, out.String())
	}
}

// TestEqualSpansNotCalledDifferent: a day that ends at its last event (23.96 h) and a
// full day (24 h) read alike, so the summary does not call them different (equal spans).
func TestEqualSpansNotCalledDifferent(t *testing.T) {
	r := &report.Report{Schema: report.Schema}
	for _, tt := range []struct {
		hours, baseHours float64
		differ           bool
	}{{23.963, 24, false}, {24, 24, false}, {12, 24, true}, {23.4, 24, true}} {
		s := newDailySummary(r, &report.Delta{Hours: tt.hours, BaselineHours: tt.baseHours})
		if got := strings.Contains(s.Baseline, "The windows differ"); got != tt.differ {
			t.Errorf("%v h vs %v h: %q, want differ = %v", tt.hours, tt.baseHours, s.Baseline, tt.differ)
		}
	}
}

// FuzzMessageLabel: a message with a "details:" header is shown by every one of its
// violation lines, in order; any other message is shown as it is.
func FuzzMessageLabel(f *testing.F) {
	for _, m := range lcobucciMessages {
		f.Add(m)
	}
	f.Add("JWT validation failed: JWT error: wrong subject")
	f.Add("details:\n-\n - \n")
	f.Fuzz(func(t *testing.T, m string) {
		got := messageLabel(m)
		if got == m {
			return
		}
		rest, ok := strings.CutPrefix(got, "violated: ")
		if !ok {
			t.Fatalf("messageLabel(%q) = %q: changed but not to its violations", m, got)
		}
		at := 0
		for _, l := range strings.Split(m, "\n")[1:] {
			l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "-"))
			if l == "" {
				continue
			}
			i := strings.Index(rest[at:], l)
			if i < 0 {
				t.Fatalf("messageLabel(%q) = %q lacks the violation %q", m, got, l)
			}
			at += i + len(l)
		}
	})
}

// FuzzFitWords: a reason cut to its column fits it and keeps a prefix of the text.
func FuzzFitWords(f *testing.F) {
	f.Add("invalid JSON: the line ends inside a value", 35)
	f.Add("日本語 の テキスト です", 7)
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = 2 + fuzzAbs(width)%200
		text := display.Text(s)
		out := fitWords(text, width)
		if textWidth(out) > width {
			t.Fatalf("fitWords(%q, %d) = %q is %d wide", text, width, out, textWidth(out))
		}
		if kept := strings.TrimSuffix(strings.TrimSuffix(out, "…"), " "); out != text && !strings.HasPrefix(text, kept) {
			t.Fatalf("fitWords(%q, %d) = %q is not a prefix", text, width, out)
		}
	})
}
