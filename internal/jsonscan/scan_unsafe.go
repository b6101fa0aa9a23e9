package jsonscan

import (
	"encoding/binary"
	"unsafe"
)

// The reads and writes flatMembers makes without the compiler's checks, each where
// flatMembers has just shown the index in range (each call says why): in a loop that
// has no register to spare, a check cost two instructions and often a register.

// firstBlock is a line's first block, for blockOf.
func firstBlock(blocks []stringBlock) *stringBlock { return unsafe.SliceData(blocks) }

// blockOf is &blocks[i>>6], blocks being t.blocks' first, without a bounds check, for
// i at most the line's length: indexStrings makes a block for byte len(b) too, and the
// line's last block always has a stop (its padding), so that a scan for the next stop
// from such an i ends within the blocks (TestIndexInPlace checks both). Checked, the
// blocks' length took a register too.
func blockOf(blocks *stringBlock, i int) *stringBlock {
	return (*stringBlock)(unsafe.Add(unsafe.Pointer(blocks), uintptr(i>>6)*unsafe.Sizeof(stringBlock{})))
}

// byteAt is b[i] without a bounds check, for 0 ≤ i < len(b).
func byteAt(b []byte, i int) byte {
	return *(*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i))
}

// pairAt is b[i:i+2] read as one 16-bit word in the machine's byte order, without a
// bounds check, for 0 ≤ i ≤ len(b)-2: compared with quoteColon or commaQuote, it tests
// two bytes at once (scan_little.go and scan_big.go give them in the machine's order).
func pairAt(b []byte, i int) uint16 {
	return *(*uint16)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i))
}

// wordAt is b[i:i+8] read as a little-endian word without a bounds check, for
// 0 ≤ i ≤ len(b)-8.
func wordAt(b []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(b)), i)), 8))
}

// nodePair is the nodes nodes[nn] and nodes[nn+1], for nn+2 ≤ len(nodes).
func nodePair(nodes []Node, nn int) *[2]Node {
	return (*[2]Node)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(nodes)), uintptr(nn)*unsafe.Sizeof(Node{})))
}

// setLazyString and setPlainNumber are setNode for flatMembers' nodes, whose kind and
// flags are constants: a node's last four bytes (Kind, flags and Mark) are written as
// one word, a constant (field by field they took two stores: the compiler combines
// the two bytes only). One function per kind, with its constant written in it: passed
// in, the constant made two stores again, and through binary.LittleEndian.PutUint32,
// an inlined call of its own, it left a no-op instruction (the call's inline mark)
// in the loop.
//
// setLazyString returns end, for the caller to work out its next index on the
// call's line (see flatMembers).
func setLazyString(nd *Node, start, end, next int) int {
	nd.Start, nd.End, nd.Next = uint32(start), uint32(end), uint32(next)
	*kindFlagsMark(nd) = [4]byte{byte(String), strLazy}
	return end
}

// setPlainNumber: see setLazyString.
func setPlainNumber(nd *Node, start, end, next int) {
	nd.Start, nd.End, nd.Next = uint32(start), uint32(end), uint32(next)
	*kindFlagsMark(nd) = [4]byte{byte(Number)}
}

// kindFlagsMark is a node's last four bytes: Kind, flags and Mark, in this order
// (checked at compile time below).
func kindFlagsMark(nd *Node) *[4]byte {
	return (*[4]byte)(unsafe.Pointer(&nd.Kind))
}

// This does not compile unless Kind, flags and Mark are a node's last four bytes, in
// this order (a negative difference overflows, a positive one is out of range).
var (
	_ = [1]struct{}{}[unsafe.Offsetof(Node{}.flags)-unsafe.Offsetof(Node{}.Kind)-1]
	_ = [1]struct{}{}[unsafe.Offsetof(Node{}.Mark)-unsafe.Offsetof(Node{}.Kind)-2]
	_ = [1]struct{}{}[unsafe.Sizeof(Node{})-unsafe.Offsetof(Node{}.Kind)-4]
)
