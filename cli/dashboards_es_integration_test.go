package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify/exclusion"
	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// Every kind's --dashboards link holds a query the real engine parses and that counts,
// over the documents of the report, exactly the kind's events: the link opens what the
// number says.
func TestReportDashboardsLinksOnTheEngine(t *testing.T) {
	testcluster.Run(t, testReportDashboardsLinksOnTheEngine)
}

func testReportDashboardsLinksOnTheEngine(t *testing.T, base string) {
	for _, l := range clusterLayouts {
		if l.name == "stock-logstash" {
			continue // no .keyword subfields where the wikimedia layout expects them
		}
		t.Run(l.name, func(t *testing.T) {
			pattern, file, _ := clusterSample(t, base, l, "cli-dashboards")
			rep, _ := runReportJSON(t, "--dashboards", "https://dashboards.example.org", "--layout", l.name, file)
			kinds, _ := rep["kinds"].([]any)
			if len(kinds) < 5 {
				t.Fatalf("%d kinds: the test checks little", len(kinds))
			}
			client := &http.Client{Timeout: 60 * time.Second}
			for _, k := range kinds {
				kind := k.(map[string]any)
				link, _ := kind["dashboards_url"].(string)
				if !strings.HasPrefix(link, "https://dashboards.example.org/app/discover#/?_g=(time:(from:'") {
					t.Errorf("%s: link %q", kind["kind"], link)
					continue
				}
				query, err := exclusion.QueryOfDiscoverURL(link)
				if err != nil {
					t.Fatalf("%s: %v", kind["kind"], err)
				}
				body, _ := json.Marshal(map[string]any{"size": 0, "track_total_hits": true,
					"query": map[string]any{"query_string": map[string]any{"query": query}}})
				resp, err := client.Post(base+"/"+pattern+"/_search", "application/json", bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s: the engine refused the link's query: %s: %.300s", kind["kind"], resp.Status, out)
					continue
				}
				var res struct {
					Hits struct {
						Total struct {
							Value int64 `json:"value"`
						} `json:"total"`
					} `json:"hits"`
				}
				if err := json.Unmarshal(out, &res); err != nil {
					t.Fatal(err)
				}
				if want := int64(kind["count"].(float64)); res.Hits.Total.Value != want {
					t.Errorf("%s: the link's query finds %d documents, the report counts %d", kind["kind"], res.Hits.Total.Value, want)
				}
			}
		})
	}
}
