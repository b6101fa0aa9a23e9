package es

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestInstantBeyondTheResultWindow: when more documents share one millisecond than
// from/size can page through, the ones read are counted and the rest is reported as
// missing, never silently dropped.
func TestInstantBeyondTheResultWindow(t *testing.T) {
	const instant = 1760346764123
	const total = maxResultWindow + 3
	page := func(w io.Writer, from, n int) {
		fmt.Fprintf(w, `{"timed_out":false,"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":{"value":%d,"relation":"eq"},"hits":[`, total)
		for i := range n {
			if i > 0 {
				io.WriteString(w, ",")
			}
			fmt.Fprintf(w, `{"_index":"i","_id":"%d","_source":{"channel":"session"},"sort":[%d]}`, from+i, instant)
		}
		io.WriteString(w, "]}}")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Size        int   `json:"size"`
			From        *int  `json:"from"`
			SearchAfter []any `json:"search_after"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		switch {
		case body.SearchAfter != nil: // after the instant: nothing more
			page(w, 0, 0)
		case body.From != nil:
			page(w, *body.From, max(0, min(body.Size, total-*body.From)))
		default: // the first page: all of it in the one millisecond
			page(w, 0, body.Size)
		}
	}))
	defer srv.Close()
	src := newFakeSource(t, Config{URLs: []string{srv.URL}, Mode: ModeDocuments, PageSize: 4000})
	var sink collectSink
	if err := src.Stream(context.Background(), &sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.records) != maxResultWindow {
		t.Errorf("%d documents read, want the %d a plain search can page to", len(sink.records), maxResultWindow)
	}
	if len(sink.incomplete) != 1 || !strings.Contains(sink.incomplete[0], "the other 3 are not counted") {
		t.Errorf("incomplete = %q, want the 3 documents beyond the window", sink.incomplete)
	}
}
