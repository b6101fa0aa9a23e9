package cli

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// runLinesJSONL runs `jwtriage lines --format jsonl ARGS` and returns its lines.
func runLinesJSONL(t *testing.T, args ...string) ([]struct {
	Position string          `json:"position"`
	Record   json.RawMessage `json:"record"`
}, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(append([]string{"lines", "--format", "jsonl"}, args...), Streams{
		In: bytes.NewReader(nil), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return esTestNow },
	})
	if code != ExitOK {
		t.Fatalf("lines %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	var got []struct {
		Position string          `json:"position"`
		Record   json.RawMessage `json:"record"`
	}
	dec := json.NewDecoder(&out)
	for dec.More() {
		var l struct {
			Position string          `json:"position"`
			Record   json.RawMessage `json:"record"`
		}
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("lines %s: %v", strings.Join(args, " "), err)
		}
		got = append(got, l)
	}
	return got, errOut.String()
}

// `lines --es` on the real engine finds the same records as `lines` on the file of the
// documents loaded, each at its index/_id, for a kind and a dimension, in every layout.
func TestLinesOnTheCluster(t *testing.T) { testcluster.Run(t, testLinesOnTheCluster) }

func testLinesOnTheCluster(t *testing.T, url string) {
	for _, l := range clusterLayouts {
		t.Run(l.name, func(t *testing.T) {
			pattern, file, _ := clusterSample(t, url, l, "cli-lines")
			for _, args := range [][]string{
				{"--kind", "wrong-user-id", "--limit", "0"},
				{"--kind", "soft-expired", "--where", "family=CeL", "--limit", "0"},
				{"--verdict", "actionable", "--since", "2025-10-14T00:00Z", "--limit", "0"},
			} {
				want, _ := runLinesJSONL(t, append(slices.Clone(args), file)...)
				got, stderr := runLinesJSONL(t, append(slices.Clone(args), "--es", url, "--index", pattern)...)
				if len(want) == 0 {
					t.Fatalf("%v: nothing found in the file: the test checks nothing", args)
				}
				if len(got) != len(want) {
					t.Errorf("%v: %d records from the cluster, %d from the file; stderr %s", args, len(got), len(want), stderr)
				}
				wantRecords := map[string]int{}
				for _, w := range want {
					wantRecords[canonicalJSON(t, w.Record)]++
				}
				prefix := strings.TrimSuffix(pattern, "*")
				for _, g := range got {
					index, id, ok := strings.Cut(g.Position, "/")
					if !ok || !strings.HasPrefix(index, prefix) || id == "" {
						t.Errorf("%v: position %q is not index/_id of %s", args, g.Position, pattern)
					}
					c := canonicalJSON(t, g.Record)
					if wantRecords[c] == 0 {
						t.Errorf("%v: %s: record not found by lines on the file: %.300s", args, g.Position, c)
					}
					wantRecords[c]--
				}
			}
			// --limit stops the cluster's stream early and says so.
			got, stderr := runLinesJSONL(t, "--limit", "2", "--es", url, "--index", pattern)
			if len(got) != 2 || !strings.Contains(stderr, "stopped at --limit 2") {
				t.Errorf("--limit 2: %d records, stderr %q", len(got), stderr)
			}
		})
	}
}

// canonicalJSON re-encodes a JSON object with sorted keys, so records compare whatever
// member order the engine kept.
func canonicalJSON(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
