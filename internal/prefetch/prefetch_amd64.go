//go:build !purego

package prefetch

import "unsafe"

// Line starts fetching the cache line that holds p and returns at once. p need not
// point to valid memory: a prefetch never faults.
//
//go:noescape
func Line(p unsafe.Pointer)

// Addr is Line for an address that may lie outside any Go object (past a slice's
// capacity, say): an unsafe.Pointer may not point there (go test -race checks it, and
// fails), an integer may.
//
//go:noescape
func Addr(a uintptr)

// Range starts fetching every cache line of the n bytes at p (at least p's line, at
// most one line past the last) and returns at once.
//
//go:noescape
func Range(p unsafe.Pointer, n uintptr)
