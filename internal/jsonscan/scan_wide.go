package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// The wide string scanner, for machines with SIMD (amd64 with AVX2): before a line is
// parsed, its bytes are classified 64 at a time, and the places where a string scan
// must stop are worked out for the whole line at once (indexStrings, stringBlocks): an
// unescaped quote, a control character, a bad escape, a \u escape (whose digits are then
// checked). A string is then scanned by finding the next set bit. Stack traces of
// several KB, where `\\` and `\n` come every few bytes, are most of a log line's bytes,
// and the eight-byte scanner (scanStringSWAR) stops at every escape.
//
// Which bytes a backslash escapes does not depend on where strings start: it is the
// parity of the run of backslashes before each byte, and a string's opening quote ends
// any run. Backslashes outside strings make the line invalid before they matter.

// stringBlock is what a string scan needs of 64 bytes of a line, bit k for byte k. Its
// layout is fixed: the assembly writes it.
type stringBlock struct {
	// stop: an unescaped quote, a control character, or an escaped byte other than
	// " \ / b f n r t (a bad escape, or the u of \uXXXX, whose digits the scan checks)
	stop      uint64
	backslash uint64 // for Escaped
}

// stringBlocksPortable describes the len(out) 64-byte blocks of b, the first byte of
// b escaped when escapedFirst is 1, and returns whether the byte after them is, and
// whether the blocks are plain: no backslash and no byte ≥ 0x80 (then no string in them
// has a flag). In plain Go: the reference for the SIMD version, and the fallback where
// there is none.
func stringBlocksPortable(b []byte, out []stringBlock, escapedFirst uint64) (escapedNext uint64, plain bool) {
	var dirty uint64 // the backslashes and bytes ≥ 0x80
	for blk := range out {
		var quote, backslash, control, simple uint64
		for k, c := range b[blk*64 : blk*64+64] {
			bit := uint64(1) << uint(k)
			switch {
			case c == '"':
				quote |= bit
			case c == '\\':
				backslash |= bit
			case c < 0x20:
				control |= bit
			case c >= 0x80:
				dirty |= bit
			}
			switch c {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				simple |= bit
			}
		}
		escaped, next := escapedBytes(backslash, escapedFirst)
		escapedFirst = next
		dirty |= backslash
		out[blk] = stringBlock{
			stop:      quote&^escaped | control | escaped&^simple,
			backslash: backslash,
		}
	}
	return escapedFirst, dirty == 0
}

// escapedBytes returns the bytes of a block that a backslash escapes, given its
// backslashes and whether its first byte is escaped by the block before (0 or 1); and
// whether the next block's first byte is escaped. A byte is escaped when the run of
// backslashes just before it has odd length: runs are told apart by the parity of the
// position they start at, with one addition that carries each odd-starting run to its
// end (the method of simdjson's stage 1).
func escapedBytes(backslash, escapedFirst uint64) (escaped, escapedNext uint64) {
	const even = 0x5555555555555555
	backslash &^= escapedFirst // an escaped backslash starts no run
	follows := backslash<<1 | escapedFirst
	oddStarts := backslash &^ even &^ follows
	sum, carry := bits.Add64(oddStarts, backslash, 0)
	escaped = (even ^ sum<<1) & follows
	return escaped, carry
}

// indexStrings fills t.blocks for the line b. The last block, partial or (when the
// line is a multiple of 64 bytes) empty, is read as if zero-padded: the padding is
// control characters, where a string scan stops and fails, so that a string opened by
// the line's last byte still has a block to start in.
//
// When b's capacity runs over the last block (a line in a read block, as the pipeline
// gives it), that block is read in place and the bytes past the line masked out: the
// bits of a byte depend on it and the bytes before it only, and a padding byte's are a
// stop and no backslash whatever it is. Otherwise it is read from a zero-padded copy.
//
// t.plain is set when the blocks hold no backslash and no byte ≥ 0x80: then no string
// of the line has a flag, and Flags answers 0 without a look at the blocks or the
// bytes (most lines of the all-distinct corpus; the decoder asks for about ten strings
// a line). Read in place, the bytes past the line count too: plain is then only false
// more often than it need be.
func (t *Tape) indexStrings(b []byte) {
	n, full := len(b)/64+1, len(b)/64
	if cap(t.blocks) < n {
		t.blocks = make([]stringBlock, n+n/4)
	}
	t.blocks = t.blocks[:n]
	if cap(b) >= n*64 {
		_, t.plain = stringBlocks(b[:n*64], t.blocks, 0)
		past, last := ^uint64(0)<<uint(len(b)&63), &t.blocks[full] // (checked once)
		last.stop |= past
		last.backslash &^= past
		return
	}
	escaped, plainHead := stringBlocks(b[:full*64], t.blocks[:full], 0)
	var pad [64]byte
	copy(pad[:], b[full*64:])
	_, plainTail := stringBlocks(pad[:], t.blocks[full:], escaped)
	t.plain = plainHead && plainTail
	// (Either way there is a block for byte len(b), and every byte past the line is a
	// stop: flatMembers reads the blocks unchecked on the strength of it, see blockOf.)
}

// scanStringIndexed is scanStringSWAR (same results, the flags left to Flags) on a
// line indexed by indexStrings.
func (t *Tape) scanStringIndexed(b []byte, i int) (end int, flags uint8, ok bool) {
	for {
		blk := i >> 6
		m := t.blocks[blk].stop >> uint(i&63)
		for m == 0 {
			blk++
			if blk == len(t.blocks) {
				return len(b), 0, false // a line ending in a string
			}
			m, i = t.blocks[blk].stop, blk<<6
		}
		end = i + bits.TrailingZeros64(m)
		if end >= len(b) {
			return end, 0, false // the padding
		}
		switch b[end] {
		case '"':
			return end, strLazy, true
		case 'u':
			if end+5 > len(b) || !isHex(b[end+1]) || !isHex(b[end+2]) || !isHex(b[end+3]) || !isHex(b[end+4]) {
				return end, 0, false
			}
			i = end + 1
		default: // a control character or a bad escape
			return end, 0, false
		}
	}
}

// stringFlags returns the flags of the string bytes raw[from:to] of the line scanned
// last.
func (t *Tape) stringFlags(from, to int) uint8 {
	var flags uint8
	if t.hasBackslash(from, to, strLazy) {
		flags = Escaped
	}
	if !isASCII(t.Raw[from:to]) {
		flags |= NonASCII
	}
	return flags
}

// backslashIn reports whether the blocks have a backslash in [from, to).
func (t *Tape) backslashIn(from, to int) bool {
	if from == to {
		return false
	}
	first, last := from>>6, (to-1)>>6
	head := ^uint64(0) << uint(from&63)
	tail := ^uint64(0) >> uint(63-(to-1)&63)
	if first == last {
		return t.blocks[first].backslash&head&tail != 0
	}
	bs := t.blocks[first].backslash&head | t.blocks[last].backslash&tail
	for _, blk := range t.blocks[first+1 : last] {
		bs |= blk.backslash
	}
	return bs != 0
}

// isASCII reports whether b has no byte ≥ 0x80, eight bytes at a time.
func isASCII(b []byte) bool {
	var high uint64
	for len(b) >= 8 {
		high |= binary.LittleEndian.Uint64(b)
		b = b[8:]
	}
	for _, c := range b {
		high |= uint64(c)
	}
	return high&swarHighs == 0
}
