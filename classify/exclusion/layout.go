package exclusion

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/mwlog"
)

// Layout names the fields of one kind of index: where the channel, wiki, message and
// the JWT context of a MediaWiki log line are.
type Layout struct {
	Name              string
	Channel           Field
	Wiki              Field
	NormalizedMessage Field // the message template; exact values
	Message           Field // the interpolated message; phrases
	ExpectedSubject   Field
	Subject           Field
	// ExpectedSubjectKeyword and SubjectKeyword are the exact (keyword) subfields of
	// the two when the mapping may have them ("" when the field itself is exact). A
	// phrase is case-insensitive: `expected_subject:"anon"` also matches the user
	// named Anon. The queries compare the keyword where the index has it and fall
	// back to the phrase where it does not.
	ExpectedSubjectKeyword string
	SubjectKeyword         string
	Provider               Field // session_provider_type
	// ClientIP and UserAgent are where normalize looks for the client's address and
	// User-Agent, in its order (the first present one counts); exact fields.
	ClientIP  []Field
	UserAgent []Field
	// Users are the exact fields of the names normalize attributes an event to
	// (subject, expected_subject, user).
	Users []Field
	// MWVersion, ServerGroup and Providers are the exact fields of the release, the
	// server group and the session provider, in normalize's order.
	MWVersion, ServerGroup, Providers []Field
}

// fields maps names to fields with f.
func fields(f func(string) Field, names ...string) []Field {
	out := make([]Field, len(names))
	for i, n := range names {
		out[i] = f(n)
	}
	return out
}

// ErrUnknownLayout is returned by LayoutNamed for a name it does not know.
var ErrUnknownLayout = errors.New("unknown index layout")

// LayoutNames lists the layouts LayoutNamed knows.
func LayoutNames() []string { return []string{"wikimedia", "ecs"} }

// LayoutNamed returns a layout:
//
//   - "wikimedia": Wikimedia's logstash-* indices. channel, wiki and normalized_message
//     are text with a .keyword subfield, compared exactly there; the message and the
//     context keys (expected_subject, subject, session_provider_type) are compared as
//     phrases, which works whether the mapping made them text or keyword; for
//     expected_subject and subject their .keyword is used when the index has it.
//   - "ecs": ECS indices (ecs-*): the context is under labels.*, which ECS maps as
//     keywords (exact), the message is text.
func LayoutNamed(name string) (Layout, error) {
	switch name {
	case "wikimedia":
		kw := func(f string) Field { return Field{f + mwlog.KeywordSuffix, true} }
		return Layout{
			Name:                   name,
			Channel:                kw(mwlog.FieldChannel),
			Wiki:                   kw(mwlog.FieldWiki),
			NormalizedMessage:      kw(mwlog.FieldNormalizedMessage),
			Message:                Field{mwlog.FieldMessage, false},
			ExpectedSubject:        Field{mwlog.KeyExpectedSubject, false},
			Subject:                Field{mwlog.KeySubject, false},
			ExpectedSubjectKeyword: mwlog.KeyExpectedSubject + mwlog.KeywordSuffix,
			SubjectKeyword:         mwlog.KeySubject + mwlog.KeywordSuffix,
			Provider:               Field{mwlog.KeyProvider, false},
			ClientIP:               fields(kw, mwlog.KeyClientIP, mwlog.FieldIP, mwlog.ECSClientIP, mwlog.ECSSourceIP),
			UserAgent:              fields(kw, mwlog.KeyUserAgent, mwlog.KeyOriginalUA, mwlog.ECSUserAgent, mwlog.ECSHTTPUserAgent),
			Users:                  fields(kw, mwlog.KeySubject, mwlog.KeyExpectedSubject, mwlog.KeyUser),
			MWVersion:              fields(kw, mwlog.FieldMWVersion),
			ServerGroup:            fields(kw, mwlog.FieldServerGroup),
			Providers:              fields(kw, mwlog.KeyProvider),
		}, nil
	case "ecs":
		label := func(k string, exact bool) Field { return Field{mwlog.ECSLabel(k), exact} }
		return Layout{
			Name:              name,
			Channel:           label(mwlog.FieldChannel, true),
			Wiki:              label(mwlog.FieldWiki, true),
			NormalizedMessage: label(mwlog.FieldNormalizedMessage, true),
			Message:           Field{mwlog.FieldMessage, false},
			ExpectedSubject:   label(mwlog.KeyExpectedSubject, true),
			Subject:           label(mwlog.KeySubject, true),
			Provider:          label(mwlog.KeyProvider, false),
			ClientIP: []Field{label(mwlog.KeyClientIP, true), {mwlog.ECSClientIP, true}, {mwlog.ECSSourceIP, true},
				{mwlog.FieldIP, true}},
			UserAgent: []Field{label(mwlog.KeyUserAgent, true), label(mwlog.KeyOriginalUA, true),
				{mwlog.ECSUserAgent, true}, {mwlog.ECSHTTPUserAgent, true}},
			Users: []Field{label(mwlog.KeySubject, true), label(mwlog.KeyExpectedSubject, true), label(mwlog.KeyUser, true)},
			// Request fields are under labels, or top level.
			MWVersion:   []Field{label(mwlog.FieldMWVersion, true), {mwlog.FieldMWVersion, true}},
			ServerGroup: []Field{label(mwlog.FieldServerGroup, true), {mwlog.FieldServerGroup, true}},
			Providers:   []Field{label(mwlog.KeyProvider, true), {mwlog.KeyProvider, true}},
		}, nil
	}
	return Layout{}, fmt.Errorf("%w %q (want %s)", ErrUnknownLayout, name, strings.Join(LayoutNames(), " or "))
}
