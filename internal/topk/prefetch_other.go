//go:build !amd64 || purego

package topk

// touchSlot loads *p: without a prefetch instruction, a load whose result is hardly
// used is the next best way to have the line fetched early.
func touchSlot(p *uint64) uint64 { return *p }

// touchEntry does nothing here: the entry is written, not read, and a load would
// only add a wait.
func touchEntry(e *entry) {}
