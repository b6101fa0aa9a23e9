package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/timearg"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/mwlog"
)

// tokenVerifyOptions are the flags of `jwtriage token verify`.
type tokenVerifyOptions struct {
	Keys   []string
	KID    string
	Alg    string
	At     string
	Compat string
	Format string
	// MediaWiki's whole chain.
	MediaWiki  bool
	Issuer     string
	User       string
	CentralID  int64
	Provider   string
	Scope      string
	Expiration time.Duration
	MW         string
	// Token is the argument: a token, or "-" to read it from stdin.
	Token string
}

const tokenVerifyUsage = `jwtriage token verify --key FILE [--alg ALG] [--at TIME]
           [--compat lcobucci5|lcobucci4] [--format text|json] [TOKEN|-]
       jwtriage token verify --mediawiki --key FILE --issuer URL
           --user anon|NAME [--central-id N] [--provider CentralAuth]
           [--scope CentralAuth:] [--expiration 4h] [--mw 1.45|1.46] [--at TIME]
           [--format text|json] [TOKEN|-]

` + tokenArgHelp

// runTokenVerifyCmd runs `jwtriage token verify`.
func runTokenVerifyCmd(args []string, s Streams) error {
	o, err := parseTokenVerifyFlags(args, s)
	if err != nil {
		return err
	}
	token, err := readToken("verify", o.Token, s)
	if err != nil {
		return err
	}
	if o.MediaWiki {
		return runTokenVerifyMediaWiki(o, token, s)
	}
	return runTokenVerify(o, token, s)
}

// parseTokenVerifyFlags reads the command line into the options; it reads no input.
func parseTokenVerifyFlags(args []string, s Streams) (*tokenVerifyOptions, error) {
	o := &tokenVerifyOptions{}
	fs := newFlagSet("token verify", tokenVerifyUsage, s.Out)
	fs.StringArrayVar(&o.Keys, "key", nil, "public key `FILE`: PEM, JWK or JWKS (repeatable: every key is tried, e.g. current and retired)")
	fs.StringVar(&o.KID, "kid", "", "use only the key `KID` of a JWKS")
	fs.StringVar(&o.Alg, "alg", "", "expected algorithm `ALG` (default: from the key; RS256 for RSA). The token's alg is never trusted")
	fs.StringVar(&o.At, "at", "", "verify at `TIME` (default now): "+timearg.Forms)
	fs.StringVar(&o.Compat, "compat", "lcobucci5", "lcobucci/jwt `VERSION`: lcobucci5 (MediaWiki 1.46+) or lcobucci4 (1.45)")
	fs.StringVar(&o.Format, "format", "text", "`FORMAT`: text or json")
	fs.BoolVar(&o.MediaWiki, "mediawiki", false, "run MediaWiki's whole session-cookie chain and show what it would log")
	fs.StringVar(&o.Issuer, "issuer", "", "--mediawiki: expected iss `URL`, e.g. https://meta.wikimedia.org")
	fs.StringVar(&o.User, "user", "", "--mediawiki: the session's user `NAME`, or anon (an IP address is anonymous too)")
	fs.Int64Var(&o.CentralID, "central-id", 0, "--mediawiki: the user's central id `N` (0: unknown, taken from the token's sub)")
	fs.StringVar(&o.Provider, "provider", "CentralAuth", "--mediawiki: central-id `PROVIDER` (CentralAuth or local)")
	fs.StringVar(&o.Scope, "scope", "", "--mediawiki: central-id `SCOPE` (default PROVIDER:)")
	fs.DurationVar(&o.Expiration, "expiration", 4*time.Hour, "--mediawiki: $wgSessionCookieJwtExpiration, a `DURATION`")
	fs.StringVar(&o.MW, "mw", "1.46", "--mediawiki: MediaWiki `VERSION`, 1.45 or 1.46")
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if err := checkTokenFormat("verify", o.Format); err != nil {
		return nil, err
	}
	var err error
	if o.Token, err = tokenArg("verify", fs.Args()); err != nil {
		return nil, err
	}
	return o, nil
}

// tokenVerifyResult is the JSON of `token verify --format json` (docs/cli.md, "token
// verify").
type tokenVerifyResult struct {
	Valid  bool            `json:"valid"`
	Error  string          `json:"error"`
	Kind   mwlog.Kind      `json:"kind"`
	Reason string          `json:"reason,omitempty"`
	Key    string          `json:"key,omitempty"`
	Header *jwtcore.Object `json:"header"`
	Claims *jwtcore.Object `json:"claims"`
}

func runTokenVerify(o *tokenVerifyOptions, token string, s Streams) error {
	dialect, err := tokenDialect("verify", o.Compat)
	if err != nil {
		return err
	}
	at, err := parseTokenTime("--at", o.At, s.now())
	if err != nil {
		return err
	}
	keys, err := loadTokenKeys("verify", o.Keys, o.Alg, o.KID)
	if err != nil {
		return err
	}
	alg := o.Alg
	if alg == "" {
		alg = jwtcore.DefaultAlgorithm(keys[0])
	}
	signer, err := jwtcore.NewSigner(alg, dialect)
	if err != nil {
		return usagef("token verify: %v", err)
	}
	res := tokenVerifyResult{}
	tok, err := jwtcore.NewParser(jwtcore.WithDialect(dialect)).Parse(token)
	var used *jwtcore.Key
	if err == nil {
		res.Header, res.Claims = tok.Header, tok.Claims
		used, err = jwtcore.VerifyWithKeys(tok, signer, keys, jwtcore.FixedClock(at))
	}
	if errors.Is(err, jwtcore.ErrInvalidKey) {
		return fmt.Errorf("token verify: the key does not suit %s: %v", alg, err)
	}
	res.Valid = err == nil
	if err != nil {
		res.Error = err.Error()
		res.Kind, res.Reason = jwtcore.KindOf(err)
	} else {
		res.Key = used.Name()
	}
	if o.Format == "json" {
		if err := writeJSONLine(s.Out, res); err != nil {
			return err
		}
	} else {
		writeTokenVerifyText(s, res, alg, at)
	}
	if !res.Valid {
		return &exitError{code: ExitNegative}
	}
	return nil
}

func writeTokenVerifyText(s Streams, r tokenVerifyResult, alg string, at time.Time) {
	if r.Valid {
		fmt.Fprintf(s.Out, "valid: %s signature by key %s, time checks at %s\n", alg, r.Key, at.UTC().Format(time.RFC3339))
		return
	}
	kind := kindText(r.Kind, r.Reason)
	fmt.Fprintf(s.Out, "invalid (%s): %s\n", kind, r.Error)
}

// tokenMediaWikiResult is the JSON of `token verify --mediawiki --format json`: the
// plain result's fields, then what MediaWiki would have logged.
type tokenMediaWikiResult struct {
	tokenVerifyResult
	Log *tokenLogLine `json:"log"`
}

// tokenLogLine is what MediaWiki would have logged.
type tokenLogLine struct {
	Channel string          `json:"channel"`
	Level   string          `json:"level"`
	Message string          `json:"message"`
	Context *jwtcore.Object `json:"context"`
}

func runTokenVerifyMediaWiki(o *tokenVerifyOptions, token string, s Streams) error {
	if o.Issuer == "" || o.User == "" {
		return usagef("token verify --mediawiki: --issuer and --user are required")
	}
	version, err := tokenMWVersion("verify", o.MW)
	if err != nil {
		return err
	}
	if o.Alg != "" && o.Alg != "RS256" {
		return usagef("token verify --mediawiki: MediaWiki verifies RS256 only")
	}
	at, err := parseTokenTime("--at", o.At, s.now())
	if err != nil {
		return err
	}
	keys, err := loadTokenKeys("verify", o.Keys, "RS256", o.KID)
	if err != nil {
		return err
	}
	scope := o.Scope
	if scope == "" {
		scope = o.Provider + ":"
	}
	providerType := "CentralAuthSessionProvider"
	if o.Provider != "CentralAuth" {
		providerType = `MediaWiki\Session\CookieSessionProvider`
	}
	r := mediawiki.Verify(token, keys, mediawiki.Session{
		Issuer: o.Issuer, User: o.User, CentralID: o.CentralID, ProviderID: o.Provider, Scope: scope,
		Expiration: o.Expiration, Version: version, ProviderType: providerType,
	}, at)
	if errors.Is(r.Err, jwtcore.ErrInvalidKey) {
		return fmt.Errorf("token verify: the key does not suit RS256: %v", r.Err)
	}
	out := tokenMediaWikiResult{tokenVerifyResult: tokenVerifyResult{Valid: r.Valid, Kind: r.Kind, Reason: r.Reason}}
	if r.Err != nil {
		out.Error = r.Err.Error()
	}
	if r.Key != nil {
		out.Key = r.Key.Name()
	}
	if r.Token != nil {
		out.Header, out.Claims = r.Token.Header, r.Token.Claims
	}
	if r.Log != nil {
		out.Log = &tokenLogLine{Channel: r.Log.Channel, Level: r.Log.Level, Message: r.Log.Message, Context: r.Log.Context}
	}
	if n := centralIDNote(o, out.Claims); n != "" {
		fmt.Fprintln(s.Err, "jwtriage: token verify: "+oneLine(n))
	}
	if o.Format == "json" {
		if err := writeJSONLine(s.Out, out); err != nil {
			return err
		}
	} else {
		writeTokenMediaWikiText(s, out, at)
	}
	if !r.Valid {
		return &exitError{code: ExitNegative}
	}
	return nil
}

func writeTokenMediaWikiText(s Streams, r tokenMediaWikiResult, at time.Time) {
	verdict := "accepts"
	if !r.Valid {
		verdict = "rejects"
	}
	fmt.Fprintf(s.Out, "MediaWiki %s the cookie at %s\n", verdict, at.UTC().Format(time.RFC3339))
	if r.Log == nil {
		fmt.Fprintln(s.Out, "log: nothing")
		if r.Error != "" {
			fmt.Fprintf(s.Out, "error (the request fails, the session provider logs nothing): %s\n", r.Error)
		}
		return
	}
	kind := kindText(r.Kind, r.Reason)
	fmt.Fprintf(s.Out, "log: channel %s, level %s, kind %s\n", r.Log.Channel, r.Log.Level, kind)
	for _, line := range strings.Split(r.Log.Message, "\n") {
		fmt.Fprintf(s.Out, "  %s\n", line)
	}
	if ctx, err := r.Log.Context.MarshalJSON(); err == nil && r.Log.Context.Len() > 0 {
		fmt.Fprintf(s.Out, "context: %s\n", ctx)
	}
}

// centralIDNote says that the user's central id came from the token itself: without
// --central-id, MediaWiki's id check compares the token's sub with itself, so `wrong
// user ID` cannot show. "" when --central-id was given, the session is anonymous or
// the sub names no id.
func centralIDNote(o *tokenVerifyOptions, claims *jwtcore.Object) string {
	if o.CentralID != 0 || (mediawiki.Session{User: o.User}).Anonymous() {
		return ""
	}
	sub, ok := claims.String("sub")
	if !ok {
		return ""
	}
	rest, ok := strings.CutPrefix(sub, "mw:")
	if !ok || strings.Count(rest, ":") != 2 {
		return ""
	}
	id := rest[strings.LastIndex(rest, ":")+1:]
	if id == "" {
		return ""
	}
	return fmt.Sprintf("no --central-id: %s's central id was taken from the token itself (%s in its sub), so a wrong user ID cannot show; give --central-id N to check it",
		strconv.Quote(o.User), strconv.Quote(id))
}
