package es

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// A cluster that does not answer is said at once, in one sentence, whether or not
// progress is shown; the progress line says it too when shown.
func TestRetryNotice(t *testing.T) {
	for _, showProgress := range []bool{false, true} {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) <= 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, emptyAnswer)
		}))
		var notices []string
		var progress bytes.Buffer
		src := newFakeSource(t, Config{
			URLs: []string{srv.URL}, Mode: ModeDocuments,
			Progress: &progress, ShowProgress: showProgress,
			Notice: func(s string) { notices = append(notices, s) },
		})
		var sink collectSink
		err := src.Stream(context.Background(), &sink)
		srv.Close()
		if err != nil {
			t.Fatalf("progress %v: %v", showProgress, err)
		}
		if showProgress {
			if len(notices) != 0 || !strings.Contains(progress.String(), "retrying in") {
				t.Errorf("with progress: notices %q, progress %q", notices, progress.String())
			}
			continue
		}
		if len(notices) != 1 {
			t.Fatalf("without progress: %d notices %q, want 1 for 3 retries", len(notices), notices)
		}
		if want := srv.URL + " does not answer (HTTP 503"; !strings.HasPrefix(notices[0], want) || !strings.Contains(notices[0], "retrying, at most 6 more times") {
			t.Errorf("notice %q, want it to start %q and say how many retries are left", notices[0], want)
		}
		if progress.Len() != 0 {
			t.Errorf("without progress, the progress writer got %q", progress.String())
		}
	}
}
