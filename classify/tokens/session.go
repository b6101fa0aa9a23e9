package tokens

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/normalize"
)

// unnamedUser stands for a logged-in session user whose name the log line does not
// give. MediaWiki only uses the name in the context of a `wrong subject` error, which
// the reproduction does not report, so any non-anonymous name does.
const unnamedUser = "(logged-in user)"

// nonAnonMessage is MediaWiki 1.46's warning for a user's cookie on an anonymous session.
const nonAnonMessage = "Non-anon JWT cookie for anon session"

// sessionOf builds the session MediaWiki checked the token against, from what the event
// says and, where it says nothing, from the token itself (see the package documentation,
// "The expected user"). subjectChecked and issuerChecked say which facts came from the
// log or the Reproducer rather than from the token.
func (r *Reproducer) sessionOf(ev *normalize.Event, f *Finding) (s mediawiki.Session, subjectChecked, issuerChecked bool) {
	tokProvider, tokScope, tokAnon := splitSub(f.Subject)

	user, known := sessionUser(ev)
	if !known {
		user = unnamedUser
		if tokAnon {
			user = "anon"
		}
	}
	s.User = user
	if id, ok := fieldInt(ev.Fields, "expected_central_id"); ok {
		s.CentralID = id
	}

	provider := fieldString(ev.Fields, "expected_provider_id")
	scope := fieldString(ev.Fields, "expected_centralid_scope")
	if provider == "" {
		if scope != "" {
			provider, _, _ = strings.Cut(scope, ":")
		} else {
			provider = tokProvider
		}
	}
	if scope == "" && provider != "" && provider == tokProvider {
		scope = tokScope
	}
	s.ProviderID, s.Scope = provider, scope // "" takes jwtcore's default (CentralAuth)

	switch iss := fieldString(ev.Fields, "expected_issuer"); {
	case iss != "":
		s.Issuer, issuerChecked = iss, true
	case r.issuer != "":
		s.Issuer, issuerChecked = r.issuer, true
	default:
		// Unknown: the token's own iss passes; a missing or non-string iss still fails,
		// as it would against any configured issuer (always a non-empty string).
		s.Issuer = f.Issuer
	}
	s.ProviderType = ev.Provider // "" takes jwtcore's default
	return s, known, issuerChecked
}

// sessionUser is the session's user as the event gives it: "anon" for an anonymous
// session, a name (or unnamedUser) for a logged-in one; known is false when the event
// does not say.
func sessionUser(ev *normalize.Event) (user string, known bool) {
	if expected := fieldString(ev.Fields, "expected_subject"); expected != "" {
		if expected == "anon" {
			return "anon", true
		}
		return expected, true
	}
	if strings.Contains(ev.Message, nonAnonMessage) {
		return "anon", true
	}
	if name := fieldString(ev.Fields, "user"); name != "" {
		if _, err := netip.ParseAddr(name); err == nil {
			return "anon", true
		}
		return name, true
	}
	for _, k := range []string{"expected_central_id", "expected_provider_id", "expected_centralid_scope"} {
		if _, ok := ev.Fields[k]; ok {
			return unnamedUser, true
		}
	}
	return "", false
}

// splitSub reads a sub as MediaWiki's validateJwtSubject splits it: "mw:", then
// explode(':', …, 3) into provider, instance and id, missing parts empty. anon is true for
// mw:anon; provider and scope are "" for a sub MediaWiki refuses whatever the session
// (no "mw:", or more than two colons: "missing subject scope").
func splitSub(sub string) (provider, scope string, anon bool) {
	rest, ok := strings.CutPrefix(sub, "mw:")
	if !ok || strings.Count(rest, ":") > 2 {
		return "", "", false
	}
	if rest == "anon" {
		return "", "", true
	}
	parts := append(strings.SplitN(rest, ":", 3), "", "")
	return parts[0], parts[0] + ":" + parts[1], false
}

func fieldString(fields map[string]any, key string) string {
	s, _ := fields[key].(string)
	return s
}

// fieldInt reads an integer context value, logged as a number or as decimal text.
func fieldInt(fields map[string]any, key string) (int64, bool) {
	switch v := fields[key].(type) {
	case int64:
		return v, true
	case float64:
		if v == float64(int64(v)) {
			return int64(v), true
		}
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
			return n, true
		}
	}
	return 0, false
}
