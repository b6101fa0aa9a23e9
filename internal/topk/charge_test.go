package topk_test

import (
	"strconv"
	"testing"

	"github.com/wikimedia/jwtriage/internal/topk"
)

// TestChargedIsHeld: a counter charges its budget exactly what it holds, through every
// growth and past the switch to bounded. Memory the runtime's size classes round an
// append up to would be room the budget never paid for, and when the counter purges
// would then depend on the Go version.
func TestChargedIsHeld(t *testing.T) {
	for _, limit := range []int64{1 << 30, 4 << 20} { // growing only; bounded after ~100k values
		b := topk.NewBudget(limit, topk.DefaultFloor)
		c := b.NewCounter()
		for i := range 300_000 {
			c.Add(topk.MakeKey("value-"+strconv.Itoa(i)), 1)
			if i%997 == 0 || i == 299_999 {
				if held, used := c.Held(), b.Used(); held != used {
					t.Fatalf("limit %d, after %d values: the counter holds %d bytes, the budget was charged %d", limit, i+1, held, used)
				}
			}
		}
	}
}
