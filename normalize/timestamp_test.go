package normalize

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	utc := func(s string) time.Time { t, _ := time.Parse(time.RFC3339Nano, s); return t }
	tests := []struct {
		in   any
		want time.Time // zero: not a time
	}{
		{"2025-10-13T09:12:44.123Z", utc("2025-10-13T09:12:44.123Z")},
		{"2025-10-13T09:12:44.123456+00:00", utc("2025-10-13T09:12:44.123456Z")},
		{"2025-10-13T11:12:44+0200", utc("2025-10-13T09:12:44Z")},
		{"2025-10-13 09:12:44", utc("2025-10-13T09:12:44Z")},
		{"2025-10-13T23:30:00+02:00", utc("2025-10-13T21:30:00Z")},
		{"2025-10-13T22:00:00.5-01:00", utc("2025-10-13T23:00:00.5Z")},
		{"2025-10-13T23:45Z", utc("2025-10-13T23:45:00Z")},
		{"2025-10-13T23:45", utc("2025-10-13T23:45:00Z")},
		{"2025-10-13T23", utc("2025-10-13T23:00:00Z")},
		{"2025-10-14", utc("2025-10-14T00:00:00Z")},
		{"1760401800000", utc("2025-10-14T00:30:00Z")},
		{json.Number("1760400000000"), utc("2025-10-14T00:00:00Z")},
		{json.Number("1760400000"), utc("2025-10-14T00:00:00Z")},
		{map[string]any{"date": "2025-10-13 09:12:44.000000", "timezone_type": json.Number("3"), "timezone": "UTC"}, utc("2025-10-13T09:12:44Z")},
		{map[string]any{"date": "2025-10-13 11:12:44.000000", "timezone": "+02:00"}, utc("2025-10-13T09:12:44Z")},
		{map[string]any{"date": "2025-10-13 11:12:44.000000", "timezone": "Europe/Berlin"}, time.Time{}},
		{"", time.Time{}},
		{"yesterday", time.Time{}},
		{"2025-13-01", time.Time{}},
		{"99999999999999999999999", time.Time{}},
		{true, time.Time{}},
		{json.Number("-5"), time.Time{}},
	}
	for _, tc := range tests {
		got, ok := parseTime(tc.in)
		if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
			t.Errorf("parseTime(%#v) = %v, %v; want %v", tc.in, got, ok, tc.want)
		}
	}
}
