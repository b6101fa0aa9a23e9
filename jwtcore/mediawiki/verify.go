package mediawiki

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/internal/php"
	"github.com/wikimedia/jwtriage/mwlog"
)

// LogLine is one line MediaWiki writes through Monolog.
type LogLine struct {
	Channel string          `json:"channel"`
	Level   string          `json:"level"`
	Message string          `json:"message"`
	Context *jwtcore.Object `json:"context"`
}

// Result is the outcome of MediaWiki's chain for one cookie.
type Result struct {
	// Valid: MediaWiki accepts the cookie (a soft-expired one, or a user's cookie on an
	// anonymous session in 1.46, is accepted and only logged).
	Valid bool
	// Err is the exception of the rejection (lcobucci error or *Error), or the
	// exception behind an accepted-but-logged case; nil when nothing went wrong.
	Err error
	// Token is the parsed token (nil when parsing failed).
	Token *jwtcore.Token
	// Key is the key whose signature verified (nil if none).
	Key *jwtcore.Key
	// Log is what MediaWiki logs (nil: nothing); Kind and Reason classify that line.
	Log    *LogLine
	Kind   mwlog.Kind
	Reason string
	// Refresh: MediaWiki would re-issue the cookie.
	Refresh bool
}

const (
	channelSession        = "session"
	channelSessionSampled = "session-sampled"
)

// Verify runs MediaWiki's verification of a sessionJwt cookie value at
// time now (JwtSessionCookieHelper::verifyJwtCookie in 1.46+, CookieSessionProvider's in
// 1.45), with the wiki's public key(s): several keys (e.g. current and retired) are tried
// in turn, a key whose kid matches the token's first; the first key's failure is reported.
// The session is taken to be persisted. PHP's loose comparisons and TypeErrors on odd
// claim values are reproduced (see softExpiry and [codec]).
func Verify(token string, keys []*jwtcore.Key, s Session, now time.Time) *Result {
	return verifyAt(token, keys, s, now, now)
}

// verifyAt is [Verify] with two clocks: parsed is the time lcobucci's LooseValidAt reads
// (RsaJwtCodec's ClockAdapter), checked the time() of verifyJwtCookie's own checks. They
// are the same second in practice; a request slow enough to cross a second between them
// is the only way to 1.46's "JWT error: hard-expired", which the tests need to reach.
func verifyAt(token string, keys []*jwtcore.Key, s Session, parsed, now time.Time) *Result {
	s = s.withDefaults()
	res := &Result{}
	if token == "" || token == "deleted" {
		res.Valid = true // no cookie: a logged-in session is marked for refresh
		res.Refresh = !s.Anonymous()
		return res
	}
	codec := s.Version.codec()
	tok, key, err := codec.parse(token, keys, parsed)
	res.Token, res.Key = tok, key
	if err != nil {
		return res.fail(err)
	}
	sub, _ := tok.Claims.Get("sub")
	jti, _ := tok.Claims.Get("jti") // $data['jti']: null when absent
	if s.Anonymous() && s.Version == V146 {
		// 1.46: an anonymous session carrying a user's (or a broken) cookie is not an
		// error: it is logged, the session is refreshed, and nothing else is checked.
		if err := validateJwtSubject(tok, s); err != nil {
			var mwe *Error
			if !errors.As(err, &mwe) {
				return res.fail(err) // a PHP TypeError
			}
			// PHP's array "+": the left-hand keys win, so "subject" is the full sub.
			ctx := jwtcore.NewObject("jwt_error", mwe.Msg, "jti", jti, "subject", sub, "session_provider_type", s.ProviderType)
			phpArrayUnion(ctx, mwe.Context)
			phpArrayUnion(ctx, s.Security)
			res.Valid, res.Err, res.Refresh = true, err, true
			res.Log = &LogLine{Channel: channelSessionSampled, Level: "WARNING",
				Message: "Non-anon JWT cookie for anon session", Context: ctx}
			res.Kind = mwlog.KindAnonExpectedUserFound
			return res
		}
	} else if err := validateJwtSubject(tok, s); err != nil {
		// A known user (and, in 1.45, an anonymous one too: wrong subject).
		return res.fail(err)
	}
	withType := func(ctx *jwtcore.Object) *jwtcore.Object {
		if s.Version == V146 {
			ctx.Set("session_provider_type", s.ProviderType)
		}
		return ctx
	}
	// $iss !== $this->issuer: only a string equal to the expected one passes.
	iss, _ := tok.Claims.Get("iss")
	if str, isString := iss.(string); !isString || str != s.Issuer {
		ctx := withType(jwtcore.NewObject("expected_issuer", s.Issuer, "issuer", iss))
		return res.fail(&Error{Msg: MsgWrongIssuer, Context: ctx})
	}
	if err := codec.hardExpiry(tok, jti, now); err != nil {
		var mwe *Error
		if errors.As(err, &mwe) {
			withType(mwe.Context)
			phpArrayUnion(mwe.Context, s.Security)
		}
		return res.fail(err)
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
		ctx := jwtcore.NewObject("jti", jti, "expiry", sxp, "expired_by", expiredBy, "subject", sub)
		withType(ctx)
		phpArrayUnion(ctx, s.Security)
		res.Log = &LogLine{Channel: channelSessionSampled, Level: "WARNING", Message: "Soft-expired JWT cookie", Context: ctx}
		res.Kind = mwlog.KindSoftExpired
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
		return &jwtcore.PHPTypeError{Detail: "Unsupported operand types: int - " + t + " (the sxp claim in verifyJwtCookie)"}
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
	case jwtcore.Number:
		return numericSoftExpiry(x, refreshAt, warnAt, now)
	case string:
		if php.IsNumeric(x) {
			return numericSoftExpiry(jwtcore.Number(strings.Trim(x, php.NumericSpace)), refreshAt, warnAt, now)
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

func numericSoftExpiry(n jwtcore.Number, refreshAt float64, warnAt, now int64) (bool, bool, any, error) {
	if i, ok := n.Int64(); ok {
		return float64(i) < refreshAt, i < warnAt, now - i, nil
	}
	f := n.Float64()
	return f < refreshAt, f < float64(warnAt), float64(now) - f, nil
}

// phpArrayUnion is PHP's "$a + $b" on context arrays: keys of b not yet in a are added.
func phpArrayUnion(a, b *jwtcore.Object) {
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
func (r *Result) fail(err error) *Result {
	r.Valid, r.Err = false, err
	if errors.Is(err, jwtcore.ErrPHPTypeError) {
		return r
	}
	ctx := &jwtcore.Object{}
	var mwe *Error
	if errors.As(err, &mwe) && mwe.Context != nil {
		ctx = mwe.Context
	}
	r.Log = &LogLine{Channel: channelSession, Level: "INFO", Message: "JWT validation failed: " + err.Error(), Context: ctx}
	r.Kind, r.Reason = jwtcore.KindOf(err)
	return r
}
