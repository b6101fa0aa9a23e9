package report

import (
	"math"
	"strconv"
	"strings"
)

// The model's own number forms: the --fail-on message and every renderer write counts
// and rates the same way, so they live with the model and the renderers call them.

// FormatCount writes n with thousands separators: 1234567 -> "1,234,567".
func FormatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FormatRate writes a rate with as many decimals as its size deserves: 1,234, 45, 3.2, 0.67.
func FormatRate(x float64) string {
	switch ax := math.Abs(x); {
	case ax >= 100:
		return FormatCount(int64(math.Round(x)))
	case ax >= 10:
		return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
	default:
		return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
	}
}

// FormatBounded writes a top-list count with its error bound (report.Value.Error): the
// count alone when exact, else the range the true count lies in, "200–1,000", so a
// bounded count is never read as exact.
func FormatBounded(count, err int64) string {
	if err <= 0 {
		return FormatCount(count)
	}
	return FormatCount(max(count-err, 0)) + "–" + FormatCount(count)
}
