//go:build !amd64 || purego

package normalize

// wideStrings is false without SIMD masks: the eight-byte scanner is faster than
// indexing strings with portable ones.
var wideStrings = false

// stringMasksBlocks classifies the len(out) 64-byte blocks of b.
func stringMasksBlocks(b []byte, out []stringMasks) { stringMasksPortable(b, out) }
