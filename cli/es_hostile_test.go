package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A misbehaving cluster (issue 16) must make the daily job fail with one clear line on
// stderr and exit 2: never hang, loop, or print a secret.

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
