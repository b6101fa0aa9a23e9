package mediawiki

import (
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// Version picks the session-cookie code of a MediaWiki release.
type Version int

const (
	// V146 is MediaWiki 1.46+ (JwtSessionCookieHelper, lcobucci 5.6): the default.
	V146 Version = iota
	// V145 is MediaWiki 1.45 (CookieSessionProvider, lcobucci 4.1.5).
	V145
)

// ParseVersion reads "1.46" (or later) and "1.45".
func ParseVersion(s string) (Version, bool) {
	switch s {
	case "", "1.46", "1.47", "master":
		return V146, true
	case "1.45":
		return V145, true
	}
	return V146, false
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
// A release whose codec differs gets its own implementation in [Version.codec].
type codec interface {
	// parse is RsaJwtCodec::parse: lcobucci's Parser, then Validator::assert with
	// SignedWith(RS256, key) and LooseValidAt(clock) without leeway.
	parse(token string, keys []*jwtcore.Key, now time.Time) (*jwtcore.Token, *jwtcore.Key, error)
	// hardExpiry returns the error verifyJwtCookie throws for the token's exp claim
	// (which LooseValidAt has let through), or nil when exp does not stop the cookie.
	hardExpiry(tok *jwtcore.Token, now time.Time) error
}

// codec returns the release's codec. 1.46's own codec (date claims turned back into
// integers) is not modelled yet: 1.46 runs 1.45's under its own lcobucci dialect.
func (v Version) codec() codec {
	return claimsAsParsed{dialect: v.Dialect()}
}

// claimsAsParsed is 1.45's RsaJwtCodec: it returns lcobucci's claims()->all() as the
// parser left them, so the date claims are DateTimeImmutable objects.
type claimsAsParsed struct{ dialect jwtcore.Dialect }

func (c claimsAsParsed) parse(token string, keys []*jwtcore.Key, now time.Time) (*jwtcore.Token, *jwtcore.Key, error) {
	tok, err := jwtcore.NewParser(jwtcore.WithDialect(c.dialect)).Parse(token)
	if err != nil {
		return nil, nil, err
	}
	signer, _ := jwtcore.NewSigner("RS256", c.dialect)
	key, err := jwtcore.VerifyWithKeys(tok, signer, keys, jwtcore.FixedClock(now))
	return tok, key, err
}

// hardExpiry: PHP compares the DateTimeImmutable with an int as 1, so any exp counts as
// expired, and building the context ("time() - $hardExpiry") throws a TypeError.
func (claimsAsParsed) hardExpiry(tok *jwtcore.Token, _ time.Time) error {
	if tok.Expires != nil {
		return &jwtcore.PHPTypeError{Detail: "Unsupported operand types: int - DateTimeImmutable (the exp claim in verifyJwtCookie)"}
	}
	return nil
}
