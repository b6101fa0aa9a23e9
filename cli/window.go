package cli

import (
	"time"

	"github.com/wikimedia/jwtriage/internal/timearg"
	"github.com/wikimedia/jwtriage/pipeline"
)

// parseWindow reads --since and --until in any form [timearg.Parse] reads.
func parseWindow(since, until string, now time.Time) (pipeline.Window, error) {
	var w pipeline.Window
	var err error
	if since != "" {
		if w.From, err = timearg.Parse(since, now); err != nil {
			return w, usagef("--since: %v", err)
		}
		if until == "" {
			w.To = now // a duration back from now ends now
		}
	}
	if until != "" {
		if w.To, err = timearg.Parse(until, now); err != nil {
			return w, usagef("--until: %v", err)
		}
	}
	if !w.From.IsZero() && !w.To.IsZero() && !w.From.Before(w.To) {
		return w, usagef("--since %s is not before --until %s", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
	}
	return w, nil
}
