package es

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// emptyAnswer is a search answer with no hits from one healthy shard.
const emptyAnswer = `{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}`

// newFakeSource makes a source of a fake server whose retries do not wait.
func newFakeSource(t *testing.T, cfg Config) *Source {
	t.Helper()
	src, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	src.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return src
}

// seenRequest is what a fake server saw of one request.
type seenRequest struct {
	method, path, query, contentType, accept, auth, xsrf string
	pathParam, methodParam                               string
	body                                                 string
}

func recordingServer(t *testing.T, answer string) (*httptest.Server, func() []seenRequest) {
	var mu sync.Mutex
	var seen []seenRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, seenRequest{
			method: r.Method, path: r.URL.Path, query: r.URL.RawQuery,
			contentType: r.Header.Get("Content-Type"), accept: r.Header.Get("Accept"),
			auth: r.Header.Get("Authorization"), xsrf: r.Header.Get("osd-xsrf"),
			pathParam: r.URL.Query().Get("path"), methodParam: r.URL.Query().Get("method"),
			body: string(body),
		})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []seenRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]seenRequest(nil), seen...)
	}
}

// TestRequestsArePlainSearches checks that every request is a plain JSON POST to
// /<pattern>/_search (or its console-proxy form), with the credentials asked for, and
// without the vendor media types OpenSearch refuses.
func TestRequestsArePlainSearches(t *testing.T) {
	tests := []struct {
		name     string
		cfg      func(base string) Config
		path     string
		auth     string
		proxied  bool
		wantPath string // the console proxy's path parameter
	}{
		{name: "direct", cfg: func(b string) Config { return Config{URLs: []string{b}} }, path: "/logstash-*/_search"},
		{name: "base path and trailing slash", cfg: func(b string) Config {
			return Config{URLs: []string{b + "/search-api/"}, Index: "ecs-*"}
		}, path: "/search-api/ecs-*/_search"},
		{name: "basic auth", cfg: func(b string) Config {
			return Config{URLs: []string{b}, Username: "alice", Password: "s3cret"}
		}, path: "/logstash-*/_search", auth: "Basic YWxpY2U6czNjcmV0"},
		{name: "api key", cfg: func(b string) Config { return Config{URLs: []string{b}, APIKey: "a2V5OnZhbHVl"} },
			path: "/logstash-*/_search", auth: "APIKey a2V5OnZhbHVl"},
		{name: "console proxy", cfg: func(b string) Config {
			return Config{URLs: []string{b + "/osd"}, ConsoleProxy: true}
		}, path: "/osd/api/console/proxy", proxied: true, wantPath: "/logstash-*/_search"},
	}
	for _, tt := range tests {
		for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
			t.Run(tt.name+"/"+string(mode), func(t *testing.T) {
				srv, seen := recordingServer(t, emptyAnswer)
				cfg := tt.cfg(srv.URL)
				cfg.Mode = mode
				var sink collectSink
				if err := newFakeSource(t, cfg).Stream(context.Background(), &sink); err != nil {
					// An aggregate read of an empty answer fails on the missing
					// aggregations; the request is what this test checks.
					if mode != ModeAggregate || !errors.Is(err, ErrNotSearchEngine) {
						t.Fatal(err)
					}
				}
				reqs := seen()
				if len(reqs) == 0 {
					t.Fatal("no request")
				}
				for _, r := range reqs {
					if r.method != http.MethodPost || r.path != tt.path {
						t.Errorf("request %s %s, want POST %s", r.method, r.path, tt.path)
					}
					if r.contentType != "application/json" || strings.Contains(r.accept, "vnd.elasticsearch") {
						t.Errorf("Content-Type %q, Accept %q: want plain application/json", r.contentType, r.accept)
					}
					if r.auth != tt.auth {
						t.Errorf("Authorization %q, want %q", r.auth, tt.auth)
					}
					if tt.proxied {
						if r.xsrf != "true" || r.pathParam != tt.wantPath || r.methodParam != "POST" {
							t.Errorf("console proxy request: osd-xsrf %q, path=%q, method=%q", r.xsrf, r.pathParam, r.methodParam)
						}
					} else if r.query != "" {
						t.Errorf("query string %q, want none (everything is in the body)", r.query)
					}
					if !strings.HasPrefix(r.body, "{") {
						t.Errorf("body %q is not a JSON object", r.body)
					}
				}
			})
		}
	}
}

// TestErrorsAreOneClearLine checks the error of each way a server can refuse, and that
// it is one line that never shows the password.
func TestErrorsAreOneClearLine(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		ctype    string
		body     string
		want     error
		contains string
	}{
		{"unauthorized", 401, "application/json", `{"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials"}],"type":"security_exception","reason":"missing authentication credentials"},"status":401}`, ErrAuth, "missing authentication credentials"},
		{"forbidden by a proxy", 403, "text/html", `<html><body>Forbidden</body></html>`, ErrAuth, "--es-user"},
		{"index not found", 404, "application/json", `{"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [nope]","index":"nope"}],"type":"index_not_found_exception","reason":"no such index [nope]","index":"nope"},"status":404}`, ErrIndexNotFound, "--index"},
		{"no index matches", 200, "application/json", `{"took":0,"timed_out":false,"_shards":{"total":0,"successful":0,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}`, ErrIndexNotFound, "logstash-*"},
		{"a web page", 200, "text/html", "<!DOCTYPE html>\n<html><head><title>Login</title></head></html>", ErrNotSearchEngine, "not JSON"},
		{"other JSON", 200, "application/json", `{"status":"ok"}`, ErrNotSearchEngine, "no _shards"},
		{"a 404 page", 404, "text/html", "<h1>Not Found</h1>", ErrNotSearchEngine, "404"},
		{"OpenSearch Dashboards", 404, "application/json", `{"statusCode":404,"error":"Not Found","message":"Not Found"}`, ErrNotSearchEngine, "--es-console-proxy"},
		{"bad query", 400, "application/json", `{"error":{"root_cause":[{"type":"query_shard_exception","reason":"Failed to parse query [wiki:(]"}],"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}`, ErrRejected, "Failed to parse query [wiki:(]"},
		{"always unavailable", 503, "text/plain", "try later", ErrUnreachable, "3 attempts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hits atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				w.Header().Set("Content-Type", tt.ctype)
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			defer srv.Close()
			u := strings.Replace(srv.URL, "http://", "http://bob:hunter2@", 1)
			src := newFakeSource(t, Config{URLs: []string{u}, Mode: ModeDocuments, MaxRetries: 2})
			err := src.Stream(context.Background(), &collectSink{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.contains) || strings.Contains(msg, "\n") || strings.Contains(msg, "hunter2") {
				t.Errorf("error %q: want one line containing %q, without the password", msg, tt.contains)
			}
			if wantHits := int64(1 + 2*boolInt(tt.status == 503)); hits.Load() != wantHits {
				t.Errorf("%d requests, want %d", hits.Load(), wantHits)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestPartialAnswersAreReported checks that failed shards and a timeout reach
// Incomplete once each, and that the documents that did arrive are counted.
func TestPartialAnswersAreReported(t *testing.T) {
	answer := `{"took":5,"timed_out":true,"_shards":{"total":4,"successful":3,"skipped":0,"failed":1,
	"failures":[{"shard":2,"index":"logstash-mediawiki-1-7.0.0-1-2025.10.13","reason":{"type":"node_disconnected_exception","reason":"node left"}}]},
	"hits":{"total":{"value":2,"relation":"eq"},"hits":[
	{"_index":"a","_id":"1","_source":{"channel":"session","message":"Soft-expired JWT cookie"},"sort":[1760346764123]},
	{"_index":"a","_id":"2","_source":{"channel":"session","message":"Soft-expired JWT cookie"},"sort":[1760346764124]}]}}`
	srv, _ := recordingServer(t, answer)
	var sink collectSink
	if err := newFakeSource(t, Config{URLs: []string{srv.URL}, Mode: ModeDocuments}).Stream(context.Background(), &sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.records) != 2 {
		t.Errorf("%d records, want 2", len(sink.records))
	}
	joined := strings.Join(sink.incomplete, " | ")
	if len(sink.incomplete) != 2 || !strings.Contains(joined, "timed out") ||
		!strings.Contains(joined, "1 of 4 shards failed (node_disconnected_exception: node left)") {
		t.Errorf("incomplete = %q, want the timeout and the shard failure", sink.incomplete)
	}
}

// TestFailoverToTheNextURL checks that a dead first URL does not stop the read.
func TestFailoverToTheNextURL(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	live, seen := recordingServer(t, emptyAnswer)
	src := newFakeSource(t, Config{URLs: []string{deadURL, live.URL}, Mode: ModeDocuments})
	if err := src.Stream(context.Background(), &collectSink{}); err != nil {
		t.Fatal(err)
	}
	if len(seen()) != 1 {
		t.Errorf("the live URL saw %d requests, want 1", len(seen()))
	}
}

// TestCAFile checks that a server with a private CA is refused without --es-ca, at once
// and with a clear line, and accepted with it.
func TestCAFile(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, emptyAnswer)
	}))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	src := newFakeSource(t, Config{URLs: []string{srv.URL}, Mode: ModeDocuments})
	err := src.Stream(context.Background(), &collectSink{})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "--es-ca") || src.Stats().Retries != 0 {
		t.Errorf("without the CA: %v after %d retries, want an untrusted-certificate error at once", err, src.Stats().Retries)
	}
	src = newFakeSource(t, Config{URLs: []string{srv.URL}, Mode: ModeDocuments, CAFile: caFile})
	if err := src.Stream(context.Background(), &collectSink{}); err != nil {
		t.Errorf("with the CA: %v", err)
	}
	if _, err := New(Config{URLs: []string{srv.URL}, CAFile: filepath.Join(t.TempDir(), "missing.pem")}); !errors.Is(err, ErrConfig) {
		t.Errorf("a missing CA file: %v, want ErrConfig", err)
	}
	// A wrong path (here a sparse file a byte past the bound) is refused after a
	// bounded read, not read whole.
	big := filepath.Join(t.TempDir(), "big")
	if f, err := os.Create(big); err != nil {
		t.Fatal(err)
	} else {
		f.Truncate(maxCAFile + 1)
		f.Close()
	}
	if _, err := New(Config{URLs: []string{srv.URL}, CAFile: big}); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a huge CA file: %v, want ErrConfig saying it is too large", err)
	}
}

// TestUnknownHostFailsAtOnce: a misspelt host name is not retried.
func TestUnknownHostFailsAtOnce(t *testing.T) {
	// The resolver's answer is simulated: the test sends nothing outside the process.
	noDNS := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network,
			Err: &net.DNSError{Err: "no such host", Name: "no-such-host.invalid", IsNotFound: true}}
	}}
	src := newFakeSource(t, Config{URLs: []string{"http://no-such-host.invalid:9200"}, Mode: ModeDocuments, HTTPTransport: noDNS})
	err := src.Stream(context.Background(), &collectSink{})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "no such host") || src.Stats().Retries != 0 {
		t.Errorf("error %v after %d retries, want no such host at once", err, src.Stats().Retries)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2025, 10, 13, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"0", 0},
		{"-3", 0},
		{"1", time.Second},
		{" 120 ", 2 * time.Minute},
		{"999999", retryAfterCap},
		{"Mon, 13 Oct 2025 09:00:30 GMT", 30 * time.Second},
		{"Mon, 13 Oct 2025 08:00:00 GMT", 0},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	src := newFakeSource(t, Config{URLs: []string{"http://127.0.0.1:1"}})
	src.jitter = func(d time.Duration) time.Duration { return d - 1 } // the largest jitter
	tests := []struct {
		attempt    int
		retryAfter time.Duration
		min, max   time.Duration
	}{
		{0, 0, retryBase / 2, retryBase},
		{3, 0, 4 * retryBase, 8 * retryBase},
		{30, 0, retryCap / 2, retryCap},
		{0, 2 * time.Second, 2 * time.Second, 2*time.Second + 201*time.Millisecond},
	}
	for _, tt := range tests {
		got := src.backoff(tt.attempt, tt.retryAfter)
		if got < tt.min || got > tt.max {
			t.Errorf("backoff(%d, %v) = %v, want within [%v, %v]", tt.attempt, tt.retryAfter, got, tt.min, tt.max)
		}
	}
}

func TestConfigIsChecked(t *testing.T) {
	since := time.Date(2025, 10, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no URL", Config{}},
		{"not http", Config{URLs: []string{"ftp://example.org"}}},
		{"URL with a query", Config{URLs: []string{"https://example.org/?a=b"}}},
		{"comma list", Config{URLs: []string{"http://x"}, Index: "logstash-*,ecs-*"}},
		{"user and key", Config{URLs: []string{"http://x"}, Username: "u", APIKey: "k"}},
		{"empty window", Config{URLs: []string{"http://x"}, Since: since, Until: since}},
		{"unknown mode", Config{URLs: []string{"http://x"}, Mode: "fast"}},
		{"page too small", Config{URLs: []string{"http://x"}, PageSize: 1}},
		{"interval not whole seconds", Config{URLs: []string{"http://x"}, Interval: 1500 * time.Millisecond}},
	}
	for _, tt := range tests {
		if _, err := New(tt.cfg); !errors.Is(err, ErrConfig) {
			t.Errorf("%s: New = %v, want ErrConfig", tt.name, err)
		}
	}
	src, err := New(Config{URLs: []string{"https://example.org/"}})
	if err != nil {
		t.Fatal(err)
	}
	if src.cfg.Index != DefaultIndex || src.cfg.Mode != ModeAggregate || src.Input().Name != DefaultIndex || src.Input().Source != "es" {
		t.Errorf("defaults: index %q, mode %q, input %+v", src.cfg.Index, src.cfg.Mode, *src.Input())
	}
}
