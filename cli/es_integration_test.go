package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// The report command against the real engine (testenv/opensearch/run.sh): the sample's
// documents that Wikimedia's logstash-* indices would hold are loaded into daily indices
// with Wikimedia's mapping, and `report --es` in both modes must print the JSON report
// that `report FILE` prints for the same documents, field by field. What differs by
// nature is checked for what it must be instead (see compareClusterReport).

// esTestNow is the clock of every run: generated_at is the same in all reports.
var esTestNow = time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)

const clusterSampleFile = "../testdata/sample/sample.jsonl"

// readSampleLines returns the non-blank lines of a JSONL file.
func readSampleLines(t testing.TB, path string) [][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// clusterLayout is one kind of index the cluster tests load into.
type clusterLayout struct {
	name string
	ecs  bool // Wikimedia's ecs-* indices (labels.*), else logstash-*
	opts []testcluster.Option
}

// clusterLayouts: Wikimedia's logstash-* template as it is (message text only,
// keywords uncapped); Elastic's stock Logstash template (message.keyword, keywords
// capped at 256 characters, so the documents with longer values take aggregate mode's
// whole-document path; two shards); and Wikimedia's ECS indices.
var clusterLayouts = []clusterLayout{
	{name: "wikimedia"},
	{name: "stock-logstash", opts: []testcluster.Option{testcluster.WithMessageKeyword(), testcluster.WithIgnoreAbove(256), testcluster.WithShards(2)}},
	{name: "ecs", ecs: true, opts: []testcluster.Option{testcluster.WithECS()}},
}

// documents picks the sample's documents that such indices hold.
func (l clusterLayout) documents(lines [][]byte) [][]byte {
	if l.ecs {
		return testcluster.ECSDocuments(lines)
	}
	return testcluster.WikimediaDocuments(lines)
}

func (l clusterLayout) prefix(t *testing.T, name string) string {
	if l.ecs {
		return testcluster.UniqueECSPrefix(t, name)
	}
	return testcluster.UniquePrefix(t, name)
}

// field is where the layout keeps a context field ("wiki": labels.wiki in ECS).
func (l clusterLayout) field(name string) string {
	if l.ecs {
		return "labels." + name
	}
	return name
}

// exact is the field that holds a string field's exact value.
func (l clusterLayout) exact(name string) string {
	if l.ecs {
		return "labels." + name
	}
	return name + ".keyword"
}

// filtersLayout is the --layout of `jwtriage filters` for these indices.
func (l clusterLayout) filtersLayout() string {
	if l.ecs {
		return "ecs"
	}
	return "wikimedia"
}

// clusterDocValue reads a dotted path of a JSON document ("labels.wiki").
func clusterDocValue(doc []byte, path string) any {
	var v any
	if json.Unmarshal(doc, &v) != nil {
		return nil
	}
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// clusterSample loads the sample's documents that the layout's indices hold into
// indices of the test's own and writes the documents the engine indexed to a JSONL
// file: the same data for the file report. It returns the index pattern, the file and
// the documents.
func clusterSample(t *testing.T, url string, l clusterLayout, name string) (pattern, file string, docs [][]byte) {
	t.Helper()
	wanted := l.documents(readSampleLines(t, clusterSampleFile))
	if len(wanted) < 300 {
		t.Fatalf("only %d %s documents in the sample", len(wanted), l.name)
	}
	loaded := testcluster.Load(t, url, l.prefix(t, name), wanted, l.opts...)
	for _, r := range loaded.Refused {
		t.Errorf("the engine refused document %d (HTTP %d): %.300s", r.Line, r.Status, r.Error)
	}
	file = filepath.Join(t.TempDir(), "cluster-documents.jsonl")
	if err := os.WriteFile(file, append(bytes.Join(loaded.Indexed, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return loaded.Pattern, file, loaded.Indexed
}

// runReportJSON runs `jwtriage report --format json ARGS` through Run with buffers and
// returns the parsed report (as generic JSON, so that every field is compared, also
// fields added after this test) and stderr.
func runReportJSON(t *testing.T, args ...string) (map[string]any, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(append([]string{"report", "--format", "json", "--progress", "never"}, args...), Streams{
		In: bytes.NewReader(nil), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return esTestNow },
	})
	if code != ExitOK {
		t.Fatalf("report %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report %s: not JSON: %v", strings.Join(args, " "), err)
	}
	return rep, errOut.String()
}

// reportJSONDiff lists where two decoded JSON values differ, by path, at most limit entries.
func reportJSONDiff(path string, want, got any, out *[]string, limit int) {
	if len(*out) >= limit {
		return
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: want an object, got %.200v", path, got))
			return
		}
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			wv, wok := w[k]
			gv, gok := g[k]
			switch {
			case !wok:
				*out = append(*out, fmt.Sprintf("%s.%s: unexpected, got %.200v", path, k, gv))
			case !gok:
				*out = append(*out, fmt.Sprintf("%s.%s: missing, want %.200v", path, k, wv))
			default:
				reportJSONDiff(path+"."+k, wv, gv, out, limit)
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: want an array, got %.200v", path, got))
			return
		}
		if len(w) != len(g) {
			*out = append(*out, fmt.Sprintf("%s: %d items, want %d", path, len(g), len(w)))
		}
		for i := 0; i < len(w) && i < len(g); i++ {
			reportJSONDiff(fmt.Sprintf("%s[%d]", path, i), w[i], g[i], out, limit)
		}
	default:
		if !reflect.DeepEqual(want, got) {
			*out = append(*out, fmt.Sprintf("%s: got %.200v, want %.200v", path, got, want))
		}
	}
}

// reportInt reads a JSON number at a path of object keys.
func reportInt(t *testing.T, v any, keys ...string) int64 {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", strings.Join(keys, "."))
		}
		v = m[k]
	}
	f, ok := v.(float64)
	if !ok {
		t.Fatalf("%s: %v is not a number", strings.Join(keys, "."), v)
	}
	return int64(f)
}

// compareClusterReport checks a cluster report against the file report of the same
// documents. Everything is equal except what differs by nature, which is checked for
// what it must be and then taken out of the comparison:
//
//   - inputs: one input, es and the index pattern, against file and the file's name.
//     Its lines are the documents the cluster matched, which the search already limited
//     to the report's channels (and window and query), so they are the session events
//     (observed), not every document of the file; nothing is skipped (a document in the
//     cluster is a JSON object by construction).
//   - totals.lines and totals.records: the same cause: the matched documents, against
//     every line of the file; totals.skipped is 0 in both.
//   - totals.outside_window and data_span: the cluster reads only the window, so it
//     leaves nothing out (0) and its data span is the window's data.
//   - window.to without --until: a file's window ends at its last event (to_data), the
//     cluster's at now (windows from the data).
//   - unusable (the lines rsyslog cut): the file lists each with its line, the cluster
//     one record for them all (it counts them in one aggregation); totals.unusable is
//     compared, and the cluster's lines and records include them.
//
// Everything else — session, JWT, estimated, benign and actionable totals, the window,
// every kind with its counts, estimates, messages, reasons, wikis, IPs, user agents,
// users, first and last seen, hours, rules — must be equal.
func compareClusterReport(t *testing.T, want, got map[string]any, pattern string) {
	t.Helper()
	session := reportInt(t, want, "totals", "session_events")
	if u, ok := want["totals"].(map[string]any)["unusable"]; ok {
		session += int64(u.(float64))
	}
	inputs, _ := got["inputs"].([]any)
	if len(inputs) != 1 {
		t.Errorf("cluster report has %d inputs, want 1", len(inputs))
	} else {
		in, _ := inputs[0].(map[string]any)
		if in["source"] != "es" || in["name"] != pattern || reportInt(t, in, "lines") != session || reportInt(t, in, "skipped") != 0 {
			t.Errorf("cluster input %v, want source es, name %s, %d lines (the session events), 0 skipped", in, pattern, session)
		}
	}
	for _, k := range []string{"lines", "records"} {
		if n := reportInt(t, got, "totals", k); n != session {
			t.Errorf("cluster totals.%s = %d, want %d (the matched documents: the session events)", k, n, session)
		}
	}
	if n := reportInt(t, got, "totals", "skipped"); n != 0 || reportInt(t, want, "totals", "skipped") != 0 {
		t.Errorf("skipped: cluster %d, file %d, want 0 and 0", n, reportInt(t, want, "totals", "skipped"))
	}
	if n := reportInt(t, got, "totals", "outside_window"); n != 0 {
		t.Errorf("cluster totals.outside_window = %d, want 0: the cluster reads only the window", n)
	}
	wantWindow, _ := want["window"].(map[string]any)
	gotWindow, _ := got["window"].(map[string]any)
	endsNow := wantWindow["to_data"] == true && gotWindow["to_data"] != true
	if now := esTestNow.UTC().Format(time.RFC3339Nano); endsNow && gotWindow["to"] != now {
		t.Errorf("cluster window.to = %v, want now (%s): the file's ends at its data, the cluster's now", gotWindow["to"], now)
	}
	strip := func(r map[string]any) map[string]any {
		c := map[string]any{}
		for k, v := range r {
			c[k] = v
		}
		delete(c, "inputs")
		delete(c, "data_span")
		delete(c, "unusable")
		totals := map[string]any{}
		for k, v := range r["totals"].(map[string]any) {
			if k != "lines" && k != "records" && k != "outside_window" {
				totals[k] = v
			}
		}
		c["totals"] = totals
		if endsNow {
			window := map[string]any{}
			for k, v := range r["window"].(map[string]any) {
				if k != "to" && k != "to_data" {
					window[k] = v
				}
			}
			c["window"] = window
			// The hourly series differ in length too: a rise that lasts to the file's
			// last event is followed, in the cluster's window, by empty hours up to now,
			// so a kind's began (report.MarkJumps) is compared only when both windows
			// end alike.
			var kinds []any
			for _, k := range r["kinds"].([]any) {
				kc := map[string]any{}
				for f, v := range k.(map[string]any) {
					if f != "began" {
						kc[f] = v
					}
				}
				kinds = append(kinds, kc)
			}
			c["kinds"] = kinds
		}
		return c
	}
	var diffs []string
	reportJSONDiff("report", strip(want), strip(got), &diffs, 40)
	for _, d := range diffs {
		t.Error(d)
	}
}

// clusterCase is one selection, asked of the cluster with flags and of the file report
// with flags or, for --query, with the documents the query selects picked in Go.
type clusterCase struct {
	name      string
	flags     []string          // given to both reports
	esFlags   []string          // given to the cluster report only
	fileLines func([]byte) bool // documents the file report reads (nil: all)
}

func clusterCases(l clusterLayout) []clusterCase {
	valueIn := func(field string, values ...string) func([]byte) bool {
		return func(doc []byte) bool {
			v, _ := clusterDocValue(doc, l.field(field)).(string)
			return slices.Contains(values, v)
		}
	}
	wiki := l.field("wiki")
	return []clusterCase{
		{name: "everything"},
		{name: "since-until", flags: []string{"--since", "2025-10-13T12:00:00Z", "--until", "2025-10-14T06:30:00Z"}},
		{name: "since-duration", flags: []string{"--since", "20h"}}, // from 2025-10-14T10:00 to now
		{name: "until-only", flags: []string{"--until", "2025-10-13T09:15:00.5Z"}},
		{name: "query-wikis", esFlags: []string{"--query", wiki + ":enwiki OR " + wiki + ":dewiki"}, fileLines: valueIn("wiki", "enwiki", "dewiki")},
		{name: "query-channel-and-window", flags: []string{"--until", "2025-10-14T18:00"},
			esFlags: []string{"--query", l.exact("channel") + `:"session-sampled"`}, fileLines: valueIn("channel", "session-sampled")},
		{name: "rules-and-channel", flags: []string{"--rules", "../testdata/rules/example.json", "--channel", "session"}},
		{name: "json-channel", flags: []string{"--channel", "session,session-sampled,json"}},
		{name: "rate-top-redact-users", flags: []string{"--sample-rate", "session-sampled=10", "--top", "3",
			"--redact-ips", "--redact-mode", "prefix", "--users", "../testdata/sample/users.csv"}},
	}
}

// TestReportClusterMatchesFile is the end-to-end check of `report --es` in both modes.
func TestReportClusterMatchesFile(t *testing.T) { testcluster.Run(t, testReportClusterMatchesFile) }

func testReportClusterMatchesFile(t *testing.T, url string) {
	for _, l := range clusterLayouts {
		t.Run(l.name, func(t *testing.T) {
			pattern, file, docs := clusterSample(t, url, l, "cli-report-"+l.name)
			testReportClusterCases(t, l, url, pattern, file, docs)
		})
	}
}

func testReportClusterCases(t *testing.T, l clusterLayout, url, pattern, file string, docs [][]byte) {
	for _, c := range clusterCases(l) {
		t.Run(c.name, func(t *testing.T) {
			input := file
			if c.fileLines != nil {
				var picked [][]byte
				for _, d := range docs {
					if c.fileLines(d) {
						picked = append(picked, d)
					}
				}
				input = filepath.Join(t.TempDir(), "picked.jsonl")
				if err := os.WriteFile(input, append(bytes.Join(picked, []byte("\n")), '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, _ := runReportJSON(t, append(slices.Clone(c.flags), input)...)
			if reportInt(t, want, "totals", "jwt_events") < 20 || len(want["kinds"].([]any)) < 2 {
				t.Fatalf("the selection has %d JWT events in %d kinds: too little to compare",
					reportInt(t, want, "totals", "jwt_events"), len(want["kinds"].([]any)))
			}
			for _, mode := range []string{"aggregate", "documents"} {
				t.Run(mode, func(t *testing.T) {
					args := append([]string{"--es", url, "--index", pattern, "--es-mode", mode}, c.flags...)
					got, stderr := runReportJSON(t, append(args, c.esFlags...)...)
					if stderr != "" {
						t.Errorf("stderr: %s", stderr)
					}
					compareClusterReport(t, want, got, pattern)
				})
			}
		})
	}
}

// countingProxy forwards to the engine and counts the requests and the response bytes
// the command receives: what a read costs on the wire, whatever the client library.
type countingProxy struct {
	// identity asks the engine for uncompressed answers: bytes then measure content,
	// not how well it compresses (three copies of a document compress to much less
	// than three times its size).
	identity        bool
	requests, bytes atomic.Int64
	mu              sync.Mutex
	encoding        map[string]int // Content-Encoding of the answers ("" for none)
}

// encodings says how the answers were encoded, e.g. "gzip: 4".
func (c *countingProxy) encodings() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var parts []string
	for e, n := range c.encoding {
		if e == "" {
			e = "identity"
		}
		parts = append(parts, fmt.Sprintf("%s: %d", e, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func (c *countingProxy) start(t *testing.T, target string) string {
	t.Helper()
	u, err := neturl.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	rp := &httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(u)
		if c.identity {
			pr.Out.Header.Set("Accept-Encoding", "identity")
		}
	}}
	rp.ModifyResponse = func(resp *http.Response) error {
		c.requests.Add(1)
		c.mu.Lock()
		if c.encoding == nil {
			c.encoding = map[string]int{}
		}
		c.encoding[resp.Header.Get("Content-Encoding")]++
		c.mu.Unlock()
		resp.Body = &countingBody{ReadCloser: resp.Body, n: &c.bytes}
		return nil
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// TestReportClusterBytesPerMode measures what each mode transfers through the command
// line, with the default page sizes, and checks what aggregation is for. The sample is
// a poor case for aggregation (its 1755 session documents make about 1600 groups:
// subjects, IPs and agents differ on nearly every line), so the bytes for it are only
// logged, as they cross the wire (compressed) and uncompressed. The check: the same
// documents loaded three times make the same groups three times as large, so documents
// mode must receive about three times as much and aggregate mode about the same as for
// one copy (only the counts change). Measured uncompressed (see countingProxy).
func TestReportClusterBytesPerMode(t *testing.T) { testcluster.Run(t, testReportClusterBytesPerMode) }

func testReportClusterBytesPerMode(t *testing.T, url string) {
	for _, l := range clusterLayouts {
		t.Run(l.name, func(t *testing.T) {
			docs := l.documents(readSampleLines(t, clusterSampleFile))
			var tripled [][]byte
			for _, d := range docs {
				tripled = append(tripled, d, d, d)
			}
			received := map[string][2]int64{}
			var sessions [2]int64
			for i, set := range [][][]byte{docs, tripled} {
				loaded := testcluster.Load(t, url, l.prefix(t, fmt.Sprintf("cli-bytes-%s-%d", l.name, i+1)), set, l.opts...)
				if len(loaded.Indexed) != len(set) {
					t.Fatalf("%d of %d documents indexed", len(loaded.Indexed), len(set))
				}
				for _, mode := range []string{"documents", "aggregate"} {
					for _, identity := range []bool{true, false} {
						if i > 0 && !identity {
							continue
						}
						proxy := countingProxy{identity: identity}
						rep, _ := runReportJSON(t, "--es", proxy.start(t, url), "--index", loaded.Pattern, "--es-mode", mode)
						if proxy.bytes.Load() == 0 || proxy.requests.Load() == 0 {
							t.Fatalf("%s mode: nothing went through the proxy", mode)
						}
						sessions[i] = reportInt(t, rep, "totals", "session_events")
						t.Logf("%d cop%s, %s mode: %d bytes received (%s) in %d requests for %d session documents",
							2*i+1, map[bool]string{true: "ies", false: "y"}[i > 0], mode, proxy.bytes.Load(), proxy.encodings(), proxy.requests.Load(), sessions[i])
						if identity {
							r := received[mode]
							r[i] = proxy.bytes.Load()
							received[mode] = r
						}
					}
				}
			}
			if sessions[1] != 3*sessions[0] || sessions[0] == 0 {
				t.Fatalf("session events %d and %d: the second load is not three copies of the first", sessions[0], sessions[1])
			}
			if d := received["documents"]; 2*d[0] > d[1] {
				t.Fatalf("documents mode received %d and %d bytes: three copies should take about three times as much", d[0], d[1])
			}
			// Generous: the counts and a few more digits are all that may grow.
			if a := received["aggregate"]; 4*a[1] > 5*a[0] {
				t.Errorf("aggregate mode received %d bytes for one copy and %d for three (x%.2f): its transfer grows with the documents, not the groups",
					a[0], a[1], float64(a[1])/float64(a[0]))
			}
		})
	}
}
