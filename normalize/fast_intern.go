package normalize

import (
	"encoding/binary"
	"hash/maphash"
	"unsafe"
)

// fastInterner hands out one string (and one boxed `any` of it) per distinct value it
// has seen recently, so that values repeated from line to line (channels, wikis, hosts,
// user agents, messages) cost a hash and a comparison instead of an allocation. It is
// a direct-mapped cache of fixed size: a new value replaces the one in its slot, so
// memory stays flat whatever the input.
//
// Interning pays only for values that repeat: a field whose every value is new (user
// agents and users on the all-distinct shape, a botnet) costs a hash, a slot miss and a
// slot write per value on top of the copy it needs anyway. So each call site
// ([internSite]) watches its own hit rate over windows of internWindow lookups and,
// after a window with fewer than one hit in internMinHitShare, interns only one value in
// internSample (the others are plain copies) until a window of those hits again. The
// strings are equal either way: only sharing is lost.
//
// The bar is half the lookups: a short value is copied from its words in a few
// instructions (see textWords), while a lookup costs a hash, a slot that may be cold,
// a comparison and, on a miss, the slot's rewrite. The all-distinct shape's 5,000
// wikis, round-robin, hit about a quarter of the time and are cheaper copied (with a
// bar of one in eight they were looked up on most lines of the 1M-line file).
type fastInterner struct {
	seed  maphash.Seed
	slots []fastInterned
	chunk []byte // see text
	sites [internSites]internStats
}

type fastInterned struct {
	words fastWords // s's, compared before s
	s     string
	box   any // s as an interface value, made on first use
}

// fastWords is a value's first 16 bytes (zero-padded) and, past 16, its last eight, in
// little-endian words: with the length they decide whether two values of up to
// fastWordsExact bytes are equal, and make their hash, without reading either value's
// bytes again. Comparing and hashing the bytes cost more than the rest of a lookup: a
// hit on one of the all-distinct shape's 5,000 wikis spent two thirds of its time in
// memeqbody on the slot's cold copy, and the last-value check (mostly values of one
// length that differ at the end: users, agents) 8 % of the decoding in memeqbody.
type fastWords struct{ w0, w1, tail uint64 }

// fastWordsExact: values up to this long are equal exactly when their lengths and
// fastWords are.
const fastWordsExact = 24

func wordsOf(b []byte) fastWords {
	var w fastWords
	w.w0, w.w1 = fastKeyWords(b)
	if len(b) > 16 {
		w.tail = binary.LittleEndian.Uint64(b[len(b)-8:])
	}
	return w
}

// maskedWords is fastKeyWords of b's first n bytes (all 16 when n is 16 or more), for a
// value or key that the line's bytes after it pad to 16 bytes: two loads, masked, no
// branch on the length.
func maskedWords(b *[16]byte, n int) (w0, w1 uint64) {
	mask := &wordMasks[min(n, 16)&31]
	return binary.LittleEndian.Uint64(b[:8]) & mask[0], binary.LittleEndian.Uint64(b[8:]) & mask[1]
}

// wordMasks[n] keeps the first n bytes of two little-endian words (n up to 16).
var wordMasks = func() (m [32][2]uint64) {
	for n := range 17 {
		for i := range n {
			m[n][i/8] |= 0xFF << (8 * (i % 8))
		}
	}
	return m
}()

// plain reports whether a value of up to fastWordsExact bytes whose words are w is
// its own decoding: no backslash (escape) and no byte of 0x80 or above (whose UTF-8
// validity the decoding would check). The words hold every byte of such a value, and
// their zero padding is neither. It spares the line's lazy flags scan of the value
// ([jsonscan.Tape.Flags]), which was a sixth of a missed lookup.
func (w fastWords) plain() bool {
	const ones, highs, backslashes = 0x0101010101010101, 0x8080808080808080, 0x5C5C5C5C5C5C5C5C
	// x's zero bytes are w's backslashes. Where w has no high byte neither has x, so
	// x-ones sets a byte's high bit only at a zero byte or above one (the borrow):
	// exact for "any", with no &^x (two instructions a word without ANDN).
	x0, x1, x2 := w.w0^backslashes, w.w1^backslashes, w.tail^backslashes
	return (w.w0|w.w1|w.tail|(x0-ones)|(x1-ones)|(x2-ones))&highs == 0
}

// sameWords reports whether s equals b, whose words are w, given s's words ws.
func sameWords(s string, ws fastWords, b []byte, w fastWords) bool {
	return len(s) == len(b) && ws == w && (len(b) <= fastWordsExact || s[16:] == string(b[16:]))
}

// internSite is which field a value is interned for: each has its hit-rate watch and
// its last value.
type internSite uint8

const (
	internChannel  internSite = iota
	internTemplate            // normalized messages
	internMessage
	internWiki
	internVersion  // MediaWiki versions
	internGroup    // server groups
	internProvider // session providers
	internServer
	internValue   // placeholder values and Event.Fields
	internAgent   // user agents
	internSubject // subjects, users and central ids
	internSites
)

// internStats is one site's last value and its hit rate over the current window.
//
// The last value is checked first, on the line's raw bytes (see [FastDecoder.internedAt]):
// lines come in runs of the same channel, message, template, provider and version, and
// on the all-distinct shape five of the six shared values of a line repeat the line
// before while the sixth (the wiki, 5,000 of them) misses. Those hits then cost one
// comparison of words, not a decoding check, a hash, a slot load and a comparison; and
// they do not count in the window, which judges the table.
type internStats struct {
	last    string  // the last value
	lastRaw rawMemo // the raw (undecoded) bytes it was decoded from

	lookups, hits uint32
	calls         uint32 // while sampling: calls since it began
	sampling      bool
}

// rawMemo remembers a value's raw bytes from a line, to tell at the cost of a
// comparison of words whether a later value has the same bytes (and so the same
// decoding and everything worked out from it).
type rawMemo struct {
	words fastWords // the bytes' words
	mid   uint64    // bytes 16 to 24 when there are more than fastWordsExact: with words, all of up to rawMemoExact
	n     int       // their length; none when 0 (none yet) or -1 (longer than fastInternMaxLen)
	raw   []byte    // a copy of them when longer than rawMemoExact
}

// rawMemoExact: bytes up to this long are remembered in words alone, and compared
// without a call (a session provider's `CentralAuthSessionProvider` is 26 bytes long).
const rawMemoExact = 32

// same reports whether raw, whose words are w, are the remembered bytes.
func (m *rawMemo) same(raw []byte, w fastWords) bool {
	return m.sameAt(unsafe.Pointer(unsafe.SliceData(raw)), len(raw), w)
}

// sameAt is same for the n bytes at p: internedAt's check, with no slice made
// (unsafe.Slice checks its bounds) for the values that are the last ones, most of a
// line's.
func (m *rawMemo) sameAt(p unsafe.Pointer, n int, w fastWords) bool {
	return n == m.n && w == m.words && (n <= fastWordsExact ||
		n <= rawMemoExact && m.mid == binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(p, 16))[:]) ||
		n > rawMemoExact && string(m.raw[16:]) == unsafe.String((*byte)(unsafe.Add(p, 16)), n-16))
}

// set remembers raw, whose words are w; bytes longer than fastInternMaxLen are not
// kept (nor copied).
func (m *rawMemo) set(raw []byte, w fastWords) {
	n := len(raw)
	if n > fastInternMaxLen {
		m.n = -1
		return
	}
	m.words, m.n = w, n
	if n > rawMemoExact {
		m.raw = append(m.raw[:0], raw...)
	} else if n > fastWordsExact {
		m.mid = binary.LittleEndian.Uint64(raw[16:])
	}
}

const (
	// fastInternSlots is the cache's size (a power of two).
	fastInternSlots = 4096
	// fastInternMaxLen keeps long, mostly unique values (long messages) out.
	fastInternMaxLen = 512
	// internWindow is how many lookups a site's hit rate is judged over.
	internWindow = 1024
	// internMinHitShare: a window with fewer than 1/internMinHitShare hits turns the
	// site to sampling.
	internMinHitShare = 2
	// internSample: while sampling, one value in this many is interned.
	internSample = 64
	// fastTextMaxLen and fastTextChunk: see fastInterner.text.
	fastTextMaxLen = 64
	fastTextChunk  = 512
)

func (c *fastInterner) init() {
	c.seed = maphash.MakeSeed()
	c.slots = make([]fastInterned, fastInternSlots)
}

// slot returns b's slot, filled with b when it held another value; nil when site is
// sampling and this value is not one of the sample.
func (c *fastInterner) slot(site internSite, b []byte, w fastWords) *fastInterned {
	if c.skip(site) {
		return nil
	}
	return c.lookup(site, b, w, false)
}

// skip reports whether site is sampling and this value is not one of the sample.
func (c *fastInterner) skip(site internSite) bool {
	st := &c.sites[site]
	if !st.sampling {
		return false
	}
	st.calls++
	return st.calls%internSample != 0
}

// lookup is slot for a value to intern; with last, b (its raw bytes too) becomes
// site's last value (internNew's last call: one call fewer).
func (c *fastInterner) lookup(site internSite, b []byte, w fastWords, last bool) *fastInterned {
	var h uint64
	if len(b) <= fastWordsExact {
		h = mixWords(w.w0, w.w1^w.tail*0x165667B19E3779F9, len(b))
	} else {
		h = maphash.Bytes(c.seed, b)
	}
	e := &c.slots[h&(fastInternSlots-1)]
	hit := sameWords(e.s, e.words, b, w)
	if !hit {
		*e = fastInterned{words: w, s: c.textOf(b, w)}
	}
	st := &c.sites[site]
	st.lookups++
	if hit {
		st.hits++
	}
	if st.lookups >= internWindow {
		st.sampling = st.hits*internMinHitShare < st.lookups
		st.lookups, st.hits, st.calls = 0, 0, 0
	}
	if last {
		c.setLast(site, b, w, e.s)
	}
	return e
}

// get returns b as a string, the cached one when b was seen recently.
func (c *fastInterner) get(site internSite, b []byte) string {
	if len(b) > fastInternMaxLen || len(b) == 0 {
		return string(b)
	}
	return c.getWords(site, b, wordsOf(b))
}

// getWords is get for b of at most fastInternMaxLen bytes whose words are w.
func (c *fastInterner) getWords(site internSite, b []byte, w fastWords) string {
	if c.skip(site) {
		return c.textOf(b, w)
	}
	return c.lookup(site, b, w, false).s
}

// text returns a copy of b as a string: for b of up to fastTextMaxLen bytes, carved
// from a chunk of fastTextChunk bytes shared with the values copied before it, one
// allocation for many (new values of every line on the all-distinct shape: a user, an
// agent, a wiki). A chunk is never written where a string was carved, so each string
// is as valid and as lasting as its own allocation was; one that is kept keeps its
// chunk (at most fastTextChunk bytes), and the long-lived holders of Event strings are
// bounded (this cache's slots, the classifier's agent cache, the aggregator's last
// values; its top lists keep copies).
func (c *fastInterner) text(b []byte) string {
	if len(b) > fastTextMaxLen || len(b) == 0 {
		return string(b)
	}
	if len(b) > cap(c.chunk)-len(c.chunk) {
		c.chunk = make([]byte, 0, fastTextChunk)
	}
	off := len(c.chunk)
	c.chunk = append(c.chunk, b...)
	return unsafe.String(&c.chunk[off], len(b))
}

// textOf is text for b whose words are w.
func (c *fastInterner) textOf(b []byte, w fastWords) string {
	if len(b) > fastWordsExact || len(b) == 0 {
		return c.text(b)
	}
	return c.textWords(len(b), w)
}

// textWords is text for a value of n bytes, 0 < n <= fastWordsExact, whose words are
// w: written from them, in three stores and no call (the copy was a third of a new
// value's cost on the all-distinct shape, with three a line). A chunk with less room
// than carveWords needs is left (a 512-byte chunk loses at most 23 bytes).
func (c *fastInterner) textWords(n int, w fastWords) string {
	if !c.room() {
		c.chunk = make([]byte, 0, fastTextChunk)
	}
	return c.carveWords(n, w)
}

// room reports whether the chunk has room for carveWords.
func (c *fastInterner) room() bool { return cap(c.chunk)-len(c.chunk) >= fastWordsExact }

// carveWords is textWords in a chunk with room. The stores may write zeros past the
// value's end, up to fastWordsExact bytes from its start: bytes of the chunk that no
// string was carved from, and that the next one overwrites.
//
// Through a pointer, with no bounds checks: room guarantees fastWordsExact bytes past
// the chunk's length, and n is at most that (the checked slicing cost three
// instructions a copied value, nine a line of the all-distinct shape).
func (c *fastInterner) carveWords(n int, w fastWords) string {
	off := len(c.chunk)
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(c.chunk)), off)
	binary.LittleEndian.PutUint64((*[8]byte)(p)[:], w.w0)
	binary.LittleEndian.PutUint64((*[8]byte)(unsafe.Add(p, 8))[:], w.w1)
	if n > 16 {
		binary.LittleEndian.PutUint64((*[8]byte)(unsafe.Add(p, n-8))[:], w.tail)
	}
	c.chunk = c.chunk[:off+n]
	return unsafe.String((*byte)(p), n)
}

// last returns site's last value if raw, a value's undecoded bytes whose words are w,
// are those it was decoded from.
func (c *fastInterner) last(site internSite, raw []byte, w fastWords) (string, bool) {
	st := &c.sites[site]
	if st.lastRaw.same(raw, w) {
		return st.last, true
	}
	return "", false
}

// setLast makes s, decoded from raw (words w), site's last value.
func (c *fastInterner) setLast(site internSite, raw []byte, w fastWords, s string) {
	st := &c.sites[site]
	st.last = s
	st.lastRaw.set(raw, w)
}

// boxed returns b as an `any` holding a string, cached like get (without a last value).
func (c *fastInterner) boxed(b []byte) any {
	if len(b) > fastInternMaxLen || len(b) == 0 {
		return string(b)
	}
	e := c.slot(internValue, b, wordsOf(b))
	if e == nil {
		return string(b)
	}
	if e.box == nil {
		e.box = e.s
	}
	return e.box
}

// mixWords hashes two words and a length so that the result's low bits, which pick a
// slot, depend on every byte (a multiplication alone carries only upwards: the slot
// index then ignored the last bytes of an eight-byte value, and `wiki1234` and
// `wiki1299` shared a slot).
func mixWords(w0, w1 uint64, n int) uint64 {
	x := w0*0x9E3779B97F4A7C15 ^ w1*0xC2B2AE3D27D4EB4F ^ uint64(n)
	x ^= x >> 29
	x *= 0xBF58476D1CE4E5B9
	return x ^ x>>32
}
