package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/sources"
)

// manifest is the generator's ground truth for testdata/sample (testdata/gen): the
// counts below come from what the generator wrote, not from this program.
type manifest struct {
	Totals struct {
		Lines              int64 `json:"lines"`
		Records            int64 `json:"records"`
		Skipped            int64 `json:"skipped"`
		SessionEvents      int64 `json:"session_events"`
		JWTEvents          int64 `json:"jwt_events"`
		EstimatedJWTEvents int64 `json:"estimated_jwt_events"`
		Benign             int64 `json:"benign"`
		Actionable         int64 `json:"actionable"`
	} `json:"totals"`
	Kinds []struct {
		Kind      string           `json:"kind"`
		Count     int64            `json:"count"`
		Estimated int64            `json:"estimated"`
		Benign    bool             `json:"benign"`
		Reasons   map[string]int64 `json:"reasons"`
		FirstSeen time.Time        `json:"first_seen"`
		LastSeen  time.Time        `json:"last_seen"`
	} `json:"kinds"`
	Lines []struct {
		Line    int64  `json:"line"`
		Blank   bool   `json:"blank"`
		Bad     string `json:"bad"` // what is wrong with the line, "" when it is good
		Session bool   `json:"session"`
		Kind    string `json:"kind"`
		Reason  string `json:"reason"`
		Weight  int64  `json:"weight"`
		Subject string `json:"subject"`
	} `json:"lines"`
}

var sampleDir = filepath.Join("..", "testdata", "sample")

func loadManifest(t *testing.T) *manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sampleDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// runSample runs the whole pipeline over the sample, as `jwtriage report` does.
func runSample(t *testing.T, path string) *report.Report {
	t.Helper()
	src, err := sources.NewJSONL([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return buildReport(t, src, 0, Window{}, aggregate.Options{})
}

// TestSampleCountsEveryLine checks every total and every kind of the sample report
// against the generator's manifest.
func TestSampleCountsEveryLine(t *testing.T) {
	m := loadManifest(t)
	rep := runSample(t, filepath.Join(sampleDir, "sample.jsonl"))
	got, want := rep.Totals, m.Totals
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"lines", got.Lines, want.Lines},
		{"records", got.Records, want.Records},
		{"skipped", got.Skipped, want.Skipped},
		{"session_events", got.SessionEvents, want.SessionEvents},
		{"jwt_events", got.JWTEvents, want.JWTEvents},
		{"estimated_jwt_events", got.EstimatedJWTEvents, want.EstimatedJWTEvents},
		{"benign", got.Benign, want.Benign},
		{"actionable", got.Actionable, want.Actionable},
	} {
		if c.got != c.want {
			t.Errorf("totals.%s = %d, manifest says %d", c.name, c.got, c.want)
		}
	}
	if got.Lines != got.Records+got.Skipped || got.Benign+got.Actionable != got.JWTEvents {
		t.Errorf("totals do not add up: %+v", got)
	}
	if int64(len(rep.Skipped)) != want.Skipped {
		t.Errorf("%d skipped lines listed, want %d", len(rep.Skipped), want.Skipped)
	}
	badLines := map[int64]bool{}
	for _, l := range m.Lines {
		if l.Bad != "" {
			badLines[l.Line] = true
		}
	}
	for _, s := range rep.Skipped {
		if !badLines[s.Line] {
			t.Errorf("line %d skipped (%s) but the manifest says it is good", s.Line, s.Error)
		}
	}

	byKind := map[string]report.Kind{}
	for _, k := range rep.Kinds {
		byKind[k.Kind] = k
	}
	if len(byKind) != len(m.Kinds) {
		t.Errorf("report has %d kinds, manifest %d", len(byKind), len(m.Kinds))
	}
	for _, mk := range m.Kinds {
		k, ok := byKind[mk.Kind]
		if !ok {
			t.Errorf("kind %s missing from the report", mk.Kind)
			continue
		}
		if k.Count != mk.Count || k.Estimated != mk.Estimated || k.Benign != mk.Benign {
			t.Errorf("kind %s: count %d estimated %d benign %v, manifest %d %d %v",
				mk.Kind, k.Count, k.Estimated, k.Benign, mk.Count, mk.Estimated, mk.Benign)
		}
		reasons := map[string]int64{}
		for _, r := range k.Reasons {
			reasons[r.Reason] = r.Count
		}
		for r, n := range mk.Reasons {
			if reasons[r] != n {
				t.Errorf("kind %s reason %s: %d, manifest %d", mk.Kind, r, reasons[r], n)
			}
		}
		if k.FirstSeen == nil || !k.FirstSeen.Equal(mk.FirstSeen) || k.LastSeen == nil || !k.LastSeen.Equal(mk.LastSeen) {
			t.Errorf("kind %s seen %v..%v, manifest %v..%v", mk.Kind, k.FirstSeen, k.LastSeen, mk.FirstSeen, mk.LastSeen)
		}
	}
}

// TestSampleKindPerLine checks the kind and reason of every line of the sample.
func TestSampleKindPerLine(t *testing.T) {
	m := loadManifest(t)
	norm, err := normalize.New()
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]int{}
	for i, l := range m.Lines {
		want[l.Line] = i
	}
	lr, f := openLines(t, filepath.Join(sampleDir, "sample.jsonl"))
	defer f.Close()
	for {
		raw, err := lr.Next()
		if err != nil {
			break
		}
		l := m.Lines[want[lr.LineNumber()]]
		evs, err := norm.AppendEventsJSON(nil, raw)
		if (err != nil) != (l.Bad != "") {
			t.Errorf("line %d: parse error %v, manifest bad=%q", l.Line, err, l.Bad)
			continue
		}
		if l.Bad != "" {
			continue
		}
		if !l.Session {
			if len(evs) != 0 {
				t.Errorf("line %d: %d events from a line outside the session channels", l.Line, len(evs))
			}
			continue
		}
		if len(evs) != 1 {
			t.Errorf("line %d: %d events, want 1", l.Line, len(evs))
			continue
		}
		ev := evs[0]
		if string(ev.Kind) != l.Kind || ev.Reason != l.Reason || ev.Weight != l.Weight {
			t.Errorf("line %d: kind %q reason %q weight %d, manifest %q %q %d", l.Line, ev.Kind, ev.Reason, ev.Weight, l.Kind, l.Reason, l.Weight)
		}
		if l.Subject != "" && ev.Subject.Raw != l.Subject { // the manifest names the subject of some kinds only
			t.Errorf("line %d: subject %q, manifest %q", l.Line, ev.Subject.Raw, l.Subject)
		}
	}
}

func openLines(t *testing.T, path string) (*sources.LineReader, *os.File) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return sources.NewLineReader(f, sources.DefaultMaxLine), f
}
