package report

import (
	"bytes"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file %s (-update to accept):\n--- got ---\n%s", t.Name(), path, got)
	}
}

func TestRenderGolden(t *testing.T) {
	redact := func(a netip.Addr) string {
		p, _ := a.Prefix(map[bool]int{true: 24, false: 64}[a.Is4()])
		return p.String()
	}
	tests := []struct {
		golden string
		format string
		opts   Options
	}{
		{"fixture.table.golden", "table", Options{}},
		{"fixture.md.golden", "markdown", Options{}},
		{"fixture.json.golden", "json", Options{}},
		{"fixture.csv.golden", "csv", Options{}},
		{"fixture-top2-redacted.json.golden", "json", Options{Top: 2, RenderIP: redact}},
		{"fixture-top2-redacted.table.golden", "table", Options{Top: 2, RenderIP: redact}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Render(&buf, fixtureReport(tt.opts), tt.format); err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, buf.Bytes())
		})
	}
}
