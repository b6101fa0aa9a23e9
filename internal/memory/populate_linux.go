package memory

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// Populate backs the whole pages of s's array (up to its capacity) with memory now,
// writable, keeping their contents (madvise MADV_POPULATE_WRITE, Linux 5.14). On an
// older kernel it does nothing, and the pages are faulted in at first use as before.
func Populate[T any](s []T) { _ = populate(s) }

func populate[T any](s []T) error {
	if cap(s) == 0 {
		return nil
	}
	s = s[:cap(s)]
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), uintptr(len(s))*unsafe.Sizeof(s[0]))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	pageSize := uintptr(unix.Getpagesize())           // 4 KiB on amd64; 16 or 64 KiB on some arm64 kernels
	start := int((pageSize - p%pageSize) % pageSize)  // the first whole page
	end := len(b) - int((p+uintptr(len(b)))%pageSize) // past the last one
	if end-start < int(pageSize) {
		return nil
	}
	return unix.Madvise(b[start:end], unix.MADV_POPULATE_WRITE)
}
