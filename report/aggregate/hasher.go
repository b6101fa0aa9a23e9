package aggregate

import (
	"unsafe"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/internal/topk"
	"github.com/wikimedia/jwtriage/normalize"
)

// The lists whose keys an event's [classify.Result.Hashes] may hold, by index, then the
// other lists prefetch hashes for: the address prefix, which runs of addresses share
// (hashed once per run of one /24 or /64, by the aggregator, see [Hasher]), and the
// message, which a kind's events repeat (it is hashed once per run of one message) and
// whose masking searches all of it.
const (
	preIP = iota
	preWiki
	preAgent
	preFamily
	preUser
	preHashed  // the number of lists above
	prePrefix  = preHashed
	preMessage = preHashed + 1
	preLists   = preHashed + 2
)

// Result.Hashes has one entry per hashed list: the constant index below fails to
// compile when the two differ.
var _ = [1]struct{}{}[len(classify.Result{}.Hashes)-preHashed]

// Hasher makes, where an event was classified, the hashes of its values that its
// kind's lists count ([classify.Result.Hashes], by the pre* constants), so that the
// aggregator, which counts every event on one goroutine (the pipeline's only serial
// stage), neither hashes nor masks them. On the all-distinct shape, hashing, masking
// and building keys ahead were most of Prefetch, much of it waiting for value bytes
// that another core had just written; the goroutine that decoded them has them at hand.
//
// For a short user agent it also writes the agent list's key (family, then agent)
// into the result ([classify.Result.AgentKey]), which the aggregator built again from
// the agent's bytes, cold on its core (whole binary on the 1M-line all-distinct file,
// cachegrind: about 64 instructions a line fewer on the aggregator's goroutine, 7 more
// on the workers).
//
// A hash is made only where the value as counted is cheap to know: a wiki, user or
// user agent that masking (and redaction, Options.RedactText, for the agent) leaves as
// it is and that is within its bound, the agent's family, and the address's key (not
// when Options.LabelsMerge counts rendered labels). The aggregator counts the logged
// value itself where it finds a hash, without masking it, and makes the others as
// before. The wiki is hashed here since the decoder copies it for each event (it
// interned wikis once: their bytes were cold here too, and hashing them here was
// dropped): its bytes are at hand on this core and cold on the aggregator's, which
// read them only to hash them. The prefix is not hashed here, for want of room in
// Result.Hashes: runs of addresses share their prefix, and the aggregator hashes it
// once per run.
//
// Several Hashers of one Aggregator may run on different goroutines at once, while it
// counts (Options.RedactText must then be safe for concurrent use, as classify's
// IPRedactor.Text is); one Hasher is not safe for concurrent use.
type Hasher struct {
	text  func(string) string // the Aggregator's: read only
	merge bool
	keys  keyBuf
	// The previous event's family (and its hash): consecutive events share it, and
	// the aggregator's prefetch takes such a hash over from the event before rather
	// than hashing again.
	family     string
	familyHash uint64
}

// NewHasher returns a [Hasher] for a's lists.
func (a *Aggregator) NewHasher() *Hasher {
	return &Hasher{text: a.text, merge: a.labels.merge,
		keys: keyBuf{b: make([]byte, 0, familyMaxBytes+agentMaxBytes)}}
}

// Hash fills r.Hashes for the aggregator (every entry: zero where it made none). An
// event without a kind, or unusable, needs none.
//
// A value is counted as logged when masking, redaction and the cut give back the very
// same string ([sameString]: they return their argument when they change nothing, and
// a new string when they do): that costs no call of the byte comparison, three an
// event (on the all-distinct shape, 25 instructions a line fewer on the workers;
// an equal new string, which none makes, would only cost its hash here).
func (h *Hasher) Hash(r *classify.Result) {
	r.Hashes, r.AgentKeyLen = [preHashed]uint64{}, 0
	ev := &r.Event
	if ev.Kind == normalize.KindNone || ev.Unusable != "" {
		return
	}
	if ev.ClientIP.IsValid() && !h.merge {
		r.Hashes[preIP] = h.keys.addrHash(ev.ClientIP)
	}
	// The wiki where masking leaves it as logged; not the prefix, which the
	// aggregator hashes once per run of addresses that share it.
	if ev.Wiki != "" && sameString(cutValue(display.MaskJWTs(ev.Wiki), wikiMaxBytes), ev.Wiki) {
		r.Hashes[preWiki] = topk.Hash(ev.Wiki)
	}
	if ev.UserAgent != "" {
		family := cutValue(r.Agent.Family, familyMaxBytes)
		if !sameString(family, h.family) || h.familyHash == 0 {
			h.family, h.familyHash = family, topk.Hash(family)
		}
		r.Hashes[preFamily] = h.familyHash
		if sameString(cutValue(h.text(ev.UserAgent), agentMaxBytes), ev.UserAgent) {
			r.Hashes[preAgent] = topk.Hash(h.agentKey(r, ev.UserAgent, family))
		}
	}
	if ev.Subject.Raw != "" && sameString(cutValue(display.MaskJWTs(ev.Subject.Raw), userMaxBytes), ev.Subject.Raw) {
		r.Hashes[preUser] = topk.Hash(ev.Subject.Raw)
	}
}

// agentKey returns the user-agent list's key of agent and its family ([keyBuf.agent]),
// written into r.AgentKey when it fits: the aggregator then counts it from there
// ([kindTally.agentKey]), where it would build it again from the agent's bytes, which
// were written on this core and are cold on its own; the result's own bytes it has
// loaded ahead ([Aggregator.Preload]).
func (h *Hasher) agentKey(r *classify.Result, agent, family string) string {
	n := len(family) + len(agent)
	if n > len(r.AgentKey) {
		return h.keys.agent(agent, family)
	}
	copy(r.AgentKey[copy(r.AgentKey[:], family):], agent)
	r.AgentKeyLen = uint8(n)
	return unsafe.String(&r.AgentKey[0], n)
}
