package normalize

import (
	"encoding/json"
	"testing"
)

// TestDetectLayout decides the layout from each document's own keys.
func TestDetectLayout(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want layout
	}{
		{"flat", flatLine, layoutFlat},
		{"ECS nested labels", ecsLine, layoutECS},
		{"ECS dotted labels", ecsDottedLine, layoutECS},
		{"flat with ecs.version added by Logstash", `{"ecs.version":"8.0","message":"x","subject":"anon"}`, layoutFlat},
		{"flat with ecs object added by Logstash", `{"ecs":{"version":"8.0"},"message":"x"}`, layoutFlat},
		{"monolog", monologLine, layoutMonolog},
		{"monolog without level_name, with extra", `{"context":{},"extra":{},"channel":"session"}`, layoutMonolog},
		{"monolog with only datetime", `{"context":{"a":1},"datetime":"2025-10-13T09:12:44+00:00"}`, layoutMonolog},
		{"monolog with empty arrays", `{"context":[],"extra":[],"channel":"session"}`, layoutMonolog},
		{"a context key named context is not monolog", `{"channel":"session","context":{"a":1}}`, layoutFlat},
		{"a non-empty array is no context", `{"channel":"session","context":[1],"level_name":"INFO"}`, layoutFlat},
		{"labels as a string is not ECS", `{"channel":"session","labels":"x"}`, layoutFlat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal([]byte(tt.doc), &doc); err != nil {
				t.Fatal(err)
			}
			if got := detectLayout(doc).layout; got != tt.want {
				t.Errorf("layout = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal([]byte(`{"a":{"b":{"c":1}},"a.b":{"d":2},"x.y":3,"p":{"q.r":4}}`), &doc); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want any
	}{
		{"a.b.c", float64(1)},
		{"a.b.d", float64(2)},
		{"x.y", float64(3)},
		{"p.q.r", float64(4)},
		{"a.z", nil},
		{"", nil},
		{"a.b.c.d", nil},
	}
	for _, tt := range tests {
		if got := lookup(doc, tt.path); got != tt.want {
			t.Errorf("lookup(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
