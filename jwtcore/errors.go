package jwtcore

import (
	"errors"
	"strconv"
	"strings"
)

// Parser errors. Their messages are lcobucci/jwt 5.x's, word for word; the 4.x dialect
// returns a *DialectError with 4.x's wording that still matches these with errors.Is.
var (
	ErrTwoDots          = errors.New("The JWT string must have two dots")
	ErrMissingHeader    = errors.New("The JWT string is missing the Header part")
	ErrMissingClaims    = errors.New("The JWT string is missing the Claim part")
	ErrMissingSignature = errors.New("The JWT string is missing the Signature part")
	ErrBase64           = errors.New("Error while decoding from Base64Url, invalid base64 characters detected")
	ErrJSON             = errors.New("Error while decoding from JSON")
	ErrHeadersNotArray  = errors.New("headers must be an array with non-empty-string keys")
	ErrClaimsNotArray   = errors.New("claims must be an array with non-empty-string keys")
	ErrEncryption       = errors.New("Encryption is not supported yet")
	// ErrDateFormat is matched by every *DateFormatError.
	ErrDateFormat = errors.New("Value is not in the allowed date format")
	// ErrTokenTooLarge is jwtcore's own bound (lcobucci has none): it keeps a hostile
	// input from costing unbounded memory or time.
	ErrTokenTooLarge = errors.New("The JWT string is longer than the allowed maximum")
	// ErrPHPTypeError stands for a PHP TypeError: lcobucci does not catch it and MediaWiki
	// neither, so the request fails with no library message (e.g. "exp": null).
	ErrPHPTypeError = errors.New("PHP TypeError (not a library error)")
)

// Constraint violations (identical in 4.x and 5.x). The validator collects them into a
// *ConstraintsViolatedError.
var (
	ErrSignerMismatch    = errors.New("Token signer mismatch")
	ErrSignatureMismatch = errors.New("Token signature mismatch")
	ErrIssuedInFuture    = errors.New("The token was issued in the future")
	ErrNotYetValid       = errors.New("The token cannot be used yet")
	ErrExpired           = errors.New("The token is expired")
	ErrIatMissing        = errors.New(`"Issued At" claim missing`)
	ErrNbfMissing        = errors.New(`"Not Before" claim missing`)
	ErrExpMissing        = errors.New(`"Expiration Time" claim missing`)
	ErrWrongIssuer       = errors.New("The token was not issued by the given issuers")
	ErrWrongAudience     = errors.New("The token is not allowed to be used by this audience")
	ErrWrongSubject      = errors.New("The token is not related to the expected subject")
	ErrWrongID           = errors.New("The token is not identified with the expected ID")
	// ErrClaimMissing and ErrClaimValue are matched by *ClaimViolation.
	ErrClaimMissing = errors.New("The token does not have the claim")
	ErrClaimValue   = errors.New("The claim does not have the expected value")
	// ErrConstraintsViolated is matched by every *ConstraintsViolatedError.
	ErrConstraintsViolated = errors.New("The token violates some mandatory constraints")
	// ErrNoConstraints: Validator.Assert was called with no constraint.
	ErrNoConstraints = errors.New("No constraint given.")
)

// Errors that escape the validator (lcobucci throws them; they are not violations).
var (
	// ErrInvalidKey is matched by every *KeyError.
	ErrInvalidKey = errors.New("invalid key")
	// ErrECDSASignatureLength: an ECDSA signature that is not exactly r||s long.
	ErrECDSASignatureLength = errors.New("Invalid signature length.")
	// ErrUnsupportedAlgorithm: no signer of that name in the dialect.
	ErrUnsupportedAlgorithm = errors.New("unsupported algorithm")
)

// DialectError is a parser error whose wording differs in the chosen dialect; errors.Is
// matches it with the 5.x sentinel it stands for.
type DialectError struct {
	Msg  string
	Base error
}

func (e *DialectError) Error() string { return e.Msg }
func (e *DialectError) Unwrap() error { return e.Base }

// DateFormatError is lcobucci's "Value is not in the allowed date format: <value>".
type DateFormatError struct {
	Claim string // iat, nbf or exp (not part of the message)
	Value string // as PHP prints it
}

func (e *DateFormatError) Error() string {
	return "Value is not in the allowed date format: " + e.Value
}
func (e *DateFormatError) Unwrap() error { return ErrDateFormat }

// PHPTypeError describes the TypeError PHP would throw; it matches ErrPHPTypeError.
type PHPTypeError struct{ Detail string }

func (e *PHPTypeError) Error() string { return "PHP TypeError: " + e.Detail }
func (e *PHPTypeError) Unwrap() error { return ErrPHPTypeError }

// ClaimViolation is HasClaim's or HasClaimWithValue's violation.
type ClaimViolation struct {
	Claim   string
	Missing bool // true: the claim is absent; false: its value differs
}

func (e *ClaimViolation) Error() string {
	if e.Missing {
		return `The token does not have the claim "` + e.Claim + `"`
	}
	return `The claim "` + e.Claim + `" does not have the expected value`
}

func (e *ClaimViolation) Unwrap() error {
	if e.Missing {
		return ErrClaimMissing
	}
	return ErrClaimValue
}

// ConstraintsViolatedError is lcobucci's RequiredConstraintsViolated: every violation, in
// the order of the constraints. errors.Is matches each violation and ErrConstraintsViolated.
type ConstraintsViolatedError struct {
	Violations []error
}

func (e *ConstraintsViolatedError) Error() string {
	var b strings.Builder
	b.WriteString("The token violates some mandatory constraints, details:\n")
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("- ")
		b.WriteString(v.Error())
	}
	return b.String()
}

// Unwrap returns the violations followed by ErrConstraintsViolated.
func (e *ConstraintsViolatedError) Unwrap() []error {
	out := make([]error, 0, len(e.Violations)+1)
	out = append(out, e.Violations...)
	return append(out, ErrConstraintsViolated)
}

// KeyError is lcobucci's InvalidKeyProvided (or a sodium key error), thrown by a signer.
type KeyError struct{ Msg string }

func (e *KeyError) Error() string { return e.Msg }
func (e *KeyError) Unwrap() error { return ErrInvalidKey }

func keyTooShort(expected, actual int) error {
	return &KeyError{Msg: "Key provided is shorter than " + strconv.Itoa(expected) +
		" bits, only " + strconv.Itoa(actual) + " bits provided"}
}

func keyWrongType(dialect Dialect, expected, actual string) error {
	if dialect == Lcobucci4 {
		return &KeyError{Msg: "This key is not compatible with this signer"}
	}
	return &KeyError{Msg: `The type of the provided key is not "` + expected + `", "` + actual + `" provided`}
}

func keyWrongLength(expected, actual int) error {
	return &KeyError{Msg: "The length of the provided key is different than " + strconv.Itoa(expected) +
		" bits, " + strconv.Itoa(actual) + " bits provided"}
}
