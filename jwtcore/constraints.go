package jwtcore

import (
	"errors"
	"time"
)

// SignedWith is lcobucci's SignedWith: the header alg must be the signer's (else "Token
// signer mismatch"), then the signature must verify (else "Token signature mismatch").
// The algorithm comes from the signer, never from the token.
func SignedWith(s Signer, key *Key) Constraint { return signedWith{s, key} }

type signedWith struct {
	signer Signer
	key    *Key
}

func (c signedWith) Check(t *Token) error {
	if alg, _ := t.Header.Get("alg"); alg != c.signer.Algorithm() {
		return ErrSignerMismatch
	}
	ok, err := c.signer.Verify(t.Signature, t.Payload(), c.key)
	if err != nil {
		return &EscapingError{Err: err}
	}
	if !ok {
		return ErrSignatureMismatch
	}
	return nil
}

// LooseValidAt is lcobucci's LooseValidAt: iat, nbf, exp checked in that order against
// the clock with leeway; a missing claim passes; the first failure only.
func LooseValidAt(clock Clock, leeway time.Duration) Constraint {
	return validAt{clock: clock, leeway: leeway}
}

// StrictValidAt is lcobucci's StrictValidAt: as LooseValidAt, and each claim must exist.
func StrictValidAt(clock Clock, leeway time.Duration) Constraint {
	return validAt{clock: clock, leeway: leeway, strict: true}
}

// ErrNegativeLeeway: lcobucci refuses a negative leeway when the constraint is built.
var ErrNegativeLeeway = errors.New("Leeway cannot be negative")

type validAt struct {
	clock  Clock
	leeway time.Duration
	strict bool
}

func (c validAt) Check(t *Token) error {
	if c.leeway < 0 {
		return &EscapingError{Err: ErrNegativeLeeway}
	}
	now := c.clock.Now()
	later, earlier := now.Add(c.leeway), now.Add(-c.leeway)
	switch {
	case c.strict && t.IssuedAt == nil:
		return ErrIatMissing
	case t.IssuedAt != nil && later.Before(*t.IssuedAt):
		return ErrIssuedInFuture
	case c.strict && t.NotBefore == nil:
		return ErrNbfMissing
	case t.NotBefore != nil && later.Before(*t.NotBefore):
		return ErrNotYetValid
	case c.strict && t.Expires == nil:
		return ErrExpMissing
	case t.Expires != nil && !earlier.Before(*t.Expires):
		return ErrExpired // now - leeway >= exp: exp == now is expired
	}
	return nil
}

// IssuedBy is lcobucci's IssuedBy: iss must be one of issuers (strictly equal strings).
func IssuedBy(issuers ...string) Constraint { return issuedBy(issuers) }

type issuedBy []string

func (c issuedBy) Check(t *Token) error {
	iss, _ := t.Claims.Get("iss")
	for _, want := range c {
		if phpIdentical(iss, want) {
			return nil
		}
	}
	return ErrWrongIssuer
}

// PermittedFor is lcobucci's PermittedFor: audience must be in aud.
func PermittedFor(audience string) Constraint { return permittedFor(audience) }

type permittedFor string

func (c permittedFor) Check(t *Token) error {
	for _, a := range t.Audience() {
		if phpIdentical(a, string(c)) {
			return nil
		}
	}
	return ErrWrongAudience
}

// RelatedTo is lcobucci's RelatedTo: sub must equal subject.
func RelatedTo(subject string) Constraint { return relatedTo(subject) }

type relatedTo string

func (c relatedTo) Check(t *Token) error {
	if v, _ := t.Claims.Get("sub"); !phpIdentical(v, string(c)) {
		return ErrWrongSubject
	}
	return nil
}

// IdentifiedBy is lcobucci's IdentifiedBy: jti must equal id.
func IdentifiedBy(id string) Constraint { return identifiedBy(id) }

type identifiedBy string

func (c identifiedBy) Check(t *Token) error {
	if v, _ := t.Claims.Get("jti"); !phpIdentical(v, string(c)) {
		return ErrWrongID
	}
	return nil
}

// ErrRegisteredClaim: HasClaim and HasClaimWithValue refuse registered claims, as
// lcobucci's constructors do ("… is a registered claim, use the dedicated constraint").
var ErrRegisteredClaim = errors.New("registered claims cannot be validated with HasClaim/HasClaimWithValue")

func isRegisteredClaim(name string) bool {
	switch name {
	case "aud", "exp", "jti", "iat", "iss", "nbf", "sub":
		return true
	}
	return false
}

// HasClaim is lcobucci 5's HasClaim: a non-registered claim must be present.
func HasClaim(name string) Constraint { return hasClaim{name: name} }

// HasClaimWithValue is lcobucci 5's HasClaimWithValue: present and identical (===) to
// value (string, bool, nil, int, int64, float64, []any or *Object).
func HasClaimWithValue(name string, value any) Constraint {
	return hasClaim{name: name, value: value, withValue: true}
}

type hasClaim struct {
	name      string
	value     any
	withValue bool
}

func (c hasClaim) Check(t *Token) error {
	if isRegisteredClaim(c.name) {
		return &EscapingError{Err: ErrRegisteredClaim}
	}
	v, ok := t.Claims.Get(c.name)
	if !ok {
		return &ClaimViolation{Claim: c.name, Missing: true}
	}
	if c.withValue && !phpIdentical(v, c.value) {
		return &ClaimViolation{Claim: c.name}
	}
	return nil
}
