//go:build !amd64 || purego

package jsonscan

// wideStrings is false without SIMD: the eight-byte scanner is faster than indexing
// strings with portable code.
var wideStrings = false

// stringBlocks is stringBlocksPortable.
func stringBlocks(b []byte, out []stringBlock, escapedFirst uint64) (escapedNext uint64, plain bool) {
	return stringBlocksPortable(b, out, escapedFirst)
}
