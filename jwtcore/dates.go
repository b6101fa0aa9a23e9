package jwtcore

import (
	"math"
	"strconv"
	"strings"
	"time"
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
		if !phpIsNumeric(x) {
			return time.Time{}, &DateFormatError{Claim: claim, Value: x}
		}
		f, _ = strconv.ParseFloat(strings.Trim(x, phpNumericSpace), 64)
	default:
		return time.Time{}, &PHPTypeError{Detail: "the " + claim + " claim must be int, float or string, " + phpTypeName(v) + " given"}
	}
	normalized := phpNumberFormat6(f)
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

// phpNumericSpace is the whitespace PHP 8 allows around a numeric string.
const phpNumericSpace = " \t\n\r\v\f"

// phpIsNumeric is PHP 8's is_numeric for strings: optional surrounding whitespace, an
// optional sign, decimal digits with an optional fraction, an optional exponent.
func phpIsNumeric(s string) bool {
	s = strings.Trim(s, phpNumericSpace)
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	i, intDigits, fracDigits := 0, 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		intDigits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			fracDigits++
		}
	}
	if intDigits+fracDigits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		expDigits := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			expDigits++
		}
		if expDigits == 0 {
			return false
		}
	}
	return i == len(s)
}

// phpNumberFormat6 is number_format($f, 6, '.', ”).
func phpNumberFormat6(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'f', 6, 64)
	if s == "-0.000000" {
		return "0.000000" // number_format drops the sign of a rounded zero
	}
	return s
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
