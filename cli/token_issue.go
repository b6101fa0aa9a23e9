package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/timearg"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
)

// tokenIssueOptions are the flags of `jwtriage token issue`.
type tokenIssueOptions struct {
	Key    string
	KID    string
	Alg    string
	Claims string
	Header string
	Compat string
	// MediaWiki session cookie instead of --claims.
	MediaWiki  bool
	Issuer     string
	Subject    string
	Expiration time.Duration
	At         string
	MW         string
	// Random feeds the jti of a MediaWiki session (crypto/rand when nil).
	Random io.Reader
}

const tokenIssueUsage = `jwtriage token issue --key FILE [--alg ALG] --claims JSON [--header JSON]
       jwtriage token issue --mediawiki --key FILE --issuer URL
                            --subject mw:CentralAuth::ID [--expiration 4h]
                            [--at TIME] [--mw 1.45|1.46]`

// runTokenIssueCmd runs `jwtriage token issue`.
func runTokenIssueCmd(args []string, s Streams) error {
	o, err := parseTokenIssueFlags(args, s)
	if err != nil {
		return err
	}
	return runTokenIssue(o, s)
}

// parseTokenIssueFlags reads the command line into the options; it reads no key.
func parseTokenIssueFlags(args []string, s Streams) (*tokenIssueOptions, error) {
	o := &tokenIssueOptions{}
	fs := newFlagSet("token issue", tokenIssueUsage, s.Out)
	fs.StringVar(&o.Key, "key", "", "private key `FILE`: PEM (PKCS#1, PKCS#8, SEC1), JWK/JWKS, or a raw secret file with --alg HS*/BLAKE2B")
	fs.StringVar(&o.KID, "kid", "", "pick the key `KID` of a JWKS (the header gets no kid unless --header adds it)")
	fs.StringVar(&o.Alg, "alg", "", "algorithm `ALG` (default: from the key; RS256 for RSA)")
	fs.StringVar(&o.Claims, "claims", "", "claims as a `JSON` object, kept in order: '{\"iss\":\"…\",\"sub\":\"…\",\"iat\":1760000000}'")
	fs.StringVar(&o.Header, "header", "", "extra header fields as a `JSON` object, after {\"typ\":\"JWT\",\"alg\":…}")
	fs.StringVar(&o.Compat, "compat", "lcobucci5", "key rules of lcobucci/jwt `VERSION`: lcobucci5 or lcobucci4")
	fs.BoolVar(&o.MediaWiki, "mediawiki", false, "issue a MediaWiki session cookie: RS256 with iss, sxp, jti, sub, iat")
	fs.StringVar(&o.Issuer, "issuer", "", "--mediawiki: iss `URL`, e.g. https://meta.wikimedia.org")
	fs.StringVar(&o.Subject, "subject", "", "--mediawiki: sub `SUBJECT`, e.g. mw:CentralAuth::12345 or mw:anon")
	fs.DurationVar(&o.Expiration, "expiration", 4*time.Hour, "--mediawiki: $wgSessionCookieJwtExpiration, a `DURATION` (sxp = iat + this)")
	fs.StringVar(&o.At, "at", "", "--mediawiki: iat, a `TIME` (default now): "+timearg.Forms)
	fs.StringVar(&o.MW, "mw", "1.46", "--mediawiki: the MediaWiki release `VERSION` that issues it, 1.45 (lcobucci 4.1.5) or 1.46 (lcobucci 5.x, which refuses RSA keys under 2048 bits)")
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("token issue: unexpected argument %q", fs.Arg(0))
	}
	return o, nil
}

func runTokenIssue(o *tokenIssueOptions, s Streams) error {
	dialect, err := tokenDialect("issue", o.Compat)
	if err != nil {
		return err
	}
	if o.MediaWiki {
		return runTokenIssueMediaWiki(o, s)
	}
	if o.Claims == "" {
		return usagef("token issue: --claims JSON is required (or --mediawiki)")
	}
	claims, err := jwtcore.ParseObject(o.Claims)
	if err != nil {
		return usagef("token issue: --claims: %v", err)
	}
	var header *jwtcore.Object
	if o.Header != "" {
		if header, err = jwtcore.ParseObject(o.Header); err != nil {
			return usagef("token issue: --header: %v", err)
		}
	}
	key, alg, err := issuingKey("issue", o.Key, o.Alg, o.KID)
	if err != nil {
		return err
	}
	signer, err := jwtcore.NewSigner(alg, dialect)
	if err != nil {
		return usagef("token issue: %v", err)
	}
	tok, err := jwtcore.Issue(signer, key, header, claims)
	if err != nil {
		if errors.Is(err, jwtcore.ErrDateClaim) {
			return usagef("token issue: --claims: %v", err)
		}
		return fmt.Errorf("token issue: %w", err)
	}
	fmt.Fprintln(s.Out, tok)
	return nil
}

// issuingKey loads the one private key to sign with and settles the algorithm.
func issuingKey(cmd, file, alg, kid string) (*jwtcore.Key, string, error) {
	keys, err := loadTokenKeys(cmd, []string{file}, alg, kid)
	if err != nil {
		return nil, "", err
	}
	if len(keys) > 1 {
		return nil, "", usagef("token %s: %s holds %d keys: pick one with --kid", cmd, file, len(keys))
	}
	key := keys[0]
	if alg == "" {
		alg = jwtcore.DefaultAlgorithm(key)
	}
	if key.Secret == nil && key.Private == nil {
		return nil, "", usagef("token %s: %s is a public key: signing needs the private key", cmd, file)
	}
	return key, alg, nil
}

func runTokenIssueMediaWiki(o *tokenIssueOptions, s Streams) error {
	if o.Issuer == "" || o.Subject == "" {
		return usagef("token issue --mediawiki: --issuer and --subject are required")
	}
	if o.Claims != "" || o.Header != "" {
		return usagef("token issue --mediawiki: --claims and --header do not apply (MediaWiki's claims are fixed)")
	}
	version, err := tokenMWVersion("issue", o.MW)
	if err != nil {
		return err
	}
	at, err := parseTokenTime("--at", o.At, s.now())
	if err != nil {
		return err
	}
	key, alg, err := issuingKey("issue", o.Key, o.Alg, o.KID)
	if err != nil {
		return err
	}
	if alg != "RS256" {
		return usagef("token issue --mediawiki: MediaWiki signs with RS256, not %s", alg)
	}
	if w := subjectWarning(o.Subject); w != "" {
		fmt.Fprintln(s.Err, "jwtriage: token issue: warning: "+oneLine(w))
	}
	tok, err := mediawiki.Issue(key, mediawiki.Claims{
		Issuer: o.Issuer, Subject: o.Subject, IssuedAt: at, Expiration: o.Expiration, Version: version,
	}, o.Random)
	if err != nil {
		return fmt.Errorf("token issue: %w", err)
	}
	fmt.Fprintln(s.Out, tok)
	return nil
}

// subjectWarning says why MediaWiki would refuse a --subject without its mw: scheme
// (`JWT error: wrong schema for sub` for every logged-in session), and what was likely
// meant; "" for a subject MediaWiki can accept. The token is still issued: a test of
// that very error needs one.
func subjectWarning(subject string) string {
	if strings.HasPrefix(subject, "mw:") {
		return ""
	}
	meant := "mw:" + subject
	if _, err := strconv.ParseUint(subject, 10, 63); err == nil {
		meant = "mw:CentralAuth::" + subject
	}
	return fmt.Sprintf("--subject %q has no mw: scheme: MediaWiki rejects the token (JWT error: wrong schema for sub); did you mean %s?", subject, meant)
}
