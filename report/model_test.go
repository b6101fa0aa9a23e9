package report_test

import (
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report"
)

func TestKindSplitAndVerdictCounts(t *testing.T) {
	type counts struct{ benign, actionable, benignEst, actionableEst int64 }
	for _, tt := range []struct {
		name  string
		kind  report.Kind
		split bool
		want  counts
	}{
		{"split by a rule", report.Kind{Count: 518, Estimated: 1518, Rules: []report.RuleCount{
			{Rule: "default", Count: 295, Estimated: 295}, {Rule: "mobile", Benign: true, Count: 223, Estimated: 1223}}},
			true, counts{223, 295, 1223, 295}},
		{"two benign rules", report.Kind{Benign: true, Count: 5, Estimated: 5, Rules: []report.RuleCount{
			{Rule: "default", Benign: true, Count: 3, Estimated: 3}, {Rule: "bots", Benign: true, Count: 2, Estimated: 2}}},
			false, counts{5, 0, 5, 0}},
		{"no rules, benign", report.Kind{Benign: true, Count: 4, Estimated: 40}, false, counts{4, 0, 40, 0}},
		{"no rules, actionable", report.Kind{Count: 4, Estimated: 40}, false, counts{0, 4, 0, 40}},
	} {
		if got := tt.kind.Split(); got != tt.split {
			t.Errorf("%s: Split() = %v, want %v", tt.name, got, tt.split)
		}
		var got counts
		got.benign, got.actionable, got.benignEst, got.actionableEst = tt.kind.VerdictCounts()
		if got != tt.want {
			t.Errorf("%s: VerdictCounts() = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

// TestCompareRatesOverTheDataEnd: a report whose window ends at its data has its rates
// taken over the span it covers, not up to a later "now" (windows from the data).
func TestCompareRatesOverTheDataEnd(t *testing.T) {
	at := func(h int) *time.Time { ts := time.Date(2025, 10, 14, h, 0, 0, 0, time.UTC); return &ts }
	kinds := []report.Kind{{Kind: "malformed", Count: 60, Estimated: 60}}
	cur := &report.Report{Window: report.Window{From: at(0), To: at(6), ToData: true}, Kinds: kinds,
		Totals: report.Totals{JWTEvents: 60, EstimatedJWTEvents: 60}}
	base := &report.Report{Window: report.Window{From: at(6), To: at(12)}, Kinds: kinds,
		Totals: report.Totals{JWTEvents: 60, EstimatedJWTEvents: 60}}
	d := report.Compare(cur, base, report.CompareOptions{})
	if d.Hours != 6 || d.Rate != 10 || d.Kinds[0].Ratio == nil || *d.Kinds[0].Ratio != 1 {
		t.Errorf("hours %v, rate %v, ratio %v; want 6 h, 10/h, 1", d.Hours, d.Rate, d.Kinds[0].Ratio)
	}
}

// Only the zero DistinctCount is unknown: an exact 0 is a count, and so is any
// estimate.
func TestDistinctCountKnown(t *testing.T) {
	for _, tt := range []struct {
		d    report.DistinctCount
		want bool
	}{
		{report.DistinctCount{}, false},
		{report.DistinctCount{Value: 0, Exact: true}, true},
		{report.DistinctCount{Value: 3, Exact: true}, true},
		{report.DistinctCount{Value: 5000, Exact: false}, true},
	} {
		if got := tt.d.Known(); got != tt.want {
			t.Errorf("%+v.Known() = %v, want %v", tt.d, got, tt.want)
		}
	}
}
