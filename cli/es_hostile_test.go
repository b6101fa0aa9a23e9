package cli

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A misbehaving cluster (a buggy or hostile server) must make the daily job fail with
// one clear line on stderr and exit 2: never hang, loop, or print a secret.

// runHostile runs jwtriage with args, no environment but env, and returns the exit
// code and stderr.
func runHostile(t *testing.T, env map[string]string, args ...string) (int, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(args, Streams{
		In: bytes.NewReader(nil), Out: &out, Err: &errOut,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return esTestNow },
	})
	return code, errOut.String()
}

// stallingCluster accepts requests and never answers, until the client gives up or the
// test ends.
func stallingCluster(t *testing.T) string {
	t.Helper()
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-done:
		case <-time.After(time.Minute): // bounded even if the client never gives up
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv.URL
}

// TestReportDeadlineStopsAStalledRun: a cluster that never answers, with a request
// timeout far longer than the run may take, is cut off by --deadline.
func TestReportDeadlineStopsAStalledRun(t *testing.T) {
	url := stallingCluster(t)
	code, stderr := runHostile(t, nil, "report", "--es", url, "--es-timeout", "10m", "--deadline", "300ms", "--format", "json")
	if code != ExitUsage || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--deadline of 300ms") {
		t.Errorf("exit %d, stderr %q: want exit 2 and one line naming --deadline", code, stderr)
	}
}

// TestReportDeadlineStopsAStalledPipe: standard input from a pipe whose writer sends
// nothing and never closes it is cut off by --deadline, like a stalled cluster.
func TestReportDeadlineStopsAStalledPipe(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pw.Close(); pr.Close() })
	var errOut bytes.Buffer
	exit := make(chan int, 1)
	go func() {
		exit <- Run([]string{"report", "--deadline", "300ms", "--format", "json", "-"}, Streams{
			In: pr, Out: io.Discard, Err: &errOut, Getenv: func(string) string { return "" },
		})
	}()
	var code int
	select {
	case code = <-exit:
	case <-time.After(10 * time.Second):
		t.Fatal("report did not end at its --deadline")
	}
	if stderr := errOut.String(); code != ExitUsage || strings.Count(stderr, "\n") != 1 ||
		!strings.Contains(stderr, "--deadline of 300ms") || !strings.Contains(stderr, "pipe") {
		t.Errorf("exit %d, stderr %q: want exit 2 and one line naming --deadline and a stalled pipe", code, stderr)
	}
}

// TestLinesDeadlineSaysWhatWasWritten: lines writes each record as it finds it, so its
// --deadline line must not claim that nothing was written, as report's does.
func TestLinesDeadlineSaysWhatWasWritten(t *testing.T) {
	url := stallingCluster(t)
	code, stderr := runHostile(t, nil, "lines", "--es", url, "--es-timeout", "10m", "--deadline", "300ms")
	if code != ExitUsage || strings.Count(stderr, "\n") != 1 || !strings.HasPrefix(stderr, "jwtriage: lines: ") ||
		!strings.Contains(stderr, "--deadline of 300ms") || strings.Contains(stderr, "report") {
		t.Errorf("exit %d, stderr %q: want exit 2 and one lines line naming --deadline, without report", code, stderr)
	}
}

// withoutWarnings drops the "jwtriage: warning:" lines of stderr.
func withoutWarnings(stderr string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.HasPrefix(line, "jwtriage: warning: ") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// emptyCluster answers every search with no documents and records the Authorization
// header of each request.
func emptyCluster(t *testing.T) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var auths []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths = append(auths, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(auths)
	}
}

// TestReportSecretsStayOffTheCommandLine: the password and the API key come from the
// environment or a file; given as flag values they still work but are warned about; a
// user without a password is refused rather than silently sending nothing.
func TestReportSecretsStayOffTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "api-key")
	pwFile := filepath.Join(dir, "password")
	emptyFile := filepath.Join(dir, "empty")
	for path, content := range map[string]string{keyFile: "a2V5LWZpbGU=\n", pwFile: "pw-from-file\r\n", emptyFile: "\n"} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	basic := func(user, pw string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pw)) }
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		auth     string // the Authorization sent; "" for a refused run
		warning  string // in a warning line; "" for none
		errWord  string // in the error line of a refused run
		noSecret string // never printed
	}{
		{name: "api key from the environment", env: map[string]string{"JWTRIAGE_ES_API_KEY": "a2V5LWVudg=="}, auth: "APIKey a2V5LWVudg=="},
		{name: "api key file", args: []string{"--es-api-key-file", keyFile}, auth: "APIKey a2V5LWZpbGU="},
		{name: "password file", args: []string{"--es-user", "reader", "--es-password-file", pwFile}, auth: basic("reader", "pw-from-file")},
		{name: "password from the environment", args: []string{"--es-user", "reader"}, env: map[string]string{"JWTRIAGE_ES_PASSWORD": "pw-env"}, auth: basic("reader", "pw-env")},
		{name: "api key flag", args: []string{"--es-api-key", "a2V5LWZsYWc="}, auth: "APIKey a2V5LWZsYWc=", warning: "--es-api-key puts a secret on the command line", noSecret: "a2V5LWZsYWc="},
		{name: "password flag", args: []string{"--es-user", "reader", "--es-password", "pw-flag"}, auth: basic("reader", "pw-flag"), warning: "$JWTRIAGE_ES_PASSWORD or --es-password-file", noSecret: "pw-flag"},
		{name: "user without password", args: []string{"--es-user", "reader"}, errWord: "--es-user reader has no password"},
		{name: "password without user", env: map[string]string{"JWTRIAGE_ES_PASSWORD": "pw-env"}, errWord: "no --es-user", noSecret: "pw-env"},
		{name: "flag and file", args: []string{"--es-user", "reader", "--es-password", "pw-flag", "--es-password-file", pwFile}, errWord: "not both", noSecret: "pw-flag"},
		{name: "empty file", args: []string{"--es-api-key-file", emptyFile}, errWord: "must hold the secret"},
		{name: "missing file", args: []string{"--es-api-key-file", filepath.Join(dir, "nope")}, errWord: "--es-api-key-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, auths := emptyCluster(t)
			args := append([]string{"report", "--format", "json", "--es-mode", "documents", "--es", url}, tt.args...)
			code, stderr := runHostile(t, tt.env, args...)
			if tt.noSecret != "" && strings.Contains(stderr, tt.noSecret) {
				t.Errorf("stderr shows the secret: %q", stderr)
			}
			if (tt.warning != "") != strings.Contains(stderr, "warning:") || !strings.Contains(stderr, tt.warning) {
				t.Errorf("stderr %q: want a warning only if %q", stderr, tt.warning)
			}
			if tt.auth == "" {
				if code != ExitUsage || strings.Count(withoutWarnings(stderr), "\n") != 1 || !strings.Contains(stderr, tt.errWord) || len(auths()) != 0 {
					t.Errorf("exit %d, stderr %q, %d requests: want exit 2, one line saying %q, no request", code, stderr, len(auths()), tt.errWord)
				}
				return
			}
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, a := range auths() {
				if a != tt.auth {
					t.Errorf("Authorization %q, want %q", a, tt.auth)
				}
			}
		})
	}
}

// TestReportRefusesCredentialsInClear: credentials for a cluster or an Action API on
// another machine over plain http:// are refused before anything is sent.
func TestReportRefusesCredentialsInClear(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"cluster password", []string{"--es", "http://logs.example.org:9200", "--es-user", "reader"}, map[string]string{"JWTRIAGE_ES_PASSWORD": "pw-env"}},
		{"cluster api key", []string{"--es", "http://10.2.3.4:9200"}, map[string]string{"JWTRIAGE_ES_API_KEY": "a2V5"}},
		{"action api password", []string{"--resolve-api", "http://bot:pw-env@meta.example.org/w/api.php", "--user-agent", "ops@example.org", clusterSampleFile}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stderr := runHostile(t, tt.env, append([]string{"report", "--format", "json"}, tt.args...)...)
			if code != ExitUsage || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "--allow-insecure-http") || strings.Contains(stderr, "pw-env") {
				t.Errorf("exit %d, stderr %q: want exit 2 and one line naming --allow-insecure-http", code, stderr)
			}
		})
	}
}

// TestReportClusterRepeatingPagesFails: a cluster that answers the same page whatever
// search_after says fails the run with one line, after a handful of requests, instead
// of counting the page again and again.
func TestReportClusterRepeatingPagesFails(t *testing.T) {
	// a full page (the default page size of documents mode is 500), always the same
	var page strings.Builder
	page.WriteString(`{"timed_out":false,"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":{"value":300000,"relation":"eq"},"hits":[`)
	for i := range 500 {
		if i > 0 {
			page.WriteString(",")
		}
		fmt.Fprintf(&page, `{"_index":"i","_id":"%d","_source":{"channel":"session","message":"Soft-expired JWT cookie"},"sort":[%d]}`, i, 1760346764000+i)
	}
	page.WriteString("]}}")
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) > 50 { // bounded whatever the client does
			http.Error(w, `{"error":{"type":"fake_exception","reason":"request cap"},"status":400}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, page.String())
	}))
	t.Cleanup(srv.Close)
	code, stderr := runHostile(t, nil, "report", "--format", "json", "--es", srv.URL, "--es-mode", "documents", "--progress", "never")
	if code != ExitUsage || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "paging does not advance") || requests.Load() > 3 {
		t.Errorf("exit %d after %d requests, stderr %q: want exit 2 and one line saying the paging does not advance", code, requests.Load(), stderr)
	}
}

// TestReportServerTextIsEscapedOnStderr: a cluster's error reason reaches stderr escaped
// as the reports show text from outside: no terminal title, no screen clearing, no
// direction override, no token.
func TestReportServerTextIsEscapedOnStderr(t *testing.T) {
	const token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error":{"type":"query_shard_exception","reason":"bad \u001b]0;owned\u0007 \u001b[2J \u202eevil\u202c z\u200bw `+token+`"},"status":400}`)
	}))
	t.Cleanup(srv.Close)
	code, stderr := runHostile(t, nil, "report", "--format", "json", "--es", srv.URL, "--es-mode", "documents", "--progress", "never")
	if code != ExitUsage || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q: want exit 2 and one line", code, stderr)
	}
	if strings.ContainsAny(stderr, "\x1b\x07\u202e\u202c\u200b") || strings.Contains(stderr, token) {
		t.Errorf("stderr %q holds raw controls, invisible characters or the token", stderr)
	}
	if !strings.Contains(stderr, `\x1b]0;owned\x07`) || !strings.Contains(stderr, `\u202eevil`) || !strings.Contains(stderr, "[JWT sha256:") {
		t.Errorf("stderr %q: want the reason shown escaped, the token masked", stderr)
	}
}
