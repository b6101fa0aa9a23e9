package classify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The rules files are read into a small tree that remembers where every value starts,
// so that every mistake, from a syntax error to an unknown kind, is reported at its
// line and column. encoding/json alone cannot: its unknown-field error has no offset.

// jsonNode is one JSON value and the byte offset where it starts.
type jsonNode struct {
	off     int
	kind    jsonKind
	members []jsonMember // object
	items   []*jsonNode  // array
	str     string       // string
	boolean bool         // true/false
}

type jsonMember struct {
	key    string
	keyOff int
	value  *jsonNode
}

type jsonKind int

const (
	jsonNull jsonKind = iota
	jsonObject
	jsonArray
	jsonString
	jsonNumber
	jsonBool
)

func (k jsonKind) String() string {
	return [...]string{"null", "an object", "an array", "a string", "a number", "a boolean"}[k]
}

// maxJSONDepth bounds nesting: the files have three levels, anything deeper is a mistake.
const maxJSONDepth = 32

// posError is a mistake at a byte offset of a file; posErrorAt turns it into a
// line:column error once the file's bytes are known.
type posError struct {
	off int
	msg string
}

func (e *posError) Error() string { return e.msg }

func errAt(off int, format string, args ...any) error {
	return &posError{off: off, msg: fmt.Sprintf(format, args...)}
}

// FileError is a mistake in a rules file, with the 1-based line and column it was found at.
type FileError struct {
	File string
	Line int
	Col  int
	Msg  string
	kind error // ErrBadRules or ErrBadAgentRules
}

func (e *FileError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// Unwrap lets callers test the error with errors.Is(err, ErrBadRules).
func (e *FileError) Unwrap() error { return e.kind }

// fileError converts err (a posError or a decoding error) into a *FileError.
func fileError(kind error, file string, data []byte, err error) error {
	off := len(data)
	msg := err.Error()
	var pe *posError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &pe):
		off, msg = pe.off, pe.msg
	case errors.As(err, &se):
		off = int(se.Offset)
		if off > 0 {
			off-- // Offset is just after the byte that broke the syntax.
		}
		msg = "invalid JSON: " + se.Error()
	case errors.Is(err, io.ErrUnexpectedEOF):
		msg = "invalid JSON: unexpected end of file"
	}
	line, col := lineCol(data, off)
	return &FileError{File: file, Line: line, Col: col, Msg: msg, kind: kind}
}

// lineCol converts a byte offset into a 1-based line and column (columns count bytes).
func lineCol(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// parseJSONTree reads exactly one JSON value from data into a tree with offsets.
func parseJSONTree(data []byte) (*jsonNode, error) {
	p := &jsonTreeParser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	root, err := p.value(0)
	if err != nil {
		return nil, err
	}
	end := p.skipSpace(int(p.dec.InputOffset()))
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, errAt(end, "invalid JSON: data after the top-level value")
	}
	return root, nil
}

type jsonTreeParser struct {
	data []byte
	dec  *json.Decoder
}

// skipSpace returns the offset of the next byte that is not whitespace, ':' or ','
// (the decoder's InputOffset stops before them).
func (p *jsonTreeParser) skipSpace(off int) int {
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

func (p *jsonTreeParser) next() (json.Token, int, error) {
	off := p.skipSpace(int(p.dec.InputOffset()))
	tok, err := p.dec.Token()
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return tok, off, err
}

func (p *jsonTreeParser) value(depth int) (*jsonNode, error) {
	tok, off, err := p.next()
	if err != nil {
		return nil, err
	}
	if depth > maxJSONDepth {
		return nil, errAt(off, "JSON nested deeper than %d levels", maxJSONDepth)
	}
	n := &jsonNode{off: off}
	switch t := tok.(type) {
	case nil:
		n.kind = jsonNull
	case bool:
		n.kind, n.boolean = jsonBool, t
	case string:
		n.kind, n.str = jsonString, t
	case json.Number:
		n.kind, n.str = jsonNumber, t.String()
	case json.Delim:
		switch t {
		case '{':
			n.kind = jsonObject
			if err := p.object(n, depth); err != nil {
				return nil, err
			}
		case '[':
			n.kind = jsonArray
			if err := p.array(n, depth); err != nil {
				return nil, err
			}
		default:
			return nil, errAt(off, "invalid JSON: unexpected %q", rune(t))
		}
	}
	return n, nil
}

func (p *jsonTreeParser) object(n *jsonNode, depth int) error {
	seen := map[string]bool{}
	for p.dec.More() {
		tok, off, err := p.next()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return errAt(off, "invalid JSON: object key is not a string")
		}
		if seen[key] {
			return errAt(off, "field %q given twice", key)
		}
		seen[key] = true
		v, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		n.members = append(n.members, jsonMember{key: key, keyOff: off, value: v})
	}
	_, _, err := p.next() // '}'
	return err
}

func (p *jsonTreeParser) array(n *jsonNode, depth int) error {
	for p.dec.More() {
		v, err := p.value(depth + 1)
		if err != nil {
			return err
		}
		n.items = append(n.items, v)
	}
	_, _, err := p.next() // ']'
	return err
}

// Schema helpers: each returns a posError at the offending value.

func (n *jsonNode) wantObject(what string) error {
	if n.kind != jsonObject {
		return errAt(n.off, "%s must be an object, not %s", what, n.kind)
	}
	return nil
}

func (n *jsonNode) asString(what string) (string, error) {
	if n.kind != jsonString {
		return "", errAt(n.off, "%s must be a string, not %s", what, n.kind)
	}
	return n.str, nil
}

func (n *jsonNode) asBool(what string) (bool, error) {
	if n.kind != jsonBool {
		return false, errAt(n.off, "%s must be true or false, not %s", what, n.kind)
	}
	return n.boolean, nil
}

// asStrings accepts a string or an array of strings; each string comes with its offset
// so its value can be checked where it stands.
func (n *jsonNode) asStrings(what string) ([]string, []int, error) {
	switch n.kind {
	case jsonString:
		return []string{n.str}, []int{n.off}, nil
	case jsonArray:
		if len(n.items) == 0 {
			return nil, nil, errAt(n.off, "%s is an empty list: leave it out to match anything", what)
		}
		vals := make([]string, len(n.items))
		offs := make([]int, len(n.items))
		for i, it := range n.items {
			if it.kind != jsonString {
				return nil, nil, errAt(it.off, "%s must hold strings, not %s", what, it.kind)
			}
			vals[i], offs[i] = it.str, it.off
		}
		return vals, offs, nil
	}
	return nil, nil, errAt(n.off, "%s must be a string or a list of strings, not %s", what, n.kind)
}
