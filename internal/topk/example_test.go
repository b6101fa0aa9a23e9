package topk_test

import (
	"fmt"

	"github.com/wikimedia/jwtriage/internal/topk"
)

func Example() {
	budget := topk.NewBudget(64<<20, topk.DefaultFloor) // shared by every list
	wikis := budget.NewCounter()
	for _, w := range []string{"enwiki", "dewiki", "enwiki", "frwiki", "enwiki", "dewiki"} {
		wikis.Add(topk.MakeKey(w), 1)
	}
	top, uncertain := wikis.Top(2)
	for _, e := range top {
		fmt.Printf("%s %d (error %d)\n", e.Value, e.Count, e.Error)
	}
	n, exact := wikis.Distinct()
	fmt.Println("uncertain:", uncertain, "distinct:", n, "exact:", exact)
	// Output:
	// enwiki 3 (error 0)
	// dewiki 2 (error 0)
	// uncertain: 0 distinct: 3 exact: true
}

// A counter past its room: the all-distinct values are not shown as a top list, the
// distinct count becomes an estimate.
func Example_pastBudget() {
	c := topk.NewBudget(0, 4<<10).NewCounter()
	for i := range 100000 {
		c.Add(topk.MakeKey(fmt.Sprint("ip", i)), 1)
	}
	top, uncertain := c.Top(10)
	n, exact := c.Distinct()
	fmt.Println("shown:", len(top), "uncertain:", uncertain, "exact:", exact, "within 2%:", n > 98000 && n < 102000)
	// Output:
	// shown: 0 uncertain: 10 exact: false within 2%: true
}
