package normalize

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/wikimedia/jwtriage/internal/jsonscan"
)

// FuzzFastEquivalence: for any line, the fast decoder gives exactly the reference
// path's events and error text, and its scanner accepts a JSON object exactly when
// encoding/json does (apart from what it leaves to the reference on purpose).
// Seeds: testdata/fuzz/FuzzFastEquivalence/, fastCases and productionCases.
func FuzzFastEquivalence(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c.line))
	}
	for _, c := range productionCases {
		f.Add([]byte(c.line))
	}
	n := newTestNormalizer(f)
	d := n.NewFastDecoder()
	f.Fuzz(func(t *testing.T, raw []byte) {
		compareFast(t, n, d, raw)
		var tape jsonscan.Tape
		accepted := tape.Parse(raw)
		var doc map[string]any
		valid := json.Unmarshal(raw, &doc) == nil && doc != nil
		if accepted && !valid && !isNumberRangeError(raw) {
			t.Fatalf("scanner accepted %q, which encoding/json refuses", raw)
		}
		if !accepted && valid && !leftToReference(raw) {
			t.Fatalf("scanner refused the JSON object %q", raw)
		}
	})
}

// isNumberRangeError: valid JSON that json.Unmarshal refuses only because a number
// exceeds float64 (the reference decoder keeps it as a json.Number).
func isNumberRangeError(raw []byte) bool {
	var doc map[string]any
	dec := json.NewDecoder(bytesReader(raw))
	dec.UseNumber()
	return dec.Decode(&doc) == nil
}

// leftToReference: an object the fast path hands to the reference decoder on purpose:
// an escaped key, or nesting deeper than jsonscan.MaxDepth.
func leftToReference(raw []byte) bool {
	depth, maxDepth := 0, 0
	inString, escaped, escapedKey := false, false, false
	stringStart := 0
	for i, c := range raw {
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case inString && c == '"':
			inString = false
			// a key is followed by a colon
			j := i + 1
			for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
				j++
			}
			if j < len(raw) && raw[j] == ':' && containsByte(raw[stringStart:i], '\\') {
				escapedKey = true
			}
		case inString:
		case c == '"':
			inString, stringStart = true, i+1
		case c == '{' || c == '[':
			depth++
			maxDepth = max(maxDepth, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return escapedKey || maxDepth > jsonscan.MaxDepth
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
