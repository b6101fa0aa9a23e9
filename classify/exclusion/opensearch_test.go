package exclusion

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/normalize"
)

// The filters against the real engine: the sample's lines of one layout are loaded into
// a fresh index, and each output (DSL under must_not, the Lucene string in
// query_string, the OSD pills as Dashboards applies them) must leave visible exactly
// the documents the classifier does not call benign. The expected verdicts come from
// the sample's manifest (its ground truth per line) through classify, not from
// normalize, so this checks the queries alone.

// manifestLine is the generator's ground truth for one physical line of the sample.
type manifestLine struct {
	Line    int    `json:"line"`
	Layout  string `json:"layout"`
	Channel any    `json:"channel"`
	Session bool   `json:"session"`
	Kind    string `json:"kind"`
	Reason  string `json:"reason"`
	Wiki    string `json:"wiki"`
	UA      string `json:"ua"`
}

// sampleDoc is one document to index, with the event the manifest says it is.
type sampleDoc struct {
	id     string
	source json.RawMessage
	ev     normalize.Event
}

func loadSampleDocs(t *testing.T, layouts ...string) []sampleDoc {
	t.Helper()
	raw, err := os.ReadFile("../../testdata/sample/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	mraw, err := os.ReadFile("../../testdata/sample/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var manifest struct {
		Lines []manifestLine `json:"lines"`
	}
	if err := json.Unmarshal(mraw, &manifest); err != nil {
		t.Fatal(err)
	}
	lines := bytes.Split(raw, []byte("\n"))
	var docs []sampleDoc
	for _, m := range manifest.Lines {
		if !slices.Contains(layouts, m.Layout) {
			continue
		}
		line := bytes.TrimRight(lines[m.Line-1], "\r")
		var hit struct {
			Source json.RawMessage `json:"_source"`
		}
		source := json.RawMessage(line)
		if strings.HasPrefix(m.Layout, "hit-") {
			if err := json.Unmarshal(line, &hit); err != nil {
				t.Fatalf("line %d: %v", m.Line, err)
			}
			source = hit.Source
		}
		channel, _ := m.Channel.(string)
		ev := normalize.Event{Channel: channel, Wiki: m.Wiki, UserAgent: m.UA, Reason: m.Reason,
			Provider: providerOf(t, source)}
		if m.Session {
			ev.Kind = normalize.Kind(m.Kind)
		}
		docs = append(docs, sampleDoc{id: fmt.Sprintf("line-%d", m.Line), source: source, ev: ev})
	}
	if len(docs) < 100 {
		t.Fatalf("only %d sample lines of layouts %v", len(docs), layouts)
	}
	return docs
}

// providerOf reads session_provider_type where either layout puts it (the manifest
// does not record it).
func providerOf(t *testing.T, source json.RawMessage) string {
	var d struct {
		Provider string `json:"session_provider_type"`
		Labels   struct {
			Provider string `json:"session_provider_type"`
		} `json:"labels"`
	}
	if err := json.Unmarshal(source, &d); err != nil {
		t.Fatal(err)
	}
	return d.Provider + d.Labels.Provider
}

// engine is the test's own indices on the real engine (internal/testcluster), and the
// sample document each engine id stands for.
type engine struct {
	t       *testing.T
	url     string
	pattern string
	docOf   map[string]string // engine _id -> sampleDoc.id
	http    *http.Client
}

// newIndex loads docs into indices of the test's own under Wikimedia's mapping of the
// layout (logstash-* or, for ecs, ecs-*).
func newIndex(t *testing.T, url, layout string, docs []sampleDoc) *engine {
	t.Helper()
	prefix, opts := testcluster.UniquePrefix(t, "exclusion"), []testcluster.Option(nil)
	if layout == "ecs" {
		prefix, opts = testcluster.UniqueECSPrefix(t, "exclusion"), []testcluster.Option{testcluster.WithECS()}
	}
	lines := make([][]byte, len(docs))
	for i, d := range docs {
		lines[i] = d.source
	}
	loaded := testcluster.Load(t, url, prefix, lines, opts...)
	if len(loaded.Indexed) != len(docs) {
		t.Fatalf("%d of %d documents indexed: %+v", len(loaded.Indexed), len(docs), loaded.Refused)
	}
	e := &engine{t: t, url: url, pattern: loaded.Pattern, docOf: map[string]string{}, http: &http.Client{Timeout: 60 * time.Second}}
	for i, id := range loaded.IDs {
		e.docOf[id] = docs[i].id
	}
	return e
}

// visible runs a search with must_not and returns the ids of the documents left.
func (e *engine) visible(mustNot []json.RawMessage) map[string]bool {
	return e.search(map[string]any{"bool": map[string]any{"must_not": mustNot}})
}

// search returns the ids of the sample documents that query matches.
func (e *engine) search(query any) map[string]bool {
	body, _ := json.Marshal(map[string]any{"size": 10000, "_source": false, "query": query})
	resp, err := e.http.Post(e.url+"/"+e.pattern+"/_search", "application/json", bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("search: %s: %.500s", resp.Status, out)
	}
	var res struct {
		Hits struct {
			Hits []struct {
				ID string `json:"_id"`
			} `json:"hits"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		e.t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, h := range res.Hits.Hits {
		ids[e.docOf[h.ID]] = true
	}
	return ids
}

func TestFiltersOnTheEngine(t *testing.T) { testcluster.Run(t, testFiltersOnTheEngine) }

func testFiltersOnTheEngine(t *testing.T, url string) {
	testableRules := `{"rules": [
	  {"name": "testwiki-sig", "kind": "bad-signature", "wiki": "testwiki", "verdict": "benign", "why": "tests"},
	  {"name": "testwiki-uid", "kind": "wrong-user-id", "wiki": ["testwiki", "test2wiki"], "verdict": "actionable", "why": "no switching there"},
	  {"name": "b64", "reason": ["base64", "structure"], "channel": "session", "verdict": "benign", "why": "hand edits"},
	  {"name": "meta-anon", "kind": "anon-expected-user-found", "wiki": "metawiki", "verdict": "actionable", "why": "central login"},
	  {"name": "issuer-provider", "kind": "wrong-issuer", "provider": "CentralAuthSessionProvider", "verdict": "benign", "why": "migration"},
	  {"name": "other", "kind": ["other-jwt", "not-yet-valid"], "verdict": "benign", "why": "new messages"}
	]}`
	layouts := []struct {
		name   string
		sample []string
	}{
		// Wikimedia's logstash-* mapping: strings as text with a .keyword subfield,
		// message text only.
		{"wikimedia", []string{"flat", "hit-flat"}},
		// Wikimedia's ECS mapping: labels.* keywords.
		{"ecs", []string{"ecs", "hit-ecs"}},
	}
	for _, lay := range layouts {
		t.Run(lay.name, func(t *testing.T) {
			docs := loadSampleDocs(t, lay.sample...)
			e := newIndex(t, url, lay.name, docs)
			for _, rulesSrc := range []string{`{"rules": []}`, testableRules} {
				rs, err := classify.ParseRules("r.json", []byte(rulesSrc))
				if err != nil {
					t.Fatal(err)
				}
				c, err := classify.New(classify.WithRules(rs))
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]bool{}
				hidden := 0
				for _, d := range docs {
					if d.ev.Kind != normalize.KindNone && c.Classify(d.ev).Verdict.Benign {
						hidden++
						continue
					}
					want[d.id] = true
				}
				if hidden == 0 || len(want) == 0 {
					t.Fatalf("%d hidden, %d visible: the test cannot tell", hidden, len(want))
				}
				f := Build(rs.List(), mustLayout(t, lay.name), DefaultChannels())
				for _, n := range f.Notes {
					if strings.Contains(n, "cannot ask") {
						t.Fatalf("a testable rule was not expressed: %s", n)
					}
				}
				dslQuery, err := f.DSL()
				if err != nil {
					t.Fatal(err)
				}
				lucene, _ := json.Marshal(map[string]any{"query_string": map[string]any{"query": f.Lucene()[len("NOT "):]}})
				var pills []json.RawMessage
				out, err := f.OSD(DefaultSavedQuery())
				if err != nil {
					t.Fatal(err)
				}
				var saved struct {
					Attributes struct {
						Filters []struct {
							Query json.RawMessage `json:"query"`
						} `json:"filters"`
					} `json:"attributes"`
				}
				if err := json.Unmarshal(out, &saved); err != nil {
					t.Fatal(err)
				}
				for _, p := range saved.Attributes.Filters {
					pills = append(pills, p.Query)
				}
				for name, mustNot := range map[string][]json.RawMessage{
					"dsl": {dslQuery}, "lucene": {lucene}, "osd pills": pills,
				} {
					sameDocuments(t, name, e.visible(mustNot), want, "visible", "benign")
				}
			}
		})
	}
}

// sameDocuments checks that the engine matched (in the sense of verb: "visible",
// "selected") exactly the documents wanted; a document it matched but should not have
// is said to be what (benign, not of the kind).
func sameDocuments(t *testing.T, label string, got, want map[string]bool, verb, what string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d documents %s, want %d", label, len(got), verb, len(want))
	}
	for id := range want {
		if !got[id] {
			t.Errorf("%s: %s not %s", label, id, verb)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("%s: %s %s, but it is %s", label, id, verb, what)
		}
	}
}
