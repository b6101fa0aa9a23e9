package classify

import (
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/normalize"
)

func TestDefaultVerdicts(t *testing.T) {
	tests := []struct {
		kind       normalize.Kind
		benign     bool
		reasonHint string // a word the reason must contain, so each kind has its own
	}{
		{normalize.KindSoftExpired, true, "soft expiry"},
		{normalize.KindAnonExpectedUserFound, true, "logout"},
		{normalize.KindUserExpectedAnonFound, true, "out of sync"},
		{normalize.KindWrongUserID, true, "account switching"},
		{normalize.KindWrongSubject, false, "no known benign cause"},
		{normalize.KindWrongProvider, false, "non-SUL"},
		{normalize.KindWrongScope, false, "scope"},
		{normalize.KindWrongIssuer, false, "issuer"},
		{normalize.KindHardExpired, false, "hard expiry"},
		{normalize.KindMalformed, false, "well-formed"},
		{normalize.KindBadSignature, false, "signature"},
		{normalize.KindExpired, false, "exp claim"},
		{normalize.KindNotYetValid, false, "future"},
		{normalize.KindOtherJWT, false, "none of the known classes"},
	}
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			got := c.Classify(normalize.Event{Kind: tc.kind}).Verdict
			if got.Benign != tc.benign {
				t.Errorf("benign = %v, want %v", got.Benign, tc.benign)
			}
			if got.Rule != DefaultRuleName {
				t.Errorf("rule = %q, want %q", got.Rule, DefaultRuleName)
			}
			if !strings.Contains(got.Reason, tc.reasonHint) {
				t.Errorf("reason %q does not mention %q", got.Reason, tc.reasonHint)
			}
		})
	}
}

func TestDefaultVerdictsCoverEveryKind(t *testing.T) {
	for _, k := range normalize.Kinds {
		if _, ok := defaultVerdictOf(k); !ok {
			t.Errorf("kind %q has no default verdict", k)
		}
	}
	for _, k := range []normalize.Kind{normalize.KindNone, "no-such-kind"} {
		if _, ok := defaultVerdictOf(k); ok {
			t.Errorf("kind %q has a default verdict of its own", k)
		}
	}
}

func TestDefaultBenignKinds(t *testing.T) {
	got := DefaultBenignKinds()
	want := []normalize.Kind{normalize.KindAnonExpectedUserFound, normalize.KindUserExpectedAnonFound,
		normalize.KindWrongUserID, normalize.KindSoftExpired}
	if len(got) != len(want) {
		t.Fatalf("DefaultBenignKinds() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("DefaultBenignKinds() = %v, want %v", got, want)
		}
	}
}

func TestDefaultVerdictOfNonJWTAndUnknownKinds(t *testing.T) {
	if v := DefaultVerdict(normalize.KindNone); !v.Benign || v.Reason == "" {
		t.Errorf("non-JWT line: %+v, want benign with a reason", v)
	}
	if v := DefaultVerdict("no-such-kind"); v.Benign || v.Reason == "" {
		t.Errorf("unknown kind: %+v, want actionable with a reason", v)
	}
}
