// Package topk counts how often values occur, for a report's top lists and distinct
// counts, exactly while the values fit a memory budget shared by every list, and with
// stated bounds past it.
//
// A [Counter] starts exact: every distinct value is held, interned once in an arena of
// bytes and found through an open-addressing table keyed by the value's [Hash] (computed
// once per value, see [Key]), so counting costs no allocation per event and no string
// hashing beyond that one hash. An entry is 16 bytes and keeps no hash: on input where
// every value is new (every address and agent once) each value writes a new entry, and
// half the bytes are half the cache lines written and the memory faulted in. The table
// keeps the hash's high 32 bits, which also place the value in it, so that a grown
// table is refilled from the old one; the few places that need the whole hash (the
// values that survive a purge, the switch to the distinct sketch) hash the held value
// again. Counters draw their memory from one [Budget]: the lists
// that need room get it, whichever they are. When a counter cannot grow (the budget is
// spent and the counter already holds its guaranteed floor) it keeps the room it has
// and becomes a Misra–Gries summary (Misra and Gries, 1982) with the batched "reverse
// purge" of mergeable summaries (Agarwal et al., 2012): when full, it subtracts the
// median count from every held value and drops those left at zero. The total
// subtracted, the counter's offset E, bounds every error: a held value's true count
// lies in [c, c+E] for its stored c, and a value not held occurred at most E times. A
// counter reports c+E with error E, so a shown count is never below the truth and
// never more than E above it. [Counter.Top] shows only the values certain to belong to
// the top N and says how many candidates it left out.
//
// Distinct values are counted exactly while the counter is exact; from the first purge
// on, by a HyperLogLog sketch (precision 14, about 0.8 % standard error) filled with
// every held hash at the switch and every hash after it.
package topk

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unsafe"
)

// DefaultFloor is the memory every counter may use whatever the budget's state, so that
// a list first met after the budget is spent still keeps several hundred values.
const DefaultFloor = 64 << 10

// Budget is the memory, in bytes, that a set of counters may hold together. Counters
// charge it for their tables, entries and interned values as they grow; the Go heap
// may hold up to as much again in slices replaced by larger ones until the next
// collection, and in the slices of a counter's next growth, made a little ahead (see
// [spare]). A Budget is not safe for concurrent use.
type Budget struct {
	limit, used, floor int64
}

// NewBudget returns a budget of limit bytes whose counters may each use floor bytes
// (e.g. [DefaultFloor]) even when the budget is spent.
func NewBudget(limit, floor int64) *Budget {
	return &Budget{limit: limit, floor: floor}
}

// Used returns the bytes the budget's counters hold.
func (b *Budget) Used() int64 { return b.used }

// NewCounter returns an empty, exact counter drawing on b.
func (b *Budget) NewCounter() *Counter { return &Counter{budget: b} }

// Counter counts values; see the package documentation. A Counter is not safe for
// concurrent use.
type Counter struct {
	budget *Budget
	bytes  int64 // what the counter has charged to its budget

	entries []entry
	keys    []byte   // the held values, back to back in entries' order
	table   []uint64 // open addressing, linear probing, see [home]: hash>>32<<32 | index+1; 0 is empty
	mask    uint64
	// last is the index+1 of the previous add's entry (0: none): logs repeat a value in
	// runs, and comparing to it saves a probe. lastHash is its hash when an add set it
	// (compared before the value's bytes); [Counter.AddAt], which does not know the
	// hash, sets 0, which costs the next add a probe, never a wrong count.
	last     int
	lastHash uint64

	// spareEntries, spareTable and spareKeys are the slices of the counter's next
	// doubling, made on another goroutine (see [spare]) from when the current ones are
	// three quarters full: prepEntries and prepKeys are those lengths.
	spareEntries          *spare[entry]
	spareTable            *spare[uint64]
	spareKeys             *spare[byte]
	prepEntries, prepKeys int

	gen     uint64 // purges so far: the generation of Refs (see [Ref]); 64 bits never wrap
	bounded bool   // the counter cannot grow: it purges instead
	offset  int64  // E: total subtracted by purges and dropped values
	hll     *hll   // the distinct sketch, from the switch to bounded on
}

type entry struct {
	count int64
	off   uint32 // the value is keys[off : off+n]
	n     uint16 // at most MaxLen
	aux   uint16
}

// MaxLen is the longest value, in bytes, that a counter holds. A longer value is
// counted as a value with no room is: never held, its count in the error bound. The
// aggregator cuts every value it counts to at most a kilobyte (a message, 1,024 bytes).
const MaxLen = 1<<16 - 1

// home is the table slot where a value of hash h is looked for first. It is taken
// from the high 32 bits that the slot keeps, so that a grown table is refilled from
// the old one's slots without the entries holding the hash.
func home(h, mask uint64) uint64 { return h >> 32 & mask }

const (
	entryBytes = int64(unsafe.Sizeof(entry{}))
	slotBytes  = 8
	hllBytes   = int64(unsafe.Sizeof(hll{}))
	minEntries = 8
	minKeys    = 256
	// reserveShare: see [Counter.charge].
	reserveShare = 64
)

// Add counts n more occurrences of k (n < 1 counts nothing).
func (c *Counter) Add(k Key, n int64) { c.AddAux(k, n, 0) }

// AddAux counts n more occurrences of k and, when k is not yet held, stores aux with
// it: a detail that is a function of the value (a user agent's family), returned by
// [Counter.Top] without a second lookup.
func (c *Counter) AddAux(k Key, n int64, aux uint16) {
	if n < 1 {
		return
	}
	c.add(k, n, aux)
	if c.hll != nil { // after add, which may have started the sketch
		c.hll.add(k.Hash)
	}
}

// Repeat counts n more occurrences of the value that the previous call with n ≥ 1 of
// [Counter.Add], [Counter.AddAux], [Counter.AddRef] or [Counter.AddAt] counted, and
// reports whether it could: false when that value is no longer held (purged, or never
// held for lack of room), and then the caller must count it with AddAux. It spares a
// caller that knows its value repeats (the same log field as the previous event's)
// hashing the value and comparing it with the held one. The distinct sketch needs no
// update: it holds the value's hash already.
func (c *Counter) Repeat(n int64) bool {
	if c.last == 0 {
		return false
	}
	if n >= 1 {
		c.entries[c.last-1].count += n
	}
	return true
}

// Ref is where a counter holds a value, as [Counter.AddRef] returns it: valid until the
// counter next purges (its generation changes), so that a caller that counts a few
// values over and over (the aggregator's request fields) can count them again with
// [Counter.AddAt] without hashing, looking up or comparing them.
type Ref struct {
	gen uint64
	idx int32 // entry index+1; 0: not held
}

// AddRef is [Counter.Add] returning where the value is held (a zero Ref when the
// counter could not hold it).
func (c *Counter) AddRef(k Key, n int64) Ref {
	if n < 1 {
		return Ref{} // AddAux would count nothing and leave last at another value
	}
	c.AddAux(k, n, 0)
	return Ref{gen: c.gen, idx: int32(c.last)}
}

// AddAt counts n more occurrences of the value held at r, which AddRef on this counter
// returned, and reports whether it could: false when r is no longer valid, and then
// the caller must count the value with AddRef. The distinct sketch holds the value's
// hash already.
func (c *Counter) AddAt(r Ref, n int64) bool {
	if r.idx == 0 || r.gen != c.gen {
		return false
	}
	if n >= 1 {
		c.entries[r.idx-1].count += n
		c.last = int(r.idx)
		c.lastHash = 0 // not known here: the next add compares with a probe
	}
	return true
}

func (c *Counter) add(k Key, n int64, aux uint16) {
	if c.last != 0 && c.lastHash == k.Hash {
		if e := &c.entries[c.last-1]; c.value(e) == k.S {
			e.count += n
			return
		}
	}
	c.lastHash = k.Hash
	i, slot := c.find(k)
	if i >= 0 {
		c.entries[i].count += n
		c.last = i + 1
		return
	}
	if len(c.entries) == cap(c.entries) || len(c.keys)+len(k.S) > cap(c.keys) || len(k.S) > MaxLen {
		if len(k.S) > MaxLen || !c.makeRoom(len(k.S)) {
			c.offset += n // a value that cannot be held at all: its count is in E
			c.last = 0    // and Repeat cannot count it
			return
		}
		_, slot = c.find(k) // the table was rebuilt
	}
	c.entries = append(c.entries, entry{count: n, off: uint32(len(c.keys)), n: uint16(len(k.S)), aux: aux})
	if len(c.entries)&(entriesPerLine-1) == 0 {
		touchAhead(c.entries)
	}
	c.keys = append(c.keys, k.S...)
	*c.slot(slot) = k.Hash&^0xffffffff | uint64(len(c.entries))
	c.last = len(c.entries)
	if len(c.entries) == c.prepEntries {
		c.prepareEntries()
	}
	if len(c.keys) > c.prepKeys {
		c.prepareKeys()
	}
}

// value returns e's value in the arena (no copy: valid until the arena changes). Its
// bytes are unchecked, as its length always was: an entry's value lies in the arena
// (add and purge write both), and a bounds check cost instructions on every lookup.
// An empty value held when the arena was full starts at its end: every arena is
// allocated one byte longer than its capacity, so that even that pointer points into
// it (a pointer past an object is invalid, and the race detector's checks stop on it).
func (c *Counter) value(e *entry) string {
	return unsafe.String((*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(c.keys)), e.off)), e.n)
}

// slot returns table slot i, which must be at most mask. It is unchecked: the table
// has exactly mask+1 slots (set together in growEntries and toBounded), which the
// compiler cannot know, and a bounds check cost instructions on every probe of every
// lookup and on every new value's store.
func (c *Counter) slot(i uint64) *uint64 {
	return (*uint64)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(c.table)), i*slotBytes))
}

// find returns k's entry index, or -1 and the empty slot where it belongs.
func (c *Counter) find(k Key) (int, uint64) {
	if c.table == nil {
		return -1, 0
	}
	tag := k.Hash &^ 0xffffffff
	for i := home(k.Hash, c.mask); ; i = (i + 1) & c.mask {
		s := *c.slot(i)
		if s == 0 {
			return -1, i
		}
		if s&^0xffffffff == tag {
			idx := int(uint32(s)) - 1
			if c.value(&c.entries[idx]) == k.S {
				return idx, i
			}
		}
	}
}

// makeRoom makes room for one more entry whose value has keyLen bytes: by growing
// while the budget allows, else by purging. It returns false when even an empty
// counter could not hold the value.
func (c *Counter) makeRoom(keyLen int) bool {
	for {
		needEntry := len(c.entries) == cap(c.entries)
		needKeys := len(c.keys)+keyLen > cap(c.keys)
		if !needEntry && !needKeys {
			return true
		}
		if !c.bounded {
			if needEntry && !c.growEntries() || needKeys && !c.growKeys(keyLen) {
				c.toBounded()
			}
			continue
		}
		if len(c.entries) == 0 {
			return false
		}
		c.purge()
	}
}

// charge takes bytes from the budget if the counter stays within its floor or the
// budget within its limit. The budget's last 1/reserveShare is only for counters that
// stay under that much: lists that fill the budget early (every address, agent and
// user new on each line) leave room for a small list that outgrows its floor late (a
// few thousand address prefixes, one more every few hundred lines), which would
// otherwise turn bounded for want of a few hundred KiB.
func (c *Counter) charge(bytes int64) bool {
	if !c.fits(bytes) {
		return false
	}
	c.force(bytes)
	return true
}

// fits reports whether charge would take bytes.
func (c *Counter) fits(bytes int64) bool {
	b := c.budget
	limit := b.limit
	if reserve := b.limit / reserveShare; c.bytes+bytes > reserve {
		limit -= reserve
	}
	return c.bytes+bytes <= b.floor || b.used+bytes <= limit
}

// force takes bytes from the budget whatever its limit: for the bounded counter's
// small fixed parts.
func (c *Counter) force(bytes int64) {
	c.bytes += bytes
	c.budget.used += bytes
}

// growth is how much a full slice grows: double, or a quarter when doubling does not
// fit the budget.
var growth = [...]struct{ num, den int }{{2, 1}, {5, 4}}

func (c *Counter) growEntries() bool {
	old := cap(c.entries)
	for _, g := range growth {
		n, slots := entriesGrowth(old, g.num, g.den)
		if !c.charge(c.entriesCost(n, slots)) {
			continue
		}
		// Exactly n entries: slices.Grow would round the capacity up to the runtime's
		// size classes (524,288 asked, 641,280 given), and the counter would fill room it
		// never charged, so when it purges would depend on the Go version.
		entries := c.spareEntries.take(n)[:len(c.entries)]
		copy(entries, c.entries)
		c.entries = entries
		if slots != len(c.table) {
			old := c.table
			c.table = c.spareTable.take(slots)
			c.mask = uint64(slots - 1)
			c.refill(old) // the new table is empty: make zeroed it
		}
		c.spareEntries, c.spareTable, c.prepEntries = nil, nil, n-n/4
		return true
	}
	return false
}

// entriesGrowth returns the entries and table slots that old entries grow to by the
// factor num/den.
func entriesGrowth(old, num, den int) (n, slots int) {
	n = max(old*num/den, minEntries)
	slots = 1
	for slots < 2*n {
		slots <<= 1
	}
	return n, slots
}

// entriesCost is the budget that growing to n entries and slots table slots takes.
func (c *Counter) entriesCost(n, slots int) int64 {
	return int64(n-cap(c.entries))*entryBytes + int64(slots-len(c.table))*slotBytes
}

func (c *Counter) growKeys(keyLen int) bool {
	old := cap(c.keys)
	for _, g := range growth {
		n := max(old*g.num/g.den, len(c.keys)+keyLen, minKeys)
		if !c.charge(int64(n - old)) {
			continue
		}
		keys := c.spareKeys.take(n + 1)[:len(c.keys):n] // see value
		copy(keys, c.keys)
		c.keys = keys
		c.spareKeys, c.prepKeys = nil, n-n/4
		return true
	}
	return false
}

// prepareEntries starts making the entries and table that the counter's next
// doubling takes, when they are large enough to be worth another goroutine and the
// budget would now allow them.
func (c *Counter) prepareEntries() {
	n, slots := entriesGrowth(cap(c.entries), growth[0].num, growth[0].den)
	if c.bounded || n < spareMin/int(entryBytes) || !c.fits(c.entriesCost(n, slots)) {
		return
	}
	c.spareEntries = makeSpare[entry](n)
	if slots != len(c.table) {
		c.spareTable = makeSpare[uint64](slots)
	}
}

// prepareKeys is prepareEntries for the arena of values.
func (c *Counter) prepareKeys() {
	c.prepKeys = math.MaxInt // until the next growth
	n := cap(c.keys) * growth[0].num / growth[0].den
	if c.bounded || n < spareMin || !c.fits(int64(n-cap(c.keys))) {
		return
	}
	c.spareKeys = makeSpare[byte](n + 1) // see value
}

// refill enters the slots of old, a smaller table, in the table, which must be empty.
func (c *Counter) refill(old []uint64) {
	table, mask := c.table, c.mask
	for _, s := range old {
		if s != 0 {
			put(table, mask, s)
		}
	}
}

// put enters slot s in table, of exactly mask+1 slots, in the first free slot from its
// home. It takes the table and mask as arguments rather than reading them from the
// Counter: the compiler does not hoist those loads out of a loop, so the probing loop
// (and refill's, which put is inlined into) reloaded them at every step. Its slots are
// unchecked, as [Counter.slot]'s.
func put(table []uint64, mask, s uint64) {
	base := unsafe.Pointer(unsafe.SliceData(table))
	i := home(s, mask)
	for *(*uint64)(unsafe.Add(base, i*slotBytes)) != 0 {
		i = (i + 1) & mask
	}
	*(*uint64)(unsafe.Add(base, i*slotBytes)) = s
}

// toBounded turns the counter into a summary of the room it has, and starts the
// distinct sketch from the values held so far (all the distinct values seen).
func (c *Counter) toBounded() {
	c.bounded = true
	c.spareEntries, c.spareTable, c.spareKeys = nil, nil, nil
	c.force(hllBytes) // the sketch is small and bounded: never refused
	c.hll = new(hll)
	for i := range c.entries {
		c.hll.add(Hash(c.value(&c.entries[i])))
	}
	if cap(c.entries) == 0 || c.table == nil { // not even one entry: room for a few
		c.force(int64(minEntries)*entryBytes + 2*minEntries*slotBytes)
		c.entries = make([]entry, 0, minEntries)
		c.table = make([]uint64, 2*minEntries)
		c.mask = 2*minEntries - 1
	}
	if cap(c.keys) == 0 {
		c.force(minKeys)
		c.keys = make([]byte, 0, minKeys+1)[:0:minKeys] // see value
	}
}

// purge subtracts the median count from every entry, drops the entries left at zero
// (at least half) and compacts the arena in place.
func (c *Counter) purge() {
	d := medianCount(c.entries, c.table) // the table is rebuilt below
	c.offset += d
	// The slices are held in variables, and an entry read whole only when it stays:
	// read through c, each entry reloaded them and bounds-checked its index, and the
	// entry was copied whole before its count was compared.
	entries, keys := c.entries, c.keys
	w, kw := 0, 0
	for i := range entries {
		e := &entries[i]
		if e.count <= d {
			continue
		}
		e.count -= d
		copy(keys[kw:], keys[e.off:e.off+uint32(e.n)])
		e.off = uint32(kw)
		kw += int(e.n)
		entries[w] = *e // w <= i: only entries already read are overwritten
		w++
	}
	c.entries = entries[:w]
	c.keys = keys[:kw]
	clear(c.table)
	for idx := range c.entries { // the survivors' hashes, from their values
		put(c.table, c.mask, Hash(c.value(&c.entries[idx]))&^0xffffffff|uint64(idx+1))
	}
	c.last = 0
	c.gen++ // the entries moved: every Ref is void
}

// medianCount returns the median of the entries' counts: the (n/2)-th smallest
// (0-based) of n. Every held count is at least 1 (values are added 1 or more times,
// and a purge keeps only counts above what it subtracts), so where more than half of
// them are 1, that is it, found in one pass that only compares: on input where most
// values occur once (every address, agent and user new), nearly every purge, which
// then needs neither the copy into scratch nor the selection's partitioning (the whole
// binary on the 1M all-distinct file: purge 120 → 50 instructions a line, plus 35 for
// this pass). The pass stops as soon as more than half are 1, which is before its end
// when 1s abound. Else the counts are copied into scratch (at least n long, its
// contents overwritten) and selected.
func medianCount(entries []entry, scratch []uint64) int64 {
	n, ones := len(entries), 0
	for i := range entries {
		if entries[i].count == 1 {
			if ones++; ones > n/2 {
				return 1
			}
		}
	}
	scratch = scratch[:n]
	for i := range entries {
		scratch[i] = uint64(entries[i].count)
	}
	return int64(selectKth(scratch, n/2))
}

// selectKth reorders s and returns its k-th smallest element (0-based): quickselect
// with a median-of-three pivot and three-way partitioning, so runs of equal counts
// (the common case) cost one pass.
func selectKth(s []uint64, k int) uint64 {
	lo, hi := 0, len(s)-1
	for lo < hi {
		a, b, m := s[lo], s[hi], s[lo+(hi-lo)/2]
		pivot := max(min(a, b), min(max(a, b), m))
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch {
			case s[i] < pivot:
				s[lt], s[i] = s[i], s[lt]
				lt++
				i++
			case s[i] > pivot:
				s[i], s[gt] = s[gt], s[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return pivot
		}
	}
	return s[k]
}

// appendAhead is how many entries past the last one add fetches when it appends (on
// the all-distinct shape every value is new), once per cache line (every
// entriesPerLine appends: so many share a 64-byte line).
const (
	appendAhead    = 4
	entriesPerLine = 64 / int(entryBytes)
)

// Exact reports whether every count is exact: no value has been purged or dropped.
func (c *Counter) Exact() bool { return c.offset == 0 }

// Len returns the number of values held.
func (c *Counter) Len() int { return len(c.entries) }

// Bytes returns the memory the counter has charged to its budget.
func (c *Counter) Bytes() int64 { return c.bytes }

// Distinct returns the number of distinct values counted: exact while the counter is,
// else a HyperLogLog estimate (never below the number of values held).
func (c *Counter) Distinct() (n int64, exact bool) {
	if c.offset == 0 {
		return int64(len(c.entries)), true
	}
	return max(int64(c.hll.estimate()+0.5), int64(len(c.entries))), false
}

// Entry is one value of a top list. Its true count lies in [Count-Error, Count].
type Entry struct {
	Value string
	Count int64
	Error int64 // 0: Count is exact
	Aux   uint16
}

// Top returns up to n values by count (most first, ties by value), keeping only those
// certain to belong to the top n: values whose lowest possible count no value left
// out, and fewer than n other values, could exceed. uncertain is how many of the n
// best candidates were left out for lack of that certainty (0 while exact). Values
// are copies, safe to keep.
func (c *Counter) Top(n int) (top []Entry, uncertain int) { return c.TopFunc(n, strings.Compare) }

// TopFunc is [Counter.Top] with ties between equal counts broken by tie (e.g. the
// order of the values' display forms) instead of by value.
//
// A candidate x of the n best is certain when no value left out could exceed its lowest
// possible count (its stored count is at least E) and fewer than n other values could:
// the values whose count+E exceeds x's count are the best ones down to some rank, so
// that holds exactly when the (n+1)-th best count is at most x's count − E.
//
// That depends on the counts alone. So a bounded counter's top is found without
// ranking the values that tie, which on input where every value occurs about as often
// (every address once) meant comparing nearly every held value with tie: the certain
// values are those counted at least E more than the (n+1)-th best count, all of them
// above it and so among the n best whatever the ties, and only they are ranked.
func (c *Counter) TopFunc(n int, tie func(a, b string) int) (top []Entry, uncertain int) {
	if n <= 0 || len(c.entries) == 0 {
		return nil, 0
	}
	better := func(a, b int32) int { // <0 when a ranks before b
		ea, eb := &c.entries[a], &c.entries[b]
		if ea.count != eb.count {
			return cmp.Compare(eb.count, ea.count)
		}
		return tie(c.value(ea), c.value(eb))
	}
	E := c.offset
	var best []int32
	if E == 0 {
		best = c.best(n, better, tie)
	} else {
		floor := E + c.countAt(n+1) // the lowest count of a certain value
		// The entries are held: c.entries[i] was reloaded after each append.
		for i, entries := 0, c.entries; i < len(entries); i++ {
			if entries[i].count >= floor {
				best = append(best, int32(i))
			}
		}
		slices.SortFunc(best, better)
		uncertain = min(n, len(c.entries)) - len(best)
	}
	for _, i := range best {
		e := &c.entries[i]
		top = append(top, Entry{Value: strings.Clone(c.value(e)), Count: e.count + E, Error: E, Aux: e.aux})
	}
	return top, uncertain
}

// countAt returns the k-th best count (k ≥ 1), 0 when fewer than k values are held: a
// min-heap of the k best counts so far, whose root a value must beat to enter it.
func (c *Counter) countAt(k int) int64 {
	if k > len(c.entries) {
		return 0
	}
	h := make([]int64, 0, k)
	for _, e := range c.entries { // c.entries[i] was reloaded, and bounds-checked, after h's stores
		n := e.count
		if len(h) < k {
			h = append(h, n)
			for x := len(h) - 1; x > 0 && h[(x-1)/2] > h[x]; x = (x - 1) / 2 { // up
				h[x], h[(x-1)/2] = h[(x-1)/2], h[x]
			}
			continue
		}
		if n <= h[0] {
			continue
		}
		h[0] = n
		for x := 0; ; { // down
			m := x
			if l := 2*x + 1; l < k && h[l] < h[m] {
				m = l
			}
			if r := 2*x + 2; r < k && h[r] < h[m] {
				m = r
			}
			if m == x {
				break
			}
			h[x], h[m] = h[m], h[x]
			x = m
		}
	}
	return h[0]
}

// best returns the indexes of the k best entries by better, best first: a bounded
// heap whose root is the worst kept, so the cost is O(len · log k) whatever the order.
// better must rank by count, highest first, then by tie on the values, as TopFunc's.
func (c *Counter) best(k int, better func(a, b int32) int, tie func(a, b string) int) []int32 {
	if k >= len(c.entries) {
		all := make([]int32, len(c.entries))
		for i := range all {
			all[i] = int32(i)
		}
		slices.SortFunc(all, better)
		return all
	}
	h := make([]int32, 0, k)
	worse := func(i, j int) bool { return better(h[i], h[j]) > 0 } // h[i] ranks after h[j]
	down := func(i int) {
		for {
			w := i
			if l := 2*i + 1; l < len(h) && worse(l, w) {
				w = l
			}
			if r := 2*i + 2; r < len(h) && worse(r, w) {
				w = r
			}
			if w == i {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	// Once the heap is full, an entry enters it when better(it, root) < 0. That test is
	// written out below with the root's count and value held while the root stays:
	// most entries do not enter, and where counts tie (every value seen once) each
	// was a call of better, which made both values again.
	var rootCount int64
	var rootValue string
	for i := range c.entries {
		j := int32(i)
		if len(h) < k {
			h = append(h, j)
			for x := len(h) - 1; x > 0; { // up
				p := (x - 1) / 2
				if !worse(x, p) {
					break
				}
				h[x], h[p] = h[p], h[x]
				x = p
			}
		} else {
			e := &c.entries[i]
			if e.count < rootCount || e.count == rootCount && tie(c.value(e), rootValue) >= 0 {
				continue
			}
			h[0] = j
			down(0)
		}
		if len(h) == k {
			root := &c.entries[h[0]]
			rootCount, rootValue = root.count, c.value(root)
		}
	}
	slices.SortFunc(h, better)
	return h
}
