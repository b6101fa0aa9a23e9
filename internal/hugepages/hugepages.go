// Package hugepages asks the system to back the Go heap with transparent huge pages
// (2 MiB instead of 4 KiB), for a process whose heap is large and touched at random:
// the report's top lists probe tables of several MiB at a random slot on every new
// value, and fill their entries and arenas as they grow. On 4 KiB pages each such
// probe misses the TLB as well as the cache, and each page costs a fault when first
// written (about 1.8 µs in the VM of bench/README.md, where a run on the all-distinct
// shape faulted 29,000 of them).
//
// Linux backs memory with huge pages where a program asks for them (madvise
// MADV_HUGEPAGE) under its default THP setting, "madvise"; the Go runtime does not ask
// for its heap. Elsewhere, and where the system says "never", nothing changes. It is
// advice: no result depends on it.
package hugepages
