package drivers_test

import (
	"fmt"

	"github.com/wikimedia/jwtriage/report/drivers"
)

// A kind went from 240 to 1,240 events a day; testwiki, missing from the baseline's
// top list (so it had at most the list's floor, 5), carries the rise.
func ExampleExplain() {
	base := drivers.Side{Count: 240, Hours: 24, Lists: []drivers.List{
		{Dimension: "wikis", Items: []drivers.Item{{Value: "enwiki", Count: 120}, {Value: "dewiki", Count: 60}}, Floor: 5},
	}}
	cur := drivers.Side{Count: 1240, Hours: 24, Lists: []drivers.List{
		{Dimension: "wikis", Items: []drivers.Item{{Value: "testwiki", Count: 1000}, {Value: "enwiki", Count: 120}, {Value: "dewiki", Count: 60}}},
	}}
	for _, d := range drivers.Explain(drivers.Input{Current: cur, Baseline: base}, drivers.Options{}) {
		fmt.Printf("%s %s: %d events (baseline at most %d), at least %.1f%% of the rise\n",
			d.Dimension, d.Value, d.Count, d.BaselineCount, d.Share*100)
	}
	// Output:
	// wikis testwiki: 1000 events (baseline at most 5), at least 99.5% of the rise
}

// An hourly series that steps up at its sixth hour and stays there.
func ExampleBegan() {
	counts := []int64{5, 6, 4, 5, 5, 80, 75, 90, 85, 70}
	hour, ok := drivers.Began(drivers.Series{Counts: counts, Weight: 1}, drivers.Rise{Factor: 2, Min: 10})
	fmt.Println(hour, ok)
	// Output:
	// 5 true
}
