//go:build !amd64 || purego

package sources

// newlineAVX2 is false without AVX2 code: the cutter uses bytes.IndexByte.
const newlineAVX2 = false

// indexNewlineAVX2 is not called when newlineAVX2 is false.
func indexNewlineAVX2(p *byte, n int) int { panic("sources: no AVX2 newline search") }
