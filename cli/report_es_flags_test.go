package cli

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestReportClusterFlagsNeedTheCluster: a flag that only means something for --es,
// given with files, must be a usage error that names it, not be ignored: a user who
// asks `report day.jsonl --query 'wiki:enwiki'` must not get the whole file's report
// as if it were enwiki's.
func TestReportClusterFlagsNeedTheCluster(t *testing.T) {
	tests := []struct {
		flag  string
		value string
	}{
		{"--query", "wiki:enwiki"},
		{"--index", "ecs-*"},
		{"--es-mode", "documents"},
		{"--es-user", "someone"},
		{"--es-api-key", "a2V5"},
		{"--es-ca", "ca.pem"},
		{"--es-timeout", "5s"},
		{"--es-console-proxy", "true"},
	}
	for _, tt := range tests {
		t.Run(tt.flag, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := Run([]string{"report", "--format", "json", tt.flag + "=" + tt.value, clusterSampleFile}, Streams{
				In: bytes.NewReader(nil), Out: &out, Err: &errOut,
				Getenv: func(string) string { return "" },
				Now:    func() time.Time { return esTestNow },
			})
			if code != ExitUsage || !strings.Contains(errOut.String(), tt.flag) || strings.Count(errOut.String(), "\n") != 1 {
				t.Errorf("report FILE %s=%s: exit %d, stderr %q, %d bytes of report; want exit 2 and one line naming %s",
					tt.flag, tt.value, code, errOut.String(), out.Len(), tt.flag)
			}
		})
	}
}
