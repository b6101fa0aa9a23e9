package normalize

import (
	"encoding/binary"
	"encoding/json"
	"unicode/utf8"
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/jsonscan"
	"github.com/wikimedia/jwtriage/mwlog"
)

// FastDecoder is the fast path of AppendEventsJSON: it scans a line once without
// building a map ([jsonscan.Tape]), reads only the values the layout rules need, and gives
// exactly the events and errors of the reference path (Normalizer.AppendEventsJSON,
// encoding/json into map[string]any), which it falls back to for the lines it does not
// handle itself: invalid ones (so the error text is the reference's), whole `_search`
// responses, escaped keys and deep nesting. Equivalence is checked by tests and a fuzz
// target on random and mutated lines.
//
// A FastDecoder keeps scratch buffers and a small bounded string cache between lines,
// so it is not safe for concurrent use: give each goroutine its own.
type FastDecoder struct {
	norm *Normalizer
	tape jsonscan.Tape

	// Indexed objects (jsonscan.Node.Mark names their row i; row 0 is the line's object,
	// see scan, and the last row is kept for a log document it wraps, see docRow):
	// slots[i*fastRowWidth+k] holds the value node of the object's last member with key k,
	// valid only when its upper half is gen, the line's number (rows are reused without
	// clearing them).
	nObjs int
	gen   uint32 // counts lines
	slots []uint64

	buf     []byte // decoded string scratch
	viewBuf []byte // kindMessage's decoding scratch
	intern  fastInterner

	minute     [2]uint64 // the 2006-01-02T15:04 of the last Logstash timestamp read, as two little-endian words (see logstashTime)
	minuteUnix int64     // its time in Unix seconds

	lastKind       fastLastKind // see fastRecord.kindOf
	noPlaceholders string       // the last message found without placeholders, see fastRecord.message

	lastChannel string // the last accepted channel, whose weight is lastWeight (0: none yet); see weight
	lastWeight  int64

	report  bool // see FastReportFields
	withURL bool
}

// FastOption configures a FastDecoder.
type FastOption func(*FastDecoder)

// FastReportFields makes the decoder fill only the Event fields that the report stage
// reads (classify.Classifier and aggregate.Aggregator), and every one of them as the
// reference does:
//   - Host and ReqID stay empty: nothing reads them; URL too unless withURL (rules with
//     a url condition read it);
//   - an event without a Kind gets only Time, Channel, Weight and Count: the
//     aggregator counts it and its time, nothing else;
//   - Fields are set only on an event with a Token: only the token stage reads them;
//   - an Unusable event is returned whole (it has only Time and Count).
//
// For the report's fast path: a third of its time went into values nobody reads.
func FastReportFields(withURL bool) FastOption {
	return func(d *FastDecoder) { d.report, d.withURL = true, withURL }
}

// fastMaxIndexed is how many objects of one line get an index; lookups in any further
// object scan its members.
const fastMaxIndexed = 8

// fastRowWidth is the number of slots in a row: one for every value of a key table's
// slot byte, so that fill writes a row's slot for a key with no bounds check.
const fastRowWidth = fastKeyNone + 1

// NewFastDecoder returns a fast decoder for n's channels and sampling.
func (n *Normalizer) NewFastDecoder(opts ...FastOption) *FastDecoder {
	d := &FastDecoder{
		norm:  n,
		slots: make([]uint64, (fastMaxIndexed+1)*fastRowWidth), // and the document's, see docRow
	}
	for _, o := range opts {
		o(d)
	}
	d.intern.init()
	return d
}

// AppendEventsJSON is Normalizer.AppendEventsJSON, faster: it appends the events of one
// JSON object to dst; the only error is ErrNotObject, with the reference's text.
//
// raw's bytes past its length, up to its capacity, may be read (they change nothing):
// they must not be written meanwhile by another goroutine.
func (d *FastDecoder) AppendEventsJSON(dst []Event, raw []byte) ([]Event, error) {
	if !d.scan(raw) {
		return d.norm.AppendEventsJSON(dst, raw)
	}
	if out := append(dst, Event{}); d.fromDocument(0, &out[len(out)-1]) {
		return out, nil
	}
	return dst, nil
}

// DecodeJSON is AppendEventsJSON for a caller that keeps each event inside a larger
// value (the pipeline's classify.Result): a line the fast path decodes (one log
// document: nearly every line) is decoded straight into *ev, overwritten whole, and
// found reports whether the line had an event; a line left to the reference (see
// [FastDecoder]), which may give several events, has them appended to dst instead.
// An Event is some 400 bytes: decoded into a scratch slice and copied into place, it
// crossed the memory twice per line.
//
// raw's bytes past its length are read as by AppendEventsJSON.
func (d *FastDecoder) DecodeJSON(ev *Event, dst []Event, raw []byte) (found bool, out []Event, err error) {
	if !d.scan(raw) {
		out, err = d.norm.AppendEventsJSON(dst, raw)
		return false, out, err
	}
	*ev = Event{}
	return d.fromDocument(0, ev), dst, nil
}

// scan parses raw and indexes its object; false leaves the line to the reference
// path: it is not valid for the fast path, or maybe a whole _search response.
func (d *FastDecoder) scan(raw []byte) bool {
	if !d.tape.Parse(raw) {
		return false
	}
	d.gen++
	if d.gen == 0 { // wrapped: rows of an old line could look current; clear them once
		clear(d.slots)
		d.gen = 1
	}
	// The line's object is indexed in row 0 whatever its size, with no count of its
	// members first: it is the log document (see docRow) unless it wraps one.
	d.nObjs = 1
	// hits: maybe a whole _search response, rare, left to the reference
	return d.atRow(d.fill(0, 0), fastKeys.hits) < 0
}

// kind returns the JSON type of node v (0 when v is absent).
func (d *FastDecoder) kind(v int32) jsonscan.Kind {
	if v < 0 {
		return 0
	}
	return d.tape.Nodes[v].Kind
}

// isNil reports what a nil interface means in the reference: absent or JSON null.
func (d *FastDecoder) isNil(v int32) bool { return v < 0 || d.tape.Nodes[v].Kind == jsonscan.Null }

// fastSmallObject: objects with at most this many members are scanned, not indexed
// (an index costs more than a few comparisons).
const fastSmallObject = 6

// Values of jsonscan.Node.Mark.
const (
	fastNotIndexed  = 1
	fastIndexedBase = 2
)

// index returns the offset of obj's row of slots, indexing obj on first use; -1 when
// obj is small or the line already has fastMaxIndexed indexed objects.
func (d *FastDecoder) index(obj int32) int {
	nodes := d.tape.Nodes
	switch x := nodes[obj].Mark; x {
	case 0:
	case fastNotIndexed:
		return -1
	default:
		return int(x - fastIndexedBase)
	}
	end := nodes[obj].Next
	members := 0
	for m := uint32(obj) + 1; m < end && members <= fastSmallObject; m = nodes[m+1].Next {
		members++
	}
	if members <= fastSmallObject || d.nObjs == fastMaxIndexed {
		nodes[obj].Mark = fastNotIndexed
		return -1
	}
	i := d.nObjs
	d.nObjs++
	return d.fill(obj, i)
}

// docRow returns the offset of the row of slots of a log document (obj), indexing it
// in the row kept for it (the last) when it has none: whatever its size, so that
// [fastRecord.at], the layout rules' lookups in their document, is one inlined slot
// read with no call (FastDecoder.at cannot be inlined).
func (d *FastDecoder) docRow(obj int32) int {
	if x := int(d.tape.Nodes[obj].Mark); x >= fastIndexedBase {
		return x - fastIndexedBase
	}
	return d.fill(obj, fastMaxIndexed)
}

// fill indexes obj in row i and returns the row's offset.
func (d *FastDecoder) fill(obj int32, i int) int {
	nodes := d.tape.Nodes
	end := nodes[obj].Next
	nodes[obj].Mark = uint16(fastIndexedBase + i*fastRowWidth)
	row := d.row(i * fastRowWidth)
	tag := uint64(d.gen) << 32
	// Only the keys: whether the object has `labels.*` keys and which fields it names are
	// asked of few objects (see hasDottedLabels and fieldMask), and working them out here
	// cost more than 2 % of the decoding.
	m := fillKeys(nodes[:end], d.tape.Raw, row, tag, uint32(obj)+1)
	raw, t := d.tape.Raw, &fastKeys.keys
	for ; m < end; m = nodes[m+1].Next { // the keys fillKeys left: near the line's end, or long
		if k, ok := t.find(raw[nodes[m].Start:nodes[m].End]); ok {
			row[k] = tag | uint64(m+1)
		}
	}
	return i * fastRowWidth
}

// fillKeys writes into row, tagged with tag, the members of an object from member m
// on (members ends with the object's last member) while it can read each key's words
// in two masked loads: the line has 16 bytes from the key's start (a key is followed
// by its value), and the key is not a known name's first 16 bytes in a name longer
// than fastWordsExact (labels.* and the conflict list's, rare). It returns the member
// it stopped at, len(members) when none: fill leaves the rest to fastKeyTable.find.
//
// It is find, inlined by hand, in a function of its own with no call: find's and
// fastKeyWords' calls spilled the loop's registers for every key, and sameTail's made
// it reload them from the stack (without it, and with the tail read unchecked, 154
// instructions fewer a line of the all-distinct shape); inside fill the loop also kept
// the decoder, the object's end and the line's capacity, and reloaded four values from
// the stack on every key (58 instructions a line). The members' length is the loop's
// bound: no register for the object's end.
//
//go:noinline
func fillKeys(members []jsonscan.Node, raw []byte, row *[fastRowWidth]uint64, tag uint64, m uint32) uint32 {
	t := &fastKeys.keys
	for ; int(m) < len(members); m = members[m+1].Next {
		start, stop := members[m].Start, members[m].End
		if int(start)+16 > len(raw) {
			return m
		}
		n := int(stop - start)
		// 16 bytes in raw: checked above; see keyMasks
		b, mask := (*[16]byte)(unsafe.Pointer(&raw[start])), &keyMasks[n%fastKeyMaxLen]
		w0, w1 := binary.LittleEndian.Uint64(b[:8])&mask[0], binary.LittleEndian.Uint64(b[8:])&mask[1]
		k := t.slots[t.hash(w0, w1, n)]
		if w := &t.words[k]; w.w0 == w0 && w.w1 == w1 { // never fastKeyNone's (see seal)
			// Under 16 bytes the words tell the length too: a key has no zero byte (the
			// scanner takes no control character in a string), nor has a name, so the
			// words' zero padding starts where each ends (a load and a test fewer a key).
			if n >= 16 && w.n != n {
				continue
			}
			if n > 16 {
				if n > fastWordsExact {
					return m // find (its call for the bytes past 24 kept out of this loop)
				}
				// the key's last eight bytes, in raw (the tape's bounds) and past start+8
				if w.tail != binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(unsafe.Pointer(&raw[start]), n-8))[:]) {
					continue
				}
			}
			row[k] = tag | uint64(m+1)
		}
	}
	return m
}

// at returns the value of obj's member k (the last one), -1 when absent.
func (d *FastDecoder) at(obj int32, k fastKey) int32 {
	x := int(d.tape.Nodes[obj].Mark) - fastIndexedBase
	if x < 0 {
		return d.atSlow(obj, k)
	}
	return d.atRow(x, k)
}

// row returns the row of slots that starts at x.
func (d *FastDecoder) row(x int) *[fastRowWidth]uint64 {
	return (*[fastRowWidth]uint64)(d.slots[x:])
}

// atRow is at for an indexed object whose row of slots starts at x.
func (d *FastDecoder) atRow(x int, k fastKey) int32 {
	return slotValue(d.slots[x+int(k)], uint64(d.gen)<<32)
}

// slotValue is the node a row's slot holds, -1 when it is not the current line's, whose
// number is tag's upper half. A slot of an older line (or a zero one: lines count from
// 1) is below tag: the difference is negative.
func slotValue(slot, tag uint64) int32 {
	return int32(max(int64(slot-tag), -1))
}

// atSlow is at for an object not indexed yet, or not worth indexing.
func (d *FastDecoder) atSlow(obj int32, k fastKey) int32 {
	if i := d.index(obj); i >= 0 {
		return d.atRow(i, k)
	}
	return d.member(obj, fastKeys.keys.names[k])
}

// member returns the value of obj's last member named name by scanning the members.
func (d *FastDecoder) member(obj int32, name string) int32 {
	nodes := d.tape.Nodes
	found := int32(-1)
	end := nodes[obj].Next
	for m := uint32(obj) + 1; m < end; m = nodes[m+1].Next {
		if string(d.tape.Raw[nodes[m].Start:nodes[m].End]) == name {
			found = int32(m + 1)
		}
	}
	return found
}

// hasDottedLabels reports whether obj has a member key starting with
// [mwlog.ECSLabelPrefix] (`labels.`), as isECS asks.
func (d *FastDecoder) hasDottedLabels(obj int32) bool {
	nodes := d.tape.Nodes
	end := nodes[obj].Next
	for m := uint32(obj) + 1; m < end; m = nodes[m+1].Next {
		key := d.tape.Raw[nodes[m].Start:nodes[m].End]
		if len(key) >= len(mwlog.ECSLabelPrefix) && string(key[:len(mwlog.ECSLabelPrefix)]) == mwlog.ECSLabelPrefix {
			return true
		}
	}
	return false
}

// fieldMask returns which of fastKeys.fields obj has a member for, under any of the
// field's names (a superset of the fields the object can provide); all ones when
// fastKeys has no field bits.
func (d *FastDecoder) fieldMask(obj int32) uint64 {
	if fastKeys.fieldBits == nil {
		return ^uint64(0)
	}
	var fields uint64
	if i := d.index(obj); i >= 0 { // the fields whose names the row has
		for j := range fastKeys.fields {
			f := &fastKeys.fields[j]
			for _, k := range [...]fastKey{f.key, f.labels.full, f.clash} {
				if d.atRow(i, k) >= 0 {
					fields |= 1 << uint(j)
				}
			}
		}
		return fields
	}
	nodes := d.tape.Nodes
	end := nodes[obj].Next
	for m := uint32(obj) + 1; m < end; m = nodes[m+1].Next {
		if k, ok := fastKeys.keys.find(d.tape.Raw[nodes[m].Start:nodes[m].End]); ok {
			fields |= fastKeys.fieldBits[k]
		}
	}
	return fields
}

// lookup is the package's [lookup] (a dotted path nested, flattened or mixed) for a
// compiled path.
func (d *FastDecoder) lookup(obj int32, p *fastPath) int32 {
	if v := d.at(obj, p.full); v >= 0 {
		return v
	}
	for _, s := range p.splits {
		if sub := d.at(obj, s.prefix); d.kind(sub) == jsonscan.Object {
			if v := d.lookup(sub, s.rest); !d.isNil(v) {
				return v
			}
		}
	}
	return -1
}

// lookupName is lookup for a path known only at run time (a placeholder's key).
func (d *FastDecoder) lookupName(obj int32, path string) int32 {
	if v := d.member(obj, path); v >= 0 {
		return v
	}
	for i := 0; i < len(path); i++ {
		if path[i] != '.' {
			continue
		}
		if sub := d.member(obj, path[:i]); d.kind(sub) == jsonscan.Object {
			if v := d.lookupName(sub, path[i+1:]); !d.isNil(v) {
				return v
			}
		}
	}
	return -1
}

// rawString returns the decoded bytes of string node v, valid until the next decode:
// the line's own bytes when no decoding is needed.
func (d *FastDecoder) rawString(v int32) []byte {
	nd := &d.tape.Nodes[v]
	raw := d.tape.Raw[nd.Start:nd.End]
	if flags := d.tape.Flags(nd); flags == 0 || flags == jsonscan.NonASCII && utf8.Valid(raw) {
		return raw
	}
	d.buf = jsonscan.AppendString(d.buf[:0], raw)
	return d.buf
}

// str is stringOf: the value of a string node, "" for anything else.
func (d *FastDecoder) str(v int32) string {
	if d.kind(v) != jsonscan.String {
		return ""
	}
	return string(d.rawString(v))
}

// internedAt is str through the decoder's string cache, for values that repeat
// (channels, wikis, user agents, messages) at one [internSite]: no allocation when
// seen recently.
//
// The site's last value is checked first on the raw bytes: the same bytes decode the
// same, so a repeat costs neither the string's flags (backslash, non-ASCII) nor a
// lookup. Only that check is here, small enough to be inlined at the hot sites, on
// words read from the line through a pointer (no bounds checks: the node's bounds are
// the tape's); the rest is internNear's and internNew's. With the lookup and the copy
// in the same function, the repeats (five of the eight values of an all-distinct line)
// paid for its stack frame and spills, and for a call.
func (d *FastDecoder) internedAt(site internSite, v int32) string {
	if v < 0 {
		return ""
	}
	// The node read once for its kind and its bytes (d.kind and the slicing read the
	// tape's slice headers and checked bounds again: about ten values a line).
	nd := &d.tape.Nodes[v]
	start, end := nd.Start, nd.End
	if nd.Kind != jsonscan.String || end == start {
		return ""
	}
	if int(start)+16 > len(d.tape.Raw) {
		return d.internNear(site, v)
	}
	// wordsOf(the value), in two masked loads from its start (16 bytes in Raw: checked
	// above) and one of its last eight bytes
	n := int(end - start)
	p := unsafe.Add(unsafe.Pointer(unsafe.SliceData(d.tape.Raw)), start)
	var w fastWords
	w.w0, w.w1 = maskedWords((*[16]byte)(p), n)
	if n > 16 {
		w.tail = binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(p, n-8))[:])
	}
	if st := &d.intern.sites[site]; st.lastRaw.sameAt(p, n, w) {
		return st.last
	}
	return d.internNew(site, v, unsafe.Slice((*byte)(p), n), w)
}

// internNear is internedAt for string node v when the line has fewer than 16 bytes
// from its start (rare: a value at the line's very end).
//
// Not inlined: inside internedAt's out-of-line copy (the sites a profile-guided build
// does not inline it at: wiki, version, group, message) it made a frame that saved
// the decoder, the site and the node on every call with a string value (12
// instructions a line of the all-distinct shape).
//
//go:noinline
func (d *FastDecoder) internNear(site internSite, v int32) string {
	nd := &d.tape.Nodes[v]
	raw := d.tape.Raw[nd.Start:nd.End:nd.End]
	w := wordsOf(raw)
	if s, ok := d.intern.last(site, raw, w); ok {
		return s
	}
	return d.internNew(site, v, raw, w)
}

// internNew is internedAt for non-empty string node v, whose raw bytes are raw (words
// w), when they are not site's last value's. A short plain value, whose words are its
// decoding, is copied or looked up from them: new values of every line on the
// all-distinct shape (a wiki, an agent, a subject), where the site mostly samples (see
// [fastInterner]). That copy is made here, with no call unless the chunk is full, and
// the other cases are each one last call: with calls on the way, this function saved
// and reloaded its arguments for every value.
func (d *FastDecoder) internNew(site internSite, v int32, raw []byte, w fastWords) string {
	c := &d.intern
	if len(raw) > fastWordsExact || !w.plain() {
		return d.internDecoded(site, v, raw, w)
	}
	if !c.skip(site) {
		return c.lookup(site, raw, w, true).s
	}
	if !c.room() {
		c.chunk = make([]byte, 0, fastTextChunk)
	}
	s := c.carveWords(len(raw), w)
	c.setLast(site, raw, w, s)
	return s
}

// internDecoded is internNew for string node v whose raw bytes (raw, words w) are
// not its decoding, or are longer than fastWordsExact.
func (d *FastDecoder) internDecoded(site internSite, v int32, raw []byte, w fastWords) string {
	var s string
	if b := d.rawString(v); unsafe.SliceData(b) == unsafe.SliceData(raw) && len(b) <= fastInternMaxLen {
		s = d.intern.getWords(site, b, w) // raw is its decoding: its words are w
	} else {
		s = d.intern.get(site, b)
	}
	d.intern.setLast(site, raw, w, s)
	return s
}

// isNonEmptyString reports whether v is a string that decodes to a non-empty one (a
// string's decoding is empty exactly when its raw bytes are).
func (d *FastDecoder) isNonEmptyString(v int32) bool {
	if v < 0 {
		return false
	}
	nd := &d.tape.Nodes[v] // read once (through kind, three times)
	return nd.Kind == jsonscan.String && nd.End > nd.Start
}

// firstStringAt is the package's [firstString] (the first candidate that is a
// non-empty string), interned at site.
func (d *FastDecoder) firstStringAt(site internSite, candidates ...int32) string {
	return d.internedAt(site, d.firstNonEmpty(candidates...)) // "" for -1: none
}

// numberValue is the reference decoder's value of a number node (json.Number).
func (d *FastDecoder) numberValue(v int32) json.Number {
	nd := &d.tape.Nodes[v]
	return json.Number(d.tape.Raw[nd.Start:nd.End])
}

// value converts node v to what the reference decoder would hold for scalars; objects
// and arrays become nil, which no caller of value distinguishes from them (all of them
// ask scalarValue).
func (d *FastDecoder) value(v int32) any {
	switch d.kind(v) {
	case jsonscan.String:
		return d.internedAt(internValue, v)
	case jsonscan.Number:
		return d.numberValue(v)
	case jsonscan.True:
		return true
	case jsonscan.False:
		return false
	}
	return nil
}

// subjectText is textOf for node v, a subject, user or central id (interned as
// internSubject).
func (d *FastDecoder) subjectText(v int32) string {
	switch d.kind(v) {
	case jsonscan.String:
		return d.internedAt(internSubject, v)
	case jsonscan.Number, jsonscan.True, jsonscan.False:
		return textOf(d.value(v))
	}
	return ""
}

// scalar is scalarValue for node v, a string boxed once per cached value.
func (d *FastDecoder) scalar(v int32) (any, bool) {
	switch d.kind(v) {
	case jsonscan.String:
		return d.intern.boxed(d.rawString(v)), true
	case jsonscan.Number:
		return scalarValue(d.numberValue(v))
	case jsonscan.True:
		return true, true
	case jsonscan.False:
		return false, true
	}
	return nil, false
}
