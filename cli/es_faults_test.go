package cli

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// faultProxy sits before the real engine and spoils the requests its script names
// (by their order, from 1): a 503, a 429 with Retry-After, a connection dropped halfway
// through the answer, or an answer slower than the command's --es-timeout.
type faultProxy struct {
	rp     *httputil.ReverseProxy
	script map[int]string
	mu     sync.Mutex
	n      int
	done   []string // the faults injected, in order
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.n++
	fault := p.script[p.n]
	if fault != "" {
		p.done = append(p.done, fault)
	}
	p.mu.Unlock()
	switch fault {
	case "503":
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"error":{"type":"unavailable","reason":"injected"},"status":503}`)
		return
	case "429":
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"type":"es_rejected_execution_exception","reason":"injected"},"status":429}`)
		return
	case "slow":
		time.Sleep(1500 * time.Millisecond) // beyond --es-timeout 1s
	case "drop":
		rec := httptest.NewRecorder()
		p.rp.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		// The headers promise the whole body; half of it arrives, then the connection ends.
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ")
		buf.WriteString(strconv.Itoa(len(body)))
		buf.WriteString("\r\n\r\n")
		buf.Write(body[:len(body)/2])
		buf.Flush()
		return
	}
	p.rp.ServeHTTP(w, r)
}

// TestReportClusterSurvivesFaults: with faults injected before, between and during the
// pages of both modes, the report is still exactly the file's: no page lost, none
// counted twice.
func TestReportClusterSurvivesFaults(t *testing.T) {
	testcluster.Run(t, testReportClusterSurvivesFaults)
}

func testReportClusterSurvivesFaults(t *testing.T, engine string) {
	l := clusterLayouts[0]
	pattern, file, _ := clusterSample(t, engine, l, "cli-faults")
	want, _ := runReportJSON(t, file)
	target, err := neturl.Parse(engine)
	if err != nil {
		t.Fatal(err)
	}
	script := map[int]string{1: "503", 3: "drop", 4: "429", 6: "slow", 8: "drop", 9: "503"}
	for _, mode := range []string{"aggregate", "documents"} {
		t.Run(mode, func(t *testing.T) {
			rp := &httputil.ReverseProxy{
				Rewrite: func(pr *httputil.ProxyRequest) {
					pr.SetURL(target)
					pr.Out.Header.Set("Accept-Encoding", "identity") // so that half a body is half the JSON
				},
				ErrorLog: log.New(io.Discard, "", 0), // the slow answer's cancelled request is the point
			}
			proxy := &faultProxy{rp: rp, script: script}
			srv := httptest.NewServer(proxy)
			defer srv.Close()
			got, _ := runReportJSON(t, "--es", srv.URL, "--index", pattern, "--es-mode", mode, "--es-timeout", "1s")
			compareClusterReport(t, want, got, pattern)
			proxy.mu.Lock()
			defer proxy.mu.Unlock()
			if len(proxy.done) < 4 {
				t.Errorf("only %d faults injected (%v) in %d requests: the test did not test much", len(proxy.done), proxy.done, proxy.n)
			}
			t.Logf("%s: %d requests, faults %v", mode, proxy.n, proxy.done)
		})
	}
}
