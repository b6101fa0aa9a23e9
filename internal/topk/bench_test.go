package topk_test

import (
	"strconv"
	"testing"

	"github.com/wikimedia/jwtriage/internal/benchcpu"
	"github.com/wikimedia/jwtriage/internal/topk"
)

// BenchmarkAdd measures one Add (the hash computed beforehand, as the pipeline's
// workers do) at each cardinality: a few values in runs, a busy day's 20,000 users
// (exact), and all-distinct values past the budget (a purge every few hundred adds).
func BenchmarkAdd(b *testing.B) {
	for _, bc := range []struct {
		name     string
		distinct int
		budget   int64
	}{
		{"low-cardinality", 100, 64 << 20},
		{"busy-day-exact", 20000, 64 << 20},
		{"all-distinct-bounded", 1 << 22, 1 << 20},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ks := make([]topk.Key, 1<<16)
			for i := range ks {
				v := i * 7919 % bc.distinct
				if bc.distinct > len(ks) {
					v = i
				}
				ks[i] = topk.MakeKey("CentralAuth::" + strconv.Itoa(v))
			}
			c := topk.NewBudget(bc.budget, topk.DefaultFloor).NewCounter()
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				k := ks[i&(len(ks)-1)]
				if bc.distinct > len(ks) {
					k.Hash += uint64(i>>16) * 0x9e3779b97f4a7c15 // a new value every time
				}
				c.Add(k, 1)
				i++
			}
		})
	}
}

func BenchmarkHash(b *testing.B) {
	for _, s := range []string{"10.1.2.3", "CentralAuth::123456",
		"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"} {
		b.Run(strconv.Itoa(len(s)), func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				topk.Hash(s)
			}
		})
	}
}

func BenchmarkTop(b *testing.B) {
	c := topk.NewBudget(1<<20, topk.DefaultFloor).NewCounter()
	for i := range 1 << 20 {
		c.Add(topk.MakeKey(strconv.Itoa(i%50000+i%7)), 1)
	}
	b.ReportAllocs()
	for b.Loop() {
		c.Top(10)
	}
}

// BenchmarkFill measures filling new counters with distinct values, as the
// aggregator's address, agent, family and user lists fill on the all-distinct shape:
// four counters on one budget, 200,000 short values each, so that they grow from empty
// (and, on the smaller budget, turn into bounded summaries that purge when full).
func BenchmarkFill(b *testing.B) {
	const lists, values = 4, 200_000
	ks := make([]topk.Key, values)
	for i := range ks {
		ks[i] = topk.MakeKey("CentralAuth::" + strconv.Itoa(1000+i))
	}
	for _, bc := range []struct {
		name   string
		budget int64
	}{{"exact", 48 << 20}, {"bounded", 8 << 20}} {
		b.Run(bc.name, func(b *testing.B) {
			cpu := benchcpu.Now()
			for b.Loop() {
				budget := topk.NewBudget(bc.budget, topk.DefaultFloor)
				var cs [lists]*topk.Counter
				for j := range cs {
					cs[j] = budget.NewCounter()
				}
				for i := range ks {
					for _, c := range cs {
						c.Add(ks[i], 1)
					}
				}
			}
			benchcpu.Report(b, cpu)
		})
	}
}
