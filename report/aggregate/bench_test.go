package aggregate

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"

	"github.com/wikimedia/jwtriage/classify"
	"github.com/wikimedia/jwtriage/normalize"
	"github.com/wikimedia/jwtriage/report/internal/fixture"
)

// benchResults is a realistic mix: a handful of kinds, skewed IPs, user agents and users.
func benchResults(n, distinct int) []classify.Result {
	rng := rand.New(rand.NewPCG(3, 4))
	zipf := rand.NewZipf(rng, 1.1, 1, uint64(distinct))
	kinds := []normalize.Kind{normalize.KindSoftExpired, normalize.KindAnonExpectedUserFound,
		normalize.KindBadSignature, normalize.KindMalformed, normalize.KindWrongUserID}
	out := make([]classify.Result, n)
	for i := range out {
		z := int(zipf.Uint64())
		out[i] = classify.Result{
			Event: normalize.Event{
				Time:      fixture.Base.Add(time.Duration(i) * time.Second),
				Message:   "JWT validation failed: JWT error: " + string(kinds[i%len(kinds)]),
				Wiki:      fmt.Sprint("wiki", z%800),
				ClientIP:  netip.AddrFrom4([4]byte{10, byte(z >> 16), byte(z >> 8), byte(z)}),
				UserAgent: fmt.Sprintf("Mozilla/5.0 (build %d) Firefox/%d.0", z%5000, z%130),
				Kind:      kinds[i%len(kinds)],
				Subject:   normalize.Subject{Raw: fmt.Sprint("CentralAuth::", z)},
				Weight:    1, Count: 1,
			},
			Verdict: classify.Verdict{Benign: i%3 != 0, Reason: "because", Rule: "default"},
			Agent:   classify.Agent{Family: "Firefox"},
		}
	}
	return out
}

// BenchmarkAggregatorEvent measures the per-event cost, in the exact regime (values
// within the bounds) and past the bounds (a Space-Saving eviction on most events).
func BenchmarkAggregatorEvent(b *testing.B) {
	for _, bc := range []struct {
		name     string
		distinct int
	}{{"exact", 500}, {"past-bounds", 5_000_000}} {
		for _, prefetch := range []bool{false, true} {
			name := bc.name
			if prefetch {
				name += "/prefetch"
			}
			b.Run(name, func(b *testing.B) {
				results := benchResults(1<<16, bc.distinct)
				a := New(Options{})
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					if prefetch {
						a.Prefetch(&results[(i+2)&(len(results)-1)])
					}
					a.Event(&results[i&(len(results)-1)])
					i++
				}
			})
		}
	}
}

// BenchmarkAggregatorBuild measures building the report, with values skewed and with
// (nearly) every value distinct, where every count ties and the IP lists' ties are
// broken by their labels; and the latter with lists too small to stay exact, whose
// top entries are then mostly uncertain.
func BenchmarkAggregatorBuild(b *testing.B) {
	for _, bc := range []struct {
		name     string
		distinct int
		memory   int64
	}{{"skewed", 50000, 0}, {"distinct", 0, 0}, {"bounded", 0, 1 << 20}} {
		b.Run(bc.name, func(b *testing.B) {
			results := benchResults(1<<16, max(bc.distinct, 1))
			if bc.distinct == 0 { // every IP once
				for i := range results {
					results[i].Event.ClientIP = netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
				}
			}
			a := New(Options{Memory: bc.memory})
			for i := range results {
				a.Event(&results[i])
			}
			b.ReportAllocs()
			for b.Loop() {
				a.Build(fixture.Now)
			}
		})
	}
}
