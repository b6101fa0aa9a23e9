package normalize

import (
	"encoding/binary"
	"slices"
	"strings"

	"github.com/wikimedia/jwtriage/mwlog"
)

// The fast path finds a member of an object without comparing strings per lookup: when
// it indexes an object it walks the members once, maps each key it knows to a small
// number (fastKey) through a perfect hash table, and keeps the last member of each
// (encoding/json's map: the last duplicate wins). Lookups by fastKey are then one array
// read; lookups by any other name scan the members.

// fastKey numbers a key the layout rules read: a byte, which indexes a row of slots
// (fastRowWidth) with no bounds check.
type fastKey uint8

// fastKeyTable maps key names to fastKeys. Built once by newFastSchema; read-only.
//
// A name is compared as its length and its first 16 bytes in two words ([fastKeyWords]),
// which also make its hash, and past 16 bytes its last eight ([fastKeyWord.tail]):
// indexing a line looks up every key of every indexed object, and a hash of scattered
// bytes, a probe, a load of the name and a memequal call per key were 7-10 % of the
// all-distinct shape's decoding.
//
// The hash is perfect: [fastKeyTable.seal] picks a multiplier under which no two names
// share a slot, so a lookup reads one slot and compares one name, with no probe loop
// and a hash of one multiplication (the probing table's mixing hash and loop were most
// of find, itself 8-10 % of that decoding).
//
// A slot holds a key as one byte, fastKeyNone when empty, and words has an entry for
// every byte value, fastKeyNone's matching no name: a lookup reads a slot and compares
// its entry with no test for an empty slot and no bounds check (FastDecoder.fill's loop
// spent a test and a reload of the words' length on every key).
type fastKeyTable struct {
	names  []string
	words  [fastKeyNone + 1]fastKeyWord // per fastKey, its name's words
	slots  [fastKeySlots]uint8          // the key of the name hashed there; fastKeyNone when empty
	mul    uint64                       // the hash's multiplier (see hash), chosen by seal
	sealed bool
}

// fastKeyWord is a name's length and its first 16 bytes, zero-padded; and past 16
// bytes its last eight, so that a name of up to fastWordsExact bytes is compared
// without a call (normalized_message and session_provider_type are on every flat
// line: sameTail's call and its string comparison were 1.5 % of decoding the
// all-distinct shape's instructions).
type fastKeyWord struct {
	w0, w1 uint64
	tail   uint64 // the last eight bytes when n > 16, else 0
	n      int
}

const (
	// fastKeyNone is no key: an empty slot's, and the one past the most names a table
	// holds (fastKey values fit a slot's byte).
	fastKeyNone = 255

	// fastKeyMaxLen: key names are shorter (add checks), so that fill can pick a key's
	// mask as keyMasks[n%fastKeyMaxLen] (see there).
	fastKeyMaxLen = 64

	fastKeySlotBits = 12
	fastKeySlots    = 1 << fastKeySlotBits // well above the number of names: a perfect hash is quick to find
)

// fastKeyWords returns the first 16 bytes of s as two little-endian words, zero-padded,
// reading no byte past s.
func fastKeyWords(s []byte) (w0, w1 uint64) {
	switch n := len(s); {
	case n >= 16:
		return binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[8:])
	case n >= 8: // the last eight bytes, shifted to drop those w0 holds
		return binary.LittleEndian.Uint64(s), binary.LittleEndian.Uint64(s[n-8:]) >> (8 * (16 - n))
	case n >= 4: // two overlapping halves: the overlap ORs equal bytes
		return uint64(binary.LittleEndian.Uint32(s)) | uint64(binary.LittleEndian.Uint32(s[n-4:]))<<(8*(n-4)), 0
	default:
		for i := n - 1; i >= 0; i-- {
			w0 = w0<<8 | uint64(s[i])
		}
		return w0, 0
	}
}

// keyMasks[n] is wordMasks[min(n, 16)], for n up to fastKeyMaxLen: FastDecoder.fill
// masks a key's words with keyMasks[n%fastKeyMaxLen], one AND where min's branch made
// its loop spill a register on every key. A key of fastKeyMaxLen bytes or more gets the
// wrong words that way, and matches no name all the same: no name has its length.
var keyMasks = func() (m [fastKeyMaxLen][2]uint64) {
	for n := range m {
		m[n] = wordMasks[min(n, 16)]
	}
	return m
}()

// hash is the slot of a name with words w0, w1 and length n: the top bits of a product,
// which depend on every bit of the factor. The factor is the words' sum with the length
// XORed into its low bits (the length tells apart the names whose first 16 bytes are
// alike), not a sum of three products, one per word and one for the length (two loads,
// two multiplications and two additions more per key): names whose factors are alike
// would share a slot under every multiplier, and seal panics at init. With 4,096 slots
// seal finds a multiplier in about 8 µs.
func (t *fastKeyTable) hash(w0, w1 uint64, n int) uint32 {
	return uint32((((w0 + w1) ^ uint64(n)) * t.mul) >> (64 - fastKeySlotBits))
}

// add registers name (once) and returns its key; only before seal.
func (t *fastKeyTable) add(name string) fastKey {
	if t.sealed {
		panic("normalize: fastKeyTable.add after seal")
	}
	if i := slices.Index(t.names, name); i >= 0 {
		return fastKey(i)
	}
	k := fastKey(len(t.names))
	if k == fastKeyNone {
		panic("normalize: more key names than a fastKeyTable's slots can number")
	}
	if strings.IndexByte(name, 0) >= 0 {
		panic("normalize: a key name with a zero byte (see fillKeys): " + name)
	}
	if len(name) >= fastKeyMaxLen {
		panic("normalize: a key name of fastKeyMaxLen bytes or more: " + name)
	}
	t.names = append(t.names, name)
	w0, w1 := fastKeyWords([]byte(name))
	w := fastKeyWord{w0: w0, w1: w1, n: len(name)}
	if len(name) > 16 {
		w.tail = binary.LittleEndian.Uint64([]byte(name[len(name)-8:]))
	}
	t.words[k] = w
	return k
}

// seal picks the hash's multiplier, the first of a fixed sequence under which every
// name has a slot of its own, and fills the slots. The names are fixed at build time,
// so whether one is found is too (TestFastKeyTableRoom).
func (t *fastKeyTable) seal() {
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { // splitmix64, odd
		x += 0x9E3779B97F4A7C15
		z := x
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		return (z ^ z>>31) | 1
	}
	// no name's length, and words no key's: under 16 bytes a key's 16th byte is zero
	// padding (fillKeys compares the lengths only from 16 bytes on)
	t.words[fastKeyNone] = fastKeyWord{w1: 1 << 63, n: -1}
	for i := range t.slots {
		t.slots[i] = fastKeyNone
	}
	words := t.words[:len(t.names)]
	for range 1 << 20 {
		t.mul = next()
		k := 0
		for ; k < len(words); k++ {
			slot := &t.slots[t.hash(words[k].w0, words[k].w1, words[k].n)]
			if *slot != fastKeyNone {
				break
			}
			*slot = uint8(k)
		}
		if k == len(words) {
			t.sealed = true
			return
		}
		for _, w := range words[:k] { // empty again: a byte loop over every slot was most of the search
			t.slots[t.hash(w.w0, w.w1, w.n)] = fastKeyNone
		}
	}
	panic("normalize: no perfect hash for the fast path's keys: raise fastKeySlotBits (or two names have the same hash factor, see hash)")
}

// find returns the key of name, if name is one the rules read.
//
// fillKeys has its own copy, inlined (see there).
func (t *fastKeyTable) find(name []byte) (fastKey, bool) {
	w0, w1 := fastKeyWords(name)
	k := t.slots[t.hash(w0, w1, len(name))]
	if w, n := &t.words[k], len(name); w.w0 == w0 && w.w1 == w1 && w.n == n &&
		(n <= 16 || w.tail == binary.LittleEndian.Uint64(name[n-8:]) && (n <= fastWordsExact || t.sameTail(fastKey(k), name))) {
		return fastKey(k), true
	}
	return 0, false
}

// sameTail reports whether name, whose first 16 bytes are key k's, has k's bytes after
// them too (for names longer than fastWordsExact).
//
//go:noinline
func (t *fastKeyTable) sameTail(k fastKey, name []byte) bool {
	return t.names[k][16:] == string(name[16:])
}

// fastPath is a dotted path compiled for lookup: the whole path as one key, and for each
// dot the key before it and the path after it (see [lookup]).
type fastPath struct {
	full   fastKey
	splits []fastPathSplit
}

type fastPathSplit struct {
	prefix fastKey
	rest   *fastPath
}

func (t *fastKeyTable) path(p string) *fastPath {
	fp := &fastPath{full: t.add(p)}
	for i := 0; i < len(p); i++ {
		if p[i] == '.' {
			fp.splits = append(fp.splits, fastPathSplit{prefix: t.add(p[:i]), rest: t.path(p[i+1:])})
		}
	}
	return fp
}

// fastContextKey is a PSR-3 context key and the names the layouts give it: the key
// itself, `labels.<key>` (ECS, as a path) and `c_<key>` (flat layout, reserved clash).
type fastContextKey struct {
	name     string
	key      fastKey
	labels   *fastPath
	clash    fastKey
	reserved bool // mwlog.IsReserved(name): the flat layout reads c_<key> where present
}

func (t *fastKeyTable) contextKey(name string) fastContextKey {
	return fastContextKey{
		name:     name,
		key:      t.add(name),
		labels:   t.path(mwlog.ECSLabel(name)),
		clash:    t.add(mwlog.FlatClash(name)),
		reserved: mwlog.IsReserved(name),
	}
}

// fastSchema holds every key and path the layout rules ([record]'s methods) read,
// compiled.
type fastSchema struct {
	keys fastKeyTable

	hits, source, context, extra, levelName, datetime, labels, conflicts fastKey
	channel, normalizedMessage, wiki, host, url, reqID, ip, message      fastKey
	server, mwversion, servergroup, msg                                  fastKey
	timestamp, atTimestamp, uniqueID, date, timezone                     fastKey

	labelsChannel, logLogger, labelsNormalizedMessage, labelsWiki *fastPath
	labelsMWVersion, labelsServerGroup                            *fastPath
	hostName, hostHostname, urlFull, urlOriginal, urlPath         *fastPath
	traceID, labelsReqID, httpRequestID, clientIP, sourceIP       *fastPath
	userAgentOriginal, httpUserAgent                              *fastPath
	ctxClientIP, ctxUA, ctxOriginalUA, ctxProvider                fastContextKey
	ctxTokens                                                     [len(mwlog.TokenKeys)]fastContextKey // in mwlog.TokenKeys' order
	// tokensOwn: no token key is reserved, so that where a line keeps its own names
	// each is one lookup (see fastRecord.token)
	tokensOwn                                             bool
	ctxExpectedSubject, ctxSubject, ctxCentralID, ctxUser fastContextKey
	fields                                                []fastContextKey // ContextKeys, in order
	// fieldBits[k] has bit j set when key k is one of the names of fields[j] (the key,
	// labels.<key> or c_<key>); nil when there are more than 64 fields.
	fieldBits []uint64
}

func newFastSchema() *fastSchema {
	s := &fastSchema{}
	t := &s.keys
	s.hits, s.source, s.context, s.extra = t.add("hits"), t.add("_source"), t.add(mwlog.MonologContext), t.add(mwlog.MonologExtra)
	s.levelName, s.datetime, s.labels = t.add(mwlog.MonologLevelName), t.add(mwlog.MonologDatetime), t.add(mwlog.ECSLabels)
	s.conflicts = t.add(mwlog.FieldKeyConflicts)
	s.channel, s.normalizedMessage, s.wiki = t.add(mwlog.FieldChannel), t.add(mwlog.FieldNormalizedMessage), t.add(mwlog.FieldWiki)
	s.host, s.url, s.reqID, s.ip, s.message = t.add(mwlog.FieldHost), t.add(mwlog.FieldURL), t.add(mwlog.FieldReqID), t.add(mwlog.FieldIP), t.add(mwlog.FieldMessage)
	s.timestamp, s.atTimestamp, s.uniqueID = t.add("timestamp"), t.add(mwlog.FieldTimestamp), t.add("unique_id")
	s.date, s.timezone = t.add("date"), t.add("timezone")
	s.server, s.mwversion, s.msg = t.add(mwlog.FieldServer), t.add(mwlog.FieldMWVersion), t.add(mwlog.RsyslogMsg)
	s.labelsMWVersion = t.path(mwlog.ECSLabel(mwlog.FieldMWVersion))
	s.servergroup, s.labelsServerGroup = t.add(mwlog.FieldServerGroup), t.path(mwlog.ECSLabel(mwlog.FieldServerGroup))

	s.labelsChannel, s.logLogger = t.path(mwlog.ECSLabelPrefix+mwlog.FieldChannel), t.path(mwlog.ECSLogLogger)
	s.labelsNormalizedMessage, s.labelsWiki = t.path(mwlog.ECSLabelPrefix+mwlog.FieldNormalizedMessage), t.path(mwlog.ECSLabelPrefix+mwlog.FieldWiki)
	s.hostName, s.hostHostname = t.path(mwlog.ECSHostName), t.path(mwlog.ECSHostHostname)
	s.urlFull, s.urlOriginal, s.urlPath = t.path(mwlog.ECSURLFull), t.path(mwlog.ECSURLOriginal), t.path(mwlog.ECSURLPath)
	s.traceID, s.labelsReqID, s.httpRequestID = t.path(mwlog.ECSTraceID), t.path(mwlog.ECSLabelPrefix+mwlog.FieldReqID), t.path(mwlog.ECSHTTPRequestID)
	s.clientIP, s.sourceIP = t.path(mwlog.ECSClientIP), t.path(mwlog.ECSSourceIP)
	s.userAgentOriginal, s.httpUserAgent = t.path(mwlog.ECSUserAgent), t.path(mwlog.ECSHTTPUserAgent)

	s.ctxClientIP, s.ctxUA = t.contextKey(mwlog.KeyClientIP), t.contextKey(mwlog.KeyUserAgent)
	s.ctxOriginalUA, s.ctxProvider = t.contextKey(mwlog.KeyOriginalUA), t.contextKey(mwlog.KeyProvider)
	for i, name := range mwlog.TokenKeys {
		s.ctxTokens[i] = t.contextKey(name)
	}
	s.tokensOwn = true
	for _, k := range s.ctxTokens {
		s.tokensOwn = s.tokensOwn && !k.reserved
	}
	s.ctxExpectedSubject, s.ctxSubject = t.contextKey(mwlog.KeyExpectedSubject), t.contextKey(mwlog.KeySubject)
	s.ctxCentralID, s.ctxUser = t.contextKey(mwlog.KeyCentralID), t.contextKey(mwlog.KeyUser)
	for _, k := range ContextKeys {
		s.fields = append(s.fields, t.contextKey(k))
	}
	t.seal()
	if len(s.fields) <= 64 {
		s.fieldBits = make([]uint64, len(t.names))
		for j, f := range s.fields {
			for _, k := range [...]fastKey{f.key, f.labels.full, f.clash} {
				s.fieldBits[k] |= 1 << uint(j)
			}
		}
	}
	return s
}

// fastKeys is the compiled form of the layout rules' keys, shared read-only by every
// [FastDecoder]. A value, not a pointer: its tables and keys are read at fixed
// addresses, with no load of the pointer and no register kept for it.
var fastKeys = *newFastSchema()
