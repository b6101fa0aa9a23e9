package topk_test

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/wikimedia/jwtriage/internal/topk"
)

// FuzzMerge splits a stream between two counters of small budgets, merges one into
// the other and checks the merged counter against the exact counts of the whole
// stream: every bound holds, and exact merges stay exact.
func FuzzMerge(f *testing.F) {
	f.Add([]byte("aabbbcccc"), uint16(0), uint16(0), uint8(3))
	f.Add([]byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\xff\xfe"), uint16(1), uint16(64), uint8(1))
	f.Add(make([]byte, 300), uint16(4), uint16(4), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, budgetA, budgetB uint16, spread uint8) {
		// Budgets and floors in units of 64 bytes; a zero budget means unlimited.
		newCounter := func(units uint16) *topk.Counter {
			if units == 0 {
				return topk.NewBudget(math.MaxInt64, 0).NewCounter()
			}
			return topk.NewBudget(int64(units)*64, int64(units%8)*64).NewCounter()
		}
		a, b := newCounter(budgetA), newCounter(budgetB)
		ref := reference{}
		rng := rand.New(rand.NewPCG(uint64(len(data)), uint64(spread)))
		for i, x := range data {
			// Values: the byte, widened by spread into more distinct values.
			v := strconv.Itoa(int(x) + int(spread)*i%(1+int(spread)*50))
			n := int64(1 + x%4)
			if rng.IntN(2) == 0 {
				a.Add(topk.MakeKey(v), n)
			} else {
				b.Add(topk.MakeKey(v), n)
			}
			ref[v] += n
		}
		exactBefore := a.Exact() && b.Exact()
		a.Merge(b)
		if exactBefore && budgetA == 0 && !a.Exact() {
			t.Fatal("merging exact counters into an unlimited one lost exactness")
		}
		for _, n := range []int{1, 3, 10} {
			checkBounds(t, a, ref, n)
		}
	})
}

// TestMergeOfExactIsExact: the common case of the parallel pipeline.
func TestMergeOfExactIsExact(t *testing.T) {
	budget := topk.NewBudget(64<<20, topk.DefaultFloor)
	ref := reference{}
	parts := make([]*topk.Counter, 4)
	for p := range parts {
		parts[p] = budget.NewCounter()
		for i := range 5000 {
			v := "wiki" + strconv.Itoa((i*7+p)%1000)
			parts[p].Add(topk.MakeKey(v), 1)
			ref[v]++
		}
	}
	for _, p := range parts[1:] {
		parts[0].Merge(p)
	}
	if !parts[0].Exact() {
		t.Fatal("merge of exact counters within budget is not exact")
	}
	checkBounds(t, parts[0], ref, 10)
}

// TestMergeBoundedDistinct: merged sketches estimate the union's distinct values.
func TestMergeBoundedDistinct(t *testing.T) {
	a := topk.NewBudget(0, 8<<10).NewCounter()
	b := topk.NewBudget(0, 8<<10).NewCounter()
	for i := range 200000 {
		a.Add(topk.MakeKey("x"+strconv.Itoa(i)), 1)
		b.Add(topk.MakeKey("x"+strconv.Itoa(i+100000)), 1) // half overlaps a
	}
	a.Merge(b)
	d, exact := a.Distinct()
	if exact || math.Abs(float64(d)/300000-1) > 0.02 {
		t.Errorf("distinct of the union %d (exact %v), want 300,000 ± 2 %%", d, exact)
	}
}

func TestMergeIntoItself(t *testing.T) {
	for _, budget := range []int64{math.MaxInt64, 0} {
		c := topk.NewBudget(budget, 4<<10).NewCounter()
		ref := reference{}
		for i := range 20000 {
			v := strconv.Itoa(i % 3000)
			c.Add(topk.MakeKey(v), 1)
			ref[v] += 2
		}
		c.Merge(c)
		checkBounds(t, c, ref, 10)
	}
}
