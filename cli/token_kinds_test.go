package cli

import (
	"testing"

	"github.com/wikimedia/jwtriage/mwlog"
	"github.com/wikimedia/jwtriage/normalize"
)

// TestKindStringsMatchNormalize pins the kinds the token commands print (jwtcore's, from
// mwlog) to the ones report counts (normalize's), until normalize takes them from mwlog too.
func TestKindStringsMatchNormalize(t *testing.T) {
	if len(mwlog.Kinds) != len(normalize.Kinds) {
		t.Fatalf("mwlog has %d kinds, normalize %d", len(mwlog.Kinds), len(normalize.Kinds))
	}
	for i, k := range mwlog.Kinds {
		if string(k) != string(normalize.Kinds[i]) {
			t.Errorf("kind %d: mwlog %q, normalize %q", i, k, normalize.Kinds[i])
		}
	}
	reasons := map[string]string{
		mwlog.ReasonClaims: normalize.ReasonClaims, mwlog.ReasonStructure: normalize.ReasonStructure,
		mwlog.ReasonBase64: normalize.ReasonBase64, mwlog.ReasonJSON: normalize.ReasonJSON,
		mwlog.ReasonFormat: normalize.ReasonFormat, mwlog.ReasonSignature: normalize.ReasonSignature,
		mwlog.ReasonSigner: normalize.ReasonSigner,
	}
	for ours, theirs := range reasons {
		if ours != theirs {
			t.Errorf("reason %q != %q", ours, theirs)
		}
	}
}
