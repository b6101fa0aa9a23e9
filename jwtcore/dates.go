package jwtcore

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore/internal/php"
)

// dateClaims are lcobucci's RegisteredClaims::DATE_CLAIMS, in its order.
var dateClaims = [...]string{"iat", "nbf", "exp"}

// convertDate is lcobucci's Parser::convertDate: a PHP int, float or numeric string
// becomes a time with microsecond precision; another string is a DateFormatError; any
// other type is the TypeError PHP raises under strict_types.
func convertDate(claim string, v any) (time.Time, error) {
	var f float64
	switch x := v.(type) {
	case Number:
		f = x.Float64()
	case string:
		if !php.IsNumeric(x) {
			return time.Time{}, &DateFormatError{Claim: claim, Value: x}
		}
		f, _ = strconv.ParseFloat(strings.Trim(x, php.NumericSpace), 64)
	default:
		return time.Time{}, &PHPTypeError{Detail: "the " + claim + " claim must be int, float or string, " + phpTypeName(v) + " given"}
	}
	normalized := php.NumberFormat6(f)
	// createFromFormat('U.u') fails when the seconds do not fit a PHP int.
	if math.IsInf(f, 0) || math.IsNaN(f) || math.Abs(f) >= 9.2233720368547758e18 {
		return time.Time{}, &DateFormatError{Claim: claim, Value: normalized}
	}
	sec, frac, _ := strings.Cut(normalized, ".")
	s, err := strconv.ParseInt(sec, 10, 64)
	if err != nil {
		return time.Time{}, &DateFormatError{Claim: claim, Value: normalized}
	}
	us, _ := strconv.ParseInt(frac, 10, 64)
	// PHP adds the microseconds to the (signed) seconds: "-1.500000" is -0.5 s.
	return time.Unix(s, us*1000).UTC(), nil
}

func phpTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case []any, *Object:
		return "array"
	}
	return "mixed"
}
