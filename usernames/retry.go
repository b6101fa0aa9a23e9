package usernames

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// retryPolicy bounds how one id is retried.
type retryPolicy struct {
	attempts   int           // requests per id at most
	base       time.Duration // first backoff
	maxBackoff time.Duration // backoff cap
	maxWait    time.Duration // a longer Retry-After stops the API for the run
}

// backoff is the wait before retry number n (0-based): base·2ⁿ capped at
// maxBackoff, with jitter in its upper half so parallel runs do not line up.
func (p retryPolicy) backoff(n int) time.Duration {
	d := p.maxBackoff
	if n < 30 {
		d = min(p.base<<n, p.maxBackoff)
	}
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// budget counts HTTP requests against the run's bound.
type budget struct {
	used, max int
}

func (b *budget) take() bool {
	if b.used >= b.max {
		return false
	}
	b.used++
	return true
}

// errBoundReached is the stop reason when the request bound is used up.
func errBoundReached(max int) string {
	return fmt.Sprintf("request bound of %d reached (raise --resolve-max)", max)
}

// resolveID asks about one id, retrying what is worth retrying. stop is non-empty
// when the API must not be asked again in this run (bound used up, or the server
// asked for a longer wait than allowed).
func (c *apiClient) resolveID(ctx context.Context, id int64, p retryPolicy, b *budget, clock Clock) (res Resolution, stop string) {
	lastErr := ""
	for n := 0; ; n++ {
		if !b.take() {
			stop = errBoundReached(b.max)
			return Resolution{Status: Unresolved, Err: joinReasons(lastErr, stop)}, stop
		}
		o := c.once(ctx, id, clock.Now)
		if o.done {
			return o.res, ""
		}
		lastErr = o.err
		if n+1 >= p.attempts {
			return Resolution{Status: Unresolved, Err: fmt.Sprintf("%s (after %d attempts)", lastErr, p.attempts)}, ""
		}
		wait := p.backoff(n)
		if o.hasRetryAfter {
			wait = o.retryAfter
		}
		if b.used >= b.max { // no request left to retry with: do not wait for nothing
			stop = errBoundReached(b.max)
			return Resolution{Status: Unresolved, Err: joinReasons(lastErr, stop)}, stop
		}
		if wait > p.maxWait {
			stop = fmt.Sprintf("the API asked to wait %s (Retry-After), more than the %s allowed", wait, p.maxWait)
			return Resolution{Status: Unresolved, Err: joinReasons(lastErr, stop)}, stop
		}
		if err := clock.Sleep(ctx, wait); err != nil {
			return Resolution{Status: Unresolved, Err: joinReasons(lastErr, err.Error())}, ""
		}
	}
}

func joinReasons(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
