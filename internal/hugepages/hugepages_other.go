//go:build !linux

package hugepages

// AdviseHeap does nothing: huge pages are asked for on Linux only.
func AdviseHeap(int) {}
