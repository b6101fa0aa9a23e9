// Package ci is the one rule, for tests, of whether they run in continuous integration:
// there a missing tool or service (chromium, openssl, a shell, a pseudo-terminal, a
// test cluster) fails the test, since a test that silently skips in CI tests nothing;
// on a developer's machine it skips.
package ci

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// Is reads a value of $CI as CI services set it: "true", "1" or any other non-empty
// value but "false" and "0" (any case, spaces around ignored).
func Is(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v != "" && v != "false" && v != "0"
}

// On reports whether the tests run in CI: [Is] of $CI.
func On() bool { return Is(os.Getenv("CI")) }

// Missing ends the test for want of something it needs, said by format and args: a
// failure in CI ([On]), a skip elsewhere.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if On() {
		t.Fatal(msg + " (in CI, $CI set, a missing dependency fails the test)")
	}
	t.Skip(msg + " (the test fails instead in CI, $CI set)")
}
