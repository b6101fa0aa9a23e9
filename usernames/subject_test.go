package usernames

import "testing"

// TestParseSubject: what the resolver does with each form of subject the report
// gives it, including the CentralAuth subjects whose id is not a positive integer.
func TestParseSubject(t *testing.T) {
	for _, c := range []struct {
		subject string
		kind    subjectKind
		id      int64
	}{
		{"CentralAuth::123", subjectCentral, 123},
		{"mw:CentralAuth::007", subjectCentral, 7},
		{"CentralAuth::0", subjectBadID, 0},
		{"CentralAuth::-1", subjectBadID, 0},
		{"CentralAuth::+5", subjectBadID, 0},
		{"CentralAuth::x", subjectBadID, 0},
		{"CentralAuth::", subjectBadID, 0},
		{"CentralAuth::1:2", subjectBadID, 0},
		{"CentralAuth::99999999999999999999", subjectBadID, 0},
		{"CentralAuth:enwiki:5", subjectOther, 0},
		{"local:enwiki:5", subjectOther, 0},
		{"anon", subjectOther, 0},
		{"", subjectOther, 0},
		{"Foo Bar", subjectPlainName, 0},
	} {
		if kind, id := parseSubject(c.subject); kind != c.kind || id != c.id {
			t.Errorf("parseSubject(%q) = %v, %d; want %v, %d", c.subject, kind, id, c.kind, c.id)
		}
	}
}
