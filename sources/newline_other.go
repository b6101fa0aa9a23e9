//go:build !amd64 || purego

package sources

// newlineAVX2 is false without AVX2 code: the cutter uses bytes.IndexByte.
const newlineAVX2 = false

// newlinesAVX2 is not called when newlineAVX2 is false.
func newlinesAVX2(p *byte, n int, out *uint32, k int) (found, done int) {
	panic("sources: no AVX2 newline search")
}
