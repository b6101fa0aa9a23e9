//go:build !amd64 || purego

package topk

// Touch loads the table slot where a value of hash h is looked up first and returns
// what it read, which means nothing to the caller: without a prefetch instruction, a
// load whose result is hardly used is the next best way to have the line fetched
// early (see the amd64 version).
func (c *Counter) Touch(h uint64) uint64 {
	if i := home(h, c.mask); i < uint64(len(c.table)) {
		return c.table[i]
	}
	return 0
}

// touchAhead does nothing here: the entry is written, not read, and a load would
// only add a wait.
func touchAhead(entries []entry) {}
