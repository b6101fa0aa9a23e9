package normalize

import (
	"reflect"
	"testing"
)

// compareDecodeJSON: FastDecoder.DecodeJSON gives the reference path's events and
// error text, the one event of a line decoded into *ev (which held an earlier event:
// it is overwritten whole), any other events appended to dst.
func compareDecodeJSON(t *testing.T, n *Normalizer, d *FastDecoder, raw []byte) {
	t.Helper()
	want, wantErr := n.AppendEventsJSON(nil, raw)
	ev := Event{Channel: "stale", Message: "an earlier line", Fields: map[string]any{"k": 1}, Weight: 7, Count: 3, Unusable: "stale"}
	before := []Event{{Channel: "kept"}}
	found, out, err := d.DecodeJSON(&ev, before, raw)
	if (wantErr == nil) != (err == nil) || wantErr != nil && wantErr.Error() != err.Error() {
		t.Fatalf("line %q:\nDecodeJSON error %v\nreference error  %v", raw, err, wantErr)
	}
	if len(out) == 0 || out[0].Channel != "kept" {
		t.Fatalf("line %q: DecodeJSON lost dst's events: %#v", raw, out)
	}
	got := out[1:]
	if found {
		if len(got) != 0 {
			t.Fatalf("line %q: DecodeJSON found an event and appended %d", raw, len(got))
		}
		got = []Event{ev}
	}
	if len(got) != len(want) {
		t.Fatalf("line %q: DecodeJSON gave %d events, reference %d", raw, len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("line %q:\nDecodeJSON %#v\nreference  %#v", raw, got[i], want[i])
		}
	}
}

// decodeJSONLines are the fast path's and the production cases, and lines the fast
// path leaves to the reference (a whole _search response, invalid JSON, no object) or
// that have no event (a channel not kept).
func decodeJSONLines() []string {
	lines := []string{
		`{"hits":{"hits":[{"_source":` + flatLine + `},{"_source":` + ecsLine + `}]}}`,
		`{"channel":"session"`,
		`[1]`,
		`{"channel":"other","message":"JWT"}`,
	}
	for _, c := range fastCases {
		lines = append(lines, c.line)
	}
	for _, c := range productionCases {
		lines = append(lines, c.line)
	}
	return lines
}

// TestDecodeJSON: DecodeJSON gives the reference's events on decodeJSONLines.
func TestDecodeJSON(t *testing.T) {
	n := newTestNormalizer(t)
	d := n.NewFastDecoder()
	for _, l := range decodeJSONLines() {
		compareDecodeJSON(t, n, d, []byte(l))
	}
}

// FuzzDecodeJSON: for any line, DecodeJSON gives the reference path's events and
// error text. Seeds: decodeJSONLines.
func FuzzDecodeJSON(f *testing.F) {
	for _, l := range decodeJSONLines() {
		f.Add([]byte(l))
	}
	n := newTestNormalizer(f)
	d := n.NewFastDecoder()
	f.Fuzz(func(t *testing.T, raw []byte) {
		compareDecodeJSON(t, n, d, raw)
	})
}
