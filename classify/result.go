package classify

import (
	"net/netip"

	"github.com/wikimedia/jwtriage/classify/tokens"
	"github.com/wikimedia/jwtriage/normalize"
)

// Verdict is the decision on one event.
type Verdict struct {
	Benign bool
	Reason string // in words, e.g. "a bot that ignores cookie expiry; the cookie is re-issued"
	Rule   string // the rule that decided: a rules-file rule's name, or "default"
}

// Agent is what the user-agent string says about the client.
type Agent struct {
	Family     string // "Firefox", "CeL", "WikipediaApp", "python-requests"; "" when no UA
	Bot        bool   // declared tools and HTTP libraries; false for browsers and the apps
	Recognized bool   // false when the UA matched no browser and no product token
}

// Result is an event with its verdict and client breakdown, the unit reports consume.
type Result struct {
	Event    normalize.Event
	Verdict  Verdict
	Agent    Agent
	IPPrefix netip.Prefix // /24 for IPv4, /64 for IPv6; zero when no IP
	// Token is what the event's JWT says and, with keys (report --key), what verifying
	// it again gives; nil when the event carries no token.
	Token *tokens.Finding
	// Hashes is room for hashes of the event's values made where it was classified,
	// for a consumer on another goroutine that would otherwise read the values' bytes
	// again to hash them (the report aggregator: report/aggregate's Hasher, which
	// says what each one is); zero where none was made. [Classifier.ClassifyInto]
	// zeroes it: hashes of another event's values must not survive into this one.
	Hashes [5]uint64
	// AgentKey is room for one short key of the event's user agent made with Hashes
	// for that consumer (report/aggregate's Hasher: the user-agent list's key), its
	// first AgentKeyLen bytes; AgentKeyLen is 0 where none was made, and
	// [Classifier.ClassifyInto] sets it so. Bytes in the result, not a string into
	// memory of the maker's: writing them here costs less (a string into slabs of
	// the Hasher's took it about 80 instructions a key, against about 50 here) and
	// gives the garbage collector nothing to follow or free. 47 bytes, with the
	// length 48, hold the keys of short agents (a bot's "Bot123456 (bot)",
	// "curl/8.5.0"), not a browser's.
	AgentKey    [47]byte
	AgentKeyLen uint8
}

// SetUnclassified makes r hold ev with nothing classified: the zero verdict, agent,
// prefix and token finding, and no hashes or key for a consumer (see
// [Classifier.ClassifyInto]), for an event that no rule decides (one of no kind). ev
// may be &r.Event. Every field of *r is written, so r may hold an earlier result.
func (r *Result) SetUnclassified(ev *normalize.Event) {
	if ev != &r.Event {
		r.Event = *ev
	}
	r.Verdict, r.Agent, r.IPPrefix, r.Token = Verdict{}, Agent{}, netip.Prefix{}, nil
	r.clearMade()
}

// clearMade clears what a consumer made in r for an earlier event (Hashes, AgentKey):
// they must not survive into this one.
func (r *Result) clearMade() { r.Hashes, r.AgentKeyLen = [len(r.Hashes)]uint64{}, 0 }
