package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runFiltersForTest(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(append([]string{"filters"}, args...), Streams{Out: &out, Err: &errOut, Getenv: func(string) string { return "" }})
	return out.String(), errOut.String(), code
}

// TestFiltersDSLIsABoolQuery: the dsl output drops into must_not as it is.
func TestFiltersDSLIsABoolQuery(t *testing.T) {
	for _, layout := range []string{"wikimedia", "ecs"} {
		out, stderr, code := runFiltersForTest(t, "--format", "dsl", "--layout", layout, "--rules", "../testdata/rules/example.json")
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", layout, code, stderr)
		}
		var q map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &q); err != nil {
			t.Fatalf("%s: not JSON: %v", layout, err)
		}
		if len(q) != 1 || q["bool"] == nil {
			t.Errorf("%s: top-level keys %v, want a bool query", layout, keysOf(q))
		}
		body, _ := json.Marshal(map[string]any{"query": map[string]any{"bool": map[string]any{"must_not": []json.RawMessage{json.RawMessage(out)}}}})
		if !json.Valid(body) {
			t.Errorf("%s: the search body built from it is not JSON", layout)
		}
		wantField := map[string]string{"wikimedia": "normalized_message.keyword", "ecs": "labels.normalized_message"}[layout]
		if !strings.Contains(out, `"`+wantField+`"`) {
			t.Errorf("%s: no %s in the query", layout, wantField)
		}
	}
}

func keysOf(m map[string]json.RawMessage) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// TestFiltersNotesGoToStderr: what the query leaves out is said on stderr, and stdout
// stays one pasteable line.
func TestFiltersNotesGoToStderr(t *testing.T) {
	for _, format := range []string{"lucene", "kql", "osd"} {
		out, stderr, code := runFiltersForTest(t, "--format", format, "--rules", "../testdata/rules/dashboard-limits.json")
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		if strings.Count(out, "\n") != 1 {
			t.Errorf("%s: stdout has %d lines, want 1", format, strings.Count(out, "\n"))
		}
		if !strings.Contains(stderr, `"bots-malformed" (benign) tests bot=true`) ||
			!strings.Contains(stderr, `"curl-soft-expired" (actionable) also tests ua_family curl|Wget`) {
			t.Errorf("%s: stderr does not name the rules left out:\n%s", format, stderr)
		}
		if strings.Contains(out, "not expressed") && format != "osd" {
			t.Errorf("%s: notes leaked into the query", format)
		}
	}
	out, _, _ := runFiltersForTest(t, "--format", "osd", "--rules", "../testdata/rules/dashboard-limits.json")
	var obj struct {
		Attributes struct{ Description string } `json:"attributes"`
	}
	if err := json.Unmarshal([]byte(out), &obj); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(obj.Attributes.Description, `"bots-malformed" (benign) tests bot=true`) {
		t.Errorf("the saved query's description does not carry the notes: %q", obj.Attributes.Description)
	}
}

func TestFiltersDefaultsHaveNoNotes(t *testing.T) {
	out, stderr, code := runFiltersForTest(t, "--format", "kql")
	if code != ExitOK || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, phrase := range []string{`"Soft-expired JWT cookie"`, `"JWT validation failed: JWT error: wrong user ID"`, `expected_subject:"anon"`, `subject:"anon"`} {
		if !strings.Contains(out, phrase) {
			t.Errorf("the default filter lacks %s", phrase)
		}
	}
	if !strings.HasPrefix(out, "not (") {
		t.Errorf("KQL does not start with not (: %q", out)
	}
}

func TestFiltersHelp(t *testing.T) {
	out, _, code := runFiltersForTest(t, "--help")
	if code != ExitOK || !strings.Contains(out, "--format") || !strings.Contains(out, "--layout") {
		t.Errorf("exit %d, help %q", code, out)
	}
}

// TestFiltersShowNamesEscaped: a rule's name and reason reach the JSON formats with
// their invisible and control characters as \u escapes, so the JSON decodes to the same
// names but printing it cannot turn a line around or drive a terminal.
func TestFiltersShowNamesEscaped(t *testing.T) {
	rules := filepath.Join(t.TempDir(), "rules.json")
	const data = `{"rules":[{"name":"a\u202eb\u200bc\u001b[2J","kind":"malformed","verdict":"benign","why":"w\u2066x"}]}`
	if err := os.WriteFile(rules, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"dsl", "osd"} {
		out, stderr, code := runFiltersForTest(t, "--format", format, "--rules", rules)
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", format, code, stderr)
		}
		if strings.ContainsAny(out, "\u202e\u200b\u2066\x1b") {
			t.Errorf("%s: raw invisible or control characters in %.300q", format, out)
		}
		if !strings.Contains(out, `a\u202eb\u200bc\u001b[2J`) {
			t.Errorf("%s: the rule's name is not in the output, escaped: %.300q", format, out)
		}
		if !json.Valid([]byte(out)) {
			t.Errorf("%s: not JSON", format)
		}
	}
}
