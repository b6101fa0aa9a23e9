package report_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

func TestFailOn(t *testing.T) {
	dir := filepath.Join("testdata", "daily", "compare")
	tests := []struct {
		name, mode, fixture string
		noBaseline          bool
		triggered           bool
		why                 string // a part of the reason
		err                 error
	}{
		{name: "off", mode: "", fixture: "new-kind-spike"},
		{name: "new actionable kind", mode: "new-actionable", fixture: "new-kind", triggered: true, why: "new actionable kinds: wrong-provider (16 events; new: no single value explains it)"},
		{name: "new kind but no spike", mode: "spike", fixture: "new-kind"},
		{name: "spike", mode: "spike", fixture: "spike", triggered: true, why: "spikes: malformed 1/h -> 20/h"},
		{name: "benign spike counts", mode: "spike", fixture: "spike-sampled", triggered: true, why: "soft-expired 417/h -> 1,250/h"},
		{name: "under the floor", mode: "spike", fixture: "no-spike-under-floor"},
		{name: "under the factor", mode: "spike,new-actionable", fixture: "no-spike-under-factor"},
		{name: "vanished is not new", mode: "new-actionable", fixture: "vanished-kind"},
		{name: "any actionable", mode: "any-actionable", fixture: "vanished-kind", triggered: true, why: "actionable kinds: malformed (310 events)"},
		{name: "only benign", mode: "any-actionable", fixture: "spike-sampled"},
		{name: "any actionable needs no baseline", mode: "any-actionable", fixture: "spike", noBaseline: true, triggered: true, why: "malformed"},
		{name: "both reasons", mode: "new-actionable, spike", fixture: "new-kind-spike", triggered: true, why: "new actionable kinds: bad-signature (480 events; new: no single value explains it); spikes: bad-signature 0/h -> 20/h (new: no single value explains it)"},
		{name: "spike needs a baseline", mode: "spike", fixture: "spike", noBaseline: true, err: report.ErrFailOnBaseline},
		{name: "new needs a baseline", mode: "new-actionable", fixture: "spike", noBaseline: true, err: report.ErrFailOnBaseline},
		{name: "typo", mode: "spikes", fixture: "spike", err: report.ErrFailOnMode},
		{name: "empty item", mode: "spike,", fixture: "spike", err: report.ErrFailOnMode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, base := fixture.LoadPair(t, filepath.Join(dir, tt.fixture))
			d := report.Compare(cur, base, report.CompareOptions{})
			if tt.noBaseline {
				d = nil
			}
			if err := report.ValidateFailOn(tt.mode, d != nil); !errors.Is(err, tt.err) {
				t.Errorf("ValidateFailOn = %v, want %v", err, tt.err)
			}
			triggered, why, err := report.FailOn(tt.mode, cur, d)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if triggered != tt.triggered || !strings.Contains(why, tt.why) || (why == "") == triggered {
				t.Errorf("FailOn(%q) = %v, %q; want %v, containing %q", tt.mode, triggered, why, tt.triggered, tt.why)
			}
		})
	}
}
