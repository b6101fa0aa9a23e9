package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// The cluster tests' own machinery must be able to fail: the report differ finds every
// kind of difference, and the KQL translation reads exactly the forms `filters` prints.

func TestReportJSONDiff(t *testing.T) {
	base := `{"totals":{"jwt_events":3},"kinds":[{"kind":"expired","count":3,"wikis":[{"value":"enwiki","count":3}]}]}`
	tests := []struct {
		name, got string
		want      []string // substrings of the differences, in order
	}{
		{"equal", base, nil},
		{"number", strings.Replace(base, `"jwt_events":3`, `"jwt_events":4`, 1), []string{"report.totals.jwt_events: got 4, want 3"}},
		{"nested value", strings.Replace(base, `"enwiki"`, `"dewiki"`, 1), []string{"report.kinds[0].wikis[0].value: got dewiki, want enwiki"}},
		{"extra field", strings.Replace(base, `"count":3,`, `"count":3,"approximate":true,`, 1), []string{"report.kinds[0].approximate: unexpected"}},
		{"missing field", strings.Replace(base, `"totals":{"jwt_events":3},`, ``, 1), []string{"report.totals: missing"}},
		{"shorter list", `{"totals":{"jwt_events":3},"kinds":[]}`, []string{"report.kinds: 0 items, want 1"}},
		{"type", strings.Replace(base, `"totals":{"jwt_events":3}`, `"totals":[3]`, 1), []string{"report.totals: want an object"}},
	}
	var want any
	if err := json.Unmarshal([]byte(base), &want); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		var got any
		if err := json.Unmarshal([]byte(tt.got), &got); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var diffs []string
		reportJSONDiff("report", want, got, &diffs, 10)
		if len(diffs) != len(tt.want) {
			t.Errorf("%s: differences %q, want %d", tt.name, diffs, len(tt.want))
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(diffs[i], w) {
				t.Errorf("%s: difference %q, want it to say %q", tt.name, diffs[i], w)
			}
		}
	}
}

func TestKQLToDSL(t *testing.T) {
	tests := []struct {
		kql, dsl string // dsl "" for an error
	}{
		{`a.keyword:"x"`, `{"match_phrase":{"a.keyword":"x"}}`},
		{`a:*`, `{"exists":{"field":"a"}}`},
		{`not (a:"x" or b:"y \"q\" \\ z") and c:*`,
			`{"bool":{"filter":[{"bool":{"must_not":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"a":"x"}},{"match_phrase":{"b":"y \"q\" \\ z"}}]}}]}},{"exists":{"field":"c"}}]}}`},
		{`a:"x" or b:"y" and c:"z"`, // and binds tighter than or
			`{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"a":"x"}},{"bool":{"filter":[{"match_phrase":{"b":"y"}},{"match_phrase":{"c":"z"}}]}}]}}`},
		{`labels.session_provider_type:"CentralAuthSessionProvider"`, `{"match_phrase":{"labels.session_provider_type":"CentralAuthSessionProvider"}}`},
		{`a:x`, ""},            // unquoted values are not what filters prints
		{`a:"x`, ""},           // unterminated
		{`(a:"x"`, ""},         // unbalanced
		{`a:"x" OR b:"y"`, ""}, // upper-case operators are Lucene's
		{`a:"x" b:"y"`, ""},    // no operator
		{``, ""},
	}
	for _, tt := range tests {
		q, err := kqlToDSL(tt.kql)
		if tt.dsl == "" {
			if err == nil {
				t.Errorf("%q: translated to %v, want an error", tt.kql, q)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.kql, err)
			continue
		}
		got, _ := json.Marshal(q)
		if string(got) != tt.dsl {
			t.Errorf("%q:\n got %s\nwant %s", tt.kql, got, tt.dsl)
		}
	}
}
