package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// -update-daily rewrites the daily-report goldens (baseline, HTML, Prometheus) from the
// code; review the diff before committing it.
var updateDaily = flag.Bool("update-daily", false, "rewrite the goldens under testdata/daily")

// dailyGolden compares got with the golden file, or rewrites it under -update-daily.
func dailyGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateDaily {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update-daily to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func loadCompareCase(t *testing.T, dir string) (cur, base *Report) {
	t.Helper()
	base, err := LoadReport(filepath.Join(dir, "base.json"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err = LoadReport(filepath.Join(dir, "cur.json"))
	if err != nil {
		t.Fatal(err)
	}
	return cur, base
}

// TestCompare runs each case under testdata/daily/compare: base.json and cur.json in,
// the Delta (delta.golden.json) and the summary as text and Markdown out. The table says
// what each case is about, so a wrongly regenerated golden cannot hide it.
func TestCompare(t *testing.T) {
	tests := []struct {
		name                      string
		opts                      CompareOptions
		wantNew, wantGone, wantUp []string
	}{
		{name: "new-kind", wantNew: []string{"wrong-provider"}},
		{name: "new-kind-spike", wantNew: []string{"bad-signature"}, wantUp: []string{"bad-signature"}},
		{name: "vanished-kind", wantGone: []string{"wrong-scope"}},
		{name: "spike", wantUp: []string{"malformed"}},
		{name: "no-spike-under-floor"},
		{name: "no-spike-under-factor"},
		// The same case spikes with a lower factor: the factor alone held it back.
		{name: "no-spike-under-factor", opts: CompareOptions{SpikeFactor: 1.5}, wantUp: []string{"malformed"}},
		// ...and the floor case spikes with a lower floor.
		{name: "no-spike-under-floor", opts: CompareOptions{SpikeMin: 5}, wantUp: []string{"malformed"}},
		{name: "spike-sampled", wantUp: []string{"soft-expired"}},
		{name: "different-windows"},
		{name: "new-top-entries"},
		{name: "no-window", wantUp: []string{"malformed"}},
	}
	for _, tt := range tests {
		variant := tt.name
		if tt.opts != (CompareOptions{}) {
			variant += "-custom"
		}
		t.Run(variant, func(t *testing.T) {
			dir := filepath.Join("testdata", "daily", "compare", tt.name)
			cur, base := loadCompareCase(t, dir)
			d := Compare(cur, base, tt.opts)
			for _, c := range []struct {
				what      string
				got, want []string
			}{{"new", d.New, tt.wantNew}, {"vanished", d.Vanished, tt.wantGone}, {"spikes", d.Spikes, tt.wantUp}} {
				if !slices.Equal(c.got, c.want) && len(c.got)+len(c.want) > 0 {
					t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
				}
			}
			if tt.opts != (CompareOptions{}) {
				return // the goldens are of the default thresholds
			}
			js, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			dailyGolden(t, filepath.Join(dir, "delta.golden.json"), append(js, '\n'))
			text := strings.Join(DailySummaryLines(cur, d), "\n") + "\n"
			dailyGolden(t, filepath.Join(dir, "summary.golden.txt"), []byte(text))
			var md bytes.Buffer
			if err := RenderSummaryMarkdown(&md, cur, d); err != nil {
				t.Fatal(err)
			}
			dailyGolden(t, filepath.Join(dir, "summary.golden.md"), md.Bytes())
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
			cur, base := loadCompareCase(t, filepath.Join("testdata", "daily", "compare", tt.name))
			d := Compare(cur, base, CompareOptions{})
			i := slices.IndexFunc(d.Kinds, func(k KindDelta) bool { return k.Kind == tt.kind })
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
	cur, base := loadCompareCase(t, filepath.Join("testdata", "daily", "compare", "new-top-entries"))
	k := Compare(cur, base, CompareOptions{}).Kinds[0]
	wantFamilies := []FamilyCount{{Family: "python-requests", Bot: true, Count: 12}}
	if !slices.Equal(k.NewTopUserAgentFamilies, wantFamilies) {
		t.Errorf("families = %+v, want %+v", k.NewTopUserAgentFamilies, wantFamilies)
	}
	if want := []User{{Subject: "CentralAuth::777", Count: 20}}; !slices.Equal(k.NewTopUsers, want) {
		t.Errorf("users = %+v, want %+v", k.NewTopUsers, want)
	}
	if want := []Value{{Value: "203.0.113.9", Count: 20}}; !slices.Equal(k.NewTopIPs, want) {
		t.Errorf("ips = %+v, want %+v", k.NewTopIPs, want)
	}
}

func TestCompareNil(t *testing.T) {
	r := &Report{Schema: Schema}
	if d := Compare(r, nil, CompareOptions{}); d != nil {
		t.Errorf("Compare(r, nil) = %+v, want nil", d)
	}
	if d := Compare(nil, r, CompareOptions{}); d != nil {
		t.Errorf("Compare(nil, r) = %+v, want nil", d)
	}
	// Two empty reports: nothing new, rates over one hour, no division by zero.
	d := Compare(r, &Report{Schema: Schema}, CompareOptions{})
	if d == nil || d.Hours != 1 || len(d.Kinds) != 0 || d.Rate != 0 {
		t.Errorf("Compare(empty, empty) = %+v", d)
	}
}

func TestCompareOptionsValidate(t *testing.T) {
	tests := []struct {
		opts CompareOptions
		ok   bool
	}{
		{CompareOptions{}, true},
		{CompareOptions{SpikeFactor: 1, SpikeMin: 0.5}, true},
		{CompareOptions{SpikeFactor: 3, SpikeMin: 100}, true},
		{CompareOptions{SpikeFactor: 0.5}, false},
		{CompareOptions{SpikeFactor: -2}, false},
		{CompareOptions{SpikeMin: -1}, false},
		{CompareOptions{SpikeFactor: math.NaN()}, false},
		{CompareOptions{SpikeMin: math.Inf(1)}, false},
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
		{"other schema", `{"schema":"jwtriage.report.v2"}`, ErrNotReport},
		{"no schema", `{"kinds":[]}`, ErrNotReport},
		{"an array", `[{"schema":"jwtriage.report.v1"}]`, ErrNotReport},
		{"not JSON", `schema: jwtriage.report.v1`, ErrNotReport},
		{"empty", ``, ErrNotReport},
		{"two objects", `{"schema":"jwtriage.report.v1"}{"schema":"jwtriage.report.v1"}`, ErrNotReport},
		{"wrong type", `{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed","count":"many"}]}`, ErrNotReport},
		{"duplicate kind", `{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed"},{"kind":"malformed"}]}`, ErrBadReport},
		{"unnamed kind", `{"schema":"jwtriage.report.v1","kinds":[{"count":1}]}`, ErrBadReport},
		{"negative count", `{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed","count":-1}]}`, ErrBadReport},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := DecodeReport(strings.NewReader(tt.input))
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
	_, err := LoadReport(path)
	if !errors.Is(err, ErrNotReport) || !strings.Contains(err.Error(), path) {
		t.Errorf("LoadReport = %v, want ErrNotReport naming %s", err, path)
	}
	if _, err := LoadReport(filepath.Join(t.TempDir(), "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadReport(missing) = %v, want os.ErrNotExist", err)
	}
}

// FuzzDecodeReport: any input either fails with one of the two errors or decodes into a
// report that compares with itself as unchanged and renders as HTML and Prometheus.
func FuzzDecodeReport(f *testing.F) {
	for _, seed := range []string{
		`{"schema":"jwtriage.report.v1","kinds":[{"kind":"malformed","count":2,"estimated":2000,"hours":[{"hour":"2026-11-27T06:00:00Z","count":2,"estimated":2000}]}]}`,
		`{"schema":"jwtriage.report.v1","window":{"from":"2026-11-27T06:00:00Z","to":"2026-11-28T06:00:00Z"},"kinds":[{"kind":"<script>","users":[{"subject":"\"><img>","count":1}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeReport(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrNotReport) && !errors.Is(err, ErrBadReport) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		d := Compare(r, r, CompareOptions{})
		if len(d.New)+len(d.Vanished)+len(d.Spikes) > 0 {
			t.Fatalf("a report compared with itself changed: %+v", d)
		}
		var html, prom bytes.Buffer
		if err := RenderHTML(&html, r, d); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html.String(), "<script") {
			t.Fatal("report text became a script element")
		}
		if err := RenderPrometheus(&prom, r, d); err != nil {
			t.Fatal(err)
		}
		promParse(t, prom.Bytes())
	})
}

func BenchmarkCompare(b *testing.B) {
	dir := filepath.Join("testdata", "daily", "html")
	base, err := LoadReport(filepath.Join(dir, "base.json"))
	if err != nil {
		b.Fatal(err)
	}
	cur, err := LoadReport(filepath.Join(dir, "cur.json"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Compare(cur, base, CompareOptions{})
	}
}

// A report's family list is preferred to its top user agents: the app's hundreds of
// version strings each miss the top list, but together the family tops it.
func TestCompareNewTopFamiliesFromFamilyList(t *testing.T) {
	base := &Report{Schema: Schema, Kinds: []Kind{{Kind: "soft-expired", Count: 10, Estimated: 10000,
		UserAgents: []UserAgent{{Value: "CeL/4.5.11", Family: "CeL", Bot: true, Count: 10}}}}}
	cur := &Report{Schema: Schema, Kinds: []Kind{{Kind: "soft-expired", Count: 30, Estimated: 30000,
		UserAgents: []UserAgent{{Value: "CeL/4.5.11", Family: "CeL", Bot: true, Count: 12}},
		Families:   []Family{{Family: "WikipediaApp", Count: 18}, {Family: "CeL", Bot: true, Count: 12}},
	}}}
	got := Compare(cur, base, CompareOptions{}).Kinds[0].NewTopUserAgentFamilies
	if want := []FamilyCount{{Family: "WikipediaApp", Count: 18}}; !slices.Equal(got, want) {
		t.Errorf("families = %+v, want %+v", got, want)
	}
	// The other way round: the baseline's family list knows what cur's top agents show.
	base.Kinds[0].Families = []Family{{Family: "WikipediaApp", Count: 3}}
	cur.Kinds[0].Families = nil
	cur.Kinds[0].UserAgents = append(cur.Kinds[0].UserAgents, UserAgent{Value: "WikipediaApp/2.7", Family: "WikipediaApp", Count: 1})
	if got := Compare(cur, base, CompareOptions{}).Kinds[0].NewTopUserAgentFamilies; len(got) != 0 {
		t.Errorf("families = %+v, want none", got)
	}
}
