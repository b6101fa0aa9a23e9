package timearg_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/timearg"
)

var now = time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC 3339 in UTC
	}{
		{"24h", "2025-10-14T06:00:00Z"},
		{"90m", "2025-10-15T04:30:00Z"},
		{"1h30m", "2025-10-15T04:30:00Z"},
		{"7d", "2025-10-08T06:00:00Z"},
		{"1d12h", "2025-10-13T18:00:00Z"},
		{" 2h\n", "2025-10-15T04:00:00Z"},
		{"1760486400", "2025-10-15T00:00:00Z"},
		{"0", "1970-01-01T00:00:00Z"},
		{"2025-10-14", "2025-10-14T00:00:00Z"},
		{"2025-10-14T09:00", "2025-10-14T09:00:00Z"},
		{"2025-10-14T09:00:05", "2025-10-14T09:00:05Z"},
		{"2025-10-14T09:00:05.250", "2025-10-14T09:00:05.25Z"},
		{"2025-10-14 09:00", "2025-10-14T09:00:00Z"},
		{"2025-10-14 09:00:05", "2025-10-14T09:00:05Z"},
		{"2025-10-14T09:00Z", "2025-10-14T09:00:00Z"},
		{"2025-10-14t09:00z", "2025-10-14T09:00:00Z"},
		{"2025-10-14T00:00+02:00", "2025-10-13T22:00:00Z"},
		{"2025-10-14T00:00:30-0530", "2025-10-14T05:30:30Z"},
		{"2025-10-14T09:00:05.123456789Z", "2025-10-14T09:00:05.123456789Z"},
		{"2025-10-14 09:00+02:00", "2025-10-14T07:00:00Z"},
	}
	for _, tt := range tests {
		got, err := timearg.Parse(tt.in, now)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.in, s, tt.want)
		}
		if got.Location() != time.UTC {
			t.Errorf("Parse(%q) is in %v, want UTC", tt.in, got.Location())
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		kind error
		says string
	}{
		{"", timearg.ErrSyntax, "empty time"},
		{"yesterday", timearg.ErrSyntax, `"yesterday" is not a time`},
		{"2025-13-01", timearg.ErrSyntax, "not a time"},
		{"2025-10-14T25:00", timearg.ErrSyntax, "not a time"},
		{"2025-10-14T09", timearg.ErrSyntax, "not a time"},
		{"14/10/2025", timearg.ErrSyntax, "not a time"},
		{"7days", timearg.ErrSyntax, `"ays" after the days`},
		{"-5m", timearg.ErrRange, "must be positive"},
		{"0s", timearg.ErrRange, "must be positive"},
		{"0d", timearg.ErrRange, "must be positive"},
		{"1760486400000", timearg.ErrRange, "milliseconds?"},
		{"99999999999999999999", timearg.ErrRange, "past year 9999"},
		{"999999999d", timearg.ErrRange, "too long"},
		{"106751d24h", timearg.ErrRange, "too long"},
		{"\x1b[31m", timearg.ErrSyntax, `"\x1b[31m"`},
	}
	for _, tt := range tests {
		_, err := timearg.Parse(tt.in, now)
		if !errors.Is(err, tt.kind) {
			t.Errorf("Parse(%q) error %v, want %v", tt.in, err, tt.kind)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Parse(%q) error %q, want one line with %q", tt.in, err, tt.says)
		}
	}
}

// The error names every form, so the user need not look the help up.
func TestParseErrorNamesForms(t *testing.T) {
	_, err := timearg.Parse("soon", now)
	if err == nil || !strings.Contains(err.Error(), timearg.Forms) {
		t.Fatalf("error %v does not name the forms", err)
	}
}

func ExampleParse() {
	now := time.Date(2025, 10, 15, 6, 0, 0, 0, time.UTC)
	for _, s := range []string{"24h", "7d", "2025-10-14", "2025-10-14T00:00+02:00", "1760486400"} {
		t, _ := timearg.Parse(s, now)
		fmt.Println(s, "=>", t.Format(time.RFC3339))
	}
	// Output:
	// 24h => 2025-10-14T06:00:00Z
	// 7d => 2025-10-08T06:00:00Z
	// 2025-10-14 => 2025-10-14T00:00:00Z
	// 2025-10-14T00:00+02:00 => 2025-10-13T22:00:00Z
	// 1760486400 => 2025-10-15T00:00:00Z
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		timearg.Parse("2025-10-14T00:00:30+02:00", now)
	}
}
