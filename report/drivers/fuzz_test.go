package drivers_test

import (
	"math"
	"testing"

	"github.com/wikimedia/jwtriage/report/drivers"
)

// FuzzExplain feeds Explain and the change-point searches arbitrary counts (a baseline
// report is untrusted input): no panic, shares within [0, 1], no more drivers than
// asked, a beginning inside the series.
func FuzzExplain(f *testing.F) {
	f.Add(int64(1000), int64(200), int64(800), int64(0), int64(150), int64(50), 24.0, 24.0, 1.0)
	f.Add(int64(5), int64(0), int64(-3), int64(9), int64(-1), int64(0), 0.0, -1.0, 0.0)
	f.Add(int64(math.MaxInt64), int64(1), int64(math.MaxInt64), int64(0), int64(0), int64(0), 1e-300, 1e300, 1e300)
	f.Fuzz(func(t *testing.T, cur, base, item, itemErr, baseItem, floor int64, curHours, baseHours, weight float64) {
		in := drivers.Input{
			Current: drivers.Side{Count: cur, Hours: curHours, Weight: weight, Lists: []drivers.List{
				{Dimension: "wikis", Items: []drivers.Item{{Value: "a", Count: item, Error: itemErr}, {Value: "b", Count: cur - item}}},
				{Dimension: "ips", Items: []drivers.Item{{Value: "x", Count: item}}},
			}},
			Baseline: drivers.Side{Count: base, Hours: baseHours, Weight: weight, Lists: []drivers.List{
				{Dimension: "wikis", Items: []drivers.Item{{Value: "b", Count: baseItem}}, Floor: floor},
			}},
		}
		for _, d := range drivers.Explain(in, drivers.Options{Max: 2}) {
			if !(d.Share >= 0 && d.Share <= 1) {
				t.Fatalf("share %v of %+v", d.Share, d)
			}
		}
		if got := drivers.Explain(in, drivers.Options{Max: 2}); len(got) > 2 {
			t.Fatalf("%d drivers, asked for 2", len(got))
		}
		counts := []int64{cur, base, item, itemErr, baseItem, floor}
		s := drivers.Series{Counts: counts, Weight: weight}
		if h, ok := drivers.Began(s, drivers.Rise{Factor: 2, Min: 10}); ok && (h < 0 || h >= len(counts)) {
			t.Fatalf("Began = %d outside the series", h)
		}
		if h, _ := drivers.BeganAgainst(s, []float64{curHours, baseHours, weight}); h < 0 || h >= len(counts) {
			t.Fatalf("BeganAgainst = %d outside the series", h)
		}
	})
}
