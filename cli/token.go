package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/bounded"
	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/internal/timearg"
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/mwlog"
)

const tokenUsage = `usage: jwtriage token <command> [flags]

commands:
  keygen   make a key pair (RS256, EdDSA, ES256) as PEM files
  issue    sign claims as lcobucci/jwt does (byte-identical for RS256 and EdDSA)
  verify   verify a token as lcobucci/jwt, or MediaWiki (--mediawiki), does
  decode   show a token's header and claims without verifying it

Run 'jwtriage token <command> --help' for a command's flags.
`

// runTokenCmd runs `jwtriage token keygen|issue|verify|decode`.
func runTokenCmd(args []string, s Streams) error {
	if len(args) == 0 {
		fmt.Fprint(s.Err, tokenUsage)
		return &exitError{code: ExitUsage}
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "keygen":
		return runTokenKeygenCmd(rest, s)
	case "issue":
		return runTokenIssueCmd(rest, s)
	case "verify":
		return runTokenVerifyCmd(rest, s)
	case "decode":
		return runTokenDecodeCmd(rest, s)
	case "-h", "--help", "help":
		fmt.Fprint(s.Out, tokenUsage)
		return nil
	default:
		return unknownCommand("token", cmd, tokenUsage)
	}
}

// tokenMaxInput bounds a token read from stdin; jwtcore bounds parsing separately.
const tokenMaxInput = 1 << 20

// tokenArg is the argument of `token verify` and `token decode`: a token, "-" for
// stdin, or none ("") to read a piped stdin.
func tokenArg(cmd string, args []string) (string, error) {
	switch len(args) {
	case 0:
		return "", nil
	case 1:
		return args[0], nil
	}
	return "", usagef("token %s: want one TOKEN argument, or the token on stdin (got %d arguments)", cmd, len(args))
}

// readToken returns the token given as the argument, or read from stdin for "-" or,
// when stdin is not a terminal, for no argument at all (`pbpaste | jwtriage token
// decode`). Either is read as people paste it ([pastedToken]): trimmed, and from
// `sessionJwt=…` or a whole Cookie header.
func readToken(cmd, arg string, s Streams) (string, error) {
	fromStdin := arg == "-" || arg == "" && s.In != nil && !s.isTerminal(s.In)
	if !fromStdin && arg == "" {
		return "", usagef("token %s: give the TOKEN, or pipe it to stdin", cmd)
	}
	text := arg
	if fromStdin {
		if s.In == nil {
			return "", usagef("token %s: no standard input", cmd)
		}
		b, truncated, err := bounded.ReadHead(s.In, tokenMaxInput)
		if err != nil {
			return "", fmt.Errorf("token %s: cannot read stdin: %w", cmd, err)
		}
		if truncated {
			return "", usagef("token %s: stdin holds more than %d bytes: give one token", cmd, tokenMaxInput)
		}
		text = string(b)
	}
	token, err := pastedToken(text)
	if err != nil {
		return "", usagef("token %s: %v", cmd, err)
	}
	if token == "" {
		where := "the argument"
		if fromStdin {
			where = "stdin"
		}
		return "", usagef("token %s: %s holds no token", cmd, where)
	}
	return token, nil
}

// loadTokenKeys reads every --key file: PEM, JWK/JWKS, or (only when the algorithm is a
// secret one) a raw secret. kid, when set, keeps only that key of a JWKS.
func loadTokenKeys(cmd string, files []string, alg, kid string) ([]*jwtcore.Key, error) {
	if len(files) == 0 {
		return nil, usagef("token %s: --key FILE is required", cmd)
	}
	secretAlg := strings.HasPrefix(alg, "HS") || alg == "BLAKE2B"
	var keys []*jwtcore.Key
	for _, f := range files {
		data, err := readConfigFile(f, "a key file")
		if err != nil {
			return nil, inCommand("token "+cmd, fileError("read", "--key", f, err))
		}
		ks, err := jwtcore.LoadKeys(data, secretAlg)
		if errors.Is(err, jwtcore.ErrNoKey) && !secretAlg {
			return nil, fmt.Errorf("token %s: %s is neither a PEM nor a JWK key (give --alg HS256 to use it as an HMAC secret)", cmd, f)
		}
		if err != nil {
			return nil, fmt.Errorf("token %s: %s: %w", cmd, f, err)
		}
		keys = append(keys, ks...)
	}
	if kid != "" {
		var kept []*jwtcore.Key
		for _, k := range keys {
			if k.KID == kid {
				kept = append(kept, k)
			}
		}
		if len(kept) == 0 {
			return nil, fmt.Errorf("token %s: no key with kid %q", cmd, kid)
		}
		keys = kept
	}
	return keys, nil
}

// parseTokenTime reads --at as --since and --until are read ([timearg.Parse]); "" is now.
func parseTokenTime(flag, v string, now time.Time) (time.Time, error) {
	if v == "" {
		return now, nil
	}
	t, err := timearg.Parse(v, now)
	if err != nil {
		return time.Time{}, usagef("%s: %v", flag, err)
	}
	return t, nil
}

// signatureFingerprint names a signature without revealing it: its length and the first
// 16 hex digits of its SHA-256.
func signatureFingerprint(sig []byte) string {
	sum := sha256.Sum256(sig)
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// writeJSONLine writes v as one line of JSON without HTML escaping.
func writeJSONLine(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	// A token's claims are anyone's text: invisible characters show as \u escapes.
	_, err := w.Write(display.EscapeJSON(buf.Bytes()))
	return err
}

func checkTokenFormat(cmd, format string) error {
	if !slices.Contains(tokenFormats, format) {
		return usagef("token %s: --format %q: want %s", cmd, format, orList(tokenFormats))
	}
	return nil
}

// tokenDialect reads --compat of token cmd.
func tokenDialect(cmd, compat string) (jwtcore.Dialect, error) {
	d, ok := jwtcore.ParseDialect(compat)
	if !ok {
		return d, usagef("token %s: --compat %q: want %s", cmd, compat, orList(compatNames))
	}
	return d, nil
}

// tokenMWVersion reads --mw of token cmd --mediawiki.
func tokenMWVersion(cmd, mw string) (mediawiki.Version, error) {
	v, ok := mediawiki.ParseVersion(mw)
	if !ok {
		return v, usagef("token %s --mediawiki: --mw %q: want %s", cmd, mw, orList(mwReleases))
	}
	return v, nil
}

// kindText is a kind with its reason, if any, as the text outputs show it ("malformed/json").
func kindText(kind mwlog.Kind, reason string) string {
	if reason == "" {
		return string(kind)
	}
	return string(kind) + "/" + reason
}
