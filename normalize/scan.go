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

// scanState is what the scanner expects next.
type scanState uint8

const (
	expectValue scanState = iota
	expectKey
	afterValue
)

// parse scans one line that must be exactly one JSON object (surrounded by optional
// white space). It returns false for anything else and for what the fast path leaves
// to the reference decoder.
func (t *jsonTape) parse(b []byte) bool {
	return t.parseLine(b, wideStrings && len(b) >= wideMinLine)
}

// parseLine is parse, with strings scanned by the wide scanner or the eight-byte one.
func (t *jsonTape) parseLine(b []byte, wide bool) bool {
	t.raw = b
	t.nodes = t.nodes[:0]
	n := len(b)
	if t.wide = wide; wide {
		t.indexStrings(b)
	}
	i := skipSpace(b, 0)
	if i >= n || b[i] != '{' {
		return false
	}
	depth := 0
	var inObject uint64 // bit d: the container at depth d+1 is an object
	state := expectValue
	for {
		switch state {
		case expectValue:
			if i >= n {
				return false
			}
			switch c := b[i]; {
			case c == '{' || c == '[':
				if depth == tapeMaxDepth {
					return false
				}
				kind := tapeObject
				closer := byte('}')
				if c == '[' {
					kind, closer = tapeArray, ']'
				}
				t.stack[depth] = uint32(len(t.nodes))
				if kind == tapeObject {
					inObject |= 1 << uint(depth)
				} else {
					inObject &^= 1 << uint(depth)
				}
				depth++
				t.push(kind, i, 0, 0)
				i = skipSpace(b, i+1)
				switch {
				case i < n && b[i] == closer:
					t.close(depth-1, i)
					depth--
					i++
					state = afterValue
				case kind == tapeObject:
					state = expectKey
				default:
					state = expectValue
				}
				continue
			case c == '"':
				end, flags, ok := t.scanString(b, i+1)
				if !ok {
					return false
				}
				t.push(tapeString, i+1, end, flags)
				i = end + 1
			case c == '-' || c >= '0' && c <= '9':
				end, ok := scanNumber(b, i)
				if !ok {
					return false
				}
				t.push(tapeNumber, i, end, 0)
				i = end
			case c == 't' || c == 'f' || c == 'n':
				kind, end, ok := scanLiteral(b, i)
				if !ok {
					return false
				}
				t.push(kind, i, end, 0)
				i = end
			default:
				return false
			}
			state = afterValue
		case expectKey:
			if i >= n || b[i] != '"' {
				return false
			}
			end, flags, ok := t.scanString(b, i+1)
			if !ok || t.hasBackslash(i+1, end, flags) {
				return false // an escaped key could spell a key the layout reads
			}
			t.push(tapeString, i+1, end, flags)
			i = skipSpace(b, end+1)
			if i >= n || b[i] != ':' {
				return false
			}
			i = skipSpace(b, i+1)
			state = expectValue
		case afterValue:
			if depth == 0 {
				return skipSpace(b, i) == n
			}
			i = skipSpace(b, i)
			if i >= n {
				return false
			}
			object := inObject&(1<<uint(depth-1)) != 0
			switch c := b[i]; {
			case c == ',':
				i = skipSpace(b, i+1)
				if object {
					state = expectKey
				} else {
					state = expectValue
				}
			case c == '}' && object, c == ']' && !object:
				t.close(depth-1, i)
				depth--
				i++
			default:
				return false
			}
		}
	}
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
	return t.stringFlags(from, to)&strEscaped != 0
}

// flagsOf returns the flags of string node nd of the line scanned last.
func (t *jsonTape) flagsOf(nd *tapeNode) uint8 {
	if nd.flags == strLazy {
		nd.flags = t.stringFlags(int(nd.start), int(nd.end))
	}
	return nd.flags
}

// push appends a node; a scalar's next is the node after it (a container's is set by
// close). The fields are stored one by one into the slice rather than copied from a
// struct built on the stack.
func (t *jsonTape) push(kind tapeKind, start, end int, flags uint8) {
	n := len(t.nodes)
	if n == cap(t.nodes) {
		t.nodes = append(t.nodes, tapeNode{})
	}
	t.nodes = t.nodes[:n+1]
	nd := &t.nodes[n]
	nd.start, nd.end, nd.next = uint32(start), uint32(end), uint32(n+1)
	nd.kind, nd.flags, nd.index = kind, flags, 0
}

// close ends the container opened at stack level level, whose closing bracket is at i.
func (t *jsonTape) close(level, i int) {
	node := &t.nodes[t.stack[level]]
	node.end = uint32(i + 1)
	node.next = uint32(len(t.nodes))
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
