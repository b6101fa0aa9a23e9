package lines

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/mwlog"
)

// tokenFields are the context keys a log line carries its JWT in, as normalize reads
// them: their string values are masked whole, wherever they appear.
var tokenFields = mwlog.TokenKeys[:]

// cookiePattern finds a sessionJwt cookie written out in text ("sessionJwt=…"), masked
// whatever its value looks like; a JWT anywhere else is found by display.MaskJWTs.
var cookiePattern = regexp.MustCompile(`sessionJwt=[^;\s"',&]+`)

// maskString masks the tokens in a string value; key is the member's name ("" in a
// list).
func maskString(key, s string) string {
	if s != "" && slices.Contains(tokenFields, key) {
		return display.MaskToken(s)
	}
	s = display.MaskJWTs(s)
	return cookiePattern.ReplaceAllStringFunc(s, func(m string) string {
		v := strings.TrimPrefix(m, "sessionJwt=")
		if strings.HasPrefix(v, "[JWT") { // masked already
			return m
		}
		return "sessionJwt=" + display.MaskToken(v)
	})
}

// errNotObject: a record that is not one JSON object.
var errNotObject = errors.New("not a JSON object")

// Mask returns the JSON object raw, compact and in its own member order, with every
// token masked ([display.MaskToken]): the values of the token fields, and any JWT or
// sessionJwt cookie inside another string. Strings are re-encoded, so control characters come out
// escaped, and so do the characters that hide or reorder text (display.EscapeJSON).
func Mask(raw []byte) ([]byte, error) { return MaskRedact(raw, nil) }

// MaskRedact is [Mask] that also passes every string of the record, member names
// included, through redact (nil: none), so that --redact-ips hides a client address
// wherever the record holds one: an ip field, a message, a user agent.
func MaskRedact(raw []byte, redact func(string) string) ([]byte, error) {
	if redact == nil {
		redact = func(s string) string { return s }
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var out bytes.Buffer
	type frame struct {
		object bool
		n      int    // members or items written; in an object, keys and values both count
		key    string // the current member's name
	}
	var stack []frame
	// <, > and & stay as they are: this is no HTML. (Replacing the escapes after
	// json.Marshal also rewrote a string's own text "\u003c", leaving invalid JSON.)
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	writeString := func(s string) {
		_ = enc.Encode(s)           // a string always encodes, into a buffer
		out.Truncate(out.Len() - 1) // Encode ends the value with a newline
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(stack) == 0 && out.Len() > 0 {
			return nil, fmt.Errorf("%w: more after the object", errNotObject)
		}
		if len(stack) == 0 && tok != json.Delim('{') {
			return nil, errNotObject
		}
		key := ""
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
				stack = stack[:len(stack)-1]
				out.WriteByte(byte(d))
				continue
			}
			if top.object && top.n%2 == 0 { // a member's name
				if top.n > 0 {
					out.WriteByte(',')
				}
				top.key, _ = tok.(string)
				writeString(redact(top.key))
				out.WriteByte(':')
				top.n++
				continue
			}
			if !top.object && top.n > 0 {
				out.WriteByte(',')
			}
			top.n++
			if top.object {
				key = top.key
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			out.WriteByte(byte(t))
			stack = append(stack, frame{object: t == '{'})
		case string:
			writeString(redact(maskString(key, t)))
		case json.Number:
			out.WriteString(t.String())
		case bool:
			fmt.Fprint(&out, t)
		case nil:
			out.WriteString("null")
		}
	}
	if out.Len() == 0 || len(stack) > 0 {
		return nil, errNotObject
	}
	return display.EscapeJSON(out.Bytes()), nil
}
