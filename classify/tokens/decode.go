package tokens

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/internal/display"
	"github.com/wikimedia/jwtriage/jwtcore"
)

// MaxDecodeSize bounds the token Decode reads: a longer one is only measured. A cookie
// is at most about 4 KiB; jwtcore's parser has the same bound.
const MaxDecodeSize = jwtcore.DefaultMaxTokenSize

// Decode reads a token without verifying or trusting anything. Parts that do not
// decode are left nil; Decode never fails.
func Decode(token string) *Finding {
	f := &Finding{Size: len(token)}
	if token == "" {
		return f
	}
	f.Parts = strings.Count(token, ".") + 1
	if len(token) > MaxDecodeSize {
		return f
	}
	parts := strings.SplitN(token, ".", 3)
	f.Header = decodeObjectPart(parts[0])
	if len(parts) > 1 {
		f.Claims = decodeObjectPart(parts[1])
	}
	if len(parts) > 2 {
		f.Signature = signatureFingerprint(parts[2])
	}
	f.Alg, _ = f.Header.String("alg")
	f.KID, _ = f.Header.String("kid")
	f.Issuer, _ = f.Claims.String("iss")
	f.Subject, _ = f.Claims.String("sub")
	f.IssuedAt = claimTime(f.Claims, "iat")
	f.SoftExpiry = claimTime(f.Claims, "sxp")
	f.Expires = claimTime(f.Claims, "exp")
	return f
}

// decodeObjectPart decodes one base64url part as a JSON object, accepting what a strict
// JWS parser refuses but a human would still read: the standard alphabet, padding.
func decodeObjectPart(part string) *jwtcore.Object {
	raw, ok := display.DecodeTokenPart(part)
	if !ok || len(raw) == 0 {
		return nil
	}
	obj, err := jwtcore.ParseObject(string(raw))
	if err != nil {
		return nil
	}
	return obj
}

// signatureFingerprint names the signature part without revealing it
// ([display.SignatureFingerprint], as `jwtriage token decode` and the masked tokens in
// log text show it); "" for no signature.
func signatureFingerprint(part string) string {
	if part == "" {
		return ""
	}
	return display.SignatureFingerprint(part)
}

// maxClaimSeconds keeps dates within what time.Time and a histogram can use (about
// 31,000 years either side of 1970); a further value counts as no date.
const maxClaimSeconds = 1e12

// claimTime reads a date claim as lcobucci accepts it: a JSON number or a numeric
// string, in unix seconds with an optional fraction.
func claimTime(claims *jwtcore.Object, name string) time.Time {
	v, ok := claims.Get(name)
	if !ok {
		return time.Time{}
	}
	var secs float64
	switch x := v.(type) {
	case jwtcore.Number:
		if i, ok := x.Int64(); ok && i > -maxClaimSeconds && i < maxClaimSeconds {
			return time.Unix(i, 0).UTC()
		}
		secs = x.Float64()
	case string:
		f, ok := decimalNumber(x)
		if !ok {
			return time.Time{}
		}
		secs = f
	default:
		return time.Time{}
	}
	if math.IsNaN(secs) || math.Abs(secs) >= maxClaimSeconds {
		return time.Time{}
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC()
}

// decimalNumber parses a decimal number as PHP's is_numeric reads one (surrounding
// whitespace allowed), refusing Go's extra forms (hex floats, Inf, NaN, underscores).
func decimalNumber(s string) (float64, bool) {
	s = strings.Trim(s, " \t\n\r\v\f")
	if s == "" || strings.ContainsAny(s, "xXpPnN_iI") {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}
