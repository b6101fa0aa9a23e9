package jwtcore

import (
	"strconv"
	"strings"
)

// DefaultMaxTokenSize bounds the token a Parser accepts. A browser cookie is at most about
// 4 KiB; the bound is generous and only there so hostile input has a cost ceiling.
const DefaultMaxTokenSize = 64 << 10

// Parser parses tokens as lcobucci/jwt's Token\Parser of the chosen dialect.
type Parser struct {
	dialect Dialect
	maxSize int
}

// ParserOption configures a Parser.
type ParserOption func(*Parser)

// WithDialect selects lcobucci 5.x (default) or 4.x behaviour.
func WithDialect(d Dialect) ParserOption { return func(p *Parser) { p.dialect = d } }

// WithMaxTokenSize changes DefaultMaxTokenSize (n <= 0: no limit).
func WithMaxTokenSize(n int) ParserOption { return func(p *Parser) { p.maxSize = n } }

// NewParser returns a parser.
func NewParser(opts ...ParserOption) *Parser {
	p := &Parser{dialect: Lcobucci5, maxSize: DefaultMaxTokenSize}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Dialect is the parser's dialect.
func (p *Parser) Dialect() Dialect { return p.dialect }

// Parse decodes jwt without verifying anything, checking in lcobucci's order: structure,
// empty parts (5.x), header, claims, signature. The error is the one lcobucci throws.
func (p *Parser) Parse(jwt string) (*Token, error) {
	if p.maxSize > 0 && len(jwt) > p.maxSize {
		return nil, ErrTokenTooLarge
	}
	h, rest, ok1 := strings.Cut(jwt, ".")
	c, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.IndexByte(s, '.') >= 0 {
		return nil, ErrTwoDots
	}
	if p.dialect == Lcobucci5 {
		switch {
		case h == "":
			return nil, ErrMissingHeader
		case c == "":
			return nil, ErrMissingClaims
		case s == "":
			return nil, ErrMissingSignature
		}
	}
	t := &Token{RawHeader: h, RawClaims: c, RawSignature: s, payload: jwt[:len(h)+1+len(c)]}
	var err error
	if t.Header, err = p.parseHeader(h); err != nil {
		return nil, err
	}
	if t.Claims, err = p.parseClaims(c); err != nil {
		return nil, err
	}
	if err = p.convertDates(t); err != nil {
		return nil, err
	}
	if p.dialect == Lcobucci4 {
		if alg, hasAlg := t.Header.Get("alg"); s == "" || !hasAlg || alg == "none" {
			return t, nil // 4.x: Signature::fromEmptyData()
		}
	}
	if t.Signature, err = decodeBase64URL(s); err != nil {
		return nil, err
	}
	return t, nil
}

// decodePart is base64url then JSON, then "must be an array" for a scalar.
func (p *Parser) decodePart(part string, notArray error, word string) (*Object, error) {
	raw, err := decodeBase64URL(part)
	if err != nil {
		return nil, err
	}
	v, err := decodePHPJSON(string(raw))
	if err != nil {
		return nil, err
	}
	var obj *Object
	switch x := v.(type) {
	case *Object:
		obj = x
	case []any:
		obj = &Object{Members: make([]Member, len(x))}
		for i, e := range x {
			obj.Members[i] = Member{Key: strconv.Itoa(i), Value: e}
		}
	default:
		return nil, p.notArray(notArray, word)
	}
	if p.dialect == Lcobucci5 && obj.Has("") {
		return nil, notArray
	}
	return obj, nil
}

func (p *Parser) notArray(base error, word string) error {
	if p.dialect == Lcobucci4 {
		return &DialectError{Msg: word + " must be an array", Base: base}
	}
	return base
}

func (p *Parser) parseHeader(part string) (*Object, error) {
	h, err := p.decodePart(part, ErrHeadersNotArray, "headers")
	if err != nil {
		return nil, err
	}
	if h.Has("enc") {
		return nil, ErrEncryption
	}
	if !h.Has("typ") {
		h.Set("typ", "JWT")
	}
	return h, nil
}

func (p *Parser) parseClaims(part string) (*Object, error) {
	c, err := p.decodePart(part, ErrClaimsNotArray, "claims")
	if err != nil {
		return nil, err
	}
	if aud, ok := c.Get("aud"); ok {
		c.Set("aud", phpArrayCast(aud))
	}
	return c, nil
}

// convertDates runs convertDate on iat, nbf and exp in lcobucci's order.
func (p *Parser) convertDates(t *Token) error {
	for _, name := range dateClaims {
		v, ok := t.Claims.Get(name)
		if !ok {
			continue
		}
		d, err := convertDate(name, v)
		if err != nil {
			return err
		}
		switch name {
		case "iat":
			t.IssuedAt = &d
		case "nbf":
			t.NotBefore = &d
		case "exp":
			t.Expires = &d
		}
	}
	return nil
}

// phpArrayCast is PHP's (array) cast of a decoded value: null is [], a scalar is [v], an
// array stays (an object's values, in order, since only in_array is used on it).
func phpArrayCast(v any) []any {
	switch x := v.(type) {
	case nil:
		return []any{}
	case []any:
		return x
	case *Object:
		l := make([]any, len(x.Members))
		for i, m := range x.Members {
			l[i] = m.Value
		}
		return l
	}
	return []any{v}
}
