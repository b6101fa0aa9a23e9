package jwtcore

import (
	"errors"

	"github.com/wikimedia/jwtriage/mwlog"
)

// KindOf maps an error of this package (parser, validator or signer) to the canonical
// [mwlog.Kind] and reason of the log line MediaWiki writes for it. An error in the chain
// that has a method Kind() (mwlog.Kind, string), such as MediaWiki's own checks'
// [github.com/wikimedia/jwtriage/jwtcore/mediawiki.Error], names its kind itself; jwtcore
// cannot import that package, which builds on this one. nil maps to ("", "").
func KindOf(err error) (kind mwlog.Kind, reason string) {
	if err == nil {
		return mwlog.KindNone, ""
	}
	var k interface {
		Kind() (mwlog.Kind, string)
	}
	if errors.As(err, &k) {
		return k.Kind()
	}
	switch {
	case errors.Is(err, ErrTwoDots), errors.Is(err, ErrMissingHeader),
		errors.Is(err, ErrMissingClaims), errors.Is(err, ErrMissingSignature),
		errors.Is(err, ErrTokenTooLarge):
		return mwlog.KindMalformed, mwlog.ReasonStructure
	case errors.Is(err, ErrBase64):
		return mwlog.KindMalformed, mwlog.ReasonBase64
	case errors.Is(err, ErrJSON):
		return mwlog.KindMalformed, mwlog.ReasonJSON
	case errors.Is(err, ErrHeadersNotArray), errors.Is(err, ErrClaimsNotArray),
		errors.Is(err, ErrDateFormat), errors.Is(err, ErrEncryption):
		return mwlog.KindMalformed, mwlog.ReasonFormat
	case errors.Is(err, ErrPHPTypeError):
		return mwlog.KindOtherJWT, mwlog.ReasonTypeError
	case errors.Is(err, ErrInvalidKey), errors.Is(err, ErrECDSASignatureLength):
		return mwlog.KindOtherJWT, mwlog.ReasonKey
	}
	var cv *ConstraintsViolatedError
	if errors.As(err, &cv) {
		return kindOfViolations(cv.Violations)
	}
	return mwlog.KindOtherJWT, ""
}

// kindOfViolations: a signature line wins, then a signer line; only "expired" lines make
// expired; an issued-in-the-future or not-yet line makes not-yet-valid.
func kindOfViolations(vs []error) (mwlog.Kind, string) {
	has := func(target error) bool {
		for _, v := range vs {
			if errors.Is(v, target) {
				return true
			}
		}
		return false
	}
	switch {
	case has(ErrSignatureMismatch):
		return mwlog.KindBadSignature, mwlog.ReasonSignature
	case has(ErrSignerMismatch):
		return mwlog.KindBadSignature, mwlog.ReasonSigner
	case has(ErrIssuedInFuture), has(ErrNotYetValid):
		return mwlog.KindNotYetValid, ""
	}
	onlyExpired := len(vs) > 0
	for _, v := range vs {
		if !errors.Is(v, ErrExpired) {
			onlyExpired = false
		}
	}
	if onlyExpired {
		return mwlog.KindExpired, ""
	}
	return mwlog.KindOtherJWT, ""
}
