package usernames

import (
	"errors"
	"fmt"
)

// Sentinel errors, checked with errors.Is.
var (
	// ErrBadMap: the users map file could not be read as one (see *MapError for where).
	ErrBadMap = errors.New("bad users map")
	// ErrNoContact: an API URL was given without the contact Wikimedia's User-Agent
	// policy requires.
	ErrNoContact = errors.New("the Action API needs a contact for the User-Agent (--user-agent, e.g. an email address or User:Name)")
	// ErrBadContact: the contact has characters a User-Agent header cannot carry.
	ErrBadContact = errors.New("bad User-Agent contact")
	// ErrBadAPIURL: the API URL is not an absolute http(s) URL.
	ErrBadAPIURL = errors.New("bad Action API URL")
	// ErrBadOption: an option value is out of range (a negative bound, TTL or timeout).
	ErrBadOption = errors.New("bad resolver option")
)

// MapError is a users map problem at a place in the file. It wraps ErrBadMap.
type MapError struct {
	File   string
	Line   int // 1-based; 0 when the problem is the whole file
	Column int // 1-based; 0 when unknown
	Msg    string
}

func (e *MapError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap lets errors.Is(err, ErrBadMap) find it.
func (e *MapError) Unwrap() error { return ErrBadMap }
