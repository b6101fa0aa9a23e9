package render

import (
	"bytes"
	"flag"
	"net/netip"
	"path/filepath"
	"testing"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// -update rewrites the goldens of this package's tests (under testdata/ and the daily
// HTML and Prometheus ones under ../testdata/daily) from the code; review the diff.
var update = flag.Bool("update", false, "rewrite the golden files from the current output")

func TestRenderGolden(t *testing.T) {
	redact := func(a netip.Addr) string {
		p, _ := a.Prefix(map[bool]int{true: 24, false: 64}[a.Is4()])
		return p.String()
	}
	tests := []struct {
		golden string
		format string
		opts   aggregate.Options
		build  func(fixture.Aggregator) *report.Report // nil: fixture.Report
	}{
		{"fixture.table.golden", "table", aggregate.Options{}, nil},
		{"fixture.md.golden", "markdown", aggregate.Options{}, nil},
		{"fixture.json.golden", "json", aggregate.Options{}, nil},
		{"fixture.csv.golden", "csv", aggregate.Options{}, nil},
		{"fixture-top2-redacted.json.golden", "json", aggregate.Options{Top: 2, RenderIP: redact, LabelsMerge: true}, nil},
		{"fixture-top2-redacted.table.golden", "table", aggregate.Options{Top: 2, RenderIP: redact, LabelsMerge: true}, nil},
		// Lists past a small memory: bounds, uncertain candidates, estimated distincts.
		{"fixture-bounded.table.golden", "table", aggregate.Options{Memory: 1}, fixture.BoundedReport},
		{"fixture-bounded.md.golden", "markdown", aggregate.Options{Memory: 1}, fixture.BoundedReport},
		{"fixture-bounded.json.golden", "json", aggregate.Options{Memory: 1}, fixture.BoundedReport},
		{"fixture-bounded.csv.golden", "csv", aggregate.Options{Memory: 1}, fixture.BoundedReport},
		{"fixture-bounded.prom.golden", "prometheus", aggregate.Options{Memory: 1}, fixture.BoundedReport},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			build := tt.build
			if build == nil {
				build = fixture.Report
			}
			if err := Write(&buf, tt.format, build(aggregate.New(tt.opts))); err != nil {
				t.Fatal(err)
			}
			fixture.Golden(t, filepath.Join("testdata", tt.golden), buf.Bytes(), *update)
		})
	}
}
