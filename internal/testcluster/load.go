package testcluster

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// DailyInfix sits between a prefix and the day in Wikimedia's index names:
// logstash-<partition>-1-7.0.0-1-YYYY.MM.DD.
const DailyInfix = "-1-7.0.0-1-"

// ECSDailyInfix is the same for Wikimedia's ECS indices: ecs-<partition>-1-1.11.0-6-YYYY.MM.DD.
const ECSDailyInfix = "-1-1.11.0-6-"

// undatedDay names the index of documents without a readable @timestamp when no line
// has one either.
const undatedDay = "undated"

// bulkBytes bounds one bulk request (the engine's default http.max_content_length is
// 100 MB; smaller requests keep a failure's message short).
const bulkBytes = 8 << 20

// Refusal is a line the engine did not index, with its reason.
type Refusal struct {
	Line   int // index into the lines given
	Status int
	Error  string
}

// Loaded is what a load put in the engine.
type Loaded struct {
	// Pattern matches the load's daily indices and nothing else:
	// <prefix>-1-7.0.0-1-* (not <prefix>-*, which would also match a longer prefix's).
	Pattern string
	// Indexed are the lines the engine accepted, in the order given.
	Indexed [][]byte
	// IDs are the engine's _id of each of Indexed, for tests that check which
	// documents a query selects.
	IDs []string
	// Refused are the others (a field whose type clashes with the mapping, a keyword
	// longer than Lucene's 32766-byte term limit): what Logstash would see dropped.
	Refused []Refusal
}

var prefixPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// UniquePrefix returns logstash-jwtriage-<name>-<random>: an index prefix that no other
// test, and no other run of this one against the same node, uses.
func UniquePrefix(t testing.TB, name string) string {
	t.Helper()
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "logstash-jwtriage-" + strings.ToLower(name) + "-" + hex.EncodeToString(b[:])
}

// UniqueECSPrefix is UniquePrefix for ECS indices: ecs-jwtriage-<name>-<random> (jwtriage
// reads an index pattern that starts with ecs- as ECS).
func UniqueECSPrefix(t testing.TB, name string) string {
	t.Helper()
	return "ecs-" + strings.TrimPrefix(UniquePrefix(t, name), "logstash-")
}

// LoadJSONL loads lines (JSON objects, one document each) into daily indices
// <indexPrefix>-1-7.0.0-1-YYYY.MM.DD (WithECS: <indexPrefix>-1-1.11.0-6-YYYY.MM.DD) under an index template like Wikimedia's, and
// returns how many the engine indexed. See Load.
func LoadJSONL(t testing.TB, url, indexPrefix string, lines [][]byte, opts ...Option) (loaded int) {
	t.Helper()
	return len(Load(t, url, indexPrefix, lines, opts...).Indexed)
}

// Load creates the index template for the load's daily indices (Wikimedia's mapping,
// changed by opts), puts each line in the daily index of its @timestamp's UTC day
// (a line without one goes to the first dated line's day), refreshes, and deletes the
// indices and the template when the test ends. indices of the prefix left by an
// earlier run are deleted first: the prefix must be the test's own (UniquePrefix).
func Load(t testing.TB, url, indexPrefix string, lines [][]byte, opts ...Option) Loaded {
	t.Helper()
	if !prefixPattern.MatchString(indexPrefix) || strings.Contains(indexPrefix, "*") {
		t.Fatalf("testcluster: index prefix %q: want lower-case letters, digits, '.', '_' and '-'", indexPrefix)
	}
	m := &mapping{shards: 1}
	for _, o := range opts {
		o(m)
	}
	c := &client{base: strings.TrimRight(url, "/"), http: &http.Client{Timeout: 2 * time.Minute}}
	pattern := indexPrefix + m.infix() + "*"
	templateName := "jwtriage-test-" + indexPrefix
	c.deleteIndices(t, pattern)
	tmpl, err := json.Marshal(m.template(pattern))
	if err != nil {
		t.Fatal(err)
	}
	c.mustDo(t, http.MethodPut, "/_index_template/"+templateName, tmpl, 200)
	t.Cleanup(func() {
		// Not mustDo: a cleanup must not fail a test whose node went away on purpose.
		c.deleteIndices(nil, pattern)
		c.do(http.MethodDelete, "/_index_template/"+templateName, nil, "application/json")
	})

	out := Loaded{Pattern: pattern}
	days := dailyIndices(indexPrefix+m.infix(), lines)
	for start := 0; start < len(lines); {
		var bulk bytes.Buffer
		end := start
		for end < len(lines) && (end == start || bulk.Len()+len(lines[end]) < bulkBytes) {
			fmt.Fprintf(&bulk, "{\"index\":{\"_index\":%q}}\n", days[end])
			bulk.Write(bytes.TrimSpace(lines[end]))
			bulk.WriteByte('\n')
			end++
		}
		body := c.mustDo(t, http.MethodPost, "/_bulk", bulk.Bytes(), 200)
		var resp struct {
			Items []map[string]struct {
				ID     string          `json:"_id"`
				Status int             `json:"status"`
				Error  json.RawMessage `json:"error"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &resp); err != nil || len(resp.Items) != end-start {
			t.Fatalf("testcluster: bulk answer for lines %d..%d: %d items, %v: %.300s", start, end-1, len(resp.Items), err, body)
		}
		for i, item := range resp.Items {
			for _, r := range item {
				if r.Status >= 200 && r.Status < 300 {
					out.Indexed = append(out.Indexed, lines[start+i])
					out.IDs = append(out.IDs, r.ID)
				} else {
					out.Refused = append(out.Refused, Refusal{Line: start + i, Status: r.Status, Error: string(r.Error)})
				}
			}
		}
		start = end
	}
	c.mustDo(t, http.MethodPost, "/"+pattern+"/_refresh?expand_wildcards=all", nil, 200)
	return out
}

// dailyIndices names the index of each line: stem followed by the day.
func dailyIndices(stem string, lines [][]byte) []string {
	days := make([]string, len(lines))
	fallback := ""
	for i, l := range lines {
		days[i] = dayOf(l)
		if fallback == "" {
			fallback = days[i]
		}
	}
	if fallback == "" {
		fallback = undatedDay
	}
	for i := range days {
		if days[i] == "" {
			days[i] = fallback
		}
		days[i] = stem + days[i]
	}
	return days
}

// dayOf returns the UTC day of a line's @timestamp as YYYY.MM.DD, "" without one.
func dayOf(line []byte) string {
	var d struct {
		Timestamp any `json:"@timestamp"`
	}
	if json.Unmarshal(line, &d) != nil {
		return ""
	}
	s, _ := d.Timestamp.(string)
	ts, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return ""
	}
	return ts.UTC().Format("2006.01.02")
}

// client makes the administrative requests of a load.
type client struct {
	base string
	http *http.Client
}

func (c *client) do(method, path string, body []byte, contentType string) (int, []byte, error) {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// deleteIndices deletes the indices that pattern matches, by name: Elasticsearch refuses
// a wildcard in a delete (action.destructive_requires_name is true by default since 8.0).
// t nil: errors are ignored (a cleanup must not fail a test whose node went away on
// purpose).
func (c *client) deleteIndices(t testing.TB, pattern string) {
	if t != nil {
		t.Helper()
	}
	status, body, err := c.do(http.MethodGet, "/"+pattern+"/_settings/index.uuid?expand_wildcards=all", nil, "application/json")
	var indices map[string]json.RawMessage
	if err == nil && status == http.StatusOK {
		err = json.Unmarshal(body, &indices)
	}
	if err != nil || status != http.StatusOK {
		if t != nil {
			t.Fatalf("testcluster: listing %s: HTTP %d %v: %.300s", pattern, status, err, body)
		}
		return
	}
	names := slices.Sorted(maps.Keys(indices))
	for len(names) > 0 {
		// A few hundred names at a time keep the request line short.
		n := min(len(names), 200)
		path := "/" + strings.Join(names[:n], ",")
		names = names[n:]
		if t != nil {
			c.mustDo(t, http.MethodDelete, path, nil, 200, 404)
		} else {
			c.do(http.MethodDelete, path, nil, "application/json")
		}
	}
}

// mustDo makes a request and fails the test unless the answer has one of the statuses.
func (c *client) mustDo(t testing.TB, method, path string, body []byte, ok ...int) []byte {
	t.Helper()
	contentType := "application/json"
	if strings.HasPrefix(path, "/_bulk") {
		contentType = "application/x-ndjson"
	}
	status, data, err := c.do(method, path, body, contentType)
	if err != nil {
		t.Fatalf("testcluster: %s %s: %v", method, path, err)
	}
	for _, s := range ok {
		if status == s {
			return data
		}
	}
	t.Fatalf("testcluster: %s %s: HTTP %d: %.500s", method, path, status, data)
	return nil
}
