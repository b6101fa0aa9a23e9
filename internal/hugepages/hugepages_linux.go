package hugepages

import (
	"os"
	"strings"
	"syscall"
	"unsafe"
)

// AdviseHeap has the Go heap map n more bytes now, and advises them onto huge pages,
// so that the heap grows into them. The heap is mapped as it grows and never unmapped
// (memory given back to the system keeps the advice), so the bytes are mapped once
// here, by allocating them and letting them go: they are not touched, so they cost
// no memory until the heap uses them, and the next collection, early in a run, frees
// them for it. GODEBUG=disablethp=1, the runtime's own opt-out, is honoured.
func AdviseHeap(n int) {
	if n > 0 && !optedOut() {
		mapAdvised(n)
	}
}

// optedOut reports whether GODEBUG says disablethp=1.
func optedOut() bool {
	return strings.Contains(","+os.Getenv("GODEBUG")+",", ",disablethp=1,")
}

// mapAdvised allocates n bytes, advises them and returns where they are (for the
// tests: the allocation itself is let go).
func mapAdvised(n int) uintptr {
	b := make([]byte, n)
	advise(unsafe.Pointer(unsafe.SliceData(b)), uintptr(n))
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

// advise asks for huge pages for the 2 MiB-aligned part of the n bytes at p.
func advise(p unsafe.Pointer, n uintptr) {
	const huge = 2 << 20
	skip := -uintptr(p) & (huge - 1) // to the first huge page boundary
	if n <= skip {
		return
	}
	if m := (n - skip) &^ (huge - 1); m > 0 {
		_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, skip)), m), syscall.MADV_HUGEPAGE)
	}
}
