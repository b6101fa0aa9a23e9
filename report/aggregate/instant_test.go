package aggregate

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// TestTimesAsInstants: the spans and hours the aggregator keeps as Unix seconds and
// nanoseconds (instant) are the ones time.Time comparisons give, for times in any
// zone, before 1970 with a fraction of a second, at the ends of the years the decoders
// read, far beyond them, and the zero time (no time: in no span, no hour), whether it comes first or not.
func TestTimesAsInstants(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("east", 14*3600), time.FixedZone("west", -(9*3600 + 30*60))}
	pool := []time.Time{
		{}, // no time
		time.Date(1969, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(1969, 12, 31, 23, 0, 0, 1, time.UTC),
		time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 1, 1, 0, 0, 0, 1, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), // a nanosecond after the zero time
		time.Date(9999, 12, 31, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(2025, 10, 13, 0, 59, 59, 500, time.UTC),
		time.Date(2025, 10, 13, 0, 59, 59, 0, time.UTC), // the same second
		time.Date(2025, 10, 13, 0, 59, 59, 999_999_999, time.UTC),
		time.Date(2025, 10, 13, 1, 0, 0, 0, time.UTC),
		// Far apart enough that the difference of their Unix seconds overflows an int64
		// (the hour of the previous event is compared with such a difference).
		time.Unix(1<<62, 0).UTC(),
		time.Unix(-(1 << 62), 1).UTC(),
	}
	for seed := range uint64(200) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 3))
			a := New(Options{})
			var first, last time.Time // time.Time's answers: the reference
			hours := map[time.Time]int64{}
			for range 1 + rng.IntN(6) {
				at := pool[rng.IntN(len(pool))].In(zones[rng.IntN(len(zones))])
				if rng.IntN(4) == 0 {
					a.Outside(1, at, at)
				} else {
					a.Event(&classify.Result{Event: normalize.Event{Kind: normalize.KindExpired, Time: at}})
					if !at.IsZero() {
						hours[at.UTC().Truncate(time.Hour)]++
					}
				}
				if at.IsZero() {
					continue
				}
				if first.IsZero() || at.Before(first) {
					first = at
				}
				if last.IsZero() || at.After(last) {
					last = at
				}
			}
			r := a.Build(fixture.Now)
			if !sameInstant(r.DataSpan.From, first) || !sameInstant(r.DataSpan.To, last) {
				t.Errorf("data span %v – %v, want %v – %v", r.DataSpan.From, r.DataSpan.To, first, last)
			}
			for _, k := range r.Kinds {
				for _, h := range k.Hours {
					if hours[h.Hour] != h.Count {
						t.Errorf("hour %v: %d events, want %d", h.Hour, h.Count, hours[h.Hour])
					}
					delete(hours, h.Hour)
				}
			}
			if len(hours) != 0 {
				t.Errorf("hours missing: %v", hours)
			}
		})
	}
}

// sameInstant reports whether got is want in UTC, or nil for the zero time.
func sameInstant(got *time.Time, want time.Time) bool {
	if want.IsZero() {
		return got == nil
	}
	return got != nil && *got == want.UTC()
}
