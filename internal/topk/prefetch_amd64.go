//go:build !purego

package topk

import (
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/prefetch"
)

// Touch fetches the table slot where a value of hash h is looked up first, with a
// prefetch instruction, which never waits. Touching the next events' slots while the
// current one is counted lets the processor fetch them from memory in parallel: in a
// table of several MiB each lookup is otherwise a cache miss in series. It returns 0
// (elsewhere than on amd64 it loads the slot and returns what it read, meaning nothing
// to the caller).
//
// It checks neither the index nor that there is a table: a prefetch never faults,
// whatever the address (a nil table's is near 0). So it is cheap enough for the
// compiler to inline at every call site (the aggregator calls it for five lists an
// event). The entry where a new value will be written is fetched by add instead, a
// few appends ahead (see touchAhead).
func (c *Counter) Touch(h uint64) uint64 {
	prefetch.Line(unsafe.Add(unsafe.Pointer(unsafe.SliceData(c.table)), home(h, c.mask)*slotBytes))
	return 0
}

// touchAhead fetches the entry appendAhead past the last of entries, where add will
// write a few appends later, without waiting for it. It checks no capacity: past it
// the prefetch fetches a line of no use, and never faults (an address, not a pointer:
// a pointer past the slice's array is invalid, see [prefetch.Addr]).
func touchAhead(entries []entry) {
	prefetch.Addr(uintptr(unsafe.Pointer(unsafe.SliceData(entries))) + uintptr(len(entries)+appendAhead)*uintptr(entryBytes))
}
