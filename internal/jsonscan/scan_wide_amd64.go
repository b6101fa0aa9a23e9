//go:build !purego

package jsonscan

import "golang.org/x/sys/cpu"

// wideStrings: the parser indexes each line's strings first ([Tape.indexStrings]),
// which only pays off with SIMD.
var wideStrings = cpu.X86.HasAVX2

//go:noescape
func stringBlocksAVX2(p *byte, n int, out *stringBlock, escapedFirst uint64) (escapedNext, dirty uint64)

// stringBlocks is stringBlocksPortable, with AVX2 when the machine has it.
func stringBlocks(b []byte, out []stringBlock, escapedFirst uint64) (escapedNext uint64, plain bool) {
	if len(out) == 0 {
		return escapedFirst, true
	}
	if !wideStrings {
		return stringBlocksPortable(b, out, escapedFirst)
	}
	_ = b[len(out)*64-1]
	escapedNext, dirty := stringBlocksAVX2(&b[0], len(out), &out[0], escapedFirst)
	return escapedNext, dirty == 0
}
