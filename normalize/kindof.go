package normalize

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/mwlog"
)

// The prefixes MediaWiki puts before the verifier's message. They are stripped
// (repeatedly, in any order) before the message is matched against the kind table.
const (
	prefixValidationFailed = mwlog.PrefixValidationFailed
	prefixInvalidJWT       = mwlog.PrefixInvalidJWT
	constraintsHeader      = "The token violates some mandatory constraints, details:"
)

// messageRule maps the start of a (prefix-stripped) message to a kind.
type messageRule struct {
	phrase string
	kind   Kind
	reason string
}

// messageRules is the kind table (docs/architecture.md, "Canonical kinds") minus the
// rows that need more than the message: `JWT error: wrong subject` (split by context)
// and the constraint-violation list (decided line by line). Phrases match at the start of the
// message and end at a word boundary, so both lcobucci 4.x (`headers must be an
// array`) and 5.x (`headers must be an array with non-empty-string keys`) wordings match,
// and so does a message cut short after the phrase. Read-only.
var messageRules = [...]messageRule{
	{"Non-anon JWT cookie for anon session", KindAnonExpectedUserFound, ""},
	{"JWT error: wrong user ID", KindWrongUserID, ""},
	{"JWT error: wrong provider", KindWrongProvider, ""},
	{"JWT error: wrong scope", KindWrongScope, ""},
	{"JWT error: wrong issuer", KindWrongIssuer, ""},
	{"JWT error: hard-expired", KindHardExpired, ""},
	{"Soft-expired JWT cookie", KindSoftExpired, ""},
	{"JWT error: missing sub key", KindMalformed, ReasonClaims},
	{"JWT error: wrong schema for sub", KindMalformed, ReasonClaims},
	{"JWT error: missing subject scope", KindMalformed, ReasonClaims},
	{"The JWT string must have two dots", KindMalformed, ReasonStructure},
	{"The JWT string is missing the", KindMalformed, ReasonStructure}, // 5.x: … Header/Claim/Signature part
	{"Error while decoding from Base64Url", KindMalformed, ReasonBase64},
	{"Error while decoding from JSON", KindMalformed, ReasonJSON},
	{"headers must be an array", KindMalformed, ReasonFormat},
	{"claims must be an array", KindMalformed, ReasonFormat},
	{"Value is not in the allowed date format", KindMalformed, ReasonFormat},
	{"Encryption is not supported yet", KindMalformed, ReasonFormat},
}

const phraseWrongSubject = "JWT error: wrong subject"

// KindOf sorts one interpolated session message into its canonical kind and
// sub-reason (docs/architecture.md, "Canonical kinds"). expectedSubject and subject are the
// context keys of the same names ("" when absent); they only matter for
// `JWT error: wrong subject`. It takes plain strings so that any decoder can feed it.
//
// A message that fits no row but mentions JWT (any case, prefix included) or carries
// lcobucci's constraint-violation header is KindOtherJWT; anything else is KindNone, a
// session event that is not about JWTs.
func KindOf(message, expectedSubject, subject string) (Kind, string) {
	kind, reason, wrongSubject := kindOfMessage(message)
	if wrongSubject {
		return wrongSubjectKind(expectedSubject, subject), ""
	}
	return kind, reason
}

// kindOfMessage is KindOf without the context: wrongSubject reports a
// `JWT error: wrong subject` message, whose kind wrongSubjectKind decides from it
// (kind and reason are then empty). The fast decoder keeps the answer for the message's
// bytes, asks the context only when it needs to, and nothing when the event has no kind.
func kindOfMessage(message string) (kind Kind, reason string, wrongSubject bool) {
	body := stripMessagePrefixes(message)
	if body == "" || !phraseStarts[body[0]] {
		// Most session messages: no row can match.
		if mentionsJWT(message) {
			return KindOtherJWT, "", false
		}
		return KindNone, "", false
	}
	if hasPhrase(body, phraseWrongSubject) {
		return "", "", true
	}
	for i := range messageRules {
		if messageRules[i].phrase[0] == body[0] && hasPhrase(body, messageRules[i].phrase) {
			return messageRules[i].kind, messageRules[i].reason, false
		}
	}
	if details, ok := strings.CutPrefix(body, constraintsHeader); ok {
		if kind, reason := kindOfViolations(details); kind != KindNone {
			return kind, reason, false
		}
		// Only lcobucci's validator writes this header: a JWT failure whatever the lines.
		return KindOtherJWT, "", false
	}
	if mentionsJWT(message) {
		return KindOtherJWT, "", false
	}
	return KindNone, "", false
}

// wrongSubjectKind is the kind of `JWT error: wrong subject`, split by the context's
// expected_subject and subject.
func wrongSubjectKind(expectedSubject, subject string) Kind {
	switch {
	case isAnonSubject(expectedSubject):
		return KindAnonExpectedUserFound
	case isAnonSubject(subject):
		return KindUserExpectedAnonFound
	default:
		return KindWrongSubject
	}
}

// stripMessagePrefixes removes surrounding white space (a trailing \r\n included) and
// the "JWT validation failed: " / "Invalid JWT: " prefixes, however they are stacked.
func stripMessagePrefixes(message string) string {
	body := strings.TrimSpace(message)
	for {
		if rest, ok := strings.CutPrefix(body, prefixValidationFailed); ok {
			body = strings.TrimSpace(rest)
			continue
		}
		if rest, ok := strings.CutPrefix(body, prefixInvalidJWT); ok {
			body = strings.TrimSpace(rest)
			continue
		}
		return body
	}
}

// hasPhrase reports whether s starts with phrase and the phrase ends at a word
// boundary there (end of s, or a character that is not a letter or digit).
func hasPhrase(s, phrase string) bool {
	if !strings.HasPrefix(s, phrase) {
		return false
	}
	return len(s) == len(phrase) || !isWordByte(s[len(phrase)])
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// startPhrases are all the texts KindOf looks for at the start of a message: the
// prefixes it strips and the phrases it matches.
var startPhrases = func() []string {
	p := []string{prefixValidationFailed, prefixInvalidJWT, phraseWrongSubject, constraintsHeader}
	for _, r := range messageRules {
		p = append(p, r.phrase)
	}
	return p
}()

// phraseStarts flags the first bytes of startPhrases.
var phraseStarts = func() (starts [256]bool) {
	for _, p := range startPhrases {
		starts[p[0]] = true
	}
	return starts
}()

// mentionsJWT reports whether s contains "jwt" in any case, without allocating. It
// jumps from j to j with IndexByte: most messages have none.
func mentionsJWT(s string) bool {
	for {
		i := indexJ(s)
		if i < 0 || i+3 > len(s) {
			return false
		}
		if s[i+1]|0x20 == 'w' && s[i+2]|0x20 == 't' {
			return true
		}
		s = s[i+1:]
	}
}

// indexJ is the index of the first j or J in s, -1 when none.
func indexJ(s string) int {
	lower := strings.IndexByte(s, 'j')
	upper := s
	if lower >= 0 {
		upper = s[:lower]
	}
	if i := strings.IndexByte(upper, 'J'); i >= 0 {
		return i
	}
	return lower
}

// isAnonSubject reports whether a subject context value names the anonymous user
// (`anon` or `mw:anon`; a username can never be lower-case `anon`).
func isAnonSubject(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, subjectSchema)
	return s == "anon"
}

// sortsAlikeUndecoded reports whether KindOf sorts the raw bytes of a JSON string
// exactly as its decoding, so that the string need not be decoded: when its start (up
// to the first escape) rules out every phrase and prefix KindOf looks for there, and no
// white space comes first, KindOf only asks whether the message mentions "jwt"; and
// without \u escapes decoding neither makes nor breaks a run of letters (the other
// escapes stand for punctuation and control characters, bad UTF-8 for U+FFFD). Most
// session messages that are not about JWTs quote something: this spares decoding them.
func sortsAlikeUndecoded(raw []byte) bool {
	if c := raw[0]; c <= ' ' || c >= utf8.RuneSelf || c == '\\' || bytes.Contains(raw, []byte(`\u`)) {
		return false
	}
	if !phraseStarts[raw[0]] {
		return true
	}
	head := raw
	if i := bytes.IndexByte(raw, '\\'); i >= 0 {
		head = raw[:i] // what decoding leaves as it is
	}
	for _, p := range startPhrases {
		if n := min(len(head), len(p)); p[0] == head[0] && string(head[:n]) == p[:n] {
			return false
		}
	}
	return true
}
