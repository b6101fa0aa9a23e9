package normalize

import (
	"strings"
	"testing"
)

const (
	testPrefix      = "JWT validation failed: "
	testConstraints = "The token violates some mandatory constraints, details:"
)

// TestKindOfTable covers every row of the kind table (docs/architecture.md, "Canonical
// kinds"), in lcobucci 4.x and 5.x wordings, with and without MediaWiki's prefixes.
func TestKindOfTable(t *testing.T) {
	tests := []struct {
		name              string
		message           string
		expected, subject string
		wantKind          Kind
		wantReason        string
	}{
		// JWT error: wrong subject, split by context
		{"wrong subject anon expected", testPrefix + "JWT error: wrong subject", "anon", "CentralAuth::12345", KindAnonExpectedUserFound, ""},
		{"wrong subject mw:anon expected", testPrefix + "JWT error: wrong subject", "mw:anon", "CentralAuth::12345", KindAnonExpectedUserFound, ""},
		{"wrong subject anon found", testPrefix + "JWT error: wrong subject", "IOS-Eng-Test", "anon", KindUserExpectedAnonFound, ""},
		{"wrong subject mw:anon found", testPrefix + "JWT error: wrong subject", "Example", "mw:anon", KindUserExpectedAnonFound, ""},
		{"wrong subject two users", testPrefix + "JWT error: wrong subject", "Example", "CentralAuth::7", KindWrongSubject, ""},
		{"wrong subject no context", testPrefix + "JWT error: wrong subject", "", "", KindWrongSubject, ""},
		{"wrong subject username Anon is a user", testPrefix + "JWT error: wrong subject", "Anon", "CentralAuth::7", KindWrongSubject, ""},
		{"non-anon cookie", "Non-anon JWT cookie for anon session", "", "mw:CentralAuth::5", KindAnonExpectedUserFound, ""},
		{"wrong user ID", testPrefix + "JWT error: wrong user ID", "", "", KindWrongUserID, ""},
		{"wrong provider", testPrefix + "JWT error: wrong provider", "", "", KindWrongProvider, ""},
		{"wrong scope", testPrefix + "JWT error: wrong scope", "", "", KindWrongScope, ""},
		{"wrong issuer", testPrefix + "JWT error: wrong issuer", "", "", KindWrongIssuer, ""},
		{"hard-expired", testPrefix + "JWT error: hard-expired", "", "", KindHardExpired, ""},
		{"soft-expired", "Soft-expired JWT cookie", "", "mw:CentralAuth::5", KindSoftExpired, ""},
		// malformed: claims
		{"missing sub key", testPrefix + "JWT error: missing sub key", "", "", KindMalformed, ReasonClaims},
		{"wrong schema for sub", testPrefix + "JWT error: wrong schema for sub", "", "", KindMalformed, ReasonClaims},
		{"missing subject scope", testPrefix + "JWT error: missing subject scope", "", "CentralAuth:5", KindMalformed, ReasonClaims},
		// malformed: structure (4.x and 5.x)
		{"two dots", testPrefix + "The JWT string must have two dots", "", "", KindMalformed, ReasonStructure},
		{"5.x missing header part", testPrefix + "The JWT string is missing the Header part", "", "", KindMalformed, ReasonStructure},
		{"5.x missing claim part", testPrefix + "The JWT string is missing the Claim part", "", "", KindMalformed, ReasonStructure},
		{"5.x missing signature part", testPrefix + "The JWT string is missing the Signature part", "", "", KindMalformed, ReasonStructure},
		// malformed: base64, json
		{"base64", testPrefix + "Error while decoding from Base64Url, invalid base64 characters detected", "", "", KindMalformed, ReasonBase64},
		{"json", testPrefix + "Error while decoding from JSON", "", "", KindMalformed, ReasonJSON},
		// malformed: format (4.x and 5.x)
		{"4.x headers", testPrefix + "headers must be an array", "", "", KindMalformed, ReasonFormat},
		{"5.x headers", testPrefix + "headers must be an array with non-empty-string keys", "", "", KindMalformed, ReasonFormat},
		{"4.x claims", testPrefix + "claims must be an array", "", "", KindMalformed, ReasonFormat},
		{"5.x claims", testPrefix + "claims must be an array with non-empty-string keys", "", "", KindMalformed, ReasonFormat},
		{"date format", testPrefix + "Value is not in the allowed date format: tomorrow", "", "", KindMalformed, ReasonFormat},
		{"encryption", testPrefix + "Encryption is not supported yet", "", "", KindMalformed, ReasonFormat},
		// constraint violations
		{"signature", testPrefix + testConstraints + "\n- Token signature mismatch", "", "", KindBadSignature, ReasonSignature},
		{"signer", testPrefix + testConstraints + "\n- Token signer mismatch", "", "", KindBadSignature, ReasonSigner},
		{"expired", testPrefix + testConstraints + "\n- The token is expired", "", "", KindExpired, ""},
		{"issued in the future", testPrefix + testConstraints + "\n- The token was issued in the future", "", "", KindNotYetValid, ""},
		{"cannot be used yet", testPrefix + testConstraints + "\n- The token cannot be used yet", "", "", KindNotYetValid, ""},
		// any other JWT message
		{"key too short", testPrefix + "Key provided is shorter than 2048 bits, only 1024 bits provided", "", "", KindOtherJWT, ""},
		{"mentions jwt in lower case", "Refreshing the sessionjwt cookie", "", "", KindOtherJWT, ""},
		{"not about JWTs", "SessionBackend \"abc\" is unsaved, marking dirty in constructor", "", "", KindNone, ""},
		{"empty", "", "", "", KindNone, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, reason := KindOf(tt.message, tt.expected, tt.subject)
			if kind != tt.wantKind || reason != tt.wantReason {
				t.Errorf("KindOf(%q, %q, %q) = %q/%q, want %q/%q",
					tt.message, tt.expected, tt.subject, kind, reason, tt.wantKind, tt.wantReason)
			}
		})
	}
}

// TestKindOfMessageForms checks the forms a message takes on its way to the logs:
// no prefix, the `Invalid JWT: {error}` prefix, stacked prefixes, CRLF, padding,
// flattened violation lists and cuts at 255 characters.
func TestKindOfMessageForms(t *testing.T) {
	longViolations := testPrefix + testConstraints +
		"\n- The token was not issued by the given issuers" +
		"\n- The token is not allowed to be used by this audience" +
		"\n- The token is not identified with the expected ID" +
		"\n- Token signature mismatch"
	if len(longViolations) <= 255 || strings.Contains(longViolations[:255], "mismatch") {
		t.Fatalf("the cut fixture must be cut inside its last line (len %d)", len(longViolations))
	}
	tests := []struct {
		name       string
		message    string
		wantKind   Kind
		wantReason string
	}{
		{"no prefix", "Error while decoding from JSON", KindMalformed, ReasonJSON},
		{"Invalid JWT prefix", "Invalid JWT: The JWT string must have two dots", KindMalformed, ReasonStructure},
		{"stacked prefixes", testPrefix + "Invalid JWT: JWT error: wrong user ID", KindWrongUserID, ""},
		{"trailing CRLF", testPrefix + "JWT error: wrong provider\r\n", KindWrongProvider, ""},
		{"padding", "  " + testPrefix + "JWT error: wrong scope  ", KindWrongScope, ""},
		{"CRLF violation lines", testPrefix + testConstraints + "\r\n- The token is expired\r\n", KindExpired, ""},
		{"flattened violation list", testPrefix + testConstraints + " - Token signature mismatch", KindBadSignature, ReasonSignature},
		{"violations without prefix", testConstraints + "\n- Token signer mismatch", KindBadSignature, ReasonSigner},
		{"cut inside last line", longViolations[:255], KindBadSignature, ReasonSignature},
		{"cut ambiguous between signature and signer", testPrefix + testConstraints + "\n- Token sig", KindOtherJWT, ""},
		{"cut right after header", testPrefix + testConstraints, KindOtherJWT, ""},
		{"date format value cut", testPrefix + "Value is not in the allowed date format: 2025-10-1", KindMalformed, ReasonFormat},
		{"phrase must end at a word boundary", testPrefix + "JWT error: wrong subjects", KindOtherJWT, ""},
		{"phrase must start the message", "Seen: JWT error: wrong issuer", KindOtherJWT, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, reason := KindOf(tt.message, "", "")
			if kind != tt.wantKind || reason != tt.wantReason {
				t.Errorf("KindOf(%q) = %q/%q, want %q/%q", tt.message, kind, reason, tt.wantKind, tt.wantReason)
			}
		})
	}
}

// TestKindOfViolationMixes pins the documented precedence when lcobucci lists
// several violations (see kindOfViolations).
func TestKindOfViolationMixes(t *testing.T) {
	tests := []struct {
		name       string
		lines      []string
		wantKind   Kind
		wantReason string
	}{
		{"signature beats expired", []string{"The token is expired", "Token signature mismatch"}, KindBadSignature, ReasonSignature},
		{"first signature line wins", []string{"Token signer mismatch", "Token signature mismatch"}, KindBadSignature, ReasonSigner},
		{"not yet valid beats expired", []string{"The token is expired", "The token cannot be used yet"}, KindNotYetValid, ""},
		{"expired with an issuer line", []string{"The token was not issued by the given issuers", "The token is expired"}, KindExpired, ""},
		{"strict claim missing", []string{`"Issued At" claim missing`}, KindMalformed, ReasonClaims},
		{"strict claim missing with signature", []string{`"Expiration Time" claim missing`, "Token signature mismatch"}, KindBadSignature, ReasonSignature},
		{"issued by only", []string{"The token was not issued by the given issuers"}, KindOtherJWT, ""},
		{"audience and subject", []string{"The token is not allowed to be used by this audience", "The token is not related to the expected subject"}, KindOtherJWT, ""},
		{"identified by", []string{"The token is not identified with the expected ID"}, KindOtherJWT, ""},
		{"unknown line", []string{"Something new"}, KindOtherJWT, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := testPrefix + testConstraints + "\n- " + strings.Join(tt.lines, "\n- ")
			kind, reason := KindOf(msg, "", "")
			if kind != tt.wantKind || reason != tt.wantReason {
				t.Errorf("KindOf(%q) = %q/%q, want %q/%q", msg, kind, reason, tt.wantKind, tt.wantReason)
			}
		})
	}
}
