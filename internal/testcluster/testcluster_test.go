package testcluster

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// outcomeTB records how urlFrom ended a test without ending this one.
type outcomeTB struct {
	testing.TB
	outcome string
}

func (o *outcomeTB) Helper() {}
func (o *outcomeTB) Fatalf(format string, args ...any) {
	o.outcome = "fatal: " + fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (o *outcomeTB) Skipf(format string, args ...any) {
	o.outcome = "skip: " + fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestURLFailsInCI(t *testing.T) {
	tests := []struct {
		url, ci string
		want    string // prefix of the outcome, or the URL returned
	}{
		{"", "true", "fatal:"},
		{"", "1", "fatal:"},
		{"", "yes", "fatal:"},
		{"", "", "skip:"},
		{"", "false", "skip:"},
		{"", "0", "skip:"},
		{"http://127.0.0.1:9200/", "true", "http://127.0.0.1:9200"},
		{" http://h:9201 ", "", "http://h:9201"},
	}
	for _, eng := range Known {
		for _, tt := range tests {
			// The other engine's URL is set: it must not stand in for this one's.
			env := map[string]string{eng.EnvURL: tt.url, "CI": tt.ci}
			for _, other := range Known {
				if other.EnvURL != eng.EnvURL {
					env[other.EnvURL] = "http://other:1"
				}
			}
			tb := &outcomeTB{}
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				tb.outcome = engineURL(tb, eng, func(k string) string { return env[k] })
			}()
			wg.Wait()
			if !strings.HasPrefix(tb.outcome, tt.want) {
				t.Errorf("%s: url %q, CI %q: %q, want %q", eng.Name, tt.url, tt.ci, tb.outcome, tt.want)
			}
			if strings.HasPrefix(tt.want, "fatal:") && !strings.Contains(tb.outcome, eng.EnvURL) {
				t.Errorf("%s: %q does not name %s", eng.Name, tb.outcome, eng.EnvURL)
			}
		}
	}
}

// TestKnownEngines: two engines, each with its own variable and start script.
func TestKnownEngines(t *testing.T) {
	seen := map[string]bool{}
	for _, eng := range Known {
		for _, v := range []string{eng.Name, eng.EnvURL, eng.RunScript} {
			if v == "" || seen[v] {
				t.Errorf("engine %+v: empty or shared %q", eng, v)
			}
			seen[v] = true
		}
		if !strings.Contains(eng.RunScript, eng.Name) {
			t.Errorf("engine %s starts with %s", eng.Name, eng.RunScript)
		}
	}
	if len(Known) != 2 {
		t.Errorf("%d engines, want OpenSearch and Elasticsearch", len(Known))
	}
}

func TestWikimediaDocuments(t *testing.T) {
	flat := `{"@timestamp":"2025-10-13T00:00:00Z","channel":"session","message":"m"}`
	in := []string{
		flat,
		`{"_index":"logstash-x","_source":` + flat + `}`,
		`{"hits":{"hits":[{"_source":{"channel":"a"}},{"_source":{"channel":"b"}},{"_id":"no source"}]}}`,
		`{"labels":{"channel":"session"},"message":"ecs"}`,
		`{"_source":{"labels":{"channel":"session"}}}`,
		`{"context":{},"channel":"session","datetime":"2025-10-13T00:00:00+00:00"}`,
		`{"_source":{"context":{},"channel":"session"}}`,
		`[1,2]`, `null`, `"s"`, `{"broken`, ``,
	}
	want := []string{flat, flat, `{"channel":"a"}`, `{"channel":"b"}`}
	var lines [][]byte
	for _, l := range in {
		lines = append(lines, []byte(l))
	}
	var got []string
	for _, d := range WikimediaDocuments(lines) {
		got = append(got, string(d))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	wantECS := []string{`{"labels":{"channel":"session"},"message":"ecs"}`, `{"labels":{"channel":"session"}}`}
	got = nil
	for _, d := range ECSDocuments(lines) {
		got = append(got, string(d))
	}
	if !slices.Equal(got, wantECS) {
		t.Errorf("ECS: got\n%q\nwant\n%q", got, wantECS)
	}
}

func TestDailyIndices(t *testing.T) {
	lines := [][]byte{
		[]byte(`{"message":"no time, before the first dated line"}`),
		[]byte(`{"@timestamp":"2025-10-13T23:30:00-05:00"}`), // the 14th in UTC
		[]byte(`{"@timestamp":"2025-10-13T00:00:00.123Z"}`),
		[]byte(`{"@timestamp":"yesterday"}`),
		[]byte(`{"@timestamp":1760313600000}`),
	}
	want := []string{"p-1-7.0.0-1-2025.10.14", "p-1-7.0.0-1-2025.10.14", "p-1-7.0.0-1-2025.10.13",
		"p-1-7.0.0-1-2025.10.14", "p-1-7.0.0-1-2025.10.14"}
	if got := dailyIndices("p"+DailyInfix, lines); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := dailyIndices("p"+DailyInfix, lines[:1]); !slices.Equal(got, []string{"p-1-7.0.0-1-undated"}) {
		t.Errorf("no dated line: %q", got)
	}
}

// TestLoadOnTheEngine loads lines and reads back the indices, the mapping, what was
// refused, and that the cleanup removes everything.
func TestLoadOnTheEngine(t *testing.T) { Run(t, testLoadOnTheEngine) }

func testLoadOnTheEngine(t *testing.T, url string) {
	lines := [][]byte{
		[]byte(`{"@timestamp":"2025-10-13T09:00:00.000Z","channel":"session","message":"JWT validation failed: JWT error: wrong subject","normalized_message":"JWT validation failed: {error}","central_id":12345,"flag":true,"wiki":"enwiki"}`),
		[]byte(`{"@timestamp":"2025-10-14T09:00:00.000Z","channel":5,"message":null,"central_id":"12346"}`),
		[]byte(`{"@timestamp":"not a time","channel":"session"}`),
		[]byte(`{"channel":"session","wiki":"` + strings.Repeat("x", 300) + `"}`),
	}
	var prefix string
	t.Run("load", func(t *testing.T) {
		prefix = UniquePrefix(t, "self")
		got := Load(t, url, prefix, lines)
		if len(got.Indexed) != 3 || len(got.Refused) != 1 || got.Refused[0].Line != 2 ||
			!strings.Contains(got.Refused[0].Error, "@timestamp") {
			t.Fatalf("indexed %d, refused %+v; want 3 and line 2 for its @timestamp", len(got.Indexed), got.Refused)
		}
		if len(got.IDs) != 3 || got.IDs[0] == "" || got.IDs[0] == got.IDs[1] {
			t.Errorf("IDs %q, want 3 distinct", got.IDs)
		}
		c0 := &client{base: url, http: &http.Client{Timeout: time.Minute}}
		body0 := c0.mustDo(t, http.MethodGet, "/"+prefix+"-1-7.0.0-1-2025.10.14/_doc/"+got.IDs[1], nil, 200)
		if !strings.Contains(string(body0), `"channel":5`) {
			t.Errorf("document %s is %s, want the second line", got.IDs[1], body0)
		}
		if n := LoadJSONL(t, url, prefix+"-again", lines); n != 3 {
			t.Errorf("LoadJSONL: %d loaded, want 3", n)
		}
		c := &client{base: url, http: &http.Client{Timeout: time.Minute}}
		var indices []struct {
			Index     string `json:"index"`
			DocsCount string `json:"docs.count"`
		}
		body := c.mustDo(t, http.MethodGet, "/_cat/indices/"+got.Pattern+"?format=json&h=index,docs.count", nil, 200)
		if err := json.Unmarshal(body, &indices); err != nil {
			t.Fatal(err)
		}
		counts := map[string]string{}
		for _, i := range indices {
			counts[i.Index] = i.DocsCount
		}
		wantCounts := map[string]string{prefix + "-1-7.0.0-1-2025.10.13": "2", prefix + "-1-7.0.0-1-2025.10.14": "1"}
		if fmt.Sprint(counts) != fmt.Sprint(wantCounts) {
			t.Errorf("indices %v, want %v", counts, wantCounts)
		}
		var mappings map[string]struct {
			Mappings struct {
				Properties map[string]struct {
					Type   string                     `json:"type"`
					Fields map[string]json.RawMessage `json:"fields"`
				} `json:"properties"`
			} `json:"mappings"`
		}
		body = c.mustDo(t, http.MethodGet, "/"+prefix+"-1-7.0.0-1-2025.10.13/_mapping", nil, 200)
		if err := json.Unmarshal(body, &mappings); err != nil {
			t.Fatal(err)
		}
		for _, m := range mappings {
			p := m.Mappings.Properties
			check := func(field, typ string, keyword bool) {
				t.Helper()
				_, hasKeyword := p[field].Fields["keyword"]
				if p[field].Type != typ || hasKeyword != keyword {
					t.Errorf("%s: %s with keyword %v, want %s with keyword %v", field, p[field].Type, hasKeyword, typ, keyword)
				}
			}
			check("@timestamp", "date", false)
			check("message", "text", false)
			check("normalized_message", "text", true)
			check("channel", "text", true)
			check("central_id", "text", true) // a number, as text: Wikimedia's long_to_string
			check("flag", "text", true)
			check("wiki", "text", true)
		}
		// A bare word searches "all", as Wikimedia's default field.
		body = c.mustDo(t, http.MethodPost, "/"+got.Pattern+"/_count", []byte(`{"query":{"query_string":{"query":"enwiki"}}}`), 200)
		if !strings.Contains(string(body), `"count":1,`) {
			t.Errorf("a bare word found %s, want 1 document", body)
		}
	})
	// The subtest's cleanup has run.
	c := &client{base: url, http: &http.Client{Timeout: time.Minute}}
	for _, path := range []string{"/" + prefix + "-*", "/_index_template/jwtriage-test-" + prefix} {
		status, body, err := c.do(http.MethodGet, path, nil, "application/json")
		if err != nil || (status != 404 && string(body) != "{}") {
			t.Errorf("after the test, GET %s: %d %s %v", path, status, body, err)
		}
	}
}

// TestLoadECSOnTheEngine: the ECS mapping keeps labels as keywords in ecs-* daily indices.
func TestLoadECSOnTheEngine(t *testing.T) { Run(t, testLoadECSOnTheEngine) }

func testLoadECSOnTheEngine(t *testing.T, url string) {
	prefix := UniqueECSPrefix(t, "self")
	lines := [][]byte{[]byte(`{"@timestamp":"2025-10-13T09:00:00.000Z","message":"Soft-expired JWT cookie","labels":{"channel":"session-sampled","wiki":"enwiki"}}`)}
	got := Load(t, url, prefix, lines, WithECS())
	if !strings.HasPrefix(prefix, "ecs-jwtriage-self-") || got.Pattern != prefix+"-1-1.11.0-6-*" || len(got.Indexed) != 1 {
		t.Fatalf("prefix %s, pattern %s, %d indexed", prefix, got.Pattern, len(got.Indexed))
	}
	c := &client{base: url, http: &http.Client{Timeout: time.Minute}}
	body := c.mustDo(t, http.MethodGet, "/"+prefix+"-1-1.11.0-6-2025.10.13/_mapping/field/labels.channel,message", nil, 200)
	for _, want := range []string{`"channel":{"type":"keyword","ignore_above":1024}`, `"message":{"type":"text","norms":false}`} {
		if !strings.Contains(strings.ReplaceAll(string(body), " ", ""), want) {
			t.Errorf("mapping %s lacks %s", body, want)
		}
	}
}

func TestLoadRefusesABadPrefix(t *testing.T) {
	for _, p := range []string{"Upper", "a*", "", "-lead", "sp ace"} {
		tb := &outcomeTB{}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			Load(tb, "http://127.0.0.1:1", p, nil)
			tb.outcome = "returned"
		}()
		wg.Wait()
		if !strings.HasPrefix(tb.outcome, "fatal:") {
			t.Errorf("prefix %q: %s, want a fatal error", p, tb.outcome)
		}
	}
}
