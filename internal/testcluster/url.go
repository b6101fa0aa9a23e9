package testcluster

import (
	"os"
	"strings"
	"testing"
)

// EnvURL names the variable that holds the test node's base URL
// (testenv/opensearch/run.sh start prints it on its last line).
const EnvURL = "JWTRIAGE_OPENSEARCH_URL"

// URL returns the test node's base URL without a trailing slash. When $JWTRIAGE_OPENSEARCH_URL
// is unset it fails the test if $CI is set (to anything but "false" or "0") and skips it
// otherwise.
func URL(t testing.TB) string {
	t.Helper()
	return urlFrom(t, os.Getenv)
}

// urlFrom is URL with the environment passed in, so its CI rule can be tested.
func urlFrom(t testing.TB, getenv func(string) string) string {
	t.Helper()
	u := strings.TrimRight(strings.TrimSpace(getenv(EnvURL)), "/")
	if u != "" {
		return u
	}
	const how = "start the node with testenv/opensearch/run.sh start and export its URL"
	if inCI(getenv("CI")) {
		t.Fatalf("%s is not set and CI is: %s", EnvURL, how)
	}
	t.Skipf("%s is not set: %s", EnvURL, how)
	return ""
}

// inCI reads $CI as CI services set it ("true", "1", or any other non-empty value).
func inCI(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v != "" && v != "false" && v != "0"
}
