package jwtcore

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// MediaWikiVersion picks the session-cookie code of a MediaWiki release.
type MediaWikiVersion int

const (
	// MW146 is MediaWiki 1.46+ (JwtSessionCookieHelper, lcobucci 5.6): the default.
	MW146 MediaWikiVersion = iota
	// MW145 is MediaWiki 1.45 (CookieSessionProvider, lcobucci 4.1.5).
	MW145
)

// ParseMediaWikiVersion reads "1.46" (or later) and "1.45".
func ParseMediaWikiVersion(s string) (MediaWikiVersion, bool) {
	switch s {
	case "", "1.46", "1.47", "master":
		return MW146, true
	case "1.45":
		return MW145, true
	}
	return MW146, false
}

// MediaWikiSession is what MediaWiki knows about the request when it checks the cookie.
type MediaWikiSession struct {
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
	// Version selects 1.46+ (default) or 1.45 behaviour and the lcobucci dialect.
	Version MediaWikiVersion
	// ProviderType is logged as session_provider_type (default CentralAuthSessionProvider).
	ProviderType string
	// Security is extra context MediaWiki adds to warnings (clientIp, ua, …); optional.
	Security *Object
}

func (s MediaWikiSession) withDefaults() MediaWikiSession {
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
func (s MediaWikiSession) Anonymous() bool {
	if s.User == "" || s.User == "anon" {
		return true
	}
	_, err := netip.ParseAddr(s.User)
	return err == nil
}

// Dialect is the lcobucci version this MediaWiki ships.
func (s MediaWikiSession) Dialect() Dialect {
	if s.Version == MW145 {
		return Lcobucci4
	}
	return Lcobucci5
}

// MediaWikiError is a JwtException of MediaWiki's own checks: Msg is the normalized
// message ("JWT error: wrong subject"), Context its PSR-3 context.
type MediaWikiError struct {
	Msg     string
	Context *Object
}

func (e *MediaWikiError) Error() string { return e.Msg }

// The normalized messages of MediaWiki's JwtException.
const (
	MWMissingSub          = "JWT error: missing sub key"
	MWWrongSchema         = "JWT error: wrong schema for sub"
	MWWrongSubject        = "JWT error: wrong subject"
	MWMissingSubjectScope = "JWT error: missing subject scope"
	MWWrongProvider       = "JWT error: wrong provider"
	MWWrongScope          = "JWT error: wrong scope"
	MWWrongUserID         = "JWT error: wrong user ID"
	MWWrongIssuer         = "JWT error: wrong issuer"
	MWHardExpired         = "JWT error: hard-expired"
)

// Kind maps the exception to its canonical kind; wrong subject is told apart by context.
func (e *MediaWikiError) Kind() (string, string) {
	switch e.Msg {
	case MWMissingSub, MWWrongSchema, MWMissingSubjectScope:
		return KindMalformed, ReasonClaims
	case MWWrongSubject:
		if v, _ := e.Context.String("expected_subject"); v == "anon" {
			return KindAnonExpectedUserFound, ""
		}
		if v, _ := e.Context.String("subject"); v == "anon" {
			return KindUserExpectedAnonFound, ""
		}
		return KindWrongSubject, ""
	case MWWrongProvider:
		return KindWrongProvider, ""
	case MWWrongScope:
		return KindWrongScope, ""
	case MWWrongUserID:
		return KindWrongUserID, ""
	case MWWrongIssuer:
		return KindWrongIssuer, ""
	case MWHardExpired:
		return KindHardExpired, ""
	}
	return KindOtherJWT, ""
}

// LogLine is one line MediaWiki writes through Monolog.
type LogLine struct {
	Channel string  `json:"channel"`
	Level   string  `json:"level"`
	Message string  `json:"message"`
	Context *Object `json:"context"`
}

// MediaWikiResult is the outcome of MediaWiki's chain for one cookie.
type MediaWikiResult struct {
	// Valid: MediaWiki accepts the cookie (a soft-expired one, or a user's cookie on an
	// anonymous session in 1.46, is accepted and only logged).
	Valid bool
	// Err is the exception of the rejection (lcobucci error or *MediaWikiError), or the
	// exception behind an accepted-but-logged case; nil when nothing went wrong.
	Err error
	// Token is the parsed token (nil when parsing failed).
	Token *Token
	// Key is the key whose signature verified (nil if none).
	Key *Key
	// Log is what MediaWiki logs (nil: nothing); Kind and Reason classify that line.
	Log          *LogLine
	Kind, Reason string
	// Refresh: MediaWiki would re-issue the cookie.
	Refresh bool
}

const (
	channelSession        = "session"
	channelSessionSampled = "session-sampled"
)

// VerifyMediaWikiSession runs MediaWiki's verification of a sessionJwt cookie value at
// time now (JwtSessionCookieHelper::verifyJwtCookie in 1.46+, CookieSessionProvider's in
// 1.45), with the wiki's public key(s): several keys (e.g. current and retired) are tried
// in turn, a key whose kid matches the token's first; the first key's failure is reported.
// The session is taken to be persisted. PHP's loose comparisons and TypeErrors on odd
// claim values are reproduced (see softExpiry and the exp check below).
func VerifyMediaWikiSession(token string, keys []*Key, s MediaWikiSession, now time.Time) *MediaWikiResult {
	s = s.withDefaults()
	res := &MediaWikiResult{}
	if token == "" || token == "deleted" {
		res.Valid = true // no cookie: a logged-in session is marked for refresh
		res.Refresh = !s.Anonymous()
		return res
	}
	// RsaJwtCodec::parse: lcobucci's Parser, SignedWith(RS256) and LooseValidAt.
	tok, key, err := parseAndAssertRS256(token, keys, s.Dialect(), now)
	res.Token, res.Key = tok, key
	if err != nil {
		return res.fail(err)
	}
	sub, _ := tok.Claims.Get("sub")
	jti, _ := tok.Claims.Get("jti") // $data['jti']: null when absent
	if s.Anonymous() && s.Version == MW146 {
		// 1.46: an anonymous session carrying a user's (or a broken) cookie is not an
		// error: it is logged, the session is refreshed, and nothing else is checked.
		if err := validateJwtSubject(tok, s); err != nil {
			var mwe *MediaWikiError
			if !errors.As(err, &mwe) {
				return res.fail(err) // a PHP TypeError
			}
			// PHP's array "+": the left-hand keys win, so "subject" is the full sub.
			ctx := NewObject("jwt_error", mwe.Msg, "jti", jti, "subject", sub, "session_provider_type", s.ProviderType)
			phpArrayUnion(ctx, mwe.Context)
			phpArrayUnion(ctx, s.Security)
			res.Valid, res.Err, res.Refresh = true, err, true
			res.Log = &LogLine{Channel: channelSessionSampled, Level: "WARNING",
				Message: "Non-anon JWT cookie for anon session", Context: ctx}
			res.Kind = KindAnonExpectedUserFound
			return res
		}
	} else if err := validateJwtSubject(tok, s); err != nil {
		// A known user (and, in 1.45, an anonymous one too: wrong subject).
		return res.fail(err)
	}
	withType := func(ctx *Object) *Object {
		if s.Version == MW146 {
			ctx.Set("session_provider_type", s.ProviderType)
		}
		return ctx
	}
	if iss, _ := tok.Claims.Get("iss"); !phpIdentical(iss, s.Issuer) {
		ctx := withType(NewObject("expected_issuer", s.Issuer, "issuer", iss))
		return res.fail(&MediaWikiError{Msg: MWWrongIssuer, Context: ctx})
	}
	// $hardExpiry < time(): the parser turned exp into a DateTimeImmutable, which PHP
	// compares with an int as 1, so any exp (that LooseValidAt let through) counts as
	// expired, and building the context ("time() - $hardExpiry") throws a TypeError.
	if tok.Expires != nil {
		return res.fail(&PHPTypeError{Detail: "Unsupported operand types: int - DateTimeImmutable (the exp claim in verifyJwtCookie)"})
	}
	res.Valid = true
	sxp, hasSxp := tok.Claims.Get("sxp")
	refresh, soft, expiredBy, err := softExpiry(sxp, hasSxp, now.Unix(), s.Expiration)
	res.Refresh = refresh
	if err != nil {
		res.Valid = false
		return res.fail(err)
	}
	if soft {
		ctx := NewObject("jti", jti, "expiry", sxp, "expired_by", expiredBy, "subject", sub)
		withType(ctx)
		phpArrayUnion(ctx, s.Security)
		res.Log = &LogLine{Channel: channelSessionSampled, Level: "WARNING", Message: "Soft-expired JWT cookie", Context: ctx}
		res.Kind = KindSoftExpired
	}
	return res
}

// softExpiry evaluates, with PHP 8's comparison rules, "$softExpiry < time() + 0.75 *
// $expirationDuration" (refresh) and "$softExpiry < time() - 60" (warn), and the
// context's "time() - $softExpiry". A missing sxp is null: refreshed and warned about.
func softExpiry(v any, present bool, now int64, expiration time.Duration) (refresh, soft bool, expiredBy any, err error) {
	refreshAt := float64(now) + 0.75*expiration.Seconds()
	warnAt := now - 60
	if !present {
		v = nil
	}
	typeErr := func(t string) error {
		return &PHPTypeError{Detail: "Unsupported operand types: int - " + t + " (the sxp claim in verifyJwtCookie)"}
	}
	switch x := v.(type) {
	case nil:
		return true, true, now, nil
	case bool:
		// Compared as booleans: false < true; true < true is false. false is 0, true 1.
		if x {
			return false, false, nil, nil
		}
		return true, true, now, nil
	case Number:
		return numericSoftExpiry(x, refreshAt, warnAt, now)
	case string:
		if phpIsNumeric(x) {
			return numericSoftExpiry(Number(strings.Trim(x, phpNumericSpace)), refreshAt, warnAt, now)
		}
		// int vs non-numeric string: compared as strings; the subtraction throws.
		refresh = x < strconv.FormatFloat(refreshAt, 'f', -1, 64)
		soft = refresh && x < strconv.FormatInt(warnAt, 10)
		if soft {
			return refresh, soft, nil, typeErr("string")
		}
		return refresh, false, nil, nil
	}
	return false, false, nil, nil // an array is greater than any number
}

func numericSoftExpiry(n Number, refreshAt float64, warnAt, now int64) (bool, bool, any, error) {
	if i, ok := n.Int64(); ok {
		return float64(i) < refreshAt, i < warnAt, now - i, nil
	}
	f := n.Float64()
	return f < refreshAt, f < float64(warnAt), float64(now) - f, nil
}

// phpArrayUnion is PHP's "$a + $b" on context arrays: keys of b not yet in a are added.
func phpArrayUnion(a, b *Object) {
	if b == nil {
		return
	}
	for _, m := range b.Members {
		if !a.Has(m.Key) {
			a.Set(m.Key, m.Value)
		}
	}
}

// fail records a rejection: MediaWiki logs "JWT validation failed: <message>" at INFO on
// channel session with the exception's context. A PHP TypeError is not caught: nothing
// is logged by the session provider and the request fails.
func (r *MediaWikiResult) fail(err error) *MediaWikiResult {
	r.Valid, r.Err = false, err
	if errors.Is(err, ErrPHPTypeError) {
		return r
	}
	ctx := &Object{}
	var mwe *MediaWikiError
	if errors.As(err, &mwe) && mwe.Context != nil {
		ctx = mwe.Context
	}
	r.Log = &LogLine{Channel: channelSession, Level: "INFO", Message: "JWT validation failed: " + err.Error(), Context: ctx}
	r.Kind, r.Reason = KindOf(err)
	return r
}

// parseAndAssertRS256 is RsaJwtCodec::parse: lcobucci's Parser, then Validator::assert
// with SignedWith(RS256, key) and LooseValidAt(clock) without leeway.
func parseAndAssertRS256(token string, keys []*Key, d Dialect, now time.Time) (*Token, *Key, error) {
	tok, err := NewParser(WithDialect(d)).Parse(token)
	if err != nil {
		return nil, nil, err
	}
	signer, _ := NewSigner("RS256", d)
	key, err := VerifyWithKeys(tok, signer, keys, FixedClock(now))
	return tok, key, err
}

// validateJwtSubject is SessionManager::validateJwtSubject, in MediaWiki's order.
func validateJwtSubject(tok *Token, s MediaWikiSession) error {
	v, ok := tok.Claims.Get("sub")
	if !ok {
		return &MediaWikiError{Msg: MWMissingSub, Context: &Object{}}
	}
	sub, isString := phpStringCast(v)
	if !isString {
		return &PHPTypeError{Detail: "str_starts_with(): Argument #1 ($haystack) must be of type string, array given"}
	}
	if !strings.HasPrefix(sub, "mw:") {
		return &MediaWikiError{Msg: MWWrongSchema, Context: &Object{}}
	}
	subject := sub[3:]
	anon := s.Anonymous()
	switch {
	case anon && subject != "anon":
		return &MediaWikiError{Msg: MWWrongSubject, Context: NewObject("expected_subject", "anon", "subject", subject)}
	case !anon && subject == "anon":
		return &MediaWikiError{Msg: MWWrongSubject, Context: NewObject("expected_subject", s.User, "subject", "anon")}
	case anon:
		return nil
	}
	if strings.Count(subject, ":") > 2 {
		return &MediaWikiError{Msg: MWMissingSubjectScope, Context: NewObject("subject", subject)}
	}
	// [ $provider, $instance, $id ] = explode( ':', $subUser, 3 ): missing parts are null.
	parts := strings.SplitN(subject, ":", 3)
	for len(parts) < 3 {
		parts = append(parts, "")
	}
	provider, scope, id := parts[0], parts[0]+":"+parts[1], parts[2]
	if provider != s.ProviderID {
		return &MediaWikiError{Msg: MWWrongProvider, Context: NewObject("expected_provider_id", s.ProviderID, "provider_id", provider)}
	}
	if scope != s.Scope {
		return &MediaWikiError{Msg: MWWrongScope, Context: NewObject("expected_centralid_scope", s.Scope, "centralid_scope", scope)}
	}
	if got := phpIntval(id); s.CentralID != 0 && got != s.CentralID {
		return &MediaWikiError{Msg: MWWrongUserID, Context: NewObject("expected_central_id", s.CentralID, "central_id", got)}
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
	case Number:
		if i, ok := x.Int64(); ok {
			return strconv.FormatInt(i, 10), true
		}
		return phpFloatString(x.Float64()), true
	}
	return "", false
}

// phpIntval is PHP's (int) cast of a string: leading whitespace, sign and digits; else 0.
func phpIntval(s string) int64 {
	s = strings.TrimLeft(s, phpNumericSpace)
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.ParseInt(s[:end], 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// MediaWikiSessionClaims are the claims MediaWiki puts in a session cookie.
type MediaWikiSessionClaims struct {
	Issuer   string
	Subject  string    // "mw:CentralAuth::<id>", "mw:local:<wiki>:<id>" or "mw:anon"
	JTI      string    // empty: 16 random bytes in standard base64, as MediaWiki does
	IssuedAt time.Time // iat; sxp = iat + Expiration
	// Expiration is $wgSessionCookieJwtExpiration (default 4 hours).
	Expiration time.Duration
	// Extra claims appended after iat (e.g. rlc, or exp in tests).
	Extra *Object
}

// IssueMediaWikiSession issues a session cookie as SessionManager::getJwtData and
// RsaJwtCodec::create do: RS256, claims iss, sxp, jti, sub, iat (then Extra).
func IssueMediaWikiSession(key *Key, c MediaWikiSessionClaims, random io.Reader) (string, error) {
	if c.Expiration == 0 {
		c.Expiration = 4 * time.Hour
	}
	if c.JTI == "" {
		if random == nil {
			random = rand.Reader
		}
		var b [16]byte
		if _, err := io.ReadFull(random, b[:]); err != nil {
			return "", err
		}
		c.JTI = base64.StdEncoding.EncodeToString(b[:])
	}
	claims := NewObject(
		"iss", c.Issuer,
		"sxp", c.IssuedAt.Add(c.Expiration).Unix(),
		"jti", c.JTI,
		"sub", c.Subject,
		"iat", c.IssuedAt.Unix(),
	)
	if c.Extra != nil {
		for _, m := range c.Extra.Members {
			claims.Set(m.Key, m.Value)
		}
	}
	signer, _ := NewSigner("RS256", Lcobucci5)
	return Issue(signer, key, nil, claims)
}
