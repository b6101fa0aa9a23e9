package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
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
				got, err := linkQueryCount(client, base, pattern, link)
				if err != nil {
					t.Errorf("%s: %v", kind["kind"], err)
					continue
				}
				if want := int64(kind["count"].(float64)); got != want {
					t.Errorf("%s: the link's query finds %d documents, the report counts %d", kind["kind"], got, want)
				}
			}
		})
	}
}

// linkQueryCount runs the Lucene query of a Discover link (its query_string) on the
// engine over pattern and returns how many documents it finds; an error when the link
// is not jwtriage's or the engine refuses the query.
func linkQueryCount(client *http.Client, base, pattern, link string) (int64, error) {
	query, err := exclusion.QueryOfDiscoverURL(link)
	if err != nil {
		return 0, err
	}
	body, _ := json.Marshal(map[string]any{"size": 0, "track_total_hits": true,
		"query": map[string]any{"query_string": map[string]any{"query": query}}})
	resp, err := client.Post(base+"/"+pattern+"/_search", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("the engine refused the link's query %q: %s: %.300s", query, resp.Status, out)
	}
	var res struct {
		Hits struct {
			Total struct {
				Value int64 `json:"value"`
			} `json:"total"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return 0, err
	}
	return res.Hits.Total.Value, nil
}
