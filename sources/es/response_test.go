package es

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// decodeSearchResponse decodes a 2xx answer held whole (see readSearchResponse).
func decodeSearchResponse(data []byte) (*searchResponse, error) {
	return readSearchResponse(bytes.NewReader(data))
}

func TestDecodeSearchResponse(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		ok        bool
		total     int64
		gaps      int
		firstSort int64
	}{
		{"object total", `{"timed_out":false,"_shards":{"total":2,"successful":2,"failed":0},"hits":{"total":{"value":7,"relation":"eq"},"hits":[{"_id":"a","_source":{},"sort":[1760346764123]}]}}`, true, 7, 0, 1760346764123},
		{"number total", `{"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":3,"hits":[{"_source":{},"sort":[9223372036854775807]}]}}`, true, 3, 0, math.MaxInt64},
		{"float sort", `{"_shards":{"total":1,"successful":1,"failed":0},"hits":{"total":3,"hits":[{"_source":{},"sort":[1.0E3]}]}}`, true, 3, 0, 1000},
		{"timed out and failed", `{"timed_out":true,"_shards":{"total":3,"successful":2,"failed":1,"failures":[{"reason":{"type":"x","reason":"y"}}]},"hits":{"hits":[]}}`, true, 0, 2, 0},
		{"not JSON", `<html>`, false, 0, 0, 0},
		{"no shards", `{"hits":{"hits":[]}}`, false, 0, 0, 0},
		{"array", `[]`, false, 0, 0, 0},
	}
	for _, tt := range tests {
		r, err := decodeSearchResponse([]byte(tt.body))
		if (err == nil) != tt.ok {
			t.Errorf("%s: error %v, want ok=%v", tt.name, err, tt.ok)
			continue
		}
		if !tt.ok {
			continue
		}
		if r.Hits.Total.Value != tt.total || len(r.gaps()) != tt.gaps {
			t.Errorf("%s: total %d, gaps %q; want %d, %d", tt.name, r.Hits.Total.Value, r.gaps(), tt.total, tt.gaps)
		}
		if len(r.Hits.Hits) > 0 {
			if v, err := sortInt64(firstSort(r.Hits.Hits[0])); err != nil || v != tt.firstSort {
				t.Errorf("%s: sort value %d, %v; want %d", tt.name, v, err, tt.firstSort)
			}
		}
	}
}

func TestDescribeErrorBody(t *testing.T) {
	tests := []struct{ body, text, typ string }{
		{`{"error":{"type":"search_phase_execution_exception","reason":"all shards failed","root_cause":[{"type":"query_shard_exception","reason":"Failed to parse query"}]},"status":400}`,
			"query_shard_exception: Failed to parse query", "search_phase_execution_exception"},
		{`{"error":{"type":"illegal_argument_exception","reason":"Text fields are not optimised","caused_by":{"type":"illegal_argument_exception","reason":"Fielddata is disabled on [message]"}},"status":400}`,
			"illegal_argument_exception: Fielddata is disabled on [message]", "illegal_argument_exception"},
		{`{"error":"Content-Type header [application/vnd.elasticsearch+json] is not supported","status":406}`,
			"Content-Type header [application/vnd.elasticsearch+json] is not supported", ""},
		{`{"error":{"type":"x","reason":"line one\nline two"}}`, "x: line one line two", "x"},
		{`<html>`, "", ""},
		{`{"message":"Unauthorized"}`, "", ""},
	}
	for _, tt := range tests {
		text, typ := describeErrorBody([]byte(tt.body))
		if text != tt.text || typ != tt.typ {
			t.Errorf("describeErrorBody(%s) = %q, %q; want %q, %q", tt.body, text, typ, tt.text, tt.typ)
		}
	}
}

// FuzzDecodeSearchResponse: any answer body decodes or is refused, never panics, and a
// refused body still yields a one-line description.
func FuzzDecodeSearchResponse(f *testing.F) {
	for _, s := range []string{
		emptyAnswer,
		`{"_shards":{"total":1,"failed":1,"failures":[{"reason":{"type":"t","reason":"r"}}]},"hits":{"total":1,"hits":[{"_source":{"a":1},"sort":["x"]}]}}`,
		`{"error":{"type":"t","reason":"r","root_cause":[{"type":"u","reason":"v"}],"caused_by":{"type":"w","reason":"z"}},"status":500}`,
		`{"aggregations":{"g":{"after_key":{"k0":"a"},"buckets":[{"key":{"k0":null},"doc_count":3}]}}}`,
		`<html>`, `null`, `{"hits":{"total":{"value":"x"}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _ := describeErrorBody(data)
		if strings.Contains(text, "\n") {
			t.Fatalf("multi-line description %q", text)
		}
		r, err := decodeSearchResponse(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		_ = r.gaps()
		for _, h := range r.Hits.Hits {
			_, _ = sortInt64(firstSort(h))
		}
		var agg compositeAgg
		_ = json.Unmarshal(r.Aggregations, &agg)
	})
}
