package normalize

import "strings"

// violationClass groups lcobucci's constraint violations by what they say about a token.
type violationClass uint8

const (
	violationUnknown      violationClass = iota
	violationSignature                   // SignedWith: Token signature mismatch
	violationSigner                      // SignedWith: Token signer mismatch
	violationNotYetValid                 // ValidAt: issued in the future, cannot be used yet
	violationExpired                     // ValidAt: The token is expired
	violationClaimMissing                // StrictValidAt: "Issued At" claim missing, …
	violationOther                       // IssuedBy, PermittedFor, RelatedTo, IdentifiedBy
)

// knownViolations are lcobucci's violation lines (identical in 4.x and 5.x), used to
// recognise a last line that a 255-character cut left incomplete. Read-only.
var knownViolations = [...]struct {
	text  string
	class violationClass
}{
	{"Token signature mismatch", violationSignature},
	{"Token signer mismatch", violationSigner},
	{"The token was issued in the future", violationNotYetValid},
	{"The token cannot be used yet", violationNotYetValid},
	{"The token is expired", violationExpired},
	{`"Issued At" claim missing`, violationClaimMissing},
	{`"Not Before" claim missing`, violationClaimMissing},
	{`"Expiration Time" claim missing`, violationClaimMissing},
	{"The token was not issued by the given issuers", violationOther},
	{"The token is not allowed to be used by this audience", violationOther},
	{"The token is not related to the expected subject", violationOther},
	{"The token is not identified with the expected ID", violationOther},
}

// kindOfViolations decides the kind of a "The token violates some mandatory
// constraints, details:" message from the violation lines that follow the header.
//
// Lines are "- <violation>", one per line; a log that flattened the newlines
// (" - A - B") is read the same way. The decision, most telling first:
//   - any signature line → bad-signature, reason signature (or signer for `Token signer
//     mismatch`; the first of them wins): a token that fails its signature says nothing
//     trustworthy about its times;
//   - else any "issued in the future" / "cannot be used yet" line → not-yet-valid;
//   - else "The token is expired" → expired, also when other, non-time lines
//     accompany it (MediaWiki runs only SignedWith + LooseValidAt, so extra lines come
//     from elsewhere and do not change why the token failed here);
//   - else StrictValidAt's `"… " claim missing` → malformed, reason claims (a required
//     claim is absent, like `JWT error: missing sub key`);
//   - else (IssuedBy, PermittedFor, RelatedTo, IdentifiedBy, unknown or no readable
//     line) → KindNone here, which KindOf turns into other-jwt.
//
// A last line cut short (messages are cut at 255 characters) counts when it is the
// start of exactly one class of known violation; otherwise it is ignored.
func kindOfViolations(details string) (Kind, string) {
	var firstSignature violationClass
	var notYetValid, expired, claimMissing bool
	note := func(c violationClass) {
		switch c {
		case violationSignature, violationSigner:
			if firstSignature == violationUnknown {
				firstSignature = c
			}
		case violationNotYetValid:
			notYetValid = true
		case violationExpired:
			expired = true
		case violationClaimMissing:
			claimMissing = true
		}
	}
	segments := violationSegments(details)
	for i, seg := range segments {
		c := classifyViolation(seg)
		if c == violationUnknown && i == len(segments)-1 {
			c = classifyCutViolation(seg)
		}
		note(c)
	}
	switch {
	case firstSignature == violationSignature:
		return KindBadSignature, ReasonSignature
	case firstSignature == violationSigner:
		return KindBadSignature, ReasonSigner
	case notYetValid:
		return KindNotYetValid, ""
	case expired:
		return KindExpired, ""
	case claimMissing:
		return KindMalformed, ReasonClaims
	}
	return KindNone, ""
}

// violationSegments splits the details into violation texts without their "- " marks.
func violationSegments(details string) []string {
	var segs []string
	for line := range strings.SplitSeq(details, "\n") {
		for seg := range strings.SplitSeq(line, " - ") {
			seg = strings.TrimSpace(seg)
			seg = strings.TrimSpace(strings.TrimPrefix(seg, "-"))
			if seg != "" {
				segs = append(segs, seg)
			}
		}
	}
	return segs
}

// classifyViolation reads one complete violation line. It matches on the telling
// words rather than the whole line, so a trailing period or a wording variant still
// counts.
func classifyViolation(line string) violationClass {
	switch {
	case strings.Contains(line, "signature mismatch"):
		return violationSignature
	case strings.Contains(line, "signer mismatch"):
		return violationSigner
	case strings.Contains(line, "issued in the future"), strings.Contains(line, "cannot be used yet"):
		return violationNotYetValid
	case strings.Contains(line, "is expired"):
		return violationExpired
	case strings.HasSuffix(line, "claim missing"):
		return violationClaimMissing
	}
	for _, v := range knownViolations {
		if line == v.text {
			return v.class
		}
	}
	return violationUnknown
}

// classifyCutViolation reads a line that may have been cut: it counts when every
// known violation it could be the start of belongs to the same class.
func classifyCutViolation(line string) violationClass {
	found := violationUnknown
	for _, v := range knownViolations {
		if !strings.HasPrefix(v.text, line) {
			continue
		}
		if found != violationUnknown && found != v.class {
			return violationUnknown
		}
		found = v.class
	}
	return found
}
