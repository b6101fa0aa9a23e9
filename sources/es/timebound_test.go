package es

import (
	"errors"
	"testing"
	"time"
)

func TestParseTimeBound(t *testing.T) {
	now := time.Date(2025, 10, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{in: "24h", want: now.Add(-24 * time.Hour)},
		{in: "90m", want: now.Add(-90 * time.Minute)},
		{in: "1h30m", want: now.Add(-90 * time.Minute)},
		{in: "7d", want: now.Add(-7 * 24 * time.Hour)},
		{in: " 0s ", want: now},
		{in: "2025-10-13", want: time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)},
		{in: "2025-10-13T09:12:44Z", want: time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC)},
		{in: "2025-10-13T09:12:44.123Z", want: time.Date(2025, 10, 13, 9, 12, 44, 123e6, time.UTC)},
		{in: "2025-10-13T11:12:44+02:00", want: time.Date(2025, 10, 13, 9, 12, 44, 0, time.UTC)},
		{in: "", wantErr: true},
		{in: "yesterday", wantErr: true},
		{in: "-24h", wantErr: true},
		{in: "24", wantErr: true},
		{in: "1.5d", wantErr: true},
		{in: "99999999d", wantErr: true},
		{in: "2025-13-01", wantErr: true},
		{in: "2025-10-13 09:12:44", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseTimeBound(tt.in, now)
		if tt.wantErr {
			if !errors.Is(err, ErrTimeBound) {
				t.Errorf("ParseTimeBound(%q) = %v, %v; want ErrTimeBound", tt.in, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseTimeBound(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// FuzzParseTimeBound: any input gives a time or ErrTimeBound, never a panic; a
// duration never lies in the future.
func FuzzParseTimeBound(f *testing.F) {
	for _, s := range []string{"24h", "7d", "2025-10-13", "2025-10-13T09:12:44.123Z", "x", "1e9h", "0d", "-1d"} {
		f.Add(s)
	}
	now := time.Date(2025, 10, 15, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimeBound(s, now)
		if err != nil {
			if !errors.Is(err, ErrTimeBound) {
				t.Fatalf("ParseTimeBound(%q): error %v is not ErrTimeBound", s, err)
			}
			return
		}
		if _, ok, _ := parseLookback(s); ok && got.After(now) {
			t.Fatalf("ParseTimeBound(%q) = %v, after now", s, got)
		}
	})
}
