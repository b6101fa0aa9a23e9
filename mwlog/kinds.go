// Package mwlog names what every part of jwtriage must agree on about MediaWiki's
// session log lines: the canonical kinds and reasons an error is sorted into ([Kind],
// [Kinds]), the prefixes MediaWiki puts before a verifier's message, and the fields
// where each document layout keeps a line. It imports only the standard library, so
// the parser (normalize), the cluster source (sources/es), the filter builder
// (classify/exclusion) and the token library (jwtcore) can all share one spelling of
// each.
//
// A line reaches jwtriage in one of three layouts, which keep the same PSR-3 message
// and context in different places:
//
//   - Wikimedia's flat Logstash document (the logstash-* indices and their exports):
//     the record's fields top level ([FieldChannel], [FieldMessage],
//     [FieldNormalizedMessage], …; [FieldURL] is the path and [FieldServer] the host)
//     and every context key top level as well. A context key named like a reserved
//     field ([IsReserved]) is renamed `c_<key>` ([FlatClash]) only when the formatter's
//     own field is set to another value, and then listed in [FieldKeyConflicts];
//     otherwise it keeps its plain name. rsyslog's fields sit beside MediaWiki's
//     ([RsyslogMsg]). Text fields, numbers and booleans alike have an exact subfield
//     ([KeywordSuffix]), so aggregations return numbers as strings.
//   - ECS (the ecs-* indices): the context under `labels.` ([ECSLabel]), nested or
//     dotted, and the request in ECS fields ([ECSHostName], [ECSURLFull], …). At
//     Wikimedia only the error channels are ECS; a flat document whose context has a
//     key named labels is still flat (it has its own [FieldChannel]).
//   - Monolog's JsonFormatter: the context under [MonologContext], the request under
//     [MonologExtra].
//
// [ContextKeyOf] goes back from a field to the context key it holds.
package mwlog

// Kind is the canonical class of a JWT session error. The string values are part of the
// JSON report contract (docs/json-report.md); docs/architecture.md, "Canonical kinds",
// gives each kind's messages, reasons and default verdict.
type Kind string

// The canonical kinds.
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

// ParseKind returns the kind named s, and whether s names one.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return KindNone, false
}

// Reasons qualify a kind: which part of a malformed token was wrong, which check a
// bad signature failed, or (for other-jwt) which lcobucci error MediaWiki does not log
// as a line of its own.
const (
	ReasonClaims    = "claims"
	ReasonStructure = "structure"
	ReasonBase64    = "base64"
	ReasonJSON      = "json"
	ReasonFormat    = "format"
	ReasonSignature = "signature"
	ReasonSigner    = "signer"
	ReasonKey       = "key"
	ReasonTypeError = "type-error"
)

// The prefixes MediaWiki's SessionManager puts before a verifier's message, alone or
// stacked ("JWT validation failed: Invalid JWT: …").
const (
	PrefixValidationFailed = "JWT validation failed: "
	PrefixInvalidJWT       = "Invalid JWT: "
)
