package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// consoleProxy stands in for OpenSearch Dashboards' console proxy, which this test
// environment does not have: POST /api/console/proxy?path=<path and query>&method=<M>
// with the header osd-xsrf (Dashboards refuses a POST without it), sent on to the
// engine; the engine's status and body come back. It is what the Dev Tools console
// uses, and the only route to the cluster some users have.
type consoleProxy struct {
	engine   string
	requests atomic.Int64
	refused  atomic.Int64
}

func (p *consoleProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	path, method := q.Get("path"), q.Get("method")
	switch {
	case r.Method != http.MethodPost || r.URL.Path != "/api/console/proxy":
		// Dashboards' answer (Hapi's) to a route it does not have, e.g. /logstash-*/_search.
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"statusCode":404,"error":"Not Found","message":"Not Found"}`)
		p.refused.Add(1)
		return
	case r.Header.Get("osd-xsrf") == "":
		http.Error(w, `{"statusCode":400,"error":"Bad Request","message":"Request must contain a osd-xsrf header."}`, http.StatusBadRequest)
		p.refused.Add(1)
		return
	case path == "" || method == "":
		http.Error(w, `{"statusCode":400,"error":"Bad Request","message":"[request query.path]: expected value of type [string]"}`, http.StatusBadRequest)
		p.refused.Add(1)
		return
	}
	p.requests.Add(1)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	req, err := http.NewRequestWithContext(r.Context(), method, p.engine+path, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header.Set("Content-Type", r.Header.Get("Content-Type"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// TestReportClusterThroughConsoleProxy: `report --es DASHBOARDS --es-console-proxy`
// reads the same as the direct route, every request through the proxy's contract.
func TestReportClusterThroughConsoleProxy(t *testing.T) {
	testcluster.Run(t, testReportClusterThroughConsoleProxy)
}

func testReportClusterThroughConsoleProxy(t *testing.T, url string) {
	l := clusterLayouts[0]
	pattern, file, _ := clusterSample(t, url, l, "cli-console")
	window := []string{"--since", "2025-10-13T06:00:00Z", "--until", "2025-10-14T20:00:00Z"}
	want, _ := runReportJSON(t, append(window, file)...)
	for _, mode := range []string{"aggregate", "documents"} {
		t.Run(mode, func(t *testing.T) {
			proxy := &consoleProxy{engine: url}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			got, _ := runReportJSON(t, append([]string{"--es", srv.URL, "--es-console-proxy", "--index", pattern, "--es-mode", mode}, window...)...)
			compareClusterReport(t, want, got, pattern)
			if proxy.requests.Load() == 0 || proxy.refused.Load() != 0 {
				t.Errorf("%d requests through the proxy, %d refused", proxy.requests.Load(), proxy.refused.Load())
			}
			// Without the proxy flag the Dashboards URL is no search engine: one line that
			// says so and what to do.
			var out, errOut bytes.Buffer
			code := Run([]string{"report", "--es", srv.URL, "--index", pattern, "--es-mode", mode, "--format", "json"},
				Streams{In: bytes.NewReader(nil), Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
			t.Logf("without --es-console-proxy: %s", strings.TrimSpace(errOut.String()))
			if code != ExitUsage || strings.Count(errOut.String(), "\n") != 1 || !strings.Contains(errOut.String(), "--es-console-proxy") {
				t.Errorf("without --es-console-proxy: exit %d, stderr %q; want exit 2 and one line that suggests --es-console-proxy", code, errOut.String())
			}
		})
	}
}
