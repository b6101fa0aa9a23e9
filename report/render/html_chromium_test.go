package render

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/ci"
)

// The HTML report in a real browser: Debian's `chromium`, headless, with every network
// lookup failing and a net log of what it tried. Missing chromium skips the test on a
// developer's machine and fails it in CI (CI=true): install it with
// testenv/setup.sh.

// chromiumBinary finds chromium ($JWTRIAGE_CHROMIUM, else chromium or chromium-browser).
func chromiumBinary(t *testing.T) string {
	t.Helper()
	names := []string{"chromium", "chromium-browser"}
	if env := os.Getenv("JWTRIAGE_CHROMIUM"); env != "" {
		names = []string{env}
	}
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	ci.Missing(t, "chromium not found (%s): run testenv/setup.sh", strings.Join(names, ", "))
	return ""
}

// chromiumRun is what one headless chromium run of a page showed.
type chromiumRun struct {
	Stdout []byte
	// Console holds the page's console messages: CSP violations, script errors, failed
	// loads. The report has no script, so any message is a defect.
	Console []string
	// Requests lists the URLs the page itself asked the network for (from the net log).
	Requests []string
}

// chromiumPDFPage matches a page object of an uncompressed PDF page tree.
var chromiumPDFPage = regexp.MustCompile(`/Type\s*/Page\b`)

// chromiumConsoleLine matches chromium's --enable-logging line for a console message.
var chromiumConsoleLine = regexp.MustCompile(`:CONSOLE[:(]\d*\)?\] (.*)`)

// runChromium opens page (a file) in headless chromium with extra flags, in a fresh
// profile, with every host resolving to nothing, and reports what the page did.
func runChromium(t *testing.T, bin, page string, extra ...string) chromiumRun {
	t.Helper()
	dir := t.TempDir()
	netLog := filepath.Join(dir, "netlog.json")
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + filepath.Join(dir, "profile"),
		"--host-resolver-rules=MAP * ~NOTFOUND",
		"--log-net-log=" + netLog,
		"--enable-logging=stderr", "--v=0",
	}, extra...)
	args = append(args, "file://"+page)
	// A guard against a hung browser, not a timed assertion.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(extra, " "), err, stderr.Bytes())
	}
	run := chromiumRun{Stdout: stdout.Bytes()}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if m := chromiumConsoleLine.FindStringSubmatch(line); m != nil {
			run.Console = append(run.Console, m[1])
		}
	}
	run.Requests = chromiumPageRequests(t, netLog)
	return run
}

// chromiumPageRequests reads a chromium net log and returns the URLs of the requests a
// file:// page started (chromium's own background requests have other sites).
func chromiumPageRequests(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("net log: %v", err)
	}
	var log struct {
		Constants struct {
			LogEventTypes map[string]int `json:"logEventTypes"`
		} `json:"constants"`
		Events []struct {
			Type   int             `json:"type"`
			Params json.RawMessage `json:"params"`
		} `json:"events"`
	}
	if err := json.Unmarshal(raw, &log); err != nil {
		t.Fatalf("net log %s: %v", path, err)
	}
	start, ok := log.Constants.LogEventTypes["URL_REQUEST_START_JOB"]
	if !ok {
		t.Fatal("net log has no URL_REQUEST_START_JOB event type: has chromium's format changed?")
	}
	var urls []string
	for _, e := range log.Events {
		if e.Type != start {
			continue
		}
		var p struct {
			URL           string `json:"url"`
			SiteForCookie string `json:"site_for_cookies"`
			NIK           string `json:"network_isolation_key"`
		}
		if err := json.Unmarshal(e.Params, &p); err != nil {
			t.Fatalf("net log event: %v", err)
		}
		if strings.Contains(p.SiteForCookie, "file://") || strings.Contains(p.NIK, "file://") {
			urls = append(urls, p.URL)
		}
	}
	return urls
}

// TestHTMLInChromium loads the rendered report in chromium: it must parse whole, make no
// request, log nothing to the console (so the CSP admitted the stylesheet and blocked
// nothing), and the phone-sized screenshot must show the styled summary.
func TestHTMLInChromium(t *testing.T) {
	bin := chromiumBinary(t)
	page := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(page, dailyHTMLFixture(t), 0o644); err != nil {
		t.Fatal(err)
	}

	dom := runChromium(t, bin, page, "--dump-dom")
	if len(dom.Console) > 0 {
		t.Errorf("console messages:\n%s", strings.Join(dom.Console, "\n"))
	}
	if len(dom.Requests) > 0 {
		t.Errorf("the page made network requests: %q", dom.Requests)
	}
	parsed := string(dom.Stdout)
	for _, want := range []string{`<section id="summary" class="summary alarm">`, `id="kind-7"`, `</footer>`} {
		if !strings.Contains(parsed, want) {
			t.Errorf("parsed DOM lacks %s", want)
		}
	}
	// 7 kinds with hourly series + the actionable and benign overviews.
	if got := strings.Count(parsed, "<svg "); got != 9 {
		t.Errorf("parsed DOM has %d charts, want 9", got)
	}
	if strings.Contains(parsed, "<script") || strings.Contains(parsed, "<img") {
		t.Error("log text became elements in the parsed DOM")
	}

	shot := filepath.Join(dailyArtifactDir(t), "report-phone.png")
	runChromium(t, bin, page, "--hide-scrollbars", "--window-size=412,900", "--screenshot="+shot)
	chromiumCheckScreenshot(t, shot)
	t.Logf("phone screenshot: %s", shot)

	// Printing: the print stylesheet lays the page out on several A4/Letter pages.
	pdf := filepath.Join(dailyArtifactDir(t), "report.pdf")
	runChromium(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	printed, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if pages := len(chromiumPDFPage.FindAll(printed, -1)); !bytes.HasPrefix(printed, []byte("%PDF-")) || pages < 2 {
		t.Errorf("printed %d bytes, %d pages: want a PDF of several pages", len(printed), pages)
	}
	if *update {
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("..", "testdata", "daily", "screenshot.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestChromiumCheckerCatchesDefects feeds the checks a page that breaks every rule, so
// a silent checker (a changed log format, say) cannot pass the real page by accident.
func TestChromiumCheckerCatchesDefects(t *testing.T) {
	bin := chromiumBinary(t)
	page := filepath.Join(t.TempDir(), "bad.html")
	bad := `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="` + htmlDailyCSP + `"></head>` +
		`<body><p style="color:red">styled</p><img src="http://example.invalid/x.png"><script>console.error("boom")</script></body></html>`
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	run := runChromium(t, bin, page, "--dump-dom")
	if len(run.Console) < 2 {
		t.Errorf("console = %q, want the blocked style attribute, image and script", run.Console)
	}
	noCSP := filepath.Join(t.TempDir(), "nocsp.html")
	if err := os.WriteFile(noCSP, []byte(`<!DOCTYPE html><img src="http://example.invalid/x.png">`), 0o644); err != nil {
		t.Fatal(err)
	}
	if run := runChromium(t, bin, noCSP, "--dump-dom"); len(run.Requests) == 0 {
		t.Error("the net log check missed a page's image request")
	}
}

// dailyArtifactDir is where test artifacts are kept after the test: $JWTRIAGE_TEST_ARTIFACTS,
// else jwtriage-test-artifacts in the system's temporary directory.
func dailyArtifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("JWTRIAGE_TEST_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "jwtriage-test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// chromiumCheckScreenshot checks the screenshot is phone-sized and shows the styled page: the
// summary's alarm background (so the stylesheet applied) and the actionable red (the
// charts' bars or the summary's markers).
func chromiumCheckScreenshot(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 412 || b.Dy() != 900 {
		t.Errorf("screenshot is %dx%d, want 412x900", b.Dx(), b.Dy())
	}
	alarmBG := color.RGBA{0xfd, 0xec, 0xea, 0xff} // --alarm-bg in daily.css
	actRed := color.RGBA{0xc0, 0x36, 0x2c, 0xff}  // --act
	counts := chromiumCountColors(img, alarmBG, actRed)
	if counts[0] < 20000 {
		t.Errorf("%d pixels of the summary's background, want a styled summary (> 20000)", counts[0])
	}
	if counts[1] < 200 {
		t.Errorf("%d pixels of the actionable colour, want > 200", counts[1])
	}
}

func chromiumCountColors(img image.Image, want ...color.RGBA) []int {
	counts := make([]int, len(want))
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			for i, w := range want {
				if c == w {
					counts[i]++
				}
			}
		}
	}
	return counts
}
