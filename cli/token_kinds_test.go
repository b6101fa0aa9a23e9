package cli

import (
	"testing"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/normalize"
)

// TestKindStringsMatchNormalize (kept here, not in jwtcore, so jwtcore's tests never wait
// on normalize) pins jwtcore's kind and reason strings to normalize's:
// jwtcore cannot import normalize (it is a leaf), so the strings are repeated there.
func TestKindStringsMatchNormalize(t *testing.T) {
	pairs := map[string]normalize.Kind{
		jwtcore.KindAnonExpectedUserFound: normalize.KindAnonExpectedUserFound,
		jwtcore.KindUserExpectedAnonFound: normalize.KindUserExpectedAnonFound,
		jwtcore.KindWrongSubject:          normalize.KindWrongSubject,
		jwtcore.KindWrongUserID:           normalize.KindWrongUserID,
		jwtcore.KindWrongProvider:         normalize.KindWrongProvider,
		jwtcore.KindWrongScope:            normalize.KindWrongScope,
		jwtcore.KindWrongIssuer:           normalize.KindWrongIssuer,
		jwtcore.KindHardExpired:           normalize.KindHardExpired,
		jwtcore.KindSoftExpired:           normalize.KindSoftExpired,
		jwtcore.KindMalformed:             normalize.KindMalformed,
		jwtcore.KindBadSignature:          normalize.KindBadSignature,
		jwtcore.KindExpired:               normalize.KindExpired,
		jwtcore.KindNotYetValid:           normalize.KindNotYetValid,
		jwtcore.KindOtherJWT:              normalize.KindOtherJWT,
	}
	for ours, theirs := range pairs {
		if ours != string(theirs) {
			t.Errorf("jwtcore %q != normalize %q", ours, theirs)
		}
		if _, ok := normalize.ParseKind(ours); !ok {
			t.Errorf("normalize does not know %q", ours)
		}
	}
	reasons := map[string]string{
		jwtcore.ReasonClaims: normalize.ReasonClaims, jwtcore.ReasonStructure: normalize.ReasonStructure,
		jwtcore.ReasonBase64: normalize.ReasonBase64, jwtcore.ReasonJSON: normalize.ReasonJSON,
		jwtcore.ReasonFormat: normalize.ReasonFormat, jwtcore.ReasonSignature: normalize.ReasonSignature,
		jwtcore.ReasonSigner: normalize.ReasonSigner,
	}
	for ours, theirs := range reasons {
		if ours != theirs {
			t.Errorf("reason %q != %q", ours, theirs)
		}
	}
}
