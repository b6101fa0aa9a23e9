package jwtcore

import (
	"errors"
	"fmt"
	"testing"
)

func TestKindOf(t *testing.T) {
	violated := func(vs ...error) error { return &ConstraintsViolatedError{Violations: vs} }
	tests := []struct {
		err          error
		kind, reason string
	}{
		{nil, "", ""},
		{ErrTwoDots, KindMalformed, ReasonStructure},
		{ErrMissingHeader, KindMalformed, ReasonStructure},
		{ErrMissingClaims, KindMalformed, ReasonStructure},
		{ErrMissingSignature, KindMalformed, ReasonStructure},
		{ErrTokenTooLarge, KindMalformed, ReasonStructure},
		{ErrBase64, KindMalformed, ReasonBase64},
		{ErrJSON, KindMalformed, ReasonJSON},
		{ErrHeadersNotArray, KindMalformed, ReasonFormat},
		{&DialectError{Msg: "claims must be an array", Base: ErrClaimsNotArray}, KindMalformed, ReasonFormat},
		{&DateFormatError{Value: "x"}, KindMalformed, ReasonFormat},
		{ErrEncryption, KindMalformed, ReasonFormat},
		{&PHPTypeError{Detail: "x"}, KindOtherJWT, ReasonTypeError},
		{keyTooShort(2048, 1024), KindOtherJWT, ReasonKey},
		{ErrECDSASignatureLength, KindOtherJWT, ReasonKey},
		{violated(ErrSignatureMismatch), KindBadSignature, ReasonSignature},
		{violated(ErrSignatureMismatch, ErrExpired), KindBadSignature, ReasonSignature},
		{violated(ErrSignerMismatch), KindBadSignature, ReasonSigner},
		{violated(ErrExpired), KindExpired, ""},
		{violated(ErrIssuedInFuture), KindNotYetValid, ""},
		{violated(ErrNotYetValid), KindNotYetValid, ""},
		{violated(ErrExpired, ErrWrongIssuer), KindOtherJWT, ""},
		{violated(ErrWrongAudience), KindOtherJWT, ""},
		{fmt.Errorf("wrapped: %w", violated(ErrExpired)), KindExpired, ""},
		{&MediaWikiError{Msg: MWWrongSubject, Context: NewObject("expected_subject", "anon", "subject", "CentralAuth::1")}, KindAnonExpectedUserFound, ""},
		{&MediaWikiError{Msg: MWWrongSubject, Context: NewObject("expected_subject", "Alice", "subject", "anon")}, KindUserExpectedAnonFound, ""},
		{&MediaWikiError{Msg: MWWrongSubject, Context: NewObject("expected_subject", "Alice", "subject", "CentralAuth::2")}, KindWrongSubject, ""},
		{&MediaWikiError{Msg: MWMissingSub}, KindMalformed, ReasonClaims},
		{&MediaWikiError{Msg: MWWrongSchema}, KindMalformed, ReasonClaims},
		{&MediaWikiError{Msg: MWMissingSubjectScope}, KindMalformed, ReasonClaims},
		{&MediaWikiError{Msg: MWWrongUserID}, KindWrongUserID, ""},
		{&MediaWikiError{Msg: MWWrongProvider}, KindWrongProvider, ""},
		{&MediaWikiError{Msg: MWWrongScope}, KindWrongScope, ""},
		{&MediaWikiError{Msg: MWWrongIssuer}, KindWrongIssuer, ""},
		{&MediaWikiError{Msg: MWHardExpired}, KindHardExpired, ""},
		{errors.New("something else"), KindOtherJWT, ""},
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
