package mediawiki

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/internal/php"
)

// Session is what MediaWiki knows about the request when it checks the cookie.
type Session struct {
	// Issuer is the expected iss ($wgJwtSessionCookieIssuer or the central wiki's server).
	Issuer string
	// User is the session user's name; "", "anon" or an IP address means anonymous.
	User string
	// CentralID is the user's central id; 0 means unknown (the user is then guessed from
	// the sub's id, so the id check cannot fail).
	CentralID int64
	// ProviderID is the central-id lookup's provider ("CentralAuth" by default, or "local").
	ProviderID string
	// Scope is the lookup's scope ("CentralAuth:" by default, "local:<wikiid>" for local).
	Scope string
	// Expiration is $wgSessionCookieJwtExpiration (4 hours at Wikimedia when zero).
	Expiration time.Duration
	// Version selects 1.46+ (default) or 1.45: the lcobucci dialect, the codec (whether
	// exp comes back as an integer or as a DateTimeImmutable) and the anonymous-session rule.
	Version Version
	// ProviderType is logged as session_provider_type (default CentralAuthSessionProvider).
	ProviderType string
	// Security is extra context MediaWiki adds to warnings (clientIp, ua, …); optional.
	Security *jwtcore.Object
}

func (s Session) withDefaults() Session {
	if s.ProviderID == "" {
		s.ProviderID = "CentralAuth"
	}
	if s.Scope == "" {
		s.Scope = s.ProviderID + ":"
	}
	if s.Expiration == 0 {
		s.Expiration = 4 * time.Hour
	}
	if s.ProviderType == "" {
		s.ProviderType = "CentralAuthSessionProvider"
	}
	return s
}

// Anonymous reports whether the session user is anonymous ("", "anon" or an IP).
func (s Session) Anonymous() bool {
	if s.User == "" || s.User == "anon" {
		return true
	}
	_, err := netip.ParseAddr(s.User)
	return err == nil
}

// Dialect is the lcobucci version the session's MediaWiki ships.
func (s Session) Dialect() jwtcore.Dialect { return s.Version.Dialect() }

// validateJwtSubject is SessionManager::validateJwtSubject, in MediaWiki's order.
func validateJwtSubject(tok *jwtcore.Token, s Session) error {
	v, ok := tok.Claims.Get("sub")
	if !ok {
		return &Error{Msg: MsgMissingSub, Context: &jwtcore.Object{}}
	}
	sub, isString := phpStringCast(v)
	if !isString {
		return &jwtcore.PHPTypeError{Detail: "str_starts_with(): Argument #1 ($haystack) must be of type string, array given"}
	}
	if !strings.HasPrefix(sub, "mw:") {
		return &Error{Msg: MsgWrongSchema, Context: &jwtcore.Object{}}
	}
	subject := sub[3:]
	anon := s.Anonymous()
	switch {
	case anon && subject != "anon":
		return &Error{Msg: MsgWrongSubject, Context: jwtcore.NewObject("expected_subject", "anon", "subject", subject)}
	case !anon && subject == "anon":
		return &Error{Msg: MsgWrongSubject, Context: jwtcore.NewObject("expected_subject", s.User, "subject", "anon")}
	case anon:
		return nil
	}
	if strings.Count(subject, ":") > 2 {
		return &Error{Msg: MsgMissingSubjectScope, Context: jwtcore.NewObject("subject", subject)}
	}
	// [ $provider, $instance, $id ] = explode( ':', $subUser, 3 ): missing parts are null.
	parts := strings.SplitN(subject, ":", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	provider, scope, id := parts[0], parts[0]+":"+parts[1], parts[2]
	if provider != s.ProviderID {
		return &Error{Msg: MsgWrongProvider, Context: jwtcore.NewObject("expected_provider_id", s.ProviderID, "provider_id", provider)}
	}
	if scope != s.Scope {
		return &Error{Msg: MsgWrongScope, Context: jwtcore.NewObject("expected_centralid_scope", s.Scope, "centralid_scope", scope)}
	}
	if got := php.Intval(id); s.CentralID != 0 && got != s.CentralID {
		return &Error{Msg: MsgWrongUserID, Context: jwtcore.NewObject("expected_central_id", s.CentralID, "central_id", got)}
	}
	return nil
}

// phpStringCast is PHP's coercion of a scalar to string in a non-strict call (false is
// "", true "1", null ""); an array cannot be coerced.
func phpStringCast(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case nil:
		return "", true
	case bool:
		if x {
			return "1", true
		}
		return "", true
	case jwtcore.Number:
		if i, ok := x.Int64(); ok {
			return strconv.FormatInt(i, 10), true
		}
		return php.FloatString(x.Float64()), true
	}
	return "", false
}
