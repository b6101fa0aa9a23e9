package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/wikimedia/jwtriage/pipeline"
)

// parseWindow reads --since and --until: a duration back from now ("24h", "90m",
// "7d") or a time ("2025-10-13", "2025-10-13T09:00", RFC 3339).
func parseWindow(since, until string, now time.Time) (pipeline.Window, error) {
	var w pipeline.Window
	var err error
	if since != "" {
		if w.From, err = parseTimeArg(since, now); err != nil {
			return w, usagef("report: --since: %v", err)
		}
		if until == "" {
			w.To = now // a duration back from now ends now
		}
	}
	if until != "" {
		if w.To, err = parseTimeArg(until, now); err != nil {
			return w, usagef("report: --until: %v", err)
		}
	}
	if !w.From.IsZero() && !w.To.IsZero() && !w.From.Before(w.To) {
		return w, usagef("report: --since %s is not before --until %s", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
	}
	return w, nil
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

func parseTimeArg(s string, now time.Time) (time.Time, error) {
	if d, ok := parseDays(s); ok {
		return now.Add(-d), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d <= 0 {
			return time.Time{}, usagef("duration %q must be positive", s)
		}
		return now.Add(-d), nil
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, usagef("%q is neither a duration (24h, 7d) nor a time (2025-10-13, 2025-10-13T09:00:00Z)", s)
}

// parseDays reads "7d": Go's durations stop at hours, log windows are often days.
func parseDays(s string) (time.Duration, bool) {
	n, ok := strings.CutSuffix(s, "d")
	if !ok {
		return 0, false
	}
	days, err := strconv.Atoi(n)
	if err != nil || days <= 0 {
		return 0, false
	}
	return time.Duration(days) * 24 * time.Hour, true
}
