//go:build !linux

package memory

// Populate does nothing on this system: the pages are faulted in at first use.
func Populate[T any](s []T) {}
