package mediawiki_test

import (
	"fmt"
	"testing"

	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/jwtcore/mediawiki"
	"github.com/wikimedia/jwtriage/mwlog"
)

// TestErrorKind: MediaWiki's own exceptions get their kind from [mediawiki.Error.Kind],
// also through [jwtcore.KindOf] and when wrapped.
func TestErrorKind(t *testing.T) {
	tests := []struct {
		err    *mediawiki.Error
		kind   mwlog.Kind
		reason string
	}{
		{&mediawiki.Error{Msg: mediawiki.MsgWrongSubject, Context: jwtcore.NewObject("expected_subject", "anon", "subject", "CentralAuth::1")}, mwlog.KindAnonExpectedUserFound, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongSubject, Context: jwtcore.NewObject("expected_subject", "Alice", "subject", "anon")}, mwlog.KindUserExpectedAnonFound, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongSubject, Context: jwtcore.NewObject("expected_subject", "Alice", "subject", "CentralAuth::2")}, mwlog.KindWrongSubject, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgMissingSub}, mwlog.KindMalformed, mwlog.ReasonClaims},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongSchema}, mwlog.KindMalformed, mwlog.ReasonClaims},
		{&mediawiki.Error{Msg: mediawiki.MsgMissingSubjectScope}, mwlog.KindMalformed, mwlog.ReasonClaims},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongUserID}, mwlog.KindWrongUserID, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongProvider}, mwlog.KindWrongProvider, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongScope}, mwlog.KindWrongScope, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgWrongIssuer}, mwlog.KindWrongIssuer, ""},
		{&mediawiki.Error{Msg: mediawiki.MsgHardExpired}, mwlog.KindHardExpired, ""},
	}
	for _, tt := range tests {
		kind, reason := jwtcore.KindOf(fmt.Errorf("wrapped: %w", tt.err))
		if kind != tt.kind || reason != tt.reason {
			t.Errorf("%v: got (%q, %q), want (%q, %q)", tt.err, kind, reason, tt.kind, tt.reason)
		}
		if k, r := tt.err.Kind(); k != tt.kind || r != tt.reason {
			t.Errorf("%v: Kind() = (%q, %q)", tt.err, k, r)
		}
	}
}
