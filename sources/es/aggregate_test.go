package es

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// TestBucketRecords checks how a bucket becomes records: the flat document from its
// keys (nulls left out, dotted names nested), split at its first and last time so that
// first and last seen survive, with the counts adding up to doc_count.
func TestBucketRecords(t *testing.T) {
	fields := []groupField{
		{name: "channel", key: "k0"}, {name: "message", key: "k1"},
		{name: "subject", key: "k2"}, {name: "labels.wiki", key: "k3"}, {name: "central_id", key: "k4"},
	}
	tests := []struct {
		name   string
		bucket string
		want   []wantRecord
	}{
		{
			name:   "split at first and last",
			bucket: `{"key":{"k0":"session","k1":"JWT validation failed: JWT error: wrong subject","k2":null,"k3":"enwiki","k4":12345,"t":1760346000000},"doc_count":5,"first":{"value":1.760346764123E12,"value_as_string":"2025-10-13T09:12:44.123Z"},"last":{"value":1.760349000000E12,"value_as_string":"2025-10-13T09:50:00.000Z"}}`,
			want: []wantRecord{
				{4, `{"@timestamp":"2025-10-13T09:12:44.123Z","central_id":12345,"channel":"session","labels":{"wiki":"enwiki"},"message":"JWT validation failed: JWT error: wrong subject"}`},
				{1, `{"@timestamp":"2025-10-13T09:50:00.000Z","central_id":12345,"channel":"session","labels":{"wiki":"enwiki"},"message":"JWT validation failed: JWT error: wrong subject"}`},
			},
		},
		{
			name:   "one time",
			bucket: `{"key":{"k0":"session-sampled","k1":"Soft-expired JWT cookie","k2":"mw:CentralAuth::7","k3":null,"k4":null,"t":1760346000000},"doc_count":3,"first":{"value":1760346764123,"value_as_string":"2025-10-13T09:12:44.123Z"},"last":{"value":1760346764123,"value_as_string":"2025-10-13T09:12:44.123Z"}}`,
			want: []wantRecord{
				{3, `{"@timestamp":"2025-10-13T09:12:44.123Z","channel":"session-sampled","message":"Soft-expired JWT cookie","subject":"mw:CentralAuth::7"}`},
			},
		},
		{
			name:   "no time",
			bucket: `{"key":{"k0":"session","k1":null,"k2":null,"k3":null,"k4":null,"t":null},"doc_count":2,"first":{"value":null},"last":{"value":null}}`,
			want:   []wantRecord{{2, `{"channel":"session"}`}},
		},
		{
			name:   "time without string form",
			bucket: `{"key":{"k0":"session","k1":null,"k2":null,"k3":null,"k4":null,"t":1760346000000},"doc_count":1,"first":{"value":1760346764123},"last":{"value":1760346764123}}`,
			want:   []wantRecord{{1, `{"@timestamp":"2025-10-13T09:12:44.123Z","channel":"session"}`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := newFakeSource(t, Config{URLs: []string{"http://127.0.0.1:1"}})
			src.incomplete = map[string]bool{}
			var b bucket
			if err := json.Unmarshal([]byte(tt.bucket), &b); err != nil {
				t.Fatal(err)
			}
			var sink collectSink
			if err := src.emitBucket(&sink, b, fields); err != nil {
				t.Fatal(err)
			}
			var got []wantRecord
			for _, r := range sink.records {
				if r.Raw != nil || r.Input == nil {
					t.Errorf("record %+v: want Doc and Input", r)
				}
				doc, _ := json.Marshal(r.Doc)
				got = append(got, wantRecord{r.Count, string(doc)})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

type wantRecord struct {
	count int64
	doc   string
}

// TestSplitRecordsDoNotShareNestedMaps: the two records of a split bucket are
// independent documents (a sink may keep and change them).
func TestSplitRecordsDoNotShareNestedMaps(t *testing.T) {
	doc := map[string]any{}
	setPath(doc, "labels.wiki", "enwiki")
	early := map[string]any{"labels": doc["labels"]}
	setPath(early, "labels.channel", "session")
	if _, shared := doc["labels"].(map[string]any)["channel"]; shared {
		t.Error("setting a nested field in one document changed the other")
	}
}

// TestUnaggregatableField: the cluster's refusal to aggregate a text field names the
// field; only a grouped field is taken from it, and it is then read whole.
func TestUnaggregatableField(t *testing.T) {
	reason := "illegal_argument_exception: Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [message] in order to load field data by uninverting the inverted index. Note that this can use significant memory."
	plan := groupPlan{fields: []groupField{{name: "channel", path: "channel.keyword", key: "k0"}, {name: "message", path: "message", key: "k1"}}}
	tests := []struct {
		err  error
		want string
	}{
		{&rejectedError{status: 400, reason: reason}, "message"},
		{&rejectedError{status: 400, reason: strings.Replace(reason, "[message]", "[ua]", 1)}, ""},
		{&rejectedError{status: 400, reason: "query_shard_exception: Failed to parse query"}, ""},
		{&rejectedError{status: 400, reason: "query_shard_exception: failed to create query",
			body: `{"error":{"root_cause":[{"type":"query_shard_exception"},{"type":"illegal_argument_exception","reason":"` + reason + `"}]}}`}, "message"},
		{ErrUnreachable, ""},
	}
	for _, tt := range tests {
		f, ok := plan.unaggregatable(tt.err)
		if got := map[bool]string{true: f.name, false: ""}[ok]; got != tt.want {
			t.Errorf("unaggregatable(%.60v) = %q, want %q", tt.err, got, tt.want)
		}
	}
	f, _ := plan.unaggregatable(tests[0].err)
	plan.readWhole(f)
	if len(plan.fields) != 1 || plan.fields[0].name != "channel" || plan.wholeQuery() == nil {
		t.Errorf("after readWhole: fields %v, whole %v", plan.fields, plan.whole)
	}
	withTemplate := groupPlan{fields: []groupField{{name: "message", path: "message", key: "k0"},
		{name: "normalized_message", path: "normalized_message.keyword", key: "k1"}}}
	withTemplate.readWhole(withTemplate.fields[0])
	should, _ := withTemplate.wholeQuery()["bool"].(jsonObject)["should"].([]any)
	if len(withTemplate.fields) != 1 || withTemplate.fields[0].alsoAs != "message" || withTemplate.template() == nil || len(should) != 3 {
		t.Errorf("message with a template: fields %+v, whole %v; want the template standing for it", withTemplate.fields, should)
	}
	if !strings.Contains(tests[0].err.Error(), "…") || strings.Contains(tests[0].err.Error(), "\n") {
		t.Errorf("the error line %q is not shortened", tests[0].err)
	}
}

func TestGroupedPlaceholders(t *testing.T) {
	flat := groupPlan{fields: []groupField{{name: "error"}, {name: "c_host"}, {name: "host"}, {name: "x-is-browser"}, {name: "labels.subject"}}}
	if got, want := flat.groupedPlaceholders(), `([^\{]|\{(error|host|x-is-browser)\})*`; got != want {
		t.Errorf("flat: groupedPlaceholders = %s, want %s", got, want)
	}
	ecs := groupPlan{templateKey: "k0", fields: []groupField{{name: "labels.normalized_message", key: "k0"}, {name: "labels.error", key: "k1"}, {name: "client.ip", key: "k2"}}}
	if got, want := ecs.groupedPlaceholders(), `([^\{]|\{(normalized_message|error)\})*`; got != want {
		t.Errorf("ECS: groupedPlaceholders = %s, want %s", got, want)
	}
	if got := luceneRegexpQuote(`a.b{c}"d\`); got != `a\.b\{c\}\"d\\` {
		t.Errorf("luceneRegexpQuote = %s", got)
	}
	if got := (&groupPlan{}).groupedPlaceholders(); got != `[^\{]*` {
		t.Errorf("no grouped keys: %s", got)
	}
	if got := (&groupPlan{fields: []groupField{{key: "k3"}}, message: groupField{key: "k7"}}).nextKey(); got != 8 {
		t.Errorf("nextKey = %d, want 8", got)
	}
}
