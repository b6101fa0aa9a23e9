package normalize

import "math/bits"

// The fast path's JSON scanner. It reads one line in a single pass, accepting exactly
// what encoding/json accepts (RFC 8259 grammar, no control characters in strings, only
// the eight escapes and \uXXXX, any bytes ≥ 0x80 in strings), and records every value
// on a tape: a flat slice of spans into the line, reused from line to line, so that
// scanning allocates nothing. Values are decoded later, and only those the layout
// rules read; the rest (stack traces of several KB) are only skipped over.
//
// A line the scanner refuses is not necessarily invalid: it also refuses what the fast
// path does not handle (nesting deeper than tapeMaxDepth, an escaped object key). The
// caller then runs the reference decoder on that line, which has the last word.

// tapeKind is the JSON type of a tape node.
type tapeKind uint8

const (
	tapeObject tapeKind = iota + 1
	tapeArray
	tapeString
	tapeNumber
	tapeTrue
	tapeFalse
	tapeNull
)

// tapeMaxDepth bounds nesting on the fast path; deeper lines go to the reference
// decoder (encoding/json allows 10000 levels).
const tapeMaxDepth = 64

// String node flags.
const (
	// strEscaped: the raw bytes contain a backslash escape.
	strEscaped uint8 = 1 << iota
	// strNonASCII: the raw bytes contain a byte ≥ 0x80 (maybe invalid UTF-8, which
	// decoding turns into U+FFFD as encoding/json does).
	strNonASCII
	// strLazy: the other flags are not worked out yet (the wide scanner leaves them to
	// flagsOf: most strings are never decoded).
	strLazy
)

// tapeNode is one JSON value. An object's members follow it as key, value pairs (the
// key a string node); an array's elements follow it. next is the index just past the
// node's subtree, so skipping a value is one step.
type tapeNode struct {
	start, end uint32 // string: the bytes between the quotes; other: the whole value
	next       uint32
	kind       tapeKind
	flags      uint8
	// index is the FastDecoder's bookkeeping for an object: 0 not looked at yet,
	// fastNotIndexed, or fastIndexedBase + its slot row.
	index uint16
}

// jsonTape is a scanned line: the line and its nodes, node 0 the top-level object.
type jsonTape struct {
	raw   []byte
	nodes []tapeNode
	stack [tapeMaxDepth]uint32

	wide   bool          // strings are scanned with blocks (scan_wide.go)
	blocks []stringBlock // the line's, when wide
}

// parse scans one line that must be exactly one JSON object (surrounded by optional
// white space). It returns false for anything else and for what the fast path leaves
// to the reference decoder.
func (t *jsonTape) parse(b []byte) bool {
	return t.parseLine(b, wideStrings && len(b) >= wideMinLine)
}

// parseLine is parse, with strings scanned by the wide scanner or the eight-byte one.
//
// It is one loop of labelled states joined by gotos (value, key, after, closeContainer)
// rather than a switch on a state variable, and keeps the tape's length in a local:
// each transition is a jump of its own (2 % faster on the bench corpus's lines).
func (t *jsonTape) parseLine(b []byte, wide bool) bool {
	t.raw = b
	if t.wide = wide; wide {
		t.indexStrings(b)
	}
	var (
		nodes    = t.nodes[:cap(t.nodes)]
		nn       int // nodes used
		n        = len(b)
		depth    int
		inObject uint64 // bit d: the container at depth d+1 is an object
		end      int
		flags    uint8
		ok       bool
		kind     tapeKind
	)
	i := skipSpace(b, 0)
	if i >= n || b[i] != '{' {
		goto fail
	}

value: // a value starts at b[i], i < n
	switch c := b[i]; {
	case c == '"':
		if end, flags, ok = t.scanString(b, i+1); !ok {
			goto fail
		}
		nodes, nn = pushNode(nodes, nn, tapeString, i+1, end, flags)
		i = end + 1
		goto after
	case c == '{' || c == '[':
		if depth == tapeMaxDepth {
			goto fail
		}
		t.stack[depth] = uint32(nn)
		nodes, nn = pushNode(nodes, nn, tapeObject, i, 0, 0)
		depth++
		if i = skipSpace(b, i+1); i >= n {
			goto fail
		}
		if c == '{' {
			inObject |= 1 << uint(depth-1)
			if b[i] == '}' {
				goto closeContainer
			}
			goto key
		}
		nodes[nn-1].kind = tapeArray
		inObject &^= 1 << uint(depth-1)
		if b[i] == ']' {
			goto closeContainer
		}
		goto value
	case c == '-' || c >= '0' && c <= '9':
		if end, ok = scanNumber(b, i); !ok {
			goto fail
		}
		nodes, nn = pushNode(nodes, nn, tapeNumber, i, end, 0)
		i = end
		goto after
	case c == 't' || c == 'f' || c == 'n':
		if kind, end, ok = scanLiteral(b, i); !ok {
			goto fail
		}
		nodes, nn = pushNode(nodes, nn, kind, i, end, 0)
		i = end
		goto after
	}
	goto fail

key: // a member's key starts at b[i], i < n
	if b[i] != '"' {
		goto fail
	}
	if end, flags, ok = t.scanString(b, i+1); !ok || t.hasBackslash(i+1, end, flags) {
		goto fail // (an escaped key could spell a key the layout reads)
	}
	nodes, nn = pushNode(nodes, nn, tapeString, i+1, end, flags)
	if i = skipSpace(b, end+1); i >= n || b[i] != ':' {
		goto fail
	}
	if i = skipSpace(b, i+1); i >= n {
		goto fail
	}
	goto value

after: // a value ended just before b[i]
	if depth == 0 {
		if skipSpace(b, i) != n {
			goto fail
		}
		t.nodes = nodes[:nn]
		return true
	}
	if i = skipSpace(b, i); i >= n {
		goto fail
	}
	switch c, object := b[i], inObject&(1<<uint(depth-1)) != 0; {
	case c == ',':
		if i = skipSpace(b, i+1); i >= n {
			goto fail
		}
		if object {
			goto key
		}
		goto value
	case c == '}' && object, c == ']' && !object:
		goto closeContainer
	}
	goto fail

closeContainer: // b[i] closes the container opened at depth-1
	depth--
	nodes[t.stack[depth]].end = uint32(i + 1)
	nodes[t.stack[depth]].next = uint32(nn)
	i++
	goto after

fail:
	t.nodes = nodes[:nn]
	return false
}

// pushNode appends a node to nodes[:nn]; a scalar's next is the node after it (a
// container's is set when it closes).
func pushNode(nodes []tapeNode, nn int, kind tapeKind, start, end int, flags uint8) ([]tapeNode, int) {
	if nn == len(nodes) {
		nodes = growNodes(nodes)
	}
	nd := &nodes[nn]
	nd.start, nd.end, nd.next = uint32(start), uint32(end), uint32(nn+1)
	nd.kind, nd.flags, nd.index = kind, flags, 0
	return nodes, nn + 1
}

// growNodes doubles a tape's nodes, kept whole (len == cap).
func growNodes(nodes []tapeNode) []tapeNode {
	grown := make([]tapeNode, max(2*len(nodes), 64))
	copy(grown, nodes)
	return grown
}

// wideMinLine: shorter lines are not worth indexing.
const wideMinLine = 256

// scanString scans a string whose opening quote is just before i: see scanStringSWAR.
// The wide scanner leaves the flags to flagsOf (strLazy).
func (t *jsonTape) scanString(b []byte, i int) (end int, flags uint8, ok bool) {
	if !t.wide {
		return scanStringSWAR(b, i)
	}
	// Most strings end in the block they start in, without a \u escape.
	if m := t.blocks[i>>6].stop >> uint(i&63); m != 0 {
		if end = i + bits.TrailingZeros64(m); end < len(b) && b[end] == '"' {
			return end, strLazy, true
		}
	}
	return t.scanStringIndexed(b, i)
}

// hasBackslash reports whether the string b[from:to] just scanned, with flags, holds
// an escape.
func (t *jsonTape) hasBackslash(from, to int, flags uint8) bool {
	if flags != strLazy {
		return flags&strEscaped != 0
	}
	if from>>6 == to>>6 { // within one block, the common case
		return t.blocks[from>>6].backslash&(uint64(1)<<uint(to&63)-1)>>uint(from&63) != 0
	}
	return t.backslashIn(from, to)
}

// flagsOf returns the flags of string node nd of the line scanned last.
func (t *jsonTape) flagsOf(nd *tapeNode) uint8 {
	if nd.flags == strLazy {
		nd.flags = t.stringFlags(int(nd.start), int(nd.end))
	}
	return nd.flags
}

// skipSpace returns the index of the first byte at or after i that is not JSON white
// space.
func skipSpace(b []byte, i int) int {
	if i < len(b) && b[i] > ' ' { // compact JSON: no white space at all
		return i
	}
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanNumber checks the JSON number grammar from i and returns the index after it.
// What follows the number is checked by the caller (a delimiter must come next).
func scanNumber(b []byte, i int) (int, bool) {
	n := len(b)
	if b[i] == '-' {
		i++
	}
	switch {
	case i < n && b[i] == '0':
		i++
	case i < n && b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i+1)
	default:
		return i, false
	}
	if i < n && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return i, false
		}
		i = j
	}
	if i < n && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < n && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return i, false
		}
		i = j
	}
	return i, true
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// scanLiteral reads true, false or null at i.
func scanLiteral(b []byte, i int) (tapeKind, int, bool) {
	rest := b[i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		return tapeTrue, i + 4, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		return tapeFalse, i + 5, true
	case len(rest) >= 4 && string(rest[:4]) == "null":
		return tapeNull, i + 4, true
	}
	return 0, i, false
}
