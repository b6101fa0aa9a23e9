package report

import (
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// dailyHTMLFixture renders the realistic day under testdata/daily/html against its
// baseline.
func dailyHTMLFixture(t testing.TB) []byte {
	t.Helper()
	dir := filepath.Join("testdata", "daily", "html")
	base, err := LoadReport(filepath.Join(dir, "base.json"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := LoadReport(filepath.Join(dir, "cur.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := RenderHTML(&out, cur, Compare(cur, base, CompareOptions{})); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestRenderHTMLGolden(t *testing.T) {
	dailyGolden(t, filepath.Join("testdata", "daily", "html", "report.golden.html"), dailyHTMLFixture(t))
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
		if err := RenderHTML(io.Discard, cur, d); err != nil {
			b.Fatal(err)
		}
	}
}
