package normalize

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"strings"
	"time"
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/jsonscan"
	"github.com/wikimedia/jwtriage/mwlog"
)

// The layout rules of [record] and [Normalizer.fromDocument], read from a scanned line
// instead of a map. Each method mirrors the reference method of the same name; keep
// them in step (the equivalence tests and FuzzFastEquivalence compare the two on every
// kind of line).

// fastRecord is one log document of a scanned line with its layout decided.
type fastRecord struct {
	d         *FastDecoder
	doc       int32
	row       *[fastRowWidth]uint64 // doc's row of slots (see FastDecoder.docRow)
	tag       uint64                // the line's number in a slot's upper half (see at)
	layout    layout
	context   int32 // Monolog's context object; -1 for none or `[]`
	extra     int32 // Monolog's extra object; -1 for none or `[]`
	conflicts int32 // the flat layout's logstash_formatter_key_conflict array, or -1
	// ownNames: the flat layout without a conflict list, where a context key that is not
	// reserved is read under its own name only (see contextValue).
	ownNames bool
	// kindHit: kindOf found the message's bytes to be d.lastKind's, whose message (see
	// fastLastKind.msg) message then returns; kindSet: kindOf made them d.lastKind's.
	kindHit, kindSet bool
}

// fromDocument is [Normalizer.fromDocument] for the object at node doc. The kind is
// decided first, on the message as it stands in the line, so that under FastReportFields an event
// without one costs little more than its timestamp.
//
// It fills *ev, a zero Event, in place and reports whether there is an event: an Event
// is a few hundred bytes, and returning it by value copied it twice more per line.
func (d *FastDecoder) fromDocument(doc int32, ev *Event) bool {
	r := d.detectLayout(d.unwrapSource(doc))
	if r.truncated() {
		ev.Time, ev.Count, ev.Unusable = r.timestamp(), 1, UnusableTruncated
		return true
	}
	channel := r.channel()
	weight, ok := d.weight(channel)
	if !ok {
		return false
	}
	ev.Time, ev.Channel, ev.Weight, ev.Count = r.timestamp(), channel, weight, 1
	kind, reason, wrongSubject := r.kindOf()
	if d.report && kind == KindNone && !wrongSubject {
		return true
	}
	clues := subjectClues{
		expected: d.subjectText(r.contextValue(&fastKeys.ctxExpectedSubject)),
		subject:  d.subjectText(r.contextValue(&fastKeys.ctxSubject)),
	}
	if wrongSubject {
		kind = wrongSubjectKind(clues.expected, clues.subject)
	}
	ev.Kind, ev.Reason = kind, reason
	ev.Template = r.template()
	ev.Message = r.message(ev.Template)
	if ev.Template == "" {
		ev.Template = ev.Message
	}
	r.requestFields(ev)
	if !d.report {
		ev.Host, ev.ReqID = r.host(), r.reqID()
	}
	if !d.report || d.withURL {
		ev.URL = r.url()
	}
	ev.ClientIP = r.clientIP()
	ev.UserAgent = r.userAgent()
	ev.Provider = d.internedAt(internProvider, r.contextValue(&fastKeys.ctxProvider))
	ev.Token = r.token()
	if id, ok := centralAuthID(clues.subject); ok {
		// eventSubject's answer (ParseSubject's of the JWT's subject, which names a
		// user), written field by field into the zero Subject: returned through
		// ParseSubject and eventSubject it was copied twice, a write barrier test per
		// string (nearly every line's subject)
		ev.Subject.setCentralAuth(clues.subject, id)
	} else {
		// the other clues, read only here: the answer above needs none of them
		clues.centralID = d.subjectText(r.contextValue(&fastKeys.ctxCentralID))
		clues.user = d.subjectText(r.contextValue(&fastKeys.ctxUser))
		ev.Subject = eventSubject(ev.Kind, clues)
	}
	if !d.report || ev.Token != "" {
		ev.Fields = r.fields()
	}
	return true
}

// weight is Normalizer.Weight of an accepted channel, ok false for a channel the
// Normalizer does not accept; both remembered for the last accepted channel (lines come
// in long runs of the same one). The channel is interned: a run's is the very same
// string, told by its address and length, where comparing the strings (accepts' loop,
// then the last channel's) called memequal twice a line.
func (d *FastDecoder) weight(channel string) (weight int64, ok bool) {
	if unsafe.StringData(channel) == unsafe.StringData(d.lastChannel) && len(channel) == len(d.lastChannel) && d.lastWeight != 0 {
		return d.lastWeight, true
	}
	if !d.norm.accepts(channel) {
		return 0, false
	}
	d.lastChannel, d.lastWeight = channel, d.norm.Weight(channel)
	return d.lastWeight, true
}

// unwrapSource follows `_source` objects, at most maxSourceDepth of them.
func (d *FastDecoder) unwrapSource(doc int32) int32 {
	for range maxSourceDepth {
		inner := d.at(doc, fastKeys.source)
		if d.kind(inner) != jsonscan.Object {
			break
		}
		doc = inner
	}
	return doc
}

// phpObject: an object, or `[]` (PHP's empty array) as an empty one (node -1).
func (d *FastDecoder) phpObject(v int32) (int32, bool) {
	switch d.kind(v) {
	case jsonscan.Object:
		return v, true
	case jsonscan.Array:
		return -1, d.tape.Nodes[v].Next == uint32(v)+1
	}
	return -1, false
}

func (d *FastDecoder) detectLayout(doc int32) fastRecord {
	r := fastRecord{d: d, doc: doc, row: d.row(d.docRow(doc)), tag: uint64(d.gen) << 32, context: -1, extra: -1, conflicts: -1}
	if ctx, ok := d.phpObject(r.at(fastKeys.context)); ok {
		extra, hasExtra := d.phpObject(r.at(fastKeys.extra))
		hasLevelName := r.at(fastKeys.levelName) >= 0
		hasDatetime := r.at(fastKeys.datetime) >= 0
		if hasExtra || hasLevelName || hasDatetime {
			r.layout, r.context, r.extra = layoutMonolog, ctx, extra
			return r
		}
	}
	if r.isECS() {
		r.layout = layoutECS
		return r
	}
	r.layout = layoutFlat
	if c := r.at(fastKeys.conflicts); d.kind(c) == jsonscan.Array {
		r.conflicts = c
	}
	r.ownNames = r.conflicts < 0
	return r
}

// isECS is layout.go's isECS: labels naming the channel, nested or dotted, or labels
// and no channel of the document's own.
//
// A document with neither `labels` nor `labels.channel`, nearly every flat one, is told
// first, by three slot reads (isECSLabels has the rest): a flat line paid for the kind
// of its absent `labels` and the tests of the nested case.
func (r *fastRecord) isECS() bool {
	labels := r.at(fastKeys.labels)
	if labels < 0 && r.at(fastKeys.labelsChannel.full) < 0 {
		return r.at(fastKeys.channel) < 0 && r.d.hasDottedLabels(r.doc)
	}
	return r.isECSLabels(labels)
}

// isECSLabels is isECS for a document with `labels` (its value node) or `labels.channel`.
func (r *fastRecord) isECSLabels(labels int32) bool {
	d := r.d
	nested := d.kind(labels) == jsonscan.Object
	if nested && d.at(labels, fastKeys.channel) >= 0 || r.at(fastKeys.labelsChannel.full) >= 0 {
		return true
	}
	// the channel first: a document with one (the flat layout) needs no scan for
	// `labels.*` keys
	return r.at(fastKeys.channel) < 0 && (nested || d.hasDottedLabels(r.doc))
}

// at is d.at(r.doc, k), inlined: the document always has a row. It reads the row and
// the line's number kept in r, and a key indexes the row with no bounds check (atRow
// loaded the decoder, the slots' address and length, and the line's number through it:
// some 28 lookups a line, each about half of that).
func (r *fastRecord) at(k fastKey) int32 {
	return slotValue(r.row[k], r.tag)
}

// lookup is d.lookup(r.doc, p), its first level read with r.at.
func (r *fastRecord) lookup(p *fastPath) int32 {
	if v := r.at(p.full); v >= 0 {
		return v
	}
	d := r.d
	for _, s := range p.splits {
		if sub := r.at(s.prefix); d.kind(sub) == jsonscan.Object {
			if v := d.lookup(sub, s.rest); !d.isNil(v) {
				return v
			}
		}
	}
	return -1
}

// contextValue returns the node of a context key wherever the layout put it, -1 when
// absent.
func (r *fastRecord) contextValue(k *fastContextKey) int32 {
	if r.ownNames && !k.reserved { // most lines: one test before the lookup, not three
		return r.at(k.key)
	}
	d := r.d
	switch r.layout {
	case layoutMonolog:
		if r.context < 0 {
			return -1
		}
		return d.at(r.context, k.key)
	case layoutECS:
		if v := r.lookup(k.labels); !d.isNil(v) {
			return v
		}
		return r.at(k.key)
	default:
		if k.reserved || r.conflicts >= 0 && r.renamable(k.name, false) { // no call for most keys
			if v := r.at(k.clash); v >= 0 {
				return v
			}
		}
		return r.at(k.key)
	}
}

// contextValueName is contextValue for a key known only at run time (a placeholder).
func (r *fastRecord) contextValueName(key string) int32 {
	d := r.d
	switch r.layout {
	case layoutMonolog:
		if r.context < 0 {
			return -1
		}
		return d.member(r.context, key)
	case layoutECS:
		if v := d.lookupName(r.doc, mwlog.ECSLabel(key)); !d.isNil(v) {
			return v
		}
		return d.member(r.doc, key)
	default:
		if r.renamable(key, mwlog.IsReserved(key)) {
			if v := d.member(r.doc, mwlog.FlatClash(key)); v >= 0 {
				return v
			}
		}
		return d.member(r.doc, key)
	}
}

// renamable is layout.go's renamable: the key is reserved, or the conflict list names
// it (as a string).
func (r *fastRecord) renamable(key string, reserved bool) bool {
	if reserved {
		return true
	}
	if r.conflicts < 0 {
		return false
	}
	d := r.d
	nodes := d.tape.Nodes
	end := nodes[r.conflicts].Next
	for e := uint32(r.conflicts) + 1; e < end; e = nodes[e].Next {
		if nodes[e].Kind == jsonscan.String && string(d.rawString(int32(e))) == key {
			return true
		}
	}
	return false
}

func (r *fastRecord) channel() string {
	d := r.d
	if r.layout == layoutECS {
		return d.firstStringAt(internChannel, r.lookup(fastKeys.labelsChannel), r.at(fastKeys.channel), r.lookup(fastKeys.logLogger))
	}
	return d.internedAt(internChannel, r.at(fastKeys.channel))
}

func (r *fastRecord) template() string {
	d := r.d
	switch r.layout {
	case layoutECS:
		return d.firstStringAt(internTemplate, r.lookup(fastKeys.labelsNormalizedMessage), r.at(fastKeys.normalizedMessage))
	case layoutMonolog:
		return ""
	default:
		return d.internedAt(internTemplate, r.at(fastKeys.normalizedMessage))
	}
}

// extraValue is Monolog's extra[key]; -1 without extra.
func (r *fastRecord) extraValue(k fastKey) int32 {
	if r.extra < 0 {
		return -1
	}
	return r.d.at(r.extra, k)
}

// requestFields sets ev's wiki, MediaWiki version (a few releases at a time: a
// breakdown, and the token's chain, see classify/tokens) and server group (a few), as
// layout.go's wiki, mwversion and serverGroup. In a flat line, requestField's case is
// here with each site known, and the three are one call: a function each cost a call
// and a frame apiece (about 12 instructions each a line).
func (r *fastRecord) requestFields(ev *Event) {
	if r.layout == layoutFlat {
		d := r.d
		ev.Wiki = d.internedAt(internWiki, r.at(fastKeys.wiki))
		ev.MWVersion = d.internedAt(internVersion, r.at(fastKeys.mwversion))
		ev.ServerGroup = d.internedAt(internGroup, r.at(fastKeys.servergroup))
		return
	}
	ev.Wiki = r.requestField(internWiki, fastKeys.wiki, fastKeys.labelsWiki)
	ev.MWVersion = r.requestField(internVersion, fastKeys.mwversion, fastKeys.labelsMWVersion)
	ev.ServerGroup = r.requestField(internGroup, fastKeys.servergroup, fastKeys.labelsServerGroup)
}

// requestField is layout.go's requestField for a field's key and its labels path (few
// distinct values: interned at site).
func (r *fastRecord) requestField(site internSite, key fastKey, label *fastPath) string {
	d := r.d
	switch r.layout {
	case layoutECS:
		return d.firstStringAt(site, r.lookup(label), r.at(key))
	case layoutMonolog:
		return d.firstStringAt(site, r.extraValue(key), r.at(key))
	default:
		return d.internedAt(site, r.at(key))
	}
}

func (r *fastRecord) host() string {
	d, k := r.d, &fastKeys
	var v int32
	switch r.layout {
	case layoutECS:
		v = d.firstNonEmpty(r.lookup(k.hostName), r.lookup(k.hostHostname), r.at(k.host))
	case layoutMonolog:
		v = d.firstNonEmpty(r.extraValue(k.host), r.at(k.host))
	default:
		v = d.firstNonEmpty(r.at(k.host), r.lookup(k.hostName))
	}
	return d.str(v) // one per pod: too many to be worth caching
}

func (r *fastRecord) url() string {
	d, k := r.d, &fastKeys
	var v int32
	switch r.layout {
	case layoutECS:
		v = d.firstNonEmpty(r.lookup(k.urlFull), r.lookup(k.urlOriginal), r.lookup(k.urlPath), r.at(k.url))
	case layoutMonolog:
		v = d.firstNonEmpty(r.extraValue(k.url), r.at(k.url))
		return d.requestURL(v, d.firstStringAt(internServer, r.extraValue(k.server), r.at(k.server)))
	default:
		v = d.firstNonEmpty(r.at(k.url), r.lookup(k.urlFull), r.lookup(k.urlOriginal))
		return d.requestURL(v, d.internedAt(internServer, r.at(k.server)))
	}
	return d.str(v) // mostly distinct: not worth caching
}

// requestURL is RequestURL for the path at node v (-1: none) and a server (one per wiki:
// interned), with one allocation.
func (d *FastDecoder) requestURL(v int32, server string) string {
	if v < 0 {
		return ""
	}
	path := d.rawString(v)
	if !joinsServer(path, server) {
		return string(path) // mostly distinct: not worth caching
	}
	return "https://" + server + string(path)
}

// truncated is layout.go's truncated: a flat document without a channel whose msg holds
// a raw MediaWiki line.
func (r *fastRecord) truncated() bool {
	d := r.d
	if r.layout != layoutFlat || r.at(fastKeys.channel) >= 0 {
		return false
	}
	msg := r.at(fastKeys.msg)
	if d.kind(msg) != jsonscan.String {
		return false
	}
	// No copy of a msg of up to 64 KiB: isRawMediaWikiLine keeps nothing of it.
	raw := d.rawString(msg)
	return isRawMediaWikiLine(unsafe.String(unsafe.SliceData(raw), len(raw)))
}

func (r *fastRecord) reqID() string {
	d, k := r.d, &fastKeys
	var v int32
	switch r.layout {
	case layoutECS:
		v = d.firstNonEmpty(r.lookup(k.traceID), r.lookup(k.labelsReqID), r.lookup(k.httpRequestID), r.at(k.reqID))
	case layoutMonolog:
		v = d.firstNonEmpty(r.extraValue(k.reqID), r.extraValue(k.uniqueID), r.at(k.reqID))
	default:
		v = d.firstNonEmpty(r.at(k.reqID), r.lookup(k.traceID))
	}
	return d.str(v) // request ids are unique: not worth caching
}

// firstNonEmpty returns the first candidate that is a non-empty string, -1 when none.
func (d *FastDecoder) firstNonEmpty(candidates ...int32) int32 {
	for _, c := range candidates {
		if d.isNonEmptyString(c) {
			return c
		}
	}
	return -1
}

// clientIP is [record.clientIP]. Its candidates are looked up one at a time, only until
// one holds an address: nearly every line has its address in the first.
func (r *fastRecord) clientIP() netip.Addr {
	if a, ok := r.addrAt(r.contextValue(&fastKeys.ctxClientIP)); ok {
		return a
	}
	for _, place := range clientIPPlaces[r.layout] {
		if a, ok := r.addrAt(r.clientIPAt(place)); ok {
			return a
		}
	}
	return netip.Addr{}
}

// clientIPPlace is where [record.clientIPCandidates] looks for the client address.
type clientIPPlace uint8

const (
	ipNowhere clientIPPlace = iota
	ipField                 // the document's ip
	ipExtra                 // Monolog's extra.ip
	ipClient                // ECS client.ip
	ipSource                // ECS source.ip
)

// clientIPPlaces lists each layout's places after the context's clientIp, in
// [record.clientIPCandidates]' order.
var clientIPPlaces = [...][3]clientIPPlace{
	layoutFlat:    {ipField, ipClient, ipSource},
	layoutECS:     {ipClient, ipSource, ipField},
	layoutMonolog: {ipExtra, ipField, ipNowhere},
}

// clientIPAt is the node at place (-1 for none).
func (r *fastRecord) clientIPAt(place clientIPPlace) int32 {
	k := &fastKeys
	switch place {
	case ipField:
		return r.at(k.ip)
	case ipExtra:
		return r.extraValue(k.ip)
	case ipClient:
		return r.lookup(k.clientIP)
	case ipSource:
		return r.lookup(k.sourceIP)
	}
	return -1
}

// addrAt is the address node c holds, if it is a non-empty string that is one.
func (r *fastRecord) addrAt(c int32) (netip.Addr, bool) {
	d := r.d
	if !d.isNonEmptyString(c) {
		return netip.Addr{}, false
	}
	nd := &d.tape.Nodes[c]
	var a netip.Addr
	var ok bool
	if n := int(nd.End - nd.Start); n < 16 && int(nd.Start)+16 <= len(d.tape.Raw) { // 16 bytes from its start: the value and its closing quote
		a, ok = parseDottedQuadQuoted((*[16]byte)(d.tape.Raw[nd.Start:]), n)
	} else {
		a, ok = parseDottedQuad(d.tape.Raw[nd.Start:nd.End])
	}
	if ok {
		return a, true // digits and dots: the raw bytes are the value
	}
	// No copy: ParseAddr keeps nothing of its input but in the error, dropped here
	// (a zone is cloned into a unique handle, then dropped too).
	raw := d.rawString(c)
	return clientAddr(unsafe.String(unsafe.SliceData(raw), len(raw)))
}

// userAgent is [record.userAgent], the other candidates looked up only when the first
// is not a non-empty string (nearly every line has the first): internedAt gives ""
// exactly then, and tells it without a check of its own first.
func (r *fastRecord) userAgent() string {
	d := r.d
	if ua := d.internedAt(internAgent, r.contextValue(&fastKeys.ctxUA)); ua != "" {
		return ua
	}
	return d.internedAt(internAgent, r.otherUserAgent()) // "" for anything but a non-empty string
}

// otherUserAgent is the first of userAgent's other candidates that is a non-empty
// string, -1 for none.
func (r *fastRecord) otherUserAgent() int32 {
	d, k := r.d, &fastKeys
	return d.firstNonEmpty(r.contextValue(&k.ctxOriginalUA), r.lookup(k.userAgentOriginal), r.lookup(k.httpUserAgent))
}

// token is [record.token]. Where contextValue is one lookup (ownNames and a key that is
// not reserved: most lines) the lookup is made here, with no call of contextValue, which
// is not inlined in this loop (four keys a line, about 80 instructions).
//
// Most lines have none of the keys: where each is one lookup, their four slots are
// read and tested at once (a slot read gives -1 for an absent key, so the AND of the
// four is negative exactly when all are absent), with no loop (about 85 instructions a
// line of the all-distinct shape).
func (r *fastRecord) token() string {
	d, k := r.d, &fastKeys
	// four keys exactly: a negative constant made uint does not compile
	const _ = uint(len(fastKeys.ctxTokens)-4) + uint(4-len(fastKeys.ctxTokens))
	if r.ownNames && k.tokensOwn &&
		r.at(k.ctxTokens[0].key)&r.at(k.ctxTokens[1].key)&r.at(k.ctxTokens[2].key)&r.at(k.ctxTokens[3].key) < 0 {
		return ""
	}
	for i := range fastKeys.ctxTokens {
		k := &fastKeys.ctxTokens[i]
		v := r.at(k.key)
		if !r.ownNames || k.reserved {
			v = r.contextValue(k)
		}
		if d.isNonEmptyString(v) {
			return d.str(v)
		}
	}
	return ""
}

func (r *fastRecord) timestamp() time.Time {
	d, k := r.d, &fastKeys
	// @timestamp, nearly every line's, read before the loop: the loop's array of keys,
	// built on the stack, and its counter were a fifth of a timestamp's instructions.
	if t, ok := d.parseTime(r.at(k.atTimestamp)); ok {
		return t
	}
	for _, key := range [...]fastKey{k.datetime, k.timestamp} {
		if t, ok := d.parseTime(r.at(key)); ok {
			return t
		}
	}
	return time.Time{}
}

// parseTime is the package's [parseTime] for node v.
func (d *FastDecoder) parseTime(v int32) (time.Time, bool) {
	switch d.kind(v) {
	case jsonscan.String:
		// A Logstash timestamp is ASCII digits and separators, which logstashTime checks
		// one by one: one it reads from the line's bytes is their decoding (no flags scan).
		nd := &d.tape.Nodes[v]
		raw := d.tape.Raw[nd.Start:nd.End]
		if t, ok := d.logstashTime(raw); ok {
			return t, true
		}
		dec := d.rawString(v)
		if unsafe.SliceData(dec) != unsafe.SliceData(raw) { // decoded: escapes or bad UTF-8
			if t, ok := d.logstashTime(dec); ok {
				return t, true
			}
		}
		return parseTimeLayouts(string(dec))
	case jsonscan.Object:
		return parsePHPDate(d.str(d.at(v, fastKeys.date)), d.str(d.at(v, fastKeys.timezone)))
	case jsonscan.Number:
		return numberTime(d.numberValue(v))
	}
	return time.Time{}, false
}

// logstashTime is parseLogstashTime, remembering the last minute read: lines come in
// time order, and time.Date is most of the cost. A time in the same minute is made with
// time.Unix, UTC, as time.Date makes it (Time.Add on the minute's time, the same value,
// checked the nanoseconds' carry and the monotonic clock: 49 instructions a line).
func (d *FastDecoder) logstashTime(raw []byte) (time.Time, bool) {
	// the minute compared as two words: as 16 bytes (a field's, not a constant) it was a
	// call of memequal with the arguments saved around it
	if len(raw) >= 16 && binary.LittleEndian.Uint64(raw) == d.minute[0] && binary.LittleEndian.Uint64(raw[8:16]) == d.minute[1] {
		if second, nanos, ok := logstashSeconds(raw); ok {
			return time.Unix(d.minuteUnix+int64(second), int64(nanos)).UTC(), true
		}
	}
	t, ok := parseLogstashTime(raw)
	if ok {
		d.minute = [2]uint64{binary.LittleEndian.Uint64(raw), binary.LittleEndian.Uint64(raw[8:16])} // 20 bytes or more: read
		d.minuteUnix = t.Truncate(time.Minute).Unix()
	}
	return t, ok
}

// message is the interpolated message, as [record.message] makes it.
//
// A message without placeholders is remembered: the interned message of a run of
// lines is the very same string, line after line, and is not searched again.
func (r *fastRecord) message(template string) string {
	d := r.d
	if r.kindHit && d.lastKind.msg != "" {
		return d.lastKind.msg
	}
	msg := d.internedAt(internMessage, r.at(fastKeys.message))
	if msg == "" {
		msg = template
	}
	if unsafe.StringData(msg) != unsafe.StringData(d.noPlaceholders) || len(msg) != len(d.noPlaceholders) {
		if strings.IndexByte(msg, '{') >= 0 {
			return interpolate(msg, func(key string) any { return d.value(r.contextValueName(key)) })
		}
		d.noPlaceholders = msg
	}
	if r.kindSet {
		d.lastKind.msg = msg
	}
	return msg
}

// kindOf is [kindOfMessage] of message(template()), the answer for a message's bytes
// kept, when it has a kind and nothing was interpolated, until a line has other ones
// (lines come in runs of one message).
func (r *fastRecord) kindOf() (kind Kind, reason string, wrongSubject bool) {
	d := r.d
	v := r.at(fastKeys.message)
	if !d.isNonEmptyString(v) {
		return kindOfMessage(r.message(r.template()))
	}
	nd := &d.tape.Nodes[v]
	raw := d.tape.Raw[nd.Start:nd.End]
	w := wordsOf(raw)
	if k := &d.lastKind; k.raw.same(raw, w) {
		r.kindHit = true
		return k.kind, k.reason, k.wrongSubject
	}
	msg, interpolated := r.kindMessage(v)
	kind, reason, wrongSubject = kindOfMessage(msg)
	if !interpolated && (kind != KindNone || wrongSubject) { // a line without a kind mostly quotes something of its own: not kept
		k := &d.lastKind
		k.kind, k.reason, k.wrongSubject, k.msg = kind, reason, wrongSubject, ""
		k.raw.set(raw, w)
		r.kindSet = true
	}
	return kind, reason, wrongSubject
}

// fastLastKind is the kind of the last message with one, and its raw bytes.
type fastLastKind struct {
	raw          rawMemo
	kind         Kind
	reason       string
	wrongSubject bool
	// msg is the message made of them once message has made it ("" before): a message
	// kept here has no placeholder, so it is the interned value itself, and a line with
	// the same bytes has it with no lookup (its site's last-value check and the check for
	// placeholders, about 80 instructions a line in runs of one message).
	msg string
}

// kindMessage is message(template()) as KindOf needs it, for reading at once: when the
// message needs no interpolation it is the line's own bytes (left undecoded when KindOf
// sorts them alike, see sortsAlikeUndecoded) or its decoding in a scratch buffer, valid
// until the next call; it costs no copy and no cache lookup. v is the message, a
// non-empty string; interpolated reports a message made from the context too.
func (r *fastRecord) kindMessage(v int32) (message string, interpolated bool) {
	d := r.d
	nd := &d.tape.Nodes[v]
	raw := d.tape.Raw[nd.Start:nd.End]
	if d.tape.Flags(nd) != 0 && !sortsAlikeUndecoded(raw) {
		d.viewBuf = jsonscan.AppendString(d.viewBuf[:0], raw)
		raw = d.viewBuf
	}
	if bytes.IndexByte(raw, '{') >= 0 {
		return r.message(""), true // placeholders to interpolate (and undecoded, only \u007b makes one)
	}
	return unsafe.String(&raw[0], len(raw)), false
}

// fields copies the ContextKeys the document has, as scalars; nil when none. Only the
// fields one of whose names occurs where the layout looks are read.
func (r *fastRecord) fields() map[string]any {
	d := r.d
	var candidates uint64
	switch r.layout {
	case layoutMonolog:
		if r.context >= 0 {
			candidates = d.fieldMask(r.context)
		}
	case layoutECS:
		candidates = d.fieldMask(r.doc)
		if labels := r.at(fastKeys.labels); d.kind(labels) == jsonscan.Object {
			candidates |= d.fieldMask(labels)
		}
	default:
		candidates = d.fieldMask(r.doc)
	}
	var out map[string]any
	for i := range fastKeys.fields {
		if candidates&(1<<uint(i)) == 0 && i < 64 {
			continue
		}
		k := &fastKeys.fields[i]
		v, ok := d.scalar(r.contextValue(k))
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, 8)
		}
		out[k.name] = v
	}
	return out
}
