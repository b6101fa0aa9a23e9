package exclusion

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/testcluster"
	"github.com/wikimedia/jwtriage/lines"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/sources"
)

// The dimension queries select on the engine exactly the documents `jwtriage lines
// --where` finds, on documents made to trip them: the client address in clientIp or
// only in ip (clientIp wins), an IPv4-mapped address, a network's neighbour, user agents
// longer than the report keeps (cut, they count as one), one only in
// originalUserAgent, a line without a wiki, wikis that share a prefix.
func TestDimensionQueriesOnTheEngine(t *testing.T) {
	testcluster.Run(t, testDimensionQueriesOnTheEngine)
}

func testDimensionQueriesOnTheEngine(t *testing.T, url string) {
	long := "Mozilla/5.0 (X11; Linux x86_64) " + strings.Repeat("AppleWebKit/537.36 (KHTML, like Gecko) ", 12)
	docs := []map[string]any{
		{"clientIp": "198.18.7.3", "ip": "10.1.1.1", "wiki": "enwiki", "ua": long + "A", "mwversion": "1.46.0-wmf.5", "servergroup": "kube-mw-web"},
		{"ip": "198.18.7.4", "wiki": "enwiki", "ua": long + "B", "mwversion": "1.46.0-wmf.5", "session_provider_type": "CentralAuthSessionProvider"},
		{"clientIp": "10.1.1.2", "ip": "198.18.7.5", "wiki": "enwikisource", "originalUserAgent": "curl/8.5.0", "mwversion": "1.46.0-wmf.50"},
		{"clientIp": "::ffff:198.18.7.6", "ua": "curl/8.5.0", "user": "User 3", "servergroup": "kube-mw-web-next", "session_provider_type": "CentralAuthSessionProvider2"},
		{"clientIp": "198.18.70.1", "wiki": "dewiki", "ua": "curl/8.5.0 extra", "user": "User 3"},
		{"ip": "10.1.1.1", "wiki": "dewiki", "ua": "NewBot/0.1"},
	}
	var raw [][]byte
	var sample []sampleDoc
	for i, d := range docs {
		d["@timestamp"] = fmt.Sprintf("2026-11-27T10:%02d:00.000Z", i)
		d["channel"], d["type"], d["level"] = "session", "mediawiki", "INFO"
		d["message"] = "JWT validation failed: JWT error: wrong provider"
		d["normalized_message"] = d["message"]
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, b)
		sample = append(sample, sampleDoc{id: fmt.Sprint(i), source: b})
	}
	e := newIndex(t, url, "wikimedia", sample)
	file := filepath.Join(t.TempDir(), "docs.jsonl")
	if err := os.WriteFile(file, append(bytes.Join(raw, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	layout, _ := LayoutNamed("wikimedia")
	cut := long[:200] + "…"
	nonEmpty := 0
	for _, w := range []struct{ dim, lineDim, value string }{
		{"ips", "ip", "198.18.7.3"}, {"ips", "ip", "198.18.7.4"}, {"ips", "ip", "198.18.7.5"},
		{"ips", "ip", "10.1.1.1"}, {"ips", "ip", "198.18.7.6"},
		{"ip_prefixes", "ip_prefix", "198.18.7.0/24"}, {"ip_prefixes", "ip_prefix", "10.1.1.0/24"},
		{"user_agents", "user_agent", cut}, {"user_agents", "user_agent", "curl/8.5.0"},
		{"wikis", "wiki", "enwiki"}, {"wikis", "wiki", ""}, {"wikis", "wiki", "enwikisource"},
		{"users", "user", "User 3"},
	} {
		query, _, err := EventsLucene([]normalize.Kind{normalize.KindWrongProvider}, layout, []string{"session"}, Where{w.dim, w.value})
		if err != nil {
			t.Fatal(err)
		}
		got := e.search(map[string]any{"query_string": map[string]any{"query": query}})
		want := linesFound(t, file, lines.Where{Dimension: w.lineDim, Value: w.value})
		if len(want) > 0 {
			nonEmpty++
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s=%q: the engine finds documents %v, jwtriage lines %v\n%s", w.dim, w.value, got, want, query)
		}
	}
	// The request fields (the provider, server-group and MediaWiki-version lists), which `lines --where` does not take: the
	// documents that hold the value whole.
	for _, w := range []struct {
		dim, value string
		want       map[string]bool
	}{
		{"mwversions", "1.46.0-wmf.5", map[string]bool{"0": true, "1": true}},
		{"server_groups", "kube-mw-web", map[string]bool{"0": true}},
		{"providers", "CentralAuthSessionProvider", map[string]bool{"1": true}},
	} {
		query, _, err := EventsLucene([]normalize.Kind{normalize.KindWrongProvider}, layout, []string{"session"}, Where{w.dim, w.value})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.search(map[string]any{"query_string": map[string]any{"query": query}}); fmt.Sprint(got) != fmt.Sprint(w.want) {
			t.Errorf("%s=%q: the engine finds documents %v, want %v\n%s", w.dim, w.value, got, w.want, query)
		}
	}
	if nonEmpty < 10 {
		t.Errorf("only %d values select documents: the test checks little", nonEmpty)
	}
}

// linesFound are the documents (by their position in the file, from 0) `lines --kind
// wrong-provider --where` finds.
func linesFound(t *testing.T, file string, w lines.Where) map[string]bool {
	t.Helper()
	norm, err := normalize.New(normalize.WithChannels("session"))
	if err != nil {
		t.Fatal(err)
	}
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	finder := lines.NewFinder(norm, cls, lines.Filter{Kinds: []string{"wrong-provider"}, Where: []lines.Where{w}}, lines.Options{},
		func(l lines.Line) error {
			_, n, _ := strings.Cut(l.Position, ":")
			var i int
			fmt.Sscan(n, &i)
			found[fmt.Sprint(i-1)] = true
			return nil
		})
	src, err := sources.NewJSONL([]string{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Stream(context.Background(), finder); err != nil {
		t.Fatal(err)
	}
	return found
}
