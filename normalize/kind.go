package normalize

import "github.com/wikimedia/jwtriage/mwlog"

// Kind is the canonical class of a JWT session error, [mwlog.Kind]: the kinds and
// reasons are defined once, in mwlog, and repeated here so that callers of normalize
// need no second import.
type Kind = mwlog.Kind

// The canonical kinds (see [mwlog.KindNone] and the rest). The string values are part
// of the JSON report contract.
const (
	KindNone                  = mwlog.KindNone
	KindAnonExpectedUserFound = mwlog.KindAnonExpectedUserFound
	KindUserExpectedAnonFound = mwlog.KindUserExpectedAnonFound
	KindWrongSubject          = mwlog.KindWrongSubject
	KindWrongUserID           = mwlog.KindWrongUserID
	KindWrongProvider         = mwlog.KindWrongProvider
	KindWrongScope            = mwlog.KindWrongScope
	KindWrongIssuer           = mwlog.KindWrongIssuer
	KindHardExpired           = mwlog.KindHardExpired
	KindSoftExpired           = mwlog.KindSoftExpired
	KindMalformed             = mwlog.KindMalformed
	KindBadSignature          = mwlog.KindBadSignature
	KindExpired               = mwlog.KindExpired
	KindNotYetValid           = mwlog.KindNotYetValid
	KindOtherJWT              = mwlog.KindOtherJWT
)

// Kinds lists every canonical kind in the order reports use when counts tie
// ([mwlog.Kinds]). Callers must not modify the slice.
var Kinds = mwlog.Kinds

// Reasons of the malformed and bad-signature kinds ([mwlog.ReasonClaims] and the
// rest).
const (
	ReasonClaims    = mwlog.ReasonClaims
	ReasonStructure = mwlog.ReasonStructure
	ReasonBase64    = mwlog.ReasonBase64
	ReasonJSON      = mwlog.ReasonJSON
	ReasonFormat    = mwlog.ReasonFormat
	ReasonSignature = mwlog.ReasonSignature
	ReasonSigner    = mwlog.ReasonSigner
)

// ParseKind returns the kind named s, and whether s names one ([mwlog.ParseKind]).
func ParseKind(s string) (Kind, bool) { return mwlog.ParseKind(s) }
