package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Tokens as people paste them: from a browser's developer tools as `sessionJwt=…`, or a
// whole `Cookie:` request header copied from the network tab, or an HTTP request of
// several lines; with spaces and newlines around. pastedToken finds the token in all
// of those, so nobody has to cut it out by hand (and leave part of it in a terminal's
// scrollback).

// tokenArgHelp says in help how a token may be given.
const tokenArgHelp = `TOKEN may be written sessionJwt=..., or be a whole Cookie header; without it
(or with -) it is read from stdin: better there than on the command line, where
it stays in the shell's history.`

// sessionCookie is the cookie MediaWiki keeps the session JWT in, whatever
// $wgCookiePrefix says (reference/mediawiki-jwt-sessions.md).
const sessionCookie = "sessionJwt"

// errNoSessionCookie: cookies were pasted, none of them sessionJwt.
var errNoSessionCookie = errors.New("no " + sessionCookie + " cookie")

// pastedToken returns the token in text: text itself trimmed, or the value of the
// sessionJwt cookie when text is `sessionJwt=…`, a cookie list (`a=1; sessionJwt=…`), a
// `Cookie:` or `Set-Cookie:` header, or lines among which one is such a header. The
// token's bytes are never part of an error.
func pastedToken(text string) (string, error) {
	text = strings.TrimSpace(text)
	if strings.ContainsAny(text, "\r\n") {
		header, ok := cookieHeaderLine(text)
		if !ok {
			return "", fmt.Errorf("%d lines given, none of them a Cookie header: give one token", strings.Count(strings.ReplaceAll(text, "\r\n", "\n"), "\n")+1)
		}
		text = header
	}
	name, rest, isHeader := cutHeaderName(text)
	if !isHeader && !strings.Contains(text, ";") && !strings.HasPrefix(text, sessionCookie+"=") {
		return text, nil // a bare token (base64 padding may end in '=')
	}
	if isHeader && strings.EqualFold(name, "authorization") {
		bearer, ok := cutPrefixFold(strings.TrimSpace(rest), "bearer ")
		if !ok {
			return "", errors.New("the Authorization header has no Bearer token")
		}
		return strings.TrimSpace(bearer), nil
	}
	return sessionCookieValue(rest)
}

// cookieHeaderLine returns the value part of the first Cookie, Set-Cookie or
// Authorization header among the lines of text, with its name.
func cookieHeaderLine(text string) (string, bool) {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if _, _, ok := cutHeaderName(line); ok {
			return line, true
		}
	}
	return "", false
}

// cutHeaderName splits "Cookie: a=b" into its name and value; ok is false when text does
// not start with a header jwtriage reads a token from.
func cutHeaderName(text string) (name, value string, ok bool) {
	name, value, found := strings.Cut(text, ":")
	if !found {
		return "", text, false
	}
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "cookie", "set-cookie", "authorization":
		return strings.TrimSpace(name), value, true
	}
	return "", text, false
}

// sessionCookieValue finds sessionJwt in a cookie list "a=1; sessionJwt=…; b=2" (a
// Set-Cookie's attributes follow the same syntax). A value in double quotes is
// unquoted, as RFC 6265 allows.
func sessionCookieValue(list string) (string, error) {
	var names []string
	for pair := range strings.SplitSeq(list, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(pair), "=")
		name = strings.TrimSpace(name)
		if name == sessionCookie {
			value = strings.TrimSpace(value)
			if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
				value = value[1 : len(value)-1]
			}
			if value == "" || value == "deleted" {
				return "", fmt.Errorf("the %s cookie is empty (%q): MediaWiki reads no token from it", sessionCookie, value)
			}
			return value, nil
		}
		if name != "" && len(names) < 10 {
			names = append(names, strconv.Quote(name))
		}
	}
	if len(names) == 0 {
		return "", fmt.Errorf("the cookies given hold %w", errNoSessionCookie)
	}
	return "", fmt.Errorf("the cookies given (%s) hold %w", strings.Join(names, ", "), errNoSessionCookie)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
