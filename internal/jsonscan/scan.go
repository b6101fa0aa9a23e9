package jsonscan

import "math/bits"

// Kind is the JSON type of a [Node].
type Kind uint8

// The JSON types.
const (
	Object Kind = iota + 1
	Array
	String
	Number
	True
	False
	Null
)

// MaxDepth bounds nesting: [Tape.Parse] refuses deeper lines, which the caller hands
// to the reference decoder (encoding/json allows 10000 levels).
const MaxDepth = 64

// String flags, as [Tape.Flags] gives them.
const (
	// Escaped: the raw bytes contain a backslash escape ([AppendString] resolves it).
	Escaped uint8 = 1 << iota
	// NonASCII: the raw bytes contain a byte ≥ 0x80 (maybe invalid UTF-8, which
	// [AppendString] turns into U+FFFD as encoding/json does).
	NonASCII
	// strLazy: the other flags are not worked out yet (the wide scanner leaves them to
	// Flags: most strings are never decoded).
	strLazy
)

// Node is one JSON value on a [Tape]. An object's members follow it as key, value
// pairs (the key a [String] node); an array's elements follow it. Next is the index
// just past the node's subtree, so skipping a value is one step.
type Node struct {
	Start, End uint32 // String: the bytes between the quotes; other: the whole value
	Next       uint32
	Kind       Kind
	flags      uint8
	// Mark is the caller's own bookkeeping for the node (normalize's FastDecoder
	// notes there whether and where it indexed an object): Parse sets it to 0 and
	// never reads it.
	Mark uint16
}

// Tape is a scanned line: the line and its nodes, node 0 the top-level object. Its
// zero value is ready to use; reusing one from line to line makes scanning
// allocation-free. Raw and Nodes are the last line's; callers read them and write
// nothing but [Node.Mark].
type Tape struct {
	Raw   []byte
	Nodes []Node
	stack [MaxDepth]uint32

	wide   bool          // strings are scanned with blocks ([stringBlock])
	plain  bool          // when wide: no backslash, no byte ≥ 0x80 (see indexStrings)
	blocks []stringBlock // the line's, when wide
}

// Parse scans one line that must be exactly one JSON object (surrounded by optional
// white space). It returns false for anything else and for what it leaves to the
// reference decoder: nesting deeper than [MaxDepth], an escaped object key (which
// could spell a key the caller looks up).
//
// b's bytes past its length, up to its capacity, may be read (see indexStrings; they
// change nothing): they must not be written meanwhile by another goroutine.
func (t *Tape) Parse(b []byte) bool {
	return t.parseLine(b, wideStrings && len(b) >= wideMinLine)
}

// parseLine is parse, with strings scanned by the wide scanner or the eight-byte one.
//
// It is one loop of labelled states joined by gotos (value, key, after, closeContainer)
// rather than a switch on a state variable, and keeps the tape's length in a local:
// each transition is a jump of its own (2 % faster on the bench corpus's lines). On a
// wide line the top-level object's compact members are read first by flatMembers, a
// loop of its own, and these states take over where it stops.
func (t *Tape) parseLine(b []byte, wide bool) bool {
	t.Raw, b = b, b[:len(b):len(b)] // (see flatMembers: b's capacity is indexStrings' only)
	if t.wide = wide; wide {
		t.indexStrings(t.Raw)
	}
	var (
		nodes    = t.Nodes[:cap(t.Nodes)]
		nn       int // nodes used
		n        = len(b)
		depth    int
		inObject uint64 // bit d: the container at depth d+1 is an object
		end      int
		vEnd     int
		flags    uint8
		ok       bool
		kind     Kind
	)
	i := skipSpace(b, 0)
	if i >= n || b[i] != '{' {
		goto fail
	}
	if wide { // the top-level object's flat members first, in a loop of their own
		t.stack[0] = 0
		nodes, nn = pushNode(nodes, nn, Object, i, 0, 0)
		depth, inObject = 1, 1
		if i = skipSpace(b, i+1); i >= n {
			goto fail
		}
		if b[i] == '}' {
			goto closeContainer
		}
		var at flatStop
		switch nn, i, at = t.flatMembers(b, nodes, nn, i); at {
		case atKey:
			goto key
		case atAfter:
			goto after
		case atEnd:
			return t.endFlat(nodes, nn, n)
		case flatFail:
			goto fail
		}
	}
value: // a value starts at b[i], i < n
	switch c := b[i]; {
	case c == '"':
		if end, flags, ok = t.scanString(b, i+1); !ok {
			goto fail
		}
		nodes, nn = pushNode(nodes, nn, String, i+1, end, flags)
		i = end + 1
		goto after
	case c == '{' || c == '[':
		if depth == MaxDepth {
			goto fail
		}
		t.stack[depth] = uint32(nn)
		nodes, nn = pushNode(nodes, nn, Object, i, 0, 0)
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
		nodes[nn-1].Kind = Array
		inObject &^= 1 << uint(depth-1)
		if b[i] == ']' {
			goto closeContainer
		}
		goto value
	case c == '-' || c >= '0' && c <= '9':
		if end, ok = scanNumber(b, i); !ok {
			goto fail
		}
		nodes, nn = pushNode(nodes, nn, Number, i, end, 0)
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
keyQuoted: // b[i] is the opening quote of a member's key
	if end, vEnd, flags, ok = t.scanKey(b, i+1); !ok {
		goto fail // (an escaped key could spell a key the layout reads)
	}
	nodes, nn = pushNode(nodes, nn, String, i+1, end, flags)
	if vEnd != 0 { // "key":"value", scanned with the key
		if vEnd < 0 {
			goto fail
		}
		nodes, nn = pushNode(nodes, nn, String, end+3, vEnd, strLazy)
		i = vEnd + 1
		goto after
	}
	if i = end + 2; i < n && b[end+1] == ':' && b[i] > ' ' {
		goto value // compact JSON
	}
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
		t.Nodes = nodes[:nn]
		return true
	}
	if i+1 < n && b[i] == ',' && b[i+1] == '"' && inObject&(1<<uint(depth-1)) != 0 {
		i++
		goto keyQuoted // compact JSON
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
	nodes[t.stack[depth]].End = uint32(i + 1)
	nodes[t.stack[depth]].Next = uint32(nn)
	i++
	goto after

fail:
	t.Nodes = nodes[:nn]
	return false
}

// endFlat ends the scan of a line whose top-level object flatMembers read to its
// closing brace, the line's last byte (n = len(t.Raw)): closed here, not by
// parseLine's closeContainer and after states (8 instructions a line more).
func (t *Tape) endFlat(nodes []Node, nn, n int) bool {
	nodes[0].End, nodes[0].Next = uint32(n), uint32(nn)
	t.Nodes = nodes[:nn]
	return true
}

// flatStop is where [Tape.flatMembers] left a line to parseLine's states (atValue goes
// on at the value state, which follows parseLine's switch on it).
type flatStop uint8

const (
	flatFail flatStop = iota // the line is not valid (or has an escaped key)
	atKey                    // b[i] starts a member (i < len(b))
	atValue                  // b[i] starts a member's value, its key on the tape (i < len(b))
	atAfter                  // a member's value ended just before b[i]
	atEnd                    // the object's end, b[i] == '}', is the line's last byte
)

// flatMembers scans compact members of the top-level object from its first key at
// b[i] (i < len(b)) while their values are strings or numbers that start with 1-9, on
// a wide line, and says where it stopped for parseLine to go on: at white space, a
// nested value, a literal, another number, the object's end, a string with a \u
// escape, or anything else it does not handle itself.
//
// It is parseLine's commonest path (every member of most log lines) as a loop of its
// own: the few values it keeps live stay in registers, where in parseLine's states,
// joined by gotos, each state's entry spilled a dozen of them to the stack. It calls
// nothing (a number with a fraction or an exponent is left to the states): a call in
// the loop has the values live across it spilled on every turn. So a member the tape has
// no room for is left to parseLine's states, which grow it (the tape is reused: a
// line of the same shape then has room). Indexes are compared with n unsigned
// (uint(end) >= uint(n)): the test then also proves the index in range, where the
// signed one left a bounds check after it. parseLine cuts b's capacity to its length
// (indexStrings, given t.Raw, is the only reader past it): held all along, the
// capacity took a register this loop reloaded on every turn.
func (t *Tape) flatMembers(b []byte, nodes []Node, nn, i int) (int, int, flatStop) {
	n, blocks := len(b), firstBlock(t.blocks)
	if byteAt(b, i) != '"' { // (i < n, as flatMembers asks)
		if i = skipSpace(b, i); i >= n {
			return nn, i, flatFail
		}
		return nn, i, atKey
	}
	for { // b[i] is a key's opening quote
		// The key: up to its first stop, which must be a quote (else it is escaped
		// or not valid).
		k := i + 1 // ≤ n: b[i] was read
		m := blockOf(blocks, k).stop >> uint(k&63)
		end := k
		if m != 0 { // (tested first: TrailingZeros64 of a mask known not 0 needs no fix-up)
			end += bits.TrailingZeros64(m)
		} else { // a key that runs into the next blocks
			if !t.plain {
				return nn, i, atKey // for backslashIn: parseLine scans it again
			}
			for end = k&^63 + 64; ; end += 64 { // (at most the last block: it has a stop)
				if m = blockOf(blocks, end).stop; m != 0 {
					break
				}
			}
			end += bits.TrailingZeros64(m)
		}
		// Its closing quote and the colon after it, read as one word (0 ≤ end <
		// end+2 < n): a stop that is not a quote fails, white space is left to
		// parseLine, which scans the key again.
		if uint(end+2) >= uint(n) || pairAt(b, end) != quoteColon {
			if uint(end) >= uint(n) || b[end] != '"' {
				return nn, i, flatFail
			}
			return nn, i, atKey
		}
		// (t.plain is read where it is needed: held, it took a register the loop
		// has none to spare for, and was spilled. Not plain, the key ends in its
		// block: m != 0.)
		if !t.plain && blockOf(blocks, k).backslash&(uint64(1)<<uint(end&63)-1)>>uint(k&63) != 0 {
			return nn, i, flatFail // an escaped key
		}
		if uint(nn+2) > uint(len(nodes)) {
			return nn, i, atKey // parseLine's states grow the tape
		}
		// The member's nodes are nodePair(nodes, nn) (nn+2 ≤ len(nodes)), counted in
		// nn once both are written. (One call a line, whose arguments are worked out
		// on that line: an inlined call on a line with no instruction of its own
		// left a no-op, its inline mark.)
		setLazyString(&nodePair(nodes, nn)[0], k, end, nn+1)
		i = end + 2
		// (An if chain, not a switch: the compare on the read's line leaves no
		// no-op for byteAt's inline mark.) i = end+2 < n.
		if c := byteAt(b, i); c == '"' {
			// Its closing quote: its first stop (b[end+1], a colon, cannot escape
			// its opening quote), most often in its own block. (Read from the
			// block, not from the key's mask shifted on: kept live across the key's
			// node, that mask cost spills and a branch.)
			v := i + 1 // < n: end+2 < n
			for m = blockOf(blocks, v).stop >> uint(v&63); m == 0; m = blockOf(blocks, v).stop {
				v = v&^63 + 64 // (at most the last block: it has a stop)
			}
			vEnd := v + bits.TrailingZeros64(m)
			if uint(vEnd) >= uint(n) || b[vEnd] != '"' {
				return nn + 1, i, atValue // a \u escape, or not valid
			}
			i = setLazyString(&nodePair(nodes, nn)[1], i+1, vEnd, nn+2) + 1 // vEnd+1
		} else if c >= '1' && c <= '9' {
			// A plain integer here, any other number by parseLine. Its digits
			// eight at a time while the line has eight more bytes (byte by byte
			// they took seven instructions each: a log's Unix times have ten),
			// then byte by byte up to the first that is not a digit.
			j := i + 1
			for uint(j+8) <= uint(n) {
				if m := nonDigits(wordAt(b, j)); m != 0 {
					j += bits.TrailingZeros64(m) >> 3
					break
				}
				j += 8
			}
			for uint(j) < uint(n) && b[j]-'0' <= 9 {
				j++
			}
			if uint(j) < uint(n) && (b[j] == '.' || b[j]|0x20 == 'e') {
				// A fraction or an exponent: left to parseLine's states (which
				// scan it with scanNumber, and the line's other members), so that
				// this loop calls nothing (neither corpus has such a number).
				return nn + 1, i, atValue
			}
			setPlainNumber(&nodePair(nodes, nn)[1], i, j, nn+2)
			i = j
		} else { // a literal, another number, a nested value, white space, not JSON
			if i = skipSpace(b, i); i >= n {
				return nn + 1, i, flatFail
			}
			return nn + 1, i, atValue
		}
		nn += 2
		// The comma and the next key's opening quote, read as one word (0 ≤ i <
		// i+1 < n); else the states go on (white space, a line's end).
		if uint(i+1) >= uint(n) || pairAt(b, i) != commaQuote {
			if i+1 == n && byteAt(b, i) == '}' { // (most lines end so)
				return nn, i, atEnd
			}
			return nn, i, atAfter
		}
		i++
	}
}

// nonDigits has the top bit set of each byte of w that is not an ASCII digit, and maybe
// of bytes after the first such (their order in w being the line's, little-endian):
// a byte x is a digit when t = x^'0' < 10, i.e. when neither t nor t+0x76 has its top
// bit. A sum carries into the next byte only from a byte t ≥ 0x8a, not a digit, so
// the lowest bit set is always the first byte that is not a digit.
func nonDigits(w uint64) uint64 {
	t := w ^ 0x3030303030303030
	return (t + 0x7676767676767676 | t) & 0x8080808080808080
}

// pushNode appends a node to nodes[:nn]; a scalar's next is the node after it (a
// container's is set when it closes).
func pushNode(nodes []Node, nn int, kind Kind, start, end int, flags uint8) ([]Node, int) {
	if nn == len(nodes) {
		nodes = growNodes(nodes)
	}
	setNode(&nodes[nn], kind, start, end, nn+1, flags)
	return nodes, nn + 1
}

// setNode writes a node field by field (a Node literal went through the stack, its
// halves read back at once as one 16-byte word: a failed store forwarding).
func setNode(nd *Node, kind Kind, start, end, next int, flags uint8) {
	nd.Start, nd.End, nd.Next = uint32(start), uint32(end), uint32(next)
	nd.Kind, nd.flags, nd.Mark = kind, flags, 0
}

// growNodes doubles a tape's nodes, kept whole (len == cap).
func growNodes(nodes []Node) []Node {
	grown := make([]Node, max(2*len(nodes), 64))
	copy(grown, nodes)
	return grown
}

// wideMinLine: shorter lines are not worth indexing.
const wideMinLine = 256

// scanString scans a string whose opening quote is just before i: see scanStringSWAR.
// The wide scanner leaves the flags to Flags (strLazy).
func (t *Tape) scanString(b []byte, i int) (end int, flags uint8, ok bool) {
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

// scanKey is scanString for an object key, which must hold no escape: ok is false
// for an escaped key too. One call rather than scanString's and hasBackslash's: a key
// is most often a short string within one block, whose two masks are read together.
//
// When the key is followed by `:"`, that string is scanned too: vEnd is its closing
// quote (its flags strLazy), or -1 when it is not a valid string: one call for a
// whole "key":"value" member, the commonest in log lines (a value that ends in the
// key's block at a quote, no \u escape on the way, is found from the block's next two
// stop bits). Else vEnd is 0.
func (t *Tape) scanKey(b []byte, i int) (end, vEnd int, flags uint8, ok bool) {
	if !t.wide {
		end, flags, ok = scanStringSWAR(b, i)
		return end, 0, flags, ok && flags&Escaped == 0
	}
	blk := &t.blocks[i>>6]
	if m := blk.stop >> uint(i&63); m != 0 {
		k := bits.TrailingZeros64(m)
		if end = i + k; end < len(b) && b[end] == '"' {
			if blk.backslash&(uint64(1)<<uint(end&63)-1)>>uint(i&63) != 0 {
				return end, 0, strLazy, false
			}
			if end+2 >= len(b) || b[end+1] != ':' || b[end+2] != '"' {
				return end, 0, strLazy, true
			}
			// The value's opening quote is the next stop, two bytes on; its
			// closing quote most often the one after.
			if m &= m - 1; bits.TrailingZeros64(m) == k+2 {
				if m &= m - 1; m != 0 {
					if vEnd = i + bits.TrailingZeros64(m); vEnd < len(b) && b[vEnd] == '"' {
						return end, vEnd, strLazy, true
					}
				}
			}
			if vEnd, _, ok = t.scanStringIndexed(b, end+3); !ok {
				vEnd = -1
			}
			return end, vEnd, strLazy, true
		}
	}
	if end, flags, ok = t.scanStringIndexed(b, i); !ok {
		return end, 0, flags, false
	}
	return end, 0, flags, t.plain || !t.hasBackslash(i, end, flags)
}

// hasBackslash reports whether the string b[from:to] just scanned, with flags, holds
// an escape.
func (t *Tape) hasBackslash(from, to int, flags uint8) bool {
	if flags != strLazy {
		return flags&Escaped != 0
	}
	if from>>6 == to>>6 { // within one block, the common case
		return t.blocks[from>>6].backslash&(uint64(1)<<uint(to&63)-1)>>uint(from&63) != 0
	}
	return t.backslashIn(from, to)
}

// Flags returns the flags of string node nd of the line scanned last.
func (t *Tape) Flags(nd *Node) uint8 {
	if nd.flags == strLazy {
		if nd.flags = 0; !t.plain {
			nd.flags = t.stringFlags(int(nd.Start), int(nd.End))
		}
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
func scanLiteral(b []byte, i int) (Kind, int, bool) {
	rest := b[i:]
	switch {
	case len(rest) >= 4 && string(rest[:4]) == "true":
		return True, i + 4, true
	case len(rest) >= 5 && string(rest[:5]) == "false":
		return False, i + 5, true
	case len(rest) >= 4 && string(rest[:4]) == "null":
		return Null, i + 4, true
	}
	return 0, i, false
}
