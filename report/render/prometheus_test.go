package render

import (
	"bytes"
	"io"
	"path/filepath"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// promParse parses exposition text as Prometheus does (legacy metric names), failing the
// test on any error: the promtool-equivalent check.
func promParse(t testing.TB, text []byte) map[string]*dto.MetricFamily {
	t.Helper()
	parser := expfmt.NewTextParser(model.LegacyValidation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(text))
	if err != nil {
		t.Fatalf("the exposition does not parse: %v\n%s", err, text)
	}
	for name, f := range families {
		if f.GetType() != dto.MetricType_GAUGE {
			t.Errorf("%s is a %v, want a gauge", name, f.GetType())
		}
		if f.GetHelp() == "" {
			t.Errorf("%s has no HELP", name)
		}
	}
	return families
}

// promValue is the value of the series of family name with exactly the given labels.
func promValue(t testing.TB, families map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	f := families[name]
	if f == nil {
		t.Fatalf("no family %s", name)
	}
next:
	for _, m := range f.GetMetric() {
		if len(m.GetLabel())*2 != len(labels) {
			continue
		}
		for i, l := range m.GetLabel() {
			if l.GetName() != labels[2*i] || l.GetValue() != labels[2*i+1] {
				continue next
			}
		}
		return m.GetGauge().GetValue()
	}
	t.Fatalf("no series %s%q", name, labels)
	return 0
}

func dailyFixturePair(t testing.TB) (cur *report.Report, d *report.Delta) {
	t.Helper()
	cur, base := fixture.LoadPair(t, filepath.Join("..", "testdata", "daily", "html"))
	return cur, report.Compare(cur, base, report.CompareOptions{})
}

func TestRenderPrometheus(t *testing.T) {
	cur, d := dailyFixturePair(t)
	tests := []struct {
		name  string
		delta *report.Delta
	}{
		{"prometheus.golden.prom", d},
		{"prometheus-no-baseline.golden.prom", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := renderPrometheus(&out, cur, tt.delta); err != nil {
				t.Fatal(err)
			}
			fixture.Golden(t, filepath.Join("..", "testdata", "daily", tt.name), out.Bytes(), *update)
			fams := promParse(t, out.Bytes())

			var sum float64
			for _, k := range cur.Kinds {
				got := promValue(t, fams, "jwtriage_events_estimated", "kind", k.Kind, "verdict", verdictWord(k.Benign))
				if got != float64(k.Estimated) {
					t.Errorf("%s estimated = %v, want %d", k.Kind, got, k.Estimated)
				}
				sum += promValue(t, fams, "jwtriage_events", "kind", k.Kind, "verdict", verdictWord(k.Benign))
			}
			if want := float64(cur.Totals.JWTEvents); sum != want || promValue(t, fams, "jwtriage_jwt_events") != want {
				t.Errorf("events by kind sum to %v, want the total %v", sum, want)
			}
			if got := promValue(t, fams, "jwtriage_report_generated_timestamp_seconds"); got != float64(cur.GeneratedAt.Unix()) {
				t.Errorf("generated = %v, want %d", got, cur.GeneratedAt.Unix())
			}
			if got := promValue(t, fams, "jwtriage_skipped_lines"); got != 3 {
				t.Errorf("skipped = %v, want 3", got)
			}
			_, hasSpike := fams["jwtriage_spike"]
			if hasSpike != (tt.delta != nil) {
				t.Fatalf("jwtriage_spike present = %v with delta %v", hasSpike, tt.delta != nil)
			}
			if tt.delta == nil {
				return
			}
			for kind, want := range map[string]float64{"malformed": 1, "bad-signature": 0, "wrong-provider": 0, "not-yet-valid": 0} {
				if got := promValue(t, fams, "jwtriage_spike", "kind", kind); got != want {
					t.Errorf("spike{%s} = %v, want %v", kind, got, want)
				}
			}
			if got := promValue(t, fams, "jwtriage_new_kind", "kind", "wrong-provider", "verdict", "actionable"); got != 1 {
				t.Errorf("new_kind{wrong-provider} = %v, want 1", got)
			}
			if got := promValue(t, fams, "jwtriage_events_per_hour", "kind", "malformed"); got != 200 {
				t.Errorf("events_per_hour{malformed} = %v, want 200", got)
			}
		})
	}
}

// Label values from a hand-edited report or a rules file survive the round trip through
// a real parser, whatever they contain.
func TestRenderPrometheusEscapesLabels(t *testing.T) {
	hostile := []string{`quote"d`, `back\slash`, "new\nline", "bad utf8 \xff\xfe", `}{`, "tab\there", "",
		"esc\x1b]0;title\x07", "rlo\u202eevil", "zw\u200bsp", "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"}
	// What each label reads once parsed: invalid UTF-8 replaced, controls and invisible
	// characters escaped, tokens masked, everything else as it was.
	shown := []string{`quote"d`, `back\slash`, "new\nline", "bad utf8 \uFFFD\uFFFD", `}{`, "tab\there", "",
		`esc\x1b]0;title\x07`, `rlo\u202eevil`, `zw\u200bsp`, "jwt [JWT sha256:1a2fc26dc7ea5a2a]"}
	r := &report.Report{Schema: report.Schema, GeneratedAt: time.Date(2026, 11, 28, 6, 0, 0, 0, time.UTC)}
	for i, name := range hostile {
		r.Kinds = append(r.Kinds, report.Kind{Kind: name, Count: int64(i + 1), Estimated: int64(i + 1),
			Rules: []report.RuleCount{{Rule: "rule " + name, Count: int64(i + 1)}}})
	}
	var out bytes.Buffer
	if err := renderPrometheus(&out, r, report.Compare(r, &report.Report{Schema: report.Schema}, report.CompareOptions{})); err != nil {
		t.Fatal(err)
	}
	fams := promParse(t, out.Bytes())
	for i := range hostile {
		want := shown[i]
		if got := promValue(t, fams, "jwtriage_events", "kind", want, "verdict", "actionable"); got != float64(i+1) {
			t.Errorf("events{kind=%q} = %v, want %d", want, got, i+1)
		}
		if got := promValue(t, fams, "jwtriage_rule_events", "kind", want, "rule", "rule "+want, "verdict", "actionable"); got != float64(i+1) {
			t.Errorf("rule_events{kind=%q} = %v, want %d", want, got, i+1)
		}
	}
}

// FuzzRenderPrometheus: whatever a kind or rule is called, the output parses.
func FuzzRenderPrometheus(f *testing.F) {
	f.Add("malformed", "default", int64(3))
	f.Add(`a"b\c`+"\n", "r\xff", int64(0))
	f.Fuzz(func(t *testing.T, kind, rule string, count int64) {
		r := &report.Report{Schema: report.Schema, Kinds: []report.Kind{{Kind: kind, Count: count, Estimated: count,
			Rules: []report.RuleCount{{Rule: rule, Count: count}, {Rule: rule, Count: count}}}}}
		var out bytes.Buffer
		if err := renderPrometheus(&out, r, report.Compare(r, r, report.CompareOptions{})); err != nil {
			t.Fatal(err)
		}
		promParse(t, out.Bytes())
	})
}

func BenchmarkRenderPrometheus(b *testing.B) {
	cur, d := dailyFixturePair(b)
	for b.Loop() {
		if err := renderPrometheus(io.Discard, cur, d); err != nil {
			b.Fatal(err)
		}
	}
}
