package cli

import (
	"net"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// downNodeURL returns the URL of a local port that refuses connections: a cluster node
// that is down.
func downNodeURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// TestReportClusterFailoverAndProgress: with a node that is down named first, `report
// --es DOWN --es UP` reads everything from the other node; with --progress always the
// progress goes to stderr and the report stays the same.
func TestReportClusterFailoverAndProgress(t *testing.T) {
	testcluster.Run(t, testReportClusterFailoverAndProgress)
}

func testReportClusterFailoverAndProgress(t *testing.T, url string) {
	l := clusterLayouts[0]
	pattern, file, _ := clusterSample(t, url, l, "cli-failover")
	want, _ := runReportJSON(t, file)
	for _, mode := range []string{"aggregate", "documents"} {
		t.Run(mode, func(t *testing.T) {
			got, _ := runReportJSON(t, "--es", downNodeURL(t), "--es", url, "--index", pattern, "--es-mode", mode)
			compareClusterReport(t, want, got, pattern)

			got, stderr := runReportJSON(t, "--es", url, "--index", pattern, "--es-mode", mode, "--progress", "always")
			compareClusterReport(t, want, got, pattern)
			if strings.TrimSpace(stderr) == "" {
				t.Errorf("--progress always: nothing on stderr")
			}
		})
	}
}
