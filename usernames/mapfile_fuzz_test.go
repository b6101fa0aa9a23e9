package usernames

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"maps"
	"strconv"
	"testing"
)

// FuzzParseMap: any input either fails with a *MapError or gives a map whose ids
// are positive and whose names are usable, and that map survives being written
// back as CSV and as JSON. Seeds: testdata/fuzz/FuzzParseMap.
func FuzzParseMap(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ParseMap("fuzz", data)
		if err != nil {
			if _, ok := err.(*MapError); !ok {
				t.Fatalf("error %v is %T, want *MapError", err, err)
			}
			return
		}
		for id, name := range m {
			if id <= 0 {
				t.Fatalf("id %d is not positive", id)
			}
			if msg := checkName(name); msg != "" {
				t.Fatalf("id %d: %s", id, msg)
			}
		}
		for _, form := range []struct {
			name string
			data []byte
		}{{"csv", mapAsCSV(t, m)}, {"json", mapAsJSON(t, m)}} {
			back, err := ParseMap("round-trip", form.data)
			if err != nil {
				t.Fatalf("%s round trip of %v: %v\n%s", form.name, m, err, form.data)
			}
			if !maps.Equal(back, m) {
				t.Fatalf("%s round trip: got %v, want %v", form.name, back, m)
			}
		}
	})
}

func mapAsCSV(t *testing.T, m Map) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write([]string{"id", "name"}); err != nil {
		t.Fatal(err)
	}
	for id, name := range m {
		if err := w.Write([]string{strconv.FormatInt(id, 10), name}); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return buf.Bytes()
}

func mapAsJSON(t *testing.T, m Map) []byte {
	obj := make(map[string]string, len(m))
	for id, name := range m {
		obj[strconv.FormatInt(id, 10)] = name
	}
	data, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
