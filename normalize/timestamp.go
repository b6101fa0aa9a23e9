package normalize

import (
	"strconv"
	"strings"
	"time"
)

// timeLayouts are the timestamp forms the layouts write: RFC 3339 with or without a
// fraction (Logstash's `Z`, Monolog's `+00:00`), PHP's ISO 8601 `+0000`, and a
// space-separated form; and the shorter forms a cluster's date field accepts
// (strict_date_optional_time: minutes, hours or a date alone), so a document reads the
// same from a file as from the cluster. A stamp without a zone is UTC. Go accepts a
// fraction after the seconds of any of them.
var timeLayouts = [...]string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02T15Z07:00",
	"2006-01-02T15",
	"2006-01-02",
}

// parseTime reads a timestamp value in UTC: a string in one of timeLayouts, Monolog
// 1's serialized DateTime ({"date":…,"timezone":…}), or unix seconds or milliseconds.
func parseTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case string:
		return parseTimeString(x)
	case map[string]any:
		return parsePHPDateTime(x)
	}
	return numberTime(v)
}

// numberTime reads unix seconds or milliseconds from a number (json.Number, or an
// integer or float) as scalarValue sees it; false for anything else.
func numberTime(v any) (time.Time, bool) {
	n, ok := scalarValue(v)
	if !ok {
		return time.Time{}, false
	}
	switch x := n.(type) {
	case int64:
		return unixTime(float64(x))
	case float64:
		return unixTime(x)
	}
	return time.Time{}, false
}

// parseTimeString reads a timestamp string: Logstash's form on a fast path, else
// parseTimeLayouts.
func parseTimeString(s string) (time.Time, bool) {
	if t, ok := parseLogstashTime(s); ok {
		return t, true
	}
	return parseTimeLayouts(s)
}

// parseTimeLayouts reads epoch milliseconds or any of timeLayouts with time.Parse.
func parseTimeLayouts(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if isDigits(s) { // epoch milliseconds as a string, as a cluster's epoch_millis reads it
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return unixTime(float64(n))
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parsePHPDateTime reads a PHP DateTime as json_encode writes it. Only UTC and fixed
// offsets are read: a named zone would need the zone database, which is IO.
func parsePHPDateTime(m map[string]any) (time.Time, bool) {
	return parsePHPDate(stringOf(m["date"]), stringOf(m["timezone"]))
}

// parsePHPDate reads the date and timezone members of a serialized PHP DateTime (both
// decoders call it).
func parsePHPDate(date, zone string) (time.Time, bool) {
	zone = strings.TrimSpace(zone)
	switch {
	case zone == "" || zone == "UTC" || zone == "Z":
		return parseTimeString(date)
	case strings.HasPrefix(zone, "+") || strings.HasPrefix(zone, "-"):
		return parseTimeString(date + zone)
	}
	return time.Time{}, false
}

// unixTime reads unix seconds, or milliseconds when the number is too large to be
// seconds of this era (after the year 5138).
func unixTime(f float64) (time.Time, bool) {
	if f <= 0 || f != f {
		return time.Time{}, false
	}
	if f >= 1e11 {
		f /= 1000
	}
	if f >= 1e11 {
		return time.Time{}, false
	}
	sec := int64(f)
	nsec := int64((f - float64(sec)) * 1e9)
	return time.Unix(sec, nsec).UTC(), true
}

// parseLogstashTime reads the one form nearly every line has, Logstash's
// 2006-01-02T15:04:05.000Z (any fraction of 1 to 9 digits, or none; or Monolog's
// +00:00 for the Z), as time.Parse would but several times faster; anything else, or a
// field out of range, is left to time.Parse (ok false).
func parseLogstashTime[T string | []byte](s T) (time.Time, bool) {
	second, nanos, ok := logstashSeconds(s)
	if !ok || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digitsValue(s[0:4])
	month, ok2 := digitsValue(s[5:7])
	day, ok3 := digitsValue(s[8:10])
	hour, ok4 := digitsValue(s[11:13])
	minute, ok5 := digitsValue(s[14:16])
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, nanos, time.UTC), true
}

// logstashSeconds reads what follows the minute in a Logstash timestamp, `:05.000Z`:
// the second and the nanoseconds; ok false for anything else (see parseLogstashTime).
func logstashSeconds[T string | []byte](s T) (second, nanos int, ok bool) {
	// Logstash's own form, `:05.000Z` (24 bytes in all), read byte by byte with no
	// length arithmetic and no loop: every line has a new one, and the general reading
	// below was two thirds of a timestamp read through the minute cache.
	if len(s) == 24 && s[16] == ':' && s[19] == '.' && s[23] == 'Z' {
		s1, s2, m1, m2, m3 := s[17]-'0', s[18]-'0', s[20]-'0', s[21]-'0', s[22]-'0'
		if s1 <= 5 && s2 <= 9 && m1 <= 9 && m2 <= 9 && m3 <= 9 {
			return int(s1)*10 + int(s2), (int(m1)*100 + int(m2)*10 + int(m3)) * 1e6, true
		}
	}
	zone := 1 // Z
	if len(s) >= 25 && string(s[len(s)-6:]) == "+00:00" {
		zone = 6
	}
	if len(s)-zone < 19 || len(s)-zone > 29 || zone == 1 && s[len(s)-1] != 'Z' || s[16] != ':' {
		return 0, 0, false
	}
	if second, ok = digitsValue(s[17:19]); !ok || second > 59 {
		return 0, 0, false
	}
	switch frac := s[19 : len(s)-zone]; {
	case len(frac) == 0:
	case len(frac) >= 2 && frac[0] == '.':
		if nanos, ok = digitsValue(frac[1:]); !ok {
			return 0, 0, false
		}
		for range 10 - len(frac) {
			nanos *= 10
		}
	default:
		return 0, 0, false
	}
	return second, nanos, true
}

// digitsValue reads a run of ASCII digits (at most 9).
func digitsValue[T string | []byte](s T) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, len(s) > 0
}

// daysIn is the number of days of month m of year (proleptic Gregorian, as time's).
func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 30 + int((m+m/8)%2)
}
