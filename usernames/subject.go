package usernames

import (
	"strconv"
	"strings"
)

// centralPrefix starts a CentralAuth subject once the `mw:` schema is removed
// (provider "CentralAuth", empty instance, then the gu_id).
const centralPrefix = "CentralAuth::"

// subjectKind sorts a subject string into what the resolver does with it.
type subjectKind int

const (
	subjectOther     subjectKind = iota // anon, local:<wiki>:<id>, other providers, ""
	subjectCentral                      // CentralAuth::<positive id>
	subjectBadID                        // CentralAuth::<not a positive integer>
	subjectPlainName                    // a username logged by name
)

// parseSubject reads a subject as normalize.Subject.Raw gives it (a leading `mw:`
// is tolerated). A string with a colon is never a username: MediaWiki forbids ':'
// in usernames ($wgInvalidUsernameCharacters), so it is some provider's subject.
func parseSubject(s string) (subjectKind, int64) {
	s = strings.TrimPrefix(s, "mw:")
	if rest, ok := strings.CutPrefix(s, centralPrefix); ok {
		id, ok := parseID(rest)
		if !ok {
			return subjectBadID, 0
		}
		return subjectCentral, id
	}
	if s == "" || s == "anon" || strings.Contains(s, ":") {
		return subjectOther, 0
	}
	return subjectPlainName, 0
}

// parseID accepts a positive decimal integer that fits int64 (leading zeros
// allowed, as PHP's (int) cast allows them); signs, spaces and other digits are not.
func parseID(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}
