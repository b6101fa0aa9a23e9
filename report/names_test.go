package report_test

import (
	"testing"

	"github.com/wikimedia/jwtriage/report"
	"github.com/wikimedia/jwtriage/report/aggregate"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

func TestSubjectsAndApplyNames(t *testing.T) {
	r := fixture.Report(aggregate.New(aggregate.Options{}))
	got := r.Subjects()
	// Most events first: the fixture's users lists hold these totals.
	totals := map[string]int64{}
	for _, k := range r.Kinds {
		for _, u := range k.Users {
			totals[u.Subject] += u.Count
		}
	}
	if len(got) != 3 || len(totals) != 3 {
		t.Fatalf("subjects = %q, want the 3 distinct subjects of %v", got, totals)
	}
	for i := 1; i < len(got); i++ {
		if a, b := totals[got[i-1]], totals[got[i]]; a < b || (a == b && got[i-1] > got[i]) {
			t.Errorf("subjects = %q: not by count (%v) then name", got, totals)
		}
	}
	r.ApplyNames(map[string]report.UserName{"CentralAuth::101": {Name: "Zoë"}, "CentralAuth::100": {Status: "missing"}})
	for _, k := range r.Kinds {
		for _, u := range k.Users {
			want := map[string]report.UserName{"CentralAuth::101": {Name: "Zoë"}, "CentralAuth::100": {Status: "missing"}}[u.Subject]
			if u.Name != want.Name || u.Status != want.Status {
				t.Errorf("%s: %s named %q (%q), want %+v", k.Kind, u.Subject, u.Name, u.Status, want)
			}
		}
	}
}
