//go:build linux

package es

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Answers far larger than a page can hold (unbounded, a 2 GB answer peaked at 1.24 GB of
// memory, a 9 MB gzip bomb at 1.27 GB, a 400 MB error body at 2.5 GB) must be refused
// after a bounded read, with the peak memory of the whole client process under 512 MiB.
// The fake server streams multi-GiB bodies generated as they are written; the client
// runs in a child process so that its peak RSS (getrusage's ru_maxrss) is its own.

const (
	hugeAnswerBytes = 4 << 30   // what each fake offers to send
	peakRSSLimit    = 512 << 20 // bytes
	envHugeURL      = "JWTRIAGE_TEST_HUGE_URL"
)

// endlessBody writes prefix, then fill repeated up to total bytes, and stops at the
// first failed write (the client hung up).
func endlessBody(w io.Writer, prefix, fill string, total int64) {
	if _, err := io.WriteString(w, prefix); err != nil {
		return
	}
	chunk := strings.Repeat(fill, max(1, (256<<10)/len(fill)))
	for sent := int64(len(prefix)); sent < total; sent += int64(len(chunk)) {
		if _, err := io.WriteString(w, chunk); err != nil {
			return
		}
	}
}

const hugeDoc = `{"_index":"i","_id":"x","_source":{"channel":"session","message":"Soft-expired JWT cookie"},"sort":[1760346764123]},`

func hugeAnswerServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		prefix := `{"timed_out":false,"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":{"value":1,"relation":"eq"},"hits":[`
		switch r.URL.Query().Get("case") {
		case "documents":
			endlessBody(w, prefix, hugeDoc, hugeAnswerBytes)
		case "gzip-bomb": // about 4 MiB on the wire per GiB decoded
			w.Header().Set("Content-Encoding", "gzip")
			zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
			endlessBody(zw, prefix+`{"_source":{"message":"`, strings.Repeat("A", 4096), hugeAnswerBytes)
			zw.Close()
		case "error-body":
			w.WriteHeader(http.StatusBadRequest)
			endlessBody(w, `{"error":{"type":"x","reason":"`, strings.Repeat("B", 4096), hugeAnswerBytes)
		case "retried-error-body":
			w.WriteHeader(http.StatusServiceUnavailable)
			endlessBody(w, "<html>", strings.Repeat("C", 4096), hugeAnswerBytes)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestHugeAnswersStayBounded(t *testing.T) {
	srv := hugeAnswerServer(t)
	tests := []struct {
		name string
		want string // in the child's error
	}{
		{"documents", "more than 64.0 MiB for one page"},
		{"gzip-bomb", "more than 64.0 MiB for one page"},
		{"error-body", "error body of more than 64 KiB"},
		{"retried-error-body", "HTTP 503"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestHugeAnswerChild$")
			cmd.Env = append(os.Environ(), envHugeURL+"="+srv.URL+"/?case="+tt.name)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
			t.Logf("%s: peak RSS of the client process %.1f MiB", tt.name, float64(peak)/(1<<20))
			if peak > peakRSSLimit {
				t.Errorf("peak RSS %d MiB, want at most %d MiB", peak>>20, peakRSSLimit>>20)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("child said %q, want an error containing %q", out, tt.want)
			}
		})
	}
}

// TestHugeAnswerChild is TestHugeAnswersStayBounded's client: it runs only in the child
// process, with the fake's URL in the environment, and prints the read's error.
func TestHugeAnswerChild(t *testing.T) {
	url := os.Getenv(envHugeURL)
	if url == "" {
		return // not the child
	}
	base, query, _ := strings.Cut(url, "?")
	src, err := New(Config{URLs: []string{base}, Mode: ModeDocuments, PageSize: 10000, MaxRetries: 1,
		HTTPTransport: &queryTransport{query: query, next: http.DefaultTransport}})
	if err != nil {
		t.Fatal(err)
	}
	src.sleep = func(context.Context, time.Duration) error { return nil }
	err = src.Stream(context.Background(), discardSink{})
	if err == nil {
		t.Fatal("the huge answer was accepted")
	}
	fmt.Println("child error:", err)
	if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrNotSearchEngine) && !errors.Is(err, ErrUnreachable) {
		t.Errorf("error %v", err)
	}
}

// queryTransport adds the fake's case to each request.
type queryTransport struct {
	query string
	next  http.RoundTripper
}

func (q *queryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.RawQuery = q.query
	return q.next.RoundTrip(r)
}
