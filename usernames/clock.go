package usernames

import (
	"context"
	"time"

	"github.com/wikimedia/jwtriage/internal/httpretry"
)

// Clock is the time source the resolver reads (cache ages, Retry-After dates) and
// waits on (backoff). Tests pass a fake one so no test ever sleeps.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or returns ctx.Err() as soon as ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// SystemClock is the real clock, reading the time from now (nil: time.Now), so a
// command whose clock is injected (cli.Streams.Now) ages the cache by that clock
// while still really waiting between retries.
func SystemClock(now func() time.Time) Clock { return systemClock{now: now} }

// systemClock waits with real timers.
type systemClock struct{ now func() time.Time }

func (c systemClock) Now() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	return httpretry.Sleep(ctx, d)
}
