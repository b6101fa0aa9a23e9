package cli

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// Every driver's --dashboards link, and every merged value's, holds a query the real
// engine parses and that finds exactly the events the driver stands for, counted here
// from the planted lines themselves (not from the report): a driver's count, and for a
// merged value the kind's lines with that value. A user-agent family, which no field
// holds, has no link but a note.
func TestDriverDashboardsLinksOnTheEngine(t *testing.T) {
	testcluster.Run(t, testDriverDashboardsLinksOnTheEngine)
}

func testDriverDashboardsLinksOnTheEngine(t *testing.T, url string) {
	client := &http.Client{Timeout: 60 * time.Second}
	checked := 0
	for _, s := range plantedScenarios() {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			curFile, baseReport := writePlanted(t, dir, s)
			loaded := loadPlanted(t, url, "drvlinks-", s)
			var out, errOut bytes.Buffer
			args := append([]string{"report", "--format", "json", "--progress", "never", "--baseline", baseReport,
				"--dashboards", "https://dashboards.example.org"}, plantedArgs(plantedDay)...)
			if code := Run(append(args, curFile), Streams{In: bytes.NewReader(nil), Out: &out, Err: &errOut,
				Getenv: func(string) string { return "" }, Now: func() time.Time { return plantedDay.AddDate(0, 0, 1) }}); code != ExitOK {
				t.Fatalf("report: exit %d: %s", code, errOut.String())
			}
			var rep struct {
				Baseline struct {
					Kinds []struct {
						Kind    string       `json:"kind"`
						Drivers []linkedRise `json:"drivers"`
					} `json:"kinds"`
					Drivers []linkedRise `json:"drivers"`
				} `json:"baseline"`
			}
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			weight := int64(1)
			if s.channel == "session-sampled" {
				weight = 10
			}
			count := func(link string) int64 {
				t.Helper()
				n, err := linkQueryCount(client, url, loaded.Pattern, link)
				if err != nil {
					t.Fatal(err)
				}
				return n * weight
			}
			check := func(kind, dim, value, link, note string, driverCount int64) {
				t.Helper()
				if dim == "families" {
					if link != "" || note == "" {
						t.Errorf("%s %s=%q: link %q, note %q; want no link and a note", kind, dim, value, link, note)
					}
					return
				}
				if link == "" {
					t.Errorf("%s %s=%q: no link (note %q)", kind, dim, value, note)
					return
				}
				want := plantedCount(t, s.cur, kind, dim, value) * weight
				if driverCount >= 0 && driverCount != want {
					t.Errorf("%s %s=%q: the driver counts %d, the planted lines %d", kind, dim, value, driverCount, want)
				}
				if got := count(link); got != want {
					t.Errorf("%s %s=%q: the link's query finds %d events, the planted lines hold %d", kind, dim, value, got, want)
				}
				checked++
			}
			walk := func(kind string, ds []linkedRise) {
				for _, d := range ds {
					check(kind, d.Dimension, d.Value, d.DashboardsURL, d.DashboardsNote, d.Count)
					scope := kind
					if d.Dimension == "kinds" {
						scope = d.Value
					}
					for _, w := range d.With {
						check(scope, w.Dimension, w.Value, w.DashboardsURL, w.DashboardsNote, -1)
					}
				}
			}
			for _, k := range rep.Baseline.Kinds {
				walk(k.Kind, k.Drivers)
			}
			walk("", rep.Baseline.Drivers)
		})
	}
	t.Logf("%d links checked", checked)
	if checked < 8 {
		t.Errorf("%d links checked: the test checks little", checked)
	}
}

// linkedRise is a driver of the JSON report with its links.
type linkedRise struct {
	Dimension      string `json:"dimension"`
	Value          string `json:"value"`
	Count          int64  `json:"count"`
	DashboardsURL  string `json:"dashboards_url"`
	DashboardsNote string `json:"dashboards_note"`
	With           []struct {
		Dimension      string `json:"dimension"`
		Value          string `json:"value"`
		DashboardsURL  string `json:"dashboards_url"`
		DashboardsNote string `json:"dashboards_note"`
	} `json:"with"`
}

// plantedCount counts the planted lines of kind ("": any) whose dimension has value,
// reading the fields plantedLine writes.
func plantedCount(t *testing.T, lines [][]byte, kind, dim, value string) int64 {
	t.Helper()
	var n int64
	for _, l := range lines {
		var loose map[string]any
		if err := json.Unmarshal(l, &loose); err != nil {
			t.Fatal(err)
		}
		doc := map[string]string{}
		for k, v := range loose {
			if s, ok := v.(string); ok {
				doc[k] = s
			}
		}
		lineKind := strings.ReplaceAll(strings.TrimPrefix(doc["message"], "JWT validation failed: JWT error: "), " ", "-")
		if kind != "" && lineKind != kind {
			continue
		}
		var have string
		switch dim {
		case "kinds":
			have = lineKind
		case "wikis":
			have = doc["wiki"]
		case "ips":
			have = doc["clientIp"]
		case "ip_prefixes":
			a := netip.MustParseAddr(doc["clientIp"])
			have = netip.PrefixFrom(a, 24).Masked().String()
		case "user_agents":
			have = doc["ua"]
		case "users":
			have = doc["user"]
		case "mwversions":
			have = doc["mwversion"]
		case "server_groups":
			have = doc["servergroup"]
		case "providers":
			have = doc["session_provider_type"]
		default:
			t.Fatalf("no planted count of %s", dim)
		}
		if have == value {
			n++
		}
	}
	return n
}
