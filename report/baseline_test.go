package report_test

import (
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// -update rewrites the goldens of the baseline comparison (delta.golden.json under
// testdata/daily/compare) from the code; review the diff before committing it.
var update = flag.Bool("update", false, "rewrite the goldens under testdata/daily/compare")

// TestCompare runs each case under testdata/daily/compare: base.json and cur.json in,
// the Delta (delta.golden.json) out; render's tests check the summaries of the same cases. The table says
// what each case is about, so a wrongly regenerated golden cannot hide it.
func TestCompare(t *testing.T) {
	tests := []struct {
		name                      string
		opts                      report.CompareOptions
		wantNew, wantGone, wantUp []string
	}{
		{name: "new-kind", wantNew: []string{"wrong-provider"}},
		{name: "new-kind-spike", wantNew: []string{"bad-signature"}, wantUp: []string{"bad-signature"}},
		{name: "vanished-kind", wantGone: []string{"wrong-scope"}},
		{name: "spike", wantUp: []string{"malformed"}},
		{name: "no-spike-under-floor"},
		{name: "no-spike-under-factor"},
		// The same case spikes with a lower factor: the factor alone held it back.
		{name: "no-spike-under-factor", opts: report.CompareOptions{SpikeFactor: 1.5}, wantUp: []string{"malformed"}},
		// ...and the floor case spikes with a lower floor.
		{name: "no-spike-under-floor", opts: report.CompareOptions{SpikeMin: 5}, wantUp: []string{"malformed"}},
		{name: "spike-sampled", wantUp: []string{"soft-expired"}},
		{name: "different-windows"},
		{name: "new-top-entries"},
		{name: "no-window", wantUp: []string{"malformed"}},
	}
	for _, tt := range tests {
		variant := tt.name
		if tt.opts != (report.CompareOptions{}) {
			variant += "-custom"
		}
		t.Run(variant, func(t *testing.T) {
			dir := filepath.Join("testdata", "daily", "compare", tt.name)
			cur, base := fixture.LoadPair(t, dir)
			d := report.Compare(cur, base, tt.opts)
			for _, c := range []struct {
				what      string
				got, want []string
			}{{"new", d.New, tt.wantNew}, {"vanished", d.Vanished, tt.wantGone}, {"spikes", d.Spikes, tt.wantUp}} {
				if !slices.Equal(c.got, c.want) && len(c.got)+len(c.want) > 0 {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
			if tt.opts != (report.CompareOptions{}) {
				return // the goldens are of the default thresholds
			}
			js, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			fixture.Golden(t, filepath.Join(dir, "delta.golden.json"), append(js, '\n'), *update)
		})
	}
}

// TestCompareRates checks the arithmetic the goldens rest on, case by case.
func TestCompareRates(t *testing.T) {
	tests := []struct {
		name           string
		kind           string
		rate, baseRate float64
		ratio          float64 // -1: null
	}{
		{"spike", "malformed", 20, 1, 20},
		{"no-spike-under-floor", "malformed", 8, 1, 8},
		{"no-spike-under-factor", "malformed", 180, 100, 1.8},
		{"spike-sampled", "soft-expired", 1250, 416.667, 3},
		{"different-windows", "wrong-user-id", 1, 1, 1},
		{"new-kind", "wrong-provider", 0.667, 0, -1},
		{"vanished-kind", "wrong-scope", 0, 0.5, 0},
		// first_seen..last_seen of 3h55m counts as 4 hours, 4h00m as 4 hours.
		{"no-window", "malformed", 50, 2.5, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, base := fixture.LoadPair(t, filepath.Join("testdata", "daily", "compare", tt.name))
			d := report.Compare(cur, base, report.CompareOptions{})
			i := slices.IndexFunc(d.Kinds, func(k report.KindDelta) bool { return k.Kind == tt.kind })
			if i < 0 {
				t.Fatalf("no delta for %s in %+v", tt.kind, d.Kinds)
			}
			k := d.Kinds[i]
			if k.Rate != tt.rate || k.BaselineRate != tt.baseRate {
				t.Errorf("rates = %v, %v; want %v, %v", k.Rate, k.BaselineRate, tt.rate, tt.baseRate)
			}
			switch {
			case tt.ratio < 0 && k.Ratio != nil:
				t.Errorf("ratio = %v, want null", *k.Ratio)
			case tt.ratio >= 0 && (k.Ratio == nil || *k.Ratio != tt.ratio):
				t.Errorf("ratio = %v, want %v", k.Ratio, tt.ratio)
			}
		})
	}
}

func TestCompareNewTopEntries(t *testing.T) {
	cur, base := fixture.LoadPair(t, filepath.Join("testdata", "daily", "compare", "new-top-entries"))
	k := report.Compare(cur, base, report.CompareOptions{}).Kinds[0]
	wantFamilies := []report.FamilyCount{{Family: "python-requests", Bot: true, Count: 12}}
	if !slices.Equal(k.NewTopUserAgentFamilies, wantFamilies) {
		t.Errorf("families = %+v, want %+v", k.NewTopUserAgentFamilies, wantFamilies)
	}
	if want := []report.User{{Subject: "CentralAuth::777", Count: 20}}; !slices.Equal(k.NewTopUsers, want) {
		t.Errorf("users = %+v, want %+v", k.NewTopUsers, want)
	}
	if want := []report.Value{{Value: "203.0.113.9", Count: 20}}; !slices.Equal(k.NewTopIPs, want) {
		t.Errorf("ips = %+v, want %+v", k.NewTopIPs, want)
	}
}

func TestCompareNil(t *testing.T) {
	r := &report.Report{Schema: report.Schema}
	if d := report.Compare(r, nil, report.CompareOptions{}); d != nil {
		t.Errorf("Compare(r, nil) = %+v, want nil", d)
	}
	if d := report.Compare(nil, r, report.CompareOptions{}); d != nil {
		t.Errorf("Compare(nil, r) = %+v, want nil", d)
	}
	// Two empty reports: nothing new, rates over one hour, no division by zero.
	d := report.Compare(r, &report.Report{Schema: report.Schema}, report.CompareOptions{})
	if d == nil || d.Hours != 1 || len(d.Kinds) != 0 || d.Rate != 0 {
		t.Errorf("Compare(empty, empty) = %+v", d)
	}
}

func TestCompareOptionsValidate(t *testing.T) {
	tests := []struct {
		opts report.CompareOptions
		ok   bool
	}{
		{report.CompareOptions{}, true},
		{report.CompareOptions{SpikeFactor: 1, SpikeMin: 0.5}, true},
		{report.CompareOptions{SpikeFactor: 3, SpikeMin: 100}, true},
		{report.CompareOptions{SpikeFactor: 0.5}, false},
		{report.CompareOptions{SpikeFactor: -2}, false},
		{report.CompareOptions{SpikeMin: -1}, false},
		{report.CompareOptions{SpikeFactor: math.NaN()}, false},
		{report.CompareOptions{SpikeMin: math.Inf(1)}, false},
	}
	for _, tt := range tests {
		err := tt.opts.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%+v.Validate() = %v, want ok=%v", tt.opts, err, tt.ok)
		}
	}
}

func TestDecodeReport(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  error // nil: decodes
	}{
		{"minimal", `{"schema":"jwtriage.report.v1","kinds":[]}`, nil},
		{"trailing space", `{"schema":"jwtriage.report.v1"}` + "\n\n", nil},
		{"other schema", `{"schema":"jwtriage.report.v2"}`, report.ErrNotReport},
		{"no schema", `{"kinds":[]}`, report.ErrNotReport},
		{"an array", `[{"schema":"jwtriage.report.v1"}]`, report.ErrNotReport},
		{"not JSON", `schema: jwtriage.report.v1`, report.ErrNotReport},
		{"empty", ``, report.ErrNotReport},
		{"two objects", `{"schema":"jwtriage.report.v1"}{"schema":"jwtriage.report.v1"}`, report.ErrNotReport},
		{"wrong type", `{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed","count":"many"}]}`, report.ErrNotReport},
		{"duplicate kind", `{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed"},{"kind":"malformed"}]}`, report.ErrBadReport},
		{"unnamed kind", `{"schema":"jwtriage.report.v1","kinds":[{"count":1}]}`, report.ErrBadReport},
		{"negative count", `{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed","count":-1}]}`, report.ErrBadReport},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := report.DecodeReport(strings.NewReader(tt.input))
			if !errors.Is(err, tt.want) || (tt.want == nil) != (r != nil) {
				t.Errorf("DecodeReport = %v, %v; want error %v", r, err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestLoadReportNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yesterday.json")
	if err := os.WriteFile(path, []byte(`{"schema":"something.else"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := report.LoadReport(path)
	if !errors.Is(err, report.ErrNotReport) || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadReport = %v, want ErrNotReport naming %s", err, path)
	}
	if _, err := report.LoadReport(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadReport(missing) = %v, want os.ErrNotExist", err)
	}
}

func BenchmarkCompare(b *testing.B) {
	cur, base := fixture.LoadPair(b, filepath.Join("testdata", "daily", "html"))
	for b.Loop() {
		report.Compare(cur, base, report.CompareOptions{})
	}
}

// A report's family list is preferred to its top user agents: the app's hundreds of
// version strings each miss the top list, but together the family tops it.
func TestCompareNewTopFamiliesFromFamilyList(t *testing.T) {
	base := &report.Report{Schema: report.Schema, Kinds: []report.Kind{{Kind: "soft-expired", Count: 10, Estimated: 10000,
		UserAgents: []report.UserAgent{{Value: "CeL/4.5.11", Family: "CeL", Bot: true, Count: 10}}}}}
	cur := &report.Report{Schema: report.Schema, Kinds: []report.Kind{{Kind: "soft-expired", Count: 30, Estimated: 30000,
		UserAgents: []report.UserAgent{{Value: "CeL/4.5.11", Family: "CeL", Bot: true, Count: 12}},
		Families:   []report.Family{{Family: "WikipediaApp", Count: 18}, {Family: "CeL", Bot: true, Count: 12}},
	}}}
	got := report.Compare(cur, base, report.CompareOptions{}).Kinds[0].NewTopUserAgentFamilies
	if want := []report.FamilyCount{{Family: "WikipediaApp", Count: 18}}; !slices.Equal(got, want) {
		t.Errorf("families = %+v, want %+v", got, want)
	}
	// The other way round: the baseline's family list knows what cur's top agents show.
	base.Kinds[0].Families = []report.Family{{Family: "WikipediaApp", Count: 3}}
	cur.Kinds[0].Families = nil
	cur.Kinds[0].UserAgents = append(cur.Kinds[0].UserAgents, report.UserAgent{Value: "WikipediaApp/2.7", Family: "WikipediaApp", Count: 1})
	if got := report.Compare(cur, base, report.CompareOptions{}).Kinds[0].NewTopUserAgentFamilies; len(got) != 0 {
		t.Errorf("families = %+v, want none", got)
	}
}
