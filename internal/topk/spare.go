package topk

import (
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/memory"
)

// spareMin is the size, in bytes, from which a counter's next slices are made ahead
// on another goroutine (see [spare]): smaller ones cost less than the hand-off.
const spareMin = 64 << 10

// spare is a zeroed slice of n elements, made and backed with memory on a goroutine of
// its own while its counter fills the slice it will replace. On input where every value
// is new the counters grow several times a second early in a run, on the aggregator's
// goroutine, the pipeline's only serial stage; the kernel's work of backing a fresh
// slice with pages (two thirds of a growth's cost when it was done by faults) is then
// done on a core that would otherwise wait for the aggregator. A nil *spare is valid
// and makes its slice when taken.
type spare[T any] struct {
	n    int
	made chan []T
}

func makeSpare[T any](n int) *spare[T] {
	s := &spare[T]{n: n, made: make(chan []T, 1)}
	go func() { s.made <- newSlice[T](n) }()
	return s
}

// take returns a zeroed slice of n elements: the spare's, waiting for it if it was made
// for n, or a new one. A spare of another length is left to the garbage collector.
func (s *spare[T]) take(n int) []T {
	if s == nil || s.n != n {
		return newSlice[T](n)
	}
	return <-s.made
}

// newSlice returns a zeroed slice of n elements with its pages already backed (see
// [memory.Populate]).
func newSlice[T any](n int) []T {
	b := make([]T, n)
	if uintptr(n)*unsafe.Sizeof(*new(T)) >= spareMin { // smaller ones may share pages in use
		memory.Populate(b)
	}
	return b
}
