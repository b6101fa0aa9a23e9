package render

import (
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// dailyHTMLFixture renders the realistic day under testdata/daily/html against its
// baseline.
func dailyHTMLFixture(t testing.TB) []byte {
	t.Helper()
	cur, d := dailyFixturePair(t)
	var out bytes.Buffer
	if err := renderHTML(&out, cur, d); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestRenderHTMLGolden(t *testing.T) {
	fixture.Golden(t, filepath.Join("..", "testdata", "daily", "html", "report.golden.html"), dailyHTMLFixture(t), *update)
}

// Without a baseline the page still says what is actionable and what is benign and why,
// and has no rates or flags that need one.
func TestRenderHTMLWithoutBaseline(t *testing.T) {
	cur, _ := dailyFixturePair(t)
	var out bytes.Buffer
	if err := renderHTML(&out, cur, nil); err != nil {
		t.Fatal(err)
	}
	fixture.Golden(t, filepath.Join("..", "testdata", "daily", "html", "report-no-baseline.golden.html"), out.Bytes(), *update)
	page := out.String()
	for _, want := range []string{"no baseline to compare with", "Needs a person (actionable)", "Benign, and why", "a client that keeps a cookie past its soft expiry"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, unwanted := range []string{`class="flag spike"`, "New since the baseline"} {
		if strings.Contains(page, unwanted) {
			t.Errorf("page without a baseline has %q", unwanted)
		}
	}
	if rate := regexp.MustCompile(`[0-9]/h\b`).FindString(page); rate != "" {
		t.Errorf("page without a baseline shows a rate: %q", rate)
	}
}

func TestRenderHTMLEmptyReport(t *testing.T) {
	var out bytes.Buffer
	if err := renderHTML(&out, &report.Report{Schema: report.Schema}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "No JWT session errors in this window.") {
		t.Errorf("empty report page:\n%s", out.String())
	}
	if err := renderHTML(&out, nil, nil); err == nil {
		t.Error("renderHTML(nil) succeeded")
	}
}

// The fixture carries hostile strings in a user agent, a username, a wiki, a message, a
// skipped line's error: none may become markup, and no log text may become a link.
func TestRenderHTMLEscapesLogText(t *testing.T) {
	page := string(dailyHTMLFixture(t))
	for _, bad := range []string{"<script", "<img", "</style><", "<b>array"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q unescaped", bad)
		}
	}
	for _, escaped := range []string{
		"&lt;script&gt;alert(&#39;ua&#39;)&lt;/script&gt;",
		"&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
		"&lt;/style&gt;&lt;script&gt;alert(2)&lt;/script&gt;",
		"javascript:alert(document.cookie)",
	} {
		if !strings.Contains(page, escaped) {
			t.Errorf("page lacks the escaped text %q", escaped)
		}
	}
	for _, m := range regexp.MustCompile(`(?i)\b(href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[2], "#kind-") {
			t.Errorf("%s=%q: only in-page links to kinds are allowed", m[1], m[2])
		}
	}
}

func BenchmarkRenderHTML(b *testing.B) {
	cur, d := dailyFixturePair(b)
	for b.Loop() {
		if err := renderHTML(io.Discard, cur, d); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRenderHTMLShowsBounds: a kind past the memory budget shows its counts as ranges,
// its shares as upper bounds, and its distinct counts and uncertain candidates in
// words.
func TestRenderHTMLShowsBounds(t *testing.T) {
	rep := fixture.BoundedReport(aggregate.New(aggregate.Options{Memory: 1}))
	var out bytes.Buffer
	if err := renderHTML(&out, rep, nil); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	ip := rep.Kinds[0].IPs[0]
	if ip.Error == 0 {
		t.Fatalf("the fixture's top IP %+v carries no error", ip)
	}
	for _, want := range []string{report.FormatBounded(ip.Count, ip.Error), "≤", "Distinct: ≈", "Bounds: ", "Left out of the top lists"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, ">"+report.FormatCount(ip.Count)+"<") {
		t.Errorf("the page shows the bounded count %d bare", ip.Count)
	}
}

// What the input or the window left out is said in the totals, in the table's and
// Markdown's words, and the unusable records are listed as the skipped lines are.
func TestRenderHTMLSaysWhatWasLeftOut(t *testing.T) {
	rep := &report.Report{
		Schema:   report.Schema,
		Totals:   report.Totals{Lines: 1300, Records: 1300, Unusable: 1235, OutsideWindow: 1234},
		Unusable: []report.Skip{{Input: "in.jsonl", Line: 7, Error: "cut at 64 KiB <b>"}},
	}
	var out bytes.Buffer
	if err := renderHTML(&out, rep, nil); err != nil {
		t.Fatal(err)
	}
	page := out.String()
	for _, want := range []string{
		`<dt>Unusable</dt><dd class="value">1,235</dd><dd class="note">records cut by rsyslog</dd>`,
		`<dt>Outside window</dt><dd class="value">1,234</dd><dd class="note">session events left out</dd>`,
		`<section id="unusable">`, "<h2>Unusable records</h2>",
		`<td class="num">7</td><td class="wrap"><bdi>cut at 64 KiB &lt;b&gt;</bdi>`,
		"and 1,234 more.", // formatted as every count
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, `<section id="skipped">`) {
		t.Error("the page lists skipped lines where there are none")
	}
	rep.Totals.Unusable, rep.Totals.OutsideWindow, rep.Unusable = 0, 0, nil
	out.Reset()
	if err := renderHTML(&out, rep, nil); err != nil {
		t.Fatal(err)
	}
	for _, unwanted := range []string{"<dt>Unusable</dt>", "<dt>Outside window</dt>", `<section id="unusable">`} {
		if strings.Contains(out.String(), unwanted) {
			t.Errorf("a page with nothing left out has %q", unwanted)
		}
	}
}
