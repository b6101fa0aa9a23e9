package normalize

import (
	"encoding/json"
	"unicode/utf8"
)

// FastDecoder is the fast path of AppendEventsJSON: it scans a line once without
// building a map (scan.go), reads only the values the layout rules need, and gives
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
	tape jsonTape

	// Indexed objects: for objs[i], slots[i*width+k] is the value node of the last
	// member with key k (-1 when none); dotted[i] says it has a `labels.*` key.
	objs   [fastMaxIndexed]int32
	dotted [fastMaxIndexed]bool
	nObjs  int
	slots  []int32
	blank  []int32 // width × -1, copied to reset a slot row

	buf    []byte // decoded string scratch
	intern fastInterner
}

// fastMaxIndexed is how many objects of one line get an index; lookups in any further
// object scan its members.
const fastMaxIndexed = 8

// NewFastDecoder returns a fast decoder for n's channels and sampling.
func (n *Normalizer) NewFastDecoder() *FastDecoder {
	width := len(fastKeys.keys.names)
	d := &FastDecoder{
		norm:  n,
		slots: make([]int32, fastMaxIndexed*width),
		blank: make([]int32, width),
	}
	for i := range d.blank {
		d.blank[i] = -1
	}
	d.intern.init()
	return d
}

// AppendEventsJSON is Normalizer.AppendEventsJSON, faster: it appends the events of one
// JSON object to dst; the only error is ErrNotObject, with the reference's text.
func (d *FastDecoder) AppendEventsJSON(dst []Event, raw []byte) ([]Event, error) {
	if !d.tape.parse(raw) {
		return d.norm.AppendEventsJSON(dst, raw)
	}
	d.nObjs = 0
	if d.at(0, fastKeys.hits) >= 0 {
		// maybe a whole _search response: rare, left to the reference
		return d.norm.AppendEventsJSON(dst, raw)
	}
	if ev, ok := d.fromDocument(0); ok {
		dst = append(dst, ev)
	}
	return dst, nil
}

// kind returns the JSON type of node v (0 when v is absent).
func (d *FastDecoder) kind(v int32) tapeKind {
	if v < 0 {
		return 0
	}
	return d.tape.nodes[v].kind
}

// isNil reports what a nil interface means in the reference: absent or JSON null.
func (d *FastDecoder) isNil(v int32) bool { return v < 0 || d.tape.nodes[v].kind == tapeNull }

// index returns the offset of obj's slot row, indexing obj on first use; -1 when the
// line already has fastMaxIndexed indexed objects.
func (d *FastDecoder) index(obj int32) int {
	width := len(d.blank)
	for i := 0; i < d.nObjs; i++ {
		if d.objs[i] == obj {
			return i * width
		}
	}
	if d.nObjs == fastMaxIndexed {
		return -1
	}
	i := d.nObjs
	d.nObjs++
	d.objs[i] = obj
	row := d.slots[i*width : (i+1)*width]
	copy(row, d.blank)
	dotted := false
	nodes := d.tape.nodes
	end := nodes[obj].next
	for m := uint32(obj) + 1; m < end; m = nodes[m+1].next {
		key := d.tape.raw[nodes[m].start:nodes[m].end]
		if k, ok := fastKeys.keys.find(key); ok {
			row[k] = int32(m + 1)
		}
		if !dotted && len(key) > len("labels.") && string(key[:len("labels.")]) == "labels." {
			dotted = true
		}
	}
	d.dotted[i] = dotted
	return i * width
}

// at returns the value of obj's member k (the last one), -1 when absent.
func (d *FastDecoder) at(obj int32, k fastKey) int32 {
	if base := d.index(obj); base >= 0 {
		return d.slots[base+int(k)]
	}
	return d.member(obj, fastKeys.keys.names[k])
}

// member returns the value of obj's last member named name by scanning the members.
func (d *FastDecoder) member(obj int32, name string) int32 {
	nodes := d.tape.nodes
	found := int32(-1)
	end := nodes[obj].next
	for m := uint32(obj) + 1; m < end; m = nodes[m+1].next {
		if string(d.tape.raw[nodes[m].start:nodes[m].end]) == name {
			found = int32(m + 1)
		}
	}
	return found
}

// hasDottedLabels reports whether obj has a member key starting with `labels.`.
func (d *FastDecoder) hasDottedLabels(obj int32) bool {
	if base := d.index(obj); base >= 0 {
		return d.dotted[base/len(d.blank)]
	}
	nodes := d.tape.nodes
	end := nodes[obj].next
	for m := uint32(obj) + 1; m < end; m = nodes[m+1].next {
		key := d.tape.raw[nodes[m].start:nodes[m].end]
		if len(key) > len("labels.") && string(key[:len("labels.")]) == "labels." {
			return true
		}
	}
	return false
}

// lookup is layout.go's lookup (a dotted path nested, flattened or mixed) for a
// compiled path.
func (d *FastDecoder) lookup(obj int32, p *fastPath) int32 {
	if v := d.at(obj, p.full); v >= 0 {
		return v
	}
	for _, s := range p.splits {
		if sub := d.at(obj, s.prefix); d.kind(sub) == tapeObject {
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
		if sub := d.member(obj, path[:i]); d.kind(sub) == tapeObject {
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
	nd := &d.tape.nodes[v]
	raw := d.tape.raw[nd.start:nd.end]
	if nd.flags == 0 || nd.flags == strNonASCII && utf8.Valid(raw) {
		return raw
	}
	d.buf = appendDecodedString(d.buf[:0], raw)
	return d.buf
}

// str is stringOf: the value of a string node, "" for anything else.
func (d *FastDecoder) str(v int32) string {
	if d.kind(v) != tapeString {
		return ""
	}
	return string(d.rawString(v))
}

// internedStr is str through the decoder's string cache, for values that repeat
// (channels, wikis, hosts, user agents, messages): no allocation when seen recently.
func (d *FastDecoder) internedStr(v int32) string {
	if d.kind(v) != tapeString {
		return ""
	}
	return d.intern.get(d.rawString(v))
}

// isNonEmptyString reports whether v is a string that decodes to a non-empty one (a
// string's decoding is empty exactly when its raw bytes are).
func (d *FastDecoder) isNonEmptyString(v int32) bool {
	return d.kind(v) == tapeString && d.tape.nodes[v].end > d.tape.nodes[v].start
}

// firstString is layout.go's firstString: the first candidate that is a non-empty
// string.
func (d *FastDecoder) firstString(candidates ...int32) string {
	for _, c := range candidates {
		if d.isNonEmptyString(c) {
			return d.internedStr(c)
		}
	}
	return ""
}

// numberValue is the reference decoder's value of a number node (json.Number).
func (d *FastDecoder) numberValue(v int32) json.Number {
	nd := &d.tape.nodes[v]
	return json.Number(d.tape.raw[nd.start:nd.end])
}

// value converts node v to what the reference decoder would hold for scalars; objects
// and arrays become nil, which no caller of value distinguishes from them (all of them
// ask scalarValue).
func (d *FastDecoder) value(v int32) any {
	switch d.kind(v) {
	case tapeString:
		return d.internedStr(v)
	case tapeNumber:
		return d.numberValue(v)
	case tapeTrue:
		return true
	case tapeFalse:
		return false
	}
	return nil
}

// text is textOf for node v.
func (d *FastDecoder) text(v int32) string {
	switch d.kind(v) {
	case tapeString:
		return d.internedStr(v)
	case tapeNumber, tapeTrue, tapeFalse:
		return textOf(d.value(v))
	}
	return ""
}

// scalar is scalarValue for node v, a string boxed once per cached value.
func (d *FastDecoder) scalar(v int32) (any, bool) {
	switch d.kind(v) {
	case tapeString:
		return d.intern.boxed(d.rawString(v)), true
	case tapeNumber:
		return scalarValue(d.numberValue(v))
	case tapeTrue:
		return true, true
	case tapeFalse:
		return false, true
	}
	return nil, false
}
