package jwtcore

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// phpJSONMaxDepth is json_decode's default depth: 512 nested arrays or objects fail.
const phpJSONMaxDepth = 512

// decodePHPJSON decodes s the way PHP's json_decode($s, true, 512) does: strict grammar,
// lowercase literals, valid UTF-8 only, no unpaired \u surrogates, no raw control
// characters in strings, nesting below 512, last duplicate key wins in place. Any failure
// is ErrJSON, as lcobucci reports it.
func decodePHPJSON(s string) (any, error) {
	if !utf8.ValidString(s) {
		return nil, ErrJSON
	}
	d := phpJSONDecoder{s: s}
	d.skipSpace()
	v, ok := d.value(0)
	if !ok {
		return nil, ErrJSON
	}
	d.skipSpace()
	if d.i != len(d.s) {
		return nil, ErrJSON
	}
	return v, nil
}

type phpJSONDecoder struct {
	s string
	i int
}

func (d *phpJSONDecoder) skipSpace() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *phpJSONDecoder) value(depth int) (any, bool) {
	if d.i >= len(d.s) {
		return nil, false
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.list(depth + 1)
	case c == '"':
		return d.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		for _, lit := range [...]struct {
			text string
			v    any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if len(d.s)-d.i >= len(lit.text) && d.s[d.i:d.i+len(lit.text)] == lit.text {
				d.i += len(lit.text)
				return lit.v, true
			}
		}
		return nil, false
	}
}

func (d *phpJSONDecoder) object(depth int) (any, bool) {
	if depth >= phpJSONMaxDepth {
		return nil, false
	}
	d.i++ // {
	obj := &Object{}
	// index finds duplicates in O(1) once an object grows, so a hostile object with
	// thousands of keys costs linear time, not quadratic.
	var index map[string]int
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return obj, true
	}
	for {
		d.skipSpace()
		if d.i >= len(d.s) || d.s[d.i] != '"' {
			return nil, false
		}
		k, ok := d.str()
		if !ok {
			return nil, false
		}
		d.skipSpace()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return nil, false
		}
		d.i++
		d.skipSpace()
		v, ok := d.value(depth)
		if !ok {
			return nil, false
		}
		key := k.(string)
		switch {
		case index != nil:
			if i, dup := index[key]; dup {
				obj.Members[i].Value = v
			} else {
				index[key] = len(obj.Members)
				obj.Members = append(obj.Members, Member{Key: key, Value: v})
			}
		case len(obj.Members) >= 16:
			index = make(map[string]int, 2*len(obj.Members))
			for i, m := range obj.Members {
				index[m.Key] = i
			}
			if i, dup := index[key]; dup {
				obj.Members[i].Value = v
			} else {
				index[key] = len(obj.Members)
				obj.Members = append(obj.Members, Member{Key: key, Value: v})
			}
		default:
			obj.Set(key, v)
		}
		if done, ok := d.nextMember('}'); !ok {
			return nil, false
		} else if done {
			return obj, true
		}
	}
}

func (d *phpJSONDecoder) list(depth int) (any, bool) {
	if depth >= phpJSONMaxDepth {
		return nil, false
	}
	d.i++ // [
	l := []any{}
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return l, true
	}
	for {
		d.skipSpace()
		v, ok := d.value(depth)
		if !ok {
			return nil, false
		}
		l = append(l, v)
		if done, ok := d.nextMember(']'); !ok {
			return nil, false
		} else if done {
			return l, true
		}
	}
}

// nextMember reads what follows a member of an object or list: a comma (done false) or
// its closer (done true); ok is false for anything else.
func (d *phpJSONDecoder) nextMember(closer byte) (done, ok bool) {
	d.skipSpace()
	if d.i >= len(d.s) {
		return false, false
	}
	switch d.s[d.i] {
	case ',':
		d.i++
		return false, true
	case closer:
		d.i++
		return true, true
	}
	return false, false
}

func (d *phpJSONDecoder) number() (any, bool) {
	start := d.i
	if d.s[d.i] == '-' {
		d.i++
	}
	if d.i >= len(d.s) {
		return nil, false
	}
	if d.s[d.i] == '0' {
		d.i++
	} else if d.s[d.i] >= '1' && d.s[d.i] <= '9' {
		d.skipDigits()
	} else {
		return nil, false
	}
	if d.i < len(d.s) && d.s[d.i] == '.' {
		d.i++
		if d.skipDigits() == 0 {
			return nil, false
		}
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		if d.i < len(d.s) && (d.s[d.i] == '+' || d.s[d.i] == '-') {
			d.i++
		}
		if d.skipDigits() == 0 {
			return nil, false
		}
	}
	return Number(d.s[start:d.i]), true
}

func (d *phpJSONDecoder) skipDigits() int {
	n := 0
	for d.i < len(d.s) && d.s[d.i] >= '0' && d.s[d.i] <= '9' {
		d.i++
		n++
	}
	return n
}

// str decodes a string starting at the opening quote. Strings without escapes are
// substrings of the input (no allocation).
func (d *phpJSONDecoder) str() (any, bool) {
	d.i++ // "
	start := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			v := d.s[start:d.i]
			d.i++
			return v, true
		case c == '\\':
			return d.escapedStr(start)
		case c < 0x20:
			return nil, false
		}
		d.i++
	}
	return nil, false
}

func (d *phpJSONDecoder) escapedStr(start int) (any, bool) {
	buf := []byte(d.s[start:d.i])
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(buf), true
		case c < 0x20:
			return nil, false
		case c != '\\':
			buf = append(buf, c)
			d.i++
			continue
		}
		d.i++
		if d.i >= len(d.s) {
			return nil, false
		}
		e := d.s[d.i]
		d.i++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4()
			if !ok {
				return nil, false
			}
			if utf16.IsSurrogate(r) {
				if r >= 0xDC00 || d.i+1 >= len(d.s) || d.s[d.i] != '\\' || d.s[d.i+1] != 'u' {
					return nil, false // PHP: JSON_ERROR_UTF16, single unpaired surrogate
				}
				d.i += 2
				lo, ok := d.hex4()
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return nil, false
				}
				r = utf16.DecodeRune(r, lo)
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return nil, false
		}
	}
	return nil, false
}

func (d *phpJSONDecoder) hex4() (rune, bool) {
	if len(d.s)-d.i < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(d.s[d.i:d.i+4], 16, 32)
	if err != nil {
		return 0, false
	}
	d.i += 4
	return rune(v), true
}
