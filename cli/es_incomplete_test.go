package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// TestReportClusterShardFailuresAreReported: daily indices that disagree on a field's
// type (a template changed between two days) make a query on that field fail on some
// shards only. The engine still answers 200 with the other shards' hits; the report
// must count those exactly and say, in every format, that it is incomplete.
func TestReportClusterShardFailuresAreReported(t *testing.T) {
	testcluster.Run(t, testReportClusterShardFailuresAreReported)
}

func testReportClusterShardFailuresAreReported(t *testing.T, url string) {
	docs := testcluster.WikimediaDocuments(readSampleLines(t, clusterSampleFile))
	if len(docs) < 600 {
		t.Fatalf("only %d documents", len(docs))
	}
	base := testcluster.UniquePrefix(t, "cli-partial")
	good := testcluster.Load(t, url, base+"-text", docs[:len(docs)/2])
	bad := testcluster.Load(t, url, base+"-long", docs[len(docs)/2:], testcluster.WithField("monolog_level", map[string]any{"type": "long"}))
	if len(good.Refused) > 0 || len(bad.Refused) > 0 {
		t.Fatalf("refused: %d and %d documents", len(good.Refused), len(bad.Refused))
	}
	file := filepath.Join(t.TempDir(), "readable.jsonl")
	if err := os.WriteFile(file, append(bytes.Join(good.Indexed, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _ := runReportJSON(t, file)
	pattern := base + "-*"
	// On the text indices the first term matches nothing and the second every session
	// channel (the analysed "session-sampled" holds the token "session"); on the long
	// index "abc" is no number and the shards fail. They fail every time because
	// Wikimedia's template sets index.query.default_field to "all": with the engine's
	// default ("*") query_string turns lenient and no shard would fail.
	query := "monolog_level:abc OR channel:session"
	for _, mode := range []string{"aggregate", "documents"} {
		t.Run(mode, func(t *testing.T) {
			got, _ := runReportJSON(t, "--es", url, "--index", pattern, "--es-mode", mode, "--query", query)
			incomplete, _ := got["incomplete"].([]any)
			if len(incomplete) == 0 || !strings.Contains(strings.ToLower(strings.Join(strings.Fields(strings.TrimSpace(incompleteText(incomplete))), " ")), "shard") {
				t.Errorf("incomplete = %v, want the shard failures said", got["incomplete"])
			}
			delete(got, "incomplete")
			compareClusterReport(t, want, got, pattern)

			var out, errOut bytes.Buffer
			code := Run([]string{"report", "--es", url, "--index", pattern, "--es-mode", mode, "--query", query, "--progress", "never"}, Streams{
				In: bytes.NewReader(nil), Out: &out, Err: &errOut,
				Getenv: func(string) string { return "" },
				Now:    func() time.Time { return esTestNow },
			})
			if code != ExitOK || !strings.Contains(out.String(), "incomplete") {
				t.Errorf("table: exit %d, stderr %q; the table does not say it is incomplete", code, errOut.String())
			}
		})
	}
}

func incompleteText(items []any) string {
	var parts []string
	for _, it := range items {
		if s, ok := it.(string); ok {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, "; ")
}
