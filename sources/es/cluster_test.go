package es

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// The integration tests need a real engine: testenv/opensearch/run.sh start prints its
// URL; export it as JWTRIAGE_OPENSEARCH_URL. In CI (CI=true) a missing engine fails the
// tests instead of skipping them.
const clusterEnv = "JWTRIAGE_OPENSEARCH_URL"

func clusterURL(t testing.TB) string {
	t.Helper()
	u := strings.TrimRight(os.Getenv(clusterEnv), "/")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: start the engine with testenv/opensearch/run.sh start", clusterEnv)
		}
		t.Skipf("%s is not set: start the engine with testenv/opensearch/run.sh start and export it", clusterEnv)
	}
	return u
}

// fixturePrefix names the indices the tests load into (a Logstash partition of its own:
// other packages' tests may use the same engine at the same time).
const (
	fixturePrefix  = "logstash-jwtriage-es"
	fixturePattern = fixturePrefix + "-*"
	fixtureFile    = "testdata/logstash.jsonl"
)

var (
	loadOnce sync.Once
	loadErr  error
)

// loadFixture loads testdata/logstash.jsonl once per test binary into daily indices
// logstash-jwtriage-es-1-7.0.0-1-YYYY.MM.DD under an index template like Wikimedia's
// (strings as text with a .keyword subfield, @timestamp a date).
func loadFixture(t testing.TB, base string) {
	t.Helper()
	loadOnce.Do(func() {
		lines := readLines(t, fixtureFile)
		indexed, err := loadLines(base, fixturePrefix, lines)
		if err == nil && len(indexed) != len(lines) {
			err = fmt.Errorf("%d of %d lines were indexed", len(indexed), len(lines))
		}
		loadErr = err
	})
	if loadErr != nil {
		t.Fatalf("loading the fixture: %v", loadErr)
	}
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

// loadLines replaces the indices prefix-* with the given JSON objects, each in the daily
// index prefix-1-7.0.0-1-YYYY.MM.DD of its @timestamp (documents without one go to the first day's index),
// and returns the lines the engine indexed (a line whose field types clash with the
// mapping is refused, as Logstash would see it refused).
func loadLines(base, prefix string, lines [][]byte) ([][]byte, error) {
	tmpl, err := indexTemplate(prefix)
	if err != nil {
		return nil, err
	}
	if err := admin(base, "DELETE", "/"+prefix+"-*?expand_wildcards=all", nil, 200, 404); err != nil {
		return nil, err
	}
	if err := admin(base, "PUT", "/_index_template/jwtriage-test-"+prefix, tmpl, 200); err != nil {
		return nil, err
	}
	var bulk bytes.Buffer
	firstDay := ""
	for _, l := range lines {
		var d struct {
			Timestamp string `json:"@timestamp"`
		}
		if json.Unmarshal(l, &d) == nil && len(d.Timestamp) >= 10 {
			firstDay = d.Timestamp[:10]
			break
		}
	}
	for _, l := range lines {
		var d struct {
			Timestamp string `json:"@timestamp"`
		}
		day := firstDay
		if json.Unmarshal(l, &d) == nil && len(d.Timestamp) >= 10 {
			day = d.Timestamp[:10]
		}
		index := prefix + "-1-7.0.0-1-" + strings.ReplaceAll(day, "-", ".")
		fmt.Fprintf(&bulk, "{\"index\":{\"_index\":%q}}\n%s\n", index, l)
	}
	var resp struct {
		Errors bool `json:"errors"`
		Items  []map[string]struct {
			Status int             `json:"status"`
			Error  json.RawMessage `json:"error"`
		} `json:"items"`
	}
	body, err := adminBody(base, "POST", "/_bulk?refresh=true", bulk.Bytes(), "application/x-ndjson")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, fmt.Errorf("bulk answer: %w", err)
	}
	if len(resp.Items) != len(lines) {
		return nil, fmt.Errorf("bulk answered %d items for %d lines", len(resp.Items), len(lines))
	}
	var indexed [][]byte
	for i, it := range resp.Items {
		for _, r := range it {
			if r.Status <= 299 {
				indexed = append(indexed, lines[i])
			}
		}
	}
	return indexed, nil
}

// indexTemplate is the template of the indices prefix-*: ECS's (labels and other strings
// as keywords, message as text only) for an ecs- prefix; Wikimedia's logstash-* mapping
// as it is (message text only, keywords uncapped) for a logstash-jwtriage-wmf prefix;
// else Logstash's stock one (strings as text with a .keyword capped at 256).
func indexTemplate(prefix string) ([]byte, error) {
	file := "testdata/index-template.json"
	switch {
	case strings.HasPrefix(prefix, "ecs-"):
		file = "testdata/index-template-ecs.json"
	case strings.HasPrefix(prefix, "logstash-jwtriage-wmf"):
		file = "testdata/index-template-wikimedia.json"
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var tmpl map[string]any
	if err := json.Unmarshal(data, &tmpl); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	tmpl["index_patterns"] = []string{prefix + "-*"}
	return json.Marshal(tmpl)
}

func admin(base, method, path string, body []byte, okStatus ...int) error {
	_, err := adminBody(base, method, path, body, "application/json", okStatus...)
	return err
}

func adminBody(base, method, path string, body []byte, contentType string, okStatus ...int) ([]byte, error) {
	req, err := http.NewRequest(method, base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", contentType)
	client := &http.Client{Timeout: 2 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if len(okStatus) == 0 {
		okStatus = []int{200}
	}
	for _, s := range okStatus {
		if resp.StatusCode == s {
			return data, nil
		}
	}
	return nil, fmt.Errorf("%s %s: HTTP %d: %.300s", method, path, resp.StatusCode, data)
}
