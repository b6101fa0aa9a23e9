// Package php holds the PHP 8 scalar semantics that jwtcore (lcobucci's parser and
// encoder) and jwtcore/mediawiki (MediaWiki's session checks) both reproduce: numeric
// strings, float and number formatting, integer casts. The functions work on plain Go
// values, so they carry no dependency on jwtcore's JSON value model.
package php

import (
	"math"
	"strconv"
	"strings"
)

// NumericSpace is the whitespace PHP 8 allows around a numeric string.
const NumericSpace = " \t\n\r\v\f"

// IsNumeric is PHP 8's is_numeric for strings: optional surrounding whitespace, an
// optional sign, decimal digits with an optional fraction, an optional exponent.
func IsNumeric(s string) bool {
	s = strings.Trim(s, NumericSpace)
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

// NumberFormat6 is number_format($f, 6, '.', ”).
func NumberFormat6(f float64) string {
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

// FloatString formats f as PHP does with serialize_precision = -1: the shortest
// digits that round-trip, fixed notation when the decimal exponent is in [-3, 17], else
// "d.ddde+X" (with ".0" for a single digit).
func FloatString(f float64) string {
	if f == 0 {
		if math.Signbit(f) {
			return "-0"
		}
		return "0"
	}
	sign := ""
	if f < 0 {
		sign, f = "-", -f
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	decpt := exp + 1
	switch {
	case decpt < -3 || decpt > 17:
		frac := digits[1:]
		if frac == "" {
			frac = "0"
		}
		expSign := "+"
		if exp < 0 {
			expSign, exp = "-", -exp
		}
		return sign + digits[:1] + "." + frac + "e" + expSign + strconv.Itoa(exp)
	case decpt <= 0:
		return sign + "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		return sign + digits + strings.Repeat("0", decpt-len(digits))
	}
	return sign + digits[:decpt] + "." + digits[decpt:]
}

// Intval is PHP's (int) cast of a string: leading whitespace, sign and digits; else 0.
func Intval(s string) int64 {
	s = strings.TrimLeft(s, NumericSpace)
	end := 0
	if end < len(s) && (s[end] == '+' || s[end] == '-') {
		end++
	}
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	n, err := strconv.ParseInt(s[:end], 10, 64)
	if err != nil {
		return 0
	}
	return n
}
