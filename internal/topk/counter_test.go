package topk_test

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/topk"
)

// reference is the exact count of every value, and its top list.
type reference map[string]int64

func (r reference) sorted() []topk.Entry {
	out := make([]topk.Entry, 0, len(r))
	for v, n := range r {
		out = append(out, topk.Entry{Value: v, Count: n})
	}
	slices.SortFunc(out, func(a, b topk.Entry) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
	})
	return out
}

// checkBounds checks every promise a counter makes against the exact counts: each
// held value's true count within [Count-Error, Count]; values not held at most Error;
// each top entry certain to belong to the top n; exact counters exactly right.
func checkBounds(t *testing.T, c *topk.Counter, ref reference, n int) {
	t.Helper()
	held := map[string]bool{}
	c.Each(func(e topk.Entry) {
		held[e.Value] = true
		if truth := ref[e.Value]; truth > e.Count || truth < e.Count-e.Error {
			t.Fatalf("%q: count %d error %d, true count %d", e.Value, e.Count, e.Error, truth)
		}
		if e.Error != c.Error() {
			t.Fatalf("%q: error %d, counter error %d", e.Value, e.Error, c.Error())
		}
	})
	for v, truth := range ref {
		if !held[v] && truth > c.Error() {
			t.Fatalf("%q occurred %d times, not held, counter error %d", v, truth, c.Error())
		}
	}
	want := ref.sorted()
	top, uncertain := c.Top(n)
	if c.Exact() {
		if uncertain != 0 || len(top) != min(n, len(want)) {
			t.Fatalf("exact counter: %d entries, %d uncertain; want %d", len(top), uncertain, min(n, len(want)))
		}
		for i, e := range top {
			if e.Value != want[i].Value || e.Count != want[i].Count || e.Error != 0 {
				t.Fatalf("exact top[%d] = %+v, want %+v", i, e, want[i])
			}
		}
		if d, exact := c.Distinct(); !exact || d != int64(len(ref)) {
			t.Fatalf("exact counter: distinct %d (exact %v), want %d", d, exact, len(ref))
		}
		return
	}
	if len(top)+uncertain > n {
		t.Fatalf("%d shown + %d uncertain > top %d", len(top), uncertain, n)
	}
	for _, e := range top {
		truth := ref[e.Value]
		greater := 0
		for _, w := range want {
			if w.Count <= truth {
				break
			}
			greater++
		}
		if greater >= n {
			t.Fatalf("%q shown in the top %d, but %d values occurred more often (count %d error %d true %d)",
				e.Value, n, greater, e.Count, e.Error, truth)
		}
	}
	// Completeness: a value of the true top n that beats every other value by twice
	// the error, and the error itself by as much, cannot be uncertain.
	shown := map[string]bool{}
	for _, e := range top {
		shown[e.Value] = true
	}
	var next int64
	if len(want) > n {
		next = want[n].Count
	}
	E := c.Error()
	for _, w := range want[:min(n, len(want))] {
		if w.Count >= max(next, E)+2*E && !shown[w.Value] {
			t.Fatalf("%q (true %d) left out of the top %d; next true count %d, error %d", w.Value, w.Count, n, next, E)
		}
	}
}

func keys(prefix string, n int) []topk.Key {
	out := make([]topk.Key, n)
	for i := range out {
		out[i] = topk.MakeKey(prefix + strconv.Itoa(i))
	}
	return out
}

func TestExactWhileFitting(t *testing.T) {
	b := topk.NewBudget(math.MaxInt64, 0)
	c := b.NewCounter()
	ref := reference{}
	rng := rand.New(rand.NewPCG(1, 2))
	ks := keys("user", 20000)
	for range 300000 {
		k := ks[rng.IntN(len(ks))]
		n := int64(1 + rng.IntN(3))
		c.Add(k, n)
		ref[k.S] += n
	}
	if !c.Exact() {
		t.Fatal("counter with an unlimited budget is not exact")
	}
	checkBounds(t, c, ref, 10)
	checkBounds(t, c, ref, 50000)
}

// stream is a generator of values for the property tests.
type stream struct {
	name string
	next func(rng *rand.Rand) string
}

var streams = []stream{
	{"all-distinct", func() func(*rand.Rand) string {
		i := 0
		return func(*rand.Rand) string { i++; return "v" + strconv.Itoa(i) }
	}()},
	{"heavy-tail", func(rng *rand.Rand) string {
		if rng.IntN(3) == 0 { // a third from heavy hitters, each twice as frequent as the next
			return "heavy" + strconv.Itoa(min(bits.TrailingZeros64(rng.Uint64()), 12))
		}
		return "tail" + strconv.Itoa(int(rng.ExpFloat64()*3000))
	}},
	{"zipf", func() func(*rand.Rand) string {
		var z *rand.Zipf
		return func(rng *rand.Rand) string {
			if z == nil {
				z = rand.NewZipf(rng, 1.1, 1, 1<<20)
			}
			return "z" + strconv.FormatUint(z.Uint64(), 10)
		}
	}()},
}

func TestBoundsPastBudget(t *testing.T) {
	for _, s := range streams {
		for _, budget := range []int64{0, 16 << 10, 256 << 10} {
			t.Run(fmt.Sprintf("%s/%d", s.name, budget), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(budget), 9))
				b := topk.NewBudget(budget, 4<<10)
				c := b.NewCounter()
				ref := reference{}
				for range 200000 {
					v := s.next(rng)
					n := int64(1)
					if rng.IntN(10) == 0 {
						n = int64(1 + rng.IntN(50))
					}
					c.Add(topk.MakeKey(v), n)
					ref[v] += n
				}
				if c.Exact() {
					t.Fatalf("%d distinct values in %d bytes: still exact", len(ref), budget)
				}
				for _, n := range []int{1, 10, 100} {
					checkBounds(t, c, ref, n)
				}
				if s.name == "heavy-tail" {
					top, _ := c.Top(10)
					if len(top) < 3 {
						t.Errorf("heavy hitters: only %d of the top 10 certain: %+v", len(top), top)
					}
				}
				if s.name == "all-distinct" {
					if top, uncertain := c.Top(10); len(top) != 0 || uncertain != 10 {
						t.Errorf("all distinct: shown %+v, %d uncertain; want none shown, 10 uncertain", top, uncertain)
					}
				}
				if d, exact := c.Distinct(); exact || math.Abs(float64(d)/float64(len(ref))-1) > 0.02 {
					t.Errorf("distinct %d (exact %v), true %d", d, exact, len(ref))
				}
			})
		}
	}
}

// TestTopByDefinition holds Top to its definition on bounded counters: rank every held
// value (count, then value), take the n best, and keep those no value left out and fewer
// than n others could exceed. Top finds them from the counts alone (see
// [topk.Counter.TopFunc]); this ranks everything, ties included.
func TestTopByDefinition(t *testing.T) {
	for _, s := range streams {
		for _, budget := range []int64{0, 16 << 10} {
			t.Run(fmt.Sprintf("%s/%d", s.name, budget), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(budget), 11))
				c := topk.NewBudget(budget, 4<<10).NewCounter()
				for i := range 50000 {
					n := int64(1)
					if s.name != "all-distinct" && i%7 == 0 {
						n = int64(1 + rng.IntN(20))
					}
					c.Add(topk.MakeKey(s.next(rng)), n)
				}
				if c.Exact() {
					t.Fatal("still exact: the test needs a bounded counter")
				}
				var held []topk.Entry
				c.Each(func(e topk.Entry) { held = append(held, e) })
				slices.SortFunc(held, func(a, b topk.Entry) int {
					return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Value, b.Value))
				})
				E := c.Error()
				for _, n := range []int{1, 2, 10, 100, len(held), len(held) + 5} {
					best := held[:min(n+1, len(held))]
					var next int64 // the (n+1)-th best stored count
					if len(best) > n {
						next = best[n].Count - E
						best = best[:n]
					}
					var want []topk.Entry
					wantUncertain := 0
					for _, e := range best {
						if stored := e.Count - E; stored < E || next > stored-E {
							wantUncertain++
							continue
						}
						want = append(want, topk.Entry{Value: e.Value, Count: e.Count, Error: E})
					}
					got, uncertain := c.Top(n)
					if uncertain != wantUncertain || !slices.Equal(got, want) {
						t.Fatalf("Top(%d) = %v, %d uncertain; by definition %v, %d", n, got, uncertain, want, wantUncertain)
					}
				}
			})
		}
	}
}

// TestPurgeEqualCounts: when every held value has the same count (all-distinct input,
// each value counted three times here) a purge drops them all: the bounds hold, the
// error grows by that count per purge, and the values held are the last ones added,
// in order.
func TestPurgeEqualCounts(t *testing.T) {
	c := topk.NewBudget(0, 4<<10).NewCounter()
	ref := reference{}
	const n = 10000
	for i := range n {
		v := "v" + strconv.Itoa(i)
		c.Add(topk.MakeKey(v), 3)
		ref[v] = 3
	}
	checkBounds(t, c, ref, 10)
	if c.Error() == 0 || c.Error()%3 != 0 {
		t.Errorf("error %d, want a positive multiple of 3", c.Error())
	}
	i := n - c.Len()
	c.Each(func(e topk.Entry) {
		if want := "v" + strconv.Itoa(i); e.Value != want || e.Count != 3+c.Error() {
			t.Fatalf("held %q count %d, want %q count %d", e.Value, e.Count, want, 3+c.Error())
		}
		i++
	})
}

// TestSharedBudget: counters on one budget stay within it plus their floors and
// sketches, and a counter started after the budget is spent still keeps its floor's
// worth of values exactly.
func TestSharedBudget(t *testing.T) {
	const limit, floor = 1 << 20, 16 << 10
	b := topk.NewBudget(limit, floor)
	var counters []*topk.Counter
	for i := range 8 {
		c := b.NewCounter()
		counters = append(counters, c)
		for j := range 50000 {
			c.Add(topk.MakeKey(fmt.Sprintf("list%d-value%d", i, j)), 1)
		}
	}
	late := b.NewCounter()
	ref := reference{}
	for j := range 100 {
		v := "late" + strconv.Itoa(j%50)
		late.Add(topk.MakeKey(v), 1)
		ref[v]++
	}
	if !late.Exact() {
		t.Error("a counter with 50 values is not exact under its floor")
	}
	checkBounds(t, late, ref, 10)
	var sum int64
	for _, c := range append(counters, late) {
		sum += c.Bytes()
		if c.Exact() && c != late {
			t.Errorf("a counter of 50,000 values is exact in a 1 MiB budget")
		}
	}
	const sketch = 1 << 14
	if sum != b.Used() || b.Used() > limit+9*(floor+sketch) {
		t.Errorf("used %d (counters %d), limit %d + 9 × (floor %d + sketch %d)", b.Used(), sum, limit, floor, sketch)
	}
}

// TestReserveForLateLists: counters that spend the budget (every value new) leave
// its last 1/64 to counters that stay under that much, so a list that outgrows its
// floor only after the budget is spent (a few thousand address prefixes, one new
// every few hundred lines) still counts exactly.
func TestReserveForLateLists(t *testing.T) {
	const limit, floor = 4 << 20, 4 << 10
	b := topk.NewBudget(limit, floor)
	big := []*topk.Counter{b.NewCounter(), b.NewCounter()}
	for i := range 400_000 {
		for j, c := range big {
			c.Add(topk.MakeKey(fmt.Sprintf("big%d-%d", j, i)), 1)
		}
	}
	for _, c := range big {
		if c.Exact() {
			t.Fatal("a counter of 400,000 values is exact in 4 MiB")
		}
	}
	late := b.NewCounter()
	ref := reference{}
	for i := range 1000 {
		v := "late" + strconv.Itoa(i)
		late.Add(topk.MakeKey(v), 1)
		ref[v]++
	}
	if late.Bytes() <= floor || !late.Exact() {
		t.Errorf("a late counter of %d values holds %d bytes (floor %d), exact %v; want it past its floor and exact", len(ref), late.Bytes(), floor, late.Exact())
	}
	checkBounds(t, late, ref, 10)
}

func TestDistinctEstimate(t *testing.T) {
	sizes := []int{1000, 10000, 100000, 1000000}
	if testing.Short() {
		sizes = sizes[:3]
	}
	for _, n := range sizes {
		for seed := range 3 {
			b := topk.NewBudget(0, 8<<10) // bounded from the first few hundred values
			c := b.NewCounter()
			prefix := fmt.Sprintf("s%d-", seed)
			for i := range n {
				c.Add(topk.MakeKey(prefix+strconv.Itoa(i)), 1)
				if i%3 == 0 { // repeats do not count twice
					c.Add(topk.MakeKey(prefix+strconv.Itoa(i/2)), 1)
				}
			}
			d, exact := c.Distinct()
			if exact {
				t.Fatalf("%d values in an 8 KiB counter: exact", n)
			}
			if rel := float64(d)/float64(n) - 1; math.Abs(rel) > 0.02 {
				t.Errorf("n=%d seed %d: estimate %d, off by %.2f%%", n, seed, d, 100*rel)
			}
		}
	}
}

func TestAux(t *testing.T) {
	c := topk.NewBudget(math.MaxInt64, 0).NewCounter()
	c.AddAux(topk.MakeKey("Firefox/1"), 1, 7)
	c.AddAux(topk.MakeKey("Firefox/1"), 1, 9) // a held value keeps its first aux
	c.AddAux(topk.MakeKey("curl"), 3, 2)
	top, _ := c.Top(5)
	want := []topk.Entry{{Value: "curl", Count: 3, Aux: 2}, {Value: "Firefox/1", Count: 2, Aux: 7}}
	if !slices.Equal(top, want) {
		t.Errorf("top %+v, want %+v", top, want)
	}
}

func TestAddIgnoresNonPositive(t *testing.T) {
	c := topk.NewBudget(math.MaxInt64, 0).NewCounter()
	c.Add(topk.MakeKey("a"), 0)
	c.Add(topk.MakeKey("a"), -3)
	if top, _ := c.Top(1); len(top) != 0 || c.Len() != 0 {
		t.Errorf("counts of n < 1 were held: %+v", top)
	}
}

// TestHugeValue: a value larger than the whole room is not lost: its count goes into
// the error bound.
func TestHugeValue(t *testing.T) {
	c := topk.NewBudget(0, 0).NewCounter()
	huge := string(make([]byte, 4096))
	ref := reference{"a": 2, huge: 5}
	c.Add(topk.MakeKey("a"), 2)
	c.Add(topk.MakeKey(huge), 5)
	checkBounds(t, c, ref, 2)
	if c.Exact() {
		t.Error("a dropped value left the counter exact")
	}
}

// TestMaxLen: a value of MaxLen bytes is held exactly like any other; a longer one,
// with all the room it could want, is never held (an entry keeps 16 bits of length) and
// its count goes into the error bound, as a value with no room.
func TestMaxLen(t *testing.T) {
	c := topk.NewBudget(math.MaxInt64, 0).NewCounter()
	longest := strings.Repeat("x", topk.MaxLen)
	c.Add(topk.MakeKey(longest), 3)
	c.Add(topk.MakeKey("a"), 1)
	checkBounds(t, c, reference{longest: 3, "a": 1}, 2)
	if !c.Exact() || c.Len() != 2 {
		t.Fatalf("a value of MaxLen bytes: exact %v, %d held", c.Exact(), c.Len())
	}
	tooLong := longest + "y"
	c.Add(topk.MakeKey(tooLong), 4)
	checkBounds(t, c, reference{longest: 3, "a": 1, tooLong: 4}, 2)
	if c.Exact() || c.Len() != 2 || c.Error() != 4 {
		t.Errorf("a value of MaxLen+1 bytes: exact %v, %d held, error %d; want 2 held, error 4", c.Exact(), c.Len(), c.Error())
	}
	if c.Repeat(1) {
		t.Error("Repeat counted a value the counter could not hold")
	}
}

// TestHashSpreads: every bit of the hash is set for about half of a set of similar
// values (the table uses the high 32 bits, the distinct sketch all 64), and copies
// of a value hash alike.
func TestHashSpreads(t *testing.T) {
	const n = 100000
	var ones [64]int
	for i := range n {
		h := topk.Hash("10.0." + strconv.Itoa(i>>8) + "." + strconv.Itoa(i&255))
		for b := range ones {
			ones[b] += int(h >> b & 1)
		}
	}
	for b, k := range ones {
		if math.Abs(float64(k)/n-0.5) > 0.01 {
			t.Errorf("bit %d set in %d of %d hashes", b, k, n)
		}
	}
	for _, s := range []string{"", "a", "abc", "abcdefgh", "abcdefghijklmnop", "abcdefghijklmnopq"} {
		if topk.Hash(s) != topk.Hash(string([]byte(s))) || topk.MakeKey(s).Hash != topk.Hash(s) {
			t.Errorf("hash of %q differs between copies", s)
		}
	}
}

// TestHash4: Hash4 of a word is Hash of its four bytes, little-endian.
func TestHash4(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, v := range append([]uint32{0, 1, 0xff, 0x0a000001, 0xffffffff}, rng.Uint32(), rng.Uint32()) {
		b := []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)}
		if got, want := topk.Hash4(v), topk.Hash(string(b)); got != want {
			t.Errorf("Hash4(%#x) = %#x, Hash(%q) = %#x", v, got, b, want)
		}
	}
}

// TestRepeat: counting a value that repeats the previous one with Repeat (and with Add
// when Repeat refuses) leaves a counter exactly as counting it with Add does, exact or
// past its budget, and Repeat refuses before any Add and after a value it could not
// hold.
func TestRepeat(t *testing.T) {
	againstAdd(t, "Repeat", 11, func(t *testing.T, s stream, rng *rand.Rand, _ int64, c, add *topk.Counter) {
		if c.Repeat(1) {
			t.Fatal("Repeat before any Add counted something")
		}
		var prev string
		repeated := 0
		for range 100000 {
			v := prev
			if prev == "" || rng.IntN(3) == 0 { // runs of a value, as in logs
				v = s.next(rng)
			}
			n := int64(1 + rng.IntN(3))
			if v == prev && c.Repeat(n) {
				repeated++
			} else {
				c.Add(topk.MakeKey(v), n)
			}
			add.Add(topk.MakeKey(v), n)
			prev = v
		}
		if repeated == 0 {
			t.Fatal("Repeat never counted")
		}
	})
	c := topk.NewBudget(0, 0).NewCounter()
	c.Add(topk.MakeKey("a"), 1)
	c.Add(topk.MakeKey(string(make([]byte, 4096))), 1) // too big to hold
	if c.Repeat(1) {
		t.Error("Repeat counted a value the counter could not hold")
	}
	// AddAt counts a value again: Repeat repeats that one, not the one added last.
	c = topk.NewBudget(math.MaxInt64, 0).NewCounter()
	a := c.AddRef(topk.MakeKey("a"), 1)
	c.Add(topk.MakeKey("b"), 1)
	if !c.AddAt(a, 1) || !c.Repeat(5) {
		t.Fatal("AddAt or Repeat refused on an exact counter")
	}
	if top, _ := c.Top(2); len(top) != 2 || top[0].Value != "a" || top[0].Count != 7 || top[1].Count != 1 {
		t.Errorf("after AddAt(a) and Repeat: %+v, want a 7 times and b once", top)
	}
}

// TestAddAt: counting values again at the Ref that AddRef returned (and with AddRef
// when AddAt refuses) leaves a counter exactly as counting them with Add does, exact or
// past its budget (whose purges void every Ref).
func TestAddAt(t *testing.T) {
	againstAdd(t, "AddAt", 13, func(t *testing.T, s stream, rng *rand.Rand, budget int64, c, add *topk.Counter) {
		refs := map[string]topk.Ref{}
		again, refused := 0, 0
		for range 100000 {
			v := s.next(rng)
			n := int64(rng.IntN(3)) // 0 counts nothing
			if r, ok := refs[v]; ok && c.AddAt(r, n) {
				again++
			} else {
				if ok {
					refused++
				}
				refs[v] = c.AddRef(topk.MakeKey(v), n)
			}
			add.Add(topk.MakeKey(v), n)
		}
		if s.name != "all-distinct" && (again == 0 || budget != math.MaxInt64 && refused == 0) {
			t.Fatalf("AddAt counted %d times, refused %d times", again, refused)
		}
	})
	if (&topk.Counter{}).AddAt(topk.Ref{}, 1) {
		t.Error("AddAt counted at a zero Ref")
	}
}

// againstAdd calls fill for every stream and budget (none, small, unbounded) with two
// counters: c to fill with the help of how, add to fill with Add alone; then checks
// that they hold the same entries in the same order, error and distinct count.
func againstAdd(t *testing.T, how string, seed uint64, fill func(t *testing.T, s stream, rng *rand.Rand, budget int64, c, add *topk.Counter)) {
	for _, s := range streams {
		for _, budget := range []int64{0, 16 << 10, math.MaxInt64} {
			t.Run(fmt.Sprintf("%s/%d", s.name, budget), func(t *testing.T) {
				c := topk.NewBudget(budget, 4<<10).NewCounter()
				add := topk.NewBudget(budget, 4<<10).NewCounter()
				fill(t, s, rand.New(rand.NewPCG(uint64(budget), seed)), budget, c, add)
				var a, b []topk.Entry
				c.Each(func(e topk.Entry) { a = append(a, e) })
				add.Each(func(e topk.Entry) { b = append(b, e) })
				if !slices.Equal(a, b) || c.Error() != add.Error() {
					t.Fatalf("with %s: %d entries, error %d; with Add: %d entries, error %d", how, len(a), c.Error(), len(b), add.Error())
				}
				da, ea := c.Distinct()
				db, eb := add.Distinct()
				if da != db || ea != eb {
					t.Fatalf("distinct with %s %d (%v), with Add %d (%v)", how, da, ea, db, eb)
				}
			})
		}
	}
}

// TestMedianCount: the median a purge subtracts is the (n/2)-th smallest count
// (0-based), also where the smallest count is held by just half, more than half or
// all of them (the one-pass answer) and where it is not.
func TestMedianCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	for trial := range 2000 {
		n := 1 + rng.IntN(40)
		counts := make([]int64, n)
		least := int64(1 + rng.IntN(3))
		share := rng.IntN(n + 1) // how many hold the smallest count
		for i := range counts {
			counts[i] = least
			if i >= share {
				counts[i] += 1 + rng.Int64N(int64(1+rng.IntN(5)))
			}
		}
		rng.Shuffle(n, func(i, j int) { counts[i], counts[j] = counts[j], counts[i] })
		sorted := slices.Sorted(slices.Values(counts))
		if got, want := topk.MedianCount(slices.Clone(counts)), sorted[n/2]; got != want {
			t.Fatalf("trial %d: median of %v = %d, want %d", trial, counts, got, want)
		}
	}
}

// Touch is a hint: on a counter with no table yet, and on one that has grown and then
// purged (a bounded counter), with any hash, it neither faults nor changes a count,
// and entries appended past a cache line's worth (where add fetches ahead) are
// counted as without it.
func TestTouchChangesNothing(t *testing.T) {
	c, ref := topk.NewBudget(1<<14, 0).NewCounter(), topk.NewBudget(1<<14, 0).NewCounter()
	for _, h := range []uint64{0, 1, math.MaxUint64, 1 << 63} {
		c.Touch(h) // no table yet
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 20_000 {
		v := strconv.Itoa(rng.IntN(3_000))
		k := topk.MakeKey(v)
		c.Touch(k.Hash)
		c.Touch(rng.Uint64())
		c.Add(k, int64(1+i%3))
		ref.Add(k, int64(1+i%3))
	}
	if c.Exact() {
		t.Fatal("the budget should have bounded the counter")
	}
	got, gu := c.Top(50)
	want, wu := ref.Top(50)
	if !slices.Equal(got, want) || gu != wu {
		t.Fatalf("with touches: %v (%d uncertain), without: %v (%d)", got, gu, want, wu)
	}
}

// TestEmptyValueAtFullArena: an empty value held when the values' arena is exactly full
// is found again and counted (its bytes start at the arena's end, which must still point
// into it: under -race a pointer past the arena stops the test).
func TestEmptyValueAtFullArena(t *testing.T) {
	c := topk.NewBudget(1<<20, topk.DefaultFloor).NewCounter()
	full := strings.Repeat("x", 256) // the arena's first capacity
	c.Add(topk.Key{S: full, Hash: topk.Hash(full)}, 1)
	for range 3 {
		c.Add(topk.Key{S: "", Hash: topk.Hash("")}, 1)
	}
	var got []string
	c.Each(func(e topk.Entry) { got = append(got, fmt.Sprintf("%q:%d", e.Value, e.Count)) })
	if want := fmt.Sprintf("%q:1 \"\":3", full); strings.Join(got, " ") != want {
		t.Fatalf("held %v, want %s", got, want)
	}
}
