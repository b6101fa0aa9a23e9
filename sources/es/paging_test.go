package es

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// Misbehaving clusters: pages that do not advance must end the read with one clear
// line, long before the fakes' request cap, instead of counting the same documents again
// and again.

// fakeRequestCap bounds every fake below: past it the fake refuses the search, so a
// client that does not notice the loop fails with ErrRejected, not ErrPaging.
const fakeRequestCap = 60

// fakeSearch is what a paging fake reads of a request.
type fakeSearch struct {
	Size        int             `json:"size"`
	From        *int            `json:"from"`
	SearchAfter []int64         `json:"search_after"`
	Aggs        json.RawMessage `json:"aggs"`
}

func (f fakeSearch) probe() bool     { return strings.Contains(string(f.Aggs), `"present"`) }
func (f fakeSearch) composite() bool { return strings.Contains(string(f.Aggs), `"composite"`) }

// pagingServer answers request n (from 1) with answer(n, body).
func pagingServer(t *testing.T, answer func(n int, body fakeSearch) string) (string, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.Add(1)
		var body fakeSearch
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || k > fakeRequestCap {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":{"type":"fake_exception","reason":"request cap reached"},"status":400}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, answer(int(k), body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

const fakeShards = `"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}`

// hitsAnswer is a documents page: total announced, one hit per sort time, ids from id0.
func hitsAnswer(total int64, id0 int, times ...int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{%s,"hits":{"total":{"value":%d,"relation":"eq"},"hits":[`, fakeShards, total)
	for i, t := range times {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"_index":"i","_id":"%d","_source":{"channel":"session","message":"m"},"sort":[%d]}`, id0+i, t)
	}
	b.WriteString("]}}")
	return b.String()
}

// probeAnswer is the answer to planGroups' probe: total documents, all with channel.
func probeAnswer(total int64) string {
	return fmt.Sprintf(`{%s,"hits":{"total":{"value":%d,"relation":"eq"},"hits":[]},"aggregations":{"present":{"buckets":{"channel":{"doc_count":%d},"channel.keyword":{"doc_count":%d}}}}}`,
		fakeShards, total, total, total)
}

// bucketsAnswer is a composite page of buckets keyed by the given channel values.
func bucketsAnswer(after string, channels ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{%s,"hits":{"total":{"value":0,"relation":"eq"},"hits":[]},"aggregations":{"g":{"after_key":{"k0":%q,"t":1760346000000},"buckets":[`, fakeShards, after)
	for i, c := range channels {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"key":{"k0":%q,"t":1760346000000},"doc_count":1,"first":{"value":1760346764123},"last":{"value":1760346764123}}`, c)
	}
	b.WriteString("]}}}")
	return b.String()
}

func TestPagingThatDoesNotAdvanceFails(t *testing.T) {
	tests := []struct {
		name   string
		mode   Mode
		answer func(n int, body fakeSearch) string
		says   string
	}{
		{"after_key unchanged", ModeAggregate, func(n int, b fakeSearch) string {
			switch {
			case b.probe():
				return probeAnswer(5)
			case b.composite():
				// new buckets every page, the same after_key
				return bucketsAnswer("same", fmt.Sprint("a", n), fmt.Sprint("b", n))
			}
			return hitsAnswer(0, 0)
		}, "after_key of the page before"},
		{"a bucket repeated", ModeAggregate, func(n int, b fakeSearch) string {
			switch {
			case b.probe():
				return probeAnswer(500)
			case b.composite():
				return bucketsAnswer(fmt.Sprint("after", n), "same", fmt.Sprint("b", n))
			}
			return hitsAnswer(0, 0)
		}, "repeats the bucket"},
		{"more buckets than documents", ModeAggregate, func(n int, b fakeSearch) string {
			switch {
			case b.probe():
				return probeAnswer(5)
			case b.composite():
				return bucketsAnswer(fmt.Sprint("after", n), fmt.Sprint("a", n), fmt.Sprint("b", n))
			}
			return hitsAnswer(0, 0)
		}, "announced 5 matching documents"},
		{"search_after ignored", ModeDocuments, func(n int, b fakeSearch) string {
			// the same page whatever search_after says (300 requests made 149,700 events)
			return hitsAnswer(300, 0, 1000, 1001, 1002)
		}, "not after"},
		{"page out of order", ModeDocuments, func(n int, b fakeSearch) string {
			return hitsAnswer(300, 3*n, 1000+int64(n)*10, 999+int64(n)*10, 1005+int64(n)*10)
		}, "not in time order"},
		{"more documents than announced", ModeDocuments, func(n int, b fakeSearch) string {
			t := int64(n) * 10
			return hitsAnswer(3, 3*n, t, t+1, t+2)
		}, "announced 3 matching documents"},
		{"from ignored", ModeDocuments, func(n int, b fakeSearch) string {
			// one millisecond's documents, the same whatever from says
			return hitsAnswer(10000, 0, 1000, 1000, 1000)
		}, "repeats i/0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, requests := pagingServer(t, tt.answer)
			src := newFakeSource(t, Config{URLs: []string{url}, Mode: tt.mode, PageSize: 3, GroupFields: []string{"channel"}})
			var sink collectSink
			err := src.Stream(context.Background(), &sink)
			if !errors.Is(err, ErrPaging) {
				t.Fatalf("after %d requests: error %v, want ErrPaging", requests.Load(), err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.says) || strings.Contains(msg, "\n") {
				t.Errorf("error %q: want one line saying %q", msg, tt.says)
			}
			if requests.Load() > 6 {
				t.Errorf("%d requests before the failure, want at most 6", requests.Load())
			}
		})
	}
}

// TestPagingThatAdvancesIsRead: the checks let a cluster that pages correctly through
// cut pages, one millisecond read with from/size, and a short last page through.
func TestPagingThatAdvancesIsRead(t *testing.T) {
	url, _ := pagingServer(t, func(n int, b fakeSearch) string {
		switch {
		case b.From != nil: // the millisecond 1002: five documents, pages of three
			ids := []int64{1002, 1002, 1002, 1002, 1002}[min(*b.From, 5):]
			return hitsAnswer(5, 100+*b.From, ids[:min(len(ids), b.Size)]...)
		case b.SearchAfter == nil:
			return hitsAnswer(8, 0, 1000, 1001, 1002) // 1002 is cut, read next
		case b.SearchAfter[0] == 1001:
			return hitsAnswer(8, 10, 1002, 1002, 1002) // one millisecond: from/size
		case b.SearchAfter[0] == 1002:
			return hitsAnswer(8, 20, 1003)
		}
		return hitsAnswer(8, 30)
	})
	var sink collectSink
	if err := newFakeSource(t, Config{URLs: []string{url}, Mode: ModeDocuments, PageSize: 3}).Stream(context.Background(), &sink); err != nil {
		t.Fatal(err)
	}
	if len(sink.records) != 8 {
		t.Errorf("%d documents, want 8", len(sink.records))
	}
}

// TestAnswerLimit: each request's answer is bounded by what it asks for.
func TestAnswerLimit(t *testing.T) {
	tests := []struct {
		name string
		body jsonObject
		want int64
	}{
		{"probe", jsonObject{"size": 0, "aggs": jsonObject{"present": jsonObject{}}}, 1 << 20},
		{"documents page", jsonObject{"size": 500}, 1<<20 + 500*64<<10},
		{"buckets page", jsonObject{"size": 0, "aggs": jsonObject{"g": jsonObject{"composite": jsonObject{"size": 1000}}}}, 1<<20 + 1000*16<<10},
		{"largest page", jsonObject{"size": 10000}, 64 << 20},
	}
	for _, tt := range tests {
		if got := answerLimit(tt.body); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}
