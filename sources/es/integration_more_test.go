package es

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// sampleFile is the project's shared realistic sample (every layout, bad lines).
const sampleFile = "../../testdata/sample/sample.jsonl"

// TestClusterSampleModesMatchFile loads the shared sample's records of each layout a
// cluster holds into indices named as Wikimedia names them (logstash-* flat, ecs-*
// ECS) and checks both modes against normalizing the same lines, with the default
// page sizes and group fields, and measures the bytes each mode receives.
func TestClusterSampleModesMatchFile(t *testing.T) {
	testcluster.Run(t, testClusterSampleModesMatchFile)
}

func testClusterSampleModesMatchFile(t *testing.T, base string) {
	all := readLines(t, sampleFile)
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, layout := range []struct {
		name    string
		lines   [][]byte
		min     int
		mapping fixtureMapping
	}{
		{"flat", testcluster.WikimediaDocuments(all), 1000, stockMapping},
		{"flat-wikimedia-mapping", testcluster.WikimediaDocuments(all), 1000, wikimediaMapping},
		{"ecs", testcluster.ECSDocuments(all), 100, ecsMapping},
	} {
		lines, pattern := loadLines(t, base, "sample-"+layout.name, layout.lines, layout.mapping)
		if len(lines) < layout.min {
			t.Fatalf("%s: only %d sample lines were indexed", layout.name, len(lines))
		}
		want := summarize(eventsOfLines(t, n, lines, func(normalize.Event) bool { return true }))
		if len(want.Kinds) < 5 {
			t.Fatalf("%s: the sample's lines hold only %d kinds", layout.name, len(want.Kinds))
		}
		for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
			t.Run(layout.name+"/"+string(mode), func(t *testing.T) {
				src, err := New(Config{URLs: []string{base}, Index: pattern, Mode: mode, Channels: n.Channels()})
				if err != nil {
					t.Fatal(err)
				}
				var sink collectSink
				if err := src.Stream(context.Background(), &sink); err != nil {
					t.Fatal(err)
				}
				if len(sink.incomplete) > 0 {
					t.Errorf("incomplete: %q", sink.incomplete)
				}
				if d := diffSummaries(want, summarize(eventsOfRecords(t, n, sink.records))); d != "" {
					t.Errorf("%s mode differs from the file:\n%s", mode, d)
				}
				st := src.Stats()
				t.Logf("sample (%s layout), %s mode: %d bytes received in %d requests for %d session lines (%d records, %d buckets, %d whole documents)",
					layout.name, mode, st.BytesReceived, st.Requests, st.Lines, len(sink.records), st.Buckets, st.Documents)
			})
		}
	}
}

// TestClusterMultiValuedFieldIsReported: a grouped field with several values puts a
// document in several groups; aggregate mode must say its counts are off, documents
// mode counts exactly.
func TestClusterMultiValuedFieldIsReported(t *testing.T) {
	testcluster.Run(t, testClusterMultiValuedFieldIsReported)
}

func testClusterMultiValuedFieldIsReported(t *testing.T, base string) {
	lines := [][]byte{
		[]byte(`{"@timestamp":"2025-10-13T09:00:00.000Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject","expected_subject":"anon","subject":"CentralAuth::1","wiki":"enwiki"}`),
		[]byte(`{"@timestamp":"2025-10-13T09:00:01.000Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject","expected_subject":"anon","subject":"CentralAuth::2","wiki":["enwiki","dewiki"]}`),
	}
	indexed, pattern := loadLines(t, base, "multi", lines, stockMapping)
	if len(indexed) != len(lines) {
		t.Fatalf("loading: %d of %d indexed", len(indexed), len(lines))
	}
	for _, tt := range []struct {
		mode       Mode
		incomplete bool
	}{{ModeAggregate, true}, {ModeDocuments, false}} {
		src, err := New(Config{URLs: []string{base}, Index: pattern, Mode: tt.mode})
		if err != nil {
			t.Fatal(err)
		}
		var sink collectSink
		if err := src.Stream(context.Background(), &sink); err != nil {
			t.Fatal(err)
		}
		said := strings.Contains(strings.Join(sink.incomplete, " "), "several values")
		if said != tt.incomplete {
			t.Errorf("%s mode: incomplete %q, want a multi-value warning: %v", tt.mode, sink.incomplete, tt.incomplete)
		}
		if tt.mode == ModeDocuments && sink.lines() != 2 {
			t.Errorf("documents mode read %d lines, want 2", sink.lines())
		}
	}
}

// TestClusterErrors checks the one-line errors a real engine produces.
func TestClusterErrors(t *testing.T) { testcluster.Run(t, testClusterErrors) }

func testClusterErrors(t *testing.T, base string) {
	fixturePattern := loadFixture(t, base)
	tests := []struct {
		name     string
		cfg      Config
		want     error
		contains string
	}{
		{"unknown index", Config{Index: "jwtriage-no-such-index"}, ErrIndexNotFound, "jwtriage-no-such-index"},
		{"pattern matching nothing", Config{Index: "logstash-jwtriage-nothing-*"}, ErrIndexNotFound, "logstash-jwtriage-nothing-*"},
		{"bad Lucene", Config{Index: fixturePattern, Query: "wiki:(enwiki"}, ErrRejected, "parse"},
		{"a grouped field no document has", Config{Index: fixturePattern, GroupFields: []string{"no_such_field", "message"}}, nil, ""},
	}
	for _, tt := range tests {
		for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
			cfg := tt.cfg
			cfg.URLs = []string{base}
			cfg.Mode = mode
			src, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			err = src.Stream(context.Background(), &collectSink{})
			if tt.want == nil {
				if err != nil {
					t.Errorf("%s/%s: %v", tt.name, mode, err)
				}
				continue
			}
			if !errors.Is(err, tt.want) || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.contains)) ||
				bytes.ContainsRune([]byte(err.Error()), '\n') {
				t.Errorf("%s/%s: error %v, want one line of %v mentioning %q", tt.name, mode, err, tt.want, tt.contains)
			}
		}
	}
}
