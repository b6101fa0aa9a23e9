package normalize

import (
	"encoding/json"
	"math"
	"strconv"
)

// ContextKeys are the PSR-3 context keys an Event keeps in Fields: those that decide
// the kind or feed a report breakdown (mediawiki-jwt-sessions.md, "Logging" and the
// context table). The rest of a document (stack traces of several KB) is never copied.
// Callers must not modify the slice.
var ContextKeys = []string{
	// the validation failure itself
	"expected_subject", "subject",
	"expected_central_id", "central_id",
	"expected_provider_id", "provider_id",
	"expected_centralid_scope", "centralid_scope",
	"expected_issuer", "issuer",
	"jti", "expiry", "expired_by", "jwt_error", "error",
	// the security context (WebRequest::getSecurityLogContext and Wikimedia's additions)
	"user", "user_exists_locally", "user_is_bot", "user_exists_centrally",
	"user_is_attached", "user_is_privileged",
	"x-is-browser", "x-ua-contact", "x-trusted-request", "x-provenance",
}

// scalarValue returns v as a Fields value: a string, a bool, an int64 for integral
// numbers (central ids, unix times) or a float64, whatever number type the decoder
// used. Objects, arrays and null are not scalars: ok is false.
func scalarValue(v any) (any, bool) {
	switch x := v.(type) {
	case string, bool:
		return x, true
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return n, true
		}
		if f, err := x.Float64(); err == nil {
			return integralOrFloat(f), true
		}
		return nil, false
	case float64:
		return integralOrFloat(x), true
	case float32:
		return integralOrFloat(float64(x)), true
	case int:
		return int64(x), true
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x), true
		}
		return float64(x), true
	case uint32:
		return int64(x), true
	}
	return nil, false
}

func integralOrFloat(f float64) any {
	if f == math.Trunc(f) && f >= -(1<<63) && f < 1<<63 {
		return int64(f)
	}
	return f
}

// stringOf returns v when it is a string; any other type counts as absent, so a
// wrong field type (`"channel": 5`) never reaches the logic.
func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// textOf returns a scalar as text (numbers in decimal, bools as true/false), for
// clues such as central_id that the logs write as integers; "" for anything else.
func textOf(v any) string {
	s, ok := scalarValue(v)
	if !ok {
		return ""
	}
	switch x := s.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return ""
}
