package jsonscan_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wikimedia/jwtriage/internal/jsonscan"
)

// Reading one member of a line off the tape: the top-level object's members follow it
// as key, value pairs, and Next skips a value whole.
func ExampleTape() {
	line := []byte(`{"trace":["#0 …","#1 …"],"message":"caf\u00e9"}`)
	var t jsonscan.Tape
	if !t.Parse(line) {
		return // the caller would run encoding/json on it
	}
	top := t.Nodes[0]
	for k := uint32(1); k < top.Next; k = t.Nodes[k+1].Next {
		key, val := &t.Nodes[k], &t.Nodes[k+1]
		if string(t.Raw[key.Start:key.End]) != "message" || val.Kind != jsonscan.String {
			continue
		}
		raw := t.Raw[val.Start:val.End]
		if t.Flags(val)&jsonscan.Escaped != 0 {
			raw = jsonscan.AppendString(nil, raw)
		}
		fmt.Println(string(raw))
	}
	// Output: café
}

// A refused line explained: the error wraps ErrNotObject and the decoder's own.
func ExampleNotObject() {
	var doc map[string]any
	err := json.NewDecoder(bytes.NewReader([]byte(`[1,2]`))).Decode(&doc)
	err = jsonscan.NotObject(err)
	fmt.Println(err, errors.Is(err, jsonscan.ErrNotObject))
	// Output: not a JSON object: an array true
}
