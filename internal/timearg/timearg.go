// Package timearg reads the times people type on a command line (--since, --until,
// --at): one parser for every flag, so a form accepted by one is accepted by all.
//
// The forms, tried in this order:
//
//   - a duration back from now: Go's durations (90m, 24h, 1h30m) and days in front of
//     them (7d, 1d12h); it must be positive;
//   - epoch seconds (1760486400), all digits;
//   - a date (2025-10-14), its midnight;
//   - a date-time with minutes or seconds (and a fraction of a second), T or a space
//     between date and time, with Z or an offset (+02:00, +0200) or without, in which
//     case it is UTC, not the machine's zone: a log window means the same on every
//     machine.
//
// Every time returned is in UTC.
package timearg

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Forms says the accepted forms in a few words, for flag help and error messages.
const Forms = "a duration back from now (24h, 7d), a date (2025-10-14), a date-time (2025-10-14T09:00, " +
	"with seconds, Z or an offset such as +02:00; UTC without one) or epoch seconds"

var (
	// ErrSyntax: the text is none of the accepted forms.
	ErrSyntax = errors.New("not a time")
	// ErrRange: the text has an accepted form but a value out of range (a duration that
	// is not positive or overflows, epoch seconds past year 9999).
	ErrRange = errors.New("time out of range")
)

// maxEpoch is 9999-12-31T23:59:59Z: beyond, the number is not epoch seconds (most likely
// milliseconds, which the error says).
const maxEpoch = 253402300799

// maxDays keeps a day count within time.Duration.
const maxDays = int64(1<<63-1) / int64(24*time.Hour)

// layouts are the date and date-time forms after normalization (upper case, T between
// date and time). time.Parse takes a fraction after the seconds without a layout for it;
// Z07:00 takes Z or ±hh:mm, Z0700 ±hhmm.
var layouts = []string{
	"2006-01-02",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04Z0700",
	"2006-01-02T15:04:05Z0700",
}

// Parse reads s as one of the accepted forms (see the package documentation); a
// duration counts back from now. Surrounding spaces are ignored. Errors wrap
// [ErrSyntax] or [ErrRange] and read as one line that names the accepted forms.
func Parse(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errorf(ErrSyntax, "empty time: want %s", Forms)
	}
	if allDigits(s) { // before durations: "0" is 1970, not an empty duration
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n > maxEpoch {
			return time.Time{}, errorf(ErrRange, "%q is past year 9999 as epoch seconds (milliseconds? drop the last three digits)", s)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if d, ok, err := parseDuration(s); ok || err != nil {
		if err != nil {
			return time.Time{}, err
		}
		return now.Add(-d).UTC(), nil
	}
	norm := normalize(s)
	for _, layout := range layouts {
		if t, err := time.Parse(layout, norm); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errorf(ErrSyntax, "%q is not a time: want %s", s, Forms)
}

// parseDuration reads a Go duration with an optional leading day count. ok is false
// when s is not a duration at all (then it may be another form).
func parseDuration(s string) (d time.Duration, ok bool, err error) {
	days, rest := int64(0), s
	if i := strings.IndexByte(s, 'd'); i > 0 && allDigits(s[:i]) {
		n, perr := strconv.ParseInt(s[:i], 10, 64)
		if perr != nil || n > maxDays {
			return 0, true, errorf(ErrRange, "duration %q is too long", s)
		}
		days, rest = n, s[i+1:]
	}
	if rest != "" {
		// A date-time has no duration unit a Go duration would accept after its digits
		// ("2025-10-14" fails here), so the forms cannot be confused.
		d, err = time.ParseDuration(rest)
		if err != nil {
			if days > 0 || rest != s {
				return 0, true, errorf(ErrSyntax, "duration %q: %q after the days is not a duration", s, rest)
			}
			return 0, false, nil
		}
	}
	dayPart := time.Duration(days) * 24 * time.Hour
	if d > 0 && dayPart > (1<<63-1)-d {
		return 0, true, errorf(ErrRange, "duration %q is too long", s)
	}
	d += dayPart
	if d <= 0 {
		return 0, true, errorf(ErrRange, "duration %q must be positive (it counts back from now)", s)
	}
	return d, true, nil
}

// normalize upper-cases s (t and z are read as T and Z) and puts a T between the date
// and a time written after a space.
func normalize(s string) string {
	s = strings.ToUpper(s)
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + strings.TrimLeft(s[11:], " ")
	}
	return s
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseError reads as its message alone and matches its sentinel with errors.Is.
type parseError struct {
	msg  string
	kind error
}

func (e *parseError) Error() string { return e.msg }
func (e *parseError) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) error {
	return &parseError{msg: fmt.Sprintf(format, args...), kind: kind}
}
