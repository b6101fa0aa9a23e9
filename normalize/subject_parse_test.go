package normalize

import "testing"

func TestParseSubject(t *testing.T) {
	tests := []struct {
		in   string
		want Subject
	}{
		{"mw:CentralAuth::123", Subject{Raw: "CentralAuth::123", Provider: "CentralAuth", ID: 123}},
		{"CentralAuth::123", Subject{Raw: "CentralAuth::123", Provider: "CentralAuth", ID: 123}},
		{" mw:CentralAuth::9007199254740993 ", Subject{Raw: "CentralAuth::9007199254740993", Provider: "CentralAuth", ID: 9007199254740993}},
		{"mw:anon", Subject{Raw: "anon", Anon: true}},
		{"anon", Subject{Raw: "anon", Anon: true}},
		{"mw:local:enwiki:5", Subject{Raw: "local:enwiki:5", Provider: "local", Instance: "enwiki", ID: 5}},
		{"IOS-Eng-Test", Subject{Raw: "IOS-Eng-Test", Name: "IOS-Eng-Test"}},
		{"Anon", Subject{Raw: "Anon", Name: "Anon"}},
		{"Ünïcødé Üser", Subject{Raw: "Ünïcødé Üser", Name: "Ünïcødé Üser"}},
		{"", Subject{}},
		{"mw:", Subject{}},
		// what MediaWiki calls a missing scope or a bad id: kept, but names nobody
		{"mw:CentralAuth:123", Subject{Raw: "CentralAuth:123"}},
		{"a:b:c:d", Subject{Raw: "a:b:c:d"}},
		{"CentralAuth::abc", Subject{Raw: "CentralAuth::abc", Provider: "CentralAuth"}},
		{"CentralAuth::-5", Subject{Raw: "CentralAuth::-5", Provider: "CentralAuth"}},
		{"CentralAuth::+5", Subject{Raw: "CentralAuth::+5", Provider: "CentralAuth"}},
		{"CentralAuth::0", Subject{Raw: "CentralAuth::0", Provider: "CentralAuth"}},
		{"CentralAuth::99999999999999999999", Subject{Raw: "CentralAuth::99999999999999999999", Provider: "CentralAuth"}},
		{"::5", Subject{Raw: "::5"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := ParseSubject(tt.in)
			if got != tt.want {
				t.Errorf("ParseSubject(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if again := ParseSubject(got.Raw); again != got {
				t.Errorf("ParseSubject(%q) = %+v, not the same as from %q", got.Raw, again, tt.in)
			}
		})
	}
}

// TestEventSubject checks who an event is about, kind by kind.
func TestEventSubject(t *testing.T) {
	centralAuth := func(id int64, raw string) Subject {
		return Subject{Raw: raw, Provider: "CentralAuth", ID: id}
	}
	tests := []struct {
		name  string
		kind  Kind
		clues subjectClues
		want  Subject
	}{
		{"anon expected: the JWT's user", KindAnonExpectedUserFound,
			subjectClues{expected: "anon", subject: "CentralAuth::12345"}, centralAuth(12345, "CentralAuth::12345")},
		{"anon found: the expected user", KindUserExpectedAnonFound,
			subjectClues{expected: "IOS-Eng-Test", subject: "anon"}, Subject{Raw: "IOS-Eng-Test", Name: "IOS-Eng-Test"}},
		{"wrong subject: the JWT's user", KindWrongSubject,
			subjectClues{expected: "Example", subject: "CentralAuth::7"}, centralAuth(7, "CentralAuth::7")},
		{"wrong user ID: the JWT's central id", KindWrongUserID,
			subjectClues{centralID: "42"}, centralAuth(42, "CentralAuth::42")},
		{"wrong user ID with a bad id: the session user", KindWrongUserID,
			subjectClues{centralID: "x", user: "Example"}, Subject{Raw: "Example", Name: "Example"}},
		{"soft-expired: subject", KindSoftExpired,
			subjectClues{subject: "mw:CentralAuth::5", user: "Other"}, centralAuth(5, "CentralAuth::5")},
		{"hard-expired: the session user", KindHardExpired,
			subjectClues{user: "Example"}, Subject{Raw: "Example", Name: "Example"}},
		{"an IP is not a user", KindHardExpired,
			subjectClues{user: "2001:db8::1"}, Subject{}},
		{"anonymous JWT and nobody else", KindOtherJWT,
			subjectClues{subject: "mw:anon"}, Subject{Raw: "anon", Anon: true}},
		{"missing scope: the unreadable subject", KindMalformed,
			subjectClues{subject: "CentralAuth:5"}, Subject{Raw: "CentralAuth:5"}},
		{"nothing", KindNone, subjectClues{}, Subject{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eventSubject(tt.kind, tt.clues); got != tt.want {
				t.Errorf("eventSubject(%q, %+v) = %+v, want %+v", tt.kind, tt.clues, got, tt.want)
			}
		})
	}
}
