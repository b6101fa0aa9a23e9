package usernames

import (
	"fmt"
	"strings"
	"unicode"
)

// projectURL is where an API operator reading the User-Agent finds the tool.
const projectURL = "https://github.com/wikimedia/jwtriage"

// userAgent builds the descriptive User-Agent Wikimedia's policy asks for:
// tool/version, a contact and a URL in parentheses, then the HTTP library.
// https://foundation.wikimedia.org/wiki/Policy:Wikimedia_Foundation_User-Agent_Policy
func userAgent(version, contact string) string {
	return fmt.Sprintf("jwtriage/%s (%s; %s) Go-http-client/1.1", version, contact, projectURL)
}

// checkContact refuses a contact that would break the header or its parentheses.
func checkContact(contact string) error {
	if strings.TrimSpace(contact) == "" {
		return ErrNoContact
	}
	for _, r := range contact {
		if r > unicode.MaxASCII || unicode.IsControl(r) || r == '(' || r == ')' {
			return fmt.Errorf("%w %q: use printable ASCII without parentheses (an email address, a URL or User:Name)", ErrBadContact, contact)
		}
	}
	return nil
}
