// Package normalize turns a raw log record of any supported layout into one Event:
// it finds the fields wherever the layout put them, sorts the message into a canonical
// Kind and parses the JWT subject.
//
// The layouts and their field names (Wikimedia's flat Logstash document, ECS,
// Monolog) and the kinds are defined in [mwlog]; this package reads them. A
// [Normalizer] is the reference path (encoding/json into a map); a [FastDecoder] gives
// the same events from a one-pass scan of the line (internal/jsonscan) and falls back
// to the reference for what it does not handle. [KindOf] sorts a message,
// [ParseSubject] reads a subject.
package normalize

import (
	"net/netip"
	"time"
)

// Event is one log line (or, from a cluster aggregation, Count identical lines)
// in a layout-independent form.
type Event struct {
	Time     time.Time
	Channel  string // "session", "session-sampled", ...
	Message  string // interpolated message
	Template string // normalized_message when present, else Message
	Wiki     string
	Host     string
	// URL is the request's URL: ECS's url.full, or https://<server><url> where the
	// layout gives the path and the host apart ([RequestURL]).
	URL       string
	ReqID     string
	ClientIP  netip.Addr // zero when absent
	UserAgent string     // "" when absent
	// Provider is the session provider class (session_provider_type), "" when absent.
	Provider string
	// MWVersion is the MediaWiki release that logged the line (mwversion, e.g.
	// 1.45.0-wmf.27), "" when absent: during the weekly train two run at once.
	MWVersion string
	// ServerGroup is the group of application servers that logged the line
	// (servergroup, e.g. kube-mw-api-ext), "" when absent.
	ServerGroup string
	// Fields holds the PSR-3 context keys that decide the kind or feed a breakdown
	// (see ContextKeys), wherever the layout put them. Only those keys are kept: the
	// rest of a document (traces of several KB) is never copied.
	Fields map[string]any
	// Token is a JWT carried by the line (jwtString, jwt, token or sessionJwt), "" when
	// none. It is a credential: never print it.
	Token  string
	Kind   Kind   // "" for a session line that is not about JWTs
	Reason string // sub-reason, e.g. "base64" for malformed
	// Subject is the user the event is about: the JWT's subject when it names one,
	// else the expected user (a plain username).
	Subject Subject
	// Weight is 1, or the channel's sampling factor (1000 for session-sampled).
	Weight int64
	// Count is how many identical log lines this event stands for: 1 for a line, the
	// bucket's doc_count when the event comes from a cluster aggregation.
	Count int64
	// Unusable says why the record, though a JSON object, cannot be used
	// ([UnusableTruncated]); "" for every other event. Such an event has only Time and
	// Count besides, and whatever channels the Normalizer keeps, it is returned, so that
	// it is counted with its position rather than lost.
	Unusable string
}

// Estimated is the number of real events this one stands for, sampling applied.
func (e *Event) Estimated() int64 { return e.Count * e.Weight }

// IsJWT reports whether the event is a JWT validation event (has a kind).
func (e *Event) IsJWT() bool { return e.Kind != "" }
