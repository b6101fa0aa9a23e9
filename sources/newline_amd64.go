//go:build !purego

package sources

import "golang.org/x/sys/cpu"

// newlineAVX2: the block cutter finds line ends with [indexNewlineAVX2], not
// bytes.IndexByte, in the rest of a read buffer of at least 64 bytes. A line of the
// all-distinct corpus is about 390 bytes: bytes.IndexByte's search, 32 bytes a step,
// took 111 instructions a line (cachegrind, BenchmarkCutBlocks).
var newlineAVX2 = cpu.X86.HasAVX2

//go:noescape
func indexNewlineAVX2(p *byte, n int) int
