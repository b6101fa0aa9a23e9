package normalize

// Kind is the canonical class of a JWT session error (DESIGN.md, "Canonical kinds").
type Kind string

// The canonical kinds. The string values are part of the JSON report contract.
const (
	KindNone                  Kind = "" // a session line that is not about JWTs
	KindAnonExpectedUserFound Kind = "anon-expected-user-found"
	KindUserExpectedAnonFound Kind = "user-expected-anon-found"
	KindWrongSubject          Kind = "wrong-subject"
	KindWrongUserID           Kind = "wrong-user-id"
	KindWrongProvider         Kind = "wrong-provider"
	KindWrongScope            Kind = "wrong-scope"
	KindWrongIssuer           Kind = "wrong-issuer"
	KindHardExpired           Kind = "hard-expired"
	KindSoftExpired           Kind = "soft-expired"
	KindMalformed             Kind = "malformed"
	KindBadSignature          Kind = "bad-signature"
	KindExpired               Kind = "expired"
	KindNotYetValid           Kind = "not-yet-valid"
	KindOtherJWT              Kind = "other-jwt"
)

// Kinds lists every canonical kind in the order reports use when counts tie.
var Kinds = []Kind{
	KindAnonExpectedUserFound, KindUserExpectedAnonFound, KindWrongSubject,
	KindWrongUserID, KindWrongProvider, KindWrongScope, KindWrongIssuer,
	KindHardExpired, KindSoftExpired, KindMalformed, KindBadSignature,
	KindExpired, KindNotYetValid, KindOtherJWT,
}

// Reasons of the malformed and bad-signature kinds.
const (
	ReasonClaims    = "claims"
	ReasonStructure = "structure"
	ReasonBase64    = "base64"
	ReasonJSON      = "json"
	ReasonFormat    = "format"
	ReasonSignature = "signature"
	ReasonSigner    = "signer"
)

// ParseKind returns the kind named s, and whether s names one.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return KindNone, false
}
