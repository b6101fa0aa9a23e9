package classify

import "github.com/wikimedia/jwtriage/normalize"

// DefaultRuleName is the Verdict.Rule of a verdict that no rules-file rule decided.
const DefaultRuleName = "default"

// defaultVerdict is the built-in verdict of one kind, from the analysis in the seed
// task (Phabricator T399200): why the class is known to be normal, or why a person
// should look at it.
type defaultVerdict struct {
	benign bool
	reason string
}

// defaultVerdictOf holds a verdict for every canonical kind (false for any other);
// TestDefaultVerdictsCoverEveryKind keeps it complete when a kind is added. It is a
// switch, not a map: every classified event asks it, and comparing the kind with a
// few constants (the switch searches by length first) costs less than hashing it
// (BenchmarkClassifyCorpus/Classify on the all-distinct corpus: 23.1 → 20.8 ms).
func defaultVerdictOf(kind normalize.Kind) (defaultVerdict, bool) {
	switch kind {
	case normalize.KindSoftExpired:
		return defaultVerdict{true,
			"clients (mostly bots) that keep a cookie past its soft expiry; MediaWiki ignores it and re-issues one"}, true
	case normalize.KindAnonExpectedUserFound:
		return defaultVerdict{true,
			"the session was invalidated without the JWT cookie being updated (e.g. a logout on another device); the stale cookie is cleared"}, true
	case normalize.KindUserExpectedAnonFound:
		return defaultVerdict{true,
			"the JWT cookie and the other session cookies got out of sync (JWTs are refreshed on some domains only); the cookie is re-issued"}, true
	case normalize.KindWrongUserID:
		return defaultVerdict{true,
			"account switching (a user and their bot, a temporary and a named account) while the JWT cookie is not set on every domain"}, true
	case normalize.KindWrongSubject:
		return defaultVerdict{false,
			"a wrong subject that is neither the anonymous nor the logged-in mix-up: no known benign cause"}, true
	case normalize.KindWrongProvider:
		return defaultVerdict{false,
			"SUL and non-SUL wikis on the same domain overwrite each other's cookie: users of both cannot stay logged in"}, true
	case normalize.KindWrongScope:
		return defaultVerdict{false,
			"the JWT names a central-id scope this wiki does not use: a configuration mismatch between wikis"}, true
	case normalize.KindWrongIssuer:
		return defaultVerdict{false,
			"the JWT was issued by another server than the expected issuer: a configuration mismatch or a foreign token"}, true
	case normalize.KindHardExpired:
		return defaultVerdict{false,
			"a JWT past its hard expiry reached the session check: session cookies carry no exp, so something issued an unexpected token"}, true
	case normalize.KindMalformed:
		return defaultVerdict{false,
			"the cookie is not a well-formed JWT: manual tampering, truncation on the way, or a client mangling cookies"}, true
	case normalize.KindBadSignature:
		return defaultVerdict{false,
			"the signature does not verify with the wiki's key: a forged or tampered cookie, or a key mismatch between servers"}, true
	case normalize.KindExpired:
		return defaultVerdict{false,
			"the token's exp claim has passed: session cookies carry no exp, so the token did not come from the session code"}, true
	case normalize.KindNotYetValid:
		return defaultVerdict{false,
			"the token is dated in the future: clock skew between servers or a forged token"}, true
	case normalize.KindOtherJWT:
		return defaultVerdict{false,
			"a JWT message none of the known classes covers: new code or a new library message"}, true
	}
	return defaultVerdict{}, false
}

// nonJWTVerdict decides a session line that is not about JWTs (Kind ""): reports count
// it apart from the JWT events, so it is not a finding.
var nonJWTVerdict = defaultVerdict{true, "a session-channel line that is not about JWT cookies"}

// DefaultVerdict returns the built-in verdict of kind, the one that applies when no
// rules-file rule matches.
func DefaultVerdict(kind normalize.Kind) Verdict {
	d := defaultVerdictFor(kind)
	return Verdict{Benign: d.benign, Reason: d.reason, Rule: DefaultRuleName}
}

// defaultVerdictFor is DefaultVerdict without the rule's name: a defaultVerdict stays
// in registers, where a Verdict (40 bytes) goes through memory.
func defaultVerdictFor(kind normalize.Kind) defaultVerdict {
	d, ok := defaultVerdictOf(kind)
	if !ok {
		if kind == normalize.KindNone {
			d = nonJWTVerdict
		} else {
			d = defaultVerdict{false, "an unknown kind: look at it"}
		}
	}
	return d
}

// DefaultBenignKinds lists the kinds that are benign by default, in normalize.Kinds order.
func DefaultBenignKinds() []normalize.Kind {
	var kinds []normalize.Kind
	for _, k := range normalize.Kinds {
		if d, _ := defaultVerdictOf(k); d.benign {
			kinds = append(kinds, k)
		}
	}
	return kinds
}
