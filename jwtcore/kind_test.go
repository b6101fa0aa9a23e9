package jwtcore

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wikimedia/jwtriage/mwlog"
)

func TestKindOf(t *testing.T) {
	violated := func(vs ...error) error { return &ConstraintsViolatedError{Violations: vs} }
	tests := []struct {
		err    error
		kind   mwlog.Kind
		reason string
	}{
		{nil, "", ""},
		{ErrTwoDots, mwlog.KindMalformed, mwlog.ReasonStructure},
		{ErrMissingHeader, mwlog.KindMalformed, mwlog.ReasonStructure},
		{ErrMissingClaims, mwlog.KindMalformed, mwlog.ReasonStructure},
		{ErrMissingSignature, mwlog.KindMalformed, mwlog.ReasonStructure},
		{ErrTokenTooLarge, mwlog.KindMalformed, mwlog.ReasonStructure},
		{ErrBase64, mwlog.KindMalformed, mwlog.ReasonBase64},
		{ErrJSON, mwlog.KindMalformed, mwlog.ReasonJSON},
		{ErrHeadersNotArray, mwlog.KindMalformed, mwlog.ReasonFormat},
		{&DialectError{Msg: "claims must be an array", Base: ErrClaimsNotArray}, mwlog.KindMalformed, mwlog.ReasonFormat},
		{&DateFormatError{Value: "x"}, mwlog.KindMalformed, mwlog.ReasonFormat},
		{ErrEncryption, mwlog.KindMalformed, mwlog.ReasonFormat},
		{&PHPTypeError{Detail: "x"}, mwlog.KindOtherJWT, mwlog.ReasonTypeError},
		{keyTooShort(2048, 1024), mwlog.KindOtherJWT, mwlog.ReasonKey},
		{ErrECDSASignatureLength, mwlog.KindOtherJWT, mwlog.ReasonKey},
		{violated(ErrSignatureMismatch), mwlog.KindBadSignature, mwlog.ReasonSignature},
		{violated(ErrSignatureMismatch, ErrExpired), mwlog.KindBadSignature, mwlog.ReasonSignature},
		{violated(ErrSignerMismatch), mwlog.KindBadSignature, mwlog.ReasonSigner},
		{violated(ErrExpired), mwlog.KindExpired, ""},
		{violated(ErrIssuedInFuture), mwlog.KindNotYetValid, ""},
		{violated(ErrNotYetValid), mwlog.KindNotYetValid, ""},
		{violated(ErrExpired, ErrWrongIssuer), mwlog.KindOtherJWT, ""},
		{violated(ErrWrongAudience), mwlog.KindOtherJWT, ""},
		{fmt.Errorf("wrapped: %w", violated(ErrExpired)), mwlog.KindExpired, ""},
		{errors.New("something else"), mwlog.KindOtherJWT, ""},
	}
	for _, tt := range tests {
		kind, reason := KindOf(tt.err)
		if kind != tt.kind || reason != tt.reason {
			t.Errorf("%v: got (%q, %q), want (%q, %q)", tt.err, kind, reason, tt.kind, tt.reason)
		}
	}
}

func TestErrorsMatchWithIsAndAs(t *testing.T) {
	err := error(&ConstraintsViolatedError{Violations: []error{ErrSignatureMismatch, &ClaimViolation{Claim: "rlc"}}})
	if !errors.Is(err, ErrConstraintsViolated) || !errors.Is(err, ErrSignatureMismatch) || !errors.Is(err, ErrClaimValue) || errors.Is(err, ErrExpired) {
		t.Fatal("errors.Is does not see the violations")
	}
	var cv *ClaimViolation
	if !errors.As(err, &cv) || cv.Claim != "rlc" {
		t.Fatal("errors.As does not find the claim violation")
	}
	want := "The token violates some mandatory constraints, details:\n- Token signature mismatch\n- The claim \"rlc\" does not have the expected value"
	if err.Error() != want {
		t.Fatalf("message %q", err.Error())
	}
	var de *DateFormatError
	if e := error(&DateFormatError{Claim: "exp", Value: "soon"}); !errors.As(e, &de) || !errors.Is(e, ErrDateFormat) || e.Error() != "Value is not in the allowed date format: soon" {
		t.Fatal("DateFormatError")
	}
	var ke *KeyError
	if e := keyWrongType(Lcobucci5, "RSA", "EC"); !errors.As(e, &ke) || e.Error() != `The type of the provided key is not "RSA", "EC" provided` {
		t.Fatal("KeyError")
	}
}
