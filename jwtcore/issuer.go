package jwtcore

import (
	"errors"
	"math"
)

// ErrDateClaim: iat, nbf and exp must be numbers when issuing (lcobucci takes dates).
var ErrDateClaim = errors.New("iat, nbf and exp must be numbers (unix seconds)")

// Issue builds and signs a token as lcobucci's Builder::getToken: header
// {"typ":"JWT","alg":…} then the extra headers (alg always the signer's), claims in the
// given order with dates as integer seconds and a one-element aud as a string, both
// encoded with lcobucci's JSON and base64url. headers and claims may be nil.
func Issue(s Signer, key *Key, headers, claims *Object) (string, error) {
	h := &Object{Members: []Member{{Key: "typ", Value: "JWT"}, {Key: "alg", Value: nil}}}
	if headers != nil {
		for _, m := range headers.Members {
			h.Set(m.Key, m.Value)
		}
	}
	h.Set("alg", s.Algorithm())
	c, err := formatClaims(claims)
	if err != nil {
		return "", err
	}
	hj, err := encodePHPJSON(h)
	if err != nil {
		return "", err
	}
	cj, err := encodePHPJSON(c)
	if err != nil {
		return "", err
	}
	payload := encodeBase64URL([]byte(hj)) + "." + encodeBase64URL([]byte(cj))
	sig, err := s.Sign(payload, key)
	if err != nil {
		return "", err
	}
	return payload + "." + encodeBase64URL(sig), nil
}

// formatClaims is lcobucci's ChainedFormatter::default(): UnifyAudience then
// UnixTimestampDates (DateTimeImmutable::getTimestamp floors to whole seconds).
func formatClaims(in *Object) (*Object, error) {
	out := &Object{}
	if in == nil {
		return out, nil
	}
	for _, m := range in.Members {
		v := m.Value
		switch m.Key {
		case "aud":
			if l, ok := v.([]any); ok && len(l) == 1 {
				v = l[0]
			}
			if l, ok := v.([]string); ok && len(l) == 1 {
				v = l[0]
			}
		case "iat", "nbf", "exp":
			n, err := unixSeconds(v)
			if err != nil {
				return nil, err
			}
			v = n
		}
		out.Members = append(out.Members, Member{Key: m.Key, Value: v})
	}
	return out, nil
}

func unixSeconds(v any) (int64, error) {
	switch x := v.(type) {
	case Number:
		if i, ok := x.Int64(); ok {
			return i, nil
		}
		f := x.Float64()
		if math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= 9.2e18 {
			return 0, ErrDateClaim
		}
		return int64(math.Floor(f)), nil
	case int:
		return int64(x), nil
	case int64:
		return x, nil
	case float64:
		return int64(math.Floor(x)), nil
	}
	return 0, ErrDateClaim
}

// NewObject builds an Object from alternating keys and values, in order:
// NewObject("iss", "https://meta.wikimedia.org", "iat", 1700000000).
func NewObject(kv ...any) *Object {
	o := &Object{}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		o.Set(k, kv[i+1])
	}
	return o
}

// ParseObject decodes a JSON object as PHP would (order kept, last duplicate wins), for
// claims and headers given on a command line.
func ParseObject(s string) (*Object, error) {
	v, err := decodePHPJSON(s)
	if err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case *Object:
		return x, nil
	case []any:
		if len(x) == 0 {
			return &Object{}, nil
		}
	}
	return nil, errors.New("a JSON object is required")
}
