//go:build !purego

package normalize

import "golang.org/x/sys/cpu"

// wideStrings: the parser indexes each line's strings first (scan_wide.go), which only
// pays off with SIMD masks.
var wideStrings = cpu.X86.HasAVX2

//go:noescape
func stringMasksAVX2(p *byte, n int, out *stringMasks)

// stringMasksBlocks classifies the len(out) 64-byte blocks of b.
func stringMasksBlocks(b []byte, out []stringMasks) {
	if len(out) == 0 {
		return
	}
	if !wideStrings {
		stringMasksPortable(b, out)
		return
	}
	_ = b[len(out)*64-1]
	stringMasksAVX2(&b[0], len(out), &out[0])
}
