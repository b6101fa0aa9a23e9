package exclusion

import (
	"errors"
	"fmt"
	"strings"
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
		return Layout{
			Name:                   name,
			Channel:                Field{"channel.keyword", true},
			Wiki:                   Field{"wiki.keyword", true},
			NormalizedMessage:      Field{"normalized_message.keyword", true},
			Message:                Field{"message", false},
			ExpectedSubject:        Field{"expected_subject", false},
			Subject:                Field{"subject", false},
			ExpectedSubjectKeyword: "expected_subject.keyword",
			SubjectKeyword:         "subject.keyword",
			Provider:               Field{"session_provider_type", false},
		}, nil
	case "ecs":
		return Layout{
			Name:              name,
			Channel:           Field{"labels.channel", true},
			Wiki:              Field{"labels.wiki", true},
			NormalizedMessage: Field{"labels.normalized_message", true},
			Message:           Field{"message", false},
			ExpectedSubject:   Field{"labels.expected_subject", true},
			Subject:           Field{"labels.subject", true},
			Provider:          Field{"labels.session_provider_type", false},
		}, nil
	}
	return Layout{}, fmt.Errorf("%w %q (want %s)", ErrUnknownLayout, name, strings.Join(LayoutNames(), " or "))
}
