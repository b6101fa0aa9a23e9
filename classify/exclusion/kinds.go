package exclusion

import (
	"fmt"

	"github.com/wikimedia/jwtriage/mwlog"
)

// The message prefixes MediaWiki logs before a verifier message (normalize strips them).
var messagePrefixes = [...]string{mwlog.PrefixValidationFailed, mwlog.PrefixInvalidJWT}

// kindQueries maps kinds and reasons back to the documents normalize would give them,
// in one layout. It mirrors mwlog.KindOf: a message is identified by its exact
// normalized_message values (as MediaWiki logs it) or, whatever template was logged
// (`Invalid JWT: {error}`) or when there is none, by the phrase in the message.
type kindQueries struct {
	l Layout
}

// ident matches a message that starts (after the prefixes) with phrase. exact lists
// the whole messages as logged; prefixed says whether MediaWiki puts the failure
// prefixes before them (the session-channel failures) or logs them bare (the
// session-sampled warnings).
func (q kindQueries) ident(phrase string, prefixed bool, exact ...string) Expr {
	if len(exact) == 0 {
		exact = []string{phrase}
	}
	var parts []Expr
	for _, e := range exact {
		if !prefixed {
			parts = append(parts, Match{q.l.NormalizedMessage, e})
			continue
		}
		for _, p := range messagePrefixes {
			parts = append(parts, Match{q.l.NormalizedMessage, p + e})
		}
	}
	parts = append(parts, Match{q.l.Message, phrase})
	return or(parts...)
}

func (q kindQueries) failure(phrase string, exact ...string) Expr {
	return q.ident(phrase, true, exact...)
}

func (q kindQueries) phrase(p string) Expr { return Match{q.l.Message, p} }

// The context of `JWT error: wrong subject`: normalize calls a subject anonymous when
// it is `anon` or `mw:anon`, exactly (a username is never lower-case anon, but the
// user Anon exists). The keyword subfield compares exactly; where the index has none,
// the phrase is the best a search can do.
func (q kindQueries) anon(f Field, keyword string) Expr {
	phrase := or(Match{f, "anon"}, Match{f, "mw:anon"})
	if keyword == "" {
		return phrase
	}
	kw := Field{keyword, true}
	return or(Match{kw, "anon"}, Match{kw, "mw:anon"}, and(phrase, not(Exists{keyword})))
}

func (q kindQueries) anonExpected() Expr {
	return q.anon(q.l.ExpectedSubject, q.l.ExpectedSubjectKeyword)
}
func (q kindQueries) anonSubject() Expr { return q.anon(q.l.Subject, q.l.SubjectKeyword) }

func (q kindQueries) wrongSubject() Expr { return q.failure("JWT error: wrong subject") }

// Constraint violations (lcobucci's validator): the header, then one line per violation.
func (q kindQueries) constraints() Expr {
	return q.phrase("The token violates some mandatory constraints")
}
func (q kindQueries) signature() Expr { return q.phrase("Token signature mismatch") }
func (q kindQueries) signer() Expr    { return q.phrase("Token signer mismatch") }
func (q kindQueries) notYetValidLine() Expr {
	return or(q.phrase("The token was issued in the future"), q.phrase("The token cannot be used yet"))
}
func (q kindQueries) expiredLine() Expr { return q.phrase("The token is expired") }

// noSignatureLine: normalize decides a violation list by its most telling line; a
// signature line outranks the time lines.
func (q kindQueries) noSignatureLine() Expr {
	return and(not(q.signature()), not(q.signer()))
}

// approximation notes, said once when a kind that cannot be matched exactly is used.
const (
	noteOtherJWT = "other-jwt is matched as a message with the word JWT (or a constraint-violation list) that fits no other kind; " +
		"normalize also counts JWT inside a longer word (sessionJwt), which a search cannot"
	noteSigner = "bad-signature reason signer is matched as a list with `Token signer mismatch` and no `Token signature mismatch`; " +
		"normalize uses whichever comes first"
)

// kind returns the query of one kind, and a note when it is only an approximation.
func (q kindQueries) kind(k mwlog.Kind) (Expr, string) {
	switch k {
	case mwlog.KindAnonExpectedUserFound:
		return or(
			and(q.wrongSubject(), q.anonExpected()),
			q.ident("Non-anon JWT cookie for anon session", false),
		), ""
	case mwlog.KindUserExpectedAnonFound:
		return and(q.wrongSubject(), not(q.anonExpected()), q.anonSubject()), ""
	case mwlog.KindWrongSubject:
		return and(q.wrongSubject(), not(q.anonExpected()), not(q.anonSubject())), ""
	case mwlog.KindWrongUserID:
		return q.failure("JWT error: wrong user ID"), ""
	case mwlog.KindWrongProvider:
		return q.failure("JWT error: wrong provider"), ""
	case mwlog.KindWrongScope:
		return q.failure("JWT error: wrong scope"), ""
	case mwlog.KindWrongIssuer:
		return q.failure("JWT error: wrong issuer"), ""
	case mwlog.KindHardExpired:
		return q.failure("JWT error: hard-expired"), ""
	case mwlog.KindSoftExpired:
		return q.ident("Soft-expired JWT cookie", false), ""
	case mwlog.KindMalformed:
		var parts []Expr
		for _, r := range malformedReasons {
			e, _ := q.reason(r)
			parts = append(parts, e)
		}
		return or(parts...), ""
	case mwlog.KindBadSignature:
		return and(q.constraints(), or(q.signature(), q.signer())), ""
	case mwlog.KindNotYetValid:
		return and(q.constraints(), q.noSignatureLine(), q.notYetValidLine()), ""
	case mwlog.KindExpired:
		return and(q.constraints(), q.noSignatureLine(), not(q.notYetValidLine()), q.expiredLine()), ""
	case mwlog.KindOtherJWT:
		var known []Expr
		for _, other := range mwlog.Kinds {
			if other != mwlog.KindOtherJWT {
				e, _ := q.kind(other)
				known = append(known, e)
			}
		}
		return and(or(q.phrase("JWT"), q.constraints()), not(or(known...))), noteOtherJWT
	}
	// ParseRules accepts only the kinds above; a new kind must be added here
	// (TestEveryKindHasAQuery).
	return nil, fmt.Sprintf("kind %q has no query", k)
}

var malformedReasons = []string{
	mwlog.ReasonClaims, mwlog.ReasonStructure, mwlog.ReasonBase64,
	mwlog.ReasonJSON, mwlog.ReasonFormat,
}

// reason returns the query of a sub-reason (which implies its kind).
func (q kindQueries) reason(r string) (Expr, string) {
	switch r {
	case mwlog.ReasonClaims:
		return or(
			q.failure("JWT error: missing sub key"),
			q.failure("JWT error: wrong schema for sub"),
			q.failure("JWT error: missing subject scope"),
			// StrictValidAt's `"Issued At" claim missing` and the like, when nothing
			// more telling is in the list.
			and(q.constraints(), q.noSignatureLine(), not(q.notYetValidLine()), not(q.expiredLine()),
				q.phrase("claim missing")),
		), ""
	case mwlog.ReasonStructure:
		return or(
			q.failure("The JWT string must have two dots"),
			q.failure("The JWT string is missing the",
				"The JWT string is missing the Header part",
				"The JWT string is missing the Claim part",
				"The JWT string is missing the Signature part"),
		), ""
	case mwlog.ReasonBase64:
		return q.failure("Error while decoding from Base64Url",
			"Error while decoding from Base64Url, invalid base64 characters detected"), ""
	case mwlog.ReasonJSON:
		return q.failure("Error while decoding from JSON"), ""
	case mwlog.ReasonFormat:
		return or(
			q.failure("headers must be an array",
				"headers must be an array", "headers must be an array with non-empty-string keys"),
			q.failure("claims must be an array",
				"claims must be an array", "claims must be an array with non-empty-string keys"),
			// The value is part of the message: only the phrase can find it.
			q.phrase("Value is not in the allowed date format"),
			q.failure("Encryption is not supported yet"),
		), ""
	case mwlog.ReasonSignature:
		return and(q.constraints(), q.signature()), ""
	case mwlog.ReasonSigner:
		return and(q.constraints(), q.signer(), not(q.signature())), noteSigner
	}
	return nil, fmt.Sprintf("reason %q has no query", r)
}
