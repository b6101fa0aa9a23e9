package php_test

import (
	"testing"

	"github.com/wikimedia/jwtriage/jwtcore/internal/php"
)

func TestFloatString(t *testing.T) {
	// Expected values printed by PHP 8.2's json_encode (serialize_precision = -1).
	tests := map[float64]string{
		1.5: "1.5", 1e25: "1.0e+25", 0.0001: "0.0001", 1e-5: "1.0e-5", 1e17: "1.0e+17",
		1e16: "10000000000000000", 1e15: "1000000000000000", 0.1: "0.1", 2.5e-7: "2.5e-7",
		3.14159e10: "31415900000", -7.25: "-7.25", 1.0: "1", 123456789012345678901234567890: "1.2345678901234568e+29",
	}
	for f, want := range tests {
		if got := php.FloatString(f); got != want {
			t.Errorf("%v: got %s, want %s", f, got, want)
		}
	}
}

func TestIsNumeric(t *testing.T) {
	// Values checked against PHP 8.2's is_numeric.
	yes := []string{" 1", "\t1", "\n1", "\r1", "\v1", "\f1", "1\t", "1\n", "+1", "-1", "1e+5", "1E5", "01", "1.5e3", "-.5e-1", "1e999", " +1.5 ", "1.", ".5"}
	no := []string{"1e", "1_0", ".", "INF", "0b1", "0x1A", "", " ", "abc", "1 2", "--1", "e5"}
	for _, s := range yes {
		if !php.IsNumeric(s) {
			t.Errorf("%q should be numeric", s)
		}
	}
	for _, s := range no {
		if php.IsNumeric(s) {
			t.Errorf("%q should not be numeric", s)
		}
	}
}

func TestIntval(t *testing.T) {
	// (int) casts of plain and leading-numeric strings, as PHP 8 does them.
	tests := map[string]int64{"12345": 12345, " 42abc": 42, "-7": -7, "+3": 3, "abc": 0, "": 0}
	for s, want := range tests {
		if got := php.Intval(s); got != want {
			t.Errorf("%q: got %d, want %d", s, got, want)
		}
	}
}
