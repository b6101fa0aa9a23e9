package es

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/httpretry"
	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// fault is what the fault-injecting proxy does to one request.
type fault int

const (
	pass             fault = iota
	unavailable            // 503 with Retry-After: 1
	tooMany                // 429 without Retry-After
	badGateway             // 502
	dropBeforeAnswer       // the connection closes before any answer
	dropMidBody            // the status and half the body arrive, then the connection closes
	slowTimeout            // the answer comes after the client's request timeout
	slowInTime             // the answer comes late, but within the timeout
)

// faultProxy forwards requests to the engine on the loopback interface and injects
// faults by request number, cycling through a fixed schedule.
type faultProxy struct {
	upstream string
	schedule []fault
	delay    time.Duration // of slowTimeout
	client   *http.Client

	n        atomic.Int64
	mu       sync.Mutex
	injected map[fault]int
}

func newFaultProxy(t *testing.T, upstream string, schedule []fault, delay time.Duration) (*faultProxy, string) {
	p := &faultProxy{upstream: upstream, schedule: schedule, delay: delay,
		client: &http.Client{Transport: &http.Transport{DisableCompression: true}}, injected: map[fault]int{}}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	t.Cleanup(p.client.CloseIdleConnections)
	return p, srv.URL
}

func (p *faultProxy) faults() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for f, c := range p.injected {
		if f != pass && f != slowInTime {
			n += c
		}
	}
	return n
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f := p.schedule[int(p.n.Add(1)-1)%len(p.schedule)]
	p.mu.Lock()
	p.injected[f]++
	p.mu.Unlock()
	body, _ := io.ReadAll(r.Body)
	switch f {
	case unavailable:
		w.Header().Set("Retry-After", "1")
		http.Error(w, "upstream overloaded", http.StatusServiceUnavailable)
		return
	case tooMany:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"type":"es_rejected_execution_exception","reason":"rejected execution"},"status":429}`)
		return
	case badGateway:
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	case dropBeforeAnswer:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	case slowTimeout:
		select {
		case <-time.After(p.delay):
		case <-r.Context().Done():
		}
		return
	case slowInTime:
		time.Sleep(20 * time.Millisecond)
	}
	req, err := http.NewRequestWithContext(r.Context(), r.Method, p.upstream+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	req.Header = r.Header.Clone()
	resp, err := p.client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if f == dropMidBody {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		writePartialAnswer(buf, resp, answer)
		return
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(answer)
}

// writePartialAnswer writes the status line, the headers with the full length, and half
// of the body.
func writePartialAnswer(buf *bufio.ReadWriter, resp *http.Response, answer []byte) {
	fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", resp.StatusCode, http.StatusText(resp.StatusCode))
	for k, vs := range resp.Header {
		if k == "Content-Length" || k == "Transfer-Encoding" {
			continue
		}
		for _, v := range vs {
			fmt.Fprintf(buf, "%s: %s\r\n", k, v)
		}
	}
	fmt.Fprintf(buf, "Content-Length: %s\r\n\r\n", strconv.Itoa(len(answer)))
	buf.Write(answer[:len(answer)/2])
	buf.Flush()
}

// TestClusterFaultsKeepCountsExact reads the fixture through a proxy that answers 503
// with Retry-After, 429 and 502, drops connections before the answer and in the middle
// of the body, and answers too late or just late, while paging: the counts stay those
// of the file, every fault costs exactly one retry, and Retry-After is honoured.
func TestClusterFaultsKeepCountsExact(t *testing.T) {
	testcluster.Run(t, testClusterFaultsKeepCountsExact)
}

func testClusterFaultsKeepCountsExact(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	lines := readLines(t, fixtureFile)
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	want := summarize(eventsOfLines(t, n, lines, func(normalize.Event) bool { return true }))
	schedule := []fault{pass, unavailable, pass, dropMidBody, slowInTime, slowTimeout, pass,
		tooMany, dropBeforeAnswer, pass, badGateway, pass, pass}
	for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
		t.Run(string(mode), func(t *testing.T) {
			proxy, proxyURL := newFaultProxy(t, base, schedule, 3*time.Second)
			var progressLog bytes.Buffer
			src, err := New(Config{
				URLs: []string{proxyURL}, Index: fixturePattern, Mode: mode,
				Channels: n.Channels(), PageSize: 7, RequestTimeout: time.Second,
				Progress: &progressLog, ShowProgress: true,
			})
			if err != nil {
				t.Fatal(err)
			}
			var waits []time.Duration
			src.sleep = func(ctx context.Context, d time.Duration) error {
				waits = append(waits, d)
				return httpretry.Sleep(ctx, min(d, 5*time.Millisecond))
			}
			var sink collectSink
			if err := src.Stream(context.Background(), &sink); err != nil {
				t.Fatal(err)
			}
			got := summarize(eventsOfRecords(t, n, sink.records))
			if d := diffSummaries(want, got); d != "" {
				t.Errorf("through the faults, %s mode differs from the file:\n%s", mode, d)
			}
			st := src.Stats()
			// Every fault costs a retry; a loaded machine may add one (a request that
			// outlived the timeout), so the exact check is that every attempt the proxy
			// saw is accounted for.
			if st.Retries < proxy.faults() || proxy.faults() < 6 || int64(st.Requests+st.Retries) != proxy.n.Load() {
				t.Errorf("%d requests and %d retries for %d attempts with %d injected faults; progress:\n%s",
					st.Requests, st.Retries, proxy.n.Load(), proxy.faults(),
					bytes.ReplaceAll(progressLog.Bytes(), []byte("\r"), []byte("\n")))
			}
			honoured := 0
			for _, w := range waits {
				if w >= time.Second {
					honoured++
				}
			}
			if honoured < proxy.injected[unavailable] {
				t.Errorf("waits %v: %d of them honour a Retry-After of 1s, %d were sent", waits, honoured, proxy.injected[unavailable])
			}
			t.Logf("%s: %d requests, %d retries, faults %v, %d bytes received", mode, st.Requests, st.Retries, proxy.injected, st.BytesReceived)
		})
	}
}
