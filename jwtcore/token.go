package jwtcore

import "time"

// Token is a parsed, not yet verified, JWS compact token (lcobucci's Token\Plain).
type Token struct {
	// Header and Claims in their encoded order; a missing typ is filled in as "JWT" and a
	// scalar aud is made a one-element list, as lcobucci does.
	Header *Object
	Claims *Object
	// Signature is the decoded signature (nil when the 4.x dialect skipped decoding it).
	Signature []byte
	// Raw parts as received.
	RawHeader, RawClaims, RawSignature string
	// Dates holds iat, nbf and exp when present, at microsecond precision.
	IssuedAt, NotBefore, Expires *time.Time

	// payload is the signed input as a slice of the parsed string (no copy).
	payload string
}

// Payload is the signed input: the encoded header, a dot and the encoded claims.
func (t *Token) Payload() string {
	if t.payload != "" {
		return t.payload
	}
	return t.RawHeader + "." + t.RawClaims
}

// Alg is the header's alg when it is a string.
func (t *Token) Alg() string {
	s, _ := t.Header.String("alg")
	return s
}

// ClaimString returns a claim when it is a string.
func (t *Token) ClaimString(name string) (string, bool) { return t.Claims.String(name) }

// Audience returns aud as lcobucci holds it: a list (possibly empty).
func (t *Token) Audience() []any {
	v, ok := t.Claims.Get("aud")
	if !ok {
		return nil
	}
	l, _ := v.([]any)
	return l
}
