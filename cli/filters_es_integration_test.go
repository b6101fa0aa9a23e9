package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// `jwtriage filters` against the real engine: the sample's Wikimedia documents
// are loaded, each output of the command is applied the way its user applies it, and the
// session events left visible must be the file report's actionable events plus its
// non-JWT session events (the filter hides benign JWT events only, and a dashboard of
// the session channels shows the rest):
//
//   - dsl: under must_not in a bool query that filters the session channels;
//   - lucene: the whole string as pasted in the search bar (query_string, as Dashboards
//     sends it), beside the same channel filter;
//   - kql: the engine has no KQL parser (KQL is translated to Query DSL by Dashboards, in
//     the browser), and there is no Dashboards here; the test translates the KQL the
//     command prints, as Dashboards does for the forms it uses (field:"value" is a
//     match_phrase, field:* an exists, and/or/not a bool), and runs that;
//   - osd: no Dashboards to import into, so the ndjson's shape is checked (one saved
//     object per line with type, id, attributes and references) and its filter pills are
//     applied as Dashboards applies them (a negated pill's query under must_not).
//
// Rules a search cannot test (url regex, ua_family, bot) must be named on stderr; the
// expected count then comes from a file report with the rules the filter can honour:
// a benign rule with such a condition dropped (its events stay visible), an actionable
// one with the condition removed (it keeps all the events its other conditions match).

// sessionChannels is the dashboard's own selection: the channels the report reads.
func sessionChannels(l clusterLayout) map[string]any {
	return map[string]any{"terms": map[string]any{l.exact("channel"): []string{"session", "session-sampled"}}}
}

func runFiltersCmdForTest(t *testing.T, args ...string) (stdout []byte, notes []string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(append([]string{"filters"}, args...), Streams{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
	if code != ExitOK {
		t.Fatalf("filters %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
	}
	for _, l := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
		if l != "" {
			notes = append(notes, l)
		}
	}
	return out.Bytes(), notes
}

// countVisible counts the documents of pattern that query selects.
func countVisible(t *testing.T, url, pattern string, query any) int64 {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query})
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Timeout: time.Minute}
	resp, err := client.Post(url+"/"+pattern+"/_count", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var res struct {
		Count *int64 `json:"count"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal(data, &res) != nil || res.Count == nil {
		t.Fatalf("_count: HTTP %d: %.500s", resp.StatusCode, data)
	}
	return *res.Count
}

// honourableRules writes the rules a search can test (see the file comment) to a file,
// and returns it with the names of the rules changed; "" stays "" (the defaults).
func honourableRules(t *testing.T, path string) (string, []string) {
	t.Helper()
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file map[string]any
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	var kept []any
	var changed []string
	for _, r := range file["rules"].([]any) {
		rule := r.(map[string]any)
		untestable := false
		for _, k := range []string{"url", "ua_family", "bot"} {
			if _, ok := rule[k]; ok {
				untestable = true
				delete(rule, k)
			}
		}
		if untestable {
			changed = append(changed, rule["name"].(string))
			if rule["verdict"] == "benign" {
				continue
			}
		}
		kept = append(kept, rule)
	}
	file["rules"] = kept
	out, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	honourable := filepath.Join(t.TempDir(), "honourable-rules.json")
	if err := os.WriteFile(honourable, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return honourable, changed
}

func TestFiltersOnTheClusterMatchTheReport(t *testing.T) {
	testcluster.Run(t, testFiltersOnTheClusterMatchTheReport)
}

func testFiltersOnTheClusterMatchTheReport(t *testing.T, url string) {
	for _, l := range clusterLayouts {
		t.Run(l.name, func(t *testing.T) {
			pattern, file, _ := clusterSample(t, url, l, "cli-filters-"+l.name)
			for _, rules := range []string{"", "../testdata/rules/example.json"} {
				name := "defaults"
				if rules != "" {
					name = filepath.Base(rules)
				}
				t.Run(name, func(t *testing.T) { testFiltersOnCluster(t, l, url, pattern, file, rules) })
			}
		})
	}
}

func testFiltersOnCluster(t *testing.T, l clusterLayout, url, pattern, file, rules string) {
	sessionChannelFilter := sessionChannels(l)
	var rulesFlag []string
	if rules != "" {
		rulesFlag = []string{"--rules", rules}
	}
	filtersFlags := append([]string{"--layout", l.filtersLayout()}, rulesFlag...)
	honourable, changed := honourableRules(t, rules)
	var honourableFlag []string
	if honourable != "" {
		honourableFlag = []string{"--rules", honourable}
	}
	asGiven, _ := runReportJSON(t, append(rulesFlag, file)...)
	rep, _ := runReportJSON(t, append(honourableFlag, file)...)
	nonJWT := reportInt(t, rep, "totals", "session_events") - reportInt(t, rep, "totals", "jwt_events")
	want := reportInt(t, rep, "totals", "actionable") + nonJWT
	if reportInt(t, rep, "totals", "benign") == 0 || nonJWT == 0 {
		t.Fatalf("the sample has %d benign and %d non-JWT session events: the test cannot tell", reportInt(t, rep, "totals", "benign"), nonJWT)
	}
	everything := countVisible(t, url, pattern, map[string]any{"bool": map[string]any{"filter": []any{sessionChannelFilter}}})
	if everything != reportInt(t, rep, "totals", "session_events") {
		t.Fatalf("the channel filter selects %d documents, the report has %d session events", everything, reportInt(t, rep, "totals", "session_events"))
	}
	t.Logf("%d session documents; %d actionable with the rules as given, %d with the rules a search honours; %d non-JWT: %d must stay visible",
		everything, reportInt(t, asGiven, "totals", "actionable"), reportInt(t, rep, "totals", "actionable"), nonJWT, want)

	// Every note the command printed is accounted for, and every changed rule has one.
	_, notes := runFiltersCmdForTest(t, append([]string{"--format", "dsl"}, filtersFlags...)...)
	for _, n := range notes {
		ok := strings.Contains(n, "comes after rule") // a consequence of first-match-wins, not a loss
		for _, c := range changed {
			ok = ok || strings.Contains(n, strconv.Quote(c))
		}
		if !ok {
			t.Errorf("a note the test does not account for: %s", n)
		}
	}
	for _, c := range changed {
		if !strings.Contains(strings.Join(notes, "\n"), strconv.Quote(c)) {
			t.Errorf("rule %q tests what a search cannot, but stderr does not say so: %q", c, notes)
		}
	}

	withChannels := func(q any, negate bool) any {
		b := map[string]any{"filter": []any{sessionChannelFilter}}
		if negate {
			b["must_not"] = []any{q}
		} else {
			b["filter"] = []any{sessionChannelFilter, q}
		}
		return map[string]any{"bool": b}
	}
	outputs := map[string]func() any{
		"dsl": func() any {
			out, _ := runFiltersCmdForTest(t, append([]string{"--format", "dsl"}, filtersFlags...)...)
			return withChannels(json.RawMessage(out), true)
		},
		"lucene": func() any {
			out, _ := runFiltersCmdForTest(t, append([]string{"--format", "lucene"}, filtersFlags...)...)
			qs := map[string]any{"query_string": map[string]any{"query": strings.TrimSpace(string(out)), "analyze_wildcard": true}}
			return withChannels(qs, false)
		},
		"kql": func() any {
			out, _ := runFiltersCmdForTest(t, append([]string{"--format", "kql"}, filtersFlags...)...)
			q, err := kqlToDSL(strings.TrimSpace(string(out)))
			if err != nil {
				t.Fatalf("kql: %v", err)
			}
			return withChannels(q, false)
		},
		"osd": func() any {
			out, _ := runFiltersCmdForTest(t, append([]string{"--format", "osd"}, filtersFlags...)...)
			filter, mustNot := osdPills(t, out, notes)
			return map[string]any{"bool": map[string]any{"filter": append([]any{sessionChannelFilter}, filter...), "must_not": mustNot}}
		},
	}
	for _, format := range []string{"dsl", "lucene", "kql", "osd"} {
		t.Run(format, func(t *testing.T) {
			if got := countVisible(t, url, pattern, outputs[format]()); got != want {
				t.Errorf("%s: %d session documents visible, want %d (actionable %d + non-JWT %d)",
					format, got, want, reportInt(t, rep, "totals", "actionable"), nonJWT)
			}
		})
	}
	// A dashboard of every channel: the filter hides the benign events and nothing of
	// the other channels (the json channel's "Invalid JWT: …" lines stay).
	t.Run("dsl-every-channel", func(t *testing.T) {
		all := countVisible(t, url, pattern, map[string]any{"match_all": map[string]any{}})
		out, _ := runFiltersCmdForTest(t, append([]string{"--format", "dsl"}, filtersFlags...)...)
		got := countVisible(t, url, pattern, map[string]any{"bool": map[string]any{"must_not": []any{json.RawMessage(out)}}})
		if benign := reportInt(t, rep, "totals", "benign"); got != all-benign || all == everything {
			t.Errorf("%d of %d documents visible, want %d (all but the %d benign); %d are of other channels", got, all, all-benign, benign, all-everything)
		}
	})
}

// osdPills checks the shape of the saved-query ndjson and returns its pills as
// Dashboards applies them: enabled pills' queries, negated ones under must_not.
func osdPills(t *testing.T, ndjson []byte, notes []string) (filter, mustNot []any) {
	t.Helper()
	lines := strings.Split(strings.TrimRight(string(ndjson), "\n"), "\n")
	if len(lines) != 1 {
		t.Fatalf("osd: %d ndjson lines, want one saved object", len(lines))
	}
	var obj struct {
		Type       *string           `json:"type"`
		ID         *string           `json:"id"`
		References []json.RawMessage `json:"references"`
		Attributes *struct {
			Title       string                           `json:"title"`
			Description string                           `json:"description"`
			Query       struct{ Query, Language string } `json:"query"`
			Filters     []map[string]json.RawMessage     `json:"filters"`
		} `json:"attributes"`
	}
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("osd: not a JSON object: %v", err)
	}
	switch {
	case obj.Type == nil || *obj.Type != "query":
		t.Fatalf("osd: type %v, want query (a saved query)", obj.Type)
	case obj.ID == nil || *obj.ID == "":
		t.Fatalf("osd: no id")
	case obj.References == nil:
		t.Fatalf("osd: no references array (the import API wants one, even empty)")
	case obj.Attributes == nil || obj.Attributes.Title == "" || obj.Attributes.Filters == nil:
		t.Fatalf("osd: attributes without title or filters")
	case obj.Attributes.Query.Language != "kuery" && obj.Attributes.Query.Language != "lucene":
		t.Fatalf("osd: query language %q", obj.Attributes.Query.Language)
	}
	for _, n := range notes {
		n = strings.TrimPrefix(n, "jwtriage filters: not expressed: ")
		if !strings.Contains(obj.Attributes.Description, n) {
			t.Errorf("osd: the description lacks the note %q", n)
		}
	}
	for i, p := range obj.Attributes.Filters {
		var meta struct {
			Negate   *bool  `json:"negate"`
			Disabled bool   `json:"disabled"`
			Alias    string `json:"alias"`
		}
		if err := json.Unmarshal(p["meta"], &meta); err != nil || meta.Negate == nil {
			t.Fatalf("osd: pill %d has no meta.negate: %s", i, p["meta"])
		}
		if !*meta.Negate || meta.Alias == "" {
			t.Errorf("osd: pill %d: negate %v, alias %q; want a negated, named pill", i, *meta.Negate, meta.Alias)
		}
		if meta.Disabled {
			continue
		}
		// Dashboards' translation: the pill's query, or the pill itself without meta.
		var q any = p["query"]
		if p["query"] == nil {
			rest := map[string]json.RawMessage{}
			for k, v := range p {
				if k != "meta" && k != "$state" {
					rest[k] = v
				}
			}
			q = rest
		}
		if *meta.Negate {
			mustNot = append(mustNot, q)
		} else {
			filter = append(filter, q)
		}
	}
	if len(mustNot) == 0 {
		t.Fatalf("osd: no pill hides anything")
	}
	return filter, mustNot
}

// kqlToDSL translates the KQL that `filters --format kql` prints into the Query DSL
// Dashboards sends for it: field:"value" a match_phrase, field:* an exists, and/or/not
// bool queries. Anything else is an error, so a form it does not know fails the test.
func kqlToDSL(s string) (any, error) {
	p := &kqlParser{in: s}
	q, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.skipSpace(); p.pos != len(p.in) {
		return nil, fmt.Errorf("unexpected %q at %d", p.rest(), p.pos)
	}
	return q, nil
}

type kqlParser struct {
	in  string
	pos int
}

func (p *kqlParser) rest() string { return fmt.Sprintf("%.30s", p.in[p.pos:]) }

func (p *kqlParser) skipSpace() {
	for p.pos < len(p.in) && p.in[p.pos] == ' ' {
		p.pos++
	}
}

// keyword consumes a lower-case operator followed by a space or a parenthesis.
func (p *kqlParser) keyword(w string) bool {
	p.skipSpace()
	end := p.pos + len(w)
	if end < len(p.in) && p.in[p.pos:end] == w && (p.in[end] == ' ' || p.in[end] == '(') {
		p.pos = end
		return true
	}
	return false
}

func (p *kqlParser) or() (any, error) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	alts := []any{first}
	for p.keyword("or") {
		next, err := p.and()
		if err != nil {
			return nil, err
		}
		alts = append(alts, next)
	}
	if len(alts) == 1 {
		return first, nil
	}
	return map[string]any{"bool": map[string]any{"should": alts, "minimum_should_match": 1}}, nil
}

func (p *kqlParser) and() (any, error) {
	first, err := p.not()
	if err != nil {
		return nil, err
	}
	all := []any{first}
	for p.keyword("and") {
		next, err := p.not()
		if err != nil {
			return nil, err
		}
		all = append(all, next)
	}
	if len(all) == 1 {
		return first, nil
	}
	return map[string]any{"bool": map[string]any{"filter": all}}, nil
}

func (p *kqlParser) not() (any, error) {
	if p.keyword("not") {
		q, err := p.not()
		if err != nil {
			return nil, err
		}
		return map[string]any{"bool": map[string]any{"must_not": []any{q}}}, nil
	}
	return p.primary()
}

func (p *kqlParser) primary() (any, error) {
	p.skipSpace()
	if p.pos < len(p.in) && p.in[p.pos] == '(' {
		p.pos++
		q, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.skipSpace(); p.pos >= len(p.in) || p.in[p.pos] != ')' {
			return nil, fmt.Errorf("missing ) at %q", p.rest())
		}
		p.pos++
		return q, nil
	}
	start := p.pos
	for p.pos < len(p.in) && (unicode.IsLetter(rune(p.in[p.pos])) || unicode.IsDigit(rune(p.in[p.pos])) || strings.ContainsRune("._@-", rune(p.in[p.pos]))) {
		p.pos++
	}
	field := p.in[start:p.pos]
	if field == "" || p.pos >= len(p.in) || p.in[p.pos] != ':' {
		return nil, fmt.Errorf("want field:value at %q", p.in[start:min(start+30, len(p.in))])
	}
	p.pos++
	if p.pos < len(p.in) && p.in[p.pos] == '*' {
		p.pos++
		return map[string]any{"exists": map[string]any{"field": field}}, nil
	}
	if p.pos >= len(p.in) || p.in[p.pos] != '"' {
		return nil, fmt.Errorf("want a quoted value at %q", p.rest())
	}
	p.pos++
	var value strings.Builder
	for {
		if p.pos >= len(p.in) {
			return nil, fmt.Errorf("unterminated value of %s", field)
		}
		c := p.in[p.pos]
		p.pos++
		if c == '"' {
			break
		}
		if c == '\\' {
			if p.pos >= len(p.in) {
				return nil, fmt.Errorf("dangling escape in the value of %s", field)
			}
			c = p.in[p.pos]
			p.pos++
		}
		value.WriteByte(c)
	}
	return map[string]any{"match_phrase": map[string]any{field: value.String()}}, nil
}
