package render

import (
	"bytes"
	"flag"
	"net/netip"
	"path/filepath"
	"testing"

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
	}{
		{"fixture.table.golden", "table", aggregate.Options{}},
		{"fixture.md.golden", "markdown", aggregate.Options{}},
		{"fixture.json.golden", "json", aggregate.Options{}},
		{"fixture.csv.golden", "csv", aggregate.Options{}},
		{"fixture-top2-redacted.json.golden", "json", aggregate.Options{Top: 2, RenderIP: redact}},
		{"fixture-top2-redacted.table.golden", "table", aggregate.Options{Top: 2, RenderIP: redact}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, fixture.Report(aggregate.New(tt.opts))); err != nil {
				t.Fatal(err)
			}
			fixture.Golden(t, filepath.Join("testdata", tt.golden), buf.Bytes(), *update)
		})
	}
}
