package mediawiki

import (
	"github.com/wikimedia/jwtriage/jwtcore"
	"github.com/wikimedia/jwtriage/mwlog"
)

// Error is a JwtException of MediaWiki's own checks: Msg is the normalized
// message ("JWT error: wrong subject"), Context its PSR-3 context.
type Error struct {
	Msg     string
	Context *jwtcore.Object
}

func (e *Error) Error() string { return e.Msg }

// The normalized messages of MediaWiki's JwtException.
const (
	MsgMissingSub          = "JWT error: missing sub key"
	MsgWrongSchema         = "JWT error: wrong schema for sub"
	MsgWrongSubject        = "JWT error: wrong subject"
	MsgMissingSubjectScope = "JWT error: missing subject scope"
	MsgWrongProvider       = "JWT error: wrong provider"
	MsgWrongScope          = "JWT error: wrong scope"
	MsgWrongUserID         = "JWT error: wrong user ID"
	MsgWrongIssuer         = "JWT error: wrong issuer"
	MsgHardExpired         = "JWT error: hard-expired"
)

// Kind maps the exception to its canonical kind and reason; wrong subject is told apart
// by its context. [jwtcore.KindOf] finds this method, so it classifies an *Error too.
func (e *Error) Kind() (mwlog.Kind, string) {
	switch e.Msg {
	case MsgMissingSub, MsgWrongSchema, MsgMissingSubjectScope:
		return mwlog.KindMalformed, mwlog.ReasonClaims
	case MsgWrongSubject:
		if v, _ := e.Context.String("expected_subject"); v == "anon" {
			return mwlog.KindAnonExpectedUserFound, ""
		}
		if v, _ := e.Context.String("subject"); v == "anon" {
			return mwlog.KindUserExpectedAnonFound, ""
		}
		return mwlog.KindWrongSubject, ""
	case MsgWrongProvider:
		return mwlog.KindWrongProvider, ""
	case MsgWrongScope:
		return mwlog.KindWrongScope, ""
	case MsgWrongUserID:
		return mwlog.KindWrongUserID, ""
	case MsgWrongIssuer:
		return mwlog.KindWrongIssuer, ""
	case MsgHardExpired:
		return mwlog.KindHardExpired, ""
	}
	return mwlog.KindOtherJWT, ""
}
