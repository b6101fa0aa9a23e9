//go:build !purego

package sources

import "golang.org/x/sys/cpu"

// newlineAVX2: the block cutter finds line ends with [newlinesAVX2], not
// bytes.IndexByte, in the whole 64-byte steps of a read. A line of the all-distinct
// corpus is about 390 bytes: bytes.IndexByte's search, 32 bytes a step, took 111
// instructions a line (cachegrind, BenchmarkCutBlocks); a call a line of a search
// for the next newline made the cut loop keep its state on the stack across calls.
var newlineAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasBMI1

//go:noescape
func newlinesAVX2(p *byte, n int, out *uint32, k int) (found, done int)
