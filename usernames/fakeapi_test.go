package usernames

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// step is one scripted answer of the fake API. release marks the request as no
// longer in flight; steps that block or drop the connection call it first, since
// the client has moved on by then.
type step func(w http.ResponseWriter, r *http.Request, release func())

// fakeAPI answers meta=globaluserinfo like CentralAuth's api.php, from a script of
// answers per id (the last answer repeats), and checks what the policy asks of a
// client: the query, the User-Agent and one request at a time.
type fakeAPI struct {
	t         *testing.T
	server    *httptest.Server
	wantUA    string
	inFlight  atomic.Int32
	overlaps  atomic.Int32
	mu        sync.Mutex
	script    map[string][]step
	requests  []string // guiid of each request, in order
	maxLagArg []string // the maxlag parameter of each request
}

var guiidPattern = regexp.MustCompile(`^[0-9]+$`)

func newFakeAPI(t *testing.T, script map[string][]step) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, script: script, wantUA: testUA}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

const testUA = "jwtriage/1.2.3 (ops@example.org; https://github.com/wikimedia/jwtriage) Go-http-client/1.1"

func (f *fakeAPI) url() string { return f.server.URL + "/w/api.php" }

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if f.inFlight.Add(1) > 1 {
		f.overlaps.Add(1)
	}
	var once sync.Once
	release := func() { once.Do(func() { f.inFlight.Add(-1) }) }
	defer release()

	q := r.URL.Query()
	for k, want := range map[string]string{"action": "query", "meta": "globaluserinfo", "format": "json", "formatversion": "2"} {
		if got := q.Get(k); got != want {
			f.t.Errorf("request %s: %s=%q, want %q", r.URL, k, got, want)
		}
	}
	if r.URL.Path != "/w/api.php" || r.Method != http.MethodGet {
		f.t.Errorf("request %s %s, want GET /w/api.php", r.Method, r.URL.Path)
	}
	if ua := r.Header.Get("User-Agent"); ua != f.wantUA {
		f.t.Errorf("User-Agent %q, want %q", ua, f.wantUA)
	}
	id := q.Get("guiid")
	if !guiidPattern.MatchString(id) {
		f.t.Errorf("guiid %q is not a decimal id", id)
	}
	f.mu.Lock()
	f.requests = append(f.requests, id)
	f.maxLagArg = append(f.maxLagArg, q.Get("maxlag"))
	n := 0
	for _, got := range f.requests {
		if got == id {
			n++
		}
	}
	steps := f.script[id]
	f.mu.Unlock()
	if len(steps) == 0 {
		f.t.Errorf("unexpected request for guiid %s", id)
		http.Error(w, "unexpected", http.StatusTeapot)
		return
	}
	steps[min(n, len(steps))-1](w, r, release)
}

func (f *fakeAPI) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

func writeJSON(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	fmt.Fprint(w, body)
}

// user answers as CentralAuth does for a visible global account.
func user(id int64, name string) step {
	return func(w http.ResponseWriter, r *http.Request, _ func()) {
		n, _ := json.Marshal(name)
		writeJSON(w, fmt.Sprintf(`{"batchcomplete":true,"query":{"globaluserinfo":{"home":"enwiki","id":%d,"registration":"2010-01-01T00:00:00Z","name":%s}}}`, id, n))
	}
}

// missing answers for an unknown or hidden account; v1 is formatversion 1's form.
func missing(v1 bool) step {
	return func(w http.ResponseWriter, r *http.Request, _ func()) {
		if v1 {
			writeJSON(w, `{"batchcomplete":"","query":{"globaluserinfo":{"missing":""}}}`)
			return
		}
		writeJSON(w, `{"batchcomplete":true,"query":{"globaluserinfo":{"missing":true}}}`)
	}
}

// apiErr answers with an API error, as api.php does (HTTP 200).
func apiErr(code, info string, retryAfter string) step {
	return func(w http.ResponseWriter, r *http.Request, _ func()) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.Header().Set("MediaWiki-API-Error", code)
		writeJSON(w, fmt.Sprintf(`{"error":{"code":%q,"info":%q,"docref":"See https://meta.wikimedia.org/w/api.php for API usage."},"servedby":"mw-api-ext.eqiad.main-1"}`, code, info))
	}
}

// status answers with an HTTP error page, with Retry-After when given.
func status(code int, retryAfter string) step {
	return func(w http.ResponseWriter, r *http.Request, _ func()) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, "<html><body>Wikimedia Error</body></html>", code)
	}
}

// slow never answers: it waits until the client gives up.
func slow() step {
	return func(w http.ResponseWriter, r *http.Request, release func()) {
		release()
		<-r.Context().Done()
	}
}

// drop closes the connection without an answer.
func drop() step {
	return func(w http.ResponseWriter, r *http.Request, release func()) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		release()
		conn.Close()
	}
}

// garbage answers 200 with something that is not the API's JSON.
func garbage() step {
	return func(w http.ResponseWriter, r *http.Request, _ func()) {
		writeJSON(w, `<!DOCTYPE html><html>Login required`)
	}
}

// fakeClock is a Clock whose Sleep returns at once, recording the wait and moving
// the time on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	// onSleep, when set, runs at each Sleep (a test cancels its context there).
	onSleep func()
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if c.onSleep != nil {
		c.onSleep()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// newTestResolver is a Resolver on api with the fake clock, the test contact and
// version, and the given options after those.
func newTestResolver(t *testing.T, api *fakeAPI, clk *fakeClock, opts ...Option) *Resolver {
	t.Helper()
	base := []Option{
		WithAPI(api.url()),
		WithContact("ops@example.org"),
		WithVersion("1.2.3"),
		WithHTTPClient(api.server.Client()),
		WithClock(clk),
		WithRequestTimeout(5 * time.Second),
	}
	r, err := New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

// checkStatsAddUp checks Stats' invariant: every id ends in exactly one status.
func checkStatsAddUp(t *testing.T, st Stats) {
	t.Helper()
	if sum := st.Resolved + st.Missing + st.Invalid + st.Unresolved; sum != st.IDs {
		t.Errorf("Stats %+v: resolved+missing+invalid+unresolved = %d, want IDs %d", st, sum, st.IDs)
	}
}

// truncated promises a longer body than it sends, then closes the connection.
func truncated() step {
	return func(w http.ResponseWriter, r *http.Request, release func()) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(err)
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"batchcomplete\":true,")
		buf.Flush()
		release()
		conn.Close()
	}
}

// huge answers 200 with a body far larger than any globaluserinfo answer.
func huge() step {
	return func(w http.ResponseWriter, r *http.Request, _ func()) {
		writeJSON(w, `{"query":{"globaluserinfo":{"name":"`+strings.Repeat("x", 2<<20)+`"}}}`)
	}
}
