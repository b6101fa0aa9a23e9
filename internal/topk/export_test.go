package topk

// What the black-box tests inspect and the aggregator needs not: the counter's
// error bound and every held value.

// Error returns the counter's error bound E (0 when exact).
func (c *Counter) Error() int64 { return c.offset }

// Each calls fn for every held value with its upper-bound count and error, in the
// order of first insertion (while exact).
func (c *Counter) Each(fn func(Entry)) {
	for i := range c.entries {
		e := &c.entries[i]
		fn(Entry{Value: c.value(e), Count: e.count + c.offset, Error: c.offset, Aux: e.aux})
	}
}

// Held returns the bytes the counter's memory holds: its entries' and keys' capacity,
// its table and its sketch.
func (c *Counter) Held() int64 {
	held := int64(cap(c.entries))*entryBytes + int64(len(c.table))*slotBytes + int64(cap(c.keys))
	if c.hll != nil {
		held += hllBytes
	}
	return held
}

// MedianCount is the median of counts as a purge finds it (see medianCount).
func MedianCount(counts []int64) int64 {
	entries := make([]entry, len(counts))
	for i, n := range counts {
		entries[i].count = n
	}
	return medianCount(entries, make([]uint64, len(counts)))
}
