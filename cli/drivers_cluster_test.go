package cli

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/internal/testcluster"
)

// TestPlantedDriversCluster is TestPlantedDrivers against the real engine in aggregate
// mode: each scenario's current day is loaded into indices of its own with Wikimedia's
// mapping, and `report --es --es-mode aggregate --baseline` must find the same drivers
// and beginnings as the file report, field for field.
func TestPlantedDriversCluster(t *testing.T) { testcluster.Run(t, testPlantedDriversCluster) }

func testPlantedDriversCluster(t *testing.T, url string) {
	for _, s := range plantedScenarios() {
		t.Run(s.name, func(t *testing.T) {
			dir := t.TempDir()
			curFile, baseReport := writePlanted(t, dir, s)
			loaded := loadPlanted(t, url, "drivers-", s)
			run := func(args ...string) []byte {
				t.Helper()
				var out, errOut bytes.Buffer
				all := append([]string{"report", "--format", "json", "--progress", "never", "--baseline", baseReport}, plantedArgs(plantedDay)...)
				code := Run(append(all, args...), Streams{In: bytes.NewReader(nil), Out: &out, Err: &errOut,
					Getenv: func(string) string { return "" }, Now: func() time.Time { return plantedDay.AddDate(0, 0, 1) }})
				if code != ExitOK {
					t.Fatalf("report %v: exit %d: %s", args, code, errOut.String())
				}
				return out.Bytes()
			}
			fromCluster := run("--es", url, "--index", loaded.Pattern, "--es-mode", "aggregate")
			checkPlanted(t, s.name, fromCluster)
			fromFile := run(curFile)
			if got, want := clusterExplained(t, fromCluster), clusterExplained(t, fromFile); !reflect.DeepEqual(got, want) {
				t.Errorf("aggregate mode explains otherwise than the file:\n got %s\nwant %s", got, want)
			}
			if got, want := clusterRequestLists(t, fromCluster), clusterRequestLists(t, fromFile); got != want {
				t.Errorf("aggregate mode's provider, server-group and version lists differ from the file's:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// clusterRequestLists is each kind's top lists and distinct counts of the request
// fields the drivers may name (providers, server groups, MediaWiki versions), as JSON.
func clusterRequestLists(t *testing.T, js []byte) string {
	t.Helper()
	type distinct struct {
		Providers    json.RawMessage `json:"providers"`
		ServerGroups json.RawMessage `json:"server_groups"`
		MWVersions   json.RawMessage `json:"mwversions"`
	}
	var rep struct {
		Kinds []struct {
			Kind         string          `json:"kind"`
			Providers    json.RawMessage `json:"providers"`
			ServerGroups json.RawMessage `json:"server_groups"`
			MWVersions   json.RawMessage `json:"mwversions"`
			Distinct     distinct        `json:"distinct"`
		} `json:"kinds"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Kinds) == 0 || len(rep.Kinds[0].MWVersions) < 3 { // "[]" or longer
		t.Fatalf("the report has no version list: %+v", rep.Kinds)
	}
	out, err := json.Marshal(rep.Kinds)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// clusterExplained is what a report says about its rises: per kind its drivers and
// beginning, and the total's, as JSON text for comparison and messages.
func clusterExplained(t *testing.T, js []byte) string {
	t.Helper()
	var rep struct {
		Baseline struct {
			Kinds []struct {
				Kind               string          `json:"kind"`
				Drivers            json.RawMessage `json:"drivers"`
				Began              *time.Time      `json:"began"`
				BeganAtWindowStart bool            `json:"began_at_window_start"`
			} `json:"kinds"`
			Drivers json.RawMessage `json:"drivers"`
			Began   *time.Time      `json:"began"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal(js, &rep); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(rep.Baseline)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// loadPlanted loads a scenario's current day into indices of its own (prefix and the
// scenario's name), every line indexed.
func loadPlanted(t *testing.T, url, prefix string, s plantedScenario) testcluster.Loaded {
	t.Helper()
	loaded := testcluster.Load(t, url, testcluster.UniquePrefix(t, prefix+s.name), s.cur)
	if len(loaded.Refused) > 0 || len(loaded.Indexed) != len(s.cur) {
		t.Fatalf("the engine indexed %d of %d lines; refused %+v", len(loaded.Indexed), len(s.cur), loaded.Refused)
	}
	return loaded
}
