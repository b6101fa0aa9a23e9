package es

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// client is one source of repeated log lines: the same kind, user, address, agent and
// wiki, as a stale cookie in one browser or a misconfigured bot produces them.
type client struct {
	channel, message, expected, subject, wiki, ip, ua string
}

// repetitiveLines makes n lines from a few clients over one day, most lines from a few
// of them, like a day of real session logs; it also returns how many (client, hour)
// groups they form.
func repetitiveLines(n int) ([][]byte, int) {
	rng := rand.New(rand.NewPCG(2025, 10))
	messages := []struct{ channel, message, expected, subject string }{
		{"session", "JWT validation failed: JWT error: wrong subject", "anon", "CentralAuth::%d"},
		{"session", "JWT validation failed: JWT error: wrong subject", "User%d", "anon"},
		{"session", "JWT validation failed: The JWT string must have two dots", "", ""},
		{"session-sampled", "Soft-expired JWT cookie", "", "mw:CentralAuth::%d"},
	}
	wikis := []string{"enwiki", "dewiki", "commonswiki", "wikidatawiki"}
	var clients []client
	for i := range 40 {
		m := messages[i%len(messages)]
		c := client{channel: m.channel, message: m.message, wiki: wikis[i%len(wikis)],
			ip: fmt.Sprintf("198.51.100.%d", i+1), ua: fmt.Sprintf("ExampleBot/%d.0 (https://example.org; ops@example.org)", i)}
		if m.expected != "" {
			c.expected = m.expected
			if m.expected != "anon" {
				c.expected = fmt.Sprintf(m.expected, i)
			}
		}
		if m.subject != "" {
			c.subject = m.subject
			if m.subject != "anon" {
				c.subject = fmt.Sprintf(m.subject, 1000+i)
			}
		}
		clients = append(clients, c)
	}
	day := time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)
	groups := map[string]bool{}
	var lines [][]byte
	for range n {
		// Squaring a uniform draw favours the first clients, as a few sources make
		// most of the noise.
		u := rng.Float64()
		c := clients[int(u*u*float64(len(clients)))]
		at := day.Add(time.Duration(rng.Int64N(int64(24*time.Hour/time.Millisecond))) * time.Millisecond)
		doc := map[string]any{
			"@timestamp": at.Format("2006-01-02T15:04:05.000Z"), "@version": 1, "type": "mediawiki",
			"channel": c.channel, "level": "INFO", "message": c.message, "normalized_message": c.message,
			"host": fmt.Sprintf("mw-web.eqiad.main-%04x", rng.IntN(1<<16)), "wiki": c.wiki,
			"reqId": fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()), "url": "/wiki/Special:BlankPage",
			"ip": c.ip, "clientIp": c.ip, "ua": c.ua, "mwversion": "1.45.0-wmf.22",
		}
		if c.expected != "" {
			doc["expected_subject"] = c.expected
		}
		if c.subject != "" {
			doc["subject"] = c.subject
		}
		b, _ := json.Marshal(doc)
		lines = append(lines, b)
		groups[fmt.Sprintf("%v|%d", c, at.Hour())] = true
	}
	return lines, len(groups)
}

// TestClusterAggregateTransfersGroups checks on a day of repetitive lines that aggregate
// mode receives one bucket per group, not per document, with the same report as the
// file, and measures what each mode receives.
func TestClusterAggregateTransfersGroups(t *testing.T) {
	testcluster.Run(t, testClusterAggregateTransfersGroups)
}

func testClusterAggregateTransfersGroups(t *testing.T, base string) {
	lines, groups := repetitiveLines(6000)
	indexed, pattern := loadLines(t, base, "volume", lines, stockMapping)
	if len(indexed) != len(lines) {
		t.Fatalf("loading: %d of %d indexed", len(indexed), len(lines))
	}
	n, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	want := summarize(eventsOfLines(t, n, lines, func(normalize.Event) bool { return true }))
	received := map[Mode]int64{}
	for _, mode := range []Mode{ModeDocuments, ModeAggregate} {
		src, err := New(Config{URLs: []string{base}, Index: pattern, Mode: mode, Channels: n.Channels()})
		if err != nil {
			t.Fatal(err)
		}
		var sink collectSink
		if err := src.Stream(context.Background(), &sink); err != nil {
			t.Fatal(err)
		}
		if d := diffSummaries(want, summarize(eventsOfRecords(t, n, sink.records))); d != "" {
			t.Errorf("%s mode differs from the file:\n%s", mode, d)
		}
		st := src.Stats()
		if mode == ModeAggregate && st.Buckets != int64(groups) {
			t.Errorf("%d buckets for %d (client, hour) groups", st.Buckets, groups)
		}
		received[mode] = st.BytesReceived
		t.Logf("%d lines, %d groups, %s mode: %d bytes received in %d requests (%d records)",
			len(lines), groups, mode, st.BytesReceived, st.Requests, len(sink.records))
	}
	if received[ModeAggregate] >= received[ModeDocuments] {
		t.Errorf("aggregate mode received %d bytes, documents mode %d", received[ModeAggregate], received[ModeDocuments])
	}
}
