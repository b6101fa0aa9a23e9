package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A cluster that does not answer at first is said on stderr at once, in jwtriage's
// error style and under the command that runs (lines reads the cluster through the
// same code as report), even without --progress (not 25 s of silence).
func TestReportSaysItRetries(t *testing.T) {
	for _, tt := range []struct {
		args  []string
		lines int // of stderr: lines also says that no event matched
	}{
		{[]string{"report", "--es-mode", "documents", "--progress", "never", "--format", "json"}, 1},
		{[]string{"lines"}, 2},
	} {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				http.Error(w, "node starting", http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"hits":[]}}`)
		}))
		defer srv.Close()
		var out, errOut bytes.Buffer
		code := Run(append(tt.args, "--es", srv.URL),
			Streams{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(string) string { return "" }, Now: time.Now})
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tt.args[0], code, errOut.String())
		}
		lines := strings.Split(strings.TrimSpace(errOut.String()), "\n")
		want := "jwtriage: " + tt.args[0] + ": " + srv.URL + " does not answer (HTTP 503"
		if len(lines) != tt.lines || !strings.HasPrefix(lines[0], want) || !strings.Contains(lines[0], "retrying") {
			t.Errorf("stderr %q, want %d line(s), the first starting %q", errOut.String(), tt.lines, want)
		}
	}
}
