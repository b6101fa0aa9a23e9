package timearg_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/timearg"
)

// FuzzParse: never a panic; an error is one line of a known kind; a time is UTC, and an
// absolute form (not a duration) reads back as the same instant from its RFC 3339 form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"24h", "7d", "1d12h", "1760486400", "2025-10-14", "2025-10-14T09:00",
		"2025-10-14 09:00:05.5", "2025-10-14T00:00+02:00", "2025-10-14T00:00:00-0530", "-5m", "0", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := timearg.Parse(s, now)
		if err != nil {
			if !errors.Is(err, timearg.ErrSyntax) && !errors.Is(err, timearg.ErrRange) {
				t.Fatalf("Parse(%q): error %v of no known kind", s, err)
			}
			if strings.ContainsAny(err.Error(), "\n\r") {
				t.Fatalf("Parse(%q): error %q spans lines", s, err)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("Parse(%q) = %v, not UTC", s, got)
		}
		back, err := timearg.Parse(got.Format(time.RFC3339Nano), now)
		if got.Year() >= 0 && got.Year() <= 9999 && (err != nil || !back.Equal(got)) {
			t.Fatalf("Parse(%q) = %v; its RFC 3339 form reads back as %v, %v", s, got, back, err)
		}
	})
}
