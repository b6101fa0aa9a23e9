package cli

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/mwlog"
)

// tokenDecodeOptions are the flags of `jwtriage token decode`.
type tokenDecodeOptions struct {
	Format string
	Compat string
	// Token is the argument: a token, or "-" to read it from stdin.
	Token string
}

// runTokenDecodeCmd runs `jwtriage token decode`.
func runTokenDecodeCmd(args []string, s Streams) error {
	o, err := parseTokenDecodeFlags(args, s)
	if err != nil {
		return err
	}
	token, err := readToken("decode", o.Token, s)
	if err != nil {
		return err
	}
	return runTokenDecode(o, token, s)
}

// parseTokenDecodeFlags reads the command line into the options; it reads no input.
func parseTokenDecodeFlags(args []string, s Streams) (*tokenDecodeOptions, error) {
	o := &tokenDecodeOptions{}
	fs := newFlagSet("token decode", "jwtriage token decode [--format text|json] [TOKEN|-]\n\n"+tokenArgHelp, s.Out)
	fs.StringVar(&o.Format, "format", "text", "`FORMAT`: text or json")
	fs.StringVar(&o.Compat, "compat", "lcobucci5", "parse as lcobucci/jwt `VERSION`: lcobucci5 or lcobucci4")
	if err := parseFlags(fs, args, s.Out); err != nil {
		return nil, err
	}
	o.Format = strings.ToLower(strings.TrimSpace(o.Format))
	if err := checkTokenFormat("decode", o.Format); err != nil {
		return nil, err
	}
	var err error
	if o.Token, err = tokenArg("decode", fs.Args()); err != nil {
		return nil, err
	}
	return o, nil
}

// tokenDecodeResult is the JSON of `token decode --format json`. The signature is never
// shown whole: a token is a credential.
type tokenDecodeResult struct {
	Error     string            `json:"error,omitempty"`
	Kind      mwlog.Kind        `json:"kind,omitempty"`
	Reason    string            `json:"reason,omitempty"`
	Header    *jwtcore.Object   `json:"header"`
	Claims    *jwtcore.Object   `json:"claims"`
	Dates     map[string]string `json:"dates,omitempty"`
	Signature *tokenSignature   `json:"signature"`
}

type tokenSignature struct {
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// tokenDateClaims are shown readable too: the registered dates and MediaWiki's sxp.
var tokenDateClaims = []string{"iat", "nbf", "exp", "sxp"}

func runTokenDecode(o *tokenDecodeOptions, token string, s Streams) error {
	dialect, err := tokenDialect("decode", o.Compat)
	if err != nil {
		return err
	}
	var r tokenDecodeResult
	tok, err := jwtcore.NewParser(jwtcore.WithDialect(dialect)).Parse(token)
	if err != nil {
		r.Error = err.Error()
		r.Kind, r.Reason = jwtcore.KindOf(err)
	} else {
		r.Header, r.Claims = tok.Header, tok.Claims
		r.Signature = &tokenSignature{Bytes: len(tok.Signature), SHA256: signatureFingerprint(tok.Signature)}
		r.Dates = readableDates(tok.Claims)
	}
	if o.Format == "json" {
		if err := writeJSONLine(s.Out, r); err != nil {
			return err
		}
	} else {
		writeTokenDecodeText(s, r)
	}
	if err != nil {
		return &exitError{code: ExitNegative}
	}
	return nil
}

// readableDates renders numeric date claims as RFC 3339 UTC.
func readableDates(claims *jwtcore.Object) map[string]string {
	out := map[string]string{}
	for _, name := range tokenDateClaims {
		v, ok := claims.Get(name)
		if !ok {
			continue
		}
		n, ok := v.(jwtcore.Number)
		if !ok {
			continue
		}
		f := n.Float64()
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e13 {
			continue
		}
		sec, frac := math.Modf(f)
		out[name] = time.Unix(int64(sec), int64(frac*1e9)).UTC().Format(time.RFC3339Nano)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func writeTokenDecodeText(s Streams, r tokenDecodeResult) {
	if r.Error != "" {
		kind := kindText(r.Kind, r.Reason)
		fmt.Fprintf(s.Out, "not a token lcobucci/jwt parses (%s): %s\n", kind, display.Text(r.Error))
		return
	}
	writeObjectLines(s, "header", r.Header, nil)
	writeObjectLines(s, "claims", r.Claims, r.Dates)
	fmt.Fprintf(s.Out, "signature: %d bytes, %s\n", r.Signature.Bytes, r.Signature.SHA256)
}

func writeObjectLines(s Streams, title string, o *jwtcore.Object, dates map[string]string) {
	fmt.Fprintf(s.Out, "%s:\n", title)
	for _, m := range o.Members {
		v, err := jwtcore.NewObject("v", m.Value).MarshalJSON()
		val := string(v)
		if err == nil {
			val = val[len(`{"v":`) : len(val)-1]
		}
		if d, ok := dates[m.Key]; ok {
			val += " (" + d + ")"
		}
		key := m.Key
		if strconv.Quote(key) != `"`+key+`"` {
			key = strconv.Quote(key) // control characters must not reach the terminal raw
		}
		// A claim is anyone's text: controls and invisible or direction-changing
		// characters are shown escaped, a line break as ⏎, a JWT inside it masked.
		fmt.Fprintf(s.Out, "  %s: %s\n", key, display.Text(val))
	}
}
