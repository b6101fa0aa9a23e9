package normalize

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/netip"
	"unsafe"

	"github.com/wikimedia/jwtriage/internal/jsonscan"
	"github.com/wikimedia/jwtriage/mwlog"
)

// Sentinel errors of FromJSON, checked with errors.Is.
var (
	// ErrNotObject: the input is not one JSON object (invalid JSON, an array, a
	// string, null, trailing data). It is [jsonscan.ErrNotObject], whose errors say
	// what is wrong with the line.
	ErrNotObject = jsonscan.ErrNotObject
	// ErrOtherChannel: a valid record that is not an event: its channel is not one of
	// the Normalizer's (or it has none, or it is a search response without hits). The
	// caller counts it as a record only.
	ErrOtherChannel = errors.New("record is not in a selected channel")
	// ErrSearchResponse: the record is a whole `_search` response, which holds several
	// records; AppendEvents and AppendEventsJSON return one event per hit.
	ErrSearchResponse = errors.New("record is a _search response with several hits; use AppendEvents")
)

// FromMap builds the Event of one decoded document of any layout (a log line, a
// search hit, or a cluster aggregation bucket rebuilt as a flat document). count is
// how many identical lines the document stands for (values below 1 count as 1). ok is
// false when the document is not an event: another channel, no channel, or a whole
// `_search` response (see AppendEvents). Fields of the wrong type count as absent.
func (n *Normalizer) FromMap(doc map[string]any, count int64) (Event, bool) {
	if _, isResponse := searchHits(doc); isResponse {
		return Event{}, false
	}
	return n.fromDocument(doc, count)
}

// FromJSON decodes one JSON object and builds its Event like FromMap. The error is
// ErrNotObject (wrapping the decoder's), ErrOtherChannel or ErrSearchResponse.
//
// It decodes the whole object with encoding/json and then runs FromMap's logic; a
// faster scanner can replace the decoding without touching KindOf, ParseSubject or the
// layout rules, which take plain values.
func (n *Normalizer) FromJSON(raw []byte) (Event, error) {
	doc, err := decodeObject(raw)
	if err != nil {
		return Event{}, err
	}
	if _, isResponse := searchHits(doc); isResponse {
		return Event{}, ErrSearchResponse
	}
	ev, ok := n.fromDocument(doc, 1)
	if !ok {
		return Event{}, ErrOtherChannel
	}
	return ev, nil
}

// AppendEvents appends the events of one record to dst: none or one for a log
// document, one per hit in the selected channels for a whole `_search` response
// ({"hits":{"hits":[…]}}, as saved from a console), each hit standing for count lines.
func (n *Normalizer) AppendEvents(dst []Event, doc map[string]any, count int64) []Event {
	hits, isResponse := searchHits(doc)
	if !isResponse {
		if ev, ok := n.fromDocument(doc, count); ok {
			dst = append(dst, ev)
		}
		return dst
	}
	for _, h := range hits {
		hit, ok := h.(map[string]any)
		if !ok {
			continue
		}
		if _, nested := searchHits(hit); nested {
			continue // a response inside a response is not a log line
		}
		if ev, ok := n.fromDocument(hit, count); ok {
			dst = append(dst, ev)
		}
	}
	return dst
}

// AppendEventsJSON decodes one JSON object and appends its events like AppendEvents.
// The only error is ErrNotObject.
func (n *Normalizer) AppendEventsJSON(dst []Event, raw []byte) ([]Event, error) {
	doc, err := decodeObject(raw)
	if err != nil {
		return dst, err
	}
	return n.AppendEvents(dst, doc, 1), nil
}

// decodeObject decodes exactly one JSON object, keeping numbers exact (json.Number).
// Its errors say plainly what is wrong with the line ([jsonscan.NotObject]).
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonscan.NotObject(err)
	}
	if doc == nil {
		return nil, jsonscan.ErrNullLine
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, jsonscan.ErrTrailingData
	}
	return doc, nil
}

// fromDocument builds the Event of one log document (possibly wrapped in `_source`).
func (n *Normalizer) fromDocument(doc map[string]any, count int64) (Event, bool) {
	r := detectLayout(unwrapSource(doc))
	if count < 1 {
		count = 1
	}
	if r.truncated() {
		return Event{Time: r.timestamp(), Count: count, Unusable: UnusableTruncated}, true
	}
	channel := r.channel()
	if !n.accepts(channel) {
		return Event{}, false
	}
	ev := Event{
		Time:        r.timestamp(),
		Channel:     channel,
		Template:    r.template(),
		Wiki:        r.wiki(),
		Host:        r.host(),
		URL:         r.url(),
		ReqID:       r.reqID(),
		ClientIP:    r.clientIP(),
		UserAgent:   r.userAgent(),
		Provider:    stringOf(r.contextValue(mwlog.KeyProvider)),
		MWVersion:   r.mwversion(),
		ServerGroup: r.serverGroup(),
		Token:       r.token(),
		Weight:      n.Weight(channel),
		Count:       count,
	}
	ev.Message = r.message(ev.Template)
	if ev.Template == "" {
		ev.Template = ev.Message
	}
	clues := subjectClues{
		expected:  textOf(r.contextValue(mwlog.KeyExpectedSubject)),
		subject:   textOf(r.contextValue(mwlog.KeySubject)),
		centralID: textOf(r.contextValue(mwlog.KeyCentralID)),
		user:      textOf(r.contextValue(mwlog.KeyUser)),
	}
	ev.Kind, ev.Reason = KindOf(ev.Message, clues.expected, clues.subject)
	ev.Subject = eventSubject(ev.Kind, clues)
	ev.Fields = r.fields()
	return ev, true
}

// message is the interpolated message: `message`, with any PSR-3 placeholders left
// in it (a JsonFormatter without PsrLogMessageProcessor) filled from the context; the
// template interpolated the same way when the document has no message.
func (r *record) message(template string) string {
	msg := stringOf(r.doc[mwlog.FieldMessage])
	if msg == "" {
		msg = template
	}
	return interpolate(msg, r.contextValue)
}

// clientIP is the first candidate that parses as an address, IPv4-in-IPv6 unmapped and
// without zone, so one client is counted once whichever form a layout used.
func (r *record) clientIP() netip.Addr {
	for _, c := range r.clientIPCandidates() {
		s := stringOf(c)
		if s == "" {
			continue
		}
		if a, ok := clientAddr(s); ok {
			return a
		}
	}
	return netip.Addr{}
}

// parseDottedQuad is netip.ParseAddr for the IPv4 addresses it accepts: four decimal
// fields of up to 255 separated by dots, no leading zeros; it refuses everything else
// (which ParseAddr may still accept: IPv6, zones), left to clientAddr. Every client
// address of a line is one, and ParseAddr's search for the separator kind, its field
// parser and the decoder's flags scan of the value were 2-3 % of decoding the
// all-distinct shape. FuzzParseDottedQuad holds it to ParseAddr.
func parseDottedQuad(s []byte) (netip.Addr, bool) {
	var ip [4]byte
	i := 0
	for f := range ip {
		if f > 0 {
			if i >= len(s) || s[i] != '.' {
				return netip.Addr{}, false
			}
			i++
		}
		if i >= len(s) || s[i]-'0' > 9 {
			return netip.Addr{}, false
		}
		v := int(s[i] - '0')
		i++
		if v != 0 { // a field's leading 0 is the whole field
			for range 2 {
				if i >= len(s) || s[i]-'0' > 9 {
					break
				}
				v = v*10 + int(s[i]-'0')
				i++
			}
			if v > 255 {
				return netip.Addr{}, false
			}
		}
		ip[f] = byte(v)
	}
	if i != len(s) {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(ip), true
}

// parseDottedQuadQuoted is parseDottedQuad for the n bytes at the start of b, n < 16,
// when b[n] is neither a digit nor a dot: a string value's bytes in the line, followed
// by its closing quote. Every client address of the all-distinct shape is a new one,
// and parseDottedQuad tested its index against the length before every byte (about 220
// instructions for `10.1.134.159`); here the quote ends a field as a dot would, so the
// index is checked once, at the end. The bytes are read through a pointer, with neither
// a bounds check nor the index masked to the array (two instructions a byte), a field's
// first two bytes are loaded before either is tested, the dot is tested after a field
// rather than before, and the address is gathered in a register rather than in an array
// on the stack (191 -> 131 instructions a line of the all-distinct shape). Every read
// is within b whatever it holds: a field starts at index 12 at most (three fields of up
// to three digits, three dots) and its reads reach two bytes past its start.
func parseDottedQuadQuoted(b *[16]byte, n int) (netip.Addr, bool) {
	p := unsafe.Pointer(b)
	var ip uint32
	i := uintptr(0)
	for f := 0; ; f++ {
		c0 := uint32(*(*byte)(unsafe.Add(p, i))) - '0'
		c1 := uint32(*(*byte)(unsafe.Add(p, i+1))) - '0'
		v := c0
		if c0 > 9 {
			return netip.Addr{}, false
		}
		i++
		if c1 <= 9 {
			if c0 == 0 { // a field's leading 0 is the whole field
				return netip.Addr{}, false
			}
			v = c0*10 + c1
			i++
			if c2 := uint32(*(*byte)(unsafe.Add(p, i))) - '0'; c2 <= 9 {
				v = v*10 + c2
				i++
				if v > 255 {
					return netip.Addr{}, false
				}
			}
		}
		ip = ip<<8 | v
		if f == 3 {
			break
		}
		if *(*byte)(unsafe.Add(p, i)) != '.' {
			return netip.Addr{}, false
		}
		i++
	}
	if i != uintptr(n) {
		return netip.Addr{}, false
	}
	var a [4]byte
	binary.BigEndian.PutUint32(a[:], ip)
	return netip.AddrFrom4(a), true
}

// clientAddr reads a client address as an [Event] holds it: IPv4-mapped IPv6 unmapped,
// without zone.
func clientAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

// fields copies the ContextKeys the document has, as scalars; nil when none.
func (r *record) fields() map[string]any {
	var out map[string]any
	for _, k := range ContextKeys {
		v, ok := scalarValue(r.contextValue(k))
		if !ok {
			continue
		}
		if out == nil {
			out = make(map[string]any, 8)
		}
		out[k] = v
	}
	return out
}
