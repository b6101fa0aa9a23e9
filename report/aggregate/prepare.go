package aggregate

import (
	"unsafe"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
)

// The lists whose keys [Prepared] holds.
const (
	preMessage = iota
	preReason
	preWiki
	preIP
	prePrefix
	preAgent
	preFamily
	preUser
	preLists
)

// Prepared is one event's values as its kind's top lists count them: tokens masked
// (and addresses redacted) in the texts, cut to their bounds, built into keys and
// hashed. Making them depends on nothing the aggregator has counted, and on the
// all-distinct shape it was about a third of the serial aggregator's time (masking,
// cutting and 7 hashes per event; `perf` of the whole binary: 12 % of its CPU out of
// the aggregator's 29 %), so pipeline.Parallel makes them on its workers with a
// [Preparer] and the aggregator, which runs on one goroutine, only counts them
// ([Aggregator.EventPrepared]). The zero Prepared is "not prepared".
type Prepared struct {
	keys [preLists]topk.Key // Hash 0: the event has no such value
	kind normalize.Kind     // the event's kind; KindNone: not prepared
}

// Preparer makes [Prepared] values for one [Aggregator]. Several Preparers of one
// Aggregator may run on different goroutines at once (Options' RenderIP,
// RenderPrefix and RedactText must then be safe for concurrent use, as classify's
// IPRedactor is); one Preparer is not safe for concurrent use.
type Preparer struct {
	text   func(string) string
	labels *labels // read only
	// arena holds the keys that are built rather than cut from the event's strings
	// (addresses, prefixes, agent keys), until Reset. A key points into it, so it is
	// only appended to: when it is full, a new array is started and the old one stays
	// as it is for the keys in it.
	arena []byte
}

// NewPreparer returns a [Preparer] of a's values.
func (a *Aggregator) NewPreparer() *Preparer {
	return &Preparer{text: a.text, labels: &a.labels}
}

// Reset lets the Preparer reuse the memory of the keys it made: call it only once
// the events they were prepared for have been counted (or dropped).
func (pr *Preparer) Reset() { pr.arena = pr.arena[:0] }

// Prepare makes r's values into p, as [Aggregator.Event] would count them. An event
// without a kind needs none (p is left unprepared).
func (pr *Preparer) Prepare(p *Prepared, r *classify.Result) {
	ev := &r.Event
	*p = Prepared{kind: ev.Kind}
	if ev.Kind == normalize.KindNone {
		return
	}
	if ev.Message != "" {
		p.keys[preMessage] = topk.MakeKey(cutValue(pr.text(ev.Message), messageMaxBytes))
	}
	if ev.Reason != "" {
		p.keys[preReason] = topk.MakeKey(cutValue(pr.text(ev.Reason), reasonMaxBytes))
	}
	if ev.Wiki != "" {
		p.keys[preWiki] = topk.MakeKey(cutValue(display.MaskJWTs(ev.Wiki), wikiMaxBytes))
	}
	if ev.ClientIP.IsValid() {
		if pr.labels.merge {
			p.keys[preIP] = topk.MakeKey(pr.labels.ip(ev.ClientIP))
		} else {
			p.keys[preIP] = topk.MakeKey(pr.build(appendAddr(pr.arena, ev.ClientIP)))
		}
		if r.IPPrefix.IsValid() {
			if pr.labels.merge {
				p.keys[prePrefix] = topk.MakeKey(pr.labels.prefix(r.IPPrefix))
			} else {
				p.keys[prePrefix] = topk.MakeKey(pr.build(appendPrefix(pr.arena, r.IPPrefix)))
			}
		}
	}
	if ev.UserAgent != "" {
		family := cutValue(r.Agent.Family, familyMaxBytes)
		agent := cutValue(pr.text(ev.UserAgent), agentMaxBytes)
		p.keys[preAgent] = topk.MakeKey(pr.build(append(append(pr.arena, family...), agent...)))
		p.keys[preFamily] = topk.MakeKey(family)
	}
	if ev.Subject.Raw != "" {
		p.keys[preUser] = topk.MakeKey(cutValue(display.MaskJWTs(ev.Subject.Raw), userMaxBytes))
	}
}

// build returns the bytes b appended to the arena as a string and keeps them there.
func (pr *Preparer) build(b []byte) string {
	key := b[len(pr.arena):]
	pr.arena = b
	return unsafe.String(unsafe.SliceData(key), len(key))
}
