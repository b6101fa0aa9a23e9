package mediawiki

import (
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/jwtcore"
)

// TestSoftExpiryPHPComparisons: sxp compared as PHP 8 does (values printed by PHP 8.2 for
// now = 1764000000 and a 4-hour expiration).
func TestSoftExpiryPHPComparisons(t *testing.T) {
	const now = 1764000000
	tests := []struct {
		v             any
		present       bool
		refresh, soft bool
		expiredBy     any
		typeError     bool
	}{
		{nil, false, true, true, int64(now), false},
		{nil, true, true, true, int64(now), false},
		{jwtcore.Number("5"), true, true, true, int64(now - 5), false},
		{jwtcore.Number("1.5"), true, true, true, float64(now) - 1.5, false},
		{"123", true, true, true, int64(now - 123), false},
		{" 123", true, true, true, int64(now - 123), false},
		{"abc", true, false, false, nil, false},
		{"", true, true, true, nil, true},
		{true, true, false, false, nil, false},
		{false, true, true, true, int64(now), false},
		{[]any{jwtcore.Number("1")}, true, false, false, nil, false},
		{jwtcore.Number("1764014400"), true, false, false, int64(-14400), false},
		{jwtcore.Number("1764010799"), true, true, false, int64(-10799), false},
	}
	for _, tt := range tests {
		refresh, soft, by, err := softExpiry(tt.v, tt.present, now, 4*time.Hour)
		if refresh != tt.refresh || soft != tt.soft || (err != nil) != tt.typeError {
			t.Errorf("%#v: refresh=%v soft=%v err=%v", tt.v, refresh, soft, err)
		}
		if soft && err == nil && by != tt.expiredBy {
			t.Errorf("%#v: expired_by %#v, want %#v", tt.v, by, tt.expiredBy)
		}
	}
}
