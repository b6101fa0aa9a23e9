package jwtcore

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wikimedia/jwtriage/jwtcore/internal/php"
)

// ErrJSONEncode is lcobucci's CannotEncodeContent (e.g. a string that is not UTF-8).
var ErrJSONEncode = errors.New("Error while encoding to JSON")

// encodePHPJSON is json_encode($v, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) as
// lcobucci's JoseEncoder calls it: no HTML escaping, '/' and non-ASCII as is, U+2028 and
// U+2029 escaped, floats in PHP's shortest form, and a PHP array whose keys are 0…n-1
// (including an empty one) written as a list.
func encodePHPJSON(v any) (string, error) {
	var b strings.Builder
	if err := appendPHPJSON(&b, v, false); err != nil {
		return "", err
	}
	return b.String(), nil
}

func appendPHPJSON(b *strings.Builder, v any, objectsAsObjects bool) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case Number:
		if objectsAsObjects {
			b.WriteString(string(x)) // display: the number as the token wrote it (even 1e999)
			return nil
		}
		if i, ok := x.Int64(); ok {
			b.WriteString(strconv.FormatInt(i, 10))
		} else {
			f := x.Float64()
			if math.IsInf(f, 0) || math.IsNaN(f) {
				return ErrJSONEncode // json_encode: Inf and NaN cannot be encoded
			}
			b.WriteString(php.FloatString(f))
		}
	case int:
		b.WriteString(strconv.Itoa(x))
	case int64:
		b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			return ErrJSONEncode
		}
		b.WriteString(php.FloatString(x))
	case string:
		return appendPHPJSONString(b, x)
	case []string:
		l := make([]any, len(x))
		for i, s := range x {
			l[i] = s
		}
		return appendPHPJSON(b, l, objectsAsObjects)
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendPHPJSON(b, e, objectsAsObjects); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case *Object:
		if !objectsAsObjects && x.isPHPList() {
			l := make([]any, len(x.Members))
			for i, m := range x.Members {
				l[i] = m.Value
			}
			return appendPHPJSON(b, l, false)
		}
		b.WriteByte('{')
		for i, m := range x.Members {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := appendPHPJSONString(b, m.Key); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := appendPHPJSON(b, m.Value, objectsAsObjects); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	default:
		return ErrJSONEncode
	}
	return nil
}

// isPHPList: PHP stores "0", "1", … as int keys, and an array keyed 0…n-1 in order is a list.
func (o *Object) isPHPList() bool {
	for i, m := range o.Members {
		if m.Key != strconv.Itoa(i) {
			return false
		}
	}
	return true
}

func appendPHPJSONString(b *strings.Builder, s string) error {
	if !utf8.ValidString(s) {
		return ErrJSONEncode
	}
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		case r == '\u2028':
			b.WriteString(`\u2028`)
		case r == '\u2029':
			b.WriteString(`\u2029`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return nil
}

// MarshalJSON writes the object as a JSON object in key order (an empty one as {}), with
// lcobucci's string escaping: what a reader of jwtriage's JSON output expects to see.
func (o *Object) MarshalJSON() ([]byte, error) {
	if o == nil {
		return []byte("null"), nil
	}
	var b strings.Builder
	if err := appendPHPJSON(&b, o, true); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}
