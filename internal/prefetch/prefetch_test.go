package prefetch_test

import (
	"bytes"
	"testing"
	"unsafe"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/prefetch"
)

// Prefetching changes no byte, at any alignment and length (0 and past a page
// included), and does not fault on nil.
func TestChangesNothing(t *testing.T) {
	buf := make([]byte, 3*4096)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	want := bytes.Clone(buf)
	for _, off := range []int{0, 1, 63, 64, 65, 4095} {
		for _, n := range []int{0, 1, 63, 64, 65, 496, 4096, 2 * 4096} {
			prefetch.Range(unsafe.Pointer(&buf[off]), uintptr(n))
			prefetch.Line(unsafe.Pointer(&buf[off+n]))
		}
	}
	prefetch.Line(nil)
	prefetch.Addr(0)
	prefetch.Addr(uintptr(unsafe.Pointer(unsafe.SliceData(buf))) + uintptr(len(buf)) + 64) // past the slice
	prefetch.Range(nil, 0)
	if !bytes.Equal(buf, want) {
		t.Fatal("prefetching changed the memory")
	}
}

// BenchmarkRange fetches a classify.Result's bytes, as the aggregator's Preload does.
func BenchmarkRange(b *testing.B) {
	buf := make([]byte, 1<<20)
	const n = unsafe.Sizeof(classify.Result{})
	for i := uintptr(0); b.Loop(); i++ {
		prefetch.Range(unsafe.Pointer(&buf[i*n&(1<<19-1)]), n) // through 512 KiB
	}
}
