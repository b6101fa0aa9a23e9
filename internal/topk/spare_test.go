package topk

import (
	"slices"
	"strconv"
	"testing"
)

// TestSpareTake: a spare gives a zeroed slice of the length asked, its own when made
// for that length, a new one otherwise; a nil spare makes one.
func TestSpareTake(t *testing.T) {
	for _, tc := range []struct {
		spare *spare[uint64]
		n     int
	}{
		{makeSpare[uint64](1 << 14), 1 << 14},
		{makeSpare[uint64](1 << 14), 1 << 13},
		{nil, 1 << 14},
		{nil, 3},
	} {
		got := tc.spare.take(tc.n)
		if len(got) != tc.n || slices.ContainsFunc(got, func(v uint64) bool { return v != 0 }) {
			t.Errorf("take(%d) from %v: %d elements, or not zeroed", tc.n, tc.spare, len(got))
		}
	}
}

// TestGrowthTakesSpares: a counter that keeps growing makes each large growth's
// slices ahead, and its growth takes them; the counts stay exact.
func TestGrowthTakesSpares(t *testing.T) {
	c := NewBudget(1<<30, DefaultFloor).NewCounter()
	var entryGrowths, keyGrowths int
	const values = 300_000
	for i := range values {
		v := "value-" + strconv.Itoa(i)
		fullEntries := len(c.entries) == cap(c.entries) && cap(c.entries) >= spareMin/int(entryBytes)
		fullKeys := len(c.keys)+len(v) > cap(c.keys) && cap(c.keys) >= spareMin
		if fullEntries && (c.spareEntries == nil || c.spareEntries.n != 2*cap(c.entries)) {
			t.Fatalf("at %d entries: no spare of %d entries made ahead", len(c.entries), 2*cap(c.entries))
		}
		if fullKeys && (c.spareKeys == nil || c.spareKeys.n != 2*cap(c.keys)+1) {
			t.Fatalf("at %d bytes of values: no spare of %d bytes made ahead", len(c.keys), 2*cap(c.keys))
		}
		want := c.spareEntries
		c.Add(Key{S: v, Hash: Hash(v)}, 1)
		if fullEntries {
			if c.spareEntries != nil || cap(c.entries) != want.n {
				t.Fatalf("growth to %d entries, spare of %d left untaken", cap(c.entries), want.n)
			}
			entryGrowths++
		}
		if fullKeys {
			keyGrowths++
		}
	}
	if entryGrowths < 2 || keyGrowths < 2 {
		t.Fatalf("%d entry and %d key growths from spares, want at least 2 of each", entryGrowths, keyGrowths)
	}
	if c.Len() != values || c.offset != 0 {
		t.Fatalf("%d values held, error %d; want %d, 0", c.Len(), c.offset, values)
	}
}
