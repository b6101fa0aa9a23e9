package cli

import (
	"errors"
	"strings"
	"testing"
)

const pasteTok = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtdzphbm9uIn0.c2ln="

func TestPastedToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{pasteTok, pasteTok},
		{"  " + pasteTok + "\n", pasteTok},
		{"sessionJwt=" + pasteTok, pasteTok},
		{"sessionJwt=" + pasteTok + ";", pasteTok},
		{`sessionJwt="` + pasteTok + `"`, pasteTok},
		{"Cookie: enwikiSession=abc; sessionJwt=" + pasteTok + "; centralauth_User=Alice", pasteTok},
		{"cookie:sessionJwt=" + pasteTok, pasteTok},
		{"Set-Cookie: sessionJwt=" + pasteTok + "; path=/; secure; HttpOnly", pasteTok},
		{"GET /wiki/Main_Page HTTP/2\r\nHost: en.wikipedia.org\r\nCookie: a=b; sessionJwt=" + pasteTok + "\r\n\r\n", pasteTok},
		{"Authorization: Bearer " + pasteTok, pasteTok},
	}
	for _, tt := range tests {
		got, err := pastedToken(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("pastedToken(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestPastedTokenErrors(t *testing.T) {
	tests := []struct{ in, says string }{
		{"Cookie: enwikiSession=" + pasteTok + "; other=1", `the cookies given ("enwikiSession", "other") hold no sessionJwt cookie`},
		{"sessionJwt=deleted", "is empty"},
		{"a=1;b=2", "no sessionJwt cookie"},
		{"line one\nline two", "2 lines given, none of them a Cookie header"},
		{"Authorization: Basic " + pasteTok, "no Bearer token"},
	}
	for _, tt := range tests {
		_, err := pastedToken(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.says) {
			t.Errorf("pastedToken(%q) error %v, want one saying %q", tt.in, err, tt.says)
		}
		if err != nil && strings.Contains(err.Error(), pasteTok) {
			t.Errorf("pastedToken(%q) error %q shows the token", tt.in, err)
		}
	}
	if _, err := pastedToken("a=1; b=2"); !errors.Is(err, errNoSessionCookie) {
		t.Errorf("error %v is not errNoSessionCookie", err)
	}
}

// FuzzPastedToken: never a panic; a token found is a substring of the text with no
// surrounding space, and never a multi-line one.
func FuzzPastedToken(f *testing.F) {
	for _, s := range []string{pasteTok, "sessionJwt=" + pasteTok, "Cookie: a=1; sessionJwt=\"x\"", "a\nCookie: sessionJwt=y", "Authorization: bearer z", "=;=;", "Set-Cookie:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := pastedToken(s)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("pastedToken(%q): error %q spans lines", s, err)
			}
			return
		}
		if !strings.Contains(s, got) || strings.ContainsAny(got, "\r\n") || got != strings.TrimSpace(got) {
			t.Fatalf("pastedToken(%q) = %q", s, got)
		}
	})
}
