package mediawiki

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// Claims are the claims MediaWiki puts in a session cookie.
type Claims struct {
	Issuer   string
	Subject  string    // "mw:CentralAuth::<id>", "mw:local:<wiki>:<id>" or "mw:anon"
	JTI      string    // empty: 16 random bytes in standard base64, as MediaWiki does
	IssuedAt time.Time // iat; sxp = iat + Expiration
	// Expiration is $wgSessionCookieJwtExpiration (default 4 hours).
	Expiration time.Duration
	// Extra claims appended after iat (e.g. rlc, or exp in tests).
	Extra *jwtcore.Object
	// Version is the release that issues the cookie: the claims are the same in 1.45
	// and 1.46 (RsaJwtCodec::create did not change), but the lcobucci version signing
	// them is not: 5.x (1.46) refuses an RSA key under 2048 bits, 4.1.5 (1.45) does not.
	Version Version
}

// Issue issues a session cookie as SessionManager::getJwtData and
// RsaJwtCodec::create do: RS256, claims iss, sxp, jti, sub, iat (then Extra).
func Issue(key *jwtcore.Key, c Claims, random io.Reader) (string, error) {
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
	claims := jwtcore.NewObject(
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
	signer, _ := jwtcore.NewSigner("RS256", c.Version.Dialect())
	return jwtcore.Issue(signer, key, nil, claims)
}
