package testcluster

import (
	"os"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/ci"
)

// Engine is one search engine's test node.
type Engine struct {
	// Name is the subtest's name: "opensearch" or "elasticsearch".
	Name string
	// EnvURL names the variable that holds the node's base URL (its run.sh start prints it
	// on its last line).
	EnvURL string
	// RunScript starts the node, for the message of a test that finds no URL.
	RunScript string
}

// Known are the engines the integration tests run on, in the order they run.
var Known = []Engine{
	{Name: "opensearch", EnvURL: "JWTRIAGE_OPENSEARCH_URL", RunScript: "testenv/opensearch/run.sh"},
	{Name: "elasticsearch", EnvURL: "JWTRIAGE_ELASTICSEARCH_URL", RunScript: "testenv/elasticsearch/run.sh"},
}

// Run runs f as one subtest per engine of [Known], named after it, with the engine's base
// URL (no trailing slash). The subtest of an engine whose URL variable is unset fails in
// CI ([ci.Is]: $CI set to anything but "false" or "0") and is skipped otherwise: a
// service test that silently skips in CI tests nothing.
func Run(t *testing.T, f func(t *testing.T, url string)) {
	t.Helper()
	for _, eng := range Known {
		t.Run(eng.Name, func(t *testing.T) {
			f(t, engineURL(t, eng, os.Getenv))
		})
	}
}

// engineURL is the URL of eng's node, with the environment passed in so that its CI rule
// can be tested.
func engineURL(t testing.TB, eng Engine, getenv func(string) string) string {
	t.Helper()
	u := strings.TrimRight(strings.TrimSpace(getenv(eng.EnvURL)), "/")
	if u != "" {
		return u
	}
	how := "start the node with " + eng.RunScript + " start and export its URL"
	if ci.Is(getenv("CI")) {
		t.Fatalf("%s is not set and CI is: %s", eng.EnvURL, how)
	}
	t.Skipf("%s is not set: %s", eng.EnvURL, how)
	return ""
}
