package tokens

import (
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// Finding is what one logged token says about itself and, with keys, what verifying it
// again gives. It never holds the token or its signature.
type Finding struct {
	// Size is the token's length in bytes as logged (a cookie's size).
	Size int
	// Parts is the number of dot-separated parts (3 for a whole JWS).
	Parts int
	// Header and Claims are the decoded parts, nil when a part is absent or does not
	// decode as a JSON object. Decoding is lenient (standard base64 and padding are
	// accepted): this is what the token claims, not what a verifier would accept.
	Header, Claims *jwtcore.Object
	// Alg and KID are the header's alg and kid when they are strings.
	Alg, KID string
	// Issuer and Subject are the iss and sub claims when they are strings; Subject as
	// written, e.g. "mw:CentralAuth::12345".
	Issuer, Subject string
	// IssuedAt, SoftExpiry and Expires are iat, sxp and exp (unix seconds, or numeric
	// strings as lcobucci accepts them); zero when absent or not a number.
	IssuedAt, SoftExpiry, Expires time.Time
	// Signature is a fingerprint of the signature: "sha256:" and the first 16 hex digits
	// of the SHA-256 of the decoded signature (of its text when it does not decode), as
	// `jwtriage token decode` prints it; "" when the token has no signature part.
	Signature string
	// Reproduced is the result of verifying the token again; nil without keys, or when
	// the event has no time to verify it at.
	Reproduced *Reproduction
}

// Decoded reports whether the claims could be read.
func (f *Finding) Decoded() bool { return f.Claims != nil }

// Reproduction is what MediaWiki would do with the token at the event's time.
type Reproduction struct {
	// Kind and Reason are the canonical kind and reason of the line MediaWiki would log
	// ([jwtcore.KindOf]); Kind is "" when it would log nothing: the token verifies. An error
	// MediaWiki does not catch (a PHP TypeError, e.g. in 1.45 on any exp that has not
	// passed yet) logs nothing but fails the request: other-jwt with reason "type-error".
	Kind, Reason string
	// Message is what MediaWiki would log ("JWT validation failed: …", "Soft-expired JWT
	// cookie"), or the uncaught error; "" when the token verifies. It may quote a claim's
	// value, never the token.
	Message string
	// Key names the key whose RS256 signature matches the token (jwtcore.Key.Name: its
	// kid, else a prefix of its fingerprint); "" when none does.
	Key string
	// SubjectChecked: the session's user came from the log line, so the subject checks
	// ran against it; false: only what needs no user was checked.
	SubjectChecked bool
	// IssuerChecked: the expected issuer was known (from the line or the Reproducer).
	IssuerChecked bool
	// MW is the MediaWiki release whose chain ran ("1.45" or "1.46"), MWFrom where it
	// came from: MWFromLine, MWFromFallback or MWFromForced.
	MW, MWFrom string
}

// Verifies reports whether MediaWiki would accept the token without logging anything.
func (r *Reproduction) Verifies() bool { return r.Kind == "" }
