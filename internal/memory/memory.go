// Package memory backs a fresh slice with pages before it is used.
//
// A slice the Go runtime takes fresh from the operating system has no pages yet: the
// kernel backs each 4 KiB page at its first touch, with a fault. A hash table is
// touched at random, so a page is often read before it is written, which costs two
// faults (the first maps the shared zero page, the write replaces it). On the
// report's all-distinct input its top lists grow to tens of MiB early in a run, on
// the aggregator's goroutine, the pipeline's only serial stage; there the faults were
// the largest part of a growth's cost. [Populate] asks for all of a slice's pages in
// one system call instead.
package memory
