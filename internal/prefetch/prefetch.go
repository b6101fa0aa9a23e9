// Package prefetch asks the processor to start loading memory that will be read soon,
// without waiting for it: a hint that changes no result. A loop that looks values up
// in tables of several MiB, or reads records another core has just written, then
// finds them in the cache instead of stalling on each miss in turn.
//
// On amd64 it issues PREFETCHT0 (assembly); elsewhere, and with the purego build tag,
// its functions do nothing.
package prefetch
