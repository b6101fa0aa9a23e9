package es

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrTimeBound is the error of an unreadable --since or --until value.
var ErrTimeBound = errors.New("not a duration or a time")

// ParseTimeBound reads a --since/--until value: a duration back from now ("90m", "24h",
// "7d"), an RFC 3339 time ("2025-10-13T09:00:00Z", fractions and offsets allowed), or a
// UTC date ("2025-10-13", its midnight).
func ParseTimeBound(s string, now time.Time) (time.Time, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		return time.Time{}, fmt.Errorf("%w: empty", ErrTimeBound)
	}
	if d, ok, err := parseLookback(v); ok {
		if err != nil {
			return time.Time{}, fmt.Errorf("%w: %q: %w", ErrTimeBound, s, err)
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: %q (want e.g. 24h, 7d, 2025-10-13 or 2025-10-13T09:00:00Z)", ErrTimeBound, s)
}

// parseLookback reads a non-negative Go duration, or a whole number of days ("7d"). ok
// says whether v has a duration's shape at all (a digit first, a unit letter last).
func parseLookback(v string) (d time.Duration, ok bool, err error) {
	if v[0] < '0' || v[0] > '9' || strings.ContainsAny(v, "-:T ") {
		return 0, false, nil
	}
	if days, found := strings.CutSuffix(v, "d"); found {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil || n > 100*365 {
			return 0, true, errors.New("want a whole number of days up to 36500")
		}
		return time.Duration(n) * 24 * time.Hour, true, nil
	}
	d, err = time.ParseDuration(v)
	if err != nil {
		return 0, true, err
	}
	return d, true, nil
}
