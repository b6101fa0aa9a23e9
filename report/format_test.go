package report_test

import (
	"testing"

	"github.com/wikimedia/jwtriage/report"
)

func TestFormatCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := report.FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatRate(t *testing.T) {
	for x, want := range map[float64]string{1234.4: "1,234", 45.04: "45", 3.25: "3.25", 0.666: "0.67", 12.36: "12.4"} {
		if got := report.FormatRate(x); got != want {
			t.Errorf("FormatRate(%v) = %q, want %q", x, got, want)
		}
	}
}
