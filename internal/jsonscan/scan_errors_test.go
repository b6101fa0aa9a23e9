package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// TestNotObjectTexts checks the text of every class of refused line, from the errors
// encoding/json really gives for them.
func TestNotObjectTexts(t *testing.T) {
	for _, c := range []struct{ line, want string }{
		{`{"a":1,}`, "invalid JSON: invalid character '}' looking for beginning of object key string"},
		{"\x1f{}", `invalid JSON: invalid character '\x1f' looking for beginning of value`},
		{`{"a":`, "invalid JSON: the line ends inside a value"},
		{``, "invalid JSON: empty line"},
		{`[1,2]`, "not a JSON object: an array"},
		{`"x"`, "not a JSON object: a string"},
		{`5`, "not a JSON object: a number"},
		{`-1.5e3`, "not a JSON object: a number"},
		{`true`, "not a JSON object: a boolean"},
	} {
		dec := json.NewDecoder(bytes.NewReader([]byte(c.line)))
		dec.UseNumber()
		var doc map[string]any
		decodeErr := dec.Decode(&doc)
		if decodeErr == nil {
			t.Fatalf("%q decoded", c.line)
		}
		err := NotObject(decodeErr)
		if err.Error() != c.want {
			t.Errorf("%q: %q, want %q", c.line, err.Error(), c.want)
		}
		if !errors.Is(err, ErrNotObject) || !errors.Is(err, decodeErr) {
			t.Errorf("%q: %v does not wrap ErrNotObject and the decoder's error", c.line, err)
		}
	}
}
