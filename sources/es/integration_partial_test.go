package es

import (
	"context"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// TestClusterPartialFailureWithTextMessage: with Wikimedia's mapping (message text
// only) and daily indices that disagree on a field's type, the first aggregation fails
// on every shard, for two different reasons. Aggregate mode must still recover (group
// the message by its template), count what the readable shards hold exactly, and
// report the failed shards.
func TestClusterPartialFailureWithTextMessage(t *testing.T) {
	url := clusterURL(t)
	docs := testcluster.WikimediaDocuments(readLines(t, sampleFile))
	base := testcluster.UniquePrefix(t, "es-partial")
	good := testcluster.Load(t, url, base+"-text", docs[:len(docs)/2])
	testcluster.Load(t, url, base+"-long", docs[len(docs)/2:], testcluster.WithField("monolog_level", map[string]any{"type": "long"}))
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	// On the text indices the query keeps the session channels; on the long one "abc"
	// is no number and its shards fail.
	want := summarize(eventsOfLines(t, n, good.Indexed, func(normalize.Event) bool { return true }))
	for _, mode := range []Mode{ModeAggregate, ModeDocuments} {
		src, err := New(Config{URLs: []string{url}, Index: base + "-*", Mode: mode,
			Query: "monolog_level:abc OR channel:session", Channels: n.Channels()})
		if err != nil {
			t.Fatal(err)
		}
		var sink collectSink
		if err := src.Stream(context.Background(), &sink); err != nil {
			t.Fatalf("%s mode: %v", mode, err)
		}
		if len(sink.incomplete) != 1 || !strings.Contains(sink.incomplete[0], "shards failed") {
			t.Errorf("%s mode: incomplete %q, want the failed shards", mode, sink.incomplete)
		}
		if d := diffSummaries(want, summarize(eventsOfRecords(t, n, sink.records))); d != "" {
			t.Errorf("%s mode differs from the readable indices' lines:\n%s", mode, d)
		}
	}
}
