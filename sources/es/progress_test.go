package es

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestProgressOnlyWhenAsked: progress lines appear on a terminal (ShowProgress) and
// nowhere else.
func TestProgressOnlyWhenAsked(t *testing.T) {
	answer := `{"timed_out":false,"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":{"value":1,"relation":"eq"},"hits":[{"_source":{"channel":"session"},"sort":[1760346764123]}]}}`
	clock := time.Date(2025, 10, 13, 9, 0, 0, 0, time.UTC)
	for _, show := range []bool{false, true} {
		srv, _ := recordingServer(t, answer)
		var out bytes.Buffer
		src := newFakeSource(t, Config{URLs: []string{srv.URL}, Mode: ModeDocuments, Progress: &out, ShowProgress: show,
			Now: func() time.Time { clock = clock.Add(time.Second); return clock }})
		if err := src.Stream(context.Background(), &collectSink{}); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if !show && got != "" {
			t.Errorf("progress written while off: %q", got)
		}
		if show && (!strings.Contains(got, "es: page 1, 1 documents of 1") || !strings.HasSuffix(got, "\n") ||
			!strings.Contains(got, "1 requests (0 retried)")) {
			t.Errorf("progress = %q, want the page line and a closing summary", got)
		}
	}
}

// BenchmarkBucketPage measures decoding one page of 1000 composite buckets and
// rebuilding their documents.
func BenchmarkBucketPage(b *testing.B) {
	var page bytes.Buffer
	page.WriteString(`{"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":{"value":5000,"relation":"eq"},"hits":[]},"aggregations":{"g":{"after_key":{"k0":"session"},"buckets":[`)
	for i := range 1000 {
		if i > 0 {
			page.WriteByte(',')
		}
		page.WriteString(`{"key":{"k0":"session","k1":"JWT validation failed: JWT error: wrong subject","k2":"anon","k3":"CentralAuth::12345","k4":"enwiki","k5":"198.51.100.7","t":1760346000000},"doc_count":5,"first":{"value":1760346764123,"value_as_string":"2025-10-13T09:12:44.123Z"},"last":{"value":1760349000000,"value_as_string":"2025-10-13T09:50:00.000Z"}}`)
	}
	page.WriteString(`]}}}`)
	fields := []groupField{{name: "channel", key: "k0"}, {name: "message", key: "k1"}, {name: "expected_subject", key: "k2"},
		{name: "subject", key: "k3"}, {name: "wiki", key: "k4"}, {name: "ip", key: "k5"}}
	src, err := New(Config{URLs: []string{"http://127.0.0.1:1"}})
	if err != nil {
		b.Fatal(err)
	}
	src.incomplete = map[string]bool{}
	b.SetBytes(int64(page.Len()))
	for b.Loop() {
		resp, err := decodeSearchResponse(page.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		var agg compositeAgg
		if err := jsonUnmarshal(resp.Aggregations, &agg); err != nil {
			b.Fatal(err)
		}
		var sink discardSink
		for _, bk := range agg.G.Buckets {
			if err := src.emitBucket(&sink, bk, fields); err != nil {
				b.Fatal(err)
			}
		}
	}
}
