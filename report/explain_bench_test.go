package report_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/report"
)

// benchReports is a worst case for the explanation: 14 kinds, each with full top lists
// of 10 in every breakdown and 48 hours, every kind five times its baseline (so every
// one spikes and is explained).
func benchReports() (cur, base *report.Report) {
	from := time.Date(2025, 10, 13, 0, 0, 0, 0, time.UTC)
	to := from.Add(48 * time.Hour)
	build := func(scale int64) *report.Report {
		r := &report.Report{Schema: report.Schema, Window: report.Window{From: &from, To: &to}}
		for k := 0; k < 14; k++ {
			kind := report.Kind{Kind: fmt.Sprintf("kind-%d", k), Count: 1000 * scale, Estimated: 1000 * scale}
			for i := int64(0); i < 10; i++ {
				n := (100 - 9*i) * scale
				v := fmt.Sprintf("value-%d", i)
				kind.Wikis = append(kind.Wikis, report.Value{Value: v + "wiki", Count: n})
				kind.IPs = append(kind.IPs, report.Value{Value: "192.0.2." + v, Count: n})
				kind.IPPrefixes = append(kind.IPPrefixes, report.Value{Value: "192.0." + v + ".0/24", Count: n})
				kind.UserAgents = append(kind.UserAgents, report.UserAgent{Value: "Agent/" + v, Family: "Agent" + v, Count: n})
				kind.Families = append(kind.Families, report.Family{Family: "Agent" + v, Count: n})
				kind.Users = append(kind.Users, report.User{Subject: "CentralAuth::" + v, Count: n})
				kind.Messages = append(kind.Messages, report.Message{Message: "message " + v, Count: n})
				kind.Reasons = append(kind.Reasons, report.Reason{Reason: "reason " + v, Count: n})
			}
			for h := 0; h < 48; h++ {
				kind.Hours = append(kind.Hours, report.HourCount{Hour: from.Add(time.Duration(h) * time.Hour), Count: 20 * scale, Estimated: 20 * scale})
			}
			r.Kinds = append(r.Kinds, kind)
			r.Totals.JWTEvents += kind.Count
			r.Totals.EstimatedJWTEvents += kind.Estimated
		}
		return r
	}
	return build(5), build(1)
}

// BenchmarkCompareAllSpiking is the baseline comparison with every kind explained.
func BenchmarkCompareAllSpiking(b *testing.B) {
	cur, base := benchReports()
	for b.Loop() {
		if d := report.Compare(cur, base, report.CompareOptions{}); len(d.Spikes) != 14 {
			b.Fatalf("%d spikes", len(d.Spikes))
		}
	}
}

// BenchmarkMarkJumps is the change-point search of a report without a baseline.
func BenchmarkMarkJumps(b *testing.B) {
	cur, _ := benchReports()
	for b.Loop() {
		report.MarkJumps(cur, report.CompareOptions{})
	}
}
