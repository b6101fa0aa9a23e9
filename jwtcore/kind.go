package jwtcore

import "errors"

// Canonical kind and reason strings (DESIGN.md, "Canonical kinds"). They equal the
// values of normalize.Kind and normalize's Reason constants; jwtcore is a leaf and does
// not import normalize, so the strings are repeated here and a test pins them.
const (
	KindAnonExpectedUserFound = "anon-expected-user-found"
	KindUserExpectedAnonFound = "user-expected-anon-found"
	KindWrongSubject          = "wrong-subject"
	KindWrongUserID           = "wrong-user-id"
	KindWrongProvider         = "wrong-provider"
	KindWrongScope            = "wrong-scope"
	KindWrongIssuer           = "wrong-issuer"
	KindHardExpired           = "hard-expired"
	KindSoftExpired           = "soft-expired"
	KindMalformed             = "malformed"
	KindBadSignature          = "bad-signature"
	KindExpired               = "expired"
	KindNotYetValid           = "not-yet-valid"
	KindOtherJWT              = "other-jwt"

	ReasonClaims    = "claims"
	ReasonStructure = "structure"
	ReasonBase64    = "base64"
	ReasonJSON      = "json"
	ReasonFormat    = "format"
	ReasonSignature = "signature"
	ReasonSigner    = "signer"
	// ReasonKey and ReasonTypeError qualify other-jwt for errors lcobucci throws that
	// MediaWiki does not turn into a log line of the table (key errors, PHP TypeErrors).
	ReasonKey       = "key"
	ReasonTypeError = "type-error"
)

// KindOf maps an error of this package (parser, validator, signer or MediaWiki profile)
// to its canonical kind and reason. nil maps to ("", "").
func KindOf(err error) (kind, reason string) {
	if err == nil {
		return "", ""
	}
	var mw *MediaWikiError
	if errors.As(err, &mw) {
		return mw.Kind()
	}
	switch {
	case errors.Is(err, ErrTwoDots), errors.Is(err, ErrMissingHeader),
		errors.Is(err, ErrMissingClaims), errors.Is(err, ErrMissingSignature),
		errors.Is(err, ErrTokenTooLarge):
		return KindMalformed, ReasonStructure
	case errors.Is(err, ErrBase64):
		return KindMalformed, ReasonBase64
	case errors.Is(err, ErrJSON):
		return KindMalformed, ReasonJSON
	case errors.Is(err, ErrHeadersNotArray), errors.Is(err, ErrClaimsNotArray),
		errors.Is(err, ErrDateFormat), errors.Is(err, ErrEncryption):
		return KindMalformed, ReasonFormat
	case errors.Is(err, ErrPHPTypeError):
		return KindOtherJWT, ReasonTypeError
	case errors.Is(err, ErrInvalidKey), errors.Is(err, ErrECDSASignatureLength):
		return KindOtherJWT, ReasonKey
	}
	var cv *ConstraintsViolatedError
	if errors.As(err, &cv) {
		return kindOfViolations(cv.Violations)
	}
	return KindOtherJWT, ""
}

// kindOfViolations: a signature line wins, then a signer line; only "expired" lines make
// expired; an issued-in-the-future or not-yet line makes not-yet-valid.
func kindOfViolations(vs []error) (string, string) {
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
		return KindBadSignature, ReasonSignature
	case has(ErrSignerMismatch):
		return KindBadSignature, ReasonSigner
	case has(ErrIssuedInFuture), has(ErrNotYetValid):
		return KindNotYetValid, ""
	}
	onlyExpired := len(vs) > 0
	for _, v := range vs {
		if !errors.Is(v, ErrExpired) {
			onlyExpired = false
		}
	}
	if onlyExpired {
		return KindExpired, ""
	}
	return KindOtherJWT, ""
}
