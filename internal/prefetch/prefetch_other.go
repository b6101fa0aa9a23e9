//go:build !amd64 || purego

package prefetch

import "unsafe"

// Line does nothing here (see the package documentation).
func Line(p unsafe.Pointer) {}

// Addr does nothing here (see the package documentation).
func Addr(a uintptr) {}

// Range does nothing here (see the package documentation).
func Range(p unsafe.Pointer, n uintptr) {}
