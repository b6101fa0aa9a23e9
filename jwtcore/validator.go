package jwtcore

import (
	"errors"
	"time"
)

// Constraint is one lcobucci validation constraint. Check returns nil, a violation (an
// error the validator collects), or, wrapped in *EscapingError, an error lcobucci throws
// out of the validator (a key error, an ECDSA signature of the wrong length).
type Constraint interface {
	Check(t *Token) error
}

// EscapingError marks an error that is not a constraint violation: Validate stops and
// returns Err itself, as lcobucci lets such exceptions escape Validator::assert().
type EscapingError struct{ Err error }

func (e *EscapingError) Error() string { return e.Err.Error() }
func (e *EscapingError) Unwrap() error { return e.Err }

// Validate is lcobucci's Validator::assert: every constraint runs in order, each adds at
// most one violation, and any violation yields a *ConstraintsViolatedError.
func Validate(t *Token, constraints ...Constraint) error {
	if len(constraints) == 0 {
		return ErrNoConstraints
	}
	var violations []error
	for _, c := range constraints {
		err := c.Check(t)
		if err == nil {
			continue
		}
		var esc *EscapingError
		if errors.As(err, &esc) {
			return esc.Err
		}
		violations = append(violations, err)
	}
	if len(violations) > 0 {
		return &ConstraintsViolatedError{Violations: violations}
	}
	return nil
}

// Clock gives the validator its time (lcobucci's Psr\Clock).
type Clock interface{ Now() time.Time }

// FixedClock is a clock stopped at a time.
type FixedClock time.Time

// Now returns the fixed time.
func (c FixedClock) Now() time.Time { return time.Time(c) }

// ClockFunc adapts a function (e.g. time.Now) to Clock.
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }
