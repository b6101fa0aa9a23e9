package usernames

import (
	"strings"

	"github.com/wikimedia/jwtriage/normalize"
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

// parseSubject sorts a subject as [normalize.Subject.Raw] gives it, read by
// [normalize.ParseSubject]. A string with a colon is never a username: MediaWiki
// forbids ':' in usernames ($wgInvalidUsernameCharacters), so it is some provider's
// subject; one that starts like a CentralAuth subject but has no positive id after
// the `::` (`CentralAuth::x`, `CentralAuth::1:2`) is a bad id.
func parseSubject(s string) (subjectKind, int64) {
	sub := normalize.ParseSubject(s)
	switch {
	case strings.HasPrefix(sub.Raw, centralPrefix):
		if sub.ID > 0 && sub.Instance == "" {
			return subjectCentral, sub.ID
		}
		return subjectBadID, 0
	case sub.Name != "":
		return subjectPlainName, 0
	}
	return subjectOther, 0
}
