package jwtcore

import (
	"math"
	"strconv"
	"strings"
)

// A decoded JSON value is one of: nil, bool, Number, string, []any (a JSON list) or
// *Object. This mirrors what PHP's json_decode(…, true) yields closely enough to
// reproduce lcobucci's decisions (int vs float, key order, last duplicate wins).

// Number is a JSON number kept as its source text, so ints and floats stay apart as in PHP.
type Number string

// IsInt reports whether PHP decodes n as an int: no fraction or exponent and within int64.
func (n Number) IsInt() bool {
	if strings.ContainsAny(string(n), ".eE") {
		return false
	}
	_, err := strconv.ParseInt(string(n), 10, 64)
	return err == nil
}

// Float64 is n as PHP's (float) cast sees it (±Inf on overflow).
func (n Number) Float64() float64 {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}

// Int64 is n as an int64 and whether it is a PHP int.
func (n Number) Int64() (int64, bool) {
	if !n.IsInt() {
		return 0, false
	}
	i, _ := strconv.ParseInt(string(n), 10, 64)
	return i, true
}

// Member is one key and value of an Object.
type Member struct {
	Key   string
	Value any
}

// Object is a JSON object (or a PHP array decoded from a list) in key order.
type Object struct {
	Members []Member
}

// Get returns the value under key and whether it is present.
func (o *Object) Get(key string) (any, bool) {
	if o == nil {
		return nil, false
	}
	for i := range o.Members {
		if o.Members[i].Key == key {
			return o.Members[i].Value, true
		}
	}
	return nil, false
}

// Has reports whether key is present (even with a null value, as array_key_exists).
func (o *Object) Has(key string) bool {
	_, ok := o.Get(key)
	return ok
}

// String returns the value under key when it is a string.
func (o *Object) String(key string) (string, bool) {
	v, _ := o.Get(key)
	s, ok := v.(string)
	return s, ok
}

// Set replaces the value under key in place or appends it, as a PHP array assignment does.
func (o *Object) Set(key string, v any) {
	for i := range o.Members {
		if o.Members[i].Key == key {
			o.Members[i].Value = v
			return
		}
	}
	o.Members = append(o.Members, Member{Key: key, Value: v})
}

// Len is the number of members.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.Members)
}

// phpIdentical reports PHP's a === b for a decoded value a and a Go value b given by a
// caller (string, bool, nil, int/int64, float64, Number, []any, *Object).
func phpIdentical(a, b any) bool {
	switch bv := b.(type) {
	case int:
		return phpIdentical(a, int64(bv))
	case int64:
		n, ok := a.(Number)
		if !ok {
			return false
		}
		i, isInt := n.Int64()
		return isInt && i == bv
	case float64:
		n, ok := a.(Number)
		return ok && !n.IsInt() && n.Float64() == bv
	case Number:
		if i, ok := bv.Int64(); ok {
			return phpIdentical(a, i)
		}
		return phpIdentical(a, bv.Float64())
	case string:
		s, ok := a.(string)
		return ok && s == bv
	case bool:
		x, ok := a.(bool)
		return ok && x == bv
	case nil:
		return a == nil
	case []any:
		l, ok := a.([]any)
		if !ok || len(l) != len(bv) {
			return false
		}
		for i := range l {
			if !phpIdentical(l[i], bv[i]) {
				return false
			}
		}
		return true
	case *Object:
		o, ok := a.(*Object)
		if !ok || o.Len() != bv.Len() {
			return false
		}
		for i := range o.Members {
			if o.Members[i].Key != bv.Members[i].Key || !phpIdentical(o.Members[i].Value, bv.Members[i].Value) {
				return false
			}
		}
		return true
	}
	return false
}
