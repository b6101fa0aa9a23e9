package es

import (
	"bufio"
	"bytes"
	"os"
	"testing"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// The integration tests need real engines: testenv/opensearch/run.sh start and
// testenv/elasticsearch/run.sh start print their URLs; export them as
// JWTRIAGE_OPENSEARCH_URL and JWTRIAGE_ELASTICSEARCH_URL. testcluster.Run runs each test
// once per engine, skips an engine without its URL, and fails it in CI. Each test loads its data into indices of its own, deleted
// when it ends: other tests, here or in other packages, use the same engine at the same
// time.

const fixtureFile = "testdata/logstash.jsonl"

// fixtureMapping is an index mapping the tests load into (internal/testcluster).
type fixtureMapping struct {
	ecs  bool // ecs-* indices (ECS layout), else logstash-*
	opts []testcluster.Option
}

var (
	// stockMapping is Logstash's stock template: strings (message too) as text with a
	// .keyword capped at 256 characters, two shards per daily index so that paging
	// crosses shards.
	stockMapping = fixtureMapping{opts: []testcluster.Option{
		testcluster.WithMessageKeyword(), testcluster.WithIgnoreAbove(256), testcluster.WithShards(2)}}
	// wikimediaMapping is Wikimedia's logstash-* template as it is: message text only
	// (aggregate mode groups its template and the keys the template interpolates),
	// keywords uncapped.
	wikimediaMapping = fixtureMapping{opts: []testcluster.Option{testcluster.WithShards(2)}}
	// ecsMapping is Wikimedia's ECS template: labels.* and other strings keywords,
	// message text only.
	ecsMapping = fixtureMapping{ecs: true, opts: []testcluster.Option{testcluster.WithECS(), testcluster.WithShards(2)}}
)

// loadFixture loads testdata/logstash.jsonl into daily indices of the test's own under
// the stock mapping and returns their index pattern.
func loadFixture(t testing.TB, base string) string {
	t.Helper()
	lines := readLines(t, fixtureFile)
	indexed, pattern := loadLines(t, base, "fixture", lines, stockMapping)
	if len(indexed) != len(lines) {
		t.Fatalf("loading the fixture: %d of %d lines were indexed", len(indexed), len(lines))
	}
	return pattern
}

// loadLines loads lines into daily indices of the test's own (name says whose in the
// engine's log) and returns the lines the engine indexed (a line whose field types
// clash with the mapping is refused, as Logstash would see it refused) and the index
// pattern.
func loadLines(t testing.TB, base, name string, lines [][]byte, m fixtureMapping) ([][]byte, string) {
	t.Helper()
	prefix := testcluster.UniquePrefix(t, "es-"+name)
	if m.ecs {
		prefix = testcluster.UniqueECSPrefix(t, "es-"+name)
	}
	loaded := testcluster.Load(t, base, prefix, lines, m.opts...)
	return loaded.Indexed, loaded.Pattern
}

func readLines(t testing.TB, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			out = append(out, bytes.Clone(line))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
