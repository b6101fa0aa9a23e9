package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
	"github.com/wikimedia/jwtriage/sources"
)

// hostileTexts are log-derived strings that try to break out of a cell, run a formula,
// inject HTML or drive a terminal.
var hostileTexts = []string{
	"|pipe|in|value|",
	"`code` and ``double``",
	"<script>alert(1)</script>",
	`=cmd|' /C calc'!A0`,
	"+SUM(1,2)",
	"-2+3",
	"@SUM(A1)",
	"\tstarts with a tab",
	"\rstarts with CR",
	"line one\nline two\r\nline three",
	"\x1b[2J\x1b[31mred\x07\x00",
	"\u202eevil\u2066",
	"[click](javascript:alert(1)) ![img](x)",
	"*bold* _it_ ~strike~ # not a heading &amp;",
	"\\| escaped already \\",
	"日本語のユーザーエージェント日本語のユーザーエージェント日本語のユーザーエージェント",
	"emoji 😀😀😀 " + strings.Repeat("wide ", 30),
	strings.Repeat("A", 500),
	"invalid \xff\xfe utf-8",
}

// hostileReport puts every hostile text in every log-derived field of a report.
func hostileReport() *report.Report {
	a := aggregate.New(aggregate.Options{Top: len(hostileTexts)})
	names := map[string]report.UserName{}
	for i, s := range hostileTexts {
		in := &sources.Input{Source: "file", Name: s}
		a.Record(in, 1)
		a.Skip(sources.Skipped{Input: in, Line: int64(i + 1), Err: s})
		a.Incomplete(in, s)
		r := &classify.Result{
			Event: normalize.Event{
				Kind: normalize.KindWrongIssuer, Message: s, Reason: s, Wiki: s, UserAgent: s,
				Subject:  normalize.Subject{Raw: s + "#subject"},
				ClientIP: netip.AddrFrom4([4]byte{192, 0, 2, byte(i)}), Count: int64(i + 1), Weight: 1,
			},
			Verdict: classify.Verdict{Benign: false, Reason: s, Rule: s},
			Agent:   classify.Agent{Family: s, Bot: i%2 == 0},
		}
		a.Event(r)
		names[s+"#subject"] = report.UserName{Name: s}
	}
	rep := a.Build(fixture.Now)
	rep.ApplyNames(names)
	return rep
}

func renderString(t *testing.T, r *report.Report, format string) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, r); err != nil {
		t.Fatalf("render %s: %v", format, err)
	}
	return buf.String()
}

func TestRenderUnknownFormat(t *testing.T) {
	for _, format := range []string{"", "xml", "JSON", "html "} {
		err := Write(&bytes.Buffer{}, format, fixture.Report(aggregate.New(aggregate.Options{})))
		if !errors.Is(err, ErrUnknownFormat) {
			t.Errorf("format %q: error %v, want ErrUnknownFormat", format, err)
		}
	}
}

// checkNoControls fails when out holds a control character other than \n (or \r\n
// line ends when crlf), or a bidi override.
func checkNoControls(t *testing.T, format, out string, crlf bool) {
	t.Helper()
	for i, r := range out {
		switch {
		case r == '\n':
		case r == '\r' && crlf && strings.HasPrefix(out[i+1:], "\n"):
		case r < 0x20 || r == 0x7f || display.Hidden(r):
			t.Errorf("%s: control character %U at byte %d: %q", format, r, i, out[max(0, i-20):min(len(out), i+20)])
			return
		}
	}
}

// isEscaped reports whether the character at i is preceded by an odd number of
// backslashes.
func isEscaped(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func TestMarkdownEscapesLogText(t *testing.T) {
	out := renderString(t, hostileReport(), "markdown")
	checkNoControls(t, "markdown", out, false)
	for n, line := range strings.Split(out, "\n") {
		if strings.ContainsAny(strings.TrimPrefix(line, "> "), "<>") {
			t.Errorf("line %d: raw < or > in Markdown output: %s", n+1, line)
		}
	}
	columns := 0
	for n, line := range strings.Split(out, "\n") {
		for i := 0; i < len(line); i++ {
			if strings.IndexByte("`*_[]~", line[i]) >= 0 && !isEscaped(line, i) && !strings.HasPrefix(line[i:], "**") && !strings.HasPrefix(line[max(0, i-1):], "**") {
				t.Errorf("line %d: unescaped %q at %d: %s", n+1, line[i], i, line)
				break
			}
		}
		if !strings.HasPrefix(line, "|") {
			columns = 0
			continue
		}
		pipes := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '|' && !isEscaped(line, i) {
				pipes++
			}
		}
		if columns == 0 {
			columns = pipes // the header row
		} else if pipes != columns {
			t.Errorf("line %d has %d cell borders, its table %d: %s", n+1, pipes, columns, line)
		}
	}
	for _, want := range []string{`&lt;script&gt;`, `\|pipe\|in\|value\|`, "\\`code\\`", `line one ⏎ line two ⏎ line three`, `\x1b\[2J`, `\u202eevil`} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown lacks the escaped form %s", want)
		}
	}
}

func TestCSVNeutralizesFormulasAndQuotes(t *testing.T) {
	out := renderString(t, hostileReport(), "csv")
	checkNoControls(t, "csv", strings.NewReplacer("\n", "", "\r", "", "\t", "").Replace(out), false)
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse back: %v", err)
	}
	if strings.Join(rows[0], ",") != "kind,breakdown,value,count,detail,error" {
		t.Errorf("header = %q", rows[0])
	}
	values := map[string]bool{}
	for _, row := range rows[1:] {
		if len(row) != 6 {
			t.Fatalf("row with %d fields: %q", len(row), row)
		}
		for _, col := range []int{0, 1, 2, 4} {
			if cell := row[col]; cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
		values[row[1]+" "+row[2]] = true
	}
	for _, want := range []string{
		`user_agents '=cmd|' /C calc'!A0`, "messages '+SUM(1,2)", "wikis '-2+3", "users '@SUM(A1)#subject",
		// encoding/csv writes line breaks in a cell as CRLF and drops a lone CR.
		"messages '\tstarts with a tab", "messages 'starts with CR", "messages line one\nline two\nline three",
		`messages \x1b[2J\x1b[31mred\x07\x00`, "messages <script>alert(1)</script>",
	} {
		if !values[want] {
			t.Errorf("no CSV row %q", want)
		}
	}
}

// TestTableFitsIn80Columns measures every line with go-runewidth (East Asian
// ambiguous characters narrow, as in a Western-locale terminal), not with the
// renderer's own width function.
func TestTableFitsIn80Columns(t *testing.T) {
	width := runewidth.Condition{EastAsianWidth: false}
	for name, rep := range map[string]*report.Report{"hostile": hostileReport(), "fixture": fixture.Report(aggregate.New(aggregate.Options{}))} {
		out := renderString(t, rep, "table")
		checkNoControls(t, "table "+name, out, false)
		for n, line := range strings.Split(out, "\n") {
			if w := width.StringWidth(line); w > tableWidth {
				t.Errorf("%s line %d is %d columns wide: %s", name, n+1, w, line)
			}
		}
	}
	out := renderString(t, hostileReport(), "table")
	for _, want := range []string{"line one ⏎ line two ⏎ line three", `\x1b[2J`, `\u202eevil`, "…"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

func TestTableRightAlignsNumbers(t *testing.T) {
	out := renderString(t, fixture.Report(aggregate.New(aggregate.Options{})), "table")
	for _, want := range []string{"| JWT estimated  | sampling applied              | 1,088 |", "| soft-expired             | benign     |     3 |     1,002 |"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks the right-aligned row %q", want)
		}
	}
}

func TestDisplayHelpers(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"plain", display.Text("Firefox/128.0"), "Firefox/128.0"},
		{"newlines", display.Text("a\nb\r\nc\rd"), "a ⏎ b ⏎ c ⏎ d"},
		{"tab and controls", display.Text("a\tb\x1b\x7f\u0085"), `a b\x1b\x7f\u0085`},
		{"bidi", display.Text("x\u202ey\u2069"), `x\u202ey\u2069`},
		{"invalid utf-8", display.Text("a\xffb"), "a\uFFFDb"},
		{"csv keeps breaks", display.Cell("a\nb\tc\x1b"), "a\nb\tc\\x1b"},
		{"fit short", fitWidth("abc", 3), "abc"},
		{"fit long", fitWidth("abcdef", 4), "abc…"},
		{"fit wide", fitWidth("日本語です", 6), "日本…"},
		{"csv formula", csvCell("=1+1"), "'=1+1"},
		{"csv plain", csvCell("enwiki"), "enwiki"},
		{"markdown", mdText("a|b`c<d>&e*f_g[h]i~j#k\\l"), "a\\|b\\`c&lt;d&gt;&amp;e\\*f\\_g\\[h\\]i\\~j\\#k\\\\l"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if got := WrapWords("one two three four", 9); strings.Join(got, "/") != "one two/three/four" {
		t.Errorf("WrapWords = %q", got)
	}
}

// TestEveryFormatMasksTokensFromOutside: a report can carry text the aggregator never
// saw (a baseline file's kind names, usernames an API answered); a token in it is
// masked in every format, JSON included, and the JSON still decodes.
func TestEveryFormatMasksTokensFromOutside(t *testing.T) {
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
	r := &report.Report{Schema: report.Schema, Kinds: []report.Kind{{Kind: "k " + token, Count: 1, Estimated: 1,
		Users: []report.User{{Subject: "CentralAuth::1", Name: "name " + token, Count: 1}}}}}
	for _, format := range Formats() {
		out := renderString(t, r, format)
		if strings.Contains(out, "c2lnbmF0dXJl") || !strings.Contains(out, "JWT sha256:1a2fc26dc7ea5a2a") {
			t.Errorf("%s: the token is not masked:\n%s", format, out)
		}
		if format == "json" && !json.Valid([]byte(out)) {
			t.Errorf("json: not JSON after masking")
		}
	}
}
