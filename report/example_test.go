package report_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wikimedia/jwtriage/report"
)

// Two daily reports as `jwtriage report --format json` writes them (trimmed to what the
// comparison reads): yesterday's and today's, each over one day.
const (
	yesterday = `{"schema": "jwtriage.report.v1",
	  "window": {"from": "2026-11-26T00:00:00Z", "to": "2026-11-27T00:00:00Z"},
	  "kinds": [
	    {"kind": "soft-expired", "count": 24, "estimated": 24000, "benign": true},
	    {"kind": "malformed", "count": 24, "estimated": 24}]}`
	today = `{"schema": "jwtriage.report.v1",
	  "window": {"from": "2026-11-27T00:00:00Z", "to": "2026-11-28T00:00:00Z"},
	  "kinds": [
	    {"kind": "soft-expired", "count": 25, "estimated": 25000, "benign": true},
	    {"kind": "malformed", "count": 960, "estimated": 960},
	    {"kind": "bad-signature", "count": 3, "estimated": 3}]}`
)

// Read two reports back and compare them, as a daily job with --baseline and
// --fail-on does, without the classifier or any log reader.
func Example() {
	base, err := report.DecodeReport(strings.NewReader(yesterday))
	if err != nil {
		panic(err)
	}
	cur, err := report.DecodeReport(strings.NewReader(today))
	if err != nil {
		panic(err)
	}
	d := report.Compare(cur, base, report.CompareOptions{})
	fmt.Println("new:", d.New, "spikes:", d.Spikes)
	for _, k := range d.Kinds {
		fmt.Printf("%s: %s/h, was %s/h\n", k.Kind, report.FormatRate(k.Rate), report.FormatRate(k.BaselineRate))
	}
	failed, why, err := report.FailOn("new-actionable,spike", cur, d)
	fmt.Println(failed, why, err)
	// Output:
	// new: [bad-signature] spikes: [malformed]
	// soft-expired: 1,042/h, was 1,000/h
	// malformed: 40/h, was 1/h
	// bad-signature: 0.13/h, was 0/h
	// true new actionable kinds: bad-signature (3 events; new: no single value explains it); spikes: malformed 1/h -> 40/h (×40: no single value explains it) <nil>
}

// A file that is not a report is refused with a sentinel error, before any comparison.
func ExampleDecodeReport_notAReport() {
	_, err := report.DecodeReport(strings.NewReader(`{"schema": "something.else"}`))
	fmt.Println(errors.Is(err, report.ErrNotReport))
	fmt.Println(err)
	// Output:
	// true
	// not a jwtriage.report.v1 report: schema is "something.else" (want "jwtriage.report.v1"; pass a report written with --format json)
}

// A rules file made part of a kind benign: the kind is split, its own verdict is
// actionable, and its events by verdict come from its rules.
func ExampleKind_Split() {
	k := report.Kind{Kind: "malformed", Count: 518, Estimated: 518, Rules: []report.RuleCount{
		{Rule: "default", Benign: false, Count: 295, Estimated: 295},
		{Rule: "base64-is-a-mobile-client", Benign: true, Count: 223, Estimated: 223},
	}}
	benign, actionable, _, _ := k.VerdictCounts()
	fmt.Println(k.Split(), benign, actionable)
	// Output:
	// true 223 295
}
