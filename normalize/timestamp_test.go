package normalize

import (
	"encoding/json"
	"reflect"
	"regexp"
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

// FuzzParseLogstashTime: what the fast path reads, it reads exactly as time.Parse does
// (what it declines goes to time.Parse), and it takes the forms the layouts write.
func FuzzParseLogstashTime(f *testing.F) {
	for _, s := range []string{"2025-10-13T09:12:44.123Z", "2024-02-29T23:59:59Z", "2025-02-29T00:00:00Z",
		"2025-10-13T09:12:44.123456789Z", "2025-10-13T09:12:44.1234567891Z", "0000-01-01T00:00:00.Z",
		"2025-10-13T01:37:29.943992+00:00", "2025-10-13T01:37:29+00:00", "2025-10-13T01:37:29.1+01:00", "2025-10-13T01:37:29.+00:00",
		"2025-10-13T24:00:00Z", "2025-10-13T09:12:60Z", "2025-10-13T09:12:44,5Z", "+025-10-13T09:12:44Z",
		"2025-10-13T09:12:59.999Z", "2025-10-13T09:12:60.000Z", "2025-10-13T09:12:05.0a0Z", "2025-10-13T09:12:05:000Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseLogstashTime(s)
		want, err := time.Parse(time.RFC3339, s)
		if !ok {
			if err == nil && logstashForm.MatchString(s) && len(s) <= 35 {
				t.Fatalf("%q: declined, time.Parse reads %v", s, want)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: read as %v, time.Parse: %v", s, got, err)
		}
		if want = want.UTC(); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %#v, time.Parse %#v", s, got, want)
		}
	})
}

// logstashForm is what parseLogstashTime must take when time.Parse does.
var logstashForm = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|\+00:00)$`)

// TestLogstashTimeMinuteCache: the fast decoder's timestamps through its minute cache
// equal parseTimeString's, hits and misses alike (same minute, next minute, a bad
// second or fraction after a good one).
func TestLogstashTimeMinuteCache(t *testing.T) {
	d := newTestNormalizer(t).NewFastDecoder()
	stamps := []string{
		"2025-10-13T09:12:44.123Z", "2025-10-13T09:12:44.123Z", "2025-10-13T09:12:59.999999999Z",
		"2025-10-13T09:12:00Z", "2025-10-13T09:12:60Z", "2025-10-13T09:12:05.Z", "2025-10-13T09:12:05.5Z",
		"2025-10-13T09:12:05.5+00:00", "2025-10-13T09:12:05.5-00:00", "2025-10-13T09:13:01.1Z", "2024-02-29T23:59:59.000001Z",
		"2024-02-29T23:59:58Z", "2025-10-13T09:12:4a.1Z",
		// the 24-byte form, read directly: its bounds and what it declines
		"2025-10-13T09:12:59.999Z", "2025-10-13T09:12:00.000Z", "2025-10-13T09:12:60.000Z", "2025-10-13T09:12:05.00aZ",
		"2025-10-13T09:12:/5.000Z", "2025-10-13T09:12:05,000Z", "2025-10-13T09:12:05.000z", "2025-10-13T09:12.05.000Z",
	}
	for _, s := range stamps {
		got, gotOK := d.logstashTime([]byte(s))
		if !gotOK {
			got, gotOK = parseTimeString(s) // as FastDecoder.parseTime falls back
		}
		want, wantOK := parseTimeString(s)
		if gotOK != wantOK || !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v %v, parseTimeString %#v %v", s, got, gotOK, want, wantOK)
		}
	}
}
