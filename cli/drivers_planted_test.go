package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Planted rises (why a kind rose): a baseline day and a current day of wrong-provider
// events with a known cause, whose drivers and beginning the report must find, from
// files and from the cluster (drivers_cluster_test.go).

var updatePlanted = flag.Bool("update-planted", false, "rewrite testdata/drivers from the planted generator")

// plantedDay is the current day; the baseline is the day before.
var plantedDay = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// plantedLine is one flat Logstash-layout session line.
func plantedLine(t time.Time, channel, message, wiki, ip, ua, user string) []byte {
	doc := map[string]any{
		"@timestamp": t.UTC().Format("2006-01-02T15:04:05.000Z"), "@version": 1, "type": "mediawiki",
		"channel": channel, "level": "INFO", "message": "JWT validation failed: " + message,
		"normalized_message": "JWT validation failed: " + message, "host": "mw-web.eqiad.main-1",
		"wiki": wiki, "mwversion": "1.46.0-wmf.5", "servergroup": "kube-mw-web",
		"clientIp": ip, "ua": ua, "user": user,
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

var plantedWikis = []string{"enwiki", "dewiki", "frwiki", "eswiki", "itwiki", "jawiki", "ruwiki", "plwiki"}

const (
	plantedChrome  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36"
	plantedFirefox = "Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0"
	plantedBot     = "NewBot/0.1 (+https://bots.example.org/newbot)"
	wrongProvider  = "JWT error: wrong provider"
)

// plantedBackground is an ordinary day: perHour events an hour, spread over 8 wikis, two
// browsers, 48 addresses in 6 networks and 30 users.
func plantedBackground(day time.Time, channel string, perHour int) [][]byte {
	var lines [][]byte
	for h := 0; h < 24; h++ {
		for i := 0; i < perHour; i++ {
			n := h*perHour + i
			ua := plantedChrome
			if i%4 == 3 {
				ua = plantedFirefox
			}
			t := day.Add(time.Duration(h)*time.Hour + time.Duration(i*3600/perHour)*time.Second)
			lines = append(lines, plantedLine(t, channel, wrongProvider, plantedWikis[n%8],
				fmt.Sprintf("10.0.%d.%d", n%6, 10+n%8), ua, fmt.Sprintf("User %d", n%30)))
		}
	}
	return lines
}

// plantedScenario is one planted day pair.
type plantedScenario struct {
	name      string
	channel   string
	base, cur [][]byte
}

func plantedScenarios() []plantedScenario {
	base := plantedDay.AddDate(0, 0, -1)
	var out []plantedScenario

	// One wiki in one hour: 400 more events on testwiki at 14:00, from the usual
	// browsers, addresses and users.
	cur := plantedBackground(plantedDay, "session", 10)
	for i := 0; i < 400; i++ {
		ua := plantedChrome
		if i%4 == 3 {
			ua = plantedFirefox
		}
		cur = append(cur, plantedLine(plantedDay.Add(14*time.Hour+time.Duration(i*9)*time.Second), "session", wrongProvider,
			"testwiki", fmt.Sprintf("10.0.%d.%d", i%6, 10+i%8), ua, fmt.Sprintf("User %d", i%30)))
	}
	out = append(out, plantedScenario{"one-wiki", "session", plantedBackground(base, "session", 10), cur})

	// A new bot family on one /24 across three wikis over four hours.
	cur = plantedBackground(plantedDay, "session", 10)
	for h := 10; h < 14; h++ {
		for i := 0; i < 100; i++ {
			cur = append(cur, plantedLine(plantedDay.Add(time.Duration(h)*time.Hour+time.Duration(i*36)*time.Second), "session", wrongProvider,
				[]string{"enwiki", "dewiki", "frwiki"}[i%3], fmt.Sprintf("198.18.7.%d", 1+i%40), plantedBot, ""))
		}
	}
	out = append(out, plantedScenario{"new-bot", "session", plantedBackground(base, "session", 10), cur})

	// A broad rise: every value three times as often.
	out = append(out, plantedScenario{"broad", "session", plantedBackground(base, "session", 10), plantedBackground(plantedDay, "session", 30)})

	// A new kind: wrong-scope on testwiki from 03:00, 20 an hour.
	cur = plantedBackground(plantedDay, "session", 10)
	for h := 3; h < 24; h++ {
		for i := 0; i < 20; i++ {
			cur = append(cur, plantedLine(plantedDay.Add(time.Duration(h)*time.Hour+time.Duration(i*180)*time.Second), "session", "JWT error: wrong scope",
				"testwiki", fmt.Sprintf("10.0.%d.%d", i%6, 10+i%8), plantedChrome, fmt.Sprintf("User %d", i%30)))
		}
	}
	out = append(out, plantedScenario{"new-kind", "session", plantedBackground(base, "session", 10), cur})

	// A sampled channel: the one-wiki rise on session-sampled at 1:10.
	cur = plantedBackground(plantedDay, "session-sampled", 10)
	for i := 0; i < 400; i++ {
		cur = append(cur, plantedLine(plantedDay.Add(14*time.Hour+time.Duration(i*9)*time.Second), "session-sampled", wrongProvider,
			"testwiki", fmt.Sprintf("10.0.%d.%d", i%6, 10+i%8), plantedChrome, fmt.Sprintf("User %d", i%30)))
	}
	out = append(out, plantedScenario{"sampled", "session-sampled", plantedBackground(base, "session-sampled", 10), cur})

	// A train deploy: every wiki moves from 1.46.0-wmf.4 to 1.46.0-wmf.5 at 11:00, and
	// wrong-issuer appears with it, 20 an hour on the usual wikis, browsers, addresses
	// and users: only the version tells it apart.
	cur = plantedBackground(plantedDay, "session", 10)
	plantedVersion(cur[:11*10], plantedOldVersion)
	for h := 11; h < 24; h++ {
		for i := 0; i < 20; i++ {
			ua := plantedChrome
			if i%4 == 3 {
				ua = plantedFirefox
			}
			cur = append(cur, plantedLine(plantedDay.Add(time.Duration(h)*time.Hour+time.Duration(i*180)*time.Second), "session", "JWT error: wrong issuer",
				plantedWikis[i%8], fmt.Sprintf("10.0.%d.%d", i%6, 10+i%8), ua, fmt.Sprintf("User %d", i%30)))
		}
	}
	out = append(out, plantedScenario{"train", "session", plantedVersion(plantedBackground(base, "session", 10), plantedOldVersion), cur})
	return out
}

// plantedOldVersion is the release before plantedLine's (1.46.0-wmf.5).
const plantedOldVersion = "1.46.0-wmf.4"

// plantedVersion moves lines to MediaWiki version v, in place, and returns them.
func plantedVersion(lines [][]byte, v string) [][]byte {
	for i, l := range lines {
		lines[i] = bytes.Replace(l, []byte(`"mwversion":"1.46.0-wmf.5"`), []byte(`"mwversion":"`+v+`"`), 1)
	}
	return lines
}

// plantedArgs are the flags every planted report takes: the day as window, and the
// sampled channel's rate.
func plantedArgs(day time.Time) []string {
	return []string{"--since", day.Format(time.RFC3339), "--until", day.AddDate(0, 0, 1).Format(time.RFC3339),
		"--sample-rate", "session-sampled=10"}
}

// writePlanted writes a scenario's current lines and its baseline report under dir.
func writePlanted(t *testing.T, dir string, s plantedScenario) (curFile, baseReport string) {
	t.Helper()
	curFile = filepath.Join(dir, s.name+".jsonl")
	if err := os.WriteFile(curFile, append(bytes.Join(s.cur, []byte("\n")), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	baseReport = filepath.Join(dir, s.name+"-baseline.json")
	var out, errOut bytes.Buffer
	args := append([]string{"report", "--format", "json", "--progress", "never"}, plantedArgs(plantedDay.AddDate(0, 0, -1))...)
	// The baseline's lines come on stdin, so its report names no temporary file.
	stdin := append(bytes.Join(s.base, []byte("\n")), '\n')
	if code := Run(append(args, "-"), Streams{In: bytes.NewReader(stdin), Out: &out, Err: &errOut,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return plantedDay }}); code != ExitOK {
		t.Fatalf("baseline report: exit %d: %s", code, errOut.String())
	}
	if err := os.WriteFile(baseReport, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return curFile, baseReport
}

// plantedRise is what the report says of a rise: a kind's or the JWT total's.
type plantedRise struct {
	Spike   bool `json:"spike"`
	Drivers []struct {
		Dimension     string  `json:"dimension"`
		Value         string  `json:"value"`
		Count         int64   `json:"count"`
		BaselineCount int64   `json:"baseline_count"`
		Share         float64 `json:"share"`
		With          []struct {
			Dimension string `json:"dimension"`
			Value     string `json:"value"`
		} `json:"with"`
	} `json:"drivers"`
	Began              *time.Time `json:"began"`
	BeganAtWindowStart bool       `json:"began_at_window_start"`
}

// plantedKind is the part of a baseline.kinds[] entry the checks read.
type plantedKind struct {
	Kind string `json:"kind"`
	New  bool   `json:"new"`
	plantedRise
}

// plantedDelta decodes the baseline object of a JSON report: its kinds, and the JWT
// total's explanation (as a plantedKind named "total").
func plantedDelta(t *testing.T, js []byte) (map[string]plantedKind, plantedKind) {
	t.Helper()
	var rep struct {
		Baseline struct {
			Kinds []plantedKind `json:"kinds"`
			plantedRise
		} `json:"baseline"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	out := map[string]plantedKind{}
	for _, k := range rep.Baseline.Kinds {
		out[k.Kind] = k
	}
	return out, plantedKind{Kind: "total", plantedRise: rep.Baseline.plantedRise}
}

// checkPlanted checks what the report found for scenario name (its JSON report).
func checkPlanted(t *testing.T, name string, js []byte) {
	t.Helper()
	kinds, total := plantedDelta(t, js)
	wp := kinds["wrong-provider"]
	hour := func(h int) time.Time { return plantedDay.Add(time.Duration(h) * time.Hour) }
	began := func(k plantedKind, h int) {
		t.Helper()
		if k.Began == nil || !k.Began.Equal(hour(h)) || k.BeganAtWindowStart {
			t.Errorf("%s: began %v (at window start %v), want %v", k.Kind, k.Began, k.BeganAtWindowStart, hour(h))
		}
	}
	switch name {
	case "one-wiki", "sampled":
		if !wp.Spike || len(wp.Drivers) != 1 || wp.Drivers[0].Dimension != "wikis" || wp.Drivers[0].Value != "testwiki" || wp.Drivers[0].Share < 0.95 {
			t.Fatalf("%s: wrong-provider = %+v, want a spike driven by testwiki", name, wp)
		}
		want := int64(400)
		if name == "sampled" {
			want = 4000 // estimated: 400 lines at 1:10
		}
		if d := wp.Drivers[0]; d.Count != want || d.BaselineCount != 0 || len(d.With) != 0 {
			t.Errorf("%s: driver %+v, want %d events, none in the baseline, nothing merged", name, d, want)
		}
		began(wp, 14)
	case "new-bot":
		if !wp.Spike || len(wp.Drivers) != 1 || wp.Drivers[0].Share < 0.95 {
			t.Fatalf("new-bot: wrong-provider = %+v, want one driver with ≥ 95 %%", wp)
		}
		d := wp.Drivers[0]
		named := map[string][]string{d.Dimension: {d.Value}}
		for _, w := range d.With {
			named[w.Dimension] = append(named[w.Dimension], w.Value)
		}
		slices.Sort(named["wikis"])
		if !slices.Equal(named["ip_prefixes"], []string{"198.18.7.0/24"}) || !slices.Equal(named["wikis"], []string{"dewiki", "enwiki", "frwiki"}) ||
			!slices.Equal(named["user_agents"], []string{plantedBot}) {
			t.Errorf("new-bot: driver names %v; want the /24, the bot's agent and its three wikis in one", named)
		}
		began(wp, 10)
	case "broad":
		if !wp.Spike || wp.Drivers == nil || len(wp.Drivers) != 0 {
			t.Errorf("broad: wrong-provider = %+v, want a spike with an empty driver list", wp)
		}
	case "new-kind":
		ws := kinds["wrong-scope"]
		if !ws.New || len(ws.Drivers) != 1 || ws.Drivers[0].Dimension != "wikis" || ws.Drivers[0].Value != "testwiki" || ws.Drivers[0].Share != 1 {
			t.Fatalf("new-kind: wrong-scope = %+v, want new, driven by testwiki", ws)
		}
		began(ws, 3)
		if wp.Spike || wp.Drivers != nil {
			t.Errorf("new-kind: wrong-provider did not change but has %+v", wp)
		}
		// The total rose ×2.75: by the new kind, on testwiki.
		if !total.Spike || len(total.Drivers) != 1 || total.Drivers[0].Dimension != "kinds" || total.Drivers[0].Value != "wrong-scope" ||
			len(total.Drivers[0].With) != 1 || total.Drivers[0].With[0].Value != "testwiki" {
			t.Errorf("new-kind: the total's explanation = %+v, want wrong-scope with testwiki", total)
		}
		began(total, 3)
	case "train":
		wi := kinds["wrong-issuer"]
		if !wi.New || len(wi.Drivers) != 1 || wi.Drivers[0].Dimension != "mwversions" || wi.Drivers[0].Value != "1.46.0-wmf.5" ||
			wi.Drivers[0].Share != 1 || wi.Drivers[0].Count != 260 || len(wi.Drivers[0].With) != 0 {
			t.Fatalf("train: wrong-issuer = %+v, want new, driven by 1.46.0-wmf.5 alone", wi)
		}
		began(wi, 11)
		if wp.Spike || wp.Drivers != nil {
			t.Errorf("train: wrong-provider only changed version but has %+v", wp)
		}
		// The total rose by the new kind, which came with the new version: one driver
		// names both.
		if !total.Spike || len(total.Drivers) != 1 {
			t.Fatalf("train: the total's explanation = %+v, want one driver", total)
		}
		named := map[string]string{total.Drivers[0].Dimension: total.Drivers[0].Value}
		for _, w := range total.Drivers[0].With {
			named[w.Dimension] = w.Value
		}
		if named["kinds"] != "wrong-issuer" || named["mwversions"] != "1.46.0-wmf.5" {
			t.Errorf("train: the total's driver names %v, want wrong-issuer with 1.46.0-wmf.5", named)
		}
		began(total, 11)
	default:
		t.Fatalf("no checks for %s", name)
	}
}

// TestPlantedDrivers runs each planted scenario through `report --baseline` from files.
// The new-bot and train scenarios' files are kept under testdata/drivers for the goldens
// of the summary sentence (-update-planted rewrites them).
func TestPlantedDrivers(t *testing.T) {
	for _, s := range plantedScenarios() {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			kept := s.name == "new-bot" || s.name == "train"
			if kept {
				dir = filepath.Join("..", "testdata", "drivers")
				if !*updatePlanted {
					dir = t.TempDir()
				}
			}
			curFile, baseReport := writePlanted(t, dir, s)
			if kept && !*updatePlanted {
				for _, f := range []string{curFile, baseReport} {
					got, _ := os.ReadFile(f)
					want, err := os.ReadFile(filepath.Join("..", "testdata", "drivers", filepath.Base(f)))
					if err != nil || !bytes.Equal(got, want) {
						t.Errorf("testdata/drivers/%s is not what the generator writes (go test ./cli -run TestPlantedDrivers -update-planted)", filepath.Base(f))
					}
				}
			}
			var out, errOut bytes.Buffer
			args := append([]string{"report", "--format", "json", "--progress", "never", "--baseline", baseReport, "--fail-on", "spike"}, plantedArgs(plantedDay)...)
			code := Run(append(args, curFile), Streams{In: bytes.NewReader(nil), Out: &out, Err: &errOut,
				Getenv: func(string) string { return "" }, Now: func() time.Time { return plantedDay.AddDate(0, 0, 1) }})
			checkPlanted(t, s.name, out.Bytes())
			if s.name != "new-kind" && s.name != "train" {
				if code != ExitNegative || !strings.Contains(errOut.String(), "wrong-provider") {
					t.Errorf("--fail-on spike: exit %d, stderr %q", code, errOut.String())
				}
			}
			t.Logf("stderr: %s", errOut.String())
		})
	}
}
