package mediawiki

import (
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// Version picks the session-cookie code of a MediaWiki release.
type Version int

const (
	// V146 is MediaWiki 1.46+ (JwtSessionCookieHelper, lcobucci 5.6, a codec that hands
	// the date claims back as integers): the default.
	V146 Version = iota
	// V145 is MediaWiki 1.45 (CookieSessionProvider, lcobucci 4.1.5, a codec that hands
	// the date claims back as lcobucci's DateTimeImmutable objects).
	V145
)

// String is the release as --mw spells it.
func (v Version) String() string {
	if v == V145 {
		return "1.45"
	}
	return "1.46"
}

// ParseVersion reads a release as a flag gives it ("1.45", "1.46", "master") or as a log
// line's mwversion field does ("1.45.0-wmf.27", "1.46.0-wmf.5"). Every release from 1.46
// on runs 1.46's code (the chain has not changed since); "" is the default, 1.46. A
// release before 1.45 (which set no JWT cookie) or text that is not a release is not ok.
func ParseVersion(s string) (Version, bool) {
	switch s {
	case "", "master":
		return V146, true
	}
	major, rest, ok := strings.Cut(s, ".")
	if !ok || major != "1" {
		return V146, false
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	// The minor is followed by nothing, by ".<patch>…" or by "-<suffix>" (1.46-alpha);
	// it has no leading zero ("1.045" is no release).
	if end == 0 || end > 1 && rest[0] == '0' || (end < len(rest) && rest[end] != '.' && rest[end] != '-') {
		return V146, false
	}
	minor, err := strconv.Atoi(rest[:end])
	switch {
	case err != nil || minor < 45:
		return V146, false
	case minor == 45:
		return V145, true
	}
	return V146, true
}

// Dialect is the lcobucci version this release ships.
func (v Version) Dialect() jwtcore.Dialect {
	if v == V145 {
		return jwtcore.Lcobucci4
	}
	return jwtcore.Lcobucci5
}

// codec is one release's RsaJwtCodec: parse reads and checks a cookie, hardExpiry is
// verifyJwtCookie's "$hardExpiry < time()" on the exp claim as that codec hands it back.
// The releases differ only in what parse() returns for the date claims (iat, nbf, exp).
type codec interface {
	// parse is RsaJwtCodec::parse: lcobucci's Parser, then Validator::assert with
	// SignedWith(RS256, key) and LooseValidAt(clock) without leeway.
	parse(token string, keys []*jwtcore.Key, now time.Time) (*jwtcore.Token, *jwtcore.Key, error)
	// hardExpiry returns the error verifyJwtCookie throws for the token's exp claim
	// (which LooseValidAt has let through), or nil when exp does not stop the cookie. A
	// [*Error] carries jti, expiry and expired_by; [Verify] adds the rest of the context.
	hardExpiry(tok *jwtcore.Token, jti any, now time.Time) error
}

// codec returns the release's RsaJwtCodec: includes/json/RsaJwtCodec.php in 1.45,
// includes/Json/RsaJwtCodec.php from 1.46 on.
func (v Version) codec() codec {
	if v == V145 {
		return claimsAsParsed{rsaJwtCodec{v.Dialect()}}
	}
	return claimsAsIntegers{rsaJwtCodec{v.Dialect()}}
}

// rsaJwtCodec is the parse both releases share, with their own lcobucci version.
type rsaJwtCodec struct{ dialect jwtcore.Dialect }

func (c rsaJwtCodec) parse(token string, keys []*jwtcore.Key, now time.Time) (*jwtcore.Token, *jwtcore.Key, error) {
	tok, err := jwtcore.NewParser(jwtcore.WithDialect(c.dialect)).Parse(token)
	if err != nil {
		return nil, nil, err
	}
	signer, _ := jwtcore.NewSigner("RS256", c.dialect)
	key, err := jwtcore.VerifyWithKeys(tok, signer, keys, jwtcore.FixedClock(now))
	return tok, key, err
}

// claimsAsParsed is 1.45's RsaJwtCodec: it returns lcobucci's claims()->all() as the
// parser left them, so the date claims are DateTimeImmutable objects.
type claimsAsParsed struct{ rsaJwtCodec }

// hardExpiry: PHP compares the DateTimeImmutable with an int as 1, so any exp counts as
// expired, and building the context ("time() - $hardExpiry") throws a TypeError. So in
// 1.45 a cookie with an exp that has not passed yet fails the request, unlogged.
func (claimsAsParsed) hardExpiry(tok *jwtcore.Token, _ any, _ time.Time) error {
	if tok.Expires != nil {
		return &jwtcore.PHPTypeError{Detail: "Unsupported operand types: int - DateTimeImmutable (the exp claim in verifyJwtCookie)"}
	}
	return nil
}

// claimsAsIntegers is 1.46's RsaJwtCodec: after lcobucci's checks it turns each of
// RegisteredClaims::DATE_CLAIMS back into an integer with getTimestamp() ("The lcobucci
// parser tries to be too clever for its own good … Undo that.").
type claimsAsIntegers struct{ rsaJwtCodec }

// hardExpiry compares the integer exp with time(). An exp that has not passed verifies.
// One that has passed was already refused by LooseValidAt ("The token is expired") on the
// same clock, so "JWT error: hard-expired" is only reached when time() has moved on
// between the codec's clock and this check (a slow request): see [verifyAt].
func (claimsAsIntegers) hardExpiry(tok *jwtcore.Token, jti any, now time.Time) error {
	if tok.Expires == nil {
		return nil // $data + [ 'exp' => PHP_INT_MAX ]
	}
	// getTimestamp() drops the microseconds, towards the past (-0.5 s is -1), as Unix does.
	expiry, t := tok.Expires.Unix(), now.Unix()
	if expiry >= t {
		return nil
	}
	return &Error{Msg: MsgHardExpired, Context: jwtcore.NewObject("jti", jti, "expiry", expiry, "expired_by", t-expiry)}
}
