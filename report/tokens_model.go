package report

// The token breakdowns of a kind: what the JWTs logged with its events say about
// themselves and, with report --key, what verifying them again gives
// (docs/json-report.md, "Tokens"). Kind.Tokens and Kind.Reproduced hold them; both are
// absent when none of the kind's events carried a token (Reproduced also when no --key
// was given).

// TokenStats is what the tokens logged with a kind's events say about themselves, read
// without trusting them (no key needed). Counts are observed events.
type TokenStats struct {
	// Tokens is how many of the kind's events carried a token.
	Tokens int64 `json:"tokens"`
	// Undecoded is how many of those tokens' claims could not be read at all.
	Undecoded int64 `json:"undecoded"`
	// Subjects are the sub claims (without "mw:"), resolved to usernames like Users.
	Subjects []User `json:"subjects"`
	// Issuers are the iss claims; Algs the header's alg ("(none)" when it has none).
	Issuers []Value `json:"issuers"`
	Algs    []Value `json:"algs"`
	// RepeatedSignatures are the signature fingerprints ("sha256:" and 16 hex digits,
	// never the signature) logged more than once: one stuck cookie replayed, or claims
	// swapped under a real token's signature.
	RepeatedSignatures []Value `json:"repeated_signatures"`
	// Age is the histogram of event time − iat; SoftExpiryOvershoot of event time − sxp
	// (MediaWiki logs a soft expiry past 60 s); CookieBytes of the token's size. Every
	// bucket is listed, in order, zeros included (the aggregate package sets the bounds).
	Age                 []Bucket `json:"age"`
	SoftExpiryOvershoot []Bucket `json:"sxp_overshoot"`
	CookieBytes         []Bucket `json:"cookie_bytes"`
	// Approximate is true when a list met more distinct values than it keeps.
	Approximate bool `json:"approximate,omitempty"`
}

// Bucket is one histogram bucket: a label such as "1h-4h" (lower bound included, upper
// excluded) and its count.
type Bucket struct {
	Bucket string `json:"bucket"`
	Count  int64  `json:"count"`
}

// Reproduced says, of a kind's events that carried a token, how many fail the same way
// when verified again at the event's own time with the given keys, how many fail as
// another kind, and how many verify; Keys counts the key whose signature matched
// ("<kid or SHA-256 fingerprint prefix>"), whatever the later checks found; Versions
// the MediaWiki release whose chain verified them and why it was that one.
// Tokens = Same + the Different counts + Verifies = the Versions counts.
type Reproduced struct {
	Tokens    int64          `json:"tokens"`
	Same      int64          `json:"same"`
	Different []KindCount    `json:"different"`
	Verifies  int64          `json:"verifies"`
	Keys      []KeyCount     `json:"keys"`
	Versions  []VersionCount `json:"versions,omitempty"`
}

// VersionCount is a MediaWiki release ("1.45" or "1.46") tokens were verified with,
// where it came from ("mwversion": the line's own; "fallback": --mw, the line naming
// none; "forced": --mw-force), and how many tokens.
type VersionCount struct {
	MW    string `json:"mw"`
	From  string `json:"from"`
	Count int64  `json:"count"`
}

// KindCount is a canonical kind and how many tokens reproduced as it.
type KindCount struct {
	Kind  string `json:"kind"`
	Count int64  `json:"count"`
}

// KeyCount is a key and how many tokens its signature matched.
type KeyCount struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}
